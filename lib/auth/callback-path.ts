import type { Role } from "@/lib/db/generated/enums";

/** Longest path kept (the invitation accept page with its token is about 70 characters). */
export const CALLBACK_PATH_MAX = 512;

const PROBE_ORIGIN = "http://portal.invalid";

/**
 * Where to go after sign-in, as a path on this site, or null. Only a relative path that starts with
 * a single "/" is kept; another host ("https://evil.example", "//evil.example", "/\evil", which
 * browsers read as "//evil"), a scheme ("javascript:"), control characters, a path the URL parser
 * would move to another origin, or one longer than CALLBACK_PATH_MAX is refused (no open redirect).
 * The fragment is dropped. With `ownOrigin`, a full URL of exactly that origin (next-auth hands those
 * on) counts as its path. Used by the sign-in and register pages and by the verification link, which
 * stores the result (UserToken.nextPath) and checks it again when read.
 */
export function safeCallbackPath(raw: unknown, ownOrigin?: string): string | null {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2048) return null;
  if (ownOrigin && /^https?:\/\//i.test(raw)) {
    try {
      const u = new URL(raw);
      if (u.origin !== new URL(ownOrigin).origin || u.username || u.password) return null;
      return safeCallbackPath(u.pathname + u.search);
    } catch {
      return null;
    }
  }
  if (raw.length > CALLBACK_PATH_MAX) return null;
  // eslint-disable-next-line no-control-regex
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.includes("\\") || /[\u0000-\u001f\u007f]/.test(raw)) return null;
  let u: URL;
  try {
    u = new URL(raw, PROBE_ORIGIN);
  } catch {
    return null;
  }
  if (u.origin !== PROBE_ORIGIN || u.pathname.startsWith("//")) return null;
  const path = u.pathname + u.search;
  return path.length <= CALLBACK_PATH_MAX ? path : null;
}

/**
 * The page the portal opens after a sign-in that names none (decision 016): an administrator's
 * dashboard, else an applicant's 내 컨소시엄, else a reviewer's assignments; with no role, the home page.
 */
export function landingPath(roles: readonly Role[]): string {
  if (roles.includes("ADMIN")) return "/admin";
  if (roles.includes("APPLICANT")) return "/consortia";
  if (roles.includes("REVIEWER")) return "/review";
  return "/";
}

/** The invitation token a callback path carries, when it is the invitation accept page. */
export function invitationTokenOf(path: string | null): string | null {
  if (!path) return null;
  const u = new URL(path, PROBE_ORIGIN);
  if (u.pathname !== "/invitations/accept") return null;
  const token = u.searchParams.get("token");
  return token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : null;
}
