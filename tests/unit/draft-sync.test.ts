import { describe, expect, it } from "vitest";
import { classifySaveFailure, draftDifferences, localDraftKey, parseLocalDraft, retryDelay, sameDraft, shouldOfferRestore } from "@/lib/proposals/draft-sync";

const base = {
  overview: { titleKo: "한국어 LLM", titleEn: "Korean LLM", summary: "요약", durationMonths: 24, requestedBudgetKrw: null },
  models: [{ name: "M-8B", parameterCount: 8e9, approach: "FINE_TUNED", baseModel: { name: "Llama", country: "US" } }],
  declarations: { accurate: false },
};

describe("the browser's copy of a draft", () => {
  it("is keyed by proposal and person", () => {
    expect(localDraftKey("p1", "u1")).not.toBe(localDraftKey("p1", "u2"));
    expect(localDraftKey("p1", "u1")).toContain("p1");
  });
  it("reads back only a well-formed copy", () => {
    const ok = { values: base, baseVersion: 3, editedAt: "2026-12-08T00:00:00.000Z" };
    expect(parseLocalDraft(JSON.stringify(ok))).toEqual(ok);
    expect(parseLocalDraft(null)).toBeNull();
    expect(parseLocalDraft("{not json")).toBeNull();
    expect(parseLocalDraft(JSON.stringify({ ...ok, baseVersion: "3" }))).toBeNull();
    expect(parseLocalDraft(JSON.stringify({ ...ok, editedAt: "yesterday" }))).toBeNull();
    expect(parseLocalDraft(JSON.stringify({ ...ok, values: null }))).toBeNull();
  });
  it("is offered only when it holds something the server's draft does not", () => {
    const server = { draft: base, draftVersion: 3 };
    expect(shouldOfferRestore(null, server)).toBe(false);
    // Trailing spaces and "" vs missing are the same draft (the server trims).
    const same = { ...base, overview: { ...base.overview, titleKo: "한국어 LLM  ", titleEn: "Korean LLM" }, plan: { computePlan: "" } };
    expect(shouldOfferRestore({ values: same, baseVersion: 3, editedAt: "2026-12-08T00:00:00Z" }, server)).toBe(false);
    const typed = { ...base, overview: { ...base.overview, summary: "오프라인에서 쓴 요약" } };
    expect(shouldOfferRestore({ values: typed, baseVersion: 3, editedAt: "2026-12-08T00:00:00Z" }, server)).toBe(true);
    // Typed on an older version: still offered (saving it then shows theirs and mine).
    expect(shouldOfferRestore({ values: typed, baseVersion: 2, editedAt: "2026-12-08T00:00:00Z" }, server)).toBe(true);
  });
  it("sameDraft ignores key order", () => {
    expect(sameDraft({ a: 1, b: "x" }, { b: "x ", a: 1 })).toBe(true);
    expect(sameDraft({ a: 1 }, { a: 2 })).toBe(false);
  });
});

describe("theirs and mine", () => {
  it("lists the fields that differ, by path, in the form's order", () => {
    const theirs = { ...base, overview: { ...base.overview, titleEn: "Korean LLM (partner)" } };
    const mine = { ...base, overview: { ...base.overview, summary: "내 요약" }, models: [{ ...base.models[0]!, baseModel: { name: "Llama", country: "CN" } }] };
    expect(draftDifferences(theirs, mine)).toEqual([
      { path: "overview.titleEn", theirs: "Korean LLM (partner)", mine: "Korean LLM" },
      { path: "overview.summary", theirs: "요약", mine: "내 요약" },
      { path: "models.0.baseModel.country", theirs: "US", mine: "CN" },
    ]);
  });
  it("a model only one side has shows each of its fields against nothing", () => {
    const mine = { ...base, models: [...base.models, { name: "Second" }] };
    expect(draftDifferences(base, mine)).toEqual([{ path: "models.1.name", theirs: null, mine: "Second" }]);
    expect(draftDifferences(mine, base)).toEqual([{ path: "models.1.name", theirs: "Second", mine: null }]);
  });
  it("nothing differs when only whitespace does", () => {
    expect(draftDifferences(base, { ...base, overview: { ...base.overview, summary: " 요약 " } })).toEqual([]);
  });
});

describe("retrying", () => {
  it("backs off 2 s, 4 s, 8 s … up to 60 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(retryDelay)).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });
  it("tells network loss, overload, conflicts, the cutoff and invalid input apart", () => {
    expect(classifySaveFailure({ status: 0, code: "UNAVAILABLE" }, false)).toBe("offline");
    expect(classifySaveFailure({ status: 0, code: "UNAVAILABLE" }, true)).toBe("unreachable");
    expect(classifySaveFailure({ status: 503, code: "UNAVAILABLE" }, true)).toBe("busy");
    expect(classifySaveFailure({ status: 409, code: "VERSION_CONFLICT" }, true)).toBe("conflict");
    expect(classifySaveFailure({ status: 403, code: "CALL_CLOSED" }, true)).toBe("closed");
    expect(classifySaveFailure({ status: 422, code: "VALIDATION_FAILED" }, true)).toBe("invalid");
    expect(classifySaveFailure({ status: 403, code: "FORBIDDEN" }, true)).toBe("other");
  });
});
