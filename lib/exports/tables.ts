import type { RubricCriterion } from "@/lib/reviews/rubric";
import { kstWallClock } from "@/lib/time/kst";
import type { ExportItem } from "./source";

// The exported tables, with the Korean headers a ministry officer reads. One definition serves CSV,
// XLSX and JSON. Times are KST wall-clock text ("2025-07-21 15:59:59.999"), as the column says.

export type Cell = string | number | boolean | null;

export interface Table {
  /** File/sheet key: proposals, models, organizations, attachments, reviews. */
  key: string;
  sheet: string;
  headers: string[];
  rows(item: ExportItem): Cell[][];
}

export function kst(d: Date | string | null): string {
  return d ? kstWallClock(new Date(d)) : "";
}

const yesNo = (b: boolean | null | undefined) => (b ? "예" : "아니오");
const APPROACH_KO: Record<string, string> = { FROM_SCRATCH: "스크래치", CONTINUED_PRETRAINING: "계속 사전학습", FINE_TUNED: "미세조정" };
const STATUS_KO: Record<string, string> = { SUBMITTED: "제출", WITHDRAWN: "철회" };
const ROLE_KO: Record<string, string> = { LEAD: "주관기관", PARTICIPANT: "참여기관" };
const ORG_TYPE_KO: Record<string, string> = {
  LARGE_ENTERPRISE: "대기업",
  MID_SIZED: "중견기업",
  SME_STARTUP: "중소기업·스타트업",
  UNIVERSITY: "대학",
  RESEARCH_INSTITUTE: "연구기관",
  PUBLIC_INSTITUTION: "공공기관",
  OTHER: "기타",
};
const KIND_KO: Record<string, string> = { BUSINESS_PLAN: "사업계획서", CONSORTIUM_AGREEMENT: "컨소시엄 협약서", BUDGET_PLAN: "예산 계획서", PARTICIPATION_CONFIRMATION: "참여 확약서", OTHER: "기타" };
const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

export const PROPOSALS: Table = {
  key: "proposals",
  sheet: "제안서",
  headers: [
    "접수번호",
    "버전",
    "접수 시각 (KST)",
    "상태",
    "공고",
    "컨소시엄",
    "주관기관",
    "주관기관 사업자등록번호",
    "주관기관 유형",
    "과제명 (국문)",
    "과제명 (영문)",
    "사업 기간 (개월)",
    "신청 예산 (원)",
    "모델 수",
    "개발 방식",
    "해외 모델 미세조정만",
    "참여기관 수",
    "첨부 파일 수",
    "심사 수",
    "평균 점수",
    "절사평균 점수",
    "SHA-256",
    "제안서 ID",
  ],
  rows: (it) => {
    const d = it.document;
    const lead = d.consortium.organizations.find((o) => o.role === "LEAD");
    return [
      [
        it.receiptNo,
        it.versionNo,
        kst(it.submittedAt),
        STATUS_KO[it.status] ?? it.status,
        d.call.titleKo,
        d.consortium.name,
        lead?.name ?? "",
        lead?.businessRegNo ?? "",
        lead ? ORG_TYPE_KO[lead.type] ?? lead.type : "",
        d.content.overview.titleKo,
        d.content.overview.titleEn,
        d.content.overview.durationMonths,
        d.content.overview.requestedBudgetKrw,
        d.content.models.length,
        d.content.models.map((m) => APPROACH_KO[m.approach] ?? m.approach).join(", "),
        yesNo(d.flags.foreignFineTuneOnly),
        d.consortium.organizations.length,
        d.attachments.length,
        it.reviews.length,
        round2(it.mean),
        round2(it.trimmedMean),
        it.sha256,
        it.proposalId,
      ],
    ];
  },
};

export const MODELS: Table = {
  key: "models",
  sheet: "모델",
  headers: ["접수번호", "순번", "모델명", "파라미터 수", "아키텍처", "개발 방식", "기반 모델", "기반 모델 개발사", "기반 모델 국가", "기반 모델 라이선스", "자체 토크나이저", "사전학습 토큰 수", "GPU 시간", "학습 데이터 출처", "오픈소스 공개 계획"],
  rows: (it) =>
    it.document.content.models.map((m, i) => [
      it.receiptNo,
      i + 1,
      m.name,
      m.parameterCount,
      m.architecture,
      APPROACH_KO[m.approach] ?? m.approach,
      m.baseModel?.name ?? "",
      m.baseModel?.developer ?? "",
      m.baseModel?.country ?? "",
      m.baseModel?.license ?? "",
      yesNo(m.ownTokenizer),
      m.pretrainingTokens ?? null,
      m.gpuHours ?? null,
      m.dataSources ?? "",
      m.openSourcePlan ?? "",
    ]),
};

export const ORGANIZATIONS: Table = {
  key: "organizations",
  sheet: "참여기관",
  headers: ["접수번호", "구분", "기관명", "사업자등록번호", "기관 유형", "대표자", "담당 역할", "예산 분담 (원)", "참여 확인 시각 (KST)"],
  rows: (it) =>
    it.document.consortium.organizations.map((o) => [it.receiptNo, ROLE_KO[o.role] ?? o.role, o.name, o.businessRegNo, ORG_TYPE_KO[o.type] ?? o.type, o.representativeName, o.responsibility, o.budgetShareKrw, kst(o.confirmedAt)]),
};

export const ATTACHMENTS: Table = {
  key: "attachments",
  sheet: "첨부파일",
  headers: ["접수번호", "종류", "파일명", "형식", "크기 (바이트)", "SHA-256", "첨부 ID"],
  rows: (it) => it.document.attachments.map((a) => [it.receiptNo, KIND_KO[a.kind] ?? a.kind, a.fileName, a.mediaType, a.size, a.sha256, a.id]),
};

/** One row per reviewer × criterion, then the reviewer's weighted total (XLSX and JSON). */
export function reviewsTable(rubric: RubricCriterion[]): Table {
  return {
    key: "reviews",
    sheet: "심사",
    headers: ["접수번호", "심사위원", "심사위원 이메일", "평가 항목", "배점", "가중치", "점수", "환산 점수", "제출 시각 (KST)"],
    rows: (it) =>
      it.reviews.flatMap((r) => [
        ...rubric.map((c) => [it.receiptNo, r.reviewer, r.reviewerEmail, c.labelKo, c.maxPoints, c.weight, r.scores[c.key] ?? null, round2(((r.scores[c.key] ?? 0) / c.maxPoints) * c.weight), kst(r.submittedAt)] as Cell[]),
        [it.receiptNo, r.reviewer, r.reviewerEmail, "가중 합계", 100, 100, null, round2(r.total), kst(r.submittedAt)] as Cell[],
      ]),
  };
}

export const SHEETS = [PROPOSALS, MODELS, ORGANIZATIONS, ATTACHMENTS];

/**
 * Formula injection: a text cell starting with = + - @ (or a tab / carriage return, which some
 * spreadsheets skip before reading a formula) is prefixed with an apostrophe, so it stays text.
 */
export function neutralize(v: Cell): Cell {
  return typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}
