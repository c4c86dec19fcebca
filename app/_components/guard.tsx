import { redirect } from "next/navigation";
import type { Actor } from "@/lib/auth/actor";
import { getActor } from "@/lib/auth/session";
import { getT } from "@/lib/i18n/server";

/** Pages: anonymous visitors go to sign-in; the page's service still checks permission itself. */
export async function requirePageActor(path: string): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  return actor;
}

export async function Forbidden() {
  const { t } = await getT();
  return (
    <p className="alert alert-error" role="alert" data-testid="forbidden">
      {t("errors.FORBIDDEN")}
    </p>
  );
}
