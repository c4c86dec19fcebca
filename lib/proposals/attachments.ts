import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor, RequestContext } from "@/lib/auth/actor";
import { ATTACHMENT_KINDS, type AttachmentKind } from "@/lib/calls/rules";
import { CAN, proposalAccess, requireRole } from "@/lib/consortia/access";
import { guardedWrite } from "@/lib/consortia/write-guard";
import { extensionMatches } from "@/lib/storage/file-name";
import { MEDIA_TYPES, zipExpansionSuspicious, type DetectedType } from "@/lib/storage/file-type";
import { getFileStore } from "@/lib/storage";
import type { ReceivedUpload } from "@/lib/storage/multipart";
import { isUuid } from "@/lib/validate";
import { ATTACHMENT_RULES, MAX_FILES_PER_KIND } from "./attachment-rules";

/** The ZIP-based formats: stored as uploaded, so a zip bomb dressed as one would reach reviewers' office suites. */
const ZIP_PACKAGES: readonly DetectedType[] = ["DOCX", "XLSX", "HWPX"];

function parseKind(kind: unknown): AttachmentKind {
  if (typeof kind !== "string" || !(ATTACHMENT_KINDS as readonly string[]).includes(kind)) {
    throw new AppError("VALIDATION_FAILED", { fields: { kind: "attachmentKindInvalid" } });
  }
  return kind as AttachmentKind;
}

/**
 * Uploads an attachment while drafting. The order of DESIGN §4 holds before a byte is stored (who,
 * see, may, open, kind), then the body streams to storage with the kind's size limit, the type is
 * checked by content and against the name's extension, and the row is written in a guarded
 * transaction that judges the cutoff again at commit. A refused file is removed from storage.
 * `receive` is the route's streaming reader (lib/storage/multipart), given the limit to enforce.
 */
export async function uploadAttachment(
  actor: Actor,
  proposalId: string,
  kindInput: unknown,
  receive: (maxBytes: number) => Promise<ReceivedUpload>,
  ctx: RequestContext,
) {
  const access = await proposalAccess(actor, proposalId);
  requireRole(access, CAN.edit);
  const who = { userId: actor.id, ip: ctx.ip, proposalId };
  await guardedWrite(who, access.consortiumId, "ATTACHMENT_UPLOAD", async () => undefined);
  const kind = parseKind(kindInput);
  const rule = ATTACHMENT_RULES[kind];
  const { file } = await receive(rule.maxBytes);
  const store = getFileStore();
  try {
    if (!file.detected) throw new AppError("UNSUPPORTED_MEDIA_TYPE", { fields: { file: "fileTypeUnsupported" } });
    if (!rule.types.includes(file.detected)) throw new AppError("VALIDATION_FAILED", { fields: { file: "fileTypeNotAllowed" } });
    if (!extensionMatches(file.fileName, file.detected)) throw new AppError("VALIDATION_FAILED", { fields: { file: "fileExtensionMismatch" } });
    if (ZIP_PACKAGES.includes(file.detected) && (await zipExpansionSuspicious(store.pathOf(file.key)))) {
      throw new AppError("VALIDATION_FAILED", { fields: { file: "fileArchiveSuspicious" } });
    }
    return await guardedWrite(who, access.consortiumId, "ATTACHMENT_UPLOAD", async (tx, at) => {
      let replaced: string[] = [];
      if (!rule.multiple) {
        const prev = await tx.attachment.findMany({ where: { proposalId, kind, replacedAt: null }, select: { id: true } });
        replaced = prev.map((p) => p.id);
        await tx.attachment.updateMany({ where: { id: { in: replaced } }, data: { replacedAt: at } });
      } else if ((await tx.attachment.count({ where: { proposalId, kind, replacedAt: null } })) >= MAX_FILES_PER_KIND) {
        throw new AppError("VALIDATION_FAILED", { fields: { file: "tooManyFiles" } });
      }
      const row = await tx.attachment.create({
        data: {
          proposalId,
          kind,
          fileName: file.fileName,
          mediaType: MEDIA_TYPES[file.detected!],
          size: file.size,
          sha256: file.sha256,
          storageKey: file.key,
          uploadedById: actor.id,
          uploadedAt: at,
        },
        select: { id: true, kind: true, fileName: true, mediaType: true, size: true, sha256: true, uploadedAt: true },
      });
      await recordAudit(tx, {
        entityType: "PROPOSAL",
        entityId: proposalId,
        action: "proposal.attachment_uploaded",
        actorId: actor.id,
        ip: ctx.ip,
        data: { attachmentId: row.id, kind, fileName: row.fileName, size: row.size, sha256: row.sha256, replaced },
      });
      return { ...row, uploadedAt: row.uploadedAt.toISOString() };
    });
  } catch (e) {
    await store.remove(file.key);
    throw e;
  }
}

/** Takes an attachment off the draft. The file stays stored: a submitted version's manifest may name it. */
export async function removeAttachment(actor: Actor, proposalId: string, attachmentId: string, ctx: RequestContext) {
  const access = await proposalAccess(actor, proposalId);
  requireRole(access, CAN.edit);
  if (!isUuid(attachmentId)) throw new AppError("NOT_FOUND");
  return guardedWrite({ userId: actor.id, ip: ctx.ip, proposalId }, access.consortiumId, "ATTACHMENT_REMOVE", async (tx, at) => {
    const { count } = await tx.attachment.updateMany({ where: { id: attachmentId, proposalId, replacedAt: null }, data: { replacedAt: at } });
    if (count !== 1) throw new AppError("NOT_FOUND");
    await recordAudit(tx, { entityType: "PROPOSAL", entityId: proposalId, action: "proposal.attachment_removed", actorId: actor.id, ip: ctx.ip, data: { attachmentId } });
    return { id: attachmentId, removedAt: at.toISOString() };
  });
}

/** An attachment's bytes for the proposal's members and admins, including files of earlier versions. */
export async function openAttachment(actor: Actor, proposalId: string, attachmentId: string) {
  const access = await proposalAccess(actor, proposalId);
  if (!isUuid(attachmentId)) throw new AppError("NOT_FOUND");
  const a = await db.attachment.findFirst({ where: { id: attachmentId, proposalId: access.proposalId }, select: { fileName: true, mediaType: true, size: true, sha256: true, storageKey: true } });
  if (!a) throw new AppError("NOT_FOUND");
  return { ...a, stream: getFileStore().read(a.storageKey) };
}
