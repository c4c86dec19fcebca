import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { listAuditEvents, verifyEntityChain } from "@/lib/audit/list";
import { getAdminCall, listCallConsortia } from "@/lib/admin/calls";
import { createCall, updateCall } from "@/lib/calls/admin-calls";
import { grantExtension } from "@/lib/calls/grant-extension";
import { fixedClock, setClock, systemClock } from "@/lib/time/clock";
import { updateUser } from "@/lib/users/admin-users";
import { truncateAll } from "../support/db";
import { appError, errorCode } from "../support/expect-error";
import { ctx, makeUser } from "../support/factories";
import { makeCall, readyProposal } from "../support/apply";

beforeEach(truncateAll);

const RUBRIC = [
  { key: "independence", labelKo: "독자성", labelEn: "Independence", maxPoints: 60, weight: 60 },
  { key: "technical", labelKo: "기술력", labelEn: "Technical", maxPoints: 40, weight: 40 },
];

async function scene() {
  const admin = await makeUser(["ADMIN"]);
  const other = await makeUser(["ADMIN"]);
  const applicant = await makeUser(["APPLICANT"]);
  setClock(fixedClock(new Date("2025-07-01T00:00:00.000Z")));
  const call = await createCall(admin, { slug: "audit-call", titleKo: "감사 공고", titleEn: "Audit call", ministryKo: "과기정통부", ministryEn: "MSIT", totalBudget: 1_000_000_000, opensAt: "2025-07-01T09:00:00+09:00", closesAt: "2025-07-21T16:00:00+09:00", rubric: RUBRIC }, ctx);
  setClock(fixedClock(new Date("2025-07-02T00:00:00.000Z")));
  await updateCall(admin, call.id, { titleEn: "Audit call (edited)" }, ctx);
  setClock(fixedClock(new Date("2025-07-03T00:00:00.000Z")));
  await updateUser(other, applicant.id, { roles: ["APPLICANT", "REVIEWER"] }, { ...ctx, ip: "198.51.100.9" });
  setClock(systemClock);
  return { admin, other, applicant, call };
}

describe("listAuditEvents", () => {
  it("lists newest first with the actor's email, and filters by entity, action prefix, actor, time and page", async () => {
    const { admin, other, applicant, call } = await scene();
    const all = await listAuditEvents(admin, {});
    expect(all.events.map((e) => e.action)).toEqual(["user.roles_changed", "call.updated", "call.created"]);
    expect(all.events[0]).toMatchObject({ entityType: "USER", entityId: applicant.id, actorEmail: other.email, actorName: other.name, ip: "198.51.100.9", seq: 1, data: { from: ["APPLICANT"], to: ["APPLICANT", "REVIEWER"] } });
    expect(all.events[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(all.total).toBe(3);

    const forCall = await listAuditEvents(admin, { entityType: "call", entityId: call.id });
    expect(forCall.events.map((e) => [e.action, e.seq])).toEqual([["call.updated", 2], ["call.created", 1]]);
    expect((await listAuditEvents(admin, { action: "call." })).total).toBe(2);
    expect((await listAuditEvents(admin, { action: "user.roles" })).events.map((e) => e.entityId)).toEqual([applicant.id]);
    expect((await listAuditEvents(admin, { actorEmail: other.email.toUpperCase() })).events.map((e) => e.action)).toEqual(["user.roles_changed"]);
    expect((await listAuditEvents(admin, { actorId: admin.id })).total).toBe(2);
    expect((await listAuditEvents(admin, { actorId: "not-a-uuid" })).total).toBe(0);
    expect((await listAuditEvents(admin, { actorEmail: "nobody@nowhere.test" })).total).toBe(0);
    // from inclusive, to exclusive
    const window = await listAuditEvents(admin, { from: "2025-07-02T09:00:00+09:00", to: "2025-07-03T00:00:00.000Z" });
    expect(window.events.map((e) => e.action)).toEqual(["call.updated"]);
    // GET form blanks mean "any"; page/take arrive as strings
    const page2 = await listAuditEvents(admin, { actorEmail: "", action: "", entityType: "", entityId: "", from: "", to: "", take: "1", page: "2" });
    expect(page2).toMatchObject({ total: 3, pages: 3, page: 2, take: 1 });
    expect(page2.events.map((e) => e.action)).toEqual(["call.updated"]);
    expect(await errorCode(listAuditEvents(admin, { take: 500 }))).toBe("VALIDATION_FAILED");
    expect(await errorCode(listAuditEvents(admin, { from: "yesterday" }))).toBe("VALIDATION_FAILED");
  });

  it("verifies an entity's chain on demand and detects an altered row", async () => {
    const { admin, call } = await scene();
    expect(await verifyEntityChain(admin, { entityType: "CALL", entityId: call.id })).toEqual({ entityType: "CALL", entityId: call.id, ok: true, events: 2 });
    await db.$executeRaw`UPDATE audit_events SET data = '{"slug":"forged"}'::jsonb WHERE entity_type = 'CALL' AND entity_id = ${call.id} AND seq = 1`;
    expect(await verifyEntityChain(admin, { entityType: "CALL", entityId: call.id })).toMatchObject({ ok: false, events: 2, brokenAt: 1 });
    expect(await errorCode(verifyEntityChain(admin, { entityType: "", entityId: call.id }))).toBe("VALIDATION_FAILED");
  });

  // Issue 11 item 12: a chain with no events is not "intact"; the entity type's case does not matter.
  it("answers 404 for an entity with no events, reads a lower-case type as the upper-case one, refuses unknown types", async () => {
    const { admin, call } = await scene();
    expect(await errorCode(verifyEntityChain(admin, { entityType: "CALL", entityId: "00000000-0000-4000-8000-000000000000" }))).toBe("NOT_FOUND");
    expect(await verifyEntityChain(admin, { entityType: "call", entityId: call.id })).toEqual({ entityType: "CALL", entityId: call.id, ok: true, events: 2 });
    const e = await appError(verifyEntityChain(admin, { entityType: "CALLS", entityId: call.id }));
    expect([e.code, e.fields]).toEqual(["VALIDATION_FAILED", { entityType: "invalidOption" }]);
  });

  it("answers FORBIDDEN to applicants and reviewers and UNAUTHENTICATED to nobody", async () => {
    const call = await makeCall();
    for (const roles of [["APPLICANT"], ["REVIEWER"], ["APPLICANT", "REVIEWER"]] as const) {
      const u = await makeUser([...roles]);
      expect(await errorCode(listAuditEvents(u, {}))).toBe("FORBIDDEN");
      expect(await errorCode(verifyEntityChain(u, { entityType: "CALL", entityId: call.id }))).toBe("FORBIDDEN");
      expect(await errorCode(getAdminCall(u, call.id))).toBe("FORBIDDEN");
      expect(await errorCode(listCallConsortia(u, call.id))).toBe("FORBIDDEN");
    }
    expect(await errorCode(listAuditEvents(null, {}))).toBe("UNAUTHENTICATED");
    expect(await errorCode(verifyEntityChain(null, { entityType: "CALL", entityId: call.id }))).toBe("UNAUTHENTICATED");
  });
});

describe("the call page's admin services", () => {
  it("lists a call's consortia with proposal status and latest extension, and every extension granted", async () => {
    const admin = await makeUser(["ADMIN"]);
    const call = await makeCall();
    const ready = await readyProposal(call.slug);
    const first = new Date(call.closesAt.getTime() + 3_600_000).toISOString();
    const second = new Date(call.closesAt.getTime() + 2 * 3_600_000).toISOString();
    await grantExtension(admin, { consortiumId: ready.consortiumId, until: second, reason: "업로드 서버 장애 (15:40~15:58)" }, ctx);
    await grantExtension(admin, { consortiumId: ready.consortiumId, until: first, reason: "두 번째 기록: 더 이른 시각" }, ctx);
    const { consortia, extensions } = await listCallConsortia(admin, call.id);
    expect(consortia).toEqual([{ id: ready.consortiumId, name: "독자AI 컨소시엄", leadOrganization: "리드 주식회사", proposalStatus: "DRAFT", extensionUntil: second }]);
    expect(extensions).toHaveLength(2);
    expect(extensions[0]).toMatchObject({ consortiumId: ready.consortiumId, grantedBy: admin.email, reason: "두 번째 기록: 더 이른 시각" });
    const full = await getAdminCall(admin, call.id);
    expect(full).toMatchObject({ id: call.id, rules: { requiredAttachments: ["BUSINESS_PLAN", "CONSORTIUM_AGREEMENT"], onePerLeadOrganization: true }, submittedVersions: 0, reviewOpensAt: null });
    expect(full.rubric.reduce((s, c) => s + c.weight, 0)).toBe(100);
    expect(await errorCode(getAdminCall(admin, "nope"))).toBe("CALL_NOT_FOUND");
    // The extensions reached the call's audit chain, which holds.
    const events = await listAuditEvents(admin, { entityType: "CALL", entityId: call.id, action: "extension." });
    expect(events.total).toBe(2);
    expect(await verifyEntityChain(admin, { entityType: "CALL", entityId: call.id })).toMatchObject({ ok: true, events: 2 });
  });
});
