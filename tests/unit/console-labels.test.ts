import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffLabel, diffLeaves } from "@/lib/admin/version-diff";
import { tokenize, wordDiff, WORD_DIFF_MAX_CELLS } from "@/lib/admin/word-diff";
import { auditActionLabel, auditActionNamed } from "@/lib/audit/labels";
import { combineKst, normalizeTime } from "@/app/admin/kst-datetime-input";
import ko from "@/lib/i18n/messages/ko";
import en from "@/lib/i18n/messages/en";

// Issue 12 item 15: the version diff's labels, word marks, the audit log's action names, the 24-hour input.

const join = (parts: { kind: string; text: string }[], side: "before" | "after") => parts.filter((p) => p.kind === "same" || p.kind === (side === "before" ? "del" : "ins")).map((p) => p.text).join("");

describe("wordDiff", () => {
  it("marks only the words that changed, and both sides join back to the texts", () => {
    const a = "한국어 특화 모델을 처음부터 학습합니다. 데이터는 공공 말뭉치입니다.";
    const b = "한국어 특화 대형 모델을 처음부터 학습합니다. 데이터는 민간 말뭉치입니다.";
    const parts = wordDiff(a, b);
    expect(join(parts, "before")).toBe(a);
    expect(join(parts, "after")).toBe(b);
    expect(parts.filter((p) => p.kind === "ins").map((p) => p.text.trim())).toEqual(["대형", "민간"]);
    expect(parts.filter((p) => p.kind === "del").map((p) => p.text.trim())).toEqual(["공공"]);
  });
  it("handles empty sides, identical texts and line breaks", () => {
    expect(wordDiff("", "새 글")).toEqual([{ kind: "ins", text: "새 글" }]);
    expect(wordDiff("옛 글", "")).toEqual([{ kind: "del", text: "옛 글" }]);
    expect(wordDiff("같은 글", "같은 글")).toEqual([{ kind: "same", text: "같은 글" }]);
    const parts = wordDiff("첫 줄\n둘째 줄", "첫 줄\n셋째 줄");
    expect(join(parts, "after")).toBe("첫 줄\n셋째 줄");
    expect(tokenize("  a b\n")).toEqual(["  ", "a ", "b\n"]);
  });
  it("past the size cap marks the changed middle whole instead of building a huge table", () => {
    const n = Math.ceil(Math.sqrt(WORD_DIFF_MAX_CELLS)) + 10;
    const a = `시작 ${Array.from({ length: n }, (_, i) => `a${i}`).join(" ")} 끝`;
    const b = `시작 ${Array.from({ length: n }, (_, i) => `b${i}`).join(" ")} 끝`;
    const t0 = Date.now();
    const parts = wordDiff(a, b);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(parts.map((p) => p.kind)).toEqual(["same", "del", "ins", "same"]);
    expect(join(parts, "before")).toBe(a);
    expect(join(parts, "after")).toBe(b);
  });
});

describe("diffLabel", () => {
  it("names fields from the message files in both languages, never a JSON path", () => {
    expect(diffLabel("content.overview.summary", ko.versionDiff)).toBe("과제 요약");
    expect(diffLabel("content.overview.summary", en.versionDiff)).toBe("Project summary");
    expect(diffLabel("content.models.1.baseModel.country", ko.versionDiff)).toBe("모델 2 · 기반 모델 국가");
    expect(diffLabel("content.models.0.approach", en.versionDiff)).toBe("Model 1 · Approach");
    expect(diffLabel("consortium.organizations.2.budgetShareKrw", ko.versionDiff)).toBe("참여기관 3 · 예산 분담 (원)");
    expect(diffLabel("consortium.name", ko.versionDiff)).toBe("컨소시엄명");
    expect(diffLabel("attachments.0.fileName", ko.versionDiff)).toBe("첨부파일 1 · 파일 이름");
    expect(diffLabel("content.plan.dataPlan", ko.versionDiff)).toBe("데이터 계획");
    expect(diffLabel("consortium.organizations", ko.versionDiff)).toBe("참여기관");
  });
  it("keeps the path for what it does not know (never an empty or wrong label)", () => {
    expect(diffLabel("content.overview.mystery", ko.versionDiff)).toBe("content.overview.mystery");
    expect(diffLabel("content.models.x.name", ko.versionDiff)).toBe("content.models.x.name");
    expect(diffLabel("flags.foreignFineTuneOnly", ko.versionDiff)).toBe("flags.foreignFineTuneOnly");
    expect(diffLabel("content.overview.__proto__", ko.versionDiff)).toBe("content.overview.__proto__");
  });
  it("every field of a proposal's content has a label in both languages", () => {
    const paths = [
      ...["titleKo", "titleEn", "summary", "durationMonths", "requestedBudgetKrw"].map((k) => `content.overview.${k}`),
      ...["name", "parameterCount", "architecture", "approach", "ownTokenizer", "pretrainingTokens", "gpuHours", "dataSources", "openSourcePlan"].map((k) => `content.models.0.${k}`),
      ...["name", "developer", "country", "license"].map((k) => `content.models.0.baseModel.${k}`),
      ...["computePlan", "dataPlan"].map((k) => `content.plan.${k}`),
      ...["accurate", "noDuplicateFunding", "privacyConsent"].map((k) => `content.declarations.${k}`),
      ...["role", "name", "businessRegNo", "type", "representativeName", "responsibility", "budgetShareKrw", "confirmedAt"].map((k) => `consortium.organizations.0.${k}`),
      ...["id", "kind", "fileName", "mediaType", "size", "sha256"].map((k) => `attachments.0.${k}`),
    ];
    for (const p of paths) {
      expect(diffLabel(p, ko.versionDiff), p).not.toBe(p);
      expect(diffLabel(p, en.versionDiff), p).not.toBe(p);
    }
  });
  it("a model added whole is shown as its labelled leaves", () => {
    const leaves = diffLeaves({ name: "S-7B", baseModel: { country: "KR" } }, "content.models.2");
    expect(leaves.map((l) => diffLabel(l.path, ko.versionDiff))).toEqual(["모델 3 · 모델 이름", "모델 3 · 기반 모델 국가"]);
  });
});

/** Every action string the code hands to recordAudit, read from the source. */
function auditActionsInSource(): string[] {
  const files = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
      const p = path.join(dir, d.name);
      return d.isDirectory() ? (d.name === "generated" ? [] : files(p)) : p.endsWith(".ts") ? [p] : [];
    });
  const found = new Set<string>();
  for (const f of [...files("lib"), ...files("app")]) {
    const src = fs.readFileSync(f, "utf8");
    if (!/recordAudit|auditAction|endAllSessions|function audit\(/.test(src)) continue;
    for (const line of src.split("\n")) {
      // `action: "…"`, `action: x ? "…" : "…"`, `auditAction: "…"`, audit(…, "…", …), endAllSessions(…, "…").
      if (!/action|audit\(|endAllSessions\(/i.test(line)) continue;
      for (const m of line.matchAll(/"([a-z]+\.[a-z_]+)"/g)) if (!m[1]!.startsWith("lib.")) found.add(m[1]!);
    }
  }
  return [...found].sort();
}

describe("audit action names", () => {
  it("finds the actions the code writes", () => {
    const actions = auditActionsInSource();
    for (const a of ["call.created", "user.roles_changed", "auth.sign_in_failed", "review.revised_after_reading", "user.password_reset_requested", "auth.signed_out"]) expect(actions).toContain(a);
  });
  it("every action written has a Korean and an English name", () => {
    expect(auditActionsInSource().filter((a) => !auditActionNamed(a))).toEqual([]);
  });
  it("names in Korean first, English second; an unknown action shows as written", () => {
    expect(auditActionLabel("call.created", "ko")).toBe("공고 생성");
    expect(auditActionLabel("call.created", "en")).toBe("Call created");
    expect(auditActionLabel("call.teleported", "ko")).toBe("call.teleported");
    expect(auditActionLabel("toString.valueOf", "ko")).toBe("toString.valueOf");
    expect(auditActionLabel("__proto__.x", "ko")).toBe("__proto__.x");
    expect(auditActionLabel("", "ko")).toBe("");
  });
});

describe("the 24-hour KST input", () => {
  it("reads HH:mm on the 24-hour clock only", () => {
    expect(combineKst("2025-08-29", "16:00")).toBe("2025-08-29T16:00");
    expect(combineKst("2025-08-29", "1600")).toBe("2025-08-29T16:00");
    expect(combineKst("2025-08-29", "9:05")).toBe("2025-08-29T09:05");
    expect(combineKst("2025-08-29", "24:00")).toBeNull();
    expect(combineKst("2025-08-29", "4:00 PM")).toBeNull();
    expect(combineKst("2025-08-29", "")).toBeNull();
    expect(combineKst("2025-08-29", "", true)).toBe("2025-08-29T00:00");
    expect(combineKst("", "")).toBe("");
    expect(combineKst("", "10:00")).toBeNull();
    expect(normalizeTime("7:30")).toBe("07:30");
  });
});
