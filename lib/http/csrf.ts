import { AppError } from "@/lib/errors";

/**
 * Refuses a cookie-authenticated state-changing request that a browser sent from another site.
 * Browsers send Origin (and Sec-Fetch-Site) on every cross-site POST/PUT/PATCH/DELETE, so a request
 * with neither comes from a non-browser client, which cannot carry a victim's cookies.
 * Bearer-token requests are exempt: a browser never adds that header by itself.
 */
export function assertSameOrigin(req: Request, appOrigin: string) {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return;
  if (req.headers.get("authorization")?.toLowerCase().startsWith("bearer ")) return;
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw new AppError("CSRF_REJECTED");
  const origin = req.headers.get("origin");
  if (origin && origin !== appOrigin) throw new AppError("CSRF_REJECTED");
}
