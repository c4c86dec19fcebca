import { db, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record";
import type { Actor, RequestContext } from "@/lib/auth/actor";
import { ATTACHMENT_KINDS, type AttachmentKind } from "@/lib/calls/rules";
import { CAN, proposalAccess, requireRole } from "@/lib/consortia/access";
import { guardedWrite } from "@/lib/consortia/write-guard";
import { extensionMatches } from "@/lib/storage/file-name";
import { MEDIA_TYPES } from "@/lib/storage/file-type";
import { explainUnsupported, inspectContent } from "@/lib/storage/inspect";
import { getFileStore } from "@/lib/storage";
import type { ReceivedUpload } from "@/lib/storage/multipart";
import { isUuid } from "@/lib/validate";
import { ATTACHMENT_RULES, DRAFT_QUOTA_BYTES, MAX_FILES_PER_KIND } from "./attachment-rules";

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
  // A full draft is refused before its body is read; the check that counts is the one under the lock.
  if ((await heldBytes(db, proposalId, rule.multiple ? null : kind)) >= DRAFT_QUOTA_BYTES) throw new AppError("DRAFT_QUOTA_EXCEEDED");
  const { file } = await receive(rule.maxBytes);
  const store = getFileStore();
  let purgedKeys: string[] = [];
  let result;
  try {
    if (!file.detected) {
      const why = await explainUnsupported(store.pathOf(file.key));
      if (why) throw new AppError("VALIDATION_FAILED", { fields: { file: why.key }, fieldParams: { file: { found: why.found } } });
      throw new AppError("UNSUPPORTED_MEDIA_TYPE", { fields: { file: "fileTypeUnsupported" } });
    }
    if (!rule.types.includes(file.detected)) throw new AppError("VALIDATION_FAILED", { fields: { file: "fileTypeNotAllowed" } });
    if (!extensionMatches(file.fileName, file.detected)) throw new AppError("VALIDATION_FAILED", { fields: { file: "fileExtensionMismatch" } });
    const found = await inspectContent(store.pathOf(file.key), file.detected);
    if (found) throw new AppError("VALIDATION_FAILED", { fields: { file: found.key }, fieldParams: { file: { found: found.found } } });
    result = await guardedWrite(who, access.consortiumId, "ATTACHMENT_UPLOAD", async (tx, at) => {
      let replaced: string[] = [];
      // Under the consortium's lock, so parallel uploads are counted one after the other.
      if ((await heldBytes(tx, proposalId, rule.multiple ? null : kind)) + file.size > DRAFT_QUOTA_BYTES) throw new AppError("DRAFT_QUOTA_EXCEEDED");
      if (!rule.multiple) {
        const prev = await tx.attachment.findMany({ where: { proposalId, kind, replacedAt: null }, select: { id: true } });
        replaced = prev.map((p) => p.id);
        await tx.attachment.updateMany({ where: { id: { in: replaced } }, data: { replacedAt: at } });
      } else if ((await tx.attachment.count({ where: { proposalId, kind, replacedAt: null } })) >= MAX_FILES_PER_KIND) {
        throw new AppError("VALIDATION_FAILED", { fields: { file: "tooManyFiles" } });
      }
      const purged = await purgeUnversioned(tx, proposalId, replaced);
      purgedKeys = purged.map((p) => p.storageKey);
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
        data: { attachmentId: row.id, kind, fileName: row.fileName, size: row.size, sha256: row.sha256, replaced, purged: purged.map((p) => p.id) },
      });
      return { ...row, uploadedAt: row.uploadedAt.toISOString() };
    });
  } catch (e) {
    await store.remove(file.key);
    throw e;
  }
  // Committed: the new file is named by its row; the purged ones by nothing.
  await removeFiles(purgedKeys);
  return result;
}

/** Takes an attachment off the draft; its file is deleted unless a submitted version names it. */
export async function removeAttachment(actor: Actor, proposalId: string, attachmentId: string, ctx: RequestContext) {
  const access = await proposalAccess(actor, proposalId);
  requireRole(access, CAN.edit);
  if (!isUuid(attachmentId)) throw new AppError("NOT_FOUND");
  const { result, keys } = await guardedWrite({ userId: actor.id, ip: ctx.ip, proposalId }, access.consortiumId, "ATTACHMENT_REMOVE", async (tx, at) => {
    const { count } = await tx.attachment.updateMany({ where: { id: attachmentId, proposalId, replacedAt: null }, data: { replacedAt: at } });
    if (count !== 1) throw new AppError("NOT_FOUND");
    const purged = await purgeUnversioned(tx, proposalId, [attachmentId]);
    await recordAudit(tx, { entityType: "PROPOSAL", entityId: proposalId, action: "proposal.attachment_removed", actorId: actor.id, ip: ctx.ip, data: { attachmentId, purged: purged.map((p) => p.id) } });
    return { result: { id: attachmentId, removedAt: at.toISOString() }, keys: purged.map((p) => p.storageKey) };
  });
  await removeFiles(keys);
  return result;
}

/** Bytes the draft's current attachments hold, leaving out the single file of `replacing`'s kind that an upload would replace. */
async function heldBytes(tx: Tx | typeof db, proposalId: string, replacing: AttachmentKind | null): Promise<number> {
  const { _sum } = await tx.attachment.aggregate({ _sum: { size: true }, where: { proposalId, replacedAt: null, ...(replacing ? { kind: { not: replacing } } : {}) } });
  return _sum.size ?? 0;
}

/**
 * Deletes the rows of just-replaced attachments that no submitted version names, returning their
 * storage keys for deletion after the commit. Safe against a concurrent submit: both hold the
 * consortium's row lock, so a version committed before us is seen here (a new statement, a new
 * snapshot), and a submit after us reads only current rows.
 */
async function purgeUnversioned(tx: Tx, proposalId: string, ids: string[]): Promise<{ id: string; storageKey: string }[]> {
  if (ids.length === 0) return [];
  return tx.$queryRaw<{ id: string; storageKey: string }[]>`
    DELETE FROM attachments a
     WHERE a.proposal_id = ${proposalId}::uuid AND a.id = ANY(${ids}::uuid[]) AND a.replaced_at IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM proposal_versions v
                        WHERE v.proposal_id = a.proposal_id
                          AND v.document->'attachments' @> jsonb_build_array(jsonb_build_object('id', a.id::text)))
    RETURNING a.id::text AS id, a.storage_key AS "storageKey"`;
}

/** After the commit: a file whose deletion fails stays as an orphan (no row names it), never a dangling row. */
async function removeFiles(keys: string[]): Promise<void> {
  const store = getFileStore();
  for (const key of keys) await store.remove(key).catch((e: unknown) => console.error("attachment file not deleted", key, e));
}

/** An attachment's bytes for the proposal's members and admins, including files of earlier versions. */
export async function openAttachment(actor: Actor, proposalId: string, attachmentId: string) {
  const access = await proposalAccess(actor, proposalId);
  if (!isUuid(attachmentId)) throw new AppError("NOT_FOUND");
  const a = await db.attachment.findFirst({ where: { id: attachmentId, proposalId: access.proposalId }, select: { fileName: true, mediaType: true, size: true, sha256: true, storageKey: true } });
  if (!a) throw new AppError("NOT_FOUND");
  return { ...a, stream: getFileStore().read(a.storageKey) };
}
