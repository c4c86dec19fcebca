import { safeText, z } from "@/lib/zod";
import { db, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { requireAdmin, type Actor } from "@/lib/auth/actor";
import type { VersionDocument } from "@/lib/proposals/version-document";
import type { OrganizationType } from "@/lib/db/generated/enums";
import type { Approach } from "@/lib/proposals/model-plan";
import { callRubric } from "@/lib/reviews/rubric";
import { round2 } from "@/lib/reviews/aggregate";
import { escapeLike, isUuid, parseInput } from "@/lib/validate";
import { diffDocuments } from "./version-diff";

export { diffDocuments, type DocumentChange } from "./version-diff";

// The console's proposals list and detail (issue 5). Admin-only (DESIGN §5: 403 to other users).

const ORG_TYPES = ["LARGE_ENTERPRISE", "MID_SIZED", "SME_STARTUP", "UNIVERSITY", "RESEARCH_INSTITUTE", "PUBLIC_INSTITUTION", "OTHER"] as const;
export const PROPOSAL_SORTS = ["serial", "submittedAt", "trimmedMean"] as const;

/** "true"/"on"/"1" from a query string or form, or a real boolean from JSON. */
const flag = z.preprocess((v) => (v === "true" || v === "on" || v === "1" ? true : v === "false" || v === "0" ? false : v), z.boolean());

/** The list's filters; the page's GET form and the API parse the same query string with it. */
export const proposalListSchema = z.object({
  callId: safeText().max(64, "tooLong"),
  status: z.enum(["DRAFT", "SUBMITTED", "WITHDRAWN"]).optional(),
  approach: z.enum(["SCRATCH_ONLY", "HAS_FINE_TUNED", "FOREIGN_FINE_TUNE_ONLY"]).optional(),
  leadType: z.enum(ORG_TYPES).optional(),
  flagged: flag.optional(),
  q: safeText().trim().max(100, "tooLong").optional(),
  sort: z.enum(PROPOSAL_SORTS).default("serial"),
  page: z.coerce.number().int("integerRequired").min(1, "mustBePositive").max(100_000, "tooLarge").default(1),
  pageSize: z.coerce.number().int("integerRequired").min(10, "tooSmall").max(100, "tooLarge").default(25),
});
export type ProposalListInput = z.input<typeof proposalListSchema>;
export type ProposalListQuery = z.output<typeof proposalListSchema>;

export const LIST_PARAMS = ["callId", "status", "approach", "leadType", "flagged", "q", "sort", "page", "pageSize"] as const;

/** Query string → the schema's input (empty values mean "no filter"). */
export function listInputFromSearchParams(p: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const get = (k: string) => (p instanceof URLSearchParams ? p.get(k) : [p[k]].flat()[0]);
  const out: Record<string, string> = {};
  for (const k of LIST_PARAMS) {
    const v = get(k);
    if (typeof v === "string" && v.trim() !== "") out[k] = v;
  }
  return out;
}

interface ListRow {
  id: string;
  serial_no: number;
  status: "DRAFT" | "SUBMITTED" | "WITHDRAWN";
  consortium: string;
  lead_name: string;
  lead_type: string;
  receipt_no: string | null;
  last_submitted_at: Date | null;
  versions: number;
  title: string | null;
  budget: string | null;
  approaches: unknown;
  flagged: boolean;
  reviews: number;
  trimmed_mean: string | null;
}

/** A page of a call's proposals: two queries (rows, count), whatever the page size. */
export async function listProposals(actor: Actor | null, input: unknown) {
  requireAdmin(actor);
  const f = parseInput(proposalListSchema, input);
  if (!isUuid(f.callId)) throw new AppError("CALL_NOT_FOUND");
  const call = await db.call.findUnique({ where: { id: f.callId }, select: { id: true, slug: true, titleKo: true, titleEn: true, rubric: true } });
  if (!call) throw new AppError("CALL_NOT_FOUND");
  const rubric = callRubric(call.rubric).map((c) => ({ key: c.key, maxPoints: c.maxPoints, weight: c.weight }));

  // The submitted version's document decides approach and flag; a never-submitted proposal falls back
  // to its draft (and the row's flag, which follows the draft).
  const models = Prisma.sql`(CASE WHEN jsonb_typeof(COALESCE(v.document->'content'->'models', p.draft->'models')) = 'array'
                                  THEN COALESCE(v.document->'content'->'models', p.draft->'models') ELSE '[]'::jsonb END)`;
  const flagged = Prisma.sql`COALESCE((v.document->'flags'->>'foreignFineTuneOnly')::boolean, p.foreign_fine_tune_only)`;
  const conds: Prisma.Sql[] = [Prisma.sql`p.call_id = ${call.id}::uuid`];
  if (f.status) conds.push(Prisma.sql`p.status::text = ${f.status}`);
  if (f.leadType) conds.push(Prisma.sql`o.type::text = ${f.leadType}`);
  if (f.approach === "SCRATCH_ONLY") conds.push(Prisma.sql`jsonb_array_length(${models}) > 0 AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(${models}) m WHERE m->>'approach' IS DISTINCT FROM 'FROM_SCRATCH')`);
  if (f.approach === "HAS_FINE_TUNED") conds.push(Prisma.sql`${models} @> '[{"approach":"FINE_TUNED"}]'::jsonb`);
  if (f.approach === "FOREIGN_FINE_TUNE_ONLY") conds.push(Prisma.sql`${flagged}`);
  if (f.flagged !== undefined) conds.push(Prisma.sql`${flagged} = ${f.flagged}`);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    conds.push(Prisma.sql`(c.name ILIKE ${like} OR o.name ILIKE ${like} OR EXISTS (SELECT 1 FROM proposal_versions rv WHERE rv.proposal_id = p.id AND rv.receipt_no LIKE ${like}))`);
  }
  const where = Prisma.join(conds, " AND ");
  const from = Prisma.sql`proposals p
      JOIN consortia c ON c.id = p.consortium_id
      JOIN organizations o ON o.id = c.lead_organization_id
      LEFT JOIN proposal_versions v ON v.proposal_id = p.id AND v.version_no = p.last_version_no`;
  const order =
    f.sort === "submittedAt"
      ? Prisma.sql`v.submitted_at DESC NULLS LAST, p.serial_no`
      : f.sort === "trimmedMean"
        ? Prisma.sql`trimmed_mean DESC NULLS LAST, p.serial_no`
        : Prisma.sql`p.serial_no`;

  // Review totals as lib/reviews/aggregate computes them (Σ score / max × weight; trimmed mean drops
  // the highest and lowest from 3 reviews up), in SQL so the list can sort on it.
  const [rows, count] = await Promise.all([
    db.$queryRaw<ListRow[]>`
      SELECT p.id, p.serial_no, p.status::text AS status, c.name AS consortium, o.name AS lead_name, o.type::text AS lead_type,
             v.receipt_no, v.submitted_at AS last_submitted_at, p.last_version_no AS versions,
             COALESCE(v.document->'content'->'overview'->>'titleKo', p.draft->'overview'->>'titleKo') AS title,
             COALESCE(v.document->'content'->'overview'->>'requestedBudgetKrw', p.draft->'overview'->>'requestedBudgetKrw') AS budget,
             (SELECT COALESCE(jsonb_agg(DISTINCT m->>'approach') FILTER (WHERE m->>'approach' IS NOT NULL), '[]'::jsonb) FROM jsonb_array_elements(${models}) m) AS approaches,
             ${flagged} AS flagged,
             COALESCE(r.n, 0) AS reviews,
             CASE WHEN r.n IS NULL OR r.n = 0 THEN NULL WHEN r.n >= 3 THEN (r.s - r.mn - r.mx) / (r.n - 2) ELSE r.s / r.n END AS trimmed_mean
        FROM ${from}
        LEFT JOIN LATERAL (
          SELECT count(*)::int AS n, sum(t) AS s, min(t) AS mn, max(t) AS mx FROM (
            SELECT (SELECT sum(COALESCE((a.scores->>(k->>'key'))::numeric, 0) / (k->>'maxPoints')::numeric * (k->>'weight')::numeric)
                      FROM jsonb_array_elements(${JSON.stringify(rubric)}::jsonb) k) AS t
              FROM review_assignments a
             WHERE a.proposal_id = p.id AND a.status = 'ACTIVE' AND a.submitted_at IS NOT NULL) x
        ) r ON true
       WHERE ${where}
       ORDER BY ${order}
       LIMIT ${f.pageSize} OFFSET ${(f.page - 1) * f.pageSize}`,
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM ${from} WHERE ${where}`,
  ]);
  const total = count[0]?.total ?? 0;
  return {
    call: { id: call.id, slug: call.slug, titleKo: call.titleKo, titleEn: call.titleEn },
    filter: f,
    total,
    page: f.page,
    pageSize: f.pageSize,
    pages: Math.max(1, Math.ceil(total / f.pageSize)),
    rows: rows.map((r) => ({
      proposalId: r.id,
      serialNo: r.serial_no,
      receiptNo: r.receipt_no,
      status: r.status,
      consortium: r.consortium,
      leadOrganization: { name: r.lead_name, type: r.lead_type as OrganizationType },
      title: r.title,
      approaches: (r.approaches as Approach[]).sort(),
      foreignFineTuneOnly: r.flagged,
      requestedBudgetKrw: r.budget === null || !/^\d+$/.test(r.budget) ? null : Number(r.budget),
      versions: r.versions,
      lastSubmittedAt: r.last_submitted_at?.toISOString() ?? null,
      reviewsSubmitted: r.reviews,
      trimmedMean: round2(r.trimmed_mean === null ? null : Number(r.trimmed_mean)),
    })),
  };
}

export type ProposalListRow = Awaited<ReturnType<typeof listProposals>>["rows"][number];

/** One proposal for the console: every submitted version, the draft, and what changed version to version. */
export async function getProposalForAdmin(actor: Actor | null, proposalId: string) {
  requireAdmin(actor);
  if (!isUuid(proposalId)) throw new AppError("NOT_FOUND");
  const p = await db.proposal.findUnique({
    where: { id: proposalId },
    select: {
      id: true,
      serialNo: true,
      status: true,
      draft: true,
      draftVersion: true,
      draftSavedAt: true,
      foreignFineTuneOnly: true,
      submittedAt: true,
      withdrawnAt: true,
      call: { select: { id: true, slug: true, titleKo: true, titleEn: true } },
      consortium: { select: { id: true, name: true, leadOrganization: { select: { name: true, type: true } } } },
      versions: { orderBy: { versionNo: "asc" }, select: { versionNo: true, draftVersion: true, receiptNo: true, sha256: true, submittedAt: true, document: true } },
    },
  });
  if (!p) throw new AppError("NOT_FOUND");
  const versions = p.versions.map((v, i) => {
    const doc = v.document as unknown as VersionDocument;
    const prev = i > 0 ? (p.versions[i - 1]!.document as unknown as VersionDocument) : null;
    return {
      versionNo: v.versionNo,
      receiptNo: v.receiptNo,
      sha256: v.sha256,
      submittedAt: v.submittedAt.toISOString(),
      submittedBy: doc.submittedBy,
      document: doc,
      changes: prev ? diffDocuments(prev, doc) : null,
    };
  });
  const last = p.versions.at(-1);
  return {
    id: p.id,
    serialNo: p.serialNo,
    status: p.status,
    call: p.call,
    consortium: { id: p.consortium.id, name: p.consortium.name, leadOrganization: p.consortium.leadOrganization },
    foreignFineTuneOnly: (last?.document as unknown as VersionDocument | undefined)?.flags.foreignFineTuneOnly ?? p.foreignFineTuneOnly,
    submittedAt: p.submittedAt?.toISOString() ?? null,
    withdrawnAt: p.withdrawnAt?.toISOString() ?? null,
    draft: { version: p.draftVersion, savedAt: p.draftSavedAt.toISOString(), content: p.draft, submittedDraftVersion: last?.draftVersion ?? null },
    versions,
  };
}

export type AdminProposal = Awaited<ReturnType<typeof getProposalForAdmin>>;
