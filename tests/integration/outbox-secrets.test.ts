import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createStaffUser, listOutbox } from "@/lib/users/admin-users";
import { requestPasswordReset, resetPassword } from "@/lib/users/password-reset";
import { registerUser } from "@/lib/users/register-user";
import { truncateAll } from "../support/db";
import { errorCode } from "../support/expect-error";
import { ctx, makeUser, REGISTER_CONSENTS, STRONG_PASSWORD, tokenFromLastMail, uniqueEmail } from "../support/factories";
import { startSmtpSink } from "../support/smtp-sink";

// Issue 11 item 7: the admin outbox must not hand admins live one-time links.

beforeEach(truncateAll);
afterEach(() => {
  delete process.env.SMTP_URL;
  delete process.env.OUTBOX_LINKS;
});

const liveLink = /token=[A-Za-z0-9_-]{20,}/;

async function reset(email: string) {
  await (await requestPasswordReset({ email }, ctx))?.done;
}

describe("the outbox and one-time links", () => {
  it("in production (no OUTBOX_LINKS) admins never see a live link: reset, verification and invitation mails", async () => {
    const admin = await makeUser(["ADMIN"]);
    const user = await makeUser();
    await reset(user.email);
    await registerUser({ consents: REGISTER_CONSENTS, email: uniqueEmail("reg"), password: STRONG_PASSWORD, name: "가입자" }, ctx);
    await createStaffUser(admin, { email: uniqueEmail("staff"), name: "심사위원", roles: ["REVIEWER"] }, ctx);
    const mails = await listOutbox(admin, {});
    expect(mails).toHaveLength(3);
    for (const m of mails) {
      expect(m.text).not.toMatch(liveLink);
      expect(m.text).toContain("token=[redacted]");
    }
  });

  it("with OUTBOX_LINKS=1 and no SMTP (development, tests) the outbox is the mailbox and shows the link", async () => {
    process.env.OUTBOX_LINKS = "1";
    const admin = await makeUser(["ADMIN"]);
    const user = await makeUser();
    await reset(user.email);
    const [m] = await listOutbox(admin, { to: user.email });
    expect(m!.text).toMatch(liveLink);
  });

  it("with SMTP the mail carries the link, and once sent the stored copy is redacted", async () => {
    const sink = await startSmtpSink();
    process.env.SMTP_URL = sink.url;
    process.env.OUTBOX_LINKS = "1"; // even so: SMTP delivers, so the outbox never shows the link
    try {
      const admin = await makeUser(["ADMIN"]);
      const user = await makeUser();
      await reset(user.email);
      expect(sink.received.join("\n")).toMatch(liveLink);
      const row = await db.mailOutbox.findFirstOrThrow({ where: { to: user.email } });
      expect(row.sentAt).not.toBeNull();
      expect(row.text).not.toMatch(liveLink);
      const [m] = await listOutbox(admin, { to: user.email });
      expect(m!.text).not.toMatch(liveLink);
    } finally {
      await sink.close();
    }
  });

  it("using one reset link revokes the user's other reset links", async () => {
    process.env.OUTBOX_LINKS = "1";
    const user = await makeUser();
    await reset(user.email);
    const first = await tokenFromLastMail(user.email);
    await reset(user.email);
    const second = await tokenFromLastMail(user.email);
    expect(second).not.toBe(first);
    await resetPassword({ token: second, password: "a-brand-new-passphrase-77" }, ctx);
    expect(await errorCode(resetPassword({ token: first, password: "yet-another-passphrase-88" }, ctx))).toBe("TOKEN_USED");
  });
});
