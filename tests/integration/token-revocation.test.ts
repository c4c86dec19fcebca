import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { actorFromAccessToken, createAccessToken } from "@/lib/auth/access-tokens";
import { signOutEverywhere } from "@/lib/auth/sign-in";
import { updateUser } from "@/lib/users/admin-users";
import { requestPasswordReset, resetPassword } from "@/lib/users/password-reset";
import { truncateAll } from "../support/db";
import { ctx, makeUser, tokenFromLastMail } from "../support/factories";

// Issue 11 item 6: personal access tokens must not outlive a password reset, "sign out everywhere"
// or a disable (and re-enabling must not revive them).

beforeEach(truncateAll);

const NEW_PASSWORD = "a-brand-new-passphrase-77";

async function tokenOf(user: Awaited<ReturnType<typeof makeUser>>, name = "스크립트") {
  const t = await createAccessToken(user, { name, expiresInDays: 30 }, ctx);
  expect((await actorFromAccessToken(t.token))?.id).toBe(user.id);
  return t.token;
}

describe("personal access tokens and account events", () => {
  it("a password reset revokes every token of the user, audited in the same transaction", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const [a, b, keep] = [await tokenOf(user, "a"), await tokenOf(user, "b"), await tokenOf(other, "other")];
    await (await requestPasswordReset({ email: user.email }, ctx))?.done;
    await resetPassword({ token: await tokenFromLastMail(user.email), password: NEW_PASSWORD }, ctx);
    expect(await actorFromAccessToken(a)).toBeNull();
    expect(await actorFromAccessToken(b)).toBeNull();
    expect((await actorFromAccessToken(keep))?.id).toBe(other.id);
    const rows = await db.personalAccessToken.findMany({ where: { userId: user.id } });
    expect(rows.every((r) => r.revokedAt)).toBe(true);
    const reset = await db.auditEvent.findFirstOrThrow({ where: { entityId: user.id, action: "user.password_reset" } });
    expect(reset.data).toMatchObject({ tokensRevoked: 2 });
  });

  it("sign out everywhere revokes the user's tokens and ends the sessions", async () => {
    const user = await makeUser();
    const t = await tokenOf(user);
    await signOutEverywhere(user, ctx);
    expect(await actorFromAccessToken(t)).toBeNull();
    const u = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(u.sessionVersion).toBe(user.sessionVersion + 1);
    const ev = await db.auditEvent.findFirstOrThrow({ where: { entityId: user.id, action: "auth.signed_out_everywhere" } });
    expect(ev.data).toMatchObject({ tokensRevoked: 1 });
  });

  it("disabling revokes the tokens, so re-enabling does not revive them", async () => {
    const admin = await makeUser(["ADMIN"]);
    const user = await makeUser();
    const t = await tokenOf(user);
    await updateUser(admin, user.id, { disabled: true }, ctx);
    expect(await actorFromAccessToken(t)).toBeNull();
    await updateUser(admin, user.id, { disabled: false }, ctx);
    expect(await actorFromAccessToken(t)).toBeNull();
    // A new token made after re-enabling works.
    expect((await actorFromAccessToken(await tokenOf(user, "new")))?.id).toBe(user.id);
  });
});
