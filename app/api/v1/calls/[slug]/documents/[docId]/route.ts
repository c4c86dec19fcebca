import { openCallDocument } from "@/lib/calls/open-call-document";
import { fileResponse } from "@/lib/http/file";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** A call's 공고문 or 서식, for anyone: always an attachment with its original name, nosniff. */
export const GET = apiRoute<{ slug: string; docId: string }>(async (_req, { slug, docId }) => fileResponse(await openCallDocument(slug, docId)));
