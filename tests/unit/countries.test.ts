import { describe, expect, it } from "vitest";
import { COUNTRIES, countryByCode, countryCodeOf, countryName, countryOptions } from "@/lib/text/countries";

describe("ISO 3166-1 countries", () => {
  it("holds the 249 assigned alpha-2 codes, each once", () => {
    expect(COUNTRIES).toHaveLength(249);
    expect(new Set(COUNTRIES.map((c) => c.code)).size).toBe(249);
    for (const c of COUNTRIES) expect(c.code).toMatch(/^[A-Z]{2}$/);
  });
  it("names a code in Korean and English", () => {
    expect(countryName("US", "ko")).toBe("미국");
    expect(countryName("us", "en")).toBe("United States");
    expect(countryName("KR", "ko")).toBe("대한민국");
    expect(countryName("CN", "ko")).toBe("중국");
    expect(countryByCode("XX")).toBeUndefined();
    expect(countryName("XX", "ko")).toBe("XX");
  });
  it("finds the code of a typed name or code", () => {
    expect(countryCodeOf("미국")).toBe("US");
    expect(countryCodeOf("united states")).toBe("US");
    expect(countryCodeOf(" fr ")).toBe("FR");
    expect(countryCodeOf("아무나라")).toBeUndefined();
    expect(countryCodeOf("")).toBeUndefined();
  });
  it("offers 대한민국 first, then 가나다 order", () => {
    const ko = countryOptions("ko");
    expect(ko[0]).toEqual({ code: "KR", name: "대한민국" });
    expect(ko).toHaveLength(249);
    const names = ko.slice(1).map((o) => o.name);
    expect([...names].sort()).toEqual(names);
    expect(countryOptions("en")[0]!.name).toBe("South Korea");
  });
});
