import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { readJson } from "@/lib/http/route";
import { jsonDeeperThan } from "@/lib/http/json-limits";

const code = (p: Promise<unknown>) => p.then(() => "resolved", (e) => (e instanceof AppError ? e.code : `not an AppError: ${e}`));

/** A chunked upload that never ends: 64 KiB a pull, counting what the reader took. */
function endless() {
  const chunk = new Uint8Array(64 * 1024).fill(0x5b);
  const s = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      s.pulled += chunk.byteLength;
      c.enqueue(chunk);
    },
    cancel() {
      s.cancelled = true;
    },
  });
  return { body, s };
}

describe("readJson (issue 11 items 1 and 4)", () => {
  it("counts an undeclared (chunked) body while it streams and stops at 256 KiB", async () => {
    const { body, s } = endless();
    const req = new Request("http://x/api/v1/register", { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" } as RequestInit);
    expect(await code(readJson(req))).toBe("PAYLOAD_TOO_LARGE");
    expect(s.pulled).toBeLessThanOrEqual(256 * 1024 + 2 * 64 * 1024);
    expect(s.cancelled).toBe(true);
  }, 5_000);

  it("refuses 120,000 nested brackets with JSON_TOO_DEEP before parsing", async () => {
    const deep = "[".repeat(120_000) + "]".repeat(120_000);
    const req = new Request("http://x/api/v1/register", { method: "POST", headers: { "content-type": "application/json" }, body: deep });
    expect(await code(readJson(req))).toBe("JSON_TOO_DEEP");
    const obj = '{"a":'.repeat(100) + "1" + "}".repeat(100);
    expect(await code(readJson(new Request("http://x/", { method: "POST", headers: { "content-type": "application/json" }, body: obj })))).toBe("JSON_TOO_DEEP");
  });

  it("still reads ordinary bodies, brackets inside strings included", async () => {
    const body = JSON.stringify({ name: "[[[[".repeat(50), nested: { a: [[{ b: "\\\"[" }]] } });
    const req = new Request("http://x/", { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(await readJson(req)).toEqual(JSON.parse(body));
  });
});

describe("jsonDeeperThan", () => {
  it("counts arrays and objects, not brackets in strings or after escapes", () => {
    expect(jsonDeeperThan("[[[]]]", 3)).toBe(false);
    expect(jsonDeeperThan("[[[[]]]]", 3)).toBe(true);
    expect(jsonDeeperThan('{"a":{"b":{"c":1}}}', 3)).toBe(false);
    expect(jsonDeeperThan('["[[[[[", "\\"[[[[["]', 1)).toBe(false);
    expect(jsonDeeperThan('[[],[],[],[]]', 2)).toBe(false);
  });
});

describe("one home for a JSON route's body limit (issue 11 review item 4)", () => {
  it("gives the draft's autosave room for the largest draft the schema accepts, escaped or not, and 256 KiB elsewhere", async () => {
    const { jsonBodyLimit } = await import("@/lib/http/json-limits");
    const { escapedJson, maximalDraft } = await import("../support/builders");
    const { proposalDraftSchema } = await import("@/lib/proposals/content");
    const draft = maximalDraft();
    expect(proposalDraftSchema.safeParse(draft).success).toBe(true);
    const limit = jsonBodyLimit("PATCH", "/api/v1/proposals/3f1c");
    expect(limit).toBeGreaterThanOrEqual(Buffer.byteLength(escapedJson({ draft })));
    expect(jsonBodyLimit("PATCH", "http://portal.test/api/v1/proposals/3f1c")).toBe(limit);
    for (const [m, u] of [["POST", "/api/v1/register"], ["POST", "/api/v1/proposals/3f1c/submit"], ["PATCH", "/api/v1/proposals/3f1c/attachments/9"], ["POST", "/api/v1/proposals"], ["POST", "/api/v1/proposals/3f1c"]]) {
      expect(jsonBodyLimit(m, u)).toBe(256 * 1024);
    }
    const req = new Request("http://x/api/v1/proposals/3f1c", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ draft }) });
    expect(await readJson(req)).toEqual({ draft });
  });
});
