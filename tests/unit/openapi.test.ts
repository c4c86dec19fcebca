import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/http/openapi";

// Every route handler under app/api/v1 is described, method by method, and nothing else is.
function routes(dir: string): { path: string; methods: string[] }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return routes(p);
    if (d.name !== "route.ts") return [];
    const src = fs.readFileSync(p, "utf8");
    const methods = [...src.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!.toLowerCase());
    const url = "/" + path.relative("app", path.dirname(p)).replace(/\[(\w+)\]/g, "{$1}");
    return [{ path: url, methods }];
  });
}

describe("openapi.json", () => {
  const doc = openApiDocument("http://localhost:3000");
  it("describes every route and method of app/api/v1, and only those", () => {
    const found = routes("app/api/v1").map((r) => [r.path, r.methods.sort()]);
    const described = Object.entries(doc.paths).map(([p, ops]) => [p, Object.keys(ops).sort()]);
    expect(Object.fromEntries(described)).toEqual(Object.fromEntries(found));
  });
  it("takes request bodies from the services' zod schemas", () => {
    const post = doc.paths["/api/v1/consortia"]!.post as { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> } };
    const s = post.requestBody.content["application/json"]!.schema;
    expect(s.required).toEqual(expect.arrayContaining(["callSlug", "name", "lead"]));
    expect(Object.keys(s.properties)).toContain("lead");
    expect(JSON.stringify(doc)).toContain("CALL_CLOSED");
  });
});
