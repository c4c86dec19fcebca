import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import { requireAdmin, type Actor, type RequestContext } from "@/lib/auth/actor";
import { getFileStore } from "@/lib/storage";
import { extensionMatches } from "@/lib/storage/file-name";
import { MEDIA_TYPES } from "@/lib/storage/file-type";
import { explainUnsupported, inspectContent } from "@/lib/storage/inspect";
import type { ReceivedUpload } from "@/lib/storage/multipart";
import { isUuid, parseInput } from "@/lib/validate";
import { now } from "@/lib/time/clock";
import { z } from "@/lib/zod";
import { CALL_DOCUMENT_KINDS, CALL_DOCUMENT_MAX_BYTES, CALL_DOCUMENT_TYPES, MAX_CALL_DOCUMENTS, callDocumentTitleSchema, type CallDocumentKind } from "./document-rules";
import { toCallDocument } from "./list-call-documents";

function parseKind(kind: unknown): CallDocumentKind {
  if (typeof kind !== "string" || !(CALL_DOCUMENT_KINDS as readonly string[]).includes(kind)) {
    throw new AppError("VALIDATION_FAILED", { fields: { kind: "callDocumentKindInvalid" } });
  }
  return kind as CallDocumentKind;
}

const titleInput = z.object({ title: callDocumentTitleSchema });

/**
 * An admin publishes a 공고문 or 서식 with a call. Who and which call are settled before a byte is read;
 * the body then streams to storage under CALL_DOCUMENT_MAX_BYTES and is judged exactly as proposal
 * attachments are (decision 014): the type by its content (HWP, HWPX or PDF only), the name's
 * extension against it, and no active content. The row and its audit event commit together; a
 * refused file leaves nothing on disk. `receive` is the route's streaming reader (lib/storage/multipart).
 */
export async function uploadCallDocument(
  actor: Actor | null,
  callId: string,
  kindInput: unknown,
  receive: (maxBytes: number) => Promise<ReceivedUpload>,
  ctx: RequestContext,
) {
  const admin = requireAdmin(actor);
  if (!isUuid(callId)) throw new AppError("CALL_NOT_FOUND");
  const kind = parseKind(kindInput);
  if (!(await db.call.findUnique({ where: { id: callId }, select: { id: true } }))) throw new AppError("CALL_NOT_FOUND");
  if ((await db.callDocument.count({ where: { callId } })) >= MAX_CALL_DOCUMENTS) throw new AppError("VALIDATION_FAILED", { fields: { file: "callDocumentsFull" } });
  const { file, fields } = await receive(CALL_DOCUMENT_MAX_BYTES);
  const store = getFileStore();
  try {
    if (!file.detected) {
      const why = await explainUnsupported(store.pathOf(file.key));
      if (why) throw new AppError("VALIDATION_FAILED", { fields: { file: why.key }, fieldParams: { file: { found: why.found } } });
      throw new AppError("UNSUPPORTED_MEDIA_TYPE", { fields: { file: "callDocumentTypeNotAllowed" } });
    }
    if (!CALL_DOCUMENT_TYPES.includes(file.detected)) throw new AppError("VALIDATION_FAILED", { fields: { file: "callDocumentTypeNotAllowed" } });
    if (!extensionMatches(file.fileName, file.detected)) throw new AppError("VALIDATION_FAILED", { fields: { file: "fileExtensionMismatch" } });
    const found = await inspectContent(store.pathOf(file.key), file.detected);
    if (found) throw new AppError("VALIDATION_FAILED", { fields: { file: found.key }, fieldParams: { file: { found: found.found } } });
    const { title: given } = parseInput(titleInput, { title: fields.title ?? "" });
    const title = given || file.fileName.replace(/\.[^.]+$/, "");
    return await db.$transaction(async (tx) => {
      // The call's row lock orders parallel uploads, so the count below is the one that holds.
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM calls WHERE id = ${callId}::uuid FOR UPDATE`;
      if (!locked[0]) throw new AppError("CALL_NOT_FOUND");
      if ((await tx.callDocument.count({ where: { callId } })) >= MAX_CALL_DOCUMENTS) throw new AppError("VALIDATION_FAILED", { fields: { file: "callDocumentsFull" } });
      const row = await tx.callDocument.create({
        data: { callId, kind, title, fileName: file.fileName, mediaType: MEDIA_TYPES[file.detected!], size: file.size, sha256: file.sha256, storageKey: file.key, uploadedById: admin.id, uploadedAt: now() },
      });
      await recordAudit(tx, {
        entityType: "CALL",
        entityId: callId,
        action: "call.document_uploaded",
        actorId: admin.id,
        ip: ctx.ip,
        data: { documentId: row.id, kind, title, fileName: row.fileName, mediaType: row.mediaType, size: row.size, sha256: row.sha256 },
      });
      return toCallDocument(row);
    });
  } catch (e) {
    await store.remove(file.key);
    throw e;
  }
}
