import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { actorFromAccessToken, createAccessToken, listAccessTokens, revokeAccessToken } from "@/lib/auth/access-tokens";
import { createCall, listLateAttempts, updateCall } from "@/lib/calls/admin-calls";
import { fixedClock, setClock } from "@/lib/time/clock";
import { PROGRAM_RUBRIC } from "@/lib/calls/program";
import { ctx, makeUser } from "../support/factories";
import { appError, errorCode } from "../support/expect-error";

describe("personal access tokens", () => {
  it("are shown once, stored hashed, act as their user, and stop on revoke, expiry or a disabled user", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const t = await createAccessToken(user, { name: "배치 스크립트", expiresInDays: 30 }, ctx);
    expect(t.token).toMatch(/^sapt_[A-Za-z0-9_-]{43}$/);
    const row = await db.personalAccessToken.findUniqueOrThrow({ where: { id: t.id } });
    expect(row.tokenHash).not.toContain(t.token.slice(5));
    expect(JSON.stringify(await listAccessTokens(user))).not.toContain(t.token);
    expect((await actorFromAccessToken(t.token))?.id).toBe(user.id);
    expect(await actorFromAccessToken(t.token + "x")).toBeNull();
    expect(await actorFromAccessToken("not-a-token")).toBeNull();

    const restore = setClock(fixedClock(new Date(Date.now() + 31 * 86_400_000)));
    try {
      expect(await actorFromAccessToken(t.token)).toBeNull();
    } finally {
      restore();
    }
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await actorFromAccessToken(t.token)).toBeNull();
    await db.user.update({ where: { id: user.id }, data: { disabledAt: null } });

    expect(await errorCode(revokeAccessToken(other, t.id, ctx))).toBe("NOT_FOUND");
    await revokeAccessToken(user, t.id, ctx);
    expect(await actorFromAccessToken(t.token)).toBeNull();
    expect(await errorCode(revokeAccessToken(user, t.id, ctx))).toBe("NOT_FOUND");
    const actions = (await db.auditEvent.findMany({ where: { entityType: "USER", entityId: user.id }, orderBy: { seq: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["token.created", "token.revoked"]);
  });
});

const callInput = () => ({
  slug: `call-${Math.random().toString(36).slice(2, 10)}`,
  titleKo: "2차 추경 AI 대전환 공고",
  titleEn: "AI transformation call",
  ministryKo: "과학기술정보통신부",
  ministryEn: "MSIT",
  totalBudget: 65_600_000_000,
  opensAt: "2025-08-01T00:00:00+09:00",
  closesAt: "2025-08-29T16:00:00+09:00",
  rubric: PROGRAM_RUBRIC,
});

describe("admin calls", () => {
  it("only admins create and edit calls; the rubric's weights sum to 100; times are instants", async () => {
    const admin = await makeUser(["ADMIN"]);
    const applicant = await makeUser();
    expect(await errorCode(createCall(applicant, callInput(), ctx))).toBe("FORBIDDEN");
    expect(await errorCode(createCall(null, callInput(), ctx))).toBe("UNAUTHENTICATED");
    const bad = await appError(createCall(admin, { ...callInput(), rubric: [{ ...PROGRAM_RUBRIC[0]!, weight: 50 }], closesAt: "2025-07-01T00:00:00+09:00", opensAt: "yesterday" }, ctx));
    expect(bad.fields).toEqual({ rubric: "rubricWeightsNot100", opensAt: "dateTimeInvalid" });
    const c = await createCall(admin, callInput(), ctx);
    expect(c.closesAt).toBe("2025-08-29T07:00:00.000Z");
    expect(await errorCode(createCall(admin, { ...callInput(), slug: c.slug }, ctx))).toBe("CONFLICT");
    expect(await errorCode(updateCall(applicant, c.id, { titleKo: "x" }, ctx))).toBe("FORBIDDEN");
    expect(await errorCode(updateCall(admin, "00000000-0000-4000-8000-000000000000", { titleKo: "x" }, ctx))).toBe("CALL_NOT_FOUND");
    expect((await appError(updateCall(admin, c.id, { closesAt: "2025-07-01T00:00:00Z" }, ctx))).fields).toEqual({ closesAt: "closesBeforeOpens" });
    expect((await appError(updateCall(admin, c.id, { surprise: 1 }, ctx))).code).toBe("VALIDATION_FAILED");
    await updateCall(admin, c.id, { summaryKo: "요약", isDemo: true, reviewClosesAt: "2025-10-01T18:00:00+09:00" }, ctx);
    const moved = await updateCall(admin, c.id, { closesAt: "2025-08-29T18:00:00+09:00" }, ctx);
    // A partial update leaves what it did not send alone.
    expect(await db.call.findUniqueOrThrow({ where: { id: c.id }, select: { summaryKo: true, isDemo: true, reviewClosesAt: true } })).toEqual({ summaryKo: "요약", isDemo: true, reviewClosesAt: new Date("2025-10-01T09:00:00.000Z") });
    expect(moved.closesAt).toBe("2025-08-29T09:00:00.000Z");
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityType: "CALL", entityId: c.id, action: "call.cutoff_moved" } });
    expect(audit.data).toMatchObject({ before: { closesAt: "2025-08-29T07:00:00.000Z" }, after: { closesAt: "2025-08-29T09:00:00.000Z" } });
    expect(await errorCode(listLateAttempts(applicant))).toBe("FORBIDDEN");
  });
});
