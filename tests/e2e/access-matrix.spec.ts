import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, request, test, type APIRequestContext } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { adminClient, newClient, verifiedApplicant } from "./helpers";
import { closeCall, createCall, reviewerClient, submittedProposal } from "./fixtures";

// DESIGN §5 over every route handler under app/api/v1, found on disk (so a new route joins the
// matrix by existing): anonymous, another applicant, a reviewer without the assignment, a disabled
// user, a revoked token. Existence of private records must not leak (404 rather than 403).

type Method = "get" | "post" | "put" | "patch" | "delete";
const PUBLIC = new Set(["/api/v1/health", "/api/v1/time", "/api/v1/openapi.json", "/api/v1/calls", "/api/v1/calls/{slug}", "/api/v1/register", "/api/v1/verify", "/api/v1/password/forgot", "/api/v1/password/reset"]);

function routes(dir = "app/api/v1"): { template: string; methods: Method[] }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return routes(p);
    if (d.name !== "route.ts") return [];
    const src = fs.readFileSync(p, "utf8");
    const methods = [...src.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!.toLowerCase() as Method);
    return [{ template: "/" + path.relative("app", path.dirname(p)).replace(/\[(\w+)\]/g, "{$1}"), methods }];
  });
}

interface Ids {
  consortiumId: string;
  proposalId: string;
  assignmentId: string;
  attachmentId: string;
  callId: string;
  slug: string;
}

function fill(template: string, ids: Ids): string {
  return template
    .replace(/\/consortia\/\{id\}/, `/consortia/${ids.consortiumId}`)
    .replace(/\/proposals\/\{id\}/, `/proposals/${ids.proposalId}`)
    .replace(/\/review\/assignments\/\{id\}/, `/review/assignments/${ids.assignmentId}`)
    .replace(/\/admin\/calls\/\{id\}/, `/admin/calls/${ids.callId}`)
    .replace("{attachmentId}", ids.attachmentId)
    .replace("{slug}", ids.slug)
    .replace("{file}", "proposals.csv")
    .replace("{n}", "1")
    .replace(/\{\w+\}/g, crypto.randomUUID());
}

async function call(c: APIRequestContext, method: Method, url: string) {
  const opts = method === "get" || method === "delete" ? {} : { data: {} };
  return c[method](url, opts);
}

test("the permission matrix over every API route", async () => {
  test.setTimeout(180_000);
  const admin = await adminClient();
  const c = await createCall(admin);
  const p = await submittedProposal(admin, c.slug);
  await closeCall(admin, c.id);
  const reviewer = await reviewerClient(admin, "배정 심사위원", "kaist.ac.kr");
  expect((await admin.post("/api/v1/admin/assignments", { data: { proposalId: p.proposalId, reviewerId: reviewer.id } })).status()).toBe(201);
  const assignmentId = (await (await reviewer.ctx.get("/api/v1/review/assignments")).json()).assignments[0].id;
  const attachmentId = p.receipt && (await (await p.lead.ctx.get(`/api/v1/proposals/${p.proposalId}`)).json()).attachments[0].id;
  const ids: Ids = { consortiumId: p.consortiumId, proposalId: p.proposalId, assignmentId, attachmentId, callId: c.id, slug: c.slug };

  const anon = await newClient();
  const other = (await verifiedApplicant(admin)).ctx;
  const outsider = (await reviewerClient(admin, "미배정 심사위원", "snu.ac.kr")).ctx;
  // A disabled user's session and a revoked token.
  const disabled = await verifiedApplicant(admin);
  const me = await (await disabled.ctx.get("/api/v1/me")).json();
  expect((await admin.patch(`/api/v1/admin/users/${me.id}`, { data: { disabled: true } })).status()).toBe(200);
  const minted = await (await other.post("/api/v1/me/tokens", { data: { name: "곧 폐기" } })).json();
  expect((await other.delete(`/api/v1/me/tokens/${minted.id}`)).status()).toBe(200);
  const revoked = await request.newContext({ baseURL: E2E_BASE_URL, extraHTTPHeaders: { authorization: `Bearer ${minted.token}` } });

  const all = routes();
  expect(all.length).toBeGreaterThan(40);
  const problems: string[] = [];
  const expectStatus = async (who: string, client: APIRequestContext, method: Method, url: string, allowed: number[]) => {
    const res = await call(client, method, url);
    if (!allowed.includes(res.status())) problems.push(`${who} ${method.toUpperCase()} ${url} → ${res.status()} (want ${allowed.join("/")})`);
    if (res.status() >= 400) {
      const body = await res.json().catch(() => null);
      if (!body?.error?.code) problems.push(`${who} ${method.toUpperCase()} ${url}: no {"error":{"code"}} body`);
    }
  };
  for (const r of all) {
    const url = fill(r.template, ids);
    const apiPath = r.template.replace(/^\/v1/, "/api/v1");
    const publicRoute = PUBLIC.has(apiPath);
    for (const m of r.methods) {
      if (publicRoute) continue;
      await expectStatus("anonymous", anon, m, url, [401]);
      await expectStatus("disabled", disabled.ctx, m, url, [401]);
      await expectStatus("revoked-token", revoked, m, url, [401]);
      if (apiPath.startsWith("/api/v1/admin/")) {
        for (const [who, cl] of [["applicant", other], ["reviewer", outsider]] as const) await expectStatus(who, cl, m, url, [403]);
      } else if (apiPath.startsWith("/api/v1/consortia/{id}") || apiPath.startsWith("/api/v1/proposals/{id}")) {
        // Private records: another applicant and an unassigned reviewer cannot tell they exist.
        for (const [who, cl] of [["applicant", other], ["reviewer", outsider]] as const) await expectStatus(who, cl, m, url, [404]);
      } else if (apiPath.startsWith("/api/v1/review/assignments/{id}")) {
        await expectStatus("applicant", other, m, url, [403]);
        await expectStatus("reviewer", outsider, m, url, [404]);
      }
    }
  }
  expect(problems).toEqual([]);
  for (const cl of [admin, anon, other, outsider, disabled.ctx, revoked, reviewer.ctx, p.lead.ctx, p.partner.ctx]) await cl.dispose();
});

test("hostile input: oversized and deeply nested JSON, a foreign Origin, script-looking text shown as text", async ({ page }) => {
  const admin = await adminClient();
  const { ctx } = await verifiedApplicant(admin);
  const big = await ctx.post("/api/v1/consortia", { headers: { "content-type": "application/json" }, data: Buffer.from(`{"name":"${"가".repeat(200_000)}"}`) });
  expect(big.status()).toBe(413);
  expect((await big.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
  const deep = await ctx.post("/api/v1/consortia", { headers: { "content-type": "application/json" }, data: Buffer.from("[".repeat(50_000) + "]".repeat(50_000)) });
  expect([400, 422]).toContain(deep.status());
  const invalidUtf8 = await ctx.post("/api/v1/consortia", { headers: { "content-type": "application/json" }, data: Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]) });
  expect(invalidUtf8.status()).toBe(422); // decoded with U+FFFD, then refused by the schema: nothing stored
  const cross = await ctx.post("/api/v1/consortia", { headers: { origin: "https://evil.example" }, data: {} });
  expect(cross.status()).toBe(403);
  expect((await cross.json()).error.code).toBe("CSRF_REJECTED");

  // A consortium named like an attack is stored and shown back as text.
  const c = await createCall(admin);
  const name = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'; DROP TABLE consortia; --`;
  const { org } = await import("../support/builders");
  const created = await ctx.post("/api/v1/consortia", { data: { callSlug: c.slug, name, lead: org() } });
  expect(created.status()).toBe(201);
  const id = (await created.json()).id;
  const state = await ctx.storageState();
  await page.context().addCookies(state.cookies);
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    void d.dismiss();
  });
  const res = await page.goto(`/consortia/${id}`);
  const csp = res!.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src[^;]*'nonce-/);
  expect(res!.headers()["x-content-type-options"]).toBe("nosniff");
  await expect(page.getByText(name).first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toBe(0);
  expect((await ctx.get(`/api/v1/consortia/${id}`)).status()).toBe(200); // and the table is still there
  await admin.dispose();
});
