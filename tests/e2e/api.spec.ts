import { expect, test } from "@playwright/test";
import { E2E_BASE_URL } from "./env";
import { adminClient, CONSENTS, linkFromOutbox, newClient, PASSWORD, signIn, uniqueEmail, verifiedApplicant } from "./helpers";

test("health, time and calls as DESIGN §7 says", async ({ request }) => {
  expect(await (await request.get("/api/v1/health")).json()).toMatchObject({ status: "ok", db: "ok", line: "ok", admission: { saturated: false } });
  const before = Date.now();
  const time = await (await request.get("/api/v1/time")).json();
  expect(time.timeZone).toBe("Asia/Seoul");
  expect(time.now).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(Math.abs(new Date(time.now).getTime() - before)).toBeLessThan(5000);

  const { calls } = await (await request.get("/api/v1/calls")).json();
  const call = calls.find((c: { slug: string }) => c.slug === "sovereign-ai-foundation-model-2025");
  expect(call).toMatchObject({ closesAt: "2025-07-21T07:00:00.000Z", opensAt: "2025-06-20T15:00:00.000Z", state: "CLOSED", totalBudget: 193600000000 });
  const one = await request.get("/api/v1/calls/sovereign-ai-foundation-model-2025");
  expect(one.status()).toBe(200);
  expect((await one.json()).closesAt).toBe("2025-07-21T07:00:00.000Z");
  const missing = await request.get("/api/v1/calls/nope");
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toEqual({ error: { code: "CALL_NOT_FOUND", message: "공고를 찾을 수 없습니다." } });
  const en = await request.get("/api/v1/calls/nope", { headers: { "accept-language": "en-US,en;q=0.9" } });
  expect((await en.json()).error.message).toBe("Call not found.");
});

test("register: stable error codes for bad input, nothing created", async ({ request }) => {
  const admin = await adminClient();
  const email = uniqueEmail("api");
  const ok = await request.post("/api/v1/register", { data: { email, password: PASSWORD, name: "API", consents: CONSENTS } });
  expect(ok.status()).toBe(201);
  expect(await ok.json()).toMatchObject({ email, verificationSent: true });

  const dup = await request.post("/api/v1/register", { data: { email: email.toUpperCase(), password: PASSWORD, name: "API", consents: CONSENTS } });
  expect(dup.status()).toBe(409);
  expect((await dup.json()).error.code).toBe("EMAIL_TAKEN");

  const bad = await request.post("/api/v1/register", { data: { email: "nope", password: "short", name: "", consents: CONSENTS } });
  expect(bad.status()).toBe(422);
  const body = await bad.json();
  expect(body.error.code).toBe("VALIDATION_FAILED");
  expect(body.error.fields).toEqual({ email: "올바른 이메일 주소를 입력하세요.", password: "비밀번호는 10자 이상이어야 합니다.", name: "필수 항목입니다." });

  const text = await request.post("/api/v1/register", { headers: { "content-type": "text/plain" }, data: JSON.stringify({ email: uniqueEmail(), password: PASSWORD, name: "x" }) });
  expect(text.status()).toBe(415);
  const broken = await request.post("/api/v1/register", { headers: { "content-type": "application/json" }, data: Buffer.from("{not json") });
  expect(broken.status()).toBe(400);
  expect((await broken.json()).error.code).toBe("BAD_REQUEST");

  // a cross-site form post (the CSRF shape) is refused before anything is created
  const csrfEmail = uniqueEmail("csrf");
  const cross = await request.post("/api/v1/register", {
    headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    data: { email: csrfEmail, password: PASSWORD, name: "x", consents: CONSENTS },
  });
  expect(cross.status()).toBe(403);
  expect((await cross.json()).error.code).toBe("CSRF_REJECTED");
  const found = await (await admin.get(`/api/v1/admin/users?q=${encodeURIComponent(csrfEmail)}`)).json();
  expect(found.users).toHaveLength(0);
  await admin.dispose();
});

test("admin API: 401 anonymous, 403 applicant and reviewer, 200 admin", async () => {
  const admin = await adminClient();
  const anon = await newClient();
  const { ctx: applicant } = await verifiedApplicant(admin);
  const reviewerEmail = uniqueEmail("rev");
  const created = await admin.post("/api/v1/admin/users", { data: { email: reviewerEmail, name: "심사위원", roles: ["REVIEWER"] } });
  expect(created.status()).toBe(201);
  const reviewer = await newClient();
  const invite = new URL(await linkFromOutbox(admin, reviewerEmail), E2E_BASE_URL);
  expect(invite.pathname).toBe("/reset");
  const accepted = await reviewer.post("/api/v1/password/reset", { data: { token: invite.searchParams.get("token"), password: "reviewer-passphrase-2025" } });
  expect(accepted.status()).toBe(200);
  await signIn(reviewer, reviewerEmail, "reviewer-passphrase-2025");
  expect((await (await reviewer.get("/api/v1/me")).json()).roles).toEqual(["REVIEWER"]);

  for (const [path, method] of [["/api/v1/admin/outbox", "get"], ["/api/v1/admin/users", "get"], ["/api/v1/admin/users", "post"]] as const) {
    const data = method === "post" ? { data: { email: uniqueEmail(), name: "x", roles: ["ADMIN"] } } : {};
    expect((await anon[method](path, data)).status(), `${method} ${path} anonymous`).toBe(401);
    for (const [who, client] of [["applicant", applicant], ["reviewer", reviewer]] as const) {
      const res = await client[method](path, data);
      expect(res.status(), `${method} ${path} ${who}`).toBe(403);
      expect((await res.json()).error.code).toBe("FORBIDDEN");
    }
  }
  expect((await admin.get("/api/v1/admin/outbox")).status()).toBe(200);
  expect((await admin.get(`/api/v1/admin/users?q=${reviewerEmail}`)).status()).toBe(200);
  await Promise.all([admin.dispose(), anon.dispose(), applicant.dispose(), reviewer.dispose()]);
});

test("a role change, a disable and a sign-out take effect at the next request", async ({ playwright }) => {
  const admin = await adminClient();
  const { ctx: applicant, email } = await verifiedApplicant(admin);
  const me = await applicant.get("/api/v1/me");
  expect(me.status()).toBe(200);
  const { id } = await me.json();

  // the session cookie as a thief would have copied it
  const stolen = (await applicant.storageState()).cookies;
  const promoted = await admin.patch(`/api/v1/admin/users/${id}`, { data: { roles: ["APPLICANT", "REVIEWER"] } });
  expect(promoted.status()).toBe(200);
  expect((await applicant.get("/api/v1/me")).status()).toBe(401);
  await signIn(applicant, email, PASSWORD);
  expect((await (await applicant.get("/api/v1/me")).json()).roles).toEqual(["APPLICANT", "REVIEWER"]);
  const replay = await playwright.request.newContext({ baseURL: E2E_BASE_URL, storageState: { cookies: stolen, origins: [] } });
  expect((await replay.get("/api/v1/me")).status()).toBe(401);

  // sign-out ends the copied token too
  const copy = (await applicant.storageState()).cookies;
  const { csrfToken } = await (await applicant.get("/api/auth/csrf")).json();
  await applicant.post("/api/auth/signout", { form: { csrfToken, json: "true" } });
  const replay2 = await playwright.request.newContext({ baseURL: E2E_BASE_URL, storageState: { cookies: copy, origins: [] } });
  expect((await replay2.get("/api/v1/me")).status()).toBe(401);

  // disabled: signed-in sessions end and sign-in is refused
  await signIn(applicant, email, PASSWORD);
  expect((await applicant.get("/api/v1/me")).status()).toBe(200);
  expect((await admin.patch(`/api/v1/admin/users/${id}`, { data: { disabled: true } })).status()).toBe(200);
  expect((await applicant.get("/api/v1/me")).status()).toBe(401);
  const refused = await signIn(applicant, email, PASSWORD);
  expect((await refused.json()).url).toContain("error=ACCOUNT_DISABLED");
  await Promise.all([admin.dispose(), applicant.dispose(), replay.dispose(), replay2.dispose()]);
});

test("sign-in over HTTP: wrong password refused; cookies HttpOnly and SameSite; pages carry a CSP", async ({ request }) => {
  const admin = await adminClient();
  const { email } = await verifiedApplicant(admin);
  const ctx = await newClient();
  const wrong = await signIn(ctx, email, "not-the-password-1");
  expect((await wrong.json()).url).toContain("error=CredentialsSignin");
  expect((await ctx.get("/api/v1/me")).status()).toBe(401);
  const right = await signIn(ctx, email, PASSWORD);
  const setCookie = right.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
  const session = setCookie.find((c) => c.startsWith("next-auth.session-token="));
  expect(session).toBeDefined();
  expect(session).toMatch(/HttpOnly/i);
  expect(session).toMatch(/SameSite=Lax/i);

  const page = await request.get("/");
  const csp = page.headers()["content-security-policy"];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(page.headers()["x-frame-options"]).toBe("DENY");
  expect(page.headers()["x-powered-by"]).toBeUndefined();
  await Promise.all([admin.dispose(), ctx.dispose()]);
});
