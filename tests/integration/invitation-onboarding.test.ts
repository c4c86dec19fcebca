// Issue 12 item 1: an invited colleague without an account keeps the invitation through sign-in,
// registration, the verification mail and sign-in again, to the accept page.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/auth/tokens";
import { createConsortium } from "@/lib/consortia/create-consortium";
import { addOrganization } from "@/lib/consortia/manage-organizations";
import { acceptInvitation, findOpenInvitation, inviteMember, revokeInvitation } from "@/lib/consortia/invitations";
import { getConsortium } from "@/lib/consortia/get-consortium";
import { requestPasswordReset } from "@/lib/users/password-reset";
import { registerUser } from "@/lib/users/register-user";
import { verificationNextPath, verifyEmail } from "@/lib/users/verify-email";
import { authenticate } from "@/lib/auth/sign-in";
import { fixedClock, setClock } from "@/lib/time/clock";
import { ctx, makeUser, REGISTER_CONSENTS, STRONG_PASSWORD, tokenFromLastMail, uniqueEmail } from "../support/factories";
import { appError, errorCode } from "../support/expect-error";
import { makeCall, org } from "../support/apply";

let slug: string;
beforeAll(async () => {
  slug = (await makeCall()).slug;
});

/** An owner's consortium with a participant organisation, and an invitation mailed to `email`. */
async function invited(email: string, role: "EDITOR" | "VIEWER" = "EDITOR") {
  const owner = await makeUser();
  await db.user.update({ where: { id: owner.id }, data: { name: "김주관" } });
  const c = await createConsortium({ ...owner, name: "김주관" }, { callSlug: slug, name: `초대 컨소시엄 ${email.slice(0, 12)}`, lead: org("주관 주식회사") }, ctx);
  const part = await addOrganization(owner, c.id, { organization: org("참여 대학교 산학협력단", "UNIVERSITY") }, ctx);
  const inv = await inviteMember({ ...owner, name: "김주관" }, c.id, { email, organizationId: part.organizationId, role }, ctx);
  return { owner, consortium: c, part, inv, token: await tokenFromLastMail(email) };
}

describe("findOpenInvitation (the sign-in page's notice)", () => {
  it("names the consortium, organisation, role and inviter of an invitation that can still be accepted", async () => {
    const email = uniqueEmail("invitee");
    const { consortium, token, inv } = await invited(email);
    const notice = await findOpenInvitation(token);
    expect(notice).toEqual({
      consortiumName: `초대 컨소시엄 ${email.slice(0, 12)}`,
      organizationName: "참여 대학교 산학협력단",
      role: "EDITOR",
      inviterName: "김주관",
      email,
      expiresAt: inv.expiresAt,
    });
    expect(consortium.id).toBeTruthy();
  });

  it("says nothing for a made-up, malformed, replaced, revoked, expired, accepted or other kind of token", async () => {
    expect(await findOpenInvitation("A".repeat(43))).toBeNull();
    for (const malformed of [undefined, null, "", "short", "x".repeat(500)]) expect(await findOpenInvitation(malformed)).toBeNull();

    // Replaced by a newer invitation to the same address, then that one revoked.
    const email = uniqueEmail("replaced");
    const first = await invited(email);
    const again = await inviteMember(first.owner, first.consortium.id, { email, organizationId: first.part.organizationId, role: "VIEWER" }, ctx);
    const second = await tokenFromLastMail(email);
    expect(await findOpenInvitation(first.token)).toBeNull();
    expect((await findOpenInvitation(second))?.role).toBe("VIEWER");
    await revokeInvitation(first.owner, first.consortium.id, again.id, ctx);
    expect(await findOpenInvitation(second)).toBeNull();

    // Expired: a week and a bit later.
    const late = await invited(uniqueEmail("late"));
    const restore = setClock(fixedClock(new Date(Date.now() + 8 * 86_400_000)));
    try {
      expect(await findOpenInvitation(late.token)).toBeNull();
    } finally {
      restore();
    }
    expect(await findOpenInvitation(late.token)).not.toBeNull();

    // Accepted.
    const member = await makeUser();
    const taken = await invited(member.email);
    await acceptInvitation(member, { token: taken.token }, ctx);
    expect(await findOpenInvitation(taken.token)).toBeNull();

    // A token of another kind (a password-reset link's) is no invitation.
    const someone = await makeUser();
    await (await requestPasswordReset({ email: someone.email }, ctx)).done;
    expect(await findOpenInvitation(await tokenFromLastMail(someone.email))).toBeNull();
  });
});

describe("registering from an invitation", () => {
  it("keeps the accept page on the verification token (not in the mail's link), and after verifying the invitee accepts", async () => {
    const email = uniqueEmail("newcomer");
    const { consortium, token } = await invited(email, "EDITOR");
    const accept = `/invitations/accept?token=${token}`;
    const user = await registerUser({ consents: REGISTER_CONSENTS, email, password: STRONG_PASSWORD, name: "이초대", callbackUrl: accept }, { ...ctx, ip: "198.51.100.20" });

    const mail = await db.mailOutbox.findFirstOrThrow({ where: { to: email, kind: "VERIFY_EMAIL" } });
    expect(mail.text).toMatch(/http:\/\/portal\.test\/verify\?token=[A-Za-z0-9_-]+\n/);
    expect(mail.text).not.toContain(token); // the invitation's token is not mailed a second time
    const verifyToken = await tokenFromLastMail(email);
    const row = await db.userToken.findUniqueOrThrow({ where: { tokenHash: sha256Hex(verifyToken) } });
    expect(row).toMatchObject({ userId: user.id, purpose: "VERIFY_EMAIL", nextPath: accept });

    // The verify page reads it (before and after the press); the press verifies as before.
    expect(await verificationNextPath(verifyToken)).toBe(accept);
    await verifyEmail({ token: verifyToken }, ctx);
    expect(await verificationNextPath(verifyToken)).toBe(accept);
    expect(await authenticate({ email, password: STRONG_PASSWORD }, "198.51.100.20")).toMatchObject({ id: user.id });

    // Another signed-in user cannot take the invitation, the new account can.
    const other = await makeUser();
    expect((await appError(acceptInvitation(other, { token }, ctx))).fields).toEqual({ token: "invitationOtherEmail" });
    const actor = { id: user.id, email, name: "이초대", roles: ["APPLICANT" as const], locale: "ko" as const };
    expect(await acceptInvitation(actor, { token }, ctx)).toMatchObject({ consortiumId: consortium.id, role: "EDITOR" });
    expect((await getConsortium(actor, consortium.id)).myRole).toBe("EDITOR");
  });

  it("drops a callbackUrl that leaves the site: it reaches neither the token nor the mail, and registering still works", async () => {
    const hostile = ["//evil.example", "https://evil.example", "/\\evil", "//evil.example/invitations/accept?token=abc", "javascript:alert(1)", "/\t/evil.example"];
    for (const [i, callbackUrl] of hostile.entries()) {
      const email = uniqueEmail(`hostile${i}`);
      const user = await registerUser({ consents: REGISTER_CONSENTS, email, password: STRONG_PASSWORD, name: "공격자", callbackUrl }, { ...ctx, ip: `198.51.100.${30 + i}` });
      const mail = await db.mailOutbox.findFirstOrThrow({ where: { to: email } });
      expect(mail.text).not.toMatch(/evil/);
      const verifyToken = await tokenFromLastMail(email);
      expect((await db.userToken.findFirstOrThrow({ where: { userId: user.id } })).nextPath).toBeNull();
      expect(await verificationNextPath(verifyToken)).toBeNull();
    }
    // A plain registration stores nothing.
    const plain = uniqueEmail("plain");
    await registerUser({ consents: REGISTER_CONSENTS, email: plain, password: STRONG_PASSWORD, name: "보통" }, { ...ctx, ip: "198.51.100.60" });
    expect(await verificationNextPath(await tokenFromLastMail(plain))).toBeNull();
    // An over-long value is a validation error of the field, not a silent store.
    expect(await errorCode(registerUser({ consents: REGISTER_CONSENTS, email: uniqueEmail(), password: STRONG_PASSWORD, name: "길게", callbackUrl: `/${"a".repeat(3000)}` }, { ...ctx, ip: "198.51.100.61" }))).toBe("VALIDATION_FAILED");
  });

  it("reads a next path only off a verification token, and checks a stored one again", async () => {
    const user = await makeUser([], { verified: false });
    const raw = "R".repeat(43);
    await db.userToken.create({ data: { userId: user.id, purpose: "RESET_PASSWORD", tokenHash: sha256Hex(raw), expiresAt: new Date(Date.now() + 3600_000), nextPath: "/consortia" } });
    expect(await verificationNextPath(raw)).toBeNull(); // wrong kind of token
    const planted = "P".repeat(43);
    await db.userToken.create({ data: { userId: user.id, purpose: "VERIFY_EMAIL", tokenHash: sha256Hex(planted), expiresAt: new Date(Date.now() + 3600_000), nextPath: "//evil.example" } });
    expect(await verificationNextPath(planted)).toBeNull(); // a bad row is refused on the way out too
    expect(await verificationNextPath(undefined)).toBeNull();
    expect(await verificationNextPath("not a token")).toBeNull();
  });
});
