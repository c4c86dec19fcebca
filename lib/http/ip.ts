type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined;

function header(h: HeaderBag, name: string): string | undefined {
  if (!h) return undefined;
  if (typeof (h as Headers).get === "function") return (h as Headers).get(name) ?? undefined;
  const v = (h as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * TRUST_PROXY: how many proxies in front of us append to X-Forwarded-For ("1" for one load
 * balancer); unset or anything else, none.
 */
export function trustedProxyHops(value = process.env.TRUST_PROXY): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 && n <= 10 ? n : 0;
}

/**
 * The client's address. Each proxy appends the address it saw, so only the last `hops` entries were
 * written by proxies we trust; the one they saw is the `hops`-th from the right. Every entry left of
 * it is whatever the client sent (issue 11: the first entry let a client choose its own address for
 * the sign-in throttle and the per-address bounds). With no trusted hop, the socket's address.
 */
export function clientAddress(xForwardedFor: string | undefined, socketAddress: string | undefined, hops: number): string {
  if (hops > 0 && xForwardedFor) {
    const entries = xForwardedFor.split(",").map((e) => e.trim()).filter(Boolean);
    const seen = entries[Math.max(0, entries.length - hops)];
    if (seen && seen.length <= 64) return seen;
  }
  return socketAddress ?? "";
}

/**
 * The client's address as set by our own server (scripts/server.ts, clientAddress above). A header
 * of the same name sent by a client is overwritten there, so it cannot be spoofed.
 */
export function clientIpFromHeaders(h: HeaderBag): string | null {
  return header(h, "x-portal-client-ip") ?? null;
}
