import { requireActor } from "@/lib/auth/actor";
import { submitProposal } from "@/lib/proposals/submit-proposal";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";

/** Idempotency-Key header: a retry with the same key and body gets the same receipt (Idempotent-Replayed: true). */
export const POST = apiRoute<{ id: string }>(async (req, { id }) => {
  const actor = requireActor(await requestActor(req));
  const body = req.headers.get("content-length") === "0" || !req.headers.get("content-type") ? {} : await readJson(req);
  const { replayed, ...receipt } = await submitProposal(actor, id, { body, idempotencyKey: req.headers.get("idempotency-key") }, requestContext(req));
  return json(receipt, { status: 201, headers: replayed ? { "idempotent-replayed": "true" } : {} });
});
