import { describe, expect, it } from "vitest";
import type { z } from "zod";
import ko from "@/lib/i18n/messages/ko";
import en from "@/lib/i18n/messages/en";
import { AppError } from "@/lib/errors";
import { registrationConsentVersions } from "@/lib/consents/texts";
import { errorResponse } from "@/lib/http/route";
import { validationError } from "@/lib/validate";
import { createAccessTokenSchema, registerSchema, resetPasswordSchema, createStaffUserSchema, updateUserSchema } from "@/lib/auth/schemas";
import { addOrganizationSchema, createConsortiumSchema, inviteSchema, updateOrganizationSchema } from "@/lib/consortia/schemas";
import { createCallSchema } from "@/lib/calls/schemas";
import { grantExtensionSchema } from "@/lib/calls/extension-schema";
import { declareConflictSchema, reviewSchemas } from "@/lib/reviews/schemas";
import { proposalContentSchema, proposalDraftSchema } from "@/lib/proposals/content";
import { auditFilterSchema, verifyChainSchema } from "@/lib/audit/list";
import { exportFilterSchema } from "@/lib/exports/source";
import { proposalListSchema } from "@/lib/admin/proposals";
import { assignSchema, autoAssignSchema } from "@/lib/reviews/assign";
import { createProposalSchema } from "@/lib/proposals/create-proposal";
import { sanitizeFileName } from "@/lib/storage/file-name";
import { mailHeaderText } from "@/lib/mail/header";
import { org, fullDraft } from "../support/builders";

// Issue 11 items 9 and 10: hostile text never reaches PostgreSQL, and every message is a Korean key.

const issues = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  return r.success ? null : validationError(r.error).fields!;
};
const parsed = <S extends z.ZodType>(schema: S, input: unknown) => {
  const r = schema.safeParse(input);
  if (!r.success) throw new Error(JSON.stringify(validationError(r.error).fields));
  return r.data as z.output<S>;
};

const register = { email: "a@example.com", password: "correct-horse-battery-2025", name: "김신청", consents: registrationConsentVersions() };
const consortium = { callSlug: "demo", name: "한국 AI 컨소시엄", lead: org() };
const call = { slug: "c", titleKo: "공고", titleEn: "Call", ministryKo: "과기정통부", ministryEn: "MSIT", totalBudget: 1000, opensAt: "2025-07-01T00:00:00Z", closesAt: "2025-07-21T07:00:00Z", rubric: [{ key: "a", labelKo: "가", labelEn: "A", maxPoints: 10, weight: 100 }] };
const NUL = "\u0000";
const LONE_HIGH = "\uD800";
const LONE_LOW = "\uDC00";

describe("NUL, lone surrogates and other control characters (item 9)", () => {
  const cases: [string, z.ZodType, (bad: string) => unknown, string][] = [
    ["registration name", registerSchema, (b) => ({ ...register, name: `김${b}신청` }), "name"],
    ["password", registerSchema, (b) => ({ ...register, password: `correct-horse${b}-2025` }), "password"],
    ["consortium name", createConsortiumSchema, (b) => ({ ...consortium, name: `컨소${b}시엄` }), "name"],
    ["lead organisation name", createConsortiumSchema, (b) => ({ ...consortium, lead: { ...consortium.lead, name: `기관${b}` } }), "lead.name"],
    ["responsibility", addOrganizationSchema, (b) => ({ organization: org(), responsibility: `총괄${b}` }), "responsibility"],
    ["draft title", proposalDraftSchema, (b) => ({ overview: { titleKo: `제목${b}` } }), "overview.titleKo"],
    ["draft summary", proposalDraftSchema, (b) => ({ overview: { summary: `요약${b}` } }), "overview.summary"],
    ["draft model name", proposalDraftSchema, (b) => ({ models: [{ name: `모델${b}` }] }), "models.0.name"],
    ["draft base model", proposalDraftSchema, (b) => ({ models: [{ baseModel: { license: `MIT${b}` } }] }), "models.0.baseModel.license"],
    ["draft plan", proposalDraftSchema, (b) => ({ plan: { dataPlan: `계획${b}` } }), "plan.dataPlan"],
    ["submitted content", proposalContentSchema, (b) => ({ ...fullDraft(), plan: { computePlan: `GPU ${b}`, dataPlan: "데이터" } }), "plan.computePlan"],
    ["call title", createCallSchema, (b) => ({ ...call, titleKo: `공고${b}` }), "titleKo"],
    ["rubric label", createCallSchema, (b) => ({ ...call, rubric: [{ ...call.rubric[0], labelKo: `가${b}` }] }), "rubric.0.labelKo"],
    ["extension reason", grantExtensionSchema, (b) => ({ consortiumId: "x", until: "2025-07-22T00:00:00Z", reason: `서버 장애로 인한 연장${b}` }), "reason"],
    ["review comment", reviewSchemas(call.rubric).draft, (b) => ({ scores: {}, comment: `의견${b}` }), "comment"],
    ["conflict reason", declareConflictSchema, (b) => ({ reason: `같은 기관 소속입니다${b}` }), "reason"],
    ["token name", createAccessTokenSchema, (b) => ({ name: `CI${b}` }), "name"],
    ["staff user name", createStaffUserSchema, (b) => ({ email: "r@example.com", name: `심사${b}`, roles: ["REVIEWER"] }), "name"],
    ["audit ?actorEmail=", auditFilterSchema, (b) => ({ actorEmail: `a${b}@x` }), "actorEmail"],
    ["audit ?action=", auditFilterSchema, (b) => ({ action: `call.${b}` }), "action"],
    ["audit ?entityId=", auditFilterSchema, (b) => ({ entityId: `x${b}` }), "entityId"],
    ["export ?q=", exportFilterSchema, (b) => ({ callId: "x", q: `삼성${b}` }), "q"],
    ["proposal list ?q=", proposalListSchema, (b) => ({ callId: "x", q: `삼성${b}` }), "q"],
    ["assignment ids", assignSchema, (b) => ({ proposalId: `x${b}`, reviewerId: "y" }), "proposalId"],
    ["proposal consortiumId", createProposalSchema, (b) => ({ consortiumId: `x${b}` }), "consortiumId"],
  ];
  // Paragraph text (pasted from Word, HWP or a PDF) drops stray controls instead: see the next block.
  const PARAGRAPHS = new Set(["responsibility", "draft summary", "draft plan", "submitted content", "extension reason", "review comment", "conflict reason"]);
  for (const [what, schema, make, path] of cases) {
    const controls = PARAGRAPHS.has(what) ? [] : ["\u0007", "\u001b", "\u000b"];
    it(`refuses NUL, lone surrogates${controls.length ? " and C0 controls" : ""} in the ${what} with textInvalid`, () => {
      for (const bad of [NUL, LONE_HIGH, LONE_LOW, `${LONE_LOW}${LONE_HIGH}`, "\uFFFF", ...controls]) {
        expect(issues(schema, make(bad))?.[path], `${what} ${JSON.stringify(bad)}`).toBe("textInvalid");
      }
    });
  }

  it("paragraph text keeps what was pasted from Word or a PDF: soft breaks become line breaks, stray controls go", () => {
    // Word's and PowerPoint's soft line break is U+000B; PDF copy-paste brings U+0002 and friends.
    const summary = parsed(proposalDraftSchema, { overview: { summary: "첫 줄\u000b둘째 줄\u000c셋째\u2028넷째\u0002\u001b끝" } }).overview!.summary;
    expect(summary).toBe("첫 줄\n둘째 줄\n셋째\n넷째끝");
    expect(parsed(reviewSchemas(call.rubric).draft, { scores: {}, comment: "좋음\u0007\u000b다음" }).comment).toBe("좋음\n다음");
    // NUL is still refused there: it is not something a person typed.
    expect(issues(proposalDraftSchema, { overview: { summary: `a${NUL}b` } })?.["overview.summary"]).toBe("textInvalid");
  });

  it("keeps well-formed text: pairs of surrogates (emoji), Korean, tabs and line breaks in long text", () => {
    expect(parsed(proposalDraftSchema, { overview: { summary: "첫 줄\n\t둘째 줄 👩‍💻 😀" } }).overview!.summary).toBe("첫 줄\n\t둘째 줄 👩‍💻 😀");
    expect(parsed(registerSchema, { ...register, name: "김신청 😀" }).name).toBe("김신청 😀");
  });

  it("the audit list's ?to= / ?from= refuse NUL and dates PostgreSQL cannot store, as fields", () => {
    expect(issues(auditFilterSchema, { to: `2025-07-21T00:00:00Z${NUL}` })?.to).toBe("textInvalid");
    expect(issues(auditFilterSchema, { from: "0000-01-01T00:00:00Z" })?.from).toBe("dateTimeInvalid");
    expect(issues(auditFilterSchema, { from: "0000-01-01" })?.from).toBe("dateTimeInvalid");
  });
});

describe("bidi controls and zero-width characters in names, titles and file names (item 9)", () => {
  const invisible = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200B", "\u200C", "\u200D", "\u2060", "\u061C", "\uFEFF"];
  it("strips them from names and titles", () => {
    for (const c of invisible) {
      expect(parsed(registerSchema, { ...register, name: `${c}김${c}신청${c}` }).name, JSON.stringify(c)).toBe("김신청");
      expect(parsed(createConsortiumSchema, { ...consortium, name: `한국${c}AI` }).name).toBe("한국AI");
      expect(parsed(createConsortiumSchema, { ...consortium, lead: { ...consortium.lead, name: `기관${c}`, representativeName: `홍${c}길동` } }).lead).toMatchObject({ name: "기관", representativeName: "홍길동" });
      expect(parsed(proposalDraftSchema, { overview: { titleKo: `제목${c}`, titleEn: `T${c}itle` } }).overview).toMatchObject({ titleKo: "제목", titleEn: "Title" });
      expect(parsed(proposalDraftSchema, { models: [{ name: `모델${c}` }] }).models![0]!.name).toBe("모델");
      expect(parsed(createCallSchema, { ...call, titleKo: `공고${c}` }).titleKo).toBe("공고");
    }
  });
  it("keeps the joiner inside an emoji sequence", () => {
    for (const e of ["👩‍💻", "👩🏽‍💻", "🏳️‍🌈", "👨‍👩‍👧"]) expect(parsed(registerSchema, { ...register, name: `김${e}` }).name).toBe(`김${e}`);
    expect(parsed(registerSchema, { ...register, name: "김\u200D신청👩\u200D" }).name).toBe("김신청👩");
  });
  it("a name of invisible characters only is empty: required", () => {
    expect(issues(registerSchema, { ...register, name: "\u200B\u202E\uFEFF" })?.name).toBe("required");
  });
  it("strips zero-width characters from file names and still refuses bidi controls there", () => {
    expect(sanitizeFileName("사업\u200B계획서\uFEFF.pdf")).toBe("사업계획서.pdf");
    expect(sanitizeFileName("\u2060예산\u200D.xlsx")).toBe("예산.xlsx");
    for (const bad of ["계획서\u202Efdp.exe", "a\u2066.pdf", "a\u061C.pdf", `a${LONE_HIGH}.pdf`]) {
      expect(() => sanitizeFileName(bad), JSON.stringify(bad)).toThrow(AppError);
    }
  });
});

describe("CR/LF never reaches a mail header (item 9)", () => {
  it("single-line names refuse line breaks", () => {
    for (const b of ["\r\n", "\n", "\r", "\u2028", "\u0085"]) {
      expect(issues(createConsortiumSchema, { ...consortium, name: `A${b}Bcc: x@evil.test` })?.name, JSON.stringify(b)).toMatch(/^(lineBreakNotAllowed|textInvalid)$/);
      expect(issues(registerSchema, { ...register, name: `A${b}B` })?.name).toMatch(/^(lineBreakNotAllowed|textInvalid)$/);
    }
  });
  it("mail subjects and addresses lose CR/LF and other controls", () => {
    expect(mailHeaderText("접수 완료: 공고\r\nBcc: x@evil.test")).toBe("접수 완료: 공고 Bcc: x@evil.test");
    expect(mailHeaderText("a\u2028b\u0000c\u202Ed")).toBe("a b cd");
  });
});

describe("every validation message is a Korean key; wrong type is not 'required' (item 10)", () => {
  const keys = new Set(Object.keys(ko.fields));
  const hostile: [string, z.ZodType, unknown][] = [
    ["register: wrong types", registerSchema, { email: 1, password: [], name: {}, locale: "fr" }],
    ["register: nothing", registerSchema, {}],
    ["register: not an object", registerSchema, "x"],
    ["register: unknown key", registerSchema, { ...register, admin: true }],
    ["consortium: unknown keys", createConsortiumSchema, { ...consortium, extra: 1, lead: { ...consortium.lead, sneaky: 2 } }],
    ["consortium: wrong types", createConsortiumSchema, { callSlug: 5, name: true, lead: [], responsibility: 3 }],
    ["organization: bad type", addOrganizationSchema, { organization: { ...org(), type: "PIRATE" }, budgetShareKrw: "1억" }],
    ["organization update: unknown key", updateOrganizationSchema, { responsibility: "x", budgetShareKrw: -1, name: "x" }],
    ["invite: bad role and id", inviteSchema, { email: "x@example.com", organizationId: "nope", role: "KING" }],
    ["draft: wrong types", proposalDraftSchema, { overview: { titleKo: 3, durationMonths: "24" }, models: "many", plan: [], declarations: { accurate: "yes" } }],
    ["draft: unknown keys", proposalDraftSchema, { overview: { titleKo: "x", extra: 1 }, hack: true }],
    ["content: too small and invalid option", proposalContentSchema, { overview: { titleKo: "", titleEn: "", summary: "", durationMonths: 0, requestedBudgetKrw: 0 }, models: [{ name: "m", parameterCount: 1, architecture: "a", approach: "MAGIC" }], plan: {}, declarations: {} }],
    ["call: wrong types", createCallSchema, { ...call, totalBudget: "많이", isDemo: "yes", rubric: "x", rules: { onePerConsortium: "no", maxRequestKrw: -5, requiredAttachments: ["X"] } }],
    ["call: unknown key", createCallSchema, { ...call, secret: 1 }],
    ["extension: wrong types", grantExtensionSchema, { consortiumId: 1, until: 2, reason: 3 }],
    ["staff user: bad roles", createStaffUserSchema, { email: "r@example.com", name: "n", roles: ["GOD"] }],
    ["user update: nothing", updateUserSchema, {}],
    ["user update: unknown key", updateUserSchema, { disabled: true, passwordHash: "x" }],
    ["token: wrong type", createAccessTokenSchema, { name: "n", expiresInDays: "90" }],
    ["reset: wrong type", resetPasswordSchema, { token: 1, password: 2 }],
    ["review: wrong types", reviewSchemas(call.rubric).final, { scores: { a: "10", b: 1 }, comment: 1 }],
    ["audit list: bad numbers", auditFilterSchema, { page: "x", take: "0", from: "yesterday" }],
    ["audit verify", verifyChainSchema, { entityType: 1, entityId: null }],
    ["proposal list: bad filters", proposalListSchema, { callId: 1, status: "LOST", page: "-1", pageSize: "1000", flagged: "maybe" }],
    ["export: bad filters", exportFilterSchema, { status: "X", q: 5 }],
    ["auto assign: wrong types", autoAssignSchema, { callId: [], perProposal: "3" }],
    ["create proposal: unknown key", createProposalSchema, { consortiumId: "x", title: "y" }],
  ];
  for (const [what, schema, input] of hostile) {
    it(`${what}: every message is a key with Korean and English text`, () => {
      const r = schema.safeParse(input);
      expect(r.success).toBe(false);
      const leaked = r.success ? [] : r.error.issues.filter((i) => !keys.has(i.message) || !(i.message in en.fields)).map((i) => `${i.path.join(".")}: ${i.message}`);
      expect(leaked).toEqual([]);
    });
  }

  it("a wrong type says wrongType, a missing value says required", () => {
    expect(issues(registerSchema, { ...register, name: 5 })?.name).toBe("wrongType");
    expect(issues(registerSchema, { email: register.email, password: register.password })?.name).toBe("required");
    expect(issues(createConsortiumSchema, { ...consortium, lead: "삼성" })?.lead).toBe("wrongType");
    expect(issues(proposalDraftSchema, { overview: { durationMonths: "24" } })?.["overview.durationMonths"]).toBe("wrongType");
    expect(issues(createAccessTokenSchema, { name: "n", expiresInDays: "90" })?.expiresInDays).toBe("wrongType");
    expect(issues(addOrganizationSchema, { organization: { ...org(), type: "PIRATE" } })?.["organization.type"]).toBe("invalidOption");
    expect(issues(addOrganizationSchema, { organization: { ...org(), type: undefined } })?.["organization.type"]).toBe("required");
  });

  it("unknown keys are refused on every write, named by their path", () => {
    expect(issues(createConsortiumSchema, { ...consortium, extra: 1 })).toEqual({ extra: "unknownKey" });
    expect(issues(createConsortiumSchema, { ...consortium, lead: { ...consortium.lead, sneaky: 2 } })).toEqual({ "lead.sneaky": "unknownKey" });
    expect(issues(proposalDraftSchema, { overview: { extra: 1 } })).toEqual({ "overview.extra": "unknownKey" });
    expect(issues(registerSchema, { ...register, roles: ["ADMIN"] })).toEqual({ roles: "unknownKey" });
    expect(issues(createCallSchema, { ...call, secret: 1 })).toEqual({ secret: "unknownKey" });
    expect(issues(addOrganizationSchema, { organization: org(), budget: 1 })).toEqual({ budget: "unknownKey" });
  });

  it("the API answer carries Korean field messages under the Korean locale, English under English", async () => {
    const r = createConsortiumSchema.safeParse({ ...consortium, name: 5, extra: 1 });
    const err = validationError(r.success ? (null as never) : r.error);
    const body = (await errorResponse(err, "ko").json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.fields).toEqual({ name: ko.fields.wrongType, extra: ko.fields.unknownKey });
    expect(Object.values(body.error.fields).every((m) => /[가-힣]/.test(m))).toBe(true);
    const enBody = (await errorResponse(err, "en").json()) as { error: { fields: Record<string, string> } };
    expect(enBody.error.fields.name).toBe(en.fields.wrongType);
  });
});
