import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { registerUser } from "@/lib/users/register-user";
import { listOutbox, listUsers } from "@/lib/users/admin-users";
import { createConsortium } from "@/lib/consortia/create-consortium";
import { saveDraft } from "@/lib/proposals/save-draft";
import { listAuditEvents } from "@/lib/audit/list";
import { listProposals } from "@/lib/admin/proposals";
import { prepareExport } from "@/lib/exports/source";
import { createCall } from "@/lib/calls/admin-calls";
import { appError } from "../support/expect-error";
import { counts, ctx, makeUser, REGISTER_CONSENTS, STRONG_PASSWORD, uniqueEmail } from "../support/factories";
import { org } from "../support/builders";
import { makeCall, readyProposal } from "../support/apply";

// Issue 11 items 9 and 10 against the real PostgreSQL: NUL and lone surrogates used to reach it and
// answer 500 (it refuses both in text and jsonb); unknown keys were silently dropped by some writes.

const NUL = "\u0000";
const LONE = "\uD800";
let admin: Awaited<ReturnType<typeof makeUser>>;
let ready: Awaited<ReturnType<typeof readyProposal>>;
let callId: string;
let slug: string;

beforeAll(async () => {
  admin = await makeUser(["ADMIN"]);
  const call = await makeCall({ closesAt: new Date(Date.now() + 3600_000) });
  callId = call.id;
  slug = call.slug;
  ready = await readyProposal(call.slug);
});

describe("hostile text answers 422 with the field, nothing written", () => {
  it("registration name with NUL or a lone surrogate", async () => {
    for (const bad of [NUL, LONE]) {
      const before = await counts();
      const e = await appError(registerUser({ consents: REGISTER_CONSENTS, email: uniqueEmail(), password: STRONG_PASSWORD, name: `김${bad}신청` }, ctx));
      expect([e.code, e.fields]).toEqual(["VALIDATION_FAILED", { name: "textInvalid" }]);
      expect(await counts()).toEqual(before);
    }
  });

  it("draft fields with NUL or a lone surrogate (jsonb)", async () => {
    for (const [bad, draft, path] of [
      [NUL, { overview: { summary: `요약${NUL}` } }, "overview.summary"],
      [LONE, { overview: { titleKo: `제목${LONE}` } }, "overview.titleKo"],
      [NUL, { models: [{ baseModel: { country: NUL } }] }, "models.0.baseModel.country"],
    ] as const) {
      const e = await appError(saveDraft(ready.owner, ready.proposalId, { draft, expectedVersion: ready.draftVersion }, ctx));
      expect([e.code, e.fields], JSON.stringify(bad)).toEqual(["VALIDATION_FAILED", { [path]: "textInvalid" }]);
    }
    expect((await db.proposal.findUniqueOrThrow({ where: { id: ready.proposalId } })).draftVersion).toBe(ready.draftVersion);
  });

  it("search filters ?q=, ?to=, ?actorEmail= and the audit list's ?from=0000-…", async () => {
    const fields = async (p: Promise<unknown>) => {
      const e = await appError(p);
      expect(e.code).toBe("VALIDATION_FAILED");
      return e.fields;
    };
    expect(await fields(listAuditEvents(admin, { actorEmail: `a${NUL}` }))).toEqual({ actorEmail: "textInvalid" });
    expect(await fields(listAuditEvents(admin, { entityId: LONE }))).toEqual({ entityId: "textInvalid" });
    expect(await fields(listAuditEvents(admin, { from: "0000-01-01T00:00:00Z" }))).toEqual({ from: "dateTimeInvalid" });
    expect(await fields(listAuditEvents(admin, { from: "0000-01-01" }))).toEqual({ from: "dateTimeInvalid" });
    expect(await fields(listProposals(admin, { callId, q: `삼성${NUL}` }))).toEqual({ q: "textInvalid" });
    expect(await fields(prepareExport(admin, { callId, q: `삼성${LONE}` }))).toEqual({ q: "textInvalid" });
    expect(await fields(listOutbox(admin, { to: `x${NUL}@example.com` }))).toEqual({ to: "textInvalid" });
    expect(await fields(listUsers(admin, { q: NUL }))).toEqual({ q: "textInvalid" });
  });

  it("a call whose opensAt is in year 0 (PostgreSQL has no year 0)", async () => {
    const e = await appError(createCall(admin, { slug: "year-zero", titleKo: "공고", titleEn: "Call", ministryKo: "부처", ministryEn: "Ministry", totalBudget: 1000, opensAt: "0000-01-01T00:00:00Z", closesAt: "2025-07-21T07:00:00Z", rubric: [{ key: "a", labelKo: "가", labelEn: "A", maxPoints: 10, weight: 100 }] }, ctx));
    expect([e.code, e.fields]).toEqual(["VALIDATION_FAILED", { opensAt: "dateTimeInvalid" }]);
  });
});

describe("names lose invisible characters before they are stored", () => {
  it("a consortium's and its lead's names are stored without bidi or zero-width characters", async () => {
    const owner = await makeUser(["APPLICANT"]);
    const c = await createConsortium(owner, { callSlug: slug, name: "한국\u200B AI\u202E 컨소시엄", lead: { ...org("리드\uFEFF 주식회사"), representativeName: "홍\u2066길동" } }, ctx);
    const row = await db.consortium.findUniqueOrThrow({ where: { id: c.id }, include: { leadOrganization: true } });
    expect(row.name).toBe("한국 AI 컨소시엄");
    expect(row.leadOrganization.name).toBe("리드 주식회사");
  });
});

describe("unknown keys are refused on every write (item 10)", () => {
  it("POST /consortia with an unknown key answers 422 naming it, and creates nothing", async () => {
    const owner = await makeUser(["APPLICANT"]);
    const before = await db.consortium.count();
    const e = await appError(createConsortium(owner, { callSlug: slug, name: "컨소시엄", lead: org(), isApproved: true }, ctx));
    expect([e.code, e.fields]).toEqual(["VALIDATION_FAILED", { isApproved: "unknownKey" }]);
    const nested = await appError(createConsortium(owner, { callSlug: slug, name: "컨소시엄", lead: { ...org(), verified: true } }, ctx));
    expect(nested.fields).toEqual({ "lead.verified": "unknownKey" });
    expect(await db.consortium.count()).toBe(before);
  });
});
