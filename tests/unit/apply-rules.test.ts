import { describe, expect, it } from "vitest";
import { formatBusinessRegNo, isValidBusinessRegNo, withCheckDigit } from "@/lib/consortia/business-number";
import { makeBusinessRegNo } from "../support/builders";
import { isForeignFineTuneOnly, modelPlanSchema } from "@/lib/proposals/model-plan";
import { assertOpen } from "@/lib/time/cutoff";
import { AppError } from "@/lib/errors";
import { PROGRAM_CALL } from "@/lib/calls/program";

describe("사업자등록번호 checksum", () => {
  it("accepts published numbers, with or without hyphens", () => {
    expect(isValidBusinessRegNo("124-81-00998")).toBe(true); // 삼성전자
    expect(isValidBusinessRegNo("2208162517")).toBe(true); // 네이버
    expect(formatBusinessRegNo("1248100998")).toBe("124-81-00998");
  });
  it("refuses a wrong check digit, wrong length and non-digits", () => {
    expect(isValidBusinessRegNo("124-81-00997")).toBe(false);
    expect(isValidBusinessRegNo("1234567890")).toBe(false);
    expect(isValidBusinessRegNo("124810099")).toBe(false);
    expect(isValidBusinessRegNo("12481009980")).toBe(false);
    expect(isValidBusinessRegNo("12a8100998")).toBe(false);
    expect(isValidBusinessRegNo("")).toBe(false);
  });
  // Issue 11 item 14: the checksum alone lets never-issued numbers through (000-00-00000 sums to 0).
  it("refuses the all-zero and other never-issued numbers even with a right check digit", () => {
    expect(isValidBusinessRegNo("000-00-00000")).toBe(false);
    expect(isValidBusinessRegNo(withCheckDigit("000810099"))).toBe(false); // office code 000…100 is never issued
    expect(isValidBusinessRegNo(withCheckDigit("100810099"))).toBe(false);
    expect(isValidBusinessRegNo(withCheckDigit("124000099"))).toBe(false); // type code 00
    expect(isValidBusinessRegNo(withCheckDigit("124810000"))).toBe(false); // serial 0000
    expect(isValidBusinessRegNo(withCheckDigit("101010001"))).toBe(true); // the lowest issued ones
  });
  it("the test builder only makes numbers that could be issued", () => {
    for (let i = 0; i < 2000; i++) expect(isValidBusinessRegNo(makeBusinessRegNo())).toBe(true);
  });
});

const scratch = { name: "Tri-21B", parameterCount: 21_000_000_000, architecture: "decoder-only transformer", approach: "FROM_SCRATCH" as const };
const llama = { name: "Llama 3", developer: "Meta", country: "us", license: "Llama 3 Community License" };

describe("model plan schema (shared by form and server)", () => {
  it("a scratch model needs no base model; a fine-tuned one must name it", () => {
    expect(modelPlanSchema.safeParse(scratch).success).toBe(true);
    const ft = modelPlanSchema.safeParse({ ...scratch, approach: "FINE_TUNED" });
    expect(ft.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["baseModel", "baseModelRequired"]]);
    const cp = modelPlanSchema.safeParse({ ...scratch, approach: "CONTINUED_PRETRAINING", baseModel: { ...llama, license: "" } });
    expect(cp.error?.issues[0]?.path.join(".")).toBe("baseModel.license");
    const ok = modelPlanSchema.parse({ ...scratch, approach: "FINE_TUNED", baseModel: llama });
    expect(ok.baseModel?.country).toBe("US");
    expect(modelPlanSchema.safeParse({ ...scratch, baseModel: llama }).error?.issues[0]?.message).toBe("baseModelNotAllowed");
  });
  it("refuses negative, fractional and absurd parameter counts", () => {
    for (const [n, msg] of [[-1, "mustBePositive"], [0, "mustBePositive"], [1.5, "integerRequired"], [1e14, "parameterCountAbsurd"]] as const) {
      expect(modelPlanSchema.safeParse({ ...scratch, parameterCount: n }).error?.issues[0]?.message).toBe(msg);
    }
    expect(modelPlanSchema.safeParse({ ...scratch, parameterCount: "21B" }).success).toBe(false);
  });
  it("flags a proposal whose models are all fine-tuned from a foreign base", () => {
    const ftForeign = { approach: "FINE_TUNED" as const, baseModel: { ...llama, country: "US" } };
    const ftDomestic = { approach: "FINE_TUNED" as const, baseModel: { name: "EXAONE", developer: "LG AI연구원", country: "KR", license: "EXAONE AI Model License" } };
    expect(isForeignFineTuneOnly([ftForeign])).toBe(true);
    expect(isForeignFineTuneOnly([ftForeign, ftForeign])).toBe(true);
    expect(isForeignFineTuneOnly([ftForeign, { approach: "FROM_SCRATCH", baseModel: null }])).toBe(false);
    expect(isForeignFineTuneOnly([ftForeign, ftDomestic])).toBe(false);
    expect(isForeignFineTuneOnly([{ approach: "CONTINUED_PRETRAINING", baseModel: ftForeign.baseModel }])).toBe(false);
    expect(isForeignFineTuneOnly([])).toBe(false);
  });
});

describe("the cutoff rule", () => {
  const w = { opensAt: PROGRAM_CALL.opensAt, closesAt: PROGRAM_CALL.closesAt };
  const at = (iso: string) => new Date(iso);
  const late = (fn: () => void) => {
    try {
      fn();
      return null;
    } catch (e) {
      return { code: (e as AppError).code, message: (e as AppError).message };
    }
  };
  it("accepts 15:59:59.999 KST and refuses 16:00:00.000 KST, saying how late", () => {
    expect(late(() => assertOpen(w, at("2025-07-21T06:59:59.999Z")))).toBeNull();
    expect(late(() => assertOpen(w, at("2025-07-21T07:00:00.000Z")))).toEqual({ code: "CALL_CLOSED", message: "late by 0.000 s" });
    expect(late(() => assertOpen(w, at("2025-07-21T07:00:02.300Z")))?.message).toBe("late by 2.300 s");
    expect(late(() => assertOpen(w, at("2025-06-20T14:59:59.999Z")))?.code).toBe("CALL_CLOSED");
    expect(late(() => assertOpen(w, w.opensAt))).toBeNull();
  });
  it("an extension moves only that consortium's cutoff, never earlier", () => {
    const ext = { ...w, extendedUntil: at("2025-07-21T09:00:00.000Z") };
    expect(late(() => assertOpen(ext, at("2025-07-21T08:59:59.999Z")))).toBeNull();
    expect(late(() => assertOpen(ext, at("2025-07-21T09:00:00.000Z")))?.code).toBe("CALL_CLOSED");
    expect(late(() => assertOpen({ ...w, extendedUntil: at("2025-07-21T06:00:00.000Z") }, at("2025-07-21T06:30:00.000Z")))).toBeNull();
  });
});
