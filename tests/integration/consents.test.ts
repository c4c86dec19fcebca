// Decision 017: registration records the 이용약관 and the 개인정보 수집·이용 동의 with their versions in
// the same transaction as the account; a submission records the proposal's consent for the person who
// submits. Real PostgreSQL.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { CONSENT_TEXTS } from "@/lib/consents/texts";
import { ERROR_STATUS } from "@/lib/errors";
import { submitProposal } from "@/lib/proposals/submit-proposal";
import { registerUser } from "@/lib/users/register-user";
import { truncateAll } from "../support/db";
import { appError } from "../support/expect-error";
import { counts, ctx, REGISTER_CONSENTS, STRONG_PASSWORD, uniqueEmail } from "../support/factories";
import { makeCall, readyProposal } from "../support/apply";

const at = (ip: string) => ({ ...ctx, ip });

describe("registration consents", () => {
  beforeEach(truncateAll);

  it("without consents, with one missing or with a stale version: 422 and nothing written", async () => {
    const before = await counts();
    const base = { email: uniqueEmail("nocons"), password: STRONG_PASSWORD, name: "김동의" };
    const cases: [unknown, string, Record<string, string>][] = [
      [base, "VALIDATION_FAILED", { consents: "required" }],
      [{ ...base, consents: { terms: REGISTER_CONSENTS.terms } }, "VALIDATION_FAILED", { "consents.privacy": "required" }],
      [{ ...base, consents: { terms: "", privacy: "" } }, "VALIDATION_FAILED", { "consents.terms": "termsRequired", "consents.privacy": "privacyRequired" }],
      [{ ...base, consents: { ...REGISTER_CONSENTS, marketing: "yes" } }, "VALIDATION_FAILED", { "consents.marketing": "unknownKey" }],
      [{ ...base, consents: { ...REGISTER_CONSENTS, terms: "2025-06-21" } }, "CONSENT_OUTDATED", { "consents.terms": "CONSENT_OUTDATED" }],
      [{ ...base, consents: { terms: "2025-06-21", privacy: "2025-06-21" } }, "CONSENT_OUTDATED", { "consents.terms": "CONSENT_OUTDATED", "consents.privacy": "CONSENT_OUTDATED" }],
    ];
    for (const [input, code, fields] of cases) {
      const e = await appError(registerUser(input, at("198.51.100.70")));
      expect(e.code).toBe(code);
      expect(ERROR_STATUS[e.code]).toBe(422);
      expect(e.fields).toEqual(fields);
    }
    expect(await counts()).toEqual(before);
    expect(await db.user.count({ where: { email: base.email } })).toBe(0);
  });

  it("with the current versions: the account and one row per consent, with version, time and address, in one transaction", async () => {
    const email = uniqueEmail("cons");
    const user = await registerUser({ email, password: STRONG_PASSWORD, name: "김동의", consents: REGISTER_CONSENTS }, at("198.51.100.71"));
    const rows = await db.consent.findMany({ where: { userId: user.id }, orderBy: { consentId: "asc" } });
    expect(rows.map((r) => [r.consentId, r.version, r.ip, r.proposalId])).toEqual([
      ["privacy-registration", CONSENT_TEXTS["privacy-registration"].version, "198.51.100.71", null],
      ["terms", CONSENT_TEXTS.terms.version, "198.51.100.71", null],
    ]);
    // One transaction: PostgreSQL's now() is the transaction's start, the same for both rows.
    expect(rows[0]!.acceptedAt.getTime()).toBe(rows[1]!.acceptedAt.getTime());
    expect(Math.abs(rows[0]!.acceptedAt.getTime() - Date.now())).toBeLessThan(60_000);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: user.id, action: "user.registered" } });
    expect(audit.data).toMatchObject({ consents: REGISTER_CONSENTS });

    // The same address again (any case) is EMAIL_TAKEN: the rolled-back transaction leaves no consent rows.
    const before = await counts();
    expect((await appError(registerUser({ email: email.toUpperCase(), password: STRONG_PASSWORD, name: "둘째", consents: REGISTER_CONSENTS }, at("198.51.100.72")))).code).toBe("EMAIL_TAKEN");
    expect(await counts()).toEqual(before);
    expect(await db.consent.count()).toBe(2);
  });
});

describe("the proposal's privacy consent", () => {
  let slug: string;
  beforeAll(async () => {
    await truncateAll();
    slug = (await makeCall()).slug;
  });

  it("each submission records the submitting person's consent with the text's version, the proposal and the address; a replay adds none", async () => {
    const version = CONSENT_TEXTS["privacy-proposal"].version;
    const a = await readyProposal(slug);
    const b = await readyProposal(slug);
    const first = await submitProposal(a.owner, a.proposalId, { body: {}, idempotencyKey: "consent-key-1" }, at("198.51.100.80"));
    const replay = await submitProposal(a.owner, a.proposalId, { body: {}, idempotencyKey: "consent-key-1" }, at("198.51.100.80"));
    expect(replay.replayed).toBe(true);
    await submitProposal(a.owner, a.proposalId, { body: {}, idempotencyKey: null }, at("198.51.100.81"));
    await submitProposal(b.owner, b.proposalId, { body: {}, idempotencyKey: null }, at("198.51.100.82"));

    const mine = await db.consent.findMany({ where: { userId: a.owner.id }, orderBy: { acceptedAt: "asc" } });
    expect(mine.map((r) => [r.consentId, r.version, r.proposalId, r.ip])).toEqual([
      ["privacy-proposal", version, a.proposalId, "198.51.100.80"],
      ["privacy-proposal", version, a.proposalId, "198.51.100.81"],
    ]);
    expect(mine[0]!.acceptedAt.toISOString()).toBe(first.submittedAt);
    const theirs = await db.consent.findMany({ where: { userId: b.owner.id } });
    expect(theirs.map((r) => [r.consentId, r.proposalId, r.ip])).toEqual([["privacy-proposal", b.proposalId, "198.51.100.82"]]);
    // The partner (a VIEWER who never submitted) has no consent recorded for the proposal.
    expect(await db.consent.count({ where: { userId: a.partner.id } })).toBe(0);

    // The frozen document says which text the submitter accepted.
    const v = await db.proposalVersion.findFirstOrThrow({ where: { proposalId: a.proposalId, versionNo: 1 } });
    expect((v.document as { consents?: unknown }).consents).toEqual({ "privacy-proposal": version });
  });
});
