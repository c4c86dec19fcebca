type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined;

function header(h: HeaderBag, name: string): string | undefined {
  if (!h) return undefined;
  if (typeof (h as Headers).get === "function") return (h as Headers).get(name) ?? undefined;
  const v = (h as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The client's address as set by our own server (scripts/server.ts) from the socket, or from the
 * first X-Forwarded-For entry when TRUST_PROXY=1 says a proxy in front of us sets it. A header of the
 * same name sent by a client is overwritten there, so it cannot be spoofed.
 */
export function clientIpFromHeaders(h: HeaderBag): string | null {
  return header(h, "x-portal-client-ip") ?? null;
}
