import { requireActor } from "@/lib/auth/actor";
import { revokeInvitation } from "@/lib/consortia/invitations";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json } from "@/lib/http/route";

export const DELETE = apiRoute<{ id: string; invitationId: string }>(async (req, { id, invitationId }) => {
  const actor = requireActor(await requestActor(req));
  return json(await revokeInvitation(actor, id, invitationId, requestContext(req)));
});
