import { requireActor } from "@/lib/auth/actor";
import { createProposal } from "@/lib/proposals/create-proposal";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";

export const POST = apiRoute(async (req) => {
  const actor = requireActor(await requestActor(req));
  const p = await createProposal(actor, await readJson(req), requestContext(req));
  return json(p, { status: 201, headers: { etag: `"${p.draftVersion}"` } });
});
