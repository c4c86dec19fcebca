import { getCallBySlug } from "@/lib/calls";
import { listCallDocuments } from "@/lib/calls/list-call-documents";
import { apiRoute, json } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** One call with its published documents (공고문, 서식; download each at ./documents/{docId}). */
export const GET = apiRoute<{ slug: string }>(async (_req, { slug }) => {
  const call = await getCallBySlug(slug);
  return json({ ...call, documents: await listCallDocuments(call.id) });
});
