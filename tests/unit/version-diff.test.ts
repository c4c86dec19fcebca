import { describe, expect, it } from "vitest";
import { diffDocuments } from "@/lib/admin/version-diff";

const doc = (over: Record<string, unknown> = {}) => ({
  schema: "sovereign-ai-portal/proposal-version/1",
  versionNo: 1,
  receiptNo: "2025-000001-01",
  submittedAt: "2025-07-01T00:00:00.000Z",
  submittedBy: { id: "u1", name: "홍길동", email: "a@example.com" },
  consortium: { name: "독자AI", organizations: [{ name: "리드", budgetShareKrw: 20_000_000_000 }] },
  content: {
    overview: { titleKo: "제목", requestedBudgetKrw: 30_000_000_000 },
    models: [{ name: "S-21B", approach: "FROM_SCRATCH" }],
  },
  attachments: [{ id: "a1", kind: "BUSINESS_PLAN", sha256: "aa" }],
  ...over,
});

describe("diffDocuments", () => {
  it("finds nothing between equal documents and ignores the receipt facts", () => {
    expect(diffDocuments(doc(), doc())).toEqual([]);
    expect(diffDocuments(doc(), doc({ versionNo: 2, receiptNo: "2025-000001-02", submittedAt: "2025-07-02T00:00:00.000Z", submittedBy: { id: "u2", name: "김", email: "b@example.com" } }))).toEqual([]);
  });

  it("lists changed leaves by dotted path, with before and after", () => {
    const b = doc({
      content: { overview: { titleKo: "새 제목", requestedBudgetKrw: 30_000_000_000 }, models: [{ name: "S-21B", approach: "FINE_TUNED" }] },
    });
    expect(diffDocuments(doc(), b)).toEqual([
      { path: "content.models.0.approach", before: "FROM_SCRATCH", after: "FINE_TUNED" },
      { path: "content.overview.titleKo", before: "제목", after: "새 제목" },
    ]);
  });

  it("reports added and removed array elements and keys whole", () => {
    const added = { name: "FT-8B", approach: "FINE_TUNED" };
    const b = doc({
      content: { overview: { titleKo: "제목", requestedBudgetKrw: 30_000_000_000, durationMonths: 24 }, models: [{ name: "S-21B", approach: "FROM_SCRATCH" }, added] },
      attachments: [],
    });
    expect(diffDocuments(doc(), b)).toEqual([
      { path: "content.models.1", before: null, after: added },
      { path: "content.overview.durationMonths", before: null, after: 24 },
      { path: "attachments.0", before: { id: "a1", kind: "BUSINESS_PLAN", sha256: "aa" }, after: null },
    ]);
  });

  it("treats a type change (object ↔ scalar) as one change at that path", () => {
    const a = doc({ consortium: { name: "독자AI", organizations: null } });
    const b = doc({ consortium: { name: "독자AI", organizations: [] } });
    expect(diffDocuments(a, b)).toEqual([{ path: "consortium.organizations", before: null, after: [] }]);
  });
});
