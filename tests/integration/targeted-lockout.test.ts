import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { ACCOUNT_LIMITS, countFailedSignIn, SIGN_IN_LIMITS } from "@/lib/auth/rate-limit";
import { requestPasswordReset, resetPassword } from "@/lib/users/password-reset";
import { fixedClock, setClock } from "@/lib/time/clock";
import { authenticateByLink, requestSignInLink } from "@/lib/auth/sign-in-link";
import { authenticate } from "@/lib/auth/sign-in";
import { truncateAll } from "../support/db";
import { errorCode } from "../support/expect-error";
import { ctx, makeUser, STRONG_PASSWORD, tokenFromLastMail, uniqueEmail } from "../support/factories";

// Issue 11 item 5: wrong passwords from an attacker's address must not lock the owner out (decision 012).

beforeEach(truncateAll);

const OWNER_IP = "203.0.113.10";
const LIMITS = SIGN_IN_LIMITS;

async function fail(email: string, ip: string, n: number) {
  for (let i = 0; i < n; i++) {
    const r = await authenticate({ email, password: `wrong-${i}-password` }, ip).catch((e) => e.code);
    expect([null, "RATE_LIMITED"]).toContain(r);
  }
}

describe("sign-in throttling by (account, address), address, and a far higher account ceiling", () => {
  it("the owner signs in from their address while an attacker hammers the account from another", async () => {
    const owner = await makeUser();
    await fail(owner.email, "198.51.100.66", 30);
    // The attacker's address is refused for this account, even with the right password…
    expect(await errorCode(authenticate({ email: owner.email, password: STRONG_PASSWORD }, "198.51.100.66"))).toBe("RATE_LIMITED");
    // …the owner is not.
    expect(await authenticate({ email: owner.email, password: STRONG_PASSWORD }, OWNER_IP)).toMatchObject({ id: owner.id });
  });

  it("one address guessing across many accounts is refused for every account", async () => {
    const ip = "198.51.100.77";
    const perIp = LIMITS.perIp.points;
    // Most failures counted directly (as authenticate does), the last ones through authenticate: 1,000 hashes take a minute.
    for (let i = 0; i < perIp - 5; i++) await countFailedSignIn(uniqueEmail("spray"), ip);
    for (let i = 0; i < 5; i++) await authenticate({ email: uniqueEmail("spray"), password: "wrong-password-1" }, ip);
    const u = await makeUser();
    expect(await errorCode(authenticate({ email: u.email, password: STRONG_PASSWORD }, ip))).toBe("RATE_LIMITED");
    expect(await authenticate({ email: u.email, password: STRONG_PASSWORD }, OWNER_IP)).toMatchObject({ id: u.id });
  }, 120_000);

  it("past the account ceiling (many addresses) the password is refused, and the emailed sign-in link still works, once", async () => {
    process.env.OUTBOX_LINKS = "1";
    const owner = await makeUser();
    const perPair = LIMITS.perAccountAddress.points;
    const ceiling = LIMITS.perAccount.points;
    expect(ceiling).toBeGreaterThanOrEqual(10 * perPair);
    for (let a = 0; a < ceiling / perPair; a++) await fail(owner.email, `192.0.2.${a + 1}`, perPair);
    expect(await errorCode(authenticate({ email: owner.email, password: STRONG_PASSWORD }, OWNER_IP))).toBe("RATE_LIMITED");

    await (await requestSignInLink({ email: owner.email }, { ...ctx, ip: OWNER_IP })).done;
    const mail = await db.mailOutbox.findFirstOrThrow({ where: { to: owner.email, kind: "SIGN_IN_LINK" } });
    expect(mail.text).toContain("http://portal.test/signin/link?token=");
    const token = await tokenFromLastMail(owner.email);
    expect(await authenticateByLink({ token, csrfToken: "c", callbackUrl: "http://localhost/", json: "true" }, OWNER_IP) /* next-auth passes its whole form */).toMatchObject({ id: owner.id });
    expect(await errorCode(authenticateByLink({ token }, OWNER_IP))).toBe("TOKEN_USED");
    expect(await errorCode(authenticateByLink({ token: "x".repeat(43) }, OWNER_IP))).toBe("TOKEN_INVALID");
    const actions = (await db.auditEvent.findMany({ where: { entityId: owner.id }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toContain("auth.sign_in_link_requested");
    expect(actions.at(-1)).toBe("auth.signed_in_by_link");

    // An unknown or disabled address gets the same answer and no mail.
    const before = await db.mailOutbox.count();
    await (await requestSignInLink({ email: uniqueEmail("nobody") }, ctx)).done;
    expect(await db.mailOutbox.count()).toBe(before);
    delete process.env.OUTBOX_LINKS;
  }, 120_000);
});

// Issue 11 review item 1: the emailed link must not be starved by the attacker's own link requests.
describe("the one-time link cannot be starved (review item 1)", () => {
  it("password locked by 20 addresses, the link's per-email limit used up by others: the owner still gets 202 and signs in by a link", async () => {
    process.env.OUTBOX_LINKS = "1";
    const owner = await makeUser();
    const clock = fixedClock(new Date());
    const restore = setClock(clock);
    try {
      const perPair = LIMITS.perAccountAddress.points;
      for (let a = 0; a < LIMITS.perAccount.points / perPair; a++) await fail(owner.email, `192.0.2.${a + 1}`, perPair);
      expect(await errorCode(authenticate({ email: owner.email, password: STRONG_PASSWORD }, OWNER_IP))).toBe("RATE_LIMITED");
      // The attacker spends the per-email link limit from three other addresses…
      for (let i = 0; i < ACCOUNT_LIMITS.signInLinkEmail.points; i++) await (await requestSignInLink({ email: owner.email }, { ...ctx, ip: `198.51.100.${120 + i}` })).done;
      const mails = await db.mailOutbox.count({ where: { to: owner.email, kind: "SIGN_IN_LINK" } });
      expect(mails).toBe(ACCOUNT_LIMITS.signInLinkEmail.points);
      // Almost the whole window later, the owner asks from their own address: the same 202 answer, no 4th mail…
      clock.advance(59 * 60_000);
      await (await requestSignInLink({ email: owner.email }, { ...ctx, ip: OWNER_IP })).done;
      expect(await db.mailOutbox.count({ where: { to: owner.email, kind: "SIGN_IN_LINK" } })).toBe(mails);
      // …and a link the attacker's requests put in the owner's inbox still works.
      const token = await tokenFromLastMail(owner.email);
      expect(await authenticateByLink({ token }, OWNER_IP)).toMatchObject({ id: owner.id });
    } finally {
      restore();
      delete process.env.OUTBOX_LINKS;
    }
  }, 180_000);

  it("the password reset works the same way: the 4th request is answered as sent and a reset link from the window works", async () => {
    process.env.OUTBOX_LINKS = "1";
    const owner = await makeUser();
    const clock = fixedClock(new Date());
    const restore = setClock(clock);
    try {
      for (let i = 0; i < ACCOUNT_LIMITS.forgotEmail.points; i++) await (await requestPasswordReset({ email: owner.email }, { ...ctx, ip: `198.51.100.${140 + i}` })).done;
      clock.advance(59 * 60_000);
      await (await requestPasswordReset({ email: owner.email }, { ...ctx, ip: OWNER_IP })).done;
      expect(await db.mailOutbox.count({ where: { to: owner.email, kind: "RESET_PASSWORD" } })).toBe(ACCOUNT_LIMITS.forgotEmail.points);
      const token = await tokenFromLastMail(owner.email);
      await resetPassword({ token, password: "a-brand-new-passphrase-77" }, { ip: OWNER_IP });
      expect(await authenticate({ email: owner.email, password: "a-brand-new-passphrase-77" }, OWNER_IP)).toMatchObject({ id: owner.id });
    } finally {
      restore();
      delete process.env.OUTBOX_LINKS;
    }
  });

  it("requests refused by their address's limit never spend the target's per-email points", async () => {
    const owner = await makeUser();
    const ip = "198.51.100.160";
    // Use up one address's own limit on unknown addresses…
    for (let i = 0; i < ACCOUNT_LIMITS.signInLinkIp.points; i++) await (await requestSignInLink({ email: uniqueEmail("filler") }, { ...ctx, ip })).done;
    // …then aim it at the owner: refused by the address limit (429)…
    for (let i = 0; i < 5; i++) expect(await errorCode(requestSignInLink({ email: owner.email }, { ...ctx, ip }))).toBe("RATE_LIMITED");
    // …without spending the owner's points: the owner's own request mails a link.
    await (await requestSignInLink({ email: owner.email }, { ...ctx, ip: OWNER_IP })).done;
    expect(await db.mailOutbox.count({ where: { to: owner.email, kind: "SIGN_IN_LINK" } })).toBe(1);
  }, 180_000);

  it("once the owner has used a link, their next request in the same window mails a new one (the attacker's links died with the one used)", async () => {
    process.env.OUTBOX_LINKS = "1";
    const owner = await makeUser();
    try {
      for (let i = 0; i < ACCOUNT_LIMITS.signInLinkEmail.points; i++) await (await requestSignInLink({ email: owner.email }, { ...ctx, ip: `198.51.100.${170 + i}` })).done;
      expect(await authenticateByLink({ token: await tokenFromLastMail(owner.email) }, OWNER_IP)).toMatchObject({ id: owner.id });
      // A second device, the same hour: the other links are dead, so the request must mail a fresh one.
      await (await requestSignInLink({ email: owner.email }, { ...ctx, ip: OWNER_IP })).done;
      expect(await db.mailOutbox.count({ where: { to: owner.email, kind: "SIGN_IN_LINK" } })).toBe(ACCOUNT_LIMITS.signInLinkEmail.points + 1);
      expect(await authenticateByLink({ token: await tokenFromLastMail(owner.email) }, OWNER_IP)).toMatchObject({ id: owner.id });
      // The same for the reset: a used reset link kills the others, so the next request mails again.
      for (let i = 0; i < ACCOUNT_LIMITS.forgotEmail.points; i++) await (await requestPasswordReset({ email: owner.email }, { ...ctx, ip: `198.51.100.${180 + i}` })).done;
      await resetPassword({ token: await tokenFromLastMail(owner.email), password: "a-brand-new-passphrase-77" }, { ip: OWNER_IP });
      await (await requestPasswordReset({ email: owner.email }, { ...ctx, ip: OWNER_IP })).done;
      expect(await db.mailOutbox.count({ where: { to: owner.email, kind: "RESET_PASSWORD" } })).toBe(ACCOUNT_LIMITS.forgotEmail.points + 1);
    } finally {
      delete process.env.OUTBOX_LINKS;
    }
  });
});
