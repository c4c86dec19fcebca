import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { verifyAuditChain } from "@/lib/audit/verify";
import { fixedClock, setClock } from "@/lib/time/clock";
import { registerUser } from "@/lib/users/register-user";
import { verifyEmail } from "@/lib/users/verify-email";
import { requestPasswordReset, resetPassword } from "@/lib/users/password-reset";
import { authenticate } from "@/lib/auth/sign-in";
import { truncateAll } from "../support/db";
import { errorCode } from "../support/expect-error";
import { counts, ctx, REGISTER_CONSENTS, STRONG_PASSWORD, tokenFromLastMail, uniqueEmail } from "../support/factories";

beforeEach(truncateAll);

describe("registerUser", () => {
  it("creates an unverified applicant, a hashed token, the verification mail and an audit event, together", async () => {
    const email = uniqueEmail();
    const user = await registerUser({ consents: REGISTER_CONSENTS, email: email.toUpperCase(), password: STRONG_PASSWORD, name: "김신청" }, ctx);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.email).toBe(email);
    expect(row.roles).toEqual(["APPLICANT"]);
    expect(row.emailVerifiedAt).toBeNull();
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    const mail = await db.mailOutbox.findFirstOrThrow({ where: { to: email } });
    expect(mail.subject).toContain("인증");
    expect(mail.text).toContain("http://portal.test/verify?token=");
    const token = await tokenFromLastMail(email);
    const stored = await db.userToken.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.tokenHash).not.toContain(token); // only the hash is stored
    const audit = await db.auditEvent.findMany({ where: { entityId: user.id } });
    expect(audit.map((a) => a.action)).toEqual(["user.registered"]);
    expect(audit[0]!.ip).toBe(ctx.ip);
  });

  it("refuses a duplicate email (any case) and leaves nothing half-written", async () => {
    const email = uniqueEmail();
    await registerUser({ consents: REGISTER_CONSENTS, email, password: STRONG_PASSWORD, name: "첫째" }, ctx);
    const before = await counts();
    expect(await errorCode(registerUser({ consents: REGISTER_CONSENTS, email: ` ${email.toUpperCase()} `, password: STRONG_PASSWORD, name: "둘째" }, ctx))).toBe("EMAIL_TAKEN");
    expect(await counts()).toEqual(before);
  });

  it("refuses malformed input with field messages and writes nothing", async () => {
    const before = await counts();
    const bad = [
      { consents: REGISTER_CONSENTS, email: "not-an-email", password: STRONG_PASSWORD, name: "x" },
      { consents: REGISTER_CONSENTS, email: uniqueEmail(), password: "short", name: "x" },
      { consents: REGISTER_CONSENTS, email: uniqueEmail(), password: "password1234", name: "x" },
      { consents: REGISTER_CONSENTS, email: uniqueEmail(), password: STRONG_PASSWORD, name: "" },
      { consents: REGISTER_CONSENTS, email: uniqueEmail(), password: STRONG_PASSWORD, name: "x".repeat(101) },
      { consents: REGISTER_CONSENTS, email: uniqueEmail(), password: STRONG_PASSWORD, name: "x", locale: "fr" },
      null,
      "a string",
    ];
    for (const input of bad) expect(await errorCode(registerUser(input, ctx))).toBe("VALIDATION_FAILED");
    expect(await counts()).toEqual(before);
    const weak = await registerUser({ consents: REGISTER_CONSENTS, email: uniqueEmail(), password: "password1234", name: "x" }, ctx).catch((e) => e);
    expect(weak.fields).toEqual({ password: "passwordWeak" });
  });
});

describe("verifyEmail", () => {
  let restore: () => void = () => {};
  afterEach(() => restore());

  it("verifies once; a reused link is TOKEN_USED, a garbled one TOKEN_INVALID", async () => {
    const email = uniqueEmail();
    const user = await registerUser({ consents: REGISTER_CONSENTS, email, password: STRONG_PASSWORD, name: "김" }, ctx);
    const token = await tokenFromLastMail(email);
    expect(await errorCode(authenticate({ email, password: STRONG_PASSWORD }, null))).toBe("EMAIL_NOT_VERIFIED");
    await verifyEmail({ token }, ctx);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).not.toBeNull();
    expect(await errorCode(verifyEmail({ token }, ctx))).toBe("TOKEN_USED");
    expect(await errorCode(verifyEmail({ token: token.slice(0, -2) + "xx" }, ctx))).toBe("TOKEN_INVALID");
    expect(await errorCode(verifyEmail({ token: "../../etc/passwd" }, ctx))).toBe("TOKEN_INVALID");
    expect(await errorCode(verifyEmail({}, ctx))).toBe("TOKEN_INVALID");
    expect(await authenticate({ email, password: STRONG_PASSWORD }, null)).toMatchObject({ id: user.id });
  });

  it("an expired link is TOKEN_EXPIRED and leaves the address unverified", async () => {
    const clock = fixedClock("2026-01-01T00:00:00.000Z");
    restore = setClock(clock);
    const email = uniqueEmail();
    const user = await registerUser({ consents: REGISTER_CONSENTS, email, password: STRONG_PASSWORD, name: "김" }, ctx);
    const token = await tokenFromLastMail(email);
    clock.advance(24 * 3600_000); // exactly the TTL: already expired
    expect(await errorCode(verifyEmail({ token }, ctx))).toBe("TOKEN_EXPIRED");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeNull();
    clock.advance(-1);
    await verifyEmail({ token }, ctx);
  });
});

describe("password reset", () => {
  it("mails only existing accounts, sets the new password once and ends old sessions", async () => {
    const email = uniqueEmail();
    const user = await registerUser({ consents: REGISTER_CONSENTS, email, password: STRONG_PASSWORD, name: "김" }, ctx);
    await verifyEmail({ token: await tokenFromLastMail(email) }, ctx);
    const unknown = uniqueEmail();
    await (await requestPasswordReset({ email: unknown }, ctx)).done; // the mail goes out after the answer
    expect(await db.mailOutbox.count({ where: { to: unknown } })).toBe(0);

    await (await requestPasswordReset({ email }, ctx)).done;
    const token = await tokenFromLastMail(email);
    const sv = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion;
    expect(await errorCode(resetPassword({ token, password: "password1234" }, ctx))).toBe("VALIDATION_FAILED");
    await resetPassword({ token, password: "a-brand-new-passphrase-77" }, ctx);
    expect(await errorCode(resetPassword({ token, password: "another-new-passphrase-88" }, ctx))).toBe("TOKEN_USED");
    expect(await authenticate({ email, password: STRONG_PASSWORD }, null)).toBeNull();
    expect(await authenticate({ email, password: "a-brand-new-passphrase-77" }, null)).toMatchObject({ sessionVersion: sv + 1 });
    expect(await verifyAuditChain("USER", user.id)).toMatchObject({ ok: true });
  });
});
