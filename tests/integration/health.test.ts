import { afterEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/health/route";
import { Admission, publishLineReport } from "@/lib/http/admission";

const LINE = Symbol.for("portal.http.lineReport");
afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[LINE];
});

describe("GET /api/v1/health (issue 11 item 2)", () => {
  it("answers 503 'saturated' when the process's admission line shed a request, so a load balancer can act", async () => {
    const a = new Admission({ maxInFlight: 1, maxQueue: 0, maxWaitMs: 1000 });
    publishLineReport(() => ({ ...a.stats() }));
    const calm = await GET();
    expect(calm.status).toBe(200);
    expect(await calm.json()).toMatchObject({ status: "ok", db: "ok", line: "ok", admission: { inFlight: 0, maxInFlight: 1, saturated: false } });

    const held = await a.enter();
    expect(await a.enter()).toBeNull(); // shed: the line is full
    const busy = await GET();
    expect(busy.status).toBe(503);
    expect(busy.headers.get("retry-after")).toBe("2");
    expect(await busy.json()).toMatchObject({ status: "saturated", db: "ok", line: "saturated", admission: { inFlight: 1, shed: 1, saturated: true } });
    held!();
  });

  it("says the line is unknown when no server published one (the database check still decides)", async () => {
    const r = await GET();
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: "ok", db: "ok", line: "unknown" });
  });
});
