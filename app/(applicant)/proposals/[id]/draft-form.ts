import type { z } from "zod";
import type { proposalContentSchema } from "@/lib/proposals/content";
import { parseAmount } from "@/lib/amounts";

// The form's values ↔ the draft JSON the API stores. Inputs hold strings while typing; numbers are
// parsed by setValueAs, empty ones become null, and a scratch model carries no base model.

export type FormValues = z.input<typeof proposalContentSchema>;

type Loose = Record<string, unknown>;

export const emptyModel = () => ({
  name: "",
  parameterCount: null as unknown as number,
  architecture: "",
  approach: "" as unknown as "FROM_SCRATCH",
  baseModel: { name: "", developer: "", country: "", license: "" },
  ownTokenizer: false,
  pretrainingTokens: null,
  gpuHours: null,
  dataSources: "",
  openSourcePlan: "",
});


export function toFormValues(draft: unknown): FormValues {
  const d = (draft && typeof draft === "object" ? draft : {}) as Loose;
  const o = (d.overview ?? {}) as Loose;
  const p = (d.plan ?? {}) as Loose;
  const dec = (d.declarations ?? {}) as Loose;
  const models = Array.isArray(d.models) && d.models.length ? (d.models as Loose[]) : [];
  return {
    overview: {
      titleKo: (o.titleKo as string) ?? "",
      titleEn: (o.titleEn as string) ?? "",
      summary: (o.summary as string) ?? "",
      durationMonths: (o.durationMonths as number) ?? (null as unknown as number),
      requestedBudgetKrw: (o.requestedBudgetKrw as number) ?? (null as unknown as number),
    },
    models: (models.length ? models : [{}]).map((m) => {
      const e = emptyModel();
      const base = (m.baseModel ?? null) as Loose | null;
      return {
        ...e,
        ...m,
        approach: (m.approach as "FROM_SCRATCH") ?? e.approach,
        baseModel: { ...e.baseModel, ...(base ?? {}) },
      } as FormValues["models"][number];
    }),
    plan: { computePlan: (p.computePlan as string) ?? "", dataPlan: (p.dataPlan as string) ?? "" },
    declarations: {
      accurate: (dec.accurate as true) ?? (false as unknown as true),
      noDuplicateFunding: (dec.noDuplicateFunding as true) ?? (false as unknown as true),
      privacyConsent: (dec.privacyConsent as true) ?? (false as unknown as true),
    },
  };
}

/** What autosave sends: the draft schema's shape (lib/proposals/content.ts proposalDraftSchema). */
export function toDraft(v: FormValues, { keepUnreadable = false } = {}) {
  // Autosave stores an unreadable amount as empty; validation keeps its NaN so the field says
  // 「숫자 또는 ‘500억’ 형식으로 입력하세요」 rather than "required".
  const num = (x: unknown) => {
    const n = parseAmount(x);
    return n === null || (Number.isNaN(n) && !keepUnreadable) ? null : n;
  };
  return {
    overview: {
      titleKo: v.overview.titleKo ?? "",
      titleEn: v.overview.titleEn ?? "",
      summary: v.overview.summary ?? "",
      durationMonths: num(v.overview.durationMonths),
      requestedBudgetKrw: num(v.overview.requestedBudgetKrw),
    },
    models: v.models.map((m) => ({
      name: m.name ?? "",
      parameterCount: num(m.parameterCount),
      architecture: m.architecture ?? "",
      approach: m.approach ? m.approach : null,
      baseModel: m.approach && m.approach !== "FROM_SCRATCH" && m.baseModel ? { name: m.baseModel.name ?? "", developer: m.baseModel.developer ?? "", country: m.baseModel.country ?? "", license: m.baseModel.license ?? "" } : null,
      ownTokenizer: Boolean(m.ownTokenizer),
      pretrainingTokens: num(m.pretrainingTokens),
      gpuHours: num(m.gpuHours),
      dataSources: m.dataSources ?? "",
      openSourcePlan: m.openSourcePlan ?? "",
    })),
    plan: { computePlan: v.plan.computePlan ?? "", dataPlan: v.plan.dataPlan ?? "" },
    declarations: { accurate: Boolean(v.declarations.accurate), noDuplicateFunding: Boolean(v.declarations.noDuplicateFunding), privacyConsent: Boolean(v.declarations.privacyConsent) },
  };
}

/** The strict schema sees what the server will see at submit (a scratch model's hidden base model dropped). */
export function forValidation(v: FormValues): unknown {
  return toDraft(v, { keepUnreadable: true });
}

export const STEPS = ["overview", "consortium", "models", "plan", "attachments", "declarations", "submit"] as const;
export type Step = (typeof STEPS)[number];

/** Which step a field path ("models.0.baseModel.name") belongs to. */
export function stepOf(path: string): Step {
  const head = path.split(".")[0];
  if (head === "overview" || head === "models" || head === "plan" || head === "declarations") return head;
  return "submit";
}
