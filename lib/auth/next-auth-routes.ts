import { AppError } from "@/lib/errors";

// The next-auth 4 routes this portal uses (Credentials only: no OAuth, no e-mail sign-in), by method.
// next-auth itself answers 500 for some others, e.g. GET /api/auth/callback/credentials
// ("Callback for provider type credentials not supported").
const GET_ACTIONS = new Set(["session", "csrf", "providers", "signin", "signout", "error"]);
const POST_ACTIONS = new Set(["session", "signin", "signout", "callback", "_log"]);

/** Why next-auth should not see this request (404 unknown path, 405 wrong method, with Allow), or null. */
export function nextAuthRequestProblem(method: string, segments: string[]): { error: AppError; allow?: string[] } | null {
  const [action = "", provider, ...rest] = segments;
  const known = GET_ACTIONS.has(action) || POST_ACTIONS.has(action);
  const withProvider = action === "signin" || action === "callback";
  // The only provider is "credentials": anything else under signin/ or callback/ names nothing.
  if (!known || rest.length > 0 || (provider !== undefined && (!withProvider || provider !== "credentials")) || (action === "callback" && provider === undefined)) {
    return { error: new AppError("NOT_FOUND") };
  }
  const allowed = method === "GET" || method === "HEAD" ? GET_ACTIONS : method === "POST" ? POST_ACTIONS : new Set<string>();
  if (allowed.has(action)) return null;
  const allow = [...(GET_ACTIONS.has(action) ? ["GET", "HEAD"] : []), ...(POST_ACTIONS.has(action) ? ["POST"] : [])];
  return { error: new AppError("METHOD_NOT_ALLOWED"), allow };
}
