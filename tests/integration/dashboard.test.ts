import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { callDashboard } from "@/lib/admin/dashboard";
import { createConsortium } from "@/lib/consortia/create-consortium";
import { submitProposal } from "@/lib/proposals/submit-proposal";
import { withdrawProposal } from "@/lib/proposals/withdraw-proposal";
import { saveDraft } from "@/lib/proposals/save-draft";
import { fixedClock, setClock } from "@/lib/time/clock";
import { ctx, makeUser } from "../support/factories";
import { errorCode } from "../support/expect-error";
import { fullDraft, makeCall, org, readyProposal } from "../support/apply";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Start of the KST calendar day of `t`, as ISO UTC (15:00Z the day before). */
const kstDay = (t: number) => new Date(Math.floor((t + 9 * HOUR) / DAY) * DAY - 9 * HOUR).toISOString();

const scratch = fullDraft().models[0];
const foreignFineTune = fullDraft().models[1]; // FINE_TUNED from a US base
const continued = (country: string) => ({ name: `CPT-${country}`, parameterCount: 7_000_000_000, architecture: "decoder-only transformer", approach: "CONTINUED_PRETRAINING", baseModel: { name: "Base", developer: "Lab", country, license: "Apache-2.0" } });

/** Runs `fn` with the clock at `at` (writes judge the cutoff on it). */
async function at<T>(t: number, fn: () => Promise<T>): Promise<T> {
  const r = setClock(fixedClock(new Date(t)));
  try {
    return await fn();
  } finally {
    r();
  }
}
const submit = (owner: Parameters<typeof submitProposal>[0], id: string) => submitProposal(owner, id, { body: {}, idempotencyKey: null }, ctx);

let admin: Awaited<ReturnType<typeof makeUser>>;
let callId: string;
let cutoff: number;
let opensAt: number;
let times: { p1: number; p2a: number; p2b: number; p3: number; p4: number };

beforeAll(async () => {
  admin = await makeUser(["ADMIN"]);
  // The cutoff an hour away; submissions are stamped at chosen instants by an injected clock.
  cutoff = Date.now() + HOUR;
  opensAt = cutoff - 4 * DAY;
  const call = await makeCall({ opensAt: new Date(opensAt), closesAt: new Date(cutoff) });
  callId = call.id;
  const [P1, P2, P3, P4] = await Promise.all([readyProposal(call.slug), readyProposal(call.slug), readyProposal(call.slug), readyProposal(call.slug), readyProposal(call.slug)]);
  // (the fifth stays a draft) and one consortium never starts a proposal
  await createConsortium(await makeUser(), { callSlug: call.slug, name: "제안서 없는 컨소시엄", lead: org() }, ctx);

  times = { p1: cutoff - 3 * DAY, p4: cutoff - 2 * DAY, p2a: cutoff - 5 * HOUR - 55 * MIN, p2b: cutoff - 25 * MIN, p3: cutoff - 1 };
  await at(times.p1, () => submit(P1!.owner, P1!.proposalId)); // scratch + fine-tuned (US)
  await at(times.p4, () => submit(P4!.owner, P4!.proposalId));
  await at(times.p4 + DAY, () => withdrawProposal(P4!.owner, P4!.proposalId, ctx));
  await at(times.p2a, () => submit(P2!.owner, P2!.proposalId));
  // P2 resubmits with scratch + continued pre-training from a Korean and a Chinese base.
  await at(times.p2b - MIN, async () => {
    const cur = await db.proposal.findUniqueOrThrow({ where: { id: P2!.proposalId }, select: { draftVersion: true } });
    await saveDraft(P2!.owner, P2!.proposalId, { draft: fullDraft({ models: [scratch, continued("KR"), continued("CN")] }), expectedVersion: cur.draftVersion }, ctx);
  });
  await at(times.p2b, () => submit(P2!.owner, P2!.proposalId));
  // P3: only a model fine-tuned from a foreign base, one millisecond before the cutoff.
  await saveDraft(P3!.owner, P3!.proposalId, { draft: fullDraft({ models: [foreignFineTune] }), expectedVersion: P3!.draftVersion }, ctx);
  await at(times.p3, () => submit(P3!.owner, P3!.proposalId));

  // Review assignments, written directly: only ACTIVE ones on SUBMITTED proposals count.
  const reviewers = await Promise.all([1, 2, 3].map(() => makeUser(["REVIEWER"])));
  const base = { callId, source: "MANUAL" as const, assignedById: admin.id, assignedAt: new Date() };
  const done = new Date();
  await db.reviewAssignment.createMany({
    data: [
      { ...base, proposalId: P1!.proposalId, reviewerId: reviewers[0]!.id, declarationAt: done, submittedAt: done },
      { ...base, proposalId: P1!.proposalId, reviewerId: reviewers[1]!.id, declarationAt: done },
      { ...base, proposalId: P2!.proposalId, reviewerId: reviewers[0]!.id },
      { ...base, proposalId: P3!.proposalId, reviewerId: reviewers[2]!.id, status: "REMOVED", declarationAt: done, submittedAt: done },
      { ...base, proposalId: P4!.proposalId, reviewerId: reviewers[2]!.id, declarationAt: done, submittedAt: done },
    ],
  });
}, 120_000);

describe("callDashboard", () => {
  it("counts proposals by status and consortia without a proposal", async () => {
    const d = await callDashboard(admin, callId);
    expect(d.status).toEqual({ DRAFT: 1, SUBMITTED: 3, WITHDRAWN: 1, total: 5, consortiaWithoutProposal: 1 });
    expect(d.call).toMatchObject({ id: callId, totalBudget: 193_600_000_000, closesAt: new Date(cutoff).toISOString(), state: "OPEN" });
  });

  it("buckets submitted versions per KST day over the window and per 10 minutes over the last 6 hours", async () => {
    const { submissions: s } = await callDashboard(admin, callId);
    // 5 versions: P1, P4 (withdrawn later, still a submission), P2 twice, P3.
    expect(s).toMatchObject({ total: 5, resubmissions: 1, afterCutoff: 0, finalHoursTotal: 3 });
    // The window spans 4 days, so 5 KST calendar days unless opensAt falls exactly on midnight.
    expect(s.perDay[0]!.start).toBe(kstDay(opensAt));
    expect(s.perDay.at(-1)!.start).toBe(kstDay(cutoff - 1));
    expect(s.perDay.length).toBe((Date.parse(kstDay(cutoff - 1)) - Date.parse(kstDay(opensAt))) / DAY + 1);
    const expected = new Map<string, number>();
    for (const t of [times.p1, times.p4, times.p2a, times.p2b, times.p3]) expected.set(kstDay(t), (expected.get(kstDay(t)) ?? 0) + 1);
    for (const b of s.perDay) expect(b.count, b.start).toBe(expected.get(b.start) ?? 0);
    expect(s.perDay.find((b) => b.start === kstDay(times.p2b))!.resubmissions).toBe(1);

    // 36 bins of 10 minutes ending exactly at the cutoff.
    expect(s.finalHours).toHaveLength(36);
    expect(s.finalFrom).toBe(new Date(cutoff - 6 * HOUR).toISOString());
    expect(s.finalHours[0]!.start).toBe(new Date(cutoff - 6 * HOUR).toISOString());
    expect(s.finalHours[35]!.start).toBe(new Date(cutoff - 10 * MIN).toISOString());
    const nonEmpty = s.finalHours.map((b, i) => [i, b.count] as const).filter(([, n]) => n > 0);
    // P2 at −5:55 → bin 0; P2 again at −0:25 → bin 33 (−0:30…−0:20); P3 at −1 ms → bin 35.
    expect(nonEmpty).toEqual([
      [0, 1],
      [33, 1],
      [35, 1],
    ]);
  });

  it("splits the last submitted versions' models by approach, flagging foreign bases", async () => {
    const { models } = await callDashboard(admin, callId);
    // P1: scratch + FT(US); P2 (latest): scratch + CPT(KR) + CPT(CN); P3: FT(US). P4 is withdrawn.
    expect(models.byApproach).toEqual([
      { approach: "FROM_SCRATCH", models: 2, foreignBase: 0 },
      { approach: "CONTINUED_PRETRAINING", models: 2, foreignBase: 1 },
      { approach: "FINE_TUNED", models: 2, foreignBase: 2 },
    ]);
    expect(models).toMatchObject({ proposals: 3, total: 6, foreignBase: 3, fineTunedFromForeign: 2, proposalsWithScratch: 2, foreignFineTuneOnlyProposals: 1 });
  });

  it("sums the requested budget of SUBMITTED proposals against the call's budget", async () => {
    const { budget } = await callDashboard(admin, callId);
    expect(budget).toEqual({ requestedKrw: 90_000_000_000, totalKrw: 193_600_000_000, proposals: 3 });
  });

  it("reports review progress over active assignments on submitted proposals", async () => {
    const { reviews } = await callDashboard(admin, callId);
    expect(reviews).toEqual({ assigned: 3, declared: 2, submitted: 1, proposalsAssigned: 2, proposalsReviewed: 1, proposalsToReview: 3 });
  });

  it("shows an empty call as zeros over its whole window", async () => {
    const closes = Date.parse("2025-07-21T07:00:00.000Z");
    const call = await makeCall({ opensAt: new Date("2025-06-20T15:00:00.000Z"), closesAt: new Date(closes) });
    const d = await callDashboard(admin, call.id);
    expect(d.status).toEqual({ DRAFT: 0, SUBMITTED: 0, WITHDRAWN: 0, total: 0, consortiaWithoutProposal: 0 });
    // 2025-06-21 … 2025-07-21 KST: 31 days; the first starts at 00:00 KST.
    expect(d.submissions.perDay).toHaveLength(31);
    expect(d.submissions.perDay[0]!.start).toBe("2025-06-20T15:00:00.000Z");
    expect(d.submissions.perDay[30]!.start).toBe("2025-07-20T15:00:00.000Z");
    expect(d.submissions.finalHours.map((b) => b.count)).toEqual(Array(36).fill(0));
    expect(d.submissions.finalHours[0]!.start).toBe("2025-07-21T01:00:00.000Z");
    expect(d.models).toMatchObject({ proposals: 0, total: 0, foreignBase: 0 });
    expect(d.budget).toEqual({ requestedKrw: 0, totalKrw: 193_600_000_000, proposals: 0 });
    expect(d.reviews).toMatchObject({ assigned: 0, submitted: 0, proposalsReviewed: 0 });
  });

  it("is for admins only: applicants and reviewers get FORBIDDEN, anonymous UNAUTHENTICATED", async () => {
    expect(await errorCode(callDashboard(await makeUser(["APPLICANT"]), callId))).toBe("FORBIDDEN");
    expect(await errorCode(callDashboard(await makeUser(["REVIEWER"]), callId))).toBe("FORBIDDEN");
    expect(await errorCode(callDashboard(null, callId))).toBe("UNAUTHENTICATED");
    // Even for a call that does not exist: the role is checked first.
    expect(await errorCode(callDashboard(await makeUser(["APPLICANT"]), crypto.randomUUID()))).toBe("FORBIDDEN");
  });

  it("answers CALL_NOT_FOUND for an unknown or malformed id", async () => {
    expect(await errorCode(callDashboard(admin, crypto.randomUUID()))).toBe("CALL_NOT_FOUND");
    expect(await errorCode(callDashboard(admin, "not-a-uuid"))).toBe("CALL_NOT_FOUND");
  });
});
