import { describe, expect, it } from "vitest";
import { Admission, bypassesAdmission } from "@/lib/http/admission";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";

describe("admission control", () => {
  it("admits up to maxInFlight at once and lets the next in line in when one finishes", async () => {
    const a = new Admission({ maxInFlight: 2, maxQueue: 10, maxWaitMs: 1000 });
    const r1 = await a.enter();
    const r2 = await a.enter();
    expect(r1).toBeTypeOf("function");
    expect(r2).toBeTypeOf("function");
    let third: (() => void) | null | undefined;
    const waiting = a.enter().then((r) => (third = r));
    await Promise.resolve();
    expect(third).toBeUndefined();
    expect(a.stats()).toMatchObject({ inFlight: 2, queued: 1 });
    r1!();
    r1!(); // releasing twice frees one slot only
    await waiting;
    expect(third).toBeTypeOf("function");
    expect(a.stats()).toMatchObject({ inFlight: 2, queued: 0, admitted: 3 });
  });

  it("answers null (→ 503) when the line is full or the wait would exceed maxWaitMs", async () => {
    const a = new Admission({ maxInFlight: 1, maxQueue: 1, maxWaitMs: 30 });
    const held = await a.enter();
    const queued = a.enter();
    expect(await a.enter()).toBeNull(); // the line is full
    const t = performance.now();
    expect(await queued).toBeNull(); // waited its 30 ms
    expect(performance.now() - t).toBeGreaterThanOrEqual(25);
    expect(a.stats()).toMatchObject({ inFlight: 1, queued: 0, shed: 2 });
    held!();
    expect(await a.enter()).toBeTypeOf("function");
  });

  it("lets static assets and the health check past the line", () => {
    expect(bypassesAdmission("/api/v1/health")).toBe(true);
    expect(bypassesAdmission("/_next/static/chunks/x.js")).toBe(true);
    expect(bypassesAdmission("/api/v1/proposals/x/submit")).toBe(false);
    expect(bypassesAdmission("/")).toBe(false);
  });
});

describe("database-unavailable errors", () => {
  it("recognises a refused connection, a pool timeout and an admin shutdown, also when wrapped", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: new Error("Connection terminated unexpectedly") }))).toBe(true);
    // Prisma's code when PostgreSQL crashed mid-query (FAULT_PG_STOP=immediate saw it as a 500).
    expect(isDatabaseUnavailable(Object.assign(new Error("Invalid `prisma.call.findMany()` invocation: Server has closed the connection."), { code: "P1017" }))).toBe(true);
    // A pooled connection PostgreSQL closed as it stopped (tests/load/pg-restart.ts saw this as a 500).
    expect(isDatabaseUnavailable(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", errno: -104, syscall: "read" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("write EPIPE"), { code: "EPIPE", errno: -32, syscall: "write" }))).toBe(true);
  });
  it("does not mistake bugs, constraint errors or a client hanging up for an outage", () => {
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("aborted"), { code: "ECONNRESET" }))).toBe(false);
  });
});

describe("the line in front of a real node:http server", () => {
  async function serve(admission: Admission, handlerMs: number) {
    const http = await import("node:http");
    const { answerOverloaded, withAdmission } = await import("@/lib/http/admission");
    let handled = 0;
    const server = http.createServer(
      withAdmission(
        admission,
        (_req, res) => setTimeout(() => {
          handled++;
          res.end("ok");
        }, handlerMs),
        answerOverloaded,
      ),
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const { port } = server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}/api/v1/x`, handled: () => handled, close: () => new Promise((r) => server.close(r)) };
  }

  it("answers 503 with Retry-After and the Korean message when the wait would be too long", async () => {
    const s = await serve(new Admission({ maxInFlight: 1, maxQueue: 5, maxWaitMs: 50 }), 300);
    const [a, b] = await Promise.all([fetch(s.url), fetch(s.url)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(503);
    expect(b.headers.get("retry-after")).toBe("2");
    expect(await b.json()).toEqual({ error: { code: "UNAVAILABLE", message: expect.stringContaining("다시 시도") } });
    await s.close();
  });

  it("gives the slot back when a waiting client hangs up", async () => {
    const admission = new Admission({ maxInFlight: 1, maxQueue: 5, maxWaitMs: 2000 });
    const s = await serve(admission, 150);
    const first = fetch(s.url);
    await new Promise((r) => setTimeout(r, 20));
    const gaveUp = new AbortController();
    const waiting = fetch(s.url, { signal: gaveUp.signal }).catch(() => "aborted");
    await new Promise((r) => setTimeout(r, 20));
    gaveUp.abort();
    expect(await waiting).toBe("aborted");
    expect((await first).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(admission.stats().inFlight).toBe(0); // the hung-up request did not keep a slot
    expect((await fetch(s.url)).status).toBe(200);
    expect(s.handled()).toBe(2);
    await s.close();
  });
});

describe("fair admission (review items 1b and 2)", () => {
  it("admits one client at most its share; its further requests wait while others are admitted ahead", async () => {
    const a = new Admission({ maxInFlight: 4, maxQueue: 10, maxWaitMs: 1000, maxPerClient: 2 });
    const hog = [a.enter("10.0.0.1"), a.enter("10.0.0.1"), a.enter("10.0.0.1"), a.enter("10.0.0.1")];
    let third: (() => void) | null | undefined;
    void hog[2]!.then((r) => (third = r));
    await Promise.resolve();
    expect(a.stats()).toMatchObject({ inFlight: 2, queued: 2, saturated: false, oldestWaitMs: 0 });
    const other = await a.enter("10.0.0.2");
    expect(other).toBeTypeOf("function");
    expect(a.stats()).toMatchObject({ inFlight: 3, queued: 2 });
    (await hog[0]!)!();
    await Promise.resolve();
    expect(third).toBeTypeOf("function"); // the hog's next in line takes its own freed share
    expect(a.stats()).toMatchObject({ inFlight: 3, queued: 1 });
  });

  it("sheds a request held back only by its client's share without calling the line saturated", async () => {
    const a = new Admission({ maxInFlight: 4, maxQueue: 10, maxWaitMs: 30, maxPerClient: 1 });
    await a.enter("10.0.0.1");
    expect(await a.enter("10.0.0.1")).toBeNull();
    expect(a.stats()).toMatchObject({ shed: 1, saturated: false });
  });
});
