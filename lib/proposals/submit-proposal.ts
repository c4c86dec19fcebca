import { sqlTransaction } from "@/lib/db/sql";
import type { AttachmentKind, MemberRole, OrganizationType } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { auditHash, canonicalSha256 } from "@/lib/audit/hash";
import type { Actor, RequestContext } from "@/lib/auth/actor";
import { CAN } from "@/lib/consortia/access";
import { judgeWindow, recordingLateAttempts } from "@/lib/consortia/write-guard";
import { getTranslator } from "@/lib/i18n";
import { deliverMail, mailHeaderText } from "@/lib/mail";
import { isClockInjected, now } from "@/lib/time/clock";
import { formatKstDateTime } from "@/lib/time/kst";
import { isUuid, validationError } from "@/lib/validate";
import { z } from "@/lib/zod";
import { CONSENT_TEXTS } from "@/lib/consents/texts";
import { proposalContentSchema } from "./content";
import { readinessFields, readinessOf } from "./readiness";
import { receiptNumber, versionDocument } from "./version-document";

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

/** What the submit reads, in one statement, once it holds the consortium's lock. */
interface SubmitFacts {
  now: Date;
  serial_no: number;
  draft: unknown;
  draft_version: number;
  last_version_no: number;
  call_id: string;
  slug: string;
  title_ko: string;
  title_en: string;
  opens_at: Date;
  closes_at: Date;
  rules: unknown;
  extended_until: Date | null;
  consortium_id: string;
  consortium_name: string;
  prior: { receiptNo: string; versionNo: number; submittedAt: string; sha256: string; requestHash: string | null } | null;
  orgs: { organizationId: string; role: "LEAD" | "PARTICIPANT"; responsibility: string; budgetShareKrw: number; confirmedShareKrw: number | null; confirmedAt: string | null; name: string; businessRegNo: string; type: OrganizationType; representativeName: string }[];
  attachments: { id: string; kind: AttachmentKind; fileName: string; mediaType: string; size: number; sha256: string }[];
  members: { email: string; locale: "ko" | "en"; organizationId: string }[];
  last_audit: { seq: number; hash: string } | null;
}

// The consortium row lock first (every guarded write takes it first), then the proposal's audit-chain
// lock, as recordAudit takes them. The locking subquery runs before the outer select list.
const LOCK_SQL = `
SELECT s.role, pg_advisory_xact_lock(hashtextextended('PROPOSAL:' || s.id::text, 0))::text AS locked
  FROM (SELECT p.id, m.role
          FROM proposals p JOIN consortia c ON c.id = p.consortium_id
          LEFT JOIN consortium_members m ON m.consortium_id = c.id AND m.user_id = $2::uuid
         WHERE p.id = $1::uuid AND (m.user_id IS NOT NULL OR $3::boolean)
           FOR UPDATE OF c) s`;

// A new statement, so a new snapshot: it sees whatever committed while this one waited for the locks.
const FACTS_SQL = `
SELECT clock_timestamp() AS now, p.serial_no, p.draft, p.draft_version, p.last_version_no,
       k.id AS call_id, k.slug, k.title_ko, k.title_en, k.opens_at, k.closes_at, k.rules,
       (SELECT max(e.until) FROM extensions e WHERE e.consortium_id = c.id) AS extended_until,
       c.id AS consortium_id, c.name AS consortium_name,
       (SELECT json_build_object('receiptNo', v.receipt_no, 'versionNo', v.version_no, 'submittedAt', v.submitted_at, 'sha256', v.sha256, 'requestHash', v.request_hash)
          FROM proposal_versions v WHERE v.proposal_id = p.id AND v.idempotency_key = $2) AS prior,
       (SELECT coalesce(json_agg(json_build_object('organizationId', co.organization_id, 'role', co.role, 'responsibility', co.responsibility,
                 'budgetShareKrw', co.budget_share_krw, 'confirmedShareKrw', co.confirmed_share_krw, 'confirmedAt', co.confirmed_at,
                 'name', o.name, 'businessRegNo', o.business_reg_no, 'type', o.type, 'representativeName', o.representative_name)
                 ORDER BY co.role, co.created_at), '[]')
          FROM consortium_organizations co JOIN organizations o ON o.id = co.organization_id WHERE co.consortium_id = c.id) AS orgs,
       (SELECT coalesce(json_agg(json_build_object('id', a.id, 'kind', a.kind, 'fileName', a.file_name, 'mediaType', a.media_type, 'size', a.size, 'sha256', a.sha256)
                 ORDER BY a.kind, a.uploaded_at), '[]')
          FROM attachments a WHERE a.proposal_id = p.id AND a.replaced_at IS NULL) AS attachments,
       (SELECT coalesce(json_agg(json_build_object('email', u.email, 'locale', u.locale, 'organizationId', m.organization_id) ORDER BY m.created_at), '[]')
          FROM consortium_members m JOIN users u ON u.id = m.user_id WHERE m.consortium_id = c.id) AS members,
       (SELECT json_build_object('seq', ae.seq, 'hash', ae.hash) FROM audit_events ae
         WHERE ae.entity_type = 'PROPOSAL' AND ae.entity_id = p.id::text ORDER BY ae.seq DESC LIMIT 1) AS last_audit
  FROM proposals p JOIN consortia c ON c.id = p.consortium_id JOIN calls k ON k.id = c.call_id
 WHERE p.id = $1::uuid`;

// The version, the proposal's status, the audit event, the submitter's consent (decision 019) and the
// receipt mails: one statement, one commit.
const WRITE_SQL = `
WITH v AS (
  INSERT INTO proposal_versions (id, proposal_id, version_no, draft_version, receipt_no, document, sha256, submitted_at, submitted_by_id, idempotency_key, request_hash)
  VALUES (gen_random_uuid(), $1::uuid, $2, $3, $4, $5::jsonb, $6, $7, $8::uuid, $9, $10) RETURNING id),
u AS (
  UPDATE proposals SET status = 'SUBMITTED', last_version_no = $2, submitted_at = $7, withdrawn_at = NULL, foreign_fine_tune_only = $11
   WHERE id = $1::uuid RETURNING id),
a AS (
  INSERT INTO audit_events (entity_type, entity_id, seq, action, actor_id, data, ip, created_at, prev_hash, hash)
  VALUES ('PROPOSAL', $1::text, $12, 'proposal.submitted', $8::uuid, $13::jsonb, $14, $15, $16, $17) RETURNING id),
c AS (
  INSERT INTO consents (id, user_id, consent_id, version, accepted_at, ip, proposal_id)
  VALUES (gen_random_uuid(), $8::uuid, 'privacy-proposal', $21, $7, $14, $1::uuid) RETURNING id),
m AS (
  INSERT INTO mail_outbox (id, "to", subject, text, kind)
  SELECT gen_random_uuid(), t, s, x, 'RECEIPT' FROM unnest($18::text[], $19::text[], $20::text[]) AS z(t, s, x) RETURNING id)
SELECT (SELECT count(*) FROM v)::int AS versions, (SELECT count(*) FROM u)::int AS proposals, (SELECT count(*) FROM a)::int AS audits,
       (SELECT count(*) FROM c)::int AS consents,
       (SELECT coalesce(json_agg(id), '[]') FROM m) AS mail_ids`;

/**
 * Freezes the draft as a new immutable version and issues its receipt (DESIGN §4). Inside one
 * transaction: lock the consortium, look up the Idempotency-Key (a retry gets its receipt even after
 * the cutoff), judge the cutoff on the database's clock, validate, write version + status + audit +
 * the submitter's privacy consent + mails.
 * Written in SQL on the pool (decision 010): five round trips instead of some thirty Prisma queries.
 */
export async function submitProposal(actor: Actor, proposalId: string, input: { body: unknown; idempotencyKey: string | null }, ctx: RequestContext): Promise<Receipt> {
  if (!isUuid(proposalId)) throw new AppError("NOT_FOUND");
  const body = submitSchema.safeParse(input.body ?? {});
  // Hash only a body of the valid shape: canonicalize recurses, and an invalid body cannot be the one
  // that made a receipt (null never matches a stored hash, so a replay with it answers 422).
  const requestHash = body.success ? canonicalSha256(input.body ?? {}) : null;

  const { receipt, mailIds } = await recordingLateAttempts({ userId: actor.id, ip: ctx.ip, proposalId }, () =>
    sqlTransaction(async (q) => {
      const [lock] = await q<{ role: MemberRole | null }>("submit_lock", LOCK_SQL, [proposalId, actor.id, actor.roles.includes("ADMIN")]);
      if (!lock) throw new AppError("NOT_FOUND");
      if (!lock.role || !(CAN.submit as readonly MemberRole[]).includes(lock.role)) throw new AppError("FORBIDDEN");
      if (input.idempotencyKey !== null && !idempotencyKeySchema.safeParse(input.idempotencyKey).success) {
        throw new AppError("BAD_REQUEST", { message: "Idempotency-Key must be 8–100 characters of A–Z a–z 0–9 _ . : -" });
      }
      const [f] = await q<SubmitFacts>("submit_facts", FACTS_SQL, [proposalId, input.idempotencyKey]);
      if (!f) throw new AppError("NOT_FOUND");
      if (f.prior) return { receipt: replay(f.prior, requestHash, proposalId), mailIds: [] };

      const at = isClockInjected() ? now() : f.now;
      judgeWindow({ opensAt: f.opens_at, closesAt: f.closes_at, extendedUntil: f.extended_until }, at, { callId: f.call_id, consortiumId: f.consortium_id, action: "SUBMIT" });
      if (!body.success) throw validationError(body.error);
      if (body.data.draftVersion !== undefined && body.data.draftVersion !== f.draft_version) {
        throw new AppError("VERSION_CONFLICT", { message: `draft is at version ${f.draft_version}, not ${body.data.draftVersion}` });
      }
      const readiness = readinessOf({
        draft: f.draft,
        callRules: f.rules,
        attachmentKinds: f.attachments.map((a) => a.kind),
        organizations: f.orgs,
        memberOrganizationIds: f.members.map((m) => m.organizationId),
        pendingInvitationEmails: [], // warnings only; they never block a submission
      });
      if (!readiness.ready) throw new AppError("VALIDATION_FAILED", { fields: readinessFields(readiness) });
      const content = proposalContentSchema.parse(f.draft);
      // The draft's privacyConsent box (declarations step) is what the submitter confirms by submitting:
      // the consent is theirs, recorded with the version of the text the form shows now.
      const privacyConsentVersion = CONSENT_TEXTS["privacy-proposal"].version;

      const versionNo = f.last_version_no + 1;
      const receiptNo = receiptNumber(f.closes_at, f.serial_no, versionNo);
      const document = versionDocument(
        {
          proposalId,
          call: { id: f.call_id, slug: f.slug, titleKo: f.title_ko },
          consortium: { id: f.consortium_id, name: f.consortium_name, organizations: f.orgs.map((o) => ({ ...o, confirmedAt: o.confirmedAt ? new Date(o.confirmedAt) : null })) },
          attachments: f.attachments,
        },
        { content, versionNo, receiptNo, submittedAt: at, submittedBy: { id: actor.id, name: actor.name, email: actor.email }, privacyConsentVersion },
      );
      const sha256 = canonicalSha256(document);
      const audit = {
        entityType: "PROPOSAL",
        entityId: proposalId,
        seq: (f.last_audit?.seq ?? 0) + 1,
        action: "proposal.submitted",
        actorId: actor.id,
        data: { versionNo, receiptNo, sha256, draftVersion: f.draft_version },
        ip: ctx.ip,
        createdAt: now(),
        prevHash: f.last_audit?.hash ?? null,
      };
      const mails = f.members.map((m) => {
        const t = getTranslator(m.locale);
        return {
          to: m.email,
          subject: mailHeaderText(t("mail.receiptSubject", { title: m.locale === "en" ? f.title_en : f.title_ko, receiptNo })),
          text: t("mail.receiptBody", {
            consortium: f.consortium_name,
            receiptNo,
            versionNo,
            submittedAt: formatKstDateTime(at, m.locale, true),
            sha256,
            submitter: `${actor.name} <${actor.email}>`,
            link: `${ctx.baseUrl}/proposals/${proposalId}/receipt/${versionNo}`,
          }),
        };
      });
      const [w] = await q<{ versions: number; proposals: number; audits: number; consents: number; mail_ids: string[] }>("submit_write", WRITE_SQL, [
        proposalId, versionNo, f.draft_version, receiptNo, JSON.stringify(document), sha256, at, actor.id,
        input.idempotencyKey, input.idempotencyKey !== null ? requestHash : null, document.flags.foreignFineTuneOnly,
        audit.seq, JSON.stringify(audit.data), audit.ip, audit.createdAt, audit.prevHash, auditHash(audit),
        mails.map((m) => m.to), mails.map((m) => m.subject), mails.map((m) => m.text), privacyConsentVersion,
      ]);
      if (!w || w.versions !== 1 || w.proposals !== 1 || w.audits !== 1 || w.consents !== 1) throw new Error("submit wrote an incomplete set of rows");
      return { receipt: { proposalId, receiptNo, versionNo, submittedAt: at.toISOString(), sha256, replayed: false }, mailIds: w.mail_ids };
    }),
  );
  await deliverMail(mailIds);
  return receipt;
}

function replay(prior: NonNullable<SubmitFacts["prior"]>, requestHash: string | null, proposalId: string): Receipt {
  if (requestHash === null || prior.requestHash !== requestHash) throw new AppError("IDEMPOTENCY_KEY_REUSED");
  return { proposalId, receiptNo: prior.receiptNo, versionNo: prior.versionNo, submittedAt: new Date(prior.submittedAt).toISOString(), sha256: prior.sha256, replayed: true };
}
