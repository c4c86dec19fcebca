import { describe, expect, it } from "vitest";
import { aggregate, disagreement, mean, stdDev, trimmedMean, weightedTotal, zScoresByReviewer } from "@/lib/reviews/aggregate";
import { detectConflicts } from "@/lib/reviews/conflicts";
import { reviewSchemas } from "@/lib/reviews/rubric";

// Hand-computed fixtures: a rubric whose points and weights differ.
const rubric = [
  { key: "a", labelKo: "가", labelEn: "A", maxPoints: 10, weight: 60 },
  { key: "b", labelKo: "나", labelEn: "B", maxPoints: 5, weight: 40 },
];

describe("review maths", () => {
  it("weighted total = Σ score / max × weight", () => {
    expect(weightedTotal({ a: 7, b: 3 }, rubric)).toBeCloseTo(66, 10); // 42 + 24
    expect(weightedTotal({ a: 10, b: 5 }, rubric)).toBe(100);
    expect(weightedTotal({ a: 0, b: 0 }, rubric)).toBe(0);
  });

  it("mean, trimmed mean (drop highest and lowest from 3 reviews on), sample SD, disagreement", () => {
    const totals = [66, 80, 50, 71];
    expect(mean(totals)).toBe(66.75);
    expect(trimmedMean(totals)).toBe(68.5); // (66 + 71) / 2
    expect(stdDev(totals)).toBeCloseTo(Math.sqrt(474.75 / 3), 10); // 12.5797…
    expect(disagreement(totals)).toBe(true); // range 30 ≥ 20
    expect(trimmedMean([70, 90, 80])).toBe(80); // only the middle one stays
    expect(trimmedMean([70, 90])).toBe(80); // under 3: the plain mean
    expect(stdDev([70])).toBeNull();
    expect(disagreement([70, 89.99])).toBe(false);
  });

  it("z-scores per reviewer make a strict and a lenient reviewer count alike", () => {
    const reviews = [
      { reviewerId: "r1", proposalId: "p1", total: 60 },
      { reviewerId: "r1", proposalId: "p2", total: 80 },
      { reviewerId: "r2", proposalId: "p1", total: 40 },
      { reviewerId: "r2", proposalId: "p2", total: 50 },
      { reviewerId: "r3", proposalId: "p1", total: 55 }, // one review only: contributes 0
    ];
    const z = zScoresByReviewer(reviews);
    expect(z.get("r1:p1")).toBeCloseTo(-Math.SQRT1_2, 10);
    expect(z.get("r2:p2")).toBeCloseTo(Math.SQRT1_2, 10);
    expect(z.get("r3:p1")).toBe(0);
    const agg = aggregate(reviews);
    expect(agg.get("p1")!.normalized).toBeCloseTo((-Math.SQRT1_2 * 2) / 3, 10);
    expect(agg.get("p1")!.trimmedMean).toBe(55); // 40, 55, 60 → 55
    expect(agg.get("p2")!.trimmedMean).toBe(65); // two reviews: mean
    expect(agg.get("p1")!.disagreement).toBe(true); // 60 − 40
  });
});

describe("conflict detection", () => {
  const consortium = { organizations: [{ businessRegNo: "1248100998", name: "삼성전자" }], memberEmails: ["lead@samsung.com", "someone@gmail.com"] };
  it("matches the affiliation's business number and a shared company domain", () => {
    expect(detectConflicts({ email: "x@univ.ac.kr", affiliationBusinessRegNo: "1248100998" }, consortium)).toEqual([{ type: "ORGANIZATION", businessRegNo: "1248100998", organization: "삼성전자" }]);
    expect(detectConflicts({ email: "Reviewer@Samsung.com", affiliationBusinessRegNo: null }, consortium)).toEqual([{ type: "EMAIL_DOMAIN", domain: "samsung.com" }]);
  });
  it("never matches on a free-mail domain", () => {
    expect(detectConflicts({ email: "reviewer@gmail.com", affiliationBusinessRegNo: null }, consortium)).toEqual([]);
    expect(detectConflicts({ email: "r@naver.com", affiliationBusinessRegNo: "2208162517" }, { organizations: [], memberEmails: ["a@naver.com"] })).toEqual([]);
  });
});

describe("review input schemas (form and server)", () => {
  const { draft, final } = reviewSchemas(rubric);
  it("a submitted review needs every criterion within range and a comment", () => {
    expect(final.safeParse({ scores: { a: 7, b: 3 }, comment: "충분히 구체적인 의견입니다." }).success).toBe(true);
    const issues = (v: unknown) => final.safeParse(v).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues({ scores: { a: 11, b: 3 }, comment: "충분히 구체적인 의견입니다." })).toEqual([["scores.a", "scoreOutOfRange"]]);
    expect(issues({ scores: { a: 7 }, comment: "짧음" })).toEqual([
      ["scores.b", "required"],
      ["comment", "commentRequired"],
    ]);
    expect(issues({ scores: { a: 7, b: 3, zzz: 1 }, comment: "충분히 구체적인 의견입니다." })?.[0]?.[0]).toBe("scores");
  });
  it("a draft may leave scores out but not put them out of range", () => {
    expect(draft.safeParse({ scores: { a: 4 } }).success).toBe(true);
    expect(draft.safeParse({ scores: { b: -1 } }).error?.issues[0]?.message).toBe("scoreOutOfRange");
  });
});
