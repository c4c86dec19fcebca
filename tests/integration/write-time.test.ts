import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { fixedClock, setClock } from "@/lib/time/clock";
import { writeTime } from "@/lib/time/cutoff";

describe("writeTime: the clock a cutoff is judged by", () => {
  it("reads PostgreSQL's clock_timestamp() inside the transaction, not the transaction's start", async () => {
    const [first, second] = await db.$transaction(async (tx) => {
      const a = await writeTime(tx);
      await tx.$executeRaw`SELECT pg_sleep(0.05)`;
      return [a, await writeTime(tx)];
    });
    expect(second.getTime() - first.getTime()).toBeGreaterThanOrEqual(49);
    expect(Math.abs(first.getTime() - Date.now())).toBeLessThan(5000);
  });
  it("uses an injected clock when a test sets one", async () => {
    const restore = setClock(fixedClock("2025-07-21T06:59:59.999Z"));
    try {
      const t = await db.$transaction((tx) => writeTime(tx));
      expect(t.toISOString()).toBe("2025-07-21T06:59:59.999Z");
    } finally {
      restore();
    }
  });
});
