import { safeText, z } from "@/lib/zod";
import { db, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { requireAdmin, type Actor } from "@/lib/auth/actor";
import type { VersionDocument } from "@/lib/proposals/version-document";
import { callRubric, type RubricCriterion } from "@/lib/reviews/rubric";
import { mean, trimmedMean, weightedTotal } from "@/lib/reviews/aggregate";
import { escapeLike, isUuid, parseInput } from "@/lib/validate";

// What every export reads: the proposals of one call that have a submitted version, the last
// version's document each, and their submitted reviews, fetched in pages so memory stays flat
// however many proposals there are.

export const exportFilterSchema = z.object({
  callId: safeText().max(64, "tooLong"),
  status: z.enum(["SUBMITTED", "WITHDRAWN"]).optional(),
  approach: z.enum(["SCRATCH_ONLY", "HAS_FINE_TUNED", "FOREIGN_FINE_TUNE_ONLY"]).optional(),
  leadType: z.enum(["LARGE_ENTERPRISE", "MID_SIZED", "SME_STARTUP", "UNIVERSITY", "RESEARCH_INSTITUTE", "PUBLIC_INSTITUTION", "OTHER"]).optional(),
  q: safeText().trim().max(100, "tooLong").optional(),
});
export type ExportFilter = z.output<typeof exportFilterSchema>;

/** Query-string filters (?status=…&approach=…) → the schema's input. */
export function filterFromSearchParams(p: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ["callId", "status", "approach", "leadType", "q"]) {
    const v = p.get(k);
    if (v !== null && v !== "") out[k] = v;
  }
  return out;
}

export interface ExportReview {
  reviewer: string;
  reviewerEmail: string;
  scores: Record<string, number>;
  total: number;
  comment: string;
  submittedAt: Date;
}

export interface ExportItem {
  proposalId: string;
  status: "SUBMITTED" | "WITHDRAWN";
  receiptNo: string;
  versionNo: number;
  sha256: string;
  submittedAt: Date;
  document: VersionDocument;
  reviews: ExportReview[];
  mean: number | null;
  trimmedMean: number | null;
}

export const PAGE_SIZE = 200;

/** Checks the actor and the filter; returns the call and the Prisma where clause for its proposals. */
export async function prepareExport(actor: Actor | null, input: unknown) {
  requireAdmin(actor);
  const f = parseInput(exportFilterSchema, input);
  if (!isUuid(f.callId)) throw new AppError("CALL_NOT_FOUND");
  const call = await db.call.findUnique({ where: { id: f.callId }, select: { id: true, slug: true, titleKo: true, rubric: true } });
  if (!call) throw new AppError("CALL_NOT_FOUND");
  const where: Prisma.ProposalWhereInput = {
    callId: call.id,
    lastVersionNo: { gt: 0 },
    ...(f.status ? { status: f.status } : { status: { in: ["SUBMITTED", "WITHDRAWN"] } }),
    ...(f.leadType ? { consortium: { leadOrganization: { type: f.leadType } } } : {}),
    ...(f.q
      ? {
          OR: [
            // Literal text, as the proposals list searches it: `%` and `_` are not wildcards.
            { consortium: { name: { contains: escapeLike(f.q), mode: "insensitive" } } },
            { consortium: { leadOrganization: { name: { contains: escapeLike(f.q), mode: "insensitive" } } } },
            { versions: { some: { receiptNo: { contains: escapeLike(f.q) } } } },
          ],
        }
      : {}),
  };
  return { filter: f, call, rubric: callRubric(call.rubric), where };
}

/**
 * How many proposals an export of this filter holds (one row each in proposals.csv): the same rules
 * as prepareExport + exportItems, counted in SQL on the last submitted version, so the console can
 * state an export's scope before anyone downloads it (issue 12 item 14).
 */
export async function countExport(actor: Actor | null, input: unknown): Promise<number> {
  const { filter: f, call } = await prepareExport(actor, input);
  const models = Prisma.sql`(CASE WHEN jsonb_typeof(v.document->'content'->'models') = 'array' THEN v.document->'content'->'models' ELSE '[]'::jsonb END)`;
  const conds: Prisma.Sql[] = [Prisma.sql`p.call_id = ${call.id}::uuid`, Prisma.sql`p.last_version_no > 0`];
  conds.push(f.status ? Prisma.sql`p.status::text = ${f.status}` : Prisma.sql`p.status::text IN ('SUBMITTED', 'WITHDRAWN')`);
  if (f.leadType) conds.push(Prisma.sql`o.type::text = ${f.leadType}`);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    conds.push(Prisma.sql`(c.name ILIKE ${like} OR o.name ILIKE ${like} OR EXISTS (SELECT 1 FROM proposal_versions rv WHERE rv.proposal_id = p.id AND rv.receipt_no LIKE ${like}))`);
  }
  if (f.approach === "SCRATCH_ONLY") conds.push(Prisma.sql`jsonb_array_length(${models}) > 0 AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(${models}) m WHERE m->>'approach' IS DISTINCT FROM 'FROM_SCRATCH')`);
  if (f.approach === "HAS_FINE_TUNED") conds.push(Prisma.sql`${models} @> '[{"approach":"FINE_TUNED"}]'::jsonb`);
  if (f.approach === "FOREIGN_FINE_TUNE_ONLY") conds.push(Prisma.sql`COALESCE((v.document->'flags'->>'foreignFineTuneOnly')::boolean, false)`);
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n
      FROM proposals p
      JOIN consortia c ON c.id = p.consortium_id
      JOIN organizations o ON o.id = c.lead_organization_id
      JOIN proposal_versions v ON v.proposal_id = p.id AND v.version_no = p.last_version_no
     WHERE ${Prisma.join(conds, " AND ")}`;
  return rows[0]?.n ?? 0;
}

/** The approach filters that need the document (scratch-only, has-fine-tuned) are applied here. */
function matchesApproach(doc: VersionDocument, approach: ExportFilter["approach"]) {
  const a = doc.content.models.map((m) => m.approach);
  if (approach === "SCRATCH_ONLY") return a.length > 0 && a.every((x) => x === "FROM_SCRATCH");
  if (approach === "HAS_FINE_TUNED") return a.some((x) => x === "FINE_TUNED");
  // The submitted version's flag, not the proposal row's (which follows the draft).
  if (approach === "FOREIGN_FINE_TUNE_ONLY") return doc.flags.foreignFineTuneOnly;
  return true;
}

/** Pages through the proposals (by serial number), yielding one item per proposal. */
export async function* exportItems(prep: Awaited<ReturnType<typeof prepareExport>>, rubric: RubricCriterion[] = prep.rubric): AsyncGenerator<ExportItem> {
  let after = 0;
  for (;;) {
    // The filter's page of proposal ids, then their last versions in one join (one round trip each).
    const page = await db.proposal.findMany({ where: { ...prep.where, serialNo: { gt: after } }, orderBy: { serialNo: "asc" }, take: PAGE_SIZE, select: { id: true, serialNo: true, status: true } });
    if (!page.length) return;
    after = page[page.length - 1]!.serialNo;
    const ids = page.map((p) => p.id);
    const [versions, reviews] = await Promise.all([
      db.$queryRaw<{ proposal_id: string; version_no: number; receipt_no: string; sha256: string; submitted_at: Date; document: unknown }[]>`
        SELECT v.proposal_id, v.version_no, v.receipt_no, v.sha256, v.submitted_at, v.document
          FROM proposals p JOIN proposal_versions v ON v.proposal_id = p.id AND v.version_no = p.last_version_no
         WHERE p.id = ANY(${ids}::uuid[])`,
      db.$queryRaw<{ proposal_id: string; scores: unknown; comment: string; submitted_at: Date; name: string; email: string }[]>`
        SELECT a.proposal_id, a.scores, a.comment, a.submitted_at, u.name, u.email
          FROM review_assignments a JOIN users u ON u.id = a.reviewer_id
         WHERE a.proposal_id = ANY(${ids}::uuid[]) AND a.status = 'ACTIVE' AND a.submitted_at IS NOT NULL
         ORDER BY a.submitted_at`,
    ]);
    const byProposal = new Map(versions.map((v) => [v.proposal_id, v]));
    for (const p of page) {
      const v = byProposal.get(p.id);
      if (!v) continue;
      const doc = v.document as VersionDocument;
      if (!matchesApproach(doc, prep.filter.approach)) continue;
      const rs = reviews
        .filter((r) => r.proposal_id === p.id)
        .map((r) => ({
          reviewer: r.name,
          reviewerEmail: r.email,
          scores: r.scores as Record<string, number>,
          total: weightedTotal(r.scores as Record<string, number>, rubric),
          comment: r.comment,
          submittedAt: r.submitted_at,
        }));
      const totals = rs.map((r) => r.total);
      yield { proposalId: p.id, status: p.status as ExportItem["status"], receiptNo: v.receipt_no, versionNo: v.version_no, sha256: v.sha256, submittedAt: v.submitted_at, document: doc, reviews: rs, mean: mean(totals), trimmedMean: trimmedMean(totals) };
    }
  }
}
