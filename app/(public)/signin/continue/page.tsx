import { redirect } from "next/navigation";
import { landingPath } from "@/lib/auth/callback-path";
import { getActor } from "@/lib/auth/session";

// Where a sign-in that names no page goes: the page for the user's role (applicants: 내 컨소시엄).
export default async function AfterSignInPage(): Promise<never> {
  const actor = await getActor();
  redirect(actor ? landingPath(actor.roles) : "/signin");
}
