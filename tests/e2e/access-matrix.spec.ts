import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { adminClient, newClient, verifiedApplicant } from "./helpers";
import { createCall, submittedProposal } from "./fixtures";
import { fill, fillPage, OWN_PAGES, pages, PUBLIC_PAGES, RECORD_PAGES, scene, type Ids } from "./page-matrix";

// DESIGN §5 over every route handler under app/api/v1 and every page under app/, found on disk (so a
// new route or page joins the matrix by existing): anonymous, another applicant, a reviewer without
// the assignment, a reviewer who was assigned but declared a conflict of interest, a disabled user, a
// revoked token. Existence of private records must not leak (404 rather than 403).

type Method = "get" | "post" | "put" | "patch" | "delete";
const PUBLIC = new Set(["/api/v1/health", "/api/v1/time", "/api/v1/openapi.json", "/api/v1/calls", "/api/v1/calls/{slug}", "/api/v1/calls/{slug}/documents/{docId}", "/api/v1/register", "/api/v1/verify", "/api/v1/password/forgot", "/api/v1/password/reset", "/api/v1/sign-in-link"]);

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

async function call(c: APIRequestContext, method: Method, url: string) {
  const opts = method === "get" || method === "delete" ? {} : { data: {} };
  return c[method](url, opts);
}

test("the permission matrix over every API route", async () => {
  test.setTimeout(180_000);
  const { ids, anon, other, outsider, conflicted, conflictedAssignmentId, disabled, revoked, secret, p, dispose } = await scene();
  // The conflicted reviewer's own assignment, and the assignment of the reviewer still on the proposal.
  const conflictedIds: Ids[] = [{ ...ids, assignmentId: conflictedAssignmentId }, ids];

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
      await expectStatus("disabled", disabled, m, url, [401]);
      await expectStatus("revoked-token", revoked, m, url, [401]);
      if (apiPath.startsWith("/api/v1/admin/")) {
        for (const [who, cl] of [["applicant", other], ["reviewer", outsider], ["conflicted", conflicted]] as const) await expectStatus(who, cl, m, url, [403]);
      } else if (apiPath.startsWith("/api/v1/consortia/{id}") || apiPath.startsWith("/api/v1/proposals/{id}")) {
        // Private records: another applicant and reviewers without an active assignment cannot tell they exist.
        for (const [who, cl] of [["applicant", other], ["reviewer", outsider], ["conflicted", conflicted]] as const) await expectStatus(who, cl, m, url, [404]);
      } else if (apiPath.startsWith("/api/v1/review/assignments/{id}")) {
        await expectStatus("applicant", other, m, url, [403]);
        await expectStatus("reviewer", outsider, m, url, [404]);
        // The version, its files, scores, others' scores, the declaration, a second conflict: all gone.
        for (const cIds of conflictedIds) await expectStatus("conflicted", conflicted, m, fill(r.template, cIds), [404]);
      }
    }
  }
  expect(problems).toEqual([]);
  // Nor is the proposal listed for the conflicted reviewer (the other reviewer still has it).
  const list = await conflicted.get("/api/v1/review/assignments");
  expect(list.status()).toBe(200);
  expect((await list.json()).assignments).toEqual([]);
  expect(await list.text()).not.toContain(secret);
  expect((await (await p.lead.ctx.get(`/api/v1/proposals/${p.proposalId}`)).json()).id).toBe(p.proposalId); // control: it exists
  await dispose();
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

// --- pages ------------------------------------------------------------------------------------

test("the permission matrix over every page: sign-in redirects, 404 for others' records, 403 on the admin console, the record never in the HTML", async ({ browser }) => {
  test.setTimeout(360_000);
  const { admin, call, p, secret, ids, reviewer, anon, other, outsider, conflicted, conflictedAssignmentId, disabled, dispose } = await scene();
  const receiptNo = p.receipt.receiptNo as string;
  const all = pages();
  expect(all.length).toBeGreaterThan(25);
  for (const t of ["/consortia/{id}", "/proposals/{id}/receipt/{n}", "/review/assignments/{id}", "/admin/proposals/{id}", "/admin/users"]) expect(all).toContain(t);

  const problems: string[] = [];
  const get = async (who: string, client: APIRequestContext, url: string) => {
    const res = await client.get(url, { maxRedirects: 0 });
    const html = await res.text();
    // Whatever the answer, the record's name and receipt number are not in it.
    for (const marker of [secret, receiptNo]) if (html.includes(marker)) problems.push(`${who} ${url}: the HTML contains "${marker}"`);
    return { status: res.status(), html, location: res.headers()["location"] };
  };
  const want = (who: string, url: string, got: { status: number; html: string }, status: number, testId?: string) => {
    if (got.status !== status) problems.push(`${who} ${url} → ${got.status} (want ${status})`);
    if (testId && !got.html.includes(`data-testid="${testId}"`)) problems.push(`${who} ${url}: no data-testid="${testId}"`);
  };
  const signedIn = [["applicant", other], ["reviewer", outsider], ["conflicted", conflicted]] as const;
  let adminPages = 0;
  /** Console URLs a non-admin got 403 for, to look at in Chromium below. */
  const forbiddenUrls: [string, APIRequestContext, string][] = [];

  for (const template of all) {
    const url = fillPage(template, ids);
    if (PUBLIC_PAGES.has(template)) {
      for (const [who, cl] of [["anonymous", anon], ...signedIn] as const) want(who, url, await get(who, cl, url), 200);
      continue;
    }
    if (template === "/signin/continue") {
      // Where a sign-in that names no page goes (decision 016): sign-in again when signed out, else the role's page.
      const where = [["anonymous", anon, "/signin"], ["disabled", disabled, "/signin"], ["applicant", other, "/consortia"], ["reviewer", outsider, "/review"], ["conflicted", conflicted, "/review"]] as const;
      for (const [who, cl, to] of where) {
        const got = await get(who, cl, url);
        want(who, url, got, 307);
        if (got.location !== to) problems.push(`${who} ${url}: Location ${got.location} (want ${to})`);
      }
      continue;
    }
    // Anonymous visitors and a disabled user's session go to sign-in, coming back to this page after.
    for (const [who, cl] of [["anonymous", anon], ["disabled", disabled]] as const) {
      const got = await get(who, cl, url);
      want(who, url, got, 307);
      if (got.location !== `/signin?callbackUrl=${encodeURIComponent(url)}`) problems.push(`${who} ${url}: Location ${got.location}`);
    }
    if (RECORD_PAGES.has(template)) {
      for (const [who, cl] of signedIn) want(who, url, await get(who, cl, url), 404);
    } else if (template === "/review/assignments/{id}" || template === "/review/assignments/{id}/attachments/{attachmentId}") {
      want("applicant", url, await get("applicant", other, url), 403);
      want("reviewer", url, await get("reviewer", outsider, url), 404);
      for (const a of [conflictedAssignmentId, ids.assignmentId]) {
        const u = fillPage(template, { ...ids, assignmentId: a });
        want("conflicted", u, await get("conflicted", conflicted, u), 404);
      }
    } else if (template.startsWith("/admin")) {
      // Non-admins get 403 (forbidden() → app/forbidden.tsx), the same for a real record and a made-up one.
      // A 403 is thrown before the HTML starts, so Next.js answers with its error shell and the notice
      // renders from the page's inlined RSC data: the Chromium pass below checks that it shows.
      for (const [who, cl] of signedIn) {
        const real = await get(who, cl, url);
        want(who, url, real, 403);
        forbiddenUrls.push([who, cl, url]);
        const madeUp = template.includes("{") ? fillPage(template, { ...ids, proposalId: crypto.randomUUID(), callId: crypto.randomUUID() }) : null;
        if (madeUp) {
          const fake = await get(who, cl, madeUp);
          want(who, madeUp, fake, 403);
          forbiddenUrls.push([who, cl, madeUp]);
          if (fake.status !== real.status) problems.push(`${who} ${template}: ${real.status} for a real record, ${fake.status} for a made-up one`);
        }
      }
      // Control: the admin gets the page itself (200, no notice), so the 403 is about the role.
      const res = await admin.get(url, { maxRedirects: 0 });
      const html = await res.text();
      if (res.status() !== 200) problems.push(`admin ${url} → ${res.status()} (want 200)`);
      if (html.includes('data-testid="forbidden"')) problems.push(`admin ${url}: shows the forbidden notice`);
      adminPages++;
    } else if (OWN_PAGES.has(template)) {
      for (const [who, cl] of signedIn) {
        const got = await get(who, cl, url);
        // The review workspace is for reviewers: an applicant gets 403 (app/forbidden.tsx).
        const status = template === "/review" && who === "applicant" ? 403 : 200;
        if (got.status !== status) problems.push(`${who} ${url} → ${got.status} (want ${status})`);
      }
    } else {
      problems.push(`unclassified page ${template}: add it to the matrix`);
    }
  }
  expect(adminPages).toBeGreaterThanOrEqual(11); // dashboard, proposals (+[id]), calls (+new, [id]), reviews (+[callId]), users, audit, outbox

  // In a browser the 403 pages show the forbidden notice (in Korean), and never the record.
  const browsers = new Map<APIRequestContext, Awaited<ReturnType<typeof browser.newContext>>>();
  for (const [who, cl, url] of forbiddenUrls) {
    if (!browsers.has(cl)) browsers.set(cl, await browser.newContext({ baseURL: E2E_BASE_URL, locale: "ko-KR", storageState: await cl.storageState() }));
    const tab = await browsers.get(cl)!.newPage();
    const res = await tab.goto(url);
    if (res?.status() !== 403) problems.push(`${who} ${url} in Chromium → ${res?.status()} (want 403)`);
    const notice = tab.getByTestId("forbidden");
    await notice.waitFor({ timeout: 10_000 }).catch(() => problems.push(`${who} ${url} in Chromium: no forbidden notice`));
    if ((await notice.count()) > 0 && (await notice.innerText()) !== "이 작업을 할 권한이 없습니다.") problems.push(`${who} ${url} in Chromium: notice "${await notice.innerText()}"`);
    const text = await tab.locator("body").innerText();
    for (const marker of [secret, receiptNo]) if (text.includes(marker)) problems.push(`${who} ${url} in Chromium shows "${marker}"`);
    await tab.close();
  }
  for (const b of browsers.values()) await b.close();
  expect(problems).toEqual([]);

  // Controls: the same pages show the record to those entitled to it, so "not in the HTML" means something.
  const shows = async (who: string, client: APIRequestContext, url: string) => {
    const res = await client.get(url, { maxRedirects: 0 });
    expect([who, url, res.status()]).toEqual([who, url, 200]);
    expect((await res.text()).includes(secret), `${who} ${url} shows the consortium`).toBe(true);
  };
  await shows("lead", p.lead.ctx, `/consortia/${p.consortiumId}`);
  await shows("lead", p.lead.ctx, "/consortia");
  await shows("lead", p.lead.ctx, `/proposals/${p.proposalId}`);
  await shows("partner", p.partner.ctx, `/proposals/${p.proposalId}/receipt/1`);
  await shows("reviewer", reviewer.ctx, "/review");
  await shows("reviewer", reviewer.ctx, `/review/assignments/${ids.assignmentId}`);
  await shows("admin", admin, `/admin/proposals/${p.proposalId}`);
  await shows("admin", admin, `/admin/proposals?callId=${call.id}`);
  await dispose();
});

test("the conflicted reviewer's pages in Chromium: the assignment is gone from the list and its page is the not-found page", async ({ page }) => {
  test.setTimeout(120_000);
  const { secret, conflicted, conflictedAssignmentId, reviewer, ids, dispose } = await scene();
  await page.context().addCookies((await conflicted.storageState()).cookies);
  await page.goto("/review");
  await expect(page.locator("main")).toBeVisible();
  await expect(page.locator("main")).not.toContainText(secret);
  const res = await page.goto(`/review/assignments/${conflictedAssignmentId}`);
  expect(res!.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await expect(page.locator("body")).not.toContainText(secret);
  // Control: the reviewer still on the proposal sees it listed.
  await page.context().clearCookies();
  await page.context().addCookies((await reviewer.ctx.storageState()).cookies);
  await page.goto("/review");
  await expect(page.locator("main")).toContainText(secret);
  await expect(page.locator(`a[href="/review/assignments/${ids.assignmentId}"]`).first()).toBeVisible();
  await dispose();
});

test("SQL-looking text is stored and shown back intact, and admin search treats it (and LIKE wildcards) as text", async ({ page }) => {
  test.setTimeout(120_000);
  const admin = await adminClient();
  const c = await createCall(admin);
  const { fullDraft, org } = await import("../support/builders");
  const names = {
    consortium: `A'; DROP TABLE proposals; --`,
    participant: `Robert'); DROP TABLE organizations;-- 대학교`,
    title: `1' OR '1'='1`,
    summary: `" OR ""=" ; DELETE FROM users WHERE 1=1; -- \\' \\x00 $$ $1 %s %%`,
  };
  // Two submitted proposals in one call (exports carry submitted ones): an injected "OR true" would return both.
  const p = await submittedProposal(admin, c.slug, { name: names.consortium });
  const plain = await submittedProposal(admin, c.slug, { name: "평범한 컨소시엄" });
  const ctx = p.lead.ctx;
  const draft = fullDraft();
  draft.overview = { ...draft.overview, titleKo: names.title, summary: names.summary };
  expect((await ctx.patch(`/api/v1/proposals/${p.proposalId}`, { headers: { "if-match": '"2"' }, data: { draft } })).status()).toBe(200);
  expect((await ctx.post(`/api/v1/consortia/${p.consortiumId}/organizations`, { data: { organization: org(names.participant, "UNIVERSITY"), budgetShareKrw: 0 } })).status()).toBe(201);

  // Through the API, byte for byte.
  const view = await (await ctx.get(`/api/v1/consortia/${p.consortiumId}`)).json();
  expect(view.name).toBe(names.consortium);
  expect(view.organizations.map((o: { name: string }) => o.name)).toContain(names.participant);
  const prop = await (await ctx.get(`/api/v1/proposals/${p.proposalId}`)).json();
  expect(prop.draft.overview).toMatchObject({ titleKo: names.title, summary: names.summary });

  // On the pages, as text.
  await page.context().addCookies((await ctx.storageState()).cookies);
  await page.goto(`/consortia/${p.consortiumId}`);
  await expect(page.getByText(names.consortium, { exact: true }).first()).toBeVisible();
  await expect(page.getByText(names.participant, { exact: true }).first()).toBeVisible();
  await page.goto(`/proposals/${p.proposalId}`);
  await expect(page.locator('[name="overview.titleKo"]')).toHaveValue(names.title);
  await expect(page.locator('[name="overview.summary"]')).toHaveValue(names.summary);

  // Admin search (SQL with bound parameters, LIKE wildcards escaped) and the CSV export (Prisma) agree.
  const search = async (q: string) => {
    const list = await admin.get(`/api/v1/admin/proposals?callId=${c.id}&q=${encodeURIComponent(q)}`);
    expect(list.status()).toBe(200);
    const csv = await admin.get(`/api/v1/admin/exports/proposals.csv?callId=${c.id}&q=${encodeURIComponent(q)}`);
    expect(csv.status()).toBe(200);
    const rows = (await csv.text()).split(/\r?\n/).filter((l) => l.trim()).length - 1;
    return { list: (await list.json()).total as number, csv: rows };
  };
  expect(await search("")).toEqual({ list: 2, csv: 2 });
  expect(await search(`' OR '1'='1`)).toEqual({ list: 0, csv: 0 });
  expect(await search(`x' OR 1=1 --`)).toEqual({ list: 0, csv: 0 });
  expect(await search(names.consortium)).toEqual({ list: 1, csv: 1 });
  expect(await search("DROP TABLE proposals")).toEqual({ list: 1, csv: 1 });
  expect(await search("%")).toEqual({ list: 0, csv: 0 });
  expect(await search("_")).toEqual({ list: 0, csv: 0 });
  // The other admin searches take text literally too.
  const users = async (q: string) => (await (await admin.get(`/api/v1/admin/users?q=${encodeURIComponent(q)}`)).json()).users.length;
  expect(await users(p.lead.email)).toBe(1);
  for (const q of ["%", "_", "' OR '1'='1"]) expect([q, await users(q)]).toEqual([q, 0]);
  const audit = async (actorEmail: string) => (await (await admin.get(`/api/v1/admin/audit?actorEmail=${encodeURIComponent(actorEmail)}`)).json()).total;
  expect(await audit(p.lead.email)).toBeGreaterThan(0);
  for (const q of ["%", "_"]) expect([q, await audit(q)]).toEqual([q, 0]);
  // And every table is still there.
  expect((await ctx.get(`/api/v1/proposals/${p.proposalId}`)).status()).toBe(200);
  expect((await (await admin.get(`/api/v1/admin/proposals?callId=${c.id}`)).json()).total).toBe(2);
  for (const cl of [admin, ctx, p.partner.ctx, plain.lead.ctx, plain.partner.ctx]) await cl.dispose();
});

test("the benchmark-only route (ceiling ladder L2) is not in the production build at all", async () => {
  // The server under test runs the build `npm start` makes (.next): its route manifest must not name
  // the bench route (it is built only into .next-bench for npm run bench), and the path is a plain 404.
  const manifest = JSON.parse(fs.readFileSync(path.join(".next", "app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
  const routes = Object.values(manifest);
  expect(routes).toContain("/api/v1/health");
  expect(routes.filter((r) => r.startsWith("/api/bench"))).toEqual([]);
  expect(fs.existsSync(path.join(".next", "server", "app", "api", "bench"))).toBe(false);
  const anon = await newClient();
  const res = await anon.post("/api/bench/submit?sid=1", { data: {} });
  expect(res.status()).toBe(404);
  await anon.dispose();
});
