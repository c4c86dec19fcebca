import { describe, expect, it } from "vitest";
import { dueReminders } from "@/lib/proposals/reminders";
import { jobsEnabled } from "@/lib/jobs";

const H = 3600_000;
const cutoff = new Date("2025-07-21T07:00:00.000Z"); // 16:00 KST
const due = (msBefore: number) => dueReminders(cutoff, new Date(cutoff.getTime() - msBefore)).map((r) => r.label);

describe("reminder windows", () => {
  it("each reminder is due from cutoff − its hours until the cutoff, exclusive", () => {
    expect(due(72 * H + 1)).toEqual([]);
    expect(due(72 * H)).toEqual(["72h"]);
    expect(due(24 * H + 1)).toEqual(["72h"]);
    expect(due(24 * H)).toEqual(["72h", "24h"]);
    expect(due(H)).toEqual(["72h", "24h", "1h"]);
    expect(due(1)).toEqual(["72h", "24h", "1h"]);
    expect(due(0)).toEqual([]);
    expect(due(-1)).toEqual([]);
  });

  it("JOBS=off (or 0/false) turns background jobs off; anything else leaves them on", () => {
    expect(jobsEnabled({})).toBe(true);
    expect(jobsEnabled({ JOBS: "on" })).toBe(true);
    for (const v of ["off", "OFF", "0", "false"]) expect(jobsEnabled({ JOBS: v })).toBe(false);
  });
});
