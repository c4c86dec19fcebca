import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { SIGN_IN_LIMITS } from "@/lib/auth/rate-limit";
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
    for (let i = 0; i < perIp; i++) await authenticate({ email: uniqueEmail("spray"), password: "wrong-password-1" }, ip);
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
