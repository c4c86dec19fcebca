import { describe, expect, it } from "vitest";
import { canonicalSha256, auditHash } from "@/lib/audit/hash";
import { passwordProblem } from "@/lib/auth/password";
import { registerSchema } from "@/lib/auth/schemas";
import { registrationConsentVersions } from "@/lib/consents/texts";

const consents = registrationConsentVersions();
import { assertSameOrigin } from "@/lib/http/csrf";
import { AppError } from "@/lib/errors";

const origin = "http://localhost:3000";
const post = (headers: Record<string, string>) => new Request(`${origin}/api/v1/register`, { method: "POST", headers });

describe("CSRF check", () => {
  it("accepts same-origin browser writes and non-browser clients", () => {
    expect(() => assertSameOrigin(post({ origin, "sec-fetch-site": "same-origin" }), origin)).not.toThrow();
    expect(() => assertSameOrigin(post({}), origin)).not.toThrow();
    expect(() => assertSameOrigin(new Request(`${origin}/x`, { headers: { origin: "https://evil.example" } }), origin)).not.toThrow(); // GET
  });
  it("refuses writes from another site, by Origin or by Sec-Fetch-Site", () => {
    const code = (fn: () => void) => {
      try {
        fn();
        return null;
      } catch (e) {
        return (e as AppError).code;
      }
    };
    expect(code(() => assertSameOrigin(post({ origin: "https://evil.example" }), origin))).toBe("CSRF_REJECTED");
    expect(code(() => assertSameOrigin(post({ "sec-fetch-site": "cross-site" }), origin))).toBe("CSRF_REJECTED");
    expect(code(() => assertSameOrigin(post({ "sec-fetch-site": "same-site", origin: "http://localhost:3001" }), origin))).toBe("CSRF_REJECTED");
    expect(code(() => assertSameOrigin(post({ origin: "null" }), origin))).toBe("CSRF_REJECTED");
  });
  it("exempts bearer-token requests", () => {
    expect(() => assertSameOrigin(post({ origin: "https://evil.example", authorization: "Bearer abc" }), origin)).not.toThrow();
  });
});

describe("password rule", () => {
  it("refuses common, repetitive and email-based passwords", () => {
    expect(passwordProblem("password1234", [])).toBe("passwordWeak");
    expect(passwordProblem("aaaaaaaaaaaa", [])).toBe("passwordWeak");
    expect(passwordProblem("qwertyuiop12", [])).toBe("passwordWeak");
    expect(passwordProblem("hong.gildong!2025", ["hong.gildong@example.com"])).toBe("passwordHasEmail");
  });
  it("accepts a long uncommon one", () => {
    expect(passwordProblem("demo-Admin-pass-2025", [])).toBeNull();
    expect(passwordProblem("파운데이션-모델-접수-2025", [])).toBeNull();
  });
  it("the shared schema enforces length and normalises the email", () => {
    const r = registerSchema.safeParse({ email: "  Kim@Example.COM ", password: "short", name: "김", consents });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["password", "passwordTooShort"]]);
    const ok = registerSchema.parse({ email: "  Kim@Example.COM ", password: "long-enough-pass", name: "김", consents });
    expect(ok.email).toBe("kim@example.com");
    expect(ok.locale).toBe("ko");
    expect(registerSchema.safeParse({ email: "not-an-email", password: "long-enough-pass", name: "x", consents }).error?.issues[0]?.message).toBe("emailInvalid");
  });
});

describe("canonical hashing", () => {
  it("is independent of key order (RFC 8785)", () => {
    expect(canonicalSha256({ b: 1, a: [1, "가"] })).toBe(canonicalSha256({ a: [1, "가"], b: 1 }));
    // sha256('{"a":1}')
    expect(canonicalSha256({ a: 1 })).toBe("015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862");
  });
  it("chains: changing any field or the previous hash changes the hash", () => {
    const e = { entityType: "USER", entityId: "u1", seq: 1, action: "x", actorId: null, data: { k: 1 }, ip: null, createdAt: new Date(0), prevHash: null };
    const h = auditHash(e);
    expect(auditHash({ ...e, data: { k: 2 } })).not.toBe(h);
    expect(auditHash({ ...e, prevHash: "0".repeat(64) })).not.toBe(h);
    expect(auditHash({ ...e })).toBe(h);
  });
});
