import crypto from "node:crypto";
import { expect, request, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { encode } from "next-auth/jwt";
import ko from "../../lib/i18n/messages/ko";
import { E2E_BASE_URL } from "./env";
import { adminClient, newClient, PASSWORD, signIn, verifiedApplicant } from "./helpers";
import { createCall, submittedProposal } from "./fixtures";

// Issue 6, sessions and transport: session fixation, sign-out, brute force on sign-in, security
// headers and cookie flags, all against the production-mode server over http://localhost.

const SESSION = "next-auth.session-token"; // over http; __Secure-… over https (tests/integration/auth-cookies.test.ts)

function setCookies(res: APIResponse): string[] {
  return res.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
}

async function sessionValue(ctx: APIRequestContext): Promise<string | undefined> {
  return (await ctx.storageState()).cookies.find((c) => c.name === SESSION)?.value;
}

/** A client whose cookie jar holds exactly these cookies for the portal's host. */
function jarWith(cookies: Record<string, string>) {
  const host = new URL(E2E_BASE_URL).hostname;
  return request.newContext({
    baseURL: E2E_BASE_URL,
    storageState: { cookies: Object.entries(cookies).map(([name, value]) => ({ name, value, domain: host, path: "/", expires: -1, httpOnly: true, secure: false, sameSite: "Lax" as const })), origins: [] },
  });
}

async function whoAmI(ctx: APIRequestContext): Promise<string | number> {
  const res = await ctx.get("/api/v1/me");
  return res.status() === 200 ? (await res.json()).id : res.status();
}

test("session fixation: planted or forged session cookies never authenticate, and sign-in always issues a new token", async () => {
  const admin = await adminClient();
  const victim = await verifiedApplicant(admin);
  const victimId = await whoAmI(victim.ctx);
  const attacker = await verifiedApplicant(admin);
  const attackerId = await whoAmI(attacker.ctx);
  const attackerToken = (await sessionValue(attacker.ctx))!;
  expect(typeof victimId).toBe("string");

  // Forged tokens: a JWE under another secret naming the victim (right session version), an unsigned
  // JWT, random bytes. None is a session, on the API or on a page.
  const otherSecret = await encode({ token: { uid: victimId as string, sv: 1, sub: victimId as string }, secret: "attacker-guessed-secret-0000000000000000" });
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const unsigned = `${b64({ alg: "none", typ: "JWT" })}.${b64({ uid: victimId, sv: 1 })}.`;
  for (const forged of [otherSecret, unsigned, crypto.randomBytes(48).toString("base64url"), attackerToken.slice(0, -8) + "AAAAAAAA"]) {
    const jar = await jarWith({ [SESSION]: forged });
    expect(await whoAmI(jar), forged.slice(0, 20)).toBe(401);
    const page = await jar.get("/account", { maxRedirects: 0 });
    expect(page.status()).toBe(307);
    expect(page.headers()["location"]).toMatch(/^\/signin\?callbackUrl=%2Faccount$/);
    await jar.dispose();
  }

  // The attack: a pre-login jar (next-auth's CSRF and callback cookies) into which the attacker planted
  // first a value of their choosing, then their own valid session. The victim signs in with that jar.
  for (const planted of ["attacker-chosen-session-value", attackerToken]) {
    const jar = await jarWith({ [SESSION]: planted });
    await jar.get("/api/auth/csrf");
    const preLogin = await jar.storageState();
    expect(preLogin.cookies.map((c) => c.name)).toEqual(expect.arrayContaining(["next-auth.csrf-token", SESSION]));
    const res = await signIn(jar, victim.email, PASSWORD);
    expect((await res.json()).url).not.toContain("error=");
    const issued = setCookies(res).find((c) => c.startsWith(`${SESSION}=`));
    expect(issued).toBeDefined();
    const after = (await sessionValue(jar))!;
    expect(after).not.toBe(planted);
    expect(after).not.toBe(attackerToken);
    expect(await whoAmI(jar)).toBe(victimId);
    // The planted value (and the whole pre-login jar) is still nobody's session, or still the attacker's
    // own: it never became the victim's.
    const replay = await request.newContext({ baseURL: E2E_BASE_URL, storageState: preLogin });
    expect(await whoAmI(replay)).toBe(planted === attackerToken ? attackerId : 401);
    await replay.dispose();
    await jar.dispose();
  }

  // Signing in again, even in the same jar, issues a fresh token: no value is ever reused.
  const before = (await sessionValue(victim.ctx))!;
  await signIn(victim.ctx, victim.email, PASSWORD);
  const again = (await sessionValue(victim.ctx))!;
  expect(again).not.toBe(before);
  expect(await whoAmI(victim.ctx)).toBe(victimId);
  for (const c of [admin, victim.ctx, attacker.ctx]) await c.dispose();
});

test("signing out in the browser ends every session of the user on the server, not just the cookie", async ({ page }) => {
  const admin = await adminClient();
  const user = await verifiedApplicant(admin);
  const otherDevice = await newClient();
  await signIn(otherDevice, user.email, PASSWORD);
  expect(await whoAmI(otherDevice)).toBe(await whoAmI(user.ctx));

  await page.goto("/signin");
  await page.getByLabel("이메일").fill(user.email);
  await page.getByLabel("비밀번호").fill(PASSWORD);
  await page.getByRole("button", { name: "로그인" }).click();
  await expect(page.getByTestId("account-link")).toBeVisible();
  const browserToken = (await page.context().cookies()).find((c) => c.name === SESSION)!.value;
  await page.getByRole("button", { name: ko.common.signOut }).click();
  await expect(page.getByTestId("account-link")).toHaveCount(0);
  await expect.poll(async () => (await page.context().cookies()).some((c) => c.name === SESSION)).toBe(false);

  // The token copied before sign-out, the other device's and the API client's: all refused now.
  const copied = await jarWith({ [SESSION]: browserToken });
  expect(await whoAmI(copied)).toBe(401);
  expect(await whoAmI(otherDevice)).toBe(401);
  expect(await whoAmI(user.ctx)).toBe(401);
  // and signing in again works.
  await signIn(otherDevice, user.email, PASSWORD);
  expect(typeof (await whoAmI(otherDevice))).toBe("string");
  for (const c of [admin, user.ctx, otherDevice, copied]) await c.dispose();
});

test("brute force on sign-in: after 10 failures the account is refused even with the right password; another account is not", async ({ page }) => {
  const admin = await adminClient();
  const victim = await verifiedApplicant(admin);
  const bystander = await verifiedApplicant(admin);
  const attacker = await newClient();
  for (let i = 0; i < 10; i++) {
    const res = await signIn(attacker, victim.email, `guess-${i}-password`);
    expect((await res.json()).url, `attempt ${i + 1}`).toContain("error=CredentialsSignin");
  }
  // The right password, also with the address in other case and padding: refused, no session issued.
  for (const email of [victim.email, `  ${victim.email.toUpperCase()} `]) {
    const res = await signIn(attacker, email, PASSWORD);
    expect((await res.json()).url).toContain("error=RATE_LIMITED");
    expect(setCookies(res).filter((c) => c.startsWith(`${SESSION}=`))).toEqual([]);
    expect(await whoAmI(attacker)).toBe(401);
  }
  // The victim themself, from a fresh client at the same address (all e2e traffic is 127.0.0.1), is
  // refused too until the window passes; from another address they sign in, or by emailed link
  // (decision 012; tests/integration/targeted-lockout.test.ts, tests/e2e/account-hardening.spec.ts).
  const fresh = await newClient();
  expect((await (await signIn(fresh, victim.email, PASSWORD)).json()).url).toContain("error=RATE_LIMITED");
  expect(await whoAmI(fresh)).toBe(401);
  // Another account from the same address is not affected.
  const other = await newClient();
  expect((await (await signIn(other, bystander.email, PASSWORD)).json()).url).not.toContain("error=");
  expect(typeof (await whoAmI(other))).toBe("string");
  // Sessions issued before the lockout keep working (the limit stops guessing, it does not sign anyone out).
  expect(typeof (await whoAmI(victim.ctx))).toBe("string");

  // In the browser the sign-in form says so in Korean.
  await page.goto("/signin");
  await page.getByLabel("이메일").fill(victim.email);
  await page.getByLabel("비밀번호").fill(PASSWORD);
  await page.getByRole("button", { name: "로그인" }).click();
  await expect(page.getByTestId("form-error")).toHaveAttribute("data-code", "RATE_LIMITED");
  await expect(page.getByTestId("form-error")).toHaveText(ko.auth.signInRateLimited);
  await expect(page.getByTestId("account-link")).toHaveCount(0);
  for (const c of [admin, victim.ctx, bystander.ctx, attacker, fresh, other]) await c.dispose();
});

test("cookies: the session cookie is HttpOnly, SameSite=Lax, host-only on /, not Secure over http, and out of reach of scripts", async ({ page }) => {
  const admin = await adminClient();
  const user = await verifiedApplicant(admin);
  const ctx = await newClient();
  const csrf = await ctx.get("/api/auth/csrf");
  for (const c of setCookies(csrf)) {
    expect(c).toMatch(/;\s*HttpOnly/i);
    expect(c).toMatch(/;\s*SameSite=Lax/i);
    expect(c).toMatch(/;\s*Path=\//i);
  }
  const res = await signIn(ctx, user.email, PASSWORD);
  const session = setCookies(res).find((c) => c.startsWith(`${SESSION}=`))!;
  expect(session).toBeDefined();
  const attrs = session.split(";").slice(1).map((a) => a.trim().toLowerCase());
  expect(attrs).toContain("httponly");
  expect(attrs).toContain("samesite=lax");
  expect(attrs).toContain("path=/");
  expect(attrs.some((a) => a.startsWith("domain="))).toBe(false); // host-only
  expect(attrs).not.toContain("secure"); // http://localhost: Secure would make the browser drop it
  const expires = attrs.find((a) => a.startsWith("expires="));
  expect(expires).toBeDefined();
  const lifetimeH = (new Date(expires!.slice("expires=".length)).getTime() - Date.now()) / 3600_000;
  expect(lifetimeH).toBeGreaterThan(11);
  expect(lifetimeH).toBeLessThanOrEqual(12.1); // session.maxAge 12 h

  // Chromium's view after a real sign-in through the form.
  await page.goto("/signin");
  await page.getByLabel("이메일").fill(user.email);
  await page.getByLabel("비밀번호").fill(PASSWORD);
  await page.getByRole("button", { name: "로그인" }).click();
  await expect(page.getByTestId("account-link")).toBeVisible();
  const cookie = (await page.context().cookies()).find((c) => c.name === SESSION)!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false, path: "/", domain: "localhost" });
  expect(await page.evaluate(() => document.cookie)).not.toContain("session-token");
  expect(await page.evaluate(() => document.cookie)).not.toContain("csrf-token");
  for (const c of [admin, user.ctx, ctx]) await c.dispose();
});

test("security headers in production: CSP with a fresh nonce on pages, a closed CSP on the API, HSTS, framing refused", async ({ page }) => {
  test.setTimeout(90_000);
  const admin = await adminClient();
  const call = await createCall(admin);
  const p = await submittedProposal(admin, call.slug);
  const attachmentId = (await (await p.lead.ctx.get(`/api/v1/proposals/${p.proposalId}`)).json()).attachments[0].id;
  const anon = await newClient();

  const common = (what: string, h: Record<string, string>) => {
    expect([what, h["strict-transport-security"]]).toEqual([what, "max-age=63072000; includeSubDomains"]);
    expect([what, h["x-content-type-options"]]).toEqual([what, "nosniff"]);
    expect([what, h["x-frame-options"]]).toEqual([what, "DENY"]);
    expect([what, h["referrer-policy"]]).toEqual([what, "strict-origin-when-cross-origin"]);
    expect([what, h["permissions-policy"]]).toEqual([what, "camera=(), microphone=(), geolocation=()"]);
    expect([what, h["x-powered-by"]]).toEqual([what, undefined]);
  };

  // Pages: signed in or not, found or not, and a redirect to sign-in.
  const nonces = new Set<string>();
  for (const [who, client, path, status] of [
    ["anonymous", anon, "/", 200],
    ["anonymous", anon, "/signin", 200],
    ["anonymous", anon, `/calls/${call.slug}`, 200],
    ["anonymous", anon, "/no-such-page", 404],
    ["anonymous", anon, "/consortia", 307],
    ["applicant", p.lead.ctx, `/proposals/${p.proposalId}`, 200],
    ["applicant", p.lead.ctx, `/proposals/${crypto.randomUUID()}`, 404],
    ["admin", admin, "/admin", 200],
    ["applicant", p.lead.ctx, "/admin/users", 403],
  ] as const) {
    const res = await client.get(path, { maxRedirects: 0 });
    const what = `${who} ${path}`;
    expect([what, res.status()]).toEqual([what, status]);
    const h = res.headers();
    common(what, h);
    const csp = h["content-security-policy"] ?? "";
    const directives = new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
    const script = directives.get("script-src") ?? [];
    const nonce = script.find((s) => s.startsWith("'nonce-"));
    expect([what, nonce]).not.toEqual([what, undefined]);
    expect([what, script]).toEqual([what, ["'self'", nonce, "'strict-dynamic'"]]); // no 'unsafe-eval' or 'unsafe-inline' in production
    expect([what, directives.get("frame-ancestors")]).toEqual([what, ["'none'"]]);
    expect([what, directives.get("object-src")]).toEqual([what, ["'none'"]]);
    expect([what, directives.get("base-uri")]).toEqual([what, ["'self'"]]);
    expect([what, directives.get("form-action")]).toEqual([what, ["'self'"]]);
    expect([what, directives.get("default-src")]).toEqual([what, ["'self'"]]);
    nonces.add(nonce!);
    if (status === 200 || status === 403) {
      // Every script the page carries has the nonce of this response (the forbidden page too: it hydrates).
      const html = await res.text();
      const value = nonce!.slice("'nonce-".length, -1);
      const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(tags.length).toBeGreaterThan(0);
      expect([what, tags.filter((t) => !t.includes(`nonce="${value}"`))]).toEqual([what, []]);
    }
  }
  expect(nonces.size).toBe(9); // a fresh nonce for every response

  // API answers: JSON, errors, next-auth's own routes, file downloads.
  for (const [who, client, path, status] of [
    ["anonymous", anon, "/api/v1/health", 200],
    ["anonymous", anon, "/api/v1/openapi.json", 200],
    ["anonymous", anon, "/api/v1/me", 401],
    ["anonymous", anon, "/api/auth/csrf", 200],
    ["anonymous", anon, "/api/auth/session", 200],
    ["applicant", p.lead.ctx, `/api/v1/proposals/${crypto.randomUUID()}`, 404],
    ["applicant", p.lead.ctx, `/api/v1/proposals/${p.proposalId}/attachments/${attachmentId}`, 200],
    ["admin", admin, "/api/v1/admin/exports/proposals.csv?callId=" + call.id, 200],
  ] as const) {
    const res = await client.get(path, { maxRedirects: 0 });
    const what = `${who} ${path}`;
    expect([what, res.status()]).toEqual([what, status]);
    const h = res.headers();
    common(what, h);
    expect([what, h["content-security-policy"]]).toEqual([what, "default-src 'none'; frame-ancestors 'none'"]);
    expect(h["content-type"] ?? "", what).not.toContain("text/html");
  }

  // Chromium honours it: the portal cannot be framed by another page, and its own pages run their
  // scripts under the CSP without a single violation.
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) violations.push(m.text());
  });
  await page.goto("/signin");
  await page.getByLabel("이메일").fill(p.lead.email);
  await page.getByLabel("비밀번호").fill(PASSWORD);
  await page.getByRole("button", { name: "로그인" }).click(); // a client-side sign-in: the page's scripts ran
  await expect(page.getByTestId("account-link")).toBeVisible();
  await page.goto(`/proposals/${p.proposalId}`);
  await expect(page.locator("main h1")).toBeVisible();
  expect(violations).toEqual([]);

  const framer = await page.context().newPage();
  await framer.goto("about:blank");
  // setContent waits for the load event, which waits for the frame (an error page loads too).
  await framer.setContent(`<iframe id="f" src="${E2E_BASE_URL}/proposals/${p.proposalId}" width="800" height="600"></iframe>`);
  const framed = framer.frames().find((f) => f !== framer.mainFrame())!;
  expect(framed).toBeDefined();
  // Blocked by frame-ancestors / X-Frame-Options: Chromium shows its own error page, never the portal's.
  expect(framed.url()).toBe("chrome-error://chromewebdata/");
  expect(await framed.locator("#main").count()).toBe(0);
  for (const c of [admin, anon, p.lead.ctx, p.partner.ctx]) await c.dispose();
});
