// Issue 11 (items 1, 2, 4 and the TRACE part of 11): hostile HTTP at the server layer, against the real
// production server, over raw sockets so the test controls every byte (chunked bodies, trickled bodies).
import net from "node:net";
import { expect, test } from "@playwright/test";
import ko from "../../lib/i18n/messages/ko";
import { maximalDraft, org } from "../support/builders";
import { E2E_PORT } from "./env";
import { createCall } from "./fixtures";
import { adminClient, verifiedApplicant } from "./helpers";

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Body bytes the client had written when the answer's first byte arrived. */
  writtenWhenAnswered: number;
  /** ms from the end of the request head to the answer's first byte. */
  ms: number;
}

/**
 * Sends a request head, then body chunks from `chunks` (an async generator; its loop stops as soon as an
 * answer arrives or the socket closes) and reads the answer up to the socket's end.
 */
function raw(head: string, chunks?: (isAnswered: () => boolean) => AsyncGenerator<Buffer | string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(E2E_PORT, "127.0.0.1");
    let written = 0;
    let writtenWhenAnswered = -1;
    let answeredAt = 0;
    let sentAt = 0;
    const data: Buffer[] = [];
    let closed = false;
    socket.on("data", (d) => {
      if (writtenWhenAnswered < 0) {
        writtenWhenAnswered = written;
        answeredAt = Date.now();
      }
      data.push(d);
      // One answer per socket here: stop once the whole body (by Content-Length) is in.
      const text = Buffer.concat(data).toString("utf8");
      const m = text.match(/\r\ncontent-length: *(\d+)/i);
      const sep = text.indexOf("\r\n\r\n");
      if (m && sep > 0 && Buffer.byteLength(text.slice(sep + 4)) >= Number(m[1])) socket.destroy();
    });
    socket.on("error", () => {}); // a reset after the answer is the point of some tests
    socket.on("close", () => {
      closed = true;
      const text = Buffer.concat(data).toString("utf8");
      const sep = text.indexOf("\r\n\r\n");
      if (sep < 0) return reject(new Error(`no answer (${written} body bytes written): ${JSON.stringify(text.slice(0, 200))}`));
      const [statusLine, ...lines] = text.slice(0, sep).split("\r\n");
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      resolve({ status: Number(statusLine?.split(" ")[1]), headers, body: text.slice(sep + 4), writtenWhenAnswered, ms: answeredAt - sentAt });
    });
    socket.on("connect", async () => {
      socket.write(head);
      sentAt = Date.now();
      if (!chunks) return;
      try {
        for await (const c of chunks(() => writtenWhenAnswered >= 0 || closed)) {
          if (writtenWhenAnswered >= 0 || closed) break;
          const ok = socket.write(c);
          written += Buffer.byteLength(c);
          if (!ok && !closed) {
            await new Promise<void>((r) => {
              const go = () => (socket.off("drain", go), socket.off("close", go), r());
              socket.on("drain", go);
              socket.on("close", go);
            });
          }
        }
      } catch {
        /* the socket went away mid-write */
      }
    });
  });
}

/** The portal's error object in an answer body, whether sent with Content-Length or chunked. */
function jsonError(a: RawAnswer) {
  const m = a.body.match(/\{"error":\{.*?\}\}/s);
  if (!m) throw new Error(`no JSON error in ${JSON.stringify(a.body.slice(0, 300))}`);
  return JSON.parse(m[0]);
}

const MiB = 1024 * 1024;

/** `max` bytes of chunked transfer-encoding, 64 KiB a chunk, then (when `end`) the last chunk. */
async function* chunked(max: number, end = true) {
  const piece = Buffer.alloc(64 * 1024, "[");
  for (let sent = 0; sent < max; sent += piece.length) yield Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]);
  if (end) yield "0\r\n\r\n";
}

test("TRACE and other methods the portal does not serve: 405 with Allow, in the portal's JSON error format", async () => {
  for (const method of ["TRACE", "CONNECT", "PROPFIND"]) {
    const target = method === "CONNECT" ? "127.0.0.1:443" : "/";
    const a = await raw(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect(a.status, method).toBe(405);
    expect(a.headers["allow"]).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    expect(a.headers["content-type"]).toMatch(/^application\/json/);
    expect(jsonError(a)).toEqual({ error: { code: "METHOD_NOT_ALLOWED", message: ko.errors.METHOD_NOT_ALLOWED } });
  }
});

test("a chunked body past the limit is refused with 413 while it streams, not after it was buffered whole", async () => {
  // The unauthenticated register route (a JSON route: 256 KiB) and next-auth's sign-in form (16 KiB).
  // 1 MiB of chunks and then the client waits, body unfinished: only a server that counts while the
  // body streams can answer (before the fix, readJson waited for the end of the body: no answer).
  for (const path of ["/api/v1/register", "/api/auth/callback/credentials"]) {
    const type = path.startsWith("/api/auth") ? "application/x-www-form-urlencoded" : "application/json";
    const a = await raw(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nTransfer-Encoding: chunked\r\n\r\n`, async function* (answered) {
      yield* chunked(MiB, false);
      for (let i = 0; i < 100 && !answered(); i++) await new Promise((r) => setTimeout(r, 100));
    });
    expect(a.status, path).toBe(413);
    expect(jsonError(a).error).toEqual({ code: "PAYLOAD_TOO_LARGE", message: "요청이 너무 큽니다." });
    expect(a.writtenWhenAnswered, path).toBeLessThanOrEqual(MiB + 1024);
  }
});

test("a declared body that trickles in is cut off with 408 after the idle timeout, and holds no admission slot", async () => {
  test.setTimeout(60_000);
  const a = await raw(
    `POST /api/v1/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`,
    async function* (answered) {
      yield "{";
      // then nothing: an idle body
      while (!answered()) await new Promise((r) => setTimeout(r, 200));
    },
  );
  expect(a.status).toBe(408);
  expect(jsonError(a)).toEqual({ error: { code: "REQUEST_TIMEOUT", message: expect.stringContaining("시간") } });
  expect(a.ms).toBeGreaterThan(9_000); // BODY_IDLE_TIMEOUT_MS: 10 s by default
  expect(a.ms).toBeLessThan(15_000);
});

test("deeply nested JSON answers 400 JSON_TOO_DEEP before any route looks at it, never 500", async () => {
  const body = "[".repeat(120_000) + "]".repeat(120_000);
  const a = await raw(
    `POST /api/v1/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    async function* () {
      yield body;
    },
  );
  expect(a.status).toBe(400);
  expect(jsonError(a).error.code).toBe("JSON_TOO_DEEP");
});

test("the largest draft the schema accepts autosaves through the real server (issue 11 review item 4)", async () => {
  const admin = await adminClient();
  const { slug } = await createCall(admin);
  const { ctx } = await verifiedApplicant(admin);
  const c = await ctx.post("/api/v1/consortia", { data: { callSlug: slug, name: "최대 초안 컨소시엄", lead: org("주관 주식회사", "LARGE_ENTERPRISE") } });
  expect(c.status()).toBe(201);
  const p = await ctx.post("/api/v1/proposals", { data: { consortiumId: (await c.json()).id } });
  expect(p.status()).toBe(201);
  const id = (await p.json()).id as string;
  const draft = maximalDraft();
  const body = JSON.stringify({ draft });
  expect(Buffer.byteLength(body)).toBeGreaterThan(256 * 1024);
  const saved = await ctx.patch(`/api/v1/proposals/${id}`, { headers: { "if-match": '"1"', "content-type": "application/json" }, data: body });
  expect(saved.status()).toBe(200);
  expect((await (await ctx.get(`/api/v1/proposals/${id}`)).json()).draft).toEqual(draft);
  // Elsewhere the cap stays 256 KiB.
  const other = await ctx.post("/api/v1/consortia", { headers: { "content-type": "application/json" }, data: body });
  expect(other.status()).toBe(413);
});
