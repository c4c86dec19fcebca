import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getProposalForAdmin, listProposals } from "@/lib/admin/proposals";
import { saveDraft } from "@/lib/proposals/save-draft";
import { submitProposal } from "@/lib/proposals/submit-proposal";
import { withdrawProposal } from "@/lib/proposals/withdraw-proposal";
import type { Actor } from "@/lib/auth/actor";
import { ctx, makeUser } from "../support/factories";
import { appError, errorCode } from "../support/expect-error";
import { fullDraft, makeCall, readyProposal } from "../support/apply";

const SCRATCH = [{ name: "S-21B", parameterCount: 21_000_000_000, architecture: "decoder-only", approach: "FROM_SCRATCH", ownTokenizer: true }];
const FOREIGN_FT = [{ name: "FT-8B", parameterCount: 8_000_000_000, architecture: "decoder-only", approach: "FINE_TUNED", baseModel: { name: "Llama 3.1 8B", developer: "Meta", country: "US", license: "Llama 3.1 Community License" } }];
// Program rubric: 30/25/15/15/15 points with equal weights, so a review's total is the sum.
const scores = (total: 90 | 70 | 60 | 40) =>
  ({
    90: { independence: 27, technical: 23, consortium: 14, compute_data: 13, ecosystem: 13 },
    70: { independence: 21, technical: 18, consortium: 11, compute_data: 10, ecosystem: 10 },
    60: { independence: 18, technical: 15, consortium: 9, compute_data: 9, ecosystem: 9 },
    40: { independence: 12, technical: 10, consortium: 6, compute_data: 6, ecosystem: 6 },
  })[total];

let admin: Actor;
let callId: string;
const ids: Record<"scratch" | "mixed" | "foreign" | "draft" | "withdrawn", string> = { scratch: "", mixed: "", foreign: "", draft: "", withdrawn: "" };
const receipts: Record<string, string> = {};
let scratchOwner: Actor;

async function prepared(name: string, models?: unknown[]) {
  const r = await readyProposal(slug);
  await db.consortium.update({ where: { id: r.consortiumId }, data: { name } });
  await db.organization.update({ where: { id: r.leadOrganizationId }, data: { name: `${name} 주관` } });
  if (models) await saveDraft(r.owner, r.proposalId, { draft: fullDraft({ models }), expectedVersion: r.draftVersion }, ctx);
  return r;
}
const submit = async (owner: Actor, id: string) => (await submitProposal(owner, id, { body: {}, idempotencyKey: null }, ctx)).receiptNo;
let slug: string;

beforeAll(async () => {
  admin = await makeUser(["ADMIN"]);
  const call = await makeCall();
  slug = call.slug;
  callId = call.id;

  // Submitted mixed (scratch + foreign fine-tune) first, then resubmitted scratch-only with a new title.
  const a = await prepared("알파 컨소시엄");
  ids.scratch = a.proposalId;
  scratchOwner = a.owner;
  await submit(a.owner, a.proposalId);
  const cur = await db.proposal.findUniqueOrThrow({ where: { id: a.proposalId }, select: { draftVersion: true } });
  const changed = fullDraft({ models: SCRATCH });
  changed.overview.titleKo = "두 번째 제목";
  await saveDraft(a.owner, a.proposalId, { draft: changed, expectedVersion: cur.draftVersion }, ctx);
  receipts.scratch = await submit(a.owner, a.proposalId);

  const b = await prepared("베타 컨소시엄");
  ids.mixed = b.proposalId;
  receipts.mixed = await submit(b.owner, b.proposalId);
  await db.organization.update({ where: { id: b.leadOrganizationId }, data: { type: "UNIVERSITY" } });

  const c = await prepared("감마 컨소시엄", FOREIGN_FT);
  ids.foreign = c.proposalId;
  receipts.foreign = await submit(c.owner, c.proposalId);

  const d = await prepared("델타 컨소시엄");
  ids.draft = d.proposalId;

  const e = await prepared("엡실론 컨소시엄", SCRATCH);
  ids.withdrawn = e.proposalId;
  receipts.withdrawn = await submit(e.owner, e.proposalId);
  await withdrawProposal(e.owner, e.proposalId, ctx);

  // Reviews straight into the table: three on the mixed proposal (trimmed mean 70), one on the scratch one.
  const reviewers = await Promise.all([1, 2, 3].map(() => makeUser(["REVIEWER"])));
  const review = (proposalId: string, reviewerId: string, total: 90 | 70 | 60 | 40) =>
    db.reviewAssignment.create({ data: { callId, proposalId, reviewerId, source: "MANUAL", assignedById: admin.id, assignedAt: new Date(), scores: scores(total), submittedAt: new Date() } });
  await review(ids.mixed, reviewers[0]!.id, 90);
  await review(ids.mixed, reviewers[1]!.id, 70);
  await review(ids.mixed, reviewers[2]!.id, 40);
  await review(ids.scratch, reviewers[0]!.id, 60);
});

const list = (input: Record<string, unknown> = {}) => listProposals(admin, { callId, ...input });
const idsOf = (r: Awaited<ReturnType<typeof list>>) => r.rows.map((x) => x.proposalId);

describe("listProposals", () => {
  it("lists every proposal of the call by serial, with the last version's facts", async () => {
    const r = await list();
    expect(r.total).toBe(5);
    expect(idsOf(r)).toEqual([ids.scratch, ids.mixed, ids.foreign, ids.draft, ids.withdrawn]);
    const scratch = r.rows[0]!;
    expect(scratch).toMatchObject({
      receiptNo: receipts.scratch,
      status: "SUBMITTED",
      consortium: "알파 컨소시엄",
      leadOrganization: { name: "알파 컨소시엄 주관", type: "LARGE_ENTERPRISE" },
      title: "두 번째 제목",
      approaches: ["FROM_SCRATCH"],
      foreignFineTuneOnly: false,
      requestedBudgetKrw: 30_000_000_000,
      versions: 2,
      reviewsSubmitted: 1,
      trimmedMean: 60,
    });
    expect(scratch.lastSubmittedAt).not.toBeNull();
    expect(r.rows[1]).toMatchObject({ approaches: ["FINE_TUNED", "FROM_SCRATCH"], reviewsSubmitted: 3, trimmedMean: 70 });
    expect(r.rows[2]).toMatchObject({ foreignFineTuneOnly: true, approaches: ["FINE_TUNED"] });
    expect(r.rows[3]).toMatchObject({ status: "DRAFT", receiptNo: null, versions: 0, title: "한국어 특화 초거대 모델", lastSubmittedAt: null, reviewsSubmitted: 0, trimmedMean: null });
    expect(r.rows[4]).toMatchObject({ status: "WITHDRAWN", receiptNo: receipts.withdrawn });
  });

  it("filters by status, approach, flag and lead organisation type", async () => {
    expect(idsOf(await list({ status: "SUBMITTED" }))).toEqual([ids.scratch, ids.mixed, ids.foreign]);
    expect(idsOf(await list({ status: "WITHDRAWN" }))).toEqual([ids.withdrawn]);
    expect(idsOf(await list({ status: "DRAFT" }))).toEqual([ids.draft]);
    // The last submitted version decides: the scratch proposal was mixed in v1.
    expect(idsOf(await list({ approach: "SCRATCH_ONLY" }))).toEqual([ids.scratch, ids.withdrawn]);
    expect(idsOf(await list({ approach: "SCRATCH_ONLY", status: "SUBMITTED" }))).toEqual([ids.scratch]);
    expect(idsOf(await list({ approach: "HAS_FINE_TUNED" }))).toEqual([ids.mixed, ids.foreign, ids.draft]);
    expect(idsOf(await list({ approach: "FOREIGN_FINE_TUNE_ONLY" }))).toEqual([ids.foreign]);
    expect(idsOf(await list({ flagged: "true" }))).toEqual([ids.foreign]);
    expect(idsOf(await list({ flagged: false }))).toEqual([ids.scratch, ids.mixed, ids.draft, ids.withdrawn]);
    expect(idsOf(await list({ leadType: "UNIVERSITY" }))).toEqual([ids.mixed]);
  });

  it("searches consortium name, lead organisation name and receipt numbers (any version), wildcards literal", async () => {
    expect(idsOf(await list({ q: "베타" }))).toEqual([ids.mixed]);
    expect(idsOf(await list({ q: "감마 컨소시엄 주관" }))).toEqual([ids.foreign]);
    expect(idsOf(await list({ q: receipts.foreign }))).toEqual([ids.foreign]);
    expect(idsOf(await list({ q: receipts.scratch!.replace(/-02$/, "-01") }))).toEqual([ids.scratch]);
    expect((await list({ q: "%" })).total).toBe(0);
    expect((await list({ q: "없는 이름" })).rows).toEqual([]);
  });

  it("sorts by trimmed mean (unscored last) and by last submission", async () => {
    expect(idsOf(await list({ sort: "trimmedMean" })).slice(0, 2)).toEqual([ids.mixed, ids.scratch]);
    const bySubmitted = idsOf(await list({ sort: "submittedAt" }));
    expect(bySubmitted.at(-1)).toBe(ids.draft);
    expect(bySubmitted[0]).toBe(ids.withdrawn);
  });

  it("pages with a total that does not depend on the page", async () => {
    const all = idsOf(await list());
    const p1 = await list({ pageSize: "10" });
    expect(p1).toMatchObject({ total: 5, page: 1, pageSize: 10, pages: 1 });
    // A small page size is refused (10–100); pages are OFFSET over the serial order.
    expect((await appError(list({ pageSize: 5 }))).fields).toEqual({ pageSize: "tooSmall" });
    const p2 = await list({ page: 2, pageSize: 10 });
    expect(p2.rows).toEqual([]);
    expect(p2.total).toBe(5);
    expect(idsOf(p1)).toEqual(all);
  });

  it("refuses bad input and unknown calls", async () => {
    expect((await appError(list({ status: "LOST" }))).code).toBe("VALIDATION_FAILED");
    expect((await appError(list({ q: "가".repeat(101) }))).fields).toEqual({ q: "tooLong" });
    expect(await errorCode(listProposals(admin, { callId: "not-a-uuid" }))).toBe("CALL_NOT_FOUND");
    expect(await errorCode(listProposals(admin, { callId: "00000000-0000-4000-8000-000000000000" }))).toBe("CALL_NOT_FOUND");
  });
});

describe("getProposalForAdmin", () => {
  it("returns every version and what changed between consecutive ones", async () => {
    const p = await getProposalForAdmin(admin, ids.scratch);
    expect(p.status).toBe("SUBMITTED");
    expect(p.consortium.name).toBe("알파 컨소시엄");
    expect(p.versions.map((v) => v.versionNo)).toEqual([1, 2]);
    expect(p.versions[1]!.receiptNo).toBe(receipts.scratch);
    expect(p.versions[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(p.versions[0]!.submittedBy.name).toBeTruthy();
    expect(p.versions[0]!.changes).toBeNull();
    const paths = p.versions[1]!.changes!.map((c) => c.path);
    expect(p.versions[1]!.changes).toContainEqual({ path: "content.overview.titleKo", before: "한국어 특화 초거대 모델", after: "두 번째 제목" });
    expect(paths).toContain("content.models.1");
    expect(p.versions[1]!.changes!.find((c) => c.path === "content.models.1")).toMatchObject({ after: null, before: { approach: "FINE_TUNED" } });
    // Receipt facts are not changes.
    expect(paths.some((x) => /receiptNo|versionNo|submittedAt|submittedBy/.test(x))).toBe(false);
    expect(p.foreignFineTuneOnly).toBe(false);
  });

  it("shows a draft that was never submitted, with no versions", async () => {
    const p = await getProposalForAdmin(admin, ids.draft);
    expect(p).toMatchObject({ status: "DRAFT", versions: [] });
  });

  it("answers NOT_FOUND for unknown ids", async () => {
    expect(await errorCode(getProposalForAdmin(admin, "00000000-0000-4000-8000-000000000000"))).toBe("NOT_FOUND");
    expect(await errorCode(getProposalForAdmin(admin, "nope"))).toBe("NOT_FOUND");
  });
});

describe("who may", () => {
  it("admins only: applicants (even the proposal's owner) and reviewers are FORBIDDEN, anonymous UNAUTHENTICATED", async () => {
    const applicant = scratchOwner;
    const reviewer = await makeUser(["REVIEWER"]);
    for (const actor of [applicant, reviewer]) {
      expect(await errorCode(listProposals(actor, { callId }))).toBe("FORBIDDEN");
      expect(await errorCode(getProposalForAdmin(actor, ids.scratch))).toBe("FORBIDDEN");
      // Even a bogus id: the role is checked first, so nothing about records leaks.
      expect(await errorCode(getProposalForAdmin(actor, "nope"))).toBe("FORBIDDEN");
    }
    expect(await errorCode(listProposals(null, { callId }))).toBe("UNAUTHENTICATED");
    expect(await errorCode(getProposalForAdmin(null, ids.scratch))).toBe("UNAUTHENTICATED");
  });
});
