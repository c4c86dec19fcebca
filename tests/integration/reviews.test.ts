import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { submitProposal } from "@/lib/proposals/submit-proposal";
import { withdrawProposal } from "@/lib/proposals/withdraw-proposal";
import { saveDraft } from "@/lib/proposals/save-draft";
import { getProposal } from "@/lib/proposals/get-proposal";
import { assignReviewer, autoAssign, checkConflicts, removeAssignment } from "@/lib/reviews/assign";
import { declareConflict, getAssignedProposal, listMyAssignments, listOtherReviews, openReviewAttachment, saveReview, signDeclaration } from "@/lib/reviews/reviewer";
import { rankProposals } from "@/lib/reviews/ranking";
import { PROGRAM_RUBRIC } from "@/lib/calls/program";
import { ctx, makeUser } from "../support/factories";
import { appError, errorCode } from "../support/expect-error";
import { fullDraft, makeCall, readyProposal } from "../support/apply";

type Ready = Awaited<ReturnType<typeof readyProposal>>;
const domainUser = (tag: string, domain: string, opts: { affiliationId?: string } = {}) =>
  makeUser(["REVIEWER"], { email: `${tag}-${crypto.randomBytes(3).toString("hex")}@${domain}`, ...opts });
// Every criterion's points are multiples of 5 (30, 25, 15): n in steps of 20 keeps scores whole.
const full = (n: number) => Object.fromEntries(PROGRAM_RUBRIC.map((c) => [c.key, Math.round((c.maxPoints * n) / 100)]));
const declaration = { noConflict: true, confidentiality: true };

let callId: string;
let A: Ready, B: Ready, C: Ready, D: Ready;
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  const call = await makeCall({ closesAt: new Date(Date.now() + 3600_000) });
  callId = call.id;
  await db.call.update({ where: { id: call.id }, data: { rubric: PROGRAM_RUBRIC as never } });
  [A, B, C, D] = [await readyProposal(call.slug), await readyProposal(call.slug), await readyProposal(call.slug), await readyProposal(call.slug)];
  for (const p of [A, B, C, D]) await submitProposal(p.owner, p.proposalId, { body: {}, idempotencyKey: null }, ctx);
  // C's last version plans scratch-built models only.
  const scratchOnly = fullDraft({ models: [fullDraft().models[0]!] });
  await saveDraft(C.owner, C.proposalId, { draft: scratchOnly, expectedVersion: C.draftVersion }, ctx);
  await submitProposal(C.owner, C.proposalId, { body: {}, idempotencyKey: null }, ctx);
  await withdrawProposal(D.owner, D.proposalId, ctx);
  // The cutoff has passed: versions are final and reviewing can start.
  await db.call.update({ where: { id: call.id }, data: { closesAt: new Date(Date.now() - 1000) } });
  admin = await makeUser(["ADMIN"]);
});

describe("assignment and conflicts of interest", () => {
  it("warns on a manual assignment with a conflict, records it when acknowledged, refuses withdrawn proposals", async () => {
    const sameDomain = await domainUser("conflicted", "example.com"); // every applicant in these tests is @example.com
    const before = await db.reviewAssignment.count();
    const e = await appError(assignReviewer(admin, { proposalId: A.proposalId, reviewerId: sameDomain.id }, ctx));
    expect([e.code, e.fields]).toEqual(["CONFLICT", { reviewerId: "conflictOfInterest" }]);
    expect(e.message).toContain("example.com");
    expect((await appError(assignReviewer(admin, { proposalId: D.proposalId, reviewerId: sameDomain.id, acknowledgeConflict: true }, ctx))).fields).toEqual({ proposalId: "proposalWithdrawn" });
    expect(await db.reviewAssignment.count()).toBe(before);
    const a = await assignReviewer(admin, { proposalId: A.proposalId, reviewerId: sameDomain.id, acknowledgeConflict: true }, ctx);
    expect(a.conflictWarning).toContain("e-mail domain example.com");
    expect((await db.auditEvent.findFirstOrThrow({ where: { entityType: "REVIEW", entityId: a.id } })).action).toBe("review.assigned");
    expect(await errorCode(assignReviewer(admin, { proposalId: A.proposalId, reviewerId: sameDomain.id, acknowledgeConflict: true }, ctx))).toBe("CONFLICT");
    await removeAssignment(admin, a.id, ctx);
  });

  // Issue 11 item 13: the conflicts check names the missing parameters instead of answering 404.
  it("the conflicts check refuses missing parameters with 422 and the field, and still finds conflicts", async () => {
    const e = await appError(checkConflicts(admin, {}));
    expect([e.code, e.fields]).toEqual(["VALIDATION_FAILED", { proposalId: "required", reviewerId: "required" }]);
    expect((await appError(checkConflicts(admin, { proposalId: A.proposalId, reviewerId: "" }))).fields).toEqual({ reviewerId: "required" });
    const sameDomain = await domainUser("check", "example.com");
    expect(await checkConflicts(admin, { proposalId: A.proposalId, reviewerId: sameDomain.id })).toEqual([{ type: "EMAIL_DOMAIN", domain: "example.com" }]);
    expect(await errorCode(checkConflicts(admin, { proposalId: "not-a-uuid", reviewerId: sameDomain.id }))).toBe("NOT_FOUND");
  });

  it("automatic assignment: N per proposal, even load, never a conflicted pair, never a withdrawn proposal", async () => {
    const leadOrgOfA = A.leadOrganizationId;
    const reviewers = [
      await domainUser("r1", "kaist.ac.kr"),
      await domainUser("r2", "snu.ac.kr"),
      await domainUser("r3", "postech.ac.kr"),
      await domainUser("r4", "kisti.re.kr", { affiliationId: leadOrgOfA }),
      await domainUser("r5", "gmail.com"),
    ];
    const r = await autoAssign(admin, { callId, perProposal: 2 }, ctx);
    expect(r.unfilled).toEqual([]);
    const rows = await db.reviewAssignment.findMany({ where: { callId, status: "ACTIVE" } });
    const perProposal = new Map<string, number>();
    for (const x of rows) perProposal.set(x.proposalId, (perProposal.get(x.proposalId) ?? 0) + 1);
    expect(Object.fromEntries(perProposal)).toEqual({ [A.proposalId]: 2, [B.proposalId]: 2, [C.proposalId]: 2 });
    // The @example.com reviewer from the test above and r4 (affiliated with A's lead) never land on a conflicted proposal.
    expect(rows.some((x) => x.reviewerId === reviewers[3]!.id && x.proposalId === A.proposalId)).toBe(false);
    expect(rows.every((x) => x.conflictWarning === null)).toBe(true);
    const load = reviewers.map((rv) => rows.filter((x) => x.reviewerId === rv.id).length);
    expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(1);
    expect(load.reduce((a, b) => a + b, 0)).toBe(6);
    // Running it again adds nothing.
    expect((await autoAssign(admin, { callId, perProposal: 2 }, ctx)).created).toEqual([]);
  });
});

describe("reading, declarations and scores", () => {
  it("a reviewer signs the declaration before reading, reads the last submitted version only, scores within range, and sees others' scores only after submitting", async () => {
    // The same order as the decision-015 test below reads them in (r1 is the one who reads the others).
    const rows = await db.reviewAssignment.findMany({ where: { callId, proposalId: C.proposalId, status: "ACTIVE" }, orderBy: [{ assignedAt: "asc" }, { id: "asc" }] });
    const [a1, a2] = rows;
    const r1 = { id: a1!.reviewerId, email: "", name: "r1", roles: ["REVIEWER" as const], locale: "ko" as const };
    const r2 = { ...r1, id: a2!.reviewerId };
    expect((await listMyAssignments(r1)).map((x) => x.id)).toContain(a1!.id);
    expect(await errorCode(getAssignedProposal(r1, a1!.id))).toBe("DECLARATION_REQUIRED");
    expect((await appError(signDeclaration(r1, a1!.id, { noConflict: true }, ctx))).fields).toEqual({ confidentiality: "declarationRequired" });
    await signDeclaration(r1, a1!.id, declaration, ctx);
    const signed = await db.reviewAssignment.findUniqueOrThrow({ where: { id: a1!.id } });
    expect(signed.declarationAt).not.toBeNull();
    expect(signed.declarationIp).toBe(ctx.ip);
    const view = await getAssignedProposal(r1, a1!.id);
    expect(view.version.versionNo).toBe(2);
    expect(view.document.content.models.map((m) => m.approach)).toEqual(["FROM_SCRATCH"]);
    expect(JSON.stringify(view)).not.toContain('"draft"');
    // Attachments of that version only.
    const att = view.document.attachments[0]!;
    expect((await openReviewAttachment(r1, a1!.id, att.id)).sha256).toBe(att.sha256);
    expect(await errorCode(openReviewAttachment(r1, a1!.id, crypto.randomUUID()))).toBe("NOT_FOUND");

    // Bad scores are refused and nothing is saved.
    const before = await db.reviewAssignment.findUniqueOrThrow({ where: { id: a1!.id } });
    expect((await appError(saveReview(r1, a1!.id, { scores: { ...full(80), independence: 31 }, comment: "충분히 구체적인 의견입니다.", submit: true }, ctx))).fields).toEqual({ "scores.independence": "scoreOutOfRange" });
    expect((await appError(saveReview(r1, a1!.id, { scores: { independence: 20 }, comment: "", submit: true }, ctx))).code).toBe("VALIDATION_FAILED");
    expect(await db.reviewAssignment.findUniqueOrThrow({ where: { id: a1!.id } })).toEqual(before);
    // A draft may be partial; others' reviews stay hidden until one's own is submitted.
    expect((await saveReview(r1, a1!.id, { scores: { independence: 20 }, comment: "작성 중" }, ctx)).submittedAt).toBeNull();
    expect(await errorCode(listOtherReviews(r1, a1!.id, ctx))).toBe("FORBIDDEN");
    const s1 = await saveReview(r1, a1!.id, { scores: full(80), comment: "스크래치 기반 설계가 구체적입니다.", submit: true }, ctx);
    expect(s1.total).toBe(80);
    expect(await listOtherReviews(r1, a1!.id, ctx)).toEqual([]);
    await signDeclaration(r2, a2!.id, declaration, ctx);
    await saveReview(r2, a2!.id, { scores: full(60), comment: "데이터 확보 계획이 약합니다.", submit: true }, ctx);
    expect((await listOtherReviews(r1, a1!.id, ctx)).map((o) => o.total)).toEqual([60]);
  });

  it("decision 015: once a reviewer has read the others', changing their submitted review needs a written reason kept beside both versions; the panel and the ranking see it", async () => {
    const [a1, a2] = await db.reviewAssignment.findMany({ where: { callId, proposalId: C.proposalId, status: "ACTIVE" }, orderBy: [{ assignedAt: "asc" }, { id: "asc" }] });
    const r1 = { id: a1!.reviewerId, email: "", name: "r1", roles: ["REVIEWER" as const], locale: "ko" as const };
    const r2 = { ...r1, id: a2!.reviewerId };
    // r1 read r2's review above: the reading is recorded and audited once.
    const seen = await db.reviewAssignment.findUniqueOrThrow({ where: { id: a1!.id } });
    expect(seen.othersSeenAt).not.toBeNull();
    await listOtherReviews(r1, a1!.id, ctx);
    expect(await db.auditEvent.count({ where: { entityId: a1!.id, action: "review.others_read" } })).toBe(1);
    expect((await getAssignedProposal(r1, a1!.id)).review.othersSeenAt).toBe(seen.othersSeenAt!.toISOString());

    // A change without a reason (or with a token one) is refused and nothing moves.
    const rewrite = { scores: full(60), comment: "다른 의견을 읽고 보니 데이터 계획이 약합니다.", submit: true };
    expect((await appError(saveReview(r1, a1!.id, rewrite, ctx))).fields).toEqual({ revisionReason: "revisionReasonRequired" });
    expect((await appError(saveReview(r1, a1!.id, { ...rewrite, revisionReason: "수정" }, ctx))).fields).toEqual({ revisionReason: "revisionReasonRequired" });
    expect(await db.reviewAssignment.findUniqueOrThrow({ where: { id: a1!.id } })).toEqual(seen);
    // Submitting the same review again needs no reason and records no revision.
    expect((await saveReview(r1, a1!.id, { scores: seen.scores as Record<string, number>, comment: seen.comment, submit: true }, ctx)).revised).toBe(false);
    expect(await db.reviewRevision.count({ where: { assignmentId: a1!.id } })).toBe(0);

    // With a reason: both versions and the reason are kept, and the audit row says so.
    const reason = "데이터 확보 계획의 위험을 놓쳤던 것을 다시 검토했습니다.";
    const revised = await saveReview(r1, a1!.id, { ...rewrite, revisionReason: reason }, ctx);
    expect(revised).toMatchObject({ revised: true, total: 60 });
    const [rev] = await db.reviewRevision.findMany({ where: { assignmentId: a1!.id } });
    expect(rev).toMatchObject({ reason, previousScores: seen.scores, previousComment: seen.comment, previousSubmittedAt: seen.submittedAt, scores: full(60), comment: rewrite.comment });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: a1!.id, action: "review.revised_after_reading" } });
    expect(audit.data).toMatchObject({ reason, previousTotal: 80, total: 60 });

    // r2 has not read anyone's review: r2 changes theirs freely, then sees r1's revision with its reason.
    expect((await saveReview(r2, a2!.id, { scores: full(70), comment: "데이터 확보 계획이 약하지만 설계는 좋습니다.", submit: true }, ctx)).revised).toBe(false);
    const others = await listOtherReviews(r2, a2!.id, ctx);
    expect(others.map((o) => [o.total, o.revisions.map((v) => v.reason)])).toEqual([[60, [reason]]]);

    // The ranking marks the proposal and shows both totals with the reason.
    const ranking = await rankProposals(admin, { callId });
    const row = ranking.rows.find((x) => x.proposalId === C.proposalId)!;
    expect(row.revisedAfterReading).toBe(1);
    expect(row.reviewers.find((x) => x.assignmentId === a1!.id)!.revisions).toEqual([expect.objectContaining({ reason, previousTotal: 80, total: 60 })]);

    // Other roles cannot take this path: an applicant and an unassigned reviewer.
    const applicant = { ...r1, id: C.owner.id, roles: ["APPLICANT" as const] };
    expect(await errorCode(saveReview(applicant, a1!.id, { ...rewrite, revisionReason: reason }, ctx))).toBe("FORBIDDEN");
    const stranger = await domainUser("stranger-rev", "unist.ac.kr");
    expect(await errorCode(saveReview(stranger, a1!.id, { ...rewrite, revisionReason: reason }, ctx))).toBe("NOT_FOUND");
    expect(await errorCode(listOtherReviews(stranger, a1!.id, ctx))).toBe("NOT_FOUND");

    // Back to 80 and 60 for the ranking below (r2 has read r1's by now, so it needs a reason too).
    await saveReview(r1, a1!.id, { scores: full(80), comment: seen.comment, submit: true, revisionReason: "검토 끝에 처음 점수가 맞다고 판단했습니다." }, ctx);
    await saveReview(r2, a2!.id, { scores: full(60), comment: "데이터 확보 계획이 약합니다.", submit: true, revisionReason: "검토 끝에 처음 점수가 맞다고 판단했습니다." }, ctx);
  });

  it("the review round: submitted reviews change only while it is open; reading waits for the cutoff", async () => {
    const a = await db.reviewAssignment.findFirstOrThrow({ where: { callId, proposalId: C.proposalId, status: "ACTIVE", submittedAt: { not: null } } });
    const r = { id: a.reviewerId, email: "", name: "r", roles: ["REVIEWER" as const], locale: "ko" as const };
    await db.call.update({ where: { id: callId }, data: { reviewClosesAt: new Date(Date.now() - 1000) } });
    try {
      expect(await errorCode(saveReview(r, a.id, { scores: full(90), comment: "마감 후 고치려는 의견입니다.", submit: true }, ctx))).toBe("REVIEW_NOT_OPEN");
      expect((await getAssignedProposal(r, a.id)).canWrite).toBe(false);
    } finally {
      await db.call.update({ where: { id: callId }, data: { reviewClosesAt: null } });
    }
    // A proposal of a call still open is not readable yet.
    const open = await makeCall({ closesAt: new Date(Date.now() + 3600_000) });
    const p = await readyProposal(open.slug);
    await submitProposal(p.owner, p.proposalId, { body: {}, idempotencyKey: null }, ctx);
    const rv = await domainUser("early", "etri.re.kr");
    const as = await assignReviewer(admin, { proposalId: p.proposalId, reviewerId: rv.id }, ctx);
    await signDeclaration(rv, as.id, declaration, ctx);
    expect(await errorCode(getAssignedProposal(rv, as.id))).toBe("REVIEW_NOT_OPEN");
  });

  it("a reviewer who declares a conflict loses the proposal through every route, audited", async () => {
    const a = await db.reviewAssignment.findFirstOrThrow({ where: { callId, proposalId: B.proposalId, status: "ACTIVE" } });
    const r = { id: a.reviewerId, email: "", name: "r", roles: ["REVIEWER" as const], locale: "ko" as const };
    await signDeclaration(r, a.id, declaration, ctx);
    await declareConflict(r, a.id, { reason: "참여기관과 공동연구 중" }, ctx);
    for (const attempt of [() => getAssignedProposal(r, a.id), () => saveReview(r, a.id, { scores: {} }, ctx), () => listOtherReviews(r, a.id, ctx), () => signDeclaration(r, a.id, declaration, ctx)]) {
      expect(await errorCode(attempt())).toBe("NOT_FOUND");
    }
    expect((await listMyAssignments(r)).map((x) => x.id)).not.toContain(a.id);
    expect(await errorCode(getProposal(r, B.proposalId))).toBe("NOT_FOUND");
    const audit = await db.auditEvent.findMany({ where: { entityType: "REVIEW", entityId: a.id }, orderBy: { seq: "asc" } });
    expect(audit.map((x) => x.action)).toEqual(["review.declaration_signed", "review.conflict_declared"]);
    // Automatic assignment never gives it back to them.
    await autoAssign(admin, { callId, perProposal: 2 }, ctx);
    expect(await db.reviewAssignment.count({ where: { proposalId: B.proposalId, reviewerId: r.id, status: "ACTIVE" } })).toBe(0);
  });
});

describe("permission matrix", () => {
  it("admins assign and rank; applicants and reviewers cannot; reviewers never reach others' assignments", async () => {
    const applicant = A.owner;
    const reviewer = await domainUser("plain", "kict.re.kr");
    const someAssignment = await db.reviewAssignment.findFirstOrThrow({ where: { callId, status: "ACTIVE" } });
    for (const who of [applicant, reviewer]) {
      expect(await errorCode(assignReviewer(who, { proposalId: A.proposalId, reviewerId: reviewer.id }, ctx))).toBe("FORBIDDEN");
      expect(await errorCode(autoAssign(who, { callId, perProposal: 1 }, ctx))).toBe("FORBIDDEN");
      expect(await errorCode(rankProposals(who, { callId }))).toBe("FORBIDDEN");
    }
    expect(await errorCode(rankProposals(null, { callId }))).toBe("UNAUTHENTICATED");
    // An unassigned reviewer: 404 on someone else's assignment, and no way into the applicant routes.
    expect(await errorCode(getAssignedProposal(reviewer, someAssignment.id))).toBe("NOT_FOUND");
    expect(await errorCode(saveReview(reviewer, someAssignment.id, { scores: {} }, ctx))).toBe("NOT_FOUND");
    expect(await errorCode(getProposal(reviewer, A.proposalId))).toBe("NOT_FOUND");
    // Applicants are not reviewers: 403 whatever the id, so nothing about assignments leaks.
    expect(await errorCode(listMyAssignments(applicant))).toBe("FORBIDDEN");
    expect(await errorCode(getAssignedProposal(applicant, someAssignment.id))).toBe("FORBIDDEN");
  });
});

describe("ranking", () => {
  it("weighted totals, mean, trimmed mean with three reviews, the scratch-only filter", async () => {
    // A gets a third reviewer; three reviews: 100, 80, 40 → mean 73.33, trimmed 80, disagreement.
    const extra = await domainUser("third", "unist.ac.kr");
    await assignReviewer(admin, { proposalId: A.proposalId, reviewerId: extra.id }, ctx);
    const as = await db.reviewAssignment.findMany({ where: { proposalId: A.proposalId, status: "ACTIVE" }, orderBy: { assignedAt: "asc" } });
    expect(as).toHaveLength(3);
    for (const [i, a] of as.entries()) {
      const r = { id: a.reviewerId, email: "", name: "r", roles: ["REVIEWER" as const], locale: "ko" as const };
      await signDeclaration(r, a.id, declaration, ctx);
      await saveReview(r, a.id, { scores: full([100, 80, 40][i]!), comment: "평가 의견을 충분히 적었습니다.", submit: true }, ctx);
    }
    const ranking = await rankProposals(admin, { callId });
    const rowA = ranking.rows.find((r) => r.proposalId === A.proposalId)!;
    expect(rowA).toMatchObject({ submittedReviews: 3, mean: 73.33, trimmedMean: 80, disagreement: true, scratchOnly: false });
    expect(rowA.stdDev).toBeCloseTo(Math.sqrt(((100 - 220 / 3) ** 2 + (80 - 220 / 3) ** 2 + (40 - 220 / 3) ** 2) / 2), 2);
    const rowC = ranking.rows.find((r) => r.proposalId === C.proposalId)!;
    expect(rowC).toMatchObject({ mean: 70, trimmedMean: 70, scratchOnly: true });
    expect(ranking.rows.map((r) => r.proposalId)).not.toContain(D.proposalId); // withdrawn
    const scratch = await rankProposals(admin, { callId, approach: "SCRATCH_ONLY" });
    expect(scratch.rows.map((r) => r.proposalId)).toEqual([C.proposalId]);
    expect((await rankProposals(admin, { callId, disagreementOnly: true })).rows.map((r) => r.proposalId).sort()).toEqual([A.proposalId, C.proposalId].sort());
  });
});
