import { describe, expect, it } from "vitest";
import { callState } from "@/lib/calls";
import { PROGRAM_CALL } from "@/lib/calls/program";
import { formatKrwEn, formatKrwKo } from "@/lib/money";
import { formatKstDateTime, formatKstTime, splitDuration } from "@/lib/time/kst";

describe("KST formatting", () => {
  const cutoff = new Date("2025-07-21T07:00:00.000Z");
  it("writes the program's cutoff as the notice does", () => {
    expect(formatKstDateTime(cutoff, "ko")).toBe("2025년 7월 21일 (월) 16:00 KST");
    expect(formatKstDateTime(cutoff, "en")).toBe("Mon 21 July 2025, 16:00 KST");
    expect(formatKstTime(new Date("2025-07-21T06:59:59.999Z"))).toBe("15:59:59 KST");
  });
  it("crosses the date line correctly (UTC 15:00 is the next day in Seoul)", () => {
    expect(formatKstDateTime(new Date("2025-06-20T15:00:00.000Z"), "ko")).toBe("2025년 6월 21일 (토) 00:00 KST");
  });
  it("splits a countdown", () => {
    expect(splitDuration(((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000 + 999)).toEqual({ days: 2, hours: 3, minutes: 4, seconds: 5 });
    expect(splitDuration(-5)).toEqual({ days: 0, hours: 0, minutes: 0, seconds: 0 });
  });
});

describe("call state at the boundary", () => {
  const call = { opensAt: new Date("2025-06-20T15:00:00.000Z"), closesAt: PROGRAM_CALL.closesAt };
  it("the seeded cutoff is 2025-07-21 16:00 KST exactly", () => {
    expect(PROGRAM_CALL.closesAt.toISOString()).toBe("2025-07-21T07:00:00.000Z");
  });
  it("is open until one millisecond before closesAt and closed at 16:00:00.000", () => {
    expect(callState(call, new Date(call.closesAt.getTime() - 1))).toBe("OPEN");
    expect(callState(call, call.closesAt)).toBe("CLOSED");
    expect(callState(call, call.opensAt)).toBe("OPEN");
    expect(callState(call, new Date(call.opensAt.getTime() - 1))).toBe("UPCOMING");
  });
});

describe("money", () => {
  it("shows integer KRW in 억 원", () => {
    expect(formatKrwKo(193_600_000_000n)).toBe("1,936억 원");
    expect(formatKrwKo(150_050_000_000n)).toBe("1,500억 5,000만 원");
    expect(formatKrwKo(9_000n)).toBe("9,000원");
    expect(formatKrwEn(193_600_000_000n)).toBe("KRW 193.6 billion");
  });
});
