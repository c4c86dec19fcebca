import { AppError } from "@/lib/errors";

// The next-auth 4 routes this portal uses (Credentials providers only: no OAuth), by method.
// next-auth itself answers 500 for some others, e.g. GET /api/auth/callback/credentials
// ("Callback for provider type credentials not supported").
const GET_ACTIONS = new Set(["session", "csrf", "providers", "signin", "signout", "error"]);
const POST_ACTIONS = new Set(["session", "signin", "signout", "callback", "_log"]);
/** The ids of lib/auth/next-auth.ts's providers: the password, and the emailed one-time link. */
export const AUTH_PROVIDER_IDS: readonly string[] = ["credentials", "email-link"];

/** Why next-auth should not see this request (404 unknown path, 405 wrong method, with Allow), or null. */
export function nextAuthRequestProblem(method: string, segments: string[]): { error: AppError; allow?: string[] } | null {
  const [action = "", provider, ...rest] = segments;
  const known = GET_ACTIONS.has(action) || POST_ACTIONS.has(action);
  const withProvider = action === "signin" || action === "callback";
  // Only our providers: anything else under signin/ or callback/ names nothing.
  if (!known || rest.length > 0 || (provider !== undefined && (!withProvider || !AUTH_PROVIDER_IDS.includes(provider))) || (action === "callback" && provider === undefined)) {
    return { error: new AppError("NOT_FOUND") };
  }
  const allowed = method === "GET" || method === "HEAD" ? GET_ACTIONS : method === "POST" ? POST_ACTIONS : new Set<string>();
  if (allowed.has(action)) return null;
  const allow = [...(GET_ACTIONS.has(action) ? ["GET", "HEAD"] : []), ...(POST_ACTIONS.has(action) ? ["POST"] : [])];
  return { error: new AppError("METHOD_NOT_ALLOWED"), allow };
}

const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

/** next-auth's own test (lib/assert.js): an http(s) URL, or a path. Anything else it answers with 500. */
function isHttpUrl(url: string, baseUrl: string): boolean {
  try {
    return /^https?:/.test(new URL(url, url.startsWith("/") ? baseUrl : undefined).protocol);
  } catch {
    return false;
  }
}

function cookieValues(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const raw = part.slice(i + 1).trim();
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // kept as sent
    }
    out.set(part.slice(0, i).trim(), value);
  }
  return out;
}

/**
 * A callbackUrl (query parameter or next-auth's cookie) that is not a URL at all: 400, and the cookie
 * is cleared so the next request works. A URL of another site is fine here: the redirect callback
 * (safeCallbackUrl) sends it home.
 */
export function callbackUrlProblem(req: Request, baseUrl: string): { error: AppError; clearCookies: string[] } | null {
  const param = new URL(req.url).searchParams.get("callbackUrl");
  const cookies = cookieValues(req.headers.get("cookie"));
  const badCookies = CALLBACK_COOKIES.filter((name) => cookies.has(name) && cookies.get(name) !== "" && !isHttpUrl(cookies.get(name)!, baseUrl));
  if ((param && !isHttpUrl(param, baseUrl)) || badCookies.length) {
    return { error: new AppError("BAD_REQUEST", { fields: { callbackUrl: "callbackUrlInvalid" } }), clearCookies: badCookies };
  }
  return null;
}
