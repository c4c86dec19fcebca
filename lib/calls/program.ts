// The first call the portal serves: facts from ../shared/program/PROGRAM.md (the MSIT notice of
// 2025-06-21). Opening time is not given there: we assume the announcement day, 00:00 KST.

export const PROGRAM_CALL_SLUG = "sovereign-ai-foundation-model-2025";
export const DEMO_CALL_SLUG = "demo-sovereign-ai-2025";

export interface RubricCriterion {
  key: string;
  labelKo: string;
  labelEn: string;
  maxPoints: number;
  /** Weights over a rubric sum to 100. */
  weight: number;
}

export const PROGRAM_RUBRIC: RubricCriterion[] = [
  { key: "independence", labelKo: "모델 독자성 (스크래치 기반 설계·학습 여부)", labelEn: "Independence of the models (built from scratch or fine-tuned)", maxPoints: 30, weight: 30 },
  { key: "technical", labelKo: "기술 역량 및 개발 계획", labelEn: "Technical capability and development plan", maxPoints: 25, weight: 25 },
  { key: "consortium", labelKo: "컨소시엄 구성 및 수행 체계", labelEn: "Consortium and execution structure", maxPoints: 15, weight: 15 },
  { key: "compute_data", labelKo: "컴퓨팅 자원 및 학습 데이터 확보 계획", labelEn: "Compute and training-data plan", maxPoints: 15, weight: 15 },
  { key: "ecosystem", labelKo: "생태계 기여 (오픈소스 공개·확산 계획)", labelEn: "Ecosystem contribution (open-source release and uptake)", maxPoints: 15, weight: 15 },
];

export const PROGRAM_CALL = {
  slug: PROGRAM_CALL_SLUG,
  titleKo: "독자 AI 파운데이션 모델 개발 지원 사업",
  titleEn: "Sovereign AI Foundation Model Development Program",
  ministryKo: "과학기술정보통신부",
  ministryEn: "Ministry of Science and ICT (MSIT)",
  summaryKo:
    "처음부터 자체 설계·학습하는 스크래치 기반 모델을 중심으로, 구조 설계부터 학습·검증·최적화까지 전 주기를 수행해 글로벌 기업에 종속되지 않는 독립형 LLM 생태계를 만드는 사업입니다. 공고 2025년 6월 21일, 사업설명회 2025년 6월 27일.",
  summaryEn:
    "Funds foundation models designed and trained in-house from scratch, through the whole cycle of architecture design, training, validation and optimisation, toward an independent LLM ecosystem. Announced 21 June 2025; briefing session 27 June 2025.",
  totalBudget: 193_600_000_000n,
  opensAt: new Date("2025-06-20T15:00:00.000Z"), // 2025-06-21 00:00 KST (assumed)
  closesAt: new Date("2025-07-21T07:00:00.000Z"), // 2025-07-21 16:00 KST
  isDemo: false,
  rubric: PROGRAM_RUBRIC,
  rules: { onePerLeadOrganization: true, onePerConsortium: true, maxRequestKrw: null as number | null, requiredAttachments: ["BUSINESS_PLAN", "CONSORTIUM_AGREEMENT"] },
  // 문의처: PROGRAM.md names none. PLACEHOLDER — a plausible department only, no phone or e-mail
  // (a made-up number would be dialled); an admin must replace it in the call settings.
  contactDepartment: "과학기술정보통신부 인공지능기반정책과" as string | null,
  contactPhone: null as string | null,
  contactEmail: null as string | null,
};

/** Fields of PROGRAM_CALL that are placeholders an admin must edit (the seed says so in its log and audit row). */
export const PROGRAM_CALL_PLACEHOLDERS = ["contactDepartment"] as const;

export const DEMO_CALL = {
  ...PROGRAM_CALL,
  slug: DEMO_CALL_SLUG,
  titleKo: "[데모] 독자 AI 파운데이션 모델 개발 지원 사업",
  titleEn: "[Demo] Sovereign AI Foundation Model Development Program",
  summaryKo: "포털을 체험해 볼 수 있는 데모 공고입니다. 실제 사업 신청이 아니며, 처음 실행한 때로부터 30일 뒤 마감됩니다.",
  summaryEn: "A demo call for trying the portal; not a real application. It closes 30 days after the portal's first start.",
  isDemo: true,
};
