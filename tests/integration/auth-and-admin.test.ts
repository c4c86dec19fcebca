import { beforeEach, describe, expect, it } from "vitest";
import { db, getPool } from "@/lib/db/client";
import { verifyAuditChain } from "@/lib/audit/verify";
import { actorFromClaims } from "@/lib/auth/session";
import { authenticate, endAllSessions } from "@/lib/auth/sign-in";
import { SIGN_IN_LIMITS } from "@/lib/auth/rate-limit";
import { createStaffUser, listOutbox, listUsers, updateUser } from "@/lib/users/admin-users";
import { resetPassword } from "@/lib/users/password-reset";
import { truncateAll } from "../support/db";
import { errorCode } from "../support/expect-error";
import { counts, ctx, makeUser, STRONG_PASSWORD, tokenFromLastMail, uniqueEmail } from "../support/factories";

beforeEach(truncateAll);

describe("authenticate (the Credentials provider's check)", () => {
  it("accepts the right password, refuses a wrong one or an unknown email alike, and audits each", async () => {
    const u = await makeUser();
    expect(await authenticate({ email: u.email, password: STRONG_PASSWORD }, "198.51.100.1")).toMatchObject({ id: u.id, sessionVersion: 1 });
    expect(await authenticate({ email: u.email, password: "wrong-password-123" }, "198.51.100.1")).toBeNull();
    expect(await authenticate({ email: uniqueEmail(), password: "whatever-123456" }, "198.51.100.1")).toBeNull();
    expect(await authenticate({ email: "not an email", password: "x" }, null)).toBeNull();
    const events = await db.auditEvent.findMany({ orderBy: { id: "asc" } });
    expect(events.map((e) => [e.entityType, e.action, (e.data as { reason?: string }).reason ?? null])).toEqual([
      ["USER", "auth.signed_in", null],
      ["USER", "auth.sign_in_failed", "wrong_password"],
      ["SIGNIN", "auth.sign_in_failed", "unknown_email"],
    ]);
    expect(events[0]!.ip).toBe("198.51.100.1");
  });

  it("refuses disabled and unverified accounts only after the password matched", async () => {
    const unverified = await makeUser(["APPLICANT"], { verified: false });
    expect(await authenticate({ email: unverified.email, password: "wrong-password-123" }, null)).toBeNull();
    expect(await errorCode(authenticate({ email: unverified.email, password: STRONG_PASSWORD }, null))).toBe("EMAIL_NOT_VERIFIED");
    const admin = await makeUser(["ADMIN"]);
    const u = await makeUser();
    await updateUser(admin, u.id, { disabled: true }, ctx);
    expect(await errorCode(authenticate({ email: u.email, password: STRONG_PASSWORD }, null))).toBe("ACCOUNT_DISABLED");
  });

  it(`blocks an (account, address) pair after ${SIGN_IN_LIMITS.perAccountAddress.points} failures, even with the right password, in PostgreSQL`, async () => {
    const u = await makeUser();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAddress.points; i++) {
      expect(await authenticate({ email: u.email, password: `wrong-${i}-password` }, "192.0.2.9")).toBeNull();
    }
    expect(await errorCode(authenticate({ email: u.email, password: STRONG_PASSWORD }, "192.0.2.9"))).toBe("RATE_LIMITED");
    const { rows } = await getPool().query("SELECT points FROM rate_limits WHERE key = $1", [`signin_perAccountAddress:${u.email}|192.0.2.9`]);
    expect(rows[0].points).toBe(SIGN_IN_LIMITS.perAccountAddress.points);
    // the account from another address, and another account from this one, are not affected (decision 012)
    expect(await authenticate({ email: u.email, password: STRONG_PASSWORD }, "192.0.2.200")).not.toBeNull();
    const other = await makeUser();
    expect(await authenticate({ email: other.email, password: STRONG_PASSWORD }, "192.0.2.9")).not.toBeNull();
  });

  it("a success clears the account's failure count", async () => {
    const u = await makeUser();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAddress.points - 1; i++) await authenticate({ email: u.email, password: "wrong-password-x1" }, null);
    expect(await authenticate({ email: u.email, password: STRONG_PASSWORD }, null)).not.toBeNull();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAddress.points - 1; i++) await authenticate({ email: u.email, password: "wrong-password-x1" }, null);
    expect(await authenticate({ email: u.email, password: STRONG_PASSWORD }, null)).not.toBeNull();
  });
});

describe("session version", () => {
  it("a token stops counting after sign-out, a role change or disabling", async () => {
    const admin = await makeUser(["ADMIN"]);
    const u = await makeUser();
    expect(await actorFromClaims(u.id, 1)).toMatchObject({ id: u.id, roles: ["APPLICANT"] });
    await endAllSessions(u.id, null);
    expect(await actorFromClaims(u.id, 1)).toBeNull();
    expect(await actorFromClaims(u.id, 2)).not.toBeNull();
    await updateUser(admin, u.id, { roles: ["APPLICANT", "REVIEWER"] }, ctx);
    expect(await actorFromClaims(u.id, 2)).toBeNull();
    expect(await actorFromClaims(u.id, 3)).toMatchObject({ roles: ["APPLICANT", "REVIEWER"] });
    await updateUser(admin, u.id, { disabled: true }, ctx);
    expect(await actorFromClaims(u.id, 4)).toBeNull();
    expect(await actorFromClaims(undefined, 1)).toBeNull();
    expect(await actorFromClaims(u.id, undefined)).toBeNull();
  });
});

describe("admin user management: permission matrix", () => {
  it("anonymous → UNAUTHENTICATED, applicant or reviewer → FORBIDDEN, with nothing written", async () => {
    const applicant = await makeUser(["APPLICANT"]);
    const reviewer = await makeUser(["REVIEWER"]);
    const target = await makeUser();
    const before = await counts();
    const input = { email: uniqueEmail("rev"), name: "심사위원", roles: ["REVIEWER"] };
    expect(await errorCode(createStaffUser(null, input, ctx))).toBe("UNAUTHENTICATED");
    for (const who of [applicant, reviewer]) {
      expect(await errorCode(createStaffUser(who, input, ctx))).toBe("FORBIDDEN");
      expect(await errorCode(updateUser(who, target.id, { roles: ["ADMIN"] }, ctx))).toBe("FORBIDDEN");
      expect(await errorCode(listUsers(who))).toBe("FORBIDDEN");
      expect(await errorCode(listOutbox(who))).toBe("FORBIDDEN");
    }
    // the check comes before validation: a non-admin learns nothing from a bad body
    expect(await errorCode(createStaffUser(applicant, { nonsense: true }, ctx))).toBe("FORBIDDEN");
    expect(await counts()).toEqual(before);
  });

  it("an admin creates a reviewer, who sets a password through the invitation and is verified by it", async () => {
    const admin = await makeUser(["ADMIN"]);
    const email = uniqueEmail("rev");
    const created = await createStaffUser(admin, { email, name: "이평가", roles: ["REVIEWER", "REVIEWER"] }, ctx);
    expect(created.roles).toEqual(["REVIEWER"]);
    expect(await errorCode(createStaffUser(admin, { email, name: "again", roles: ["ADMIN"] }, ctx))).toBe("EMAIL_TAKEN");
    const outbox = await listOutbox(admin, { to: email });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.subject).toContain("심사위원");
    await resetPassword({ token: await tokenFromLastMail(email), password: "reviewer-own-passphrase-1" }, ctx);
    expect(await authenticate({ email, password: "reviewer-own-passphrase-1" }, null)).toMatchObject({ id: created.id });
  });

  it("role changes are audited with before and after; an admin cannot demote or disable themself", async () => {
    const admin = await makeUser(["ADMIN"]);
    const u = await makeUser();
    await updateUser(admin, u.id, { roles: ["REVIEWER"] }, ctx);
    const ev = await db.auditEvent.findFirstOrThrow({ where: { entityId: u.id, action: "user.roles_changed" } });
    expect(ev.actorId).toBe(admin.id);
    expect(ev.data).toEqual({ from: ["APPLICANT"], to: ["REVIEWER"] });
    expect(await errorCode(updateUser(admin, admin.id, { roles: ["REVIEWER"] }, ctx))).toBe("FORBIDDEN");
    expect(await errorCode(updateUser(admin, admin.id, { disabled: true }, ctx))).toBe("FORBIDDEN");
    expect(await errorCode(updateUser(admin, "00000000-0000-0000-0000-000000000000", { roles: ["ADMIN"] }, ctx))).toBe("NOT_FOUND");
    expect(await errorCode(updateUser(admin, "not-a-uuid", { roles: ["ADMIN"] }, ctx))).toBe("NOT_FOUND");
    expect(await errorCode(updateUser(admin, u.id, { roles: ["KING"] }, ctx))).toBe("VALIDATION_FAILED");
  });
});

describe("audit hash chain", () => {
  it("verifies per entity and detects an altered, deleted or reordered row", async () => {
    const admin = await makeUser(["ADMIN"]);
    const u = await makeUser();
    await updateUser(admin, u.id, { roles: ["REVIEWER"] }, ctx);
    await updateUser(admin, u.id, { roles: ["APPLICANT", "REVIEWER"] }, ctx);
    await updateUser(admin, u.id, { disabled: true }, ctx);
    expect(await verifyAuditChain("USER", u.id)).toEqual({ ok: true, events: 3 });
    // concurrent writers on one entity still produce one unbroken chain
    await Promise.all([1, 2, 3, 4, 5].map(() => endAllSessions(admin.id, null)));
    expect(await verifyAuditChain("USER", admin.id)).toEqual({ ok: true, events: 5 });

    await getPool().query(`UPDATE audit_events SET data = '{"from":["APPLICANT"],"to":["ADMIN"]}' WHERE entity_id = $1 AND seq = 1`, [u.id]);
    expect(await verifyAuditChain("USER", u.id)).toMatchObject({ ok: false, brokenAt: 1 });
    await getPool().query(`DELETE FROM audit_events WHERE entity_id = $1 AND seq = 3`, [admin.id]);
    expect(await verifyAuditChain("USER", admin.id)).toMatchObject({ ok: false, brokenAt: 4 });
  });
});
