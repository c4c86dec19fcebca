import { describe, expect, test } from "vitest";
import { amountNumber, parseAmount } from "@/lib/amounts";

describe("parseAmount: money and counts as Koreans type them (issue 12 item 2)", () => {
  test.each([
    ["500억", 50_000_000_000],
    ["500억 원", 50_000_000_000],
    ["1,936억원", 193_600_000_000],
    ["1.5억", 150_000_000],
    ["1억 5000만 원", 150_000_000],
    ["1억5천만", 150_000_000],
    ["3천5백만", 35_000_000],
    ["십억", 1_000_000_000],
    ["천만 원", 10_000_000],
    ["2조 500억", 2_050_000_000_000],
    ["80억", 8_000_000_000],
    ["8B", 8_000_000_000],
    ["8b", 8_000_000_000],
    ["1.2T", 1_200_000_000_000],
    ["21.5M", 21_500_000],
    ["300k", 300_000],
    ["21,000,000,000", 21_000_000_000],
    [" 20000000 ", 20_000_000],
    ["５００억", 50_000_000_000], // full-width digits
    ["₩5,000,000", 5_000_000],
    ["KRW 5000000", 5_000_000],
    ["24개월", 24],
    ["1.23456789억", 123_456_789],
    ["0", 0],
    ["-5", -5], // read, so the schema says "must be positive"
    [42, 42],
  ])("%s → %d", (input, want) => expect(parseAmount(input)).toBe(want));

  test.each(["", "   ", "원", null, undefined])("%j is nothing typed (null)", (input) => expect(parseAmount(input)).toBeNull());

  test.each(["500억x", "abc", "-5억", "--5", "1e9", "5만3억", "3백5천", "1..5억", "5 5", "1.123456789억", "억억", "1".repeat(41), "＜script＞", "\u0000"])("%j is unreadable (NaN)", (input) =>
    expect(parseAmount(input)).toBeNaN(),
  );

  test("a fraction of a won stays a fraction, for the schema to refuse as not an integer", () => {
    expect(parseAmount("1.5")).toBe(1.5);
    expect(amountNumber().int("integerRequired").safeParse(parseAmount("1.5")).error?.issues[0]?.message).toBe("integerRequired");
  });

  test("the schema tells unreadable from empty", () => {
    const s = amountNumber().int();
    expect(s.safeParse(parseAmount("500억x")).error?.issues[0]?.message).toBe("amountUnreadable");
    expect(s.safeParse(parseAmount("")).error?.issues[0]?.message).toBe("required");
    expect(s.safeParse(parseAmount("500억")).data).toBe(50_000_000_000);
  });
});
