import { requireActor } from "@/lib/auth/actor";
import { withdrawProposal } from "@/lib/proposals/withdraw-proposal";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json } from "@/lib/http/route";

export const POST = apiRoute<{ id: string }>(async (req, { id }) => {
  const actor = requireActor(await requestActor(req));
  return json(await withdrawProposal(actor, id, requestContext(req)));
});
