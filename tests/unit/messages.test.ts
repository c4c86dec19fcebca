import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import ko from "@/lib/i18n/messages/ko";
import en from "@/lib/i18n/messages/en";
import { ZOD_MESSAGE_KEYS } from "@/lib/zod";
import { AMOUNT_MESSAGE_KEYS } from "@/lib/amounts";

// Field messages are keys (zod messages, AppError fields); a key missing from a dictionary would
// reach the page as a raw identifier. Collect them from the source and look each up.
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "generated" ? [] : sourceFiles(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

const PATTERNS = [
  /\.(?:min|max|int|positive|nonnegative|regex|refine|literal|enum|array|object|string|number|uuid)\([^()]*?,\s*"([a-z][A-Za-z]+)"\)/g,
  /message:\s*"([a-z][A-Za-z]+)"/g,
  /fields:\s*\{\s*[^:{}]+:\s*"([a-z][A-Za-z]+)"\s*\}/g,
  /fields\[[^\]]+\]\s*=\s*"([a-z][A-Za-z]+)"/g,
];

describe("message keys", () => {
  // The keys lib/zod.ts's error map answers with for zod's own issues.
  const keys = new Set<string>([...ZOD_MESSAGE_KEYS, ...AMOUNT_MESSAGE_KEYS]);
  for (const file of sourceFiles("lib")) {
    const src = fs.readFileSync(file, "utf8");
    for (const re of PATTERNS) for (const m of src.matchAll(re)) keys.add(m[1]!);
  }
  it("finds the keys the code uses", () => {
    for (const k of ["required", "businessRegNoInvalid", "baseModelRequired", "fileTypeUnsupported", "organizationUnconfirmed"]) expect(keys).toContain(k);
  });
  it("every key has a Korean and an English message", () => {
    const missing = [...keys].filter((k) => !(k in ko.fields) || !(k in en.fields));
    expect(missing).toEqual([]);
  });
});
