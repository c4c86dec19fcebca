import type { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { countExport } from "@/lib/exports/source";
import { exportCsv } from "@/lib/exports/write";
import { submitProposal } from "@/lib/proposals/submit-proposal";
import { withdrawProposal } from "@/lib/proposals/withdraw-proposal";
import { saveDraft } from "@/lib/proposals/save-draft";
import { pageOutbox, pageUsers } from "@/lib/users/admin-lists";
import { updateUser } from "@/lib/users/admin-users";
import { auditActionLabel, auditDetails } from "@/lib/audit/labels";
import { recordAudit } from "@/lib/audit/record";
import { dashboardCallPicker, groupPickerCalls } from "@/lib/admin/dashboard";
import { fixedClock, setClock } from "@/lib/time/clock";
import { ctx, makeUser, uniqueEmail } from "../support/factories";
import { appError, errorCode } from "../support/expect-error";
import { fullDraft, makeCall, readyProposal } from "../support/apply";

// Issue 12 items 14–15: the export scope's row count, the users and outbox pages, the audit log's
// names and details, and the dashboard's default call, against the real database and clock.

async function read(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

let admin: Awaited<ReturnType<typeof makeUser>>;
let applicant: Awaited<ReturnType<typeof makeUser>>;
let reviewer: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  admin = await makeUser(["ADMIN"]);
  applicant = await makeUser(["APPLICANT"]);
  reviewer = await makeUser(["REVIEWER"]);
});

describe("countExport: the export card's row count is the export's", () => {
  let callId: string;
  beforeAll(async () => {
    const call = await makeCall({ closesAt: new Date(Date.now() + 3600_000) });
    callId = call.id;
    const ps = [await readyProposal(call.slug), await readyProposal(call.slug), await readyProposal(call.slug), await readyProposal(call.slug)];
    // One scratch-only proposal; one left a draft (never exported); one withdrawn.
    await saveDraft(ps[1]!.owner, ps[1]!.proposalId, { draft: fullDraft({ models: [fullDraft().models[0]] }), expectedVersion: ps[1]!.draftVersion }, ctx);
    for (const p of ps.slice(0, 3)) await submitProposal(p.owner, p.proposalId, { body: {}, idempotencyKey: null }, ctx);
    await withdrawProposal(ps[2]!.owner, ps[2]!.proposalId, ctx);
    await db.consortium.update({ where: { id: ps[0]!.consortiumId }, data: { name: "찾는 100% 컨소시엄" } });
  });

  it("matches the rows of proposals.csv for every filter", async () => {
    const filters = [
      { callId },
      { callId, status: "SUBMITTED" },
      { callId, status: "WITHDRAWN" },
      { callId, approach: "SCRATCH_ONLY" },
      { callId, approach: "HAS_FINE_TUNED" },
      { callId, approach: "FOREIGN_FINE_TUNE_ONLY" },
      { callId, leadType: "LARGE_ENTERPRISE" },
      { callId, leadType: "UNIVERSITY" },
      { callId, q: "100%" },
      { callId, q: "찾는" },
      { callId, q: "없는 이름" },
    ];
    const counts: number[] = [];
    for (const f of filters) {
      const rows = parse(await read((await exportCsv(admin, f, "proposals", ctx)).stream), { bom: true, columns: true }) as unknown[];
      const n = await countExport(admin, f);
      expect(n, JSON.stringify(f)).toBe(rows.length);
      counts.push(n);
    }
    expect(counts).toEqual([3, 2, 1, 1, 2, 0, 3, 0, 1, 1, 0]);
  });

  it("refuses a non-admin, a draft filter and a call that does not exist", async () => {
    for (const who of [applicant, reviewer, null]) expect(await errorCode(countExport(who, { callId }))).toBe(who ? "FORBIDDEN" : "UNAUTHENTICATED");
    expect((await appError(countExport(admin, { callId, status: "DRAFT" }))).code).toBe("VALIDATION_FAILED");
    expect(await errorCode(countExport(admin, { callId: "00000000-0000-4000-8000-000000000000" }))).toBe("CALL_NOT_FOUND");
  });
});

describe("pageUsers", () => {
  const tag = `pg${Date.now().toString(36)}`;
  beforeAll(async () => {
    // 30 users with one creation time: the id decides their order, so pages neither repeat nor skip.
    const at = new Date("2030-01-01T00:00:00Z");
    for (let i = 0; i < 30; i++) {
      const u = await makeUser(i % 3 === 0 ? ["REVIEWER"] : ["APPLICANT"], { email: `${tag}-${String(i).padStart(2, "0")}@example.com`, verified: i % 5 !== 0 });
      await db.user.update({ where: { id: u.id }, data: { createdAt: at, ...(i === 7 ? { disabledAt: new Date() } : {}) } });
    }
  });

  it("pages in a stable order, bounded, every user once", async () => {
    const seen: string[] = [];
    let pages = 0;
    for (let page = 1; ; page++) {
      const r = await pageUsers(admin, { q: tag, page: String(page), pageSize: "10" });
      pages = r.pages;
      seen.push(...r.rows.map((u) => u.email));
      if (page >= r.pages) break;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(30);
    const again = await pageUsers(admin, { q: tag, page: "2", pageSize: "10" });
    expect(again.rows.map((u) => u.email)).toEqual(seen.slice(10, 20));
    // Past the last page: no rows, the same total.
    const past = await pageUsers(admin, { q: tag, page: "9", pageSize: "10" });
    expect(past.rows).toEqual([]);
    expect(past.total).toBe(30);
    // The default page size is 25.
    expect((await pageUsers(admin, { q: tag })).rows).toHaveLength(25);
  });

  it("filters by role, state and e-mail text", async () => {
    expect((await pageUsers(admin, { q: tag, role: "REVIEWER", pageSize: "100" })).total).toBe(10);
    expect((await pageUsers(admin, { q: tag, role: "ADMIN" })).total).toBe(0);
    expect((await pageUsers(admin, { q: tag, state: "disabled" })).rows.map((u) => u.email)).toEqual([`${tag}-07@example.com`]);
    expect((await pageUsers(admin, { q: tag, state: "unverified" })).total).toBe(6);
    expect((await pageUsers(admin, { q: tag, state: "active" })).total).toBe(23);
    expect((await pageUsers(admin, { q: `${tag}-1`, pageSize: "100" })).total).toBe(10);
    // Blank fields from the GET form mean "no filter".
    expect((await pageUsers(admin, { q: tag, role: "", state: "", page: "", pageSize: "" })).total).toBe(30);
  });

  it("refuses hostile parameters with VALIDATION_FAILED (the page then shows its defaults)", async () => {
    for (const bad of [{ page: "0" }, { page: "-1" }, { page: "abc" }, { page: "1e9" }, { pageSize: "1000" }, { pageSize: "7" }, { role: "ROOT" }, { state: "gone" }, { q: "\u0000" }, { q: ["a", "b"] }, { q: "x".repeat(400) }, { other: "1" }]) {
      expect((await appError(pageUsers(admin, bad))).code, JSON.stringify(bad)).toBe("VALIDATION_FAILED");
    }
  });

  it("is for admins only", async () => {
    for (const who of [applicant, reviewer]) expect(await errorCode(pageUsers(who, {}))).toBe("FORBIDDEN");
    expect(await errorCode(pageUsers(null, {}))).toBe("UNAUTHENTICATED");
  });
});

describe("pageOutbox", () => {
  const tag = `ob${Date.now().toString(36)}`;
  beforeAll(async () => {
    // 12 mails over three KST days: 2031-03-01 (4), 03-02 (4), 03-03 (4); 23:30 KST counts for its own KST day.
    const days = ["2031-03-01T14:30:00Z", "2031-03-02T14:30:00Z", "2031-03-03T14:30:00Z"]; // 23:30 KST on 03-01, 03-02, 03-03 (UTC: the same dates)
    for (let i = 0; i < 12; i++) {
      await db.mailOutbox.create({
        data: { to: `${tag}-${i % 2 ? "kim" : "lee"}@example.com`, subject: i % 3 === 0 ? `[${tag}] 초대 안내` : `[${tag}] 마감 알림`, text: `링크 https://portal.test/reset?token=abcDEF123_-${i}`, kind: "TEST", createdAt: new Date(Date.parse(days[Math.floor(i / 4)]!) + i * 1000) },
      });
    }
  });

  it("filters by recipient, subject and KST day, pages newest first", async () => {
    expect((await pageOutbox(admin, { subject: tag })).total).toBe(12);
    expect((await pageOutbox(admin, { to: `${tag}-kim` })).total).toBe(6);
    expect((await pageOutbox(admin, { subject: `${tag}] 초대` })).total).toBe(4);
    expect((await pageOutbox(admin, { subject: tag, from: "2031-03-02" })).total).toBe(8);
    expect((await pageOutbox(admin, { subject: tag, until: "2031-03-01" })).total).toBe(4);
    expect((await pageOutbox(admin, { subject: tag, from: "2031-03-02", until: "2031-03-02" })).total).toBe(4);
    const p1 = await pageOutbox(admin, { subject: tag, pageSize: "10" });
    const p2 = await pageOutbox(admin, { subject: tag, pageSize: "10", page: "2" });
    expect(p1.pages).toBe(2);
    expect(p2.rows).toHaveLength(2);
    const times = [...p1.rows, ...p2.rows].map((m) => m.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set([...p1.rows, ...p2.rows].map((m) => m.id)).size).toBe(12);
  });

  it("redacts one-time links unless the outbox is the mailbox on purpose", async () => {
    const was = process.env.OUTBOX_LINKS;
    process.env.OUTBOX_LINKS = "0";
    try {
      const r = await pageOutbox(admin, { subject: tag, pageSize: "100" });
      for (const m of r.rows) expect(m.text).toContain("token=[redacted]");
    } finally {
      process.env.OUTBOX_LINKS = was;
    }
  });

  it("refuses hostile parameters and is for admins only", async () => {
    for (const bad of [{ from: "2031-02-30" }, { from: "yesterday" }, { from: "2031-03-02", until: "2031-03-01" }, { pageSize: "101" }, { page: "0" }, { to: "\u0000" }, { subject: ["a", "b"] }]) {
      expect((await appError(pageOutbox(admin, bad))).code, JSON.stringify(bad)).toBe("VALIDATION_FAILED");
    }
    for (const who of [applicant, reviewer]) expect(await errorCode(pageOutbox(who, {}))).toBe("FORBIDDEN");
  });
});

describe("audit log: Korean action names and readable details", () => {
  it("names what the code wrote, and shows its data as labelled lines", async () => {
    const user = await makeUser(["APPLICANT"]);
    await updateUser(admin, user.id, { roles: ["APPLICANT", "REVIEWER"] }, ctx);
    const e = await db.auditEvent.findFirstOrThrow({ where: { entityType: "USER", entityId: user.id, action: "user.roles_changed" } });
    expect(auditActionLabel(e.action, "ko")).toBe("역할 변경");
    expect(auditActionLabel(e.action, "en")).toBe("Roles changed");
    const lines = auditDetails(e.data, "ko");
    expect(lines).toHaveLength(2);
    expect(lines).toContainEqual({ key: "from", label: "이전", value: "신청자" });
    expect(lines).toContainEqual({ key: "to", label: "이후", value: "신청자, 심사위원" });
    expect(auditDetails(e.data, "en")).toContainEqual({ key: "to", label: "After", value: "Applicant, Reviewer" });
  });

  it("walks nested data, shows instants in KST, leaves secrets out and redacts links", async () => {
    const call = await makeCall();
    const e = await db.$transaction((tx) =>
      recordAudit(tx, {
        entityType: "CALL",
        entityId: call.id,
        action: "call.updated",
        actorId: admin.id,
        data: {
          before: { closesAt: "2025-08-29T07:00:00.000Z" },
          after: { closesAt: "2025-08-30T07:00:00.000Z" },
          confirmed: true,
          token: "s3cr3t-token",
          passwordHash: "$argon2id$…",
          nested: { apiKey: "k", note: "see https://portal.test/reset?token=abcdefABCDEF123" },
        },
      }),
    );
    const lines = auditDetails(e.data, "ko");
    expect(lines).toContainEqual({ key: "before.closesAt", label: "이전 · 접수 마감", value: expect.stringContaining("2025년 8월 29일") });
    expect(lines.find((l) => l.key === "before.closesAt")!.value).toContain("16:00");
    expect(lines).toContainEqual({ key: "confirmed", label: "확인함", value: "예" });
    const text = JSON.stringify(lines);
    expect(text).not.toContain("s3cr3t");
    expect(text).not.toContain("argon2");
    expect(text).not.toContain("abcdefABCDEF123");
    expect(text).toContain("token=[redacted]");
    expect(lines.map((l) => l.key)).not.toContain("nested.apiKey");
    expect(auditActionLabel("made.up_action", "ko")).toBe("made.up_action");
    expect(auditDetails({}, "ko")).toEqual([]);
  });
});

describe("dashboard: the picker's groups and default call at the clock's now", () => {
  const T = (iso: string) => new Date(iso);
  let ids: Record<string, string>;
  beforeAll(async () => {
    const mk = async (name: string, opensAt: string, closesAt: string, isDemo = false) => {
      const c = await makeCall({ opensAt: T(opensAt), closesAt: T(closesAt) });
      await db.call.update({ where: { id: c.id }, data: { titleKo: `대시보드 ${name}`, isDemo } });
      return c.id;
    };
    ids = {
      early: await mk("early", "2090-01-01T00:00:00Z", "2090-02-01T00:00:00Z"),
      long: await mk("long", "2090-03-01T00:00:00Z", "2090-06-01T00:00:00Z"),
      soon: await mk("soon", "2090-03-10T00:00:00Z", "2090-04-01T00:00:00Z"),
      demo: await mk("demo", "2090-03-01T00:00:00Z", "2090-03-20T00:00:00Z", true),
      later: await mk("later", "2090-09-01T00:00:00Z", "2090-10-01T00:00:00Z"),
    };
  });
  async function at(iso: string) {
    const restore = setClock(fixedClock(iso));
    try {
      return await dashboardCallPicker(admin);
    } finally {
      restore();
    }
  }

  it("opens on the open call (the real one closing soonest), else the next upcoming, else the most recently closed", async () => {
    const during = await at("2090-03-15T00:00:00Z");
    expect(during.defaultCall!.id).toBe(ids.soon);
    expect(during.groups.OPEN.map((c) => c.id)).toEqual([ids.soon, ids.long, ids.demo]);
    expect(during.groups.UPCOMING.map((c) => c.id)).toEqual([ids.later]);
    expect(during.groups.CLOSED[0]!.id).toBe(ids.early);

    // Between calls: the next one to open.
    const between = await at("2090-07-01T00:00:00Z");
    expect(between.groups.OPEN).toEqual([]);
    expect(between.defaultCall!.id).toBe(ids.later);

    // After all: the most recently closed.
    const after = await at("2091-01-01T00:00:00Z");
    expect(after.defaultCall!.id).toBe(ids.later);
    expect(after.groups.CLOSED.slice(0, 3).map((c) => c.id)).toEqual([ids.later, ids.long, ids.soon]);

    // An open demo call is still preferred to an upcoming real one.
    const demoOnly = groupPickerCalls([{ id: "d", titleKo: "", titleEn: "", opensAt: T("2090-01-01"), closesAt: T("2090-12-01"), isDemo: true }, { id: "u", titleKo: "", titleEn: "", opensAt: T("2090-06-01"), closesAt: T("2090-07-01"), isDemo: false }], T("2090-03-01"));
    expect(demoOnly.defaultCall!.id).toBe("d");
    expect(groupPickerCalls([], T("2090-03-01")).defaultCall).toBeNull();
  });

  it("scales to 200 calls (one query) and is for admins only", async () => {
    await db.call.createMany({
      data: Array.from({ length: 200 }, (_, i) => ({
        slug: `bulk-${Date.now().toString(36)}-${i}`,
        titleKo: `대량 공고 ${i}`,
        titleEn: `Bulk call ${i}`,
        ministryKo: "과학기술정보통신부",
        ministryEn: "MSIT",
        totalBudget: 1_000_000_000n,
        opensAt: T(`2095-01-01T00:00:00Z`),
        closesAt: new Date(Date.parse("2095-02-01T00:00:00Z") + i * 60_000),
        rubric: [] as never,
        rules: {},
      })),
    });
    const r = await at("2095-01-15T00:00:00Z");
    expect(r.groups.OPEN).toHaveLength(200);
    expect(r.defaultCall!.titleKo).toBe("대량 공고 0");
    for (const who of [applicant, reviewer]) expect(await errorCode(dashboardCallPicker(who))).toBe("FORBIDDEN");
    expect(uniqueEmail()).toContain("@");
  });
});
