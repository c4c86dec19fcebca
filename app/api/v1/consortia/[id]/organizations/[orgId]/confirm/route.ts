import { requireActor } from "@/lib/auth/actor";
import { confirmParticipation } from "@/lib/consortia/manage-organizations";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json } from "@/lib/http/route";

export const POST = apiRoute<{ id: string; orgId: string }>(async (req, { id, orgId }) => {
  const actor = requireActor(await requestActor(req));
  return json(await confirmParticipation(actor, id, orgId, requestContext(req)));
});
