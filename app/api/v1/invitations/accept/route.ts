import { requireActor } from "@/lib/auth/actor";
import { acceptInvitation } from "@/lib/consortia/invitations";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";

export const POST = apiRoute(async (req) => {
  const actor = requireActor(await requestActor(req));
  return json(await acceptInvitation(actor, await readJson(req), requestContext(req)));
});
