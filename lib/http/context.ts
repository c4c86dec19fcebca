import type { RequestContext } from "@/lib/auth/actor";
import { LOCALE_COOKIE, localeFromAcceptLanguage, toLocale, type Locale } from "@/lib/i18n";
import { clientIpFromHeaders } from "./ip";

/** The app's public origin: NEXTAUTH_URL (set by the start script when absent), else the request's. */
export function appOrigin(req?: Request): string {
  const configured = process.env.NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  if (req) {
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    if (host) return `${req.headers.get("x-forwarded-proto") ?? "http"}://${host}`;
  }
  return "http://localhost:3000";
}

export function requestLocale(headers: Headers): Locale {
  const cookie = headers.get("cookie") ?? "";
  const m = cookie.match(new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=(ko|en)`));
  return m ? toLocale(m[1]) : localeFromAcceptLanguage(headers.get("accept-language"));
}

export function requestContext(req: Request): RequestContext {
  return { ip: clientIpFromHeaders(req.headers), baseUrl: appOrigin(req), locale: requestLocale(req.headers) };
}
