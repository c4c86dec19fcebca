import { requireActor } from "@/lib/auth/actor";
import { signOutEverywhere } from "@/lib/auth/sign-in";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json } from "@/lib/http/route";

/** Ends every session and revokes every personal access token of the caller. */
export const POST = apiRoute(async (req) => {
  const actor = requireActor(await requestActor(req));
  return json(await signOutEverywhere(actor, requestContext(req)));
});
