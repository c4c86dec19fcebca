import { requireActor } from "@/lib/auth/actor";
import { inviteMember } from "@/lib/consortia/invitations";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";

export const POST = apiRoute<{ id: string }>(async (req, { id }) => {
  const actor = requireActor(await requestActor(req));
  return json(await inviteMember(actor, id, await readJson(req), requestContext(req)), 201);
});
