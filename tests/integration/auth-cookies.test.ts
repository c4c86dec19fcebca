import { afterEach, beforeAll, describe, expect, it } from "vitest";
import NextAuth from "next-auth";
import type { NextAuthOptions } from "next-auth";
import { makeUser, STRONG_PASSWORD } from "../support/factories";

// The Secure cookie flag cannot be seen over the e2e server's http://localhost (a browser drops a
// Secure cookie there), so this drives the app's own authOptions through next-auth's real handler
// and its cookie serialiser, on the real database, once with an https NEXTAUTH_URL (a deployment)
// and once with http (localhost). DESIGN §6: "The Secure cookie flag follows the URL's scheme".

process.env.NEXTAUTH_SECRET ??= "integration-secret-not-for-production-0000000000";
let authOptions: NextAuthOptions;
beforeAll(async () => {
  // lib/auth/next-auth reads NEXTAUTH_SECRET when it loads.
  ({ authOptions } = await import("@/lib/auth/next-auth"));
});

const savedUrl = process.env.NEXTAUTH_URL;
afterEach(() => {
  if (savedUrl === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = savedUrl;
});

/** The response side of next-auth's API handler: status, headers (Set-Cookie as a list), body. */
class Res {
  statusCode = 200;
  headers = new Map<string, unknown>();
  body: unknown;
  status(n: number) {
    this.statusCode = n;
    return this;
  }
  setHeader(k: string, v: unknown) {
    this.headers.set(k.toLowerCase(), v);
    return this;
  }
  getHeader(k: string) {
    return this.headers.get(k.toLowerCase());
  }
  json(b: unknown) {
    this.body = b;
    return this;
  }
  send(b: unknown) {
    this.body = b;
    return this;
  }
  end() {
    return this;
  }
  get setCookies(): string[] {
    const v = this.headers.get("set-cookie");
    return v === undefined ? [] : ([] as string[]).concat(v as string | string[]);
  }
}

async function auth(route: string[], opts: { method?: "GET" | "POST"; cookies?: Record<string, string>; body?: Record<string, string> } = {}) {
  const res = new Res();
  const req = { query: { nextauth: route }, cookies: opts.cookies ?? {}, body: opts.body, headers: { host: "portal.example" }, method: opts.method ?? "GET" };
  await (NextAuth as unknown as (req: unknown, res: unknown, options: NextAuthOptions) => Promise<unknown>)(req, res, authOptions);
  return res;
}

/** name → { value, attributes (lower-cased, without values except SameSite/Path) }. */
function parse(setCookies: string[]) {
  return new Map(
    setCookies.map((c) => {
      const [pair, ...attrs] = c.split(";").map((s) => s.trim());
      const eq = pair!.indexOf("=");
      // Values as a server reads them back from a Cookie header (the serialiser percent-encodes them).
      return [pair!.slice(0, eq), { value: decodeURIComponent(pair!.slice(eq + 1)), attrs: attrs.map((a) => (/^(samesite|path)=/i.test(a) ? a.toLowerCase() : a.split("=")[0]!.toLowerCase())) }];
    }),
  );
}

async function signInThroughNextAuth(email: string) {
  const csrf = await auth(["csrf"]);
  const csrfCookies = parse(csrf.setCookies);
  const { csrfToken } = csrf.body as { csrfToken: string };
  const cookies = Object.fromEntries([...csrfCookies].map(([k, v]) => [k, v.value]));
  const callback = await auth(["callback", "credentials"], { method: "POST", cookies, body: { csrfToken, email, password: STRONG_PASSWORD, json: "true" } });
  return { csrfCookies, callback, cookies: parse(callback.setCookies) };
}

describe("session cookie flags follow NEXTAUTH_URL's scheme", () => {
  it("https: __Secure-/__Host- names, Secure, HttpOnly, SameSite=Lax; the unprefixed name is not read", async () => {
    process.env.NEXTAUTH_URL = "https://portal.example";
    const u = await makeUser();
    const { csrfCookies, callback, cookies } = await signInThroughNextAuth(u.email);
    expect([...csrfCookies.keys()]).toContain("__Host-next-auth.csrf-token");
    expect(csrfCookies.get("__Host-next-auth.csrf-token")!.attrs).toEqual(expect.arrayContaining(["httponly", "secure", "samesite=lax", "path=/"]));
    expect((callback.body as { url: string }).url).not.toContain("error=");
    const session = cookies.get("__Secure-next-auth.session-token");
    expect(session).toBeDefined();
    expect(session!.attrs).toEqual(expect.arrayContaining(["httponly", "secure", "samesite=lax", "path=/", "expires"]));
    expect(session!.attrs).not.toContain("domain");
    expect(cookies.has("next-auth.session-token")).toBe(false);
    // Every cookie next-auth sets over https is Secure.
    for (const [name, c] of [...csrfCookies, ...cookies]) expect([name, c.attrs.includes("secure")]).toEqual([name, true]);

    // The token is a session under its __Secure- name only: a cookie that an http page (or a sibling
    // subdomain over http) could have planted under the plain name is not even looked at.
    const good = await auth(["session"], { cookies: { "__Secure-next-auth.session-token": session!.value } });
    expect(good.body).toMatchObject({ uid: u.id, sv: 1 });
    const plain = await auth(["session"], { cookies: { "next-auth.session-token": session!.value } });
    expect(plain.body).toEqual({});
  });

  it("http (localhost): plain names, HttpOnly and SameSite=Lax, not Secure (a browser would drop it)", async () => {
    process.env.NEXTAUTH_URL = "http://localhost:3000";
    const u = await makeUser();
    const { csrfCookies, cookies } = await signInThroughNextAuth(u.email);
    expect([...csrfCookies.keys()]).toContain("next-auth.csrf-token");
    const session = cookies.get("next-auth.session-token");
    expect(session).toBeDefined();
    expect(session!.attrs).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "path=/"]));
    expect(session!.attrs).not.toContain("secure");
    expect([...cookies.keys()].some((n) => n.startsWith("__Secure-") || n.startsWith("__Host-"))).toBe(false);
  });
});
