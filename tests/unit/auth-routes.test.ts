import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { authOptions, safeCallbackUrl } from "@/lib/auth/next-auth";
import { AUTH_PROVIDER_IDS, callbackUrlProblem, nextAuthRequestProblem } from "@/lib/auth/next-auth-routes";
import { isForeignServerAction } from "@/lib/http/server-actions";

// Issue 11 item 11: the pure parts of the guards in front of next-auth and Next.js's server actions.

describe("safeCallbackUrl", () => {
  const base = "http://localhost:3103";
  it("keeps our paths and our origin, sends anything else home, never throws", () => {
    expect(safeCallbackUrl("/proposals/1?x=1", base)).toBe(`${base}/proposals/1?x=1`);
    expect(safeCallbackUrl(`${base}/account`, base)).toBe(`${base}/account`);
    for (const bad of ["notaurl", "http://", "javascript:alert(1)", "https://evil.example/x", "//evil.example", "/\\evil.example", "http://[::1", "%zz", " ", ""]) {
      expect(safeCallbackUrl(bad, base), JSON.stringify(bad)).toBe(base);
    }
  });
});

describe("nextAuthRequestProblem", () => {
  it("knows every provider the portal configures (a new one would otherwise answer 404)", () => {
    const ids = authOptions.providers.map((p) => (p.options as { id?: string } | undefined)?.id ?? p.id);
    expect([...ids].sort()).toEqual([...AUTH_PROVIDER_IDS].sort());
  });
  const code = (m: string, s: string[]) => nextAuthRequestProblem(m, s)?.error.code ?? null;
  it("lets next-auth's routes of this portal through", () => {
    for (const [m, s] of [["GET", ["csrf"]], ["GET", ["session"]], ["GET", ["providers"]], ["GET", ["signin"]], ["GET", ["signout"]], ["POST", ["callback", "credentials"]], ["POST", ["callback", "email-link"]], ["POST", ["signout"]], ["POST", ["session"]], ["POST", ["_log"]], ["POST", ["signin", "credentials"]], ["GET", ["error"]]] as const) {
      expect(code(m, [...s]), `${m} ${s.join("/")}`).toBeNull();
    }
  });
  it("answers 405 for a wrong method and 404 for unknown paths or providers", () => {
    expect(nextAuthRequestProblem("GET", ["callback", "credentials"])).toMatchObject({ error: { code: "METHOD_NOT_ALLOWED" }, allow: ["POST"] });
    expect(code("PUT", ["session"])).toBe("METHOD_NOT_ALLOWED");
    expect(code("GET", ["_log"])).toBe("METHOD_NOT_ALLOWED");
    for (const s of [["callback", "github"], ["callback"], ["nope"], [], ["signin", "email"], ["csrf", "x"], ["callback", "credentials", "x"], ["verify-request"]]) expect(code("GET", s), s.join("/")).toBe("NOT_FOUND");
  });
});

describe("isForeignServerAction", () => {
  const req = (headers: Record<string, string>, method = "POST") => ({ method, headers }) as unknown as IncomingMessage;
  it("refuses a server action from another origin or with an unparsable Origin, and nothing else", () => {
    expect(isForeignServerAction(req({ "next-action": "x", origin: "https://evil.example", host: "localhost:3103" }))).toBe(true);
    expect(isForeignServerAction(req({ "next-action": "x", origin: "null", host: "localhost:3103" }))).toBe(true);
    expect(isForeignServerAction(req({ "next-action": "x", origin: "http://localhost:3103", host: "localhost:3103" }))).toBe(false);
    expect(isForeignServerAction(req({ "next-action": "x", origin: "https://portal.example", host: "10.0.0.5:3000", "x-forwarded-host": "portal.example" }))).toBe(false);
    expect(isForeignServerAction(req({ "next-action": "x", host: "localhost:3103" }))).toBe(false);
    expect(isForeignServerAction(req({ origin: "https://evil.example", host: "localhost:3103" }))).toBe(false);
    expect(isForeignServerAction(req({ "next-action": "x", origin: "https://evil.example", host: "localhost:3103" }, "GET"))).toBe(false);
  });
});

describe("callbackUrlProblem", () => {
  const base = "http://localhost:3103";
  const req = (qs: string, cookie?: string) => new Request(`${base}/api/auth/session${qs}`, { headers: cookie ? { cookie } : {} });
  it("refuses what next-auth would answer 500 for, and clears such a cookie", () => {
    expect(callbackUrlProblem(req("?callbackUrl=notaurl"), base)?.error.code).toBe("BAD_REQUEST");
    expect(callbackUrlProblem(req("", "a=1; next-auth.callback-url=javascript%3Aalert(1)"), base)?.clearCookies).toEqual(["next-auth.callback-url"]);
    expect(callbackUrlProblem(req("?callbackUrl=%2Fproposals"), base)).toBeNull();
    expect(callbackUrlProblem(req("?callbackUrl=https%3A%2F%2Fevil.example"), base)).toBeNull(); // sent home by safeCallbackUrl
    expect(callbackUrlProblem(req("", "next-auth.callback-url=http%3A%2F%2Flocalhost%3A3103"), base)).toBeNull();
  });
});
