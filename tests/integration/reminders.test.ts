import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "@/lib/db/client";
import { verifyAuditChain } from "@/lib/audit/verify";
import { grantExtension } from "@/lib/calls/grant-extension";
import { createConsortium } from "@/lib/consortia/create-consortium";
import { createProposal } from "@/lib/proposals/create-proposal";
import { computeReadiness } from "@/lib/proposals/readiness";
import { sendDeadlineReminders } from "@/lib/proposals/reminders";
import { submitProposal } from "@/lib/proposals/submit-proposal";
import { withdrawProposal } from "@/lib/proposals/withdraw-proposal";
import { DEADLINE_REMINDERS, JOBS_SCHEMA, startJobs, stopJobs } from "@/lib/jobs";
import { formatKstDateTime } from "@/lib/time/kst";
import { ctx, makeUser } from "../support/factories";
import { addMember, makeCall, org, readyProposal } from "../support/apply";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const BASE = "http://portal.test";
const previousBaseUrl = process.env.NEXTAUTH_URL;
beforeAll(() => {
  process.env.NEXTAUTH_URL = `${BASE}/`;
});
afterAll(() => {
  if (previousBaseUrl === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = previousBaseUrl;
});

/** A whole second some days ahead of the real clock, so the consortia can be built while the call is open. */
function cutoffInDays(days: number) {
  return new Date(Math.floor((Date.now() + days * DAY) / 1000) * 1000);
}

async function memberEmails(consortiumId: string) {
  const ms = await db.consortiumMember.findMany({ where: { consortiumId }, select: { user: { select: { email: true } } } });
  return ms.map((m) => m.user.email).sort();
}

async function reminderMails(to: string[]) {
  return db.mailOutbox.findMany({ where: { to: { in: to }, kind: "DEADLINE_REMINDER" }, orderBy: { createdAt: "asc" } });
}

async function reminderRows(consortiumId: string) {
  const rows = await db.deadlineReminder.findMany({ where: { consortiumId }, select: { kind: true, skipped: true } });
  return Object.fromEntries(rows.map((r) => [r.kind, r.skipped ? "skipped" : "sent"]));
}

const at = (t: Date, ms: number) => new Date(t.getTime() + ms);
const byConsortium = (outcomes: { consortiumId: string; kind: string; skipped: string[] }[]) =>
  Object.fromEntries(outcomes.map((o) => [o.consortiumId, o.skipped.length ? `${o.kind} (skipped ${o.skipped.join(", ")})` : o.kind]));

describe("deadline reminders 72 h, 24 h and 1 h before the cutoff", () => {
  let T: Date;
  let submitted: string;
  let draft: { consortiumId: string; proposalId: string };
  let noProposal: string;
  let withdrawn: string;
  let extended: string;
  let englishMember: string;

  beforeAll(async () => {
    T = cutoffInDays(20);
    const call = await makeCall({ closesAt: T });

    const s = await readyProposal(call.slug);
    await submitProposal(s.owner, s.proposalId, { body: {}, idempotencyKey: null }, ctx);
    submitted = s.consortiumId;

    const w = await readyProposal(call.slug);
    await submitProposal(w.owner, w.proposalId, { body: {}, idempotencyKey: null }, ctx);
    await withdrawProposal(w.owner, w.proposalId, ctx);
    withdrawn = w.consortiumId;

    const dOwner = await makeUser();
    const d = await createConsortium(dOwner, { callSlug: call.slug, name: "초안 컨소시엄", lead: org("초안 주식회사") }, ctx);
    const dp = await createProposal(dOwner, { consortiumId: d.id }, ctx);
    draft = { consortiumId: d.id, proposalId: dp.id };

    const nOwner = await makeUser();
    const n = await createConsortium(nOwner, { callSlug: call.slug, name: "미작성 컨소시엄", lead: org("미작성 주식회사") }, ctx);
    const english = await addMember(nOwner, n.id, n.leadOrganizationId, "EDITOR");
    await db.user.update({ where: { id: english.id }, data: { locale: "en" } });
    englishMember = english.email;
    noProposal = n.id;

    const eOwner = await makeUser();
    const e = await createConsortium(eOwner, { callSlug: call.slug, name: "연장 컨소시엄", lead: org("연장 주식회사") }, ctx);
    const admin = await makeUser(["ADMIN"]);
    await grantExtension(admin, { consortiumId: e.id, until: at(T, 2 * DAY).toISOString(), reason: "포털 장애로 인한 접수 기한 연장" }, ctx);
    extended = e.id;
  }, 120_000);

  const unsubmitted = () => [draft.consortiumId, noProposal, withdrawn];

  it("sends nothing 73 h before the cutoff", async () => {
    expect(await sendDeadlineReminders(at(T, -73 * HOUR))).toEqual([]);
    expect(await db.mailOutbox.count({ where: { kind: "DEADLINE_REMINDER" } })).toBe(0);
  });

  it("at 72 h mails every member of the consortia that have not submitted, in their language, and audits it", async () => {
    const outcomes = await sendDeadlineReminders(at(T, -72 * HOUR));
    expect(byConsortium(outcomes)).toEqual({ [draft.consortiumId]: "72h", [noProposal]: "72h", [withdrawn]: "72h" });

    for (const id of unsubmitted()) {
      const emails = await memberEmails(id);
      const mails = await reminderMails(emails);
      expect(mails.map((m) => m.to).sort()).toEqual(emails);
      expect(outcomes.find((o) => o.consortiumId === id)!.recipients.sort()).toEqual(emails);
      for (const m of mails) expect(m.text).toContain(`${BASE}/consortia/${id}`);
      expect(await reminderRows(id)).toEqual({ H72: "sent" });
      const audit = await db.auditEvent.findFirstOrThrow({ where: { entityType: "CONSORTIUM", entityId: id, action: "consortium.deadline_reminder" } });
      expect(audit.data).toMatchObject({ kind: "72h", recipients: expect.arrayContaining(emails) });
      expect((await verifyAuditChain("CONSORTIUM", id)).ok).toBe(true);
    }
    for (const id of [submitted, extended]) expect(await reminderMails(await memberEmails(id))).toEqual([]);

    const [ko] = await reminderMails([(await memberEmails(draft.consortiumId))[0]!]);
    expect(ko!.subject).toBe("[독자 AI 파운데이션 모델 접수 포털] 접수 마감 72시간 전 안내 — 시험 공고");
    expect(ko!.text).toContain(`접수 마감: ${formatKstDateTime(T, "ko")}`);
    const blocking = (await computeReadiness(draft.proposalId)).items.filter((i) => i.severity === "error").length;
    expect(blocking).toBeGreaterThan(0);
    expect(ko!.text).toContain(`남은 보완 사항: ${blocking}건`);

    const [en] = await reminderMails([englishMember]);
    expect(en!.subject).toBe("[Sovereign AI intake portal] The call closes in 72 hours — Test call");
    expect(en!.text).toContain(`Deadline: ${formatKstDateTime(T, "en")}`);
    expect(en!.text).toContain("Status: no proposal yet");

    const [w] = await reminderMails([(await memberEmails(withdrawn))[0]!]);
    expect(w!.text).toContain("접수 철회");
  });

  it("sends nothing new an hour later: each reminder goes out once", async () => {
    const before = await db.mailOutbox.count({ where: { kind: "DEADLINE_REMINDER" } });
    expect(await sendDeadlineReminders(at(T, -71 * HOUR))).toEqual([]);
    expect(await sendDeadlineReminders(at(T, -71 * HOUR))).toEqual([]);
    expect(await db.mailOutbox.count({ where: { kind: "DEADLINE_REMINDER" } })).toBe(before);
  });

  it("after a gap sends only the most urgent reminder due; the 24 h one is recorded as skipped and never sent", async () => {
    const outcomes = await sendDeadlineReminders(at(T, -30 * 60_000));
    expect(byConsortium(outcomes)).toEqual({
      [draft.consortiumId]: "1h (skipped 24h)",
      [noProposal]: "1h (skipped 24h)",
      [withdrawn]: "1h (skipped 24h)",
      // The extension moved this consortium's cutoff to T + 48 h: its 72 h window has just begun.
      [extended]: "72h",
    });
    for (const id of unsubmitted()) {
      expect(await reminderRows(id)).toEqual({ H72: "sent", H24: "skipped", H1: "sent" });
      const emails = await memberEmails(id);
      const mails = await reminderMails(emails);
      expect(mails).toHaveLength(2 * emails.length);
      expect(mails.filter((m) => /24시간|24 hours/.test(m.subject))).toEqual([]);
      expect(mails.filter((m) => /1시간|1 hour\b/.test(m.subject))).toHaveLength(emails.length);
    }
    const [ext] = await reminderMails(await memberEmails(extended));
    expect(ext!.text).toContain(formatKstDateTime(at(T, 2 * DAY), "ko"));
    expect(await sendDeadlineReminders(at(T, -1))).toEqual([]);
  });

  it("sends nothing once the cutoff has passed; an extended consortium is reminded against its own cutoff", async () => {
    const before = await db.mailOutbox.count({ where: { kind: "DEADLINE_REMINDER" } });
    expect(await sendDeadlineReminders(T)).toEqual([]);
    expect(await sendDeadlineReminders(at(T, HOUR))).toEqual([]);
    expect(await db.mailOutbox.count({ where: { kind: "DEADLINE_REMINDER" } })).toBe(before);
    expect(byConsortium(await sendDeadlineReminders(at(T, 47.5 * HOUR)))).toEqual({ [extended]: "1h (skipped 24h)" });
    expect(await sendDeadlineReminders(at(T, 2 * DAY))).toEqual([]);
    expect(await reminderMails(await memberEmails(submitted))).toEqual([]);
  });
});

describe("several instances at the same instant", () => {
  it("five runs in parallel send each member exactly one mail", async () => {
    const T = cutoffInDays(40);
    const call = await makeCall({ closesAt: T });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const owner = await makeUser();
      const c = await createConsortium(owner, { callSlug: call.slug, name: `동시 컨소시엄 ${i}`, lead: org(`동시 주식회사 ${i}`) }, ctx);
      await addMember(owner, c.id, c.leadOrganizationId, "VIEWER");
      ids.push(c.id);
    }
    const when = at(T, -23 * HOUR);
    const runs = await Promise.all(Array.from({ length: 5 }, () => sendDeadlineReminders(when)));
    const sent = runs.flat().filter((o) => ids.includes(o.consortiumId));
    expect(sent.map((o) => o.consortiumId).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const emails = await memberEmails(id);
      expect(emails).toHaveLength(2);
      expect((await reminderMails(emails)).map((m) => m.to).sort()).toEqual(emails);
      expect(await reminderRows(id)).toEqual({ H24: "sent", H72: "skipped" });
      expect(await db.auditEvent.count({ where: { entityId: id, action: "consortium.deadline_reminder" } })).toBe(1);
    }
  });
});

describe("the pg-boss runner", () => {
  const watched = ["TCPSocketWrap", "Timeout"];
  const handles = () => {
    const counts: Record<string, number> = {};
    for (const r of process.getActiveResourcesInfo()) if (watched.includes(r)) counts[r] = (counts[r] ?? 0) + 1;
    return counts;
  };

  it("starts on the test database, runs the reminder job from its queue, and stops leaving no handles", async () => {
    const call = await makeCall({ closesAt: new Date(Date.now() + 30 * 60_000) });
    const owner = await makeUser();
    const c = await createConsortium(owner, { callSlug: call.slug, name: "작업 큐 컨소시엄", lead: org("작업 큐 주식회사") }, ctx);
    await closeDb();
    const baseline = handles();

    const boss = await startJobs(process.env.DATABASE_URL!, { log: () => {}, pollingIntervalSeconds: 0.5 });
    try {
      expect(await startJobs(process.env.DATABASE_URL!)).toBe(boss);
      expect(await boss.getQueue(DEADLINE_REMINDERS)).toMatchObject({ name: DEADLINE_REMINDERS, policy: "stately" });
      expect(await boss.getSchedules()).toEqual([expect.objectContaining({ name: DEADLINE_REMINDERS, cron: "* * * * *" })]);
      const tables = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = ${JOBS_SCHEMA}`;
      expect(tables[0]!.n).toBeGreaterThan(0);
      // The minute's scheduled run may already be queued (the queue keeps one): then that one runs.
      await boss.send(DEADLINE_REMINDERS, {});
      let rows = 0;
      for (let i = 0; i < 60 && rows === 0; i++) {
        await new Promise((r) => setTimeout(r, 250));
        rows = await db.deadlineReminder.count({ where: { consortiumId: c.id } });
      }
      expect(await reminderRows(c.id)).toEqual({ H1: "sent", H24: "skipped", H72: "skipped" });
    } finally {
      await stopJobs();
    }
    await stopJobs(); // a second stop is a no-op
    await closeDb();
    let left = handles();
    for (let i = 0; i < 30 && watched.some((k) => (left[k] ?? 0) > (baseline[k] ?? 0)); i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = handles();
    }
    for (const k of watched) expect(left[k] ?? 0, k).toBeLessThanOrEqual(baseline[k] ?? 0);
  }, 30_000);
});
