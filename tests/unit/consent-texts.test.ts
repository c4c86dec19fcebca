// Decision 017: every consent text is versioned and bilingual; each privacy consent states the four
// things 개인정보 보호법 제15조② requires, in Korean and in English.
import { describe, expect, it } from "vitest";
import { CONSENT_IDS, CONSENT_TEXTS, localizeConsent, PRIVACY_POLICY, PRIVACY_ROW_LABELS, PRIVACY_ROWS, registrationConsentVersions } from "@/lib/consents/texts";
import { privacyOfficer } from "@/lib/consents/officer";
import { registerFormSchema, registerSchema } from "@/lib/auth/schemas";

const hangul = /[가-힣]/;
const latin = /[A-Za-z]{3}/;

describe("consent texts", () => {
  it("has the three texts, each with a dated version and Korean and English wording", () => {
    expect(CONSENT_IDS.sort()).toEqual(["privacy-proposal", "privacy-registration", "terms"]);
    for (const id of CONSENT_IDS) {
      const c = CONSENT_TEXTS[id];
      expect(c.id).toBe(id);
      expect(c.version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const field of [c.title, c.intro, c.agree]) {
        expect(field.ko).toMatch(hangul);
        expect(field.en).toMatch(latin);
        expect(field.en).not.toMatch(hangul);
      }
    }
    expect(CONSENT_TEXTS.terms.sections!.length).toBeGreaterThanOrEqual(5);
    for (const s of CONSENT_TEXTS.terms.sections!) {
      expect(s.heading.ko && s.body.ko).toMatch(hangul);
      expect(s.body.en).toMatch(latin);
    }
  });

  it("each privacy consent states the items, the purpose, the retention period and the right to refuse with its consequence, in both languages", () => {
    expect(PRIVACY_ROWS).toEqual(["items", "purpose", "retention", "refusal"]);
    expect(PRIVACY_ROW_LABELS.items.ko).toBe("수집 항목");
    expect(PRIVACY_ROW_LABELS.purpose.ko).toBe("수집·이용 목적");
    expect(PRIVACY_ROW_LABELS.retention.ko).toBe("보유·이용 기간");
    expect(PRIVACY_ROW_LABELS.refusal.ko).toBe("동의를 거부할 권리 및 거부 시 불이익");
    for (const id of ["privacy-registration", "privacy-proposal"] as const) {
      const table = CONSENT_TEXTS[id].table!;
      for (const row of PRIVACY_ROWS) {
        expect(table[row].ko.length, `${id} ${row} ko`).toBeGreaterThan(20);
        expect(table[row].ko).toMatch(hangul);
        expect(table[row].en.length, `${id} ${row} en`).toBeGreaterThan(20);
        expect(table[row].en).not.toMatch(hangul);
      }
      // The refusal row says there is a right to refuse and what refusing costs.
      expect(table.refusal.ko).toContain("거부할 권리가 있습니다");
      expect(table.refusal.ko).toMatch(/동의하지 않으면 .+ 수 없습니다/);
      expect(table.refusal.en).toContain("right to refuse");
      expect(table.refusal.en).toMatch(/cannot/);
      // The retention row names a period.
      expect(table.retention.ko).toMatch(/까지|\d+년/);
      for (const locale of ["ko", "en"] as const) {
        const l = localizeConsent(id, locale);
        expect(l.table!.map((r) => r.row)).toEqual([...PRIVACY_ROWS]);
        expect(l.table!.every((r) => r.label && r.text)).toBe(true);
      }
    }
    expect(CONSENT_TEXTS.terms.table).toBeUndefined();
  });

  it("the privacy policy has its sections in both languages; the officer comes from the environment or is left unset", () => {
    for (const s of Object.values(PRIVACY_POLICY.sections)) {
      expect(s.ko).toMatch(hangul);
      expect(s.en).not.toMatch(hangul);
    }
    expect(privacyOfficer({})).toEqual({ name: null, department: null, email: null, phone: null });
    expect(privacyOfficer({ PRIVACY_OFFICER_NAME: " 홍길동 ", PRIVACY_OFFICER_EMAIL: "privacy@example.go.kr", PRIVACY_OFFICER_PHONE: "" })).toEqual({
      name: "홍길동",
      department: null,
      email: "privacy@example.go.kr",
      phone: null,
    });
  });

  it("registration carries the current versions; the form checks the confirmation and both boxes", () => {
    expect(registrationConsentVersions()).toEqual({ terms: CONSENT_TEXTS.terms.version, privacy: CONSENT_TEXTS["privacy-registration"].version });
    const base = { email: "a@example.com", password: "correct-horse-battery-2025", name: "김" };
    expect(registerSchema.safeParse(base).success).toBe(false);
    expect(registerSchema.safeParse({ ...base, consents: registrationConsentVersions() }).success).toBe(true);
    const form = (v: object) => {
      const r = registerFormSchema.safeParse({ ...base, passwordConfirm: base.password, agreeTerms: true, agreePrivacy: true, ...v });
      return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
    };
    expect(form({})).toEqual({});
    expect(form({ passwordConfirm: "something-else-2025" })).toEqual({ passwordConfirm: "passwordMismatch" });
    expect(form({ agreeTerms: false, agreePrivacy: false })).toEqual({ agreeTerms: "termsRequired", agreePrivacy: "privacyRequired" });
    expect(form({ agreeTerms: false, passwordConfirm: "x" })).toEqual({ agreeTerms: "termsRequired", passwordConfirm: "passwordMismatch" });
  });
});
