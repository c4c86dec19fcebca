import { db } from "@/lib/db/client";
import { documentTypeLabel, type CallDocumentKind } from "./document-rules";

const KIND_ORDER: Record<CallDocumentKind, number> = { ANNOUNCEMENT: 0, FORM: 1 };

export type CallDocumentView = ReturnType<typeof toCallDocument>;

/** The public view of a document: no storage key, no uploader. */
export function toCallDocument(d: { id: string; kind: CallDocumentKind; title: string; fileName: string; mediaType: string; size: number; sha256: string; uploadedAt: Date }) {
  return { id: d.id, kind: d.kind, title: d.title, fileName: d.fileName, type: documentTypeLabel(d.mediaType), mediaType: d.mediaType, size: d.size, sha256: d.sha256, uploadedAt: d.uploadedAt.toISOString() };
}

/** A call's 공고문 first, then its 서식, each in upload order. Public, as the call itself is. */
export async function listCallDocuments(callId: string) {
  const rows = await db.callDocument.findMany({ where: { callId }, orderBy: { uploadedAt: "asc" } });
  return rows.map(toCallDocument).sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}
