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

