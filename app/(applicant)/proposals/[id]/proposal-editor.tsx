"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useCallback, useEffect, useRef, useState } from "react";
import { useFieldArray, useForm, type Resolver, type UseFormRegister, type FieldErrors, type Control } from "react-hook-form";
import { useLocale, useTranslations } from "use-intl";
import { proposalContentSchema } from "@/lib/proposals/content";
import { isForeignFineTuneOnly, APPROACHES } from "@/lib/proposals/model-plan";
import type { ProposalView } from "@/lib/proposals/get-proposal";
import { formatKrw } from "@/lib/money";
import { parseAmount } from "@/lib/amounts";
import { formatKstTime } from "@/lib/time/kst";
import { FieldMessage, sendJson, type ApiError, FormAlert } from "../../../_components/form-kit";
import { useConfirm } from "../../../_components/confirm-dialog";
import { emptyModel, forValidation, STEPS, toDraft, toFormValues, type FormValues, type Step } from "./draft-form";
import { AttachmentsPanel, type KindRule } from "./attachments-panel";
import { SubmitPanel } from "./submit-panel";
import type { LocalizedConsent } from "@/lib/consents/texts";
import { PrivacyConsentTable } from "../../../_components/consent-text";

export interface OrgRow {
  id: string;
  name: string;
  role: "LEAD" | "PARTICIPANT";
  budgetShareKrw: number;
  confirmed: boolean;
}

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: string } | { kind: "failed" } | { kind: "conflict" };

const strict = zodResolver(proposalContentSchema);
// The form validates what the server will validate at submit: the draft as it would be sent.
const resolver: Resolver<FormValues> = (values, ctx, opts) => strict(forValidation(values) as never, ctx, opts as never) as never;

export function useMoney() {
  const locale = useLocale();
  return (n: number | null | undefined) => (typeof n === "number" && Number.isFinite(n) && n >= 0 && Number.isSafeInteger(n) ? formatKrw(n, locale) : "");
}

export function ProposalEditor({
  proposal,
  organizations,
  kinds,
  closed: closedAtRender,
  privacyText,
}: {
  proposal: ProposalView;
  organizations: OrgRow[];
  kinds: KindRule[];
  closed: boolean;
  /** The 개인정보 수집·이용 동의 for the proposal, in the page's language (lib/consents/texts.ts). */
  privacyText: LocalizedConsent;
}) {
  const t = useTranslations("proposal");
  const tRoot = useTranslations();
  const money = useMoney();
  const [closed, setClosed] = useState(closedAtRender);
  const canEdit = proposal.myRole === "OWNER" || proposal.myRole === "EDITOR";
  const editable = canEdit && !closed;
  const [step, setStep] = useState<Step>("overview");
  const [save, setSave] = useState<SaveState>({ kind: "saved", at: proposal.draftSavedAt });
  const [dirty, setDirty] = useState(false);
  const [view, setView] = useState(proposal);
  const [error, setError] = useState<ApiError | null>(null);
  const version = useRef(proposal.draftVersion);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef(false);
  const again = useRef(false);
  const paused = useRef(false);

  const form = useForm<FormValues>({ resolver, mode: "onTouched", defaultValues: toFormValues(proposal.draft) });
  const { register, control, watch, getValues, setError: setFieldError, reset, trigger, formState } = form;
  const models = watch("models");
  const requested = parseAmount(watch("overview.requestedBudgetKrw"));
  const flagged = isForeignFineTuneOnly(toDraft(getValues()).models);

  const refresh = useCallback(async () => {
    const r = await sendJson<ProposalView>("GET", `/api/v1/proposals/${proposal.id}`);
    if (r.ok) setView(r.data);
    return r;
  }, [proposal.id]);

  const saveNow = useCallback(async () => {
    clearTimeout(timer.current);
    if (paused.current) return;
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    again.current = false;
    setSave({ kind: "saving" });
    const r = await sendJson<{ draftVersion: number; draftSavedAt: string }>("PATCH", `/api/v1/proposals/${proposal.id}`, { draft: toDraft(getValues()) }, { "if-match": `"${version.current}"` });
    inFlight.current = false;
    if (r.ok) {
      version.current = r.data.draftVersion;
      setSave({ kind: "saved", at: r.data.draftSavedAt });
      setError(null);
      if (again.current) return void saveNow();
      setDirty(false);
      void refresh();
      return;
    }
    if (r.error.code === "VERSION_CONFLICT") {
      paused.current = true;
      setSave({ kind: "conflict" });
    } else if (r.error.code === "CALL_CLOSED") {
      paused.current = true;
      setClosed(true);
      setError(r.error);
      setSave({ kind: "failed" });
    } else {
      setSave({ kind: "failed" });
      setError(r.error);
      for (const [field, message] of Object.entries(r.error.fields ?? {})) setFieldError(field as never, { message });
    }
  }, [getValues, proposal.id, refresh, setFieldError]);

  // Autosave: 1.2 s after the last change.
  useEffect(() => {
    if (!editable) return;
    const sub = watch(() => {
      setDirty(true);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void saveNow(), 1200);
    });
    return () => sub.unsubscribe();
  }, [editable, saveNow, watch]);

  // Leaving with unsaved typing asks first.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (dirty) e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const reloadTheirs = async () => {
    const r = await refresh();
    if (!r.ok) return setError(r.error);
    version.current = r.data.draftVersion;
    paused.current = false;
    reset(toFormValues(r.data.draft));
    setDirty(false);
    setSave({ kind: "saved", at: r.data.draftSavedAt });
  };

  const go = (s: Step) => {
    setStep(s);
    if (s === "submit") void trigger();
    window.scrollTo({ top: 0 });
  };
  const index = STEPS.indexOf(step);
  const stepLabel = (s: Step) => t(`step${s[0]!.toUpperCase()}${s.slice(1)}` as never);
  // The tab's title follows the step (issue 12 item 7): «단계 – 과제명 | 포털».
  const appName = useTranslations("common")("appName");
  const titleKo = watch("overview.titleKo");
  const tabTitle = `${stepLabel(step)} – ${titleKo?.trim() || proposal.consortium.name} | ${appName}`;
  useEffect(() => {
    // Next.js writes the page's metadata title after hydration (streamed): keep ours on top of it.
    const apply = () => {
      if (document.title !== tabTitle) document.title = tabTitle;
    };
    apply();
    const watcher = new MutationObserver(apply);
    watcher.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => watcher.disconnect();
  }, [tabTitle]);

  return (
    <div className="editor">
      <div className="save-bar" data-testid="save-state" data-state={save.kind} aria-live="polite">
        {save.kind === "saving" && t("saving")}
        {save.kind === "saved" && !dirty && t("savedAt", { time: formatKstTime(new Date(save.at)) })}
        {save.kind === "saved" && dirty && t("unsaved")}
        {save.kind === "failed" && <span className="field-error">{t("saveFailed")}</span>}
        {editable && save.kind !== "conflict" && (
          <button type="button" className="link-button" onClick={() => void saveNow()}>
            {t("saveNow")}
          </button>
        )}
      </div>
      {!canEdit && <p className="alert alert-info">{t("readOnlyRole")}</p>}
      {save.kind === "conflict" && (
        <div className="alert alert-error" role="alert" data-testid="conflict">
          <strong>{t("conflictTitle")}</strong>
          <p>{t("conflictBody")}</p>
          <button type="button" className="button" onClick={() => void reloadTheirs()} data-testid="conflict-reload">
            {t("conflictReload")}
          </button>
        </div>
      )}
      <FormAlert error={error} />
      {flagged && (
        <aside className="alert alert-warn" role="note" data-testid="foreign-warning">
          <strong>{t("foreignWarningTitle")}</strong>
          <p>{t("foreignWarningBody")}</p>
        </aside>
      )}
      <nav className="steps" aria-label={t("steps")}>
        {STEPS.map((s) => (
          <button key={s} type="button" className={s === step ? "step current" : "step"} aria-current={s === step ? "step" : undefined} onClick={() => go(s)} data-testid={`step-${s}`}>
            {stepLabel(s)}
          </button>
        ))}
      </nav>
      <form onSubmit={(e) => e.preventDefault()} noValidate>
        <fieldset disabled={!editable} className="plain">
          {step === "overview" && (
            <section className="card" aria-labelledby="h-overview">
              <h2 id="h-overview">{stepLabel("overview")}</h2>
              <div className="grid">
                <TextField name="overview.titleKo" label={t("titleKo")} register={register} errors={formState.errors} />
                <TextField name="overview.titleEn" label={t("titleEn")} register={register} errors={formState.errors} />
              </div>
              <TextField name="overview.summary" label={t("summary")} register={register} errors={formState.errors} multiline />
              <div className="grid">
                <NumberField name="overview.durationMonths" label={t("durationMonths")} register={register} errors={formState.errors} />
                <NumberField name="overview.requestedBudgetKrw" label={t("requestedBudget")} register={register} errors={formState.errors} hint={money(requested) && t("amountIs", { amount: money(requested) })} testId="budget-amount" />
              </div>
            </section>
          )}
          {step === "consortium" && <ConsortiumStep organizations={organizations} requested={requested} consortiumId={proposal.consortium.id} />}
          {step === "models" && <ModelsStep control={control} register={register} errors={formState.errors} models={models} />}
          {step === "plan" && (
            <section className="card" aria-labelledby="h-plan">
              <h2 id="h-plan">{stepLabel("plan")}</h2>
              <TextField name="plan.computePlan" label={t("computePlan")} register={register} errors={formState.errors} multiline />
              <TextField name="plan.dataPlan" label={t("dataPlan")} register={register} errors={formState.errors} multiline />
            </section>
          )}
          {step === "declarations" && (
            <section className="card" aria-labelledby="h-decl">
              <h2 id="h-decl">{stepLabel("declarations")}</h2>
              <p className="muted">{t("declarationsIntro")}</p>
              {(["accurate", "noDuplicateFunding"] as const).map((k) => (
                <label key={k} className="check">
                  <input type="checkbox" {...register(`declarations.${k}`)} data-testid={`decl-${k}`} />
                  {t(k === "accurate" ? "declAccurate" : "declNoDuplicate")}
                  <FieldMessage id={`decl-${k}-error`} error={formState.errors.declarations?.[k]} />
                </label>
              ))}
              {/* 개인정보 보호법 제15조②: the four items, then the checkbox. Submitting records this text's
                  version for the person who submits (lib/proposals/submit-proposal.ts). */}
              <div className="consent-block" data-testid="proposal-privacy-consent">
                <h3 id="h-privacy">
                  {privacyText.title} <span className="muted">({tRoot("consent.version", { version: privacyText.version })})</span>
                </h3>
                <p className="muted">{privacyText.intro}</p>
                <PrivacyConsentTable text={privacyText} caption={tRoot("consent.privacyTableCaption", { title: privacyText.title, version: privacyText.version })} testId="proposal-privacy-table" hideCaption />
                <label className="check">
                  <input
                    type="checkbox"
                    {...register("declarations.privacyConsent")}
                    aria-describedby={formState.errors.declarations?.privacyConsent ? "decl-privacyConsent-error" : undefined}
                    data-testid="decl-privacyConsent"
                  />
                  <span>{privacyText.agree}</span>
                </label>
                <FieldMessage id="decl-privacyConsent-error" error={formState.errors.declarations?.privacyConsent} />
              </div>
            </section>
          )}
        </fieldset>
      </form>
      {step === "attachments" && <AttachmentsPanel proposalId={proposal.id} attachments={view.attachments} kinds={kinds} editable={editable} onChange={refresh} onClosed={() => setClosed(true)} />}
      {step === "submit" && (
        <SubmitPanel
          organizations={organizations}
          view={view}
          closed={closed}
          dirty={dirty || save.kind === "saving"}
          draftVersion={version.current}
          onGo={go}
          onClosed={() => setClosed(true)}
          onChanged={refresh}
        />
      )}
      <div className="step-nav">
        {index > 0 && (
          <button type="button" className="button secondary" onClick={() => go(STEPS[index - 1]!)}>
            ← {t("prev")}
          </button>
        )}
        {index < STEPS.length - 1 && (
          <button type="button" className="button" onClick={() => go(STEPS[index + 1]!)} data-testid="next-step">
            {t("next")} →
          </button>
        )}
      </div>
    </div>
  );
}

type FieldProps = { name: string; label: string; register: UseFormRegister<FormValues>; errors: FieldErrors<FormValues>; hint?: string; testId?: string };

function errorAt(errors: FieldErrors<FormValues>, name: string) {
  return name.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), errors) as { message?: string } | undefined;
}

function TextField({ name, label, register, errors, multiline }: FieldProps & { multiline?: boolean }) {
  const id = name.replace(/\./g, "-");
  const err = errorAt(errors, name);
  const props = { id, "aria-invalid": !!err, "aria-describedby": `${id}-error`, ...register(name as never) };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={5} {...props} /> : <input {...props} />}
      <FieldMessage id={`${id}-error`} error={err} />
    </div>
  );
}

function NumberField({ name, label, register, errors, hint, testId }: FieldProps) {
  const id = name.replace(/\./g, "-");
  const err = errorAt(errors, name);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} autoComplete="off" aria-invalid={!!err} aria-describedby={`${id}-hint ${id}-error`} {...register(name as never, { setValueAs: parseAmount })} />
      <span className="muted" id={`${id}-hint`} data-testid={testId}>
        {hint}
      </span>
      <FieldMessage id={`${id}-error`} error={err} />
    </div>
  );
}

function ConsortiumStep({ organizations, requested, consortiumId }: { organizations: OrgRow[]; requested: number | null; consortiumId: string }) {
  const t = useTranslations();
  const money = useMoney();
  const split = organizations.reduce((s, o) => s + o.budgetShareKrw, 0);
  return (
    <section className="card" aria-labelledby="h-cons">
      <h2 id="h-cons">{t("proposal.stepConsortium")}</h2>
      <p className="muted">{t("proposal.consortiumIntro")}</p>
      <div className="table-wrap" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th>{t("proposal.orgRole")}</th>
              <th>{t("proposal.orgName")}</th>
              <th>{t("proposal.share")}</th>
              <th>{t("proposal.confirmed")}</th>
            </tr>
          </thead>
          <tbody>
            {organizations.map((o) => (
              <tr key={o.id}>
                <td>{t(`enums.orgRole.${o.role}`)}</td>
                <td>{o.name}</td>
                <td>{money(o.budgetShareKrw)}</td>
                <td>{o.confirmed ? t("proposal.confirmedYes") : <span className="field-error">{t("proposal.confirmedNo")}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className={requested !== null && split !== requested ? "field-error" : "muted"}>{t("proposal.splitTotal", { split: money(split) || "0", requested: money(requested) || "—" })}</p>
      <a href={`/consortia/${consortiumId}`}>{t("proposal.manageConsortium")} →</a>
    </section>
  );
}

function ModelsStep({ control, register, errors, models }: { control: Control<FormValues>; register: UseFormRegister<FormValues>; errors: FieldErrors<FormValues>; models: FormValues["models"] }) {
  const t = useTranslations();
  const { fields, append, remove } = useFieldArray({ control, name: "models" });
  const [confirm, dialog] = useConfirm();
  // Removing a model is autosaved at once: it asks first, naming the model.
  const removeModel = async (i: number) => {
    const name = models[i]?.name?.trim() || t("confirm.unnamed");
    const ok = await confirm({ title: t("confirm.deleteModelTitle"), body: <p>{t("confirm.deleteModelBody", { n: i + 1, name })}</p>, confirmLabel: t("confirm.deleteModelYes") });
    if (ok) remove(i);
  };
  return (
    <section className="card" aria-labelledby="h-models">
      <h2 id="h-models">{t("proposal.models")}</h2>
      <p className="muted">{t("proposal.modelsIntro")}</p>
      {fields.map((f, i) => {
        const m = models[i];
        const approach = m?.approach;
        const params = parseAmount(m?.parameterCount);
        const foreign = approach === "FINE_TUNED" && (m?.baseModel?.country ?? "").toUpperCase().length === 2 && (m?.baseModel?.country ?? "").toUpperCase() !== "KR";
        const p = `models.${i}`;
        const modelErr = errorAt(errors, p) as { message?: string } | undefined;
        return (
          <fieldset key={f.id} className="model" data-testid={`model-${i}`}>
            <legend>{t("proposal.model", { n: i + 1 })}</legend>
            <div className="grid">
              <TextField name={`${p}.name`} label={t("proposal.modelName")} register={register} errors={errors} />
              <NumberField
                name={`${p}.parameterCount`}
                label={t("proposal.parameterCount")}
                register={register}
                errors={errors}
                hint={params && params > 0 ? t("proposal.parametersAre", { billions: (params / 1e9).toLocaleString("en", { maximumFractionDigits: 2 }) }) : t("proposal.parameterHint")}
              />
              <TextField name={`${p}.architecture`} label={t("proposal.architecture")} register={register} errors={errors} />
              <div className="field">
                <label htmlFor={`models-${i}-approach`}>{t("proposal.approach")}</label>
                <select id={`models-${i}-approach`} aria-invalid={!!errorAt(errors, `${p}.approach`)} {...register(`models.${i}.approach` as const)}>
                  <option value="">—</option>
                  {APPROACHES.map((a) => (
                    <option key={a} value={a}>
                      {t(`enums.approach.${a}`)}
                    </option>
                  ))}
                </select>
                <FieldMessage id={`models-${i}-approach-error`} error={errorAt(errors, `${p}.approach`)} />
              </div>
            </div>
            {approach && approach !== "FROM_SCRATCH" && (
              <fieldset className="base-model">
                <legend>{t("proposal.baseModel")}</legend>
                <FieldMessage id={`models-${i}-base-error`} error={errorAt(errors, `${p}.baseModel`)?.message ? errorAt(errors, `${p}.baseModel`) : undefined} />
                <div className="grid">
                  <TextField name={`${p}.baseModel.name`} label={t("proposal.baseName")} register={register} errors={errors} />
                  <TextField name={`${p}.baseModel.developer`} label={t("proposal.baseDeveloper")} register={register} errors={errors} />
                  <TextField name={`${p}.baseModel.country`} label={t("proposal.baseCountry")} register={register} errors={errors} />
                  <TextField name={`${p}.baseModel.license`} label={t("proposal.baseLicense")} register={register} errors={errors} />
                </div>
                {foreign && <p className="field-warn">{t("proposal.foreignModelNote")}</p>}
              </fieldset>
            )}
            <div className="grid">
              <label className="check">
                <input type="checkbox" {...register(`models.${i}.ownTokenizer` as const)} />
                {t("proposal.ownTokenizer")}
              </label>
              <NumberField name={`${p}.pretrainingTokens`} label={t("proposal.pretrainingTokens")} register={register} errors={errors} />
              <NumberField name={`${p}.gpuHours`} label={t("proposal.gpuHours")} register={register} errors={errors} />
            </div>
            <TextField name={`${p}.dataSources`} label={t("proposal.dataSources")} register={register} errors={errors} multiline />
            <TextField name={`${p}.openSourcePlan`} label={t("proposal.openSourcePlan")} register={register} errors={errors} multiline />
            {modelErr?.message && <FieldMessage id={`models-${i}-error`} error={modelErr} />}
            {fields.length > 1 && (
              <button type="button" className="link-button danger" onClick={() => void removeModel(i)} data-testid="remove-model">
                {t("proposal.removeModel")}
              </button>
            )}
          </fieldset>
        );
      })}
      <FieldMessage id="models-error" error={errorAt(errors, "models")?.message ? errorAt(errors, "models") : undefined} />
      {fields.length < 10 && (
        <button type="button" className="button secondary" onClick={() => append(emptyModel() as never)} data-testid="add-model">
          + {t("proposal.addModel")}
        </button>
      )}
      {dialog}
    </section>
  );
}
