// Pages (issue 6): time to first byte and the JavaScript a browser downloads for the landing page and
// the proposal form, on the production build. TTFB is measured with node:http (no browser), median
// and p95 of sequential requests after a warm-up; JS is every /_next/static script the HTML names,
// counted raw and gzip-compressed (what crosses the wire with compression).
import http from "node:http";
import zlib from "node:zlib";
import pg from "pg";
import { hashPassword } from "../lib/auth/password";
import type { Applicant } from "./support/world";

export interface PageFigures {
  page: string;
  path: string;
  status: number;
  ttfbMs: { p50: number; p95: number };
  htmlKb: number;
  scripts: number;
  jsKb: number;
  jsGzipKb: number;
}

function ttfb(url: string, cookie?: string): Promise<{ ms: number; status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(url, { headers: { ...(cookie ? { cookie } : {}), "accept-language": "ko" } }, (res) => {
      let first = 0;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => {
        if (!first) first = performance.now() - t0;
        chunks.push(c);
      });
      res.on("end", () => resolve({ ms: first || performance.now() - t0, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
  });
}

/** Signs in as `email` through next-auth's credentials flow; returns the Cookie header. */
async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie(), origin: baseUrl },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed (${res.status})`);
  return cookie();
}

async function measure(baseUrl: string, page: string, path: string, cookie?: string): Promise<PageFigures> {
  for (let i = 0; i < 5; i++) await ttfb(baseUrl + path, cookie);
  const times: number[] = [];
  let last = { ms: 0, status: 0, body: "" };
  for (let i = 0; i < 30; i++) {
    last = await ttfb(baseUrl + path, cookie);
    times.push(last.ms);
  }
  times.sort((a, b) => a - b);
  const scripts = [...new Set([...last.body.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&")))];
  let raw = 0;
  let gz = 0;
  for (const s of scripts) {
    const buf = Buffer.from(await (await fetch(new URL(s, baseUrl))).arrayBuffer());
    raw += buf.length;
    gz += zlib.gzipSync(buf).length;
  }
  const r = (n: number) => Math.round(n * 10) / 10;
  return {
    page,
    path,
    status: last.status,
    ttfbMs: { p50: r(times[Math.floor(times.length / 2)]!), p95: r(times[Math.floor(times.length * 0.95)]!) },
    htmlKb: r(Buffer.byteLength(last.body) / 1024),
    scripts: scripts.length,
    jsKb: r(raw / 1024),
    jsGzipKb: r(gz / 1024),
  };
}

export async function benchPages(o: { baseUrl: string; databaseUrl: string; applicant: Applicant }): Promise<PageFigures[]> {
  const password = "bench-page-passphrase-7731";
  const c = new pg.Client({ connectionString: o.databaseUrl });
  await c.connect();
  const { rows: [u] } = await c.query<{ email: string }>("UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING email", [o.applicant.userId, await hashPassword(password)]);
  await c.end();
  const cookie = await signIn(o.baseUrl, u!.email, password);
  return [
    await measure(o.baseUrl, "landing", "/"),
    await measure(o.baseUrl, "proposal form", `/proposals/${o.applicant.proposalId}`, cookie),
  ];
}
