import { db, type Prisma, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { canonicalSha256 } from "@/lib/audit/hash";
import { recordAudit } from "@/lib/audit/record";
import type { Actor, RequestContext } from "@/lib/auth/actor";
import { CAN, proposalAccess, requireRole } from "@/lib/consortia/access";
import { lockAndJudge, recordingLateAttempts } from "@/lib/consortia/write-guard";
import { getTranslator } from "@/lib/i18n";
import { deliverMail, queueMail } from "@/lib/mail";
import { formatKstDateTime } from "@/lib/time/kst";
import { validationError } from "@/lib/validate";
import { z } from "zod";
import { proposalContentSchema } from "./content";
import { computeReadiness, readinessFields } from "./readiness";
import { buildVersionDocument, receiptNumber } from "./version-document";

/** The submit's body: optionally the draft version the submitter reviewed (a colleague's later save is then a conflict). */
export const submitSchema = z.object({ draftVersion: z.number().int().positive().optional() }).strict();

/** Idempotency-Key: what a client may send (a UUID or similar token). */
export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_.:-]{8,100}$/);

export interface Receipt {
  proposalId: string;
  receiptNo: string;
  versionNo: number;
  submittedAt: string;
  sha256: string;
  replayed: boolean;
}

/**
 * Freezes the draft as a new immutable version and issues its receipt (DESIGN §4). Inside one
 * transaction: lock the consortium, look up the Idempotency-Key (a retry gets its receipt even after
 * the cutoff), judge the cutoff on the database's clock, validate, write version + status + audit + mails.
 */
export async function submitProposal(actor: Actor, proposalId: string, input: { body: unknown; idempotencyKey: string | null }, ctx: RequestContext): Promise<Receipt> {
  const access = await proposalAccess(actor, proposalId);
  requireRole(access, CAN.submit);
  if (input.idempotencyKey !== null && !idempotencyKeySchema.safeParse(input.idempotencyKey).success) {
    throw new AppError("BAD_REQUEST", { message: "Idempotency-Key must be 8–100 characters of A–Z a–z 0–9 _ . : -" });
  }
  const body = submitSchema.safeParse(input.body ?? {});
  const requestHash = canonicalSha256(input.body ?? {});

  const { receipt, mailIds } = await recordingLateAttempts({ userId: actor.id, ip: ctx.ip, proposalId }, () =>
    db.$transaction(async (tx) => {
      if (input.idempotencyKey !== null) {
        // Taken under the consortium's lock below too; this early read answers retries after the cutoff.
        const prior = await findPrior(tx, proposalId, input.idempotencyKey);
        if (prior) return { receipt: replay(prior, requestHash, proposalId), mailIds: [] };
      }
      const at = await lockAndJudge(tx, access.consortiumId, "SUBMIT");
      if (input.idempotencyKey !== null) {
        const prior = await findPrior(tx, proposalId, input.idempotencyKey);
        if (prior) return { receipt: replay(prior, requestHash, proposalId), mailIds: [] };
      }
      if (!body.success) throw validationError(body.error);
      const p = await tx.proposal.findUniqueOrThrow({
        where: { id: proposalId },
        select: { serialNo: true, draft: true, draftVersion: true, lastVersionNo: true, call: { select: { closesAt: true, titleKo: true, titleEn: true } }, consortium: { select: { name: true } } },
      });
      if (body.data.draftVersion !== undefined && body.data.draftVersion !== p.draftVersion) {
        throw new AppError("VERSION_CONFLICT", { message: `draft is at version ${p.draftVersion}, not ${body.data.draftVersion}` });
      }
      const readiness = await computeReadiness(proposalId, tx);
      if (!readiness.ready) throw new AppError("VALIDATION_FAILED", { fields: readinessFields(readiness) });
      const content = proposalContentSchema.parse(p.draft);

      const versionNo = p.lastVersionNo + 1;
      const receiptNo = receiptNumber(p.call.closesAt, p.serialNo, versionNo);
      const document = await buildVersionDocument(tx, {
        proposalId,
        content,
        versionNo,
        receiptNo,
        submittedAt: at,
        submittedBy: { id: actor.id, name: actor.name, email: actor.email },
      });
      const sha256 = canonicalSha256(document);
      await tx.proposalVersion.create({
        data: {
          proposalId,
          versionNo,
          draftVersion: p.draftVersion,
          receiptNo,
          document: document as unknown as Prisma.InputJsonValue,
          sha256,
          submittedAt: at,
          submittedById: actor.id,
          idempotencyKey: input.idempotencyKey,
          requestHash: input.idempotencyKey !== null ? requestHash : null,
        },
      });
      await tx.proposal.update({
        where: { id: proposalId },
        data: { status: "SUBMITTED", lastVersionNo: versionNo, submittedAt: at, withdrawnAt: null, foreignFineTuneOnly: document.flags.foreignFineTuneOnly },
      });
      await recordAudit(tx, { entityType: "PROPOSAL", entityId: proposalId, action: "proposal.submitted", actorId: actor.id, ip: ctx.ip, data: { versionNo, receiptNo, sha256, draftVersion: p.draftVersion } });

      const members = await tx.consortiumMember.findMany({ where: { consortiumId: access.consortiumId }, select: { user: { select: { email: true, locale: true } } } });
      const mailIds: string[] = [];
      for (const m of members) {
        const t = getTranslator(m.user.locale);
        mailIds.push(
          await queueMail(tx, {
            to: m.user.email,
            kind: "RECEIPT",
            subject: t("mail.receiptSubject", { title: m.user.locale === "en" ? p.call.titleEn : p.call.titleKo, receiptNo }),
            text: t("mail.receiptBody", {
              consortium: p.consortium.name,
              receiptNo,
              versionNo,
              submittedAt: formatKstDateTime(at, m.user.locale, true),
              sha256,
              submitter: `${actor.name} <${actor.email}>`,
              link: `${ctx.baseUrl}/proposals/${proposalId}/receipt/${versionNo}`,
            }),
          }),
        );
      }
      return { receipt: { proposalId, receiptNo, versionNo, submittedAt: at.toISOString(), sha256, replayed: false }, mailIds };
    }),
  );
  await deliverMail(mailIds);
  return receipt;
}

async function findPrior(tx: Tx, proposalId: string, key: string) {
  return tx.proposalVersion.findUnique({
    where: { proposalId_idempotencyKey: { proposalId, idempotencyKey: key } },
    select: { receiptNo: true, versionNo: true, submittedAt: true, sha256: true, requestHash: true },
  });
}

function replay(prior: NonNullable<Awaited<ReturnType<typeof findPrior>>>, requestHash: string, proposalId: string): Receipt {
  if (prior.requestHash !== requestHash) throw new AppError("IDEMPOTENCY_KEY_REUSED");
  return { proposalId, receiptNo: prior.receiptNo, versionNo: prior.versionNo, submittedAt: prior.submittedAt.toISOString(), sha256: prior.sha256, replayed: true };
}
