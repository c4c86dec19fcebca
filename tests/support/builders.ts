// Plain input builders (no database), shared by integration and e2e tests.
import crypto from "node:crypto";
import { withCheckDigit } from "../../lib/consortia/business-number";

/** A random 사업자등록번호 that could be issued (office 101–999, type 01–99, serial 0001–9999) with its check digit. */
export function makeBusinessRegNo(): string {
  const pad = (n: number, w: number) => String(n).padStart(w, "0");
  return withCheckDigit(`${crypto.randomInt(101, 1000)}${pad(crypto.randomInt(1, 100), 2)}${pad(crypto.randomInt(1, 10000), 4)}`);
}

export function org(name = "테스트 주식회사", type: string = "SME_STARTUP") {
  return { name, businessRegNo: makeBusinessRegNo(), type, representativeName: "홍길동" };
}

export const REQUESTED_KRW = 30_000_000_000;

/** A draft that passes the submit schema: one scratch model and one fine-tuned from a foreign base. */
export function fullDraft(overrides: { models?: unknown[] } = {}) {
  return {
    overview: { titleKo: "한국어 특화 초거대 모델", titleEn: "Korean foundation model", summary: "스크래치부터 학습하는 모델", durationMonths: 24, requestedBudgetKrw: REQUESTED_KRW },
    models: overrides.models ?? [
      { name: "Tri-21B", parameterCount: 21_000_000_000, architecture: "decoder-only transformer", approach: "FROM_SCRATCH", ownTokenizer: true, pretrainingTokens: 2_000_000_000_000, gpuHours: 500_000 },
      { name: "Tri-Chat", parameterCount: 8_000_000_000, architecture: "decoder-only transformer", approach: "FINE_TUNED", baseModel: { name: "Llama 3.1 8B", developer: "Meta", country: "US", license: "Llama 3.1 Community License" } },
    ],
    plan: { computePlan: "H100 512장", dataPlan: "국내 말뭉치 2조 토큰" },
    declarations: { accurate: true, noDuplicateFunding: true, privacyConsent: true },
  };
}


/**
 * The largest draft the schema accepts (issue 11 review item 4): every text at its limit in Hangul
 * (3 UTF-8 bytes a character), ten models. The limits are the schema's own constants.
 */
export function maximalDraft() {
  const ko = (n: number) => "가나다라마바사아자차".repeat(Math.ceil(n / 10)).slice(0, n);
  const model = (i: number) => ({
    name: ko(200),
    parameterCount: 10_000_000_000_000 - i,
    architecture: ko(500),
    approach: "FINE_TUNED",
    baseModel: { name: ko(200), developer: ko(200), country: "US", license: ko(200) },
    ownTokenizer: true,
    pretrainingTokens: 1e15,
    gpuHours: 1e10,
    dataSources: ko(4000),
    openSourcePlan: ko(4000),
  });
  return {
    overview: { titleKo: ko(200), titleEn: ko(200), summary: ko(4000), durationMonths: 60, requestedBudgetKrw: 193_600_000_000 },
    models: Array.from({ length: 10 }, (_, i) => model(i)),
    plan: { computePlan: ko(8000), dataPlan: ko(8000) },
    declarations: { accurate: true, noDuplicateFunding: true, privacyConsent: true },
  };
}

/** JSON with every non-ASCII character written as \uXXXX (6 bytes a character): what some clients send. */
export const escapedJson = (v: unknown) => JSON.stringify(v).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
