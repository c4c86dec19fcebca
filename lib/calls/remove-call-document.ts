import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import { requireAdmin, type Actor, type RequestContext } from "@/lib/auth/actor";
import { getFileStore } from "@/lib/storage";
import { isUuid } from "@/lib/validate";

/** An admin takes a document off a call: the row and its audit event commit together, then the file goes. */
export async function removeCallDocument(actor: Actor | null, callId: string, documentId: string, ctx: RequestContext) {
  const admin = requireAdmin(actor);
  if (!isUuid(callId) || !isUuid(documentId)) throw new AppError("NOT_FOUND");
  const removed = await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ kind: string; title: string; fileName: string; sha256: string; storageKey: string }[]>`
      DELETE FROM call_documents WHERE id = ${documentId}::uuid AND call_id = ${callId}::uuid
      RETURNING kind::text AS kind, title, file_name AS "fileName", sha256, storage_key AS "storageKey"`;
    const d = rows[0];
    if (!d) throw new AppError("NOT_FOUND");
    await recordAudit(tx, {
      entityType: "CALL",
      entityId: callId,
      action: "call.document_removed",
      actorId: admin.id,
      ip: ctx.ip,
      data: { documentId, kind: d.kind, title: d.title, fileName: d.fileName, sha256: d.sha256 },
    });
    return d;
  });
  // After the commit: a file whose deletion fails is an orphan (no row names it), never a dangling row.
  await getFileStore()
    .remove(removed.storageKey)
    .catch((e: unknown) => console.error("call document file not deleted", removed.storageKey, e));
  return { id: documentId, removed: true };
}
