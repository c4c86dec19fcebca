import http from "node:http";
import net from "node:net";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { Admission, answerOverloaded, withAdmission } from "@/lib/http/admission";
import { withIntake } from "@/lib/http/intake";
import { readJson } from "@/lib/http/route";

// The intake in front of a real node:http server; the app reads bodies as Next.js does (a web stream
// over the IncomingMessage) and takes 50 ms once admitted.
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(admission: Admission, o: Partial<Parameters<typeof withIntake>[0]> = {}) {
  const app = withAdmission(
    admission,
    async (req, res) => {
      try {
        if (req.url === "/big") {
          // A large answer written with backpressure, as Next.js streams an attachment.
          const chunk = Buffer.alloc(64 * 1024, 0x61);
          for (let i = 0; i < 512 && !res.destroyed; i++) if (!res.write(chunk)) await new Promise((r) => (res.once("drain", r), res.once("close", r)));
          return void res.end();
        }
        if (req.url === "/slow") {
          await new Promise((r) => setTimeout(r, 1_500));
          return void res.end("{}");
        }
        if (req.url === "/early") {
          // Answered before its body was read (a 401 from the upload route).
          res.statusCode = 401;
          return void res.end("{}");
        }
        const body = req.method === "POST" ? await readJson(new Request("http://x/", { method: "POST", headers: { "content-type": "application/json" }, body: Readable.toWeb(req) as ReadableStream, duplex: "half" } as RequestInit)) : null;
        await new Promise((r) => setTimeout(r, 50));
        res.end(JSON.stringify({ ok: true, body }));
      } catch (e) {
        res.statusCode = 500;
        res.end(String(e));
      }
    },
    answerOverloaded,
  );
  const intake = withIntake({ bodyRule: () => ({ maxBytes: 1024, stream: false }), idleMs: 300, deadlineMs: 1_000, streamDeadlineMs: 5_000, maxPerClient: 3, lingerMs: 200, ...o }, app);
  const server = http.createServer((req, res) => {
    req.headers["x-portal-client-ip"] = req.socket.remoteAddress ?? "";
    intake(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as { port: number };
  close = () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())));
  return { port, intake };
}

/** Writes `head`, then the body pieces `gapMs` apart; resolves with the status line and body. */
function send(port: number, head: string, pieces: string[] = [], gapMs = 0, localAddress?: string): Promise<{ status: number; body: string; ms: number }> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: "127.0.0.1", localAddress });
    const t = Date.now();
    let data = "";
    s.on("data", (d) => (data += d));
    s.on("error", () => {});
    s.on("close", () => resolve({ status: Number(data.split(" ")[1] ?? 0), body: data.slice(data.indexOf("\r\n\r\n") + 4), ms: Date.now() - t }));
    s.on("connect", async () => {
      s.write(head);
      for (const p of pieces) {
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
        if (s.destroyed || data) break;
        s.write(p);
      }
    });
  });
}

const post = (len: number | "chunked") =>
  `POST /api/v1/x HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n${len === "chunked" ? "Transfer-Encoding: chunked" : `Content-Length: ${len}`}\r\n\r\n`;

describe("the intake (issue 11 items 1, 2 and the 405)", () => {
  it("answers 405 with Allow to methods the portal does not serve", async () => {
    const { port } = await serve(new Admission({ maxInFlight: 2, maxQueue: 10, maxWaitMs: 1000 }));
    const a = await send(port, "TRACE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(a.status).toBe(405);
    expect(JSON.parse(a.body).error.code).toBe("METHOD_NOT_ALLOWED");
  });

  it("cuts a chunked body off at the limit with 413, and a declared one before reading it", async () => {
    const { port, intake } = await serve(new Admission({ maxInFlight: 2, maxQueue: 10, maxWaitMs: 1000 }));
    const chunk = `100\r\n${"[".repeat(256)}\r\n`;
    const a = await send(port, post("chunked"), Array(40).fill(chunk), 5);
    expect(a.status).toBe(413);
    expect(JSON.parse(a.body).error).toEqual({ code: "PAYLOAD_TOO_LARGE", message: "요청이 너무 큽니다." });
    expect((await send(port, post(5000))).status).toBe(413);
    expect(intake.stats().refused.PAYLOAD_TOO_LARGE).toBe(2);
    const ok = await send(port, post(9), ['{"a":[1]}']);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ ok: true, body: { a: [1] } });
  });

  it("gives a body an idle timeout and a deadline (408), and a trickling body holds no admission slot", async () => {
    const admission = new Admission({ maxInFlight: 1, maxQueue: 10, maxWaitMs: 100 });
    const { port } = await serve(admission);
    const idle = send(port, post(100), ["{"]);
    const trickle = send(port, post(100), Array(50).fill(" "), 100); // a byte every 100 ms: under idle, past the deadline
    await new Promise((r) => setTimeout(r, 100));
    // Both slow bodies are arriving; the one slot is free for an honest request.
    expect(admission.stats().inFlight).toBe(0);
    const honest = await send(port, post(2), ["{}"]);
    expect(honest.status).toBe(200);
    const [i, t] = await Promise.all([idle, trickle]);
    expect(i.status).toBe(408);
    expect(JSON.parse(i.body).error.code).toBe("REQUEST_TIMEOUT");
    expect(i.ms).toBeGreaterThanOrEqual(290);
    expect(t.status).toBe(408);
    expect(t.ms).toBeGreaterThanOrEqual(990);
    expect(t.ms).toBeLessThan(2_000);
  });

  it("bounds the requests one client address has open at once (429)", async () => {
    const { port } = await serve(new Admission({ maxInFlight: 10, maxQueue: 10, maxWaitMs: 1000 }));
    const slow = [1, 2, 3].map(() => send(port, post(100), ["{"]));
    await new Promise((r) => setTimeout(r, 100));
    const fourth = await send(port, post(2), ["{}"]);
    expect(fourth.status).toBe(429);
    expect(JSON.parse(fourth.body).error.code).toBe("RATE_LIMITED");
    await Promise.all(slow);
    expect((await send(port, post(2), ["{}"])).status).toBe(200); // the count went back down
  });

  it("destroys the socket of an answer that makes no write progress, freeing its slot (review item 1a)", async () => {
    const admission = new Admission({ maxInFlight: 1, maxQueue: 10, maxWaitMs: 3_000 });
    const { port, intake } = await serve(admission, { responseStallMs: 300 });
    // A client that asks for a 32 MiB answer and never reads it.
    const hog = net.connect(port, "127.0.0.1");
    hog.on("error", () => {});
    hog.pause();
    hog.write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
    await new Promise((r) => setTimeout(r, 200));
    expect(admission.stats().inFlight).toBe(1);
    const honest = await send(port, "GET /api/v1/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", [], 0, "127.0.0.3");
    expect(honest.status).toBe(200);
    expect(honest.ms).toBeLessThan(1_500);
    expect(admission.stats().inFlight).toBe(0);
    expect(intake.stats().stalled).toBe(1);
    hog.destroy();
  });

  it("gives one client address at most its share of the line; its further requests wait while others are admitted (review item 1b)", async () => {
    const admission = new Admission({ maxInFlight: 4, maxQueue: 20, maxWaitMs: 5_000, maxPerClient: 2 });
    const { port } = await serve(admission, { maxPerClient: 32 });
    const slow = (addr: string) => send(port, "GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", [], 0, addr);
    const hog = Array.from({ length: 6 }, () => slow("127.0.0.2"));
    await new Promise((r) => setTimeout(r, 150));
    expect(admission.stats()).toMatchObject({ inFlight: 2, queued: 4, saturated: false });
    // Another address is admitted at once, ahead of the hog's waiting requests.
    const other = await send(port, "GET /api/v1/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", [], 0, "127.0.0.3");
    expect(other.status).toBe(200);
    expect(other.ms).toBeLessThan(500);
    // The hog is served in turn, never refused.
    const answers = await Promise.all(hog);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it("does not count static assets towards an address's open requests", async () => {
    const { port } = await serve(new Admission({ maxInFlight: 10, maxQueue: 10, maxWaitMs: 1000 }), { maxPerClient: 1 });
    const slow = send(port, post(100), ["{"]);
    await new Promise((r) => setTimeout(r, 100));
    expect((await send(port, "GET /_next/static/chunks/a.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).status).toBe(200);
    await slow;
  });

  it("cuts off a body that arrives slower than the minimum rate after its grace (review item 2)", async () => {
    const { port, intake } = await serve(new Admission({ maxInFlight: 2, maxQueue: 10, maxWaitMs: 1000 }), {
      bodyRule: () => ({ maxBytes: 1_000_000, stream: true }),
      minBodyBytesPerS: 1_000,
      minRateGraceMs: 400,
    });
    // A byte every 50 ms: never idle for 300 ms, far under 1,000 bytes/s.
    const a = await send(port, post(100_000), Array(200).fill(" "), 50);
    expect(a.ms).toBeLessThan(1_500);
    expect(intake.stats().refused.REQUEST_TIMEOUT).toBe(1);
  });

  it("keeps a body still arriving after an early answer counted and closes its socket after the linger (review item 3)", async () => {
    const { port, intake } = await serve(new Admission({ maxInFlight: 10, maxQueue: 10, maxWaitMs: 1000 }), {
      bodyRule: () => ({ maxBytes: 60_000_000, stream: true }),
      maxPerClient: 2,
    });
    const early = `POST /early HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 50000000\r\n\r\n`;
    // Two uploads declaring 50 MB, answered 401 at once, then trickling a byte every 100 ms (under idle).
    const two = [send(port, early, Array(100).fill("x"), 100), send(port, early, Array(100).fill("x"), 100)];
    await new Promise((r) => setTimeout(r, 150));
    // While their bodies still arrive they count against the address.
    expect((await send(port, post(2), ["{}"])).status).toBe(429);
    const answers = await Promise.all(two);
    expect(answers.map((a) => a.status)).toEqual([401, 401]);
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(1_500); // linger 200 ms, not the 10 s of trickling
    await new Promise((r) => setTimeout(r, 50)); // the server's side of the close
    expect(intake.stats().clients).toBe(0);
    expect((await send(port, post(2), ["{}"])).status).toBe(200);
  });
});
