import { requireActor } from "@/lib/auth/actor";
import { getProposal } from "@/lib/proposals/get-proposal";
import { saveDraft } from "@/lib/proposals/save-draft";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";

/** If-Match: "7", W/"7" or 7 → 7; anything else → null (the service answers 400). */
function draftVersionFrom(header: string | null): number | null {
  const m = header?.trim().match(/^(?:W\/)?"?(\d{1,9})"?$/);
  return m ? Number(m[1]) : null;
}

export const GET = apiRoute<{ id: string }>(async (req, { id }) => {
  const p = await getProposal(requireActor(await requestActor(req)), id);
  return json(p, { headers: { etag: `"${p.draftVersion}"` } });
});

/** Body: {"draft": {…}} — the whole draft; header If-Match: the draft version it was edited from. */
export const PATCH = apiRoute<{ id: string }>(async (req, { id }) => {
  const actor = requireActor(await requestActor(req));
  const body = (await readJson(req)) as { draft?: unknown } | null;
  const saved = await saveDraft(actor, id, { draft: body && typeof body === "object" ? body.draft : undefined, expectedVersion: draftVersionFrom(req.headers.get("if-match")) }, requestContext(req));
  return json(saved, { headers: { etag: `"${saved.draftVersion}"` } });
});
