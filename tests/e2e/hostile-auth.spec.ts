import { expect, test, type APIResponse } from "@playwright/test";
import ko from "../../lib/i18n/messages/ko";
import { E2E_BASE_URL } from "./env";
import { adminClient, CONSENTS, newClient } from "./helpers";

// Issue 11 item 11 (and the HTTP face of items 9, 10, 12, 13): requests that used to answer 500 from
// next-auth, from Next.js's server actions, or from PostgreSQL answer a 4xx, against the real server.

const status = (r: APIResponse) => r.status();

test("next-auth: a callbackUrl that is not a URL of ours, and GET on the credentials callback, answer no 500", async () => {
  const anon = await newClient();
  const { csrfToken } = await (await anon.get("/api/auth/csrf")).json();
  for (const callbackUrl of ["notaurl", "http://", "javascript:alert(1)", "https://evil.example/x", "//evil.example", "http://[::1", "%zz", " "]) {
    // As a query parameter of next-auth's own pages…
    const signin = await anon.get(`/api/auth/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`, { maxRedirects: 0 });
    expect(status(signin), `signin ?callbackUrl=${callbackUrl}`).toBeLessThan(500);
    // …as the form field of the sign-in POST (wrong password: only the redirect matters)…
    const post = await anon.post("/api/auth/callback/credentials", { form: { csrfToken, email: "nobody@example.com", password: "wrong-password-000", callbackUrl, json: "true" }, maxRedirects: 0 });
    expect(status(post), `callback callbackUrl=${callbackUrl}`).toBeLessThan(500);
    const location = post.headers()["location"] ?? "";
    if (location) expect(new URL(location, E2E_BASE_URL).origin, `no open redirect for ${callbackUrl}`).toBe(E2E_BASE_URL);
    const json = post.headers()["content-type"]?.includes("json") ? ((await post.json()) as { url?: string }) : {};
    if (json.url) expect(new URL(json.url).origin).toBe(E2E_BASE_URL);
    // …and as next-auth's callback-url cookie.
    const jar = await newClient();
    const withCookie = await jar.get("/api/auth/session", { headers: { cookie: `next-auth.callback-url=${encodeURIComponent(callbackUrl)}` } });
    expect(status(withCookie), `cookie ${callbackUrl}`).toBeLessThan(500);
    const providers = await jar.get("/api/auth/signin", { headers: { cookie: `next-auth.callback-url=${encodeURIComponent(callbackUrl)}` }, maxRedirects: 0 });
    expect(status(providers), `signin with cookie ${callbackUrl}`).toBeLessThan(500);
    await jar.dispose();
  }
  // A cookie that is no URL at all is refused with 400 and cleared, so the next request works.
  const planted = await newClient();
  const refused = await planted.get("/api/auth/session", { headers: { cookie: "next-auth.callback-url=notaurl" } });
  expect(status(refused)).toBe(400);
  expect((await refused.json()).error).toMatchObject({ code: "BAD_REQUEST", fields: { callbackUrl: ko.fields.callbackUrlInvalid } });
  expect(refused.headers()["set-cookie"]).toMatch(/next-auth\.callback-url=; Path=\/; Max-Age=0/);
  await planted.dispose();
  const get = await anon.get("/api/auth/callback/credentials", { maxRedirects: 0 });
  expect(status(get)).toBe(405);
  expect(get.headers()["allow"]).toBe("POST");
  expect((await get.json()).error.message).toBe(ko.errors.METHOD_NOT_ALLOWED);
  for (const path of ["/api/auth/callback/credentials", "/api/auth/callback/credentials?email=a@b.c&password=x", "/api/auth/callback/nope", "/api/auth/nope", "/api/auth/signin/credentials", "/api/auth/signout"]) {
    const r = await anon.get(path, { maxRedirects: 0 });
    expect(status(r), `GET ${path}`).toBeLessThan(500);
  }
  // Other methods on next-auth's routes.
  for (const method of ["PUT", "DELETE", "PATCH"] as const) {
    const r = await anon.fetch("/api/auth/callback/credentials", { method, maxRedirects: 0 });
    expect(status(r), `${method} callback`).toBeLessThan(500);
  }
  await anon.dispose();
});

test("a server action with an unknown id or a cross-site Origin answers a 4xx", async () => {
  const anon = await newClient();
  const cases: [string, Record<string, string>][] = [
    ["unknown id", { "next-action": "0123456789abcdef0123456789abcdef01234567", origin: E2E_BASE_URL }],
    ["garbage id", { "next-action": "not-an-action", origin: E2E_BASE_URL }],
    ["cross-site Origin", { "next-action": "0123456789abcdef0123456789abcdef01234567", origin: "https://evil.example" }],
    ["cross-site Origin, no id", { "next-action": "x", origin: "https://evil.example", "sec-fetch-site": "cross-site" }],
  ];
  for (const [what, headers] of cases) {
    for (const path of ["/", "/signin", "/consortia"]) {
      const r = await anon.post(path, { headers: { ...headers, "content-type": "text/plain;charset=UTF-8" }, data: "[]", maxRedirects: 0 });
      expect(status(r), `${what} on ${path}`).toBeGreaterThanOrEqual(400);
      expect(status(r), `${what} on ${path}`).toBeLessThan(500);
    }
  }
  await anon.dispose();
});

test("hostile input over HTTP: Korean field messages, 4xx, never 500", async () => {
  const admin = await adminClient();
  const anon = await newClient();
  // Item 9: NUL in a registration name and in the admin lists' filters.
  const reg = await anon.post("/api/v1/register", { data: { email: "nul-name@example.com", password: "correct-horse-battery-2025", name: "김\u0000신청", consents: CONSENTS } });
  expect(status(reg)).toBe(422);
  expect((await reg.json()).error.fields).toEqual({ name: ko.fields.textInvalid });
  for (const path of ["/api/v1/admin/audit?actorEmail=%00", "/api/v1/admin/audit?to=%00", "/api/v1/admin/outbox?to=%00", "/api/v1/admin/users?q=%00", "/api/v1/admin/audit?from=0000-01-01", "/api/v1/admin/audit?from=0000-01-01T00:00:00Z"]) {
    const r = await admin.get(path);
    expect(status(r), path).toBe(422);
    expect((await r.json()).error.code).toBe("VALIDATION_FAILED");
  }
  // The admin pages with the same filters: no 500.
  for (const path of ["/admin/audit?from=0000-01-01", "/admin/audit?from=0000-01-01T09:00", "/admin/audit?to=0000-01-01T09:00", "/admin/audit?actorEmail=%00", "/admin/outbox?to=%00", "/admin/outbox?to=a&to=b", "/admin/users?q=%00"]) {
    expect(status(await admin.get(path)), path).toBe(200);
  }
  // Item 10: unknown keys and wrong types, in Korean.
  const unknown = await anon.post("/api/v1/register", { data: { email: "unknown-key@example.com", password: "correct-horse-battery-2025", name: 5, admin: true, consents: CONSENTS } });
  expect(status(unknown)).toBe(422);
  expect((await unknown.json()).error.fields).toEqual({ name: ko.fields.wrongType, admin: ko.fields.unknownKey });
  // Item 12: a chain of no events is not "intact".
  const verify = await admin.post("/api/v1/admin/audit/verify", { data: { entityType: "call", entityId: "00000000-0000-4000-8000-000000000000" } });
  expect(status(verify)).toBe(404);
  // Item 13: the conflicts check without its parameters.
  const conflicts = await admin.get("/api/v1/admin/assignments/conflicts");
  expect(status(conflicts)).toBe(422);
  expect((await conflicts.json()).error.fields).toEqual({ proposalId: ko.fields.required, reviewerId: ko.fields.required });
  await admin.dispose();
  await anon.dispose();
});
