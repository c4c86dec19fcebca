"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useCallback, useEffect, useRef, useState } from "react";
import { useFieldArray, useForm, type Resolver, type UseFormRegister, type FieldErrors, type Control } from "react-hook-form";
import { useLocale, useTranslations } from "use-intl";
import { contentProblems, proposalContentSchema } from "@/lib/proposals/content";
import { isForeignFineTuneOnly, APPROACHES } from "@/lib/proposals/model-plan";
import type { ProposalView } from "@/lib/proposals/get-proposal";
import { classifySaveFailure, draftDifferences, localDraftKey, parseLocalDraft, RETRIED, retryDelay, sameDraft, shouldOfferRestore, type DraftDifference, type LocalDraft } from "@/lib/proposals/draft-sync";
import { formatKrw } from "@/lib/money";
import { parseAmount } from "@/lib/amounts";
import { countryName, countryOptions } from "@/lib/text/countries";
import { particle } from "@/lib/text/particle";
import { formatKstDateTime, formatKstTime } from "@/lib/time/kst";
import { FieldMessage, sendJson, type ApiError, FormAlert } from "../../../_components/form-kit";
import { useConfirm } from "../../../_components/confirm-dialog";
import { emptyModel, forValidation, STEPS, stepOf, toDraft, toFormValues, type FormValues, type Step } from "./draft-form";
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

// What the save bar says (issue 12 item 3): network loss, an overloaded or unreachable server, invalid
// input, a colleague's save and the cutoff are told apart; in every case the typing stays in this browser.
type SaveState =
  | { kind: "saving" }
  | { kind: "saved"; at: string }
  | { kind: "offline" }
  | { kind: "retrying"; reason: "busy" | "unreachable"; seconds: number }
  | { kind: "invalid"; fields: string[] }
  | { kind: "failed" }
  | { kind: "conflict" }
  | { kind: "closed" };

interface Conflict {
  version: number;
  savedAt: string;
  theirs: unknown;
  rows: DraftDifference[];
}

const strict = zodResolver(proposalContentSchema);
// The form validates what the server will validate at submit: the draft as it would be sent.
const resolver: Resolver<FormValues> = (values, ctx, opts) => strict(forValidation(values) as never, ctx, opts as never) as never;

/** Fields a submission needs (the content schema's required ones): marked with * and aria-required. */
const REQUIRED_MODEL_FIELDS = new Set(["name", "parameterCount", "architecture", "approach"]);

export function useMoney() {
  const locale = useLocale();
  return (n: number | null | undefined) => (typeof n === "number" && Number.isFinite(n) && n >= 0 && Number.isSafeInteger(n) ? formatKrw(n, locale) : "");
}

/** localStorage, where it is allowed (private windows and full disks refuse: the page still works). */
const store = {
  read(key: string): LocalDraft | null {
    try {
      return parseLocalDraft(window.localStorage.getItem(key));
    } catch {
      return null;
    }
  },
  write(key: string, d: LocalDraft) {
    try {
      window.localStorage.setItem(key, JSON.stringify(d));
    } catch {
      // quota or privacy mode: nothing more to do
    }
  },
  clear(key: string) {
    try {
      window.localStorage.removeItem(key);
    } catch {
      // as above
    }
  },
};

export function ProposalEditor({
  proposal,
  organizations,
  kinds,
  closed: closedAtRender,
  userId,
  privacyText,
}: {
  proposal: ProposalView;
  organizations: OrgRow[];
  kinds: KindRule[];
  closed: boolean;
  userId: string;
  /** The 개인정보 수집·이용 동의 for the proposal, in the page's language (lib/consents/texts.ts). */
  privacyText: LocalizedConsent;
}) {
  const t = useTranslations("proposal");
  const tAll = useTranslations();
  const tRoot = tAll;
  const locale = useLocale();
  const money = useMoney();
  const [closed, setClosed] = useState(closedAtRender);
  const canEdit = proposal.myRole === "OWNER" || proposal.myRole === "EDITOR";
  const editable = canEdit && !closed;
  const [step, setStep] = useState<Step>("overview");
  const [save, setSave] = useState<SaveState>({ kind: "saved", at: proposal.draftSavedAt });
  const [dirty, setDirty] = useState(false);
  const [view, setView] = useState(proposal);
  const [error, setError] = useState<ApiError | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  /** The browser's copy found on opening the page, while the person decides. */
  const [offer, setOffer] = useState<LocalDraft | null>(null);
  /** Steps whose problems are shown although untouched (the person came from the readiness list to fix them). */
  const [revealed, setRevealed] = useState<ReadonlySet<Step>>(new Set());
  const version = useRef(proposal.draftVersion);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const attempt = useRef(0);
  const inFlight = useRef(false);
  const again = useRef(false);
  const paused = useRef(false);
  const pending = useRef(false);
  const resetting = useRef(false);
  const offering = useRef(false);
  const focusHeading = useRef(false);
  const body = useRef<HTMLDivElement>(null);
  const key = localDraftKey(proposal.id, userId);

  const form = useForm<FormValues>({ resolver, mode: "onTouched", defaultValues: toFormValues(proposal.draft) });
  const { register, control, watch, getValues, setError: setFieldError, reset, trigger, formState } = form;
  const values = watch();
  const models = values.models;
  const requested = parseAmount(values.overview?.requestedBudgetKrw);
  const flagged = isForeignFineTuneOnly(toDraft(getValues()).models);

  const keepLocal = useCallback(() => {
    if (offering.current) return; // the copy found on opening stays as it was until the person decides
    store.write(key, { values: toDraft(getValues()), baseVersion: version.current, editedAt: new Date().toISOString() });
  }, [getValues, key]);

  const replaceValues = useCallback(
    (draft: unknown) => {
      resetting.current = true;
      reset(toFormValues(draft));
      setTimeout(() => (resetting.current = false), 0);
    },
    [reset],
  );

  const refresh = useCallback(async () => {
    const r = await sendJson<ProposalView>("GET", `/api/v1/proposals/${proposal.id}`);
    if (r.ok) setView(r.data);
    return r;
  }, [proposal.id]);

  const markSaved = useCallback(
    (at: string) => {
      pending.current = false;
      attempt.current = 0;
      setDirty(false);
      setSave({ kind: "saved", at });
      store.clear(key);
    },
    [key],
  );

  /** A colleague saved first: show theirs and mine for the fields that differ; drop nothing. */
  const openConflict = useCallback(async () => {
    const r = await refresh();
    if (!r.ok) {
      setSave({ kind: "failed" });
      setError(r.error);
      return;
    }
    const rows = draftDifferences(toDraft(toFormValues(r.data.draft)), toDraft(getValues()));
    if (rows.length === 0) {
      // They saved exactly what is on this page: carry on from their version.
      version.current = r.data.draftVersion;
      paused.current = false;
      markSaved(r.data.draftSavedAt);
      return;
    }
    setConflict({ version: r.data.draftVersion, savedAt: r.data.draftSavedAt, theirs: r.data.draft, rows });
    setSave({ kind: "conflict" });
  }, [getValues, markSaved, refresh]);

  const saveNow = useCallback(async (): Promise<void> => {
    clearTimeout(timer.current);
    clearTimeout(retryTimer.current);
    if (paused.current) return;
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    again.current = false;
    setSave({ kind: "saving" });
    const sent = toDraft(getValues());
    const r = await sendJson<{ draftVersion: number; draftSavedAt: string }>("PATCH", `/api/v1/proposals/${proposal.id}`, { draft: sent }, { "if-match": `"${version.current}"` });
    inFlight.current = false;
    if (r.ok) {
      version.current = r.data.draftVersion;
      attempt.current = 0;
      setError(null);
      if (again.current || !sameDraft(sent, toDraft(getValues()))) {
        keepLocal(); // typed while it was saving: the newer typing, on the new version
        return saveNow();
      }
      markSaved(r.data.draftSavedAt);
      void refresh();
      return;
    }
    const failure = classifySaveFailure({ status: r.status, code: r.error.code }, navigator.onLine);
    if (RETRIED.has(failure)) {
      // Kept in the browser already; tried again by itself (and at once when the connection returns).
      const delay = retryDelay(attempt.current++);
      retryTimer.current = setTimeout(() => void saveNow(), delay);
      setError(null);
      setSave(failure === "offline" ? { kind: "offline" } : { kind: "retrying", reason: failure === "busy" ? "busy" : "unreachable", seconds: Math.round(delay / 1000) });
      return;
    }
    if (failure === "conflict") {
      paused.current = true;
      await openConflict();
    } else if (failure === "closed") {
      // After the cutoff nothing is retried; the typing stays in this browser to be copied.
      paused.current = true;
      setClosed(true);
      setError(r.error);
      setSave({ kind: "closed" });
    } else if (failure === "invalid" && r.error.fields && Object.keys(r.error.fields).length) {
      setError(null);
      const fields = Object.keys(r.error.fields).map((f) => f.replace(/^draft\./, ""));
      setSave({ kind: "invalid", fields });
      for (const [field, message] of Object.entries(r.error.fields)) setFieldError(field.replace(/^draft\./, "") as never, { message });
    } else {
      setSave({ kind: "failed" });
      setError(r.error);
    }
  }, [getValues, keepLocal, markSaved, openConflict, proposal.id, refresh, setFieldError]);

  // Autosave: 1.2 s after the last change; every change is kept in this browser at once.
  useEffect(() => {
    if (!editable) return;
    const sub = watch(() => {
      if (resetting.current) return;
      pending.current = true;
      setDirty(true);
      keepLocal();
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void saveNow(), 1200);
    });
    return () => sub.unsubscribe();
  }, [editable, keepLocal, saveNow, watch]);

  // The connection: back online saves at once; going offline says so while something is unsaved.
  useEffect(() => {
    if (!editable) return;
    const online = () => {
      attempt.current = 0;
      if (pending.current && !paused.current) void saveNow();
    };
    const offline = () => {
      if (pending.current && !paused.current) setSave({ kind: "offline" });
    };
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      clearTimeout(retryTimer.current);
    };
  }, [editable, saveNow]);

  // Opening the page: typing left in this browser (a closed tab, a crash, offline) is offered back.
  useEffect(() => {
    const local = store.read(key);
    if (shouldOfferRestore(local, { draft: toDraft(toFormValues(proposal.draft)), draftVersion: proposal.draftVersion })) {
      offering.current = true;
      setOffer(local);
    } else if (local) {
      store.clear(key);
    }
    // once, on opening
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const restore = () => {
    if (!offer) return;
    offering.current = false;
    setOffer(null);
    replaceValues(offer.values);
    // Saved on the version it was typed on: if a colleague saved since, the conflict panel shows both.
    version.current = offer.baseVersion;
    pending.current = true;
    setDirty(true);
    store.write(key, offer);
    void saveNow();
  };
  const discard = () => {
    offering.current = false;
    setOffer(null);
    store.clear(key);
  };

  const keepMine = () => {
    if (!conflict) return;
    version.current = conflict.version;
    paused.current = false;
    setConflict(null);
    keepLocal();
    void saveNow();
  };
  const takeTheirs = () => {
    if (!conflict) return;
    replaceValues(conflict.theirs);
    version.current = conflict.version;
    paused.current = false;
    setConflict(null);
    setError(null);
    markSaved(conflict.savedAt);
  };

  // Leaving with unsaved typing asks first (it is kept in this browser either way).
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (dirty) e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const go = (s: Step, { focus = true, reveal = false }: { focus?: boolean; reveal?: boolean } = {}) => {
    if (reveal && s !== "attachments" && s !== "consortium" && s !== "submit") {
      setRevealed((r) => new Set(r).add(s));
      void trigger(s as never);
    }
    focusHeading.current = focus;
    setStep(s);
    if (!focus) window.scrollTo({ top: 0 });
  };
  // After 다음 단계 (and the readiness list's links) focus moves to the new step's heading.
  useEffect(() => {
    if (!focusHeading.current) return;
    focusHeading.current = false;
    const h = body.current?.querySelector<HTMLElement>("h2");
    if (!h) return;
    h.setAttribute("tabindex", "-1");
    h.focus();
  }, [step]);

  const index = STEPS.indexOf(step);
  const stepLabel = (s: Step) => t(`step${s[0]!.toUpperCase()}${s.slice(1)}` as never);

  // What is left on each step (완료 / 미완료 n): the submission's own rules, on what is typed now.
  const problems = contentProblems(forValidation(values as FormValues));
  const left: Record<Step, number | null> = { overview: 0, consortium: 0, models: 0, plan: 0, attachments: 0, declarations: 0, submit: null };
  for (const path of Object.keys(problems)) {
    const s = stepOf(path);
    if (left[s] !== null) left[s] = left[s]! + 1;
  }
  const split = organizations.reduce((sum, o) => sum + o.budgetShareKrw, 0);
  left.consortium = organizations.filter((o) => !o.confirmed).length + (requested !== null && !Number.isNaN(requested) && split !== requested ? 1 : 0);
  left.attachments = kinds.filter((k) => k.required && !view.attachments.some((a) => a.kind === k.kind)).length;

  // A step shows red errors only once the person has touched it (or came to fix it).
  const touched = formState.touchedFields as Record<string, unknown>;
  const shows = (s: Step) => revealed.has(s) || Boolean(touched[s]) || (save.kind === "invalid" && save.fields.some((f) => stepOf(f) === s));
  const errorsFor = (s: Step): FieldErrors<FormValues> => (shows(s) ? formState.errors : {});

  // The tab's title follows the step (issue 12 item 7): «단계 – 과제명 | 포털».
  const appName = useTranslations("common")("appName");
  const titleKo = values.overview?.titleKo;
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

  const label = useFieldLabel();
  const shown = useShownValue();

  return (
    <div className="editor">
      <div className="save-bar" data-testid="save-state" data-state={save.kind} aria-live="polite">
        {save.kind === "saving" && t("saving")}
        {save.kind === "saved" && !dirty && t("savedAt", { time: formatKstTime(new Date(save.at)) })}
        {save.kind === "saved" && dirty && t("unsaved")}
        {save.kind === "offline" && <span className="status-warn" data-testid="save-offline">{t("saveOffline")}</span>}
        {save.kind === "retrying" && <span className="status-warn">{t(save.reason === "busy" ? "saveBusy" : "saveUnreachable", { seconds: save.seconds })}</span>}
        {save.kind === "invalid" && <span className="field-error">{t("saveInvalid", { fields: save.fields.map(label).join(", ") })}</span>}
        {save.kind === "failed" && <span className="field-error">{t("saveFailed")}</span>}
        {save.kind === "closed" && <span className="field-error">{t("saveClosed")}</span>}
        {editable && save.kind !== "conflict" && !offer && (
          <button type="button" className="link-button" onClick={() => void saveNow()}>
            {t("saveNow")}
          </button>
        )}
      </div>
      {!canEdit && <p className="alert alert-info">{t("readOnlyRole")}</p>}
      {offer && editable && (
        <div className="alert alert-warn" role="alert" data-testid="restore-prompt">
          <strong>{t("restoreTitle")}</strong>
          <p>{t("restoreBody", { time: formatKstDateTime(new Date(offer.editedAt), locale as "ko" | "en", true) })}</p>
          <div className="actions">
            <button type="button" className="button" onClick={restore} data-testid="restore-yes">
              {t("restoreYes")}
            </button>
            <button type="button" className="button secondary" onClick={discard} data-testid="restore-no">
              {t("restoreNo")}
            </button>
          </div>
        </div>
      )}
      {conflict && (
        <div className="alert alert-error conflict" role="alert" data-testid="conflict">
          <strong>{t("conflictTitle")}</strong>
          <p>{t("conflictBody")}</p>
          <Differences rows={conflict.rows} label={label} shown={shown} />
          <p className="muted">{t("conflictKeepHint")}</p>
          <div className="actions">
            <button type="button" className="button" onClick={keepMine} data-testid="conflict-keep-mine">
              {t("conflictKeepMine")}
            </button>
            <button type="button" className="button secondary" onClick={takeTheirs} data-testid="conflict-reload">
              {t("conflictReload")}
            </button>
          </div>
        </div>
      )}
      {closed && canEdit && (offer || save.kind === "closed") && (
        <Leftover theirs={view.draft} mine={offer ? offer.values : toDraft(getValues())} label={label} shown={shown} onDiscard={() => (discard(), setSave({ kind: "saved", at: view.draftSavedAt }))} />
      )}
      <FormAlert error={error} />
      {flagged && (
        <aside className="alert alert-warn" role="note" data-testid="foreign-warning">
          <strong>{t("foreignWarningTitle")}</strong>
          <p>{t("foreignWarningBody")}</p>
        </aside>
      )}
      <nav className="steps" aria-label={t("steps")}>
        {STEPS.map((s) => {
          const n = left[s];
          return (
            <button key={s} type="button" className={s === step ? "step current" : "step"} aria-current={s === step ? "step" : undefined} onClick={() => go(s, { focus: false })} data-testid={`step-${s}`}>
              <span>{stepLabel(s)}</span>
              {n !== null && (
                <span className={n === 0 ? "step-state done" : "step-state todo"} data-testid={`step-state-${s}`} data-left={n}>
                  {n === 0 ? (
                    <>
                      <span aria-hidden="true">✓ </span>
                      {t("stepDone")}
                    </>
                  ) : (
                    t("stepLeft", { n })
                  )}
                </span>
              )}
            </button>
          );
        })}
      </nav>
      <div className="step-body" ref={body}>
        <form onSubmit={(e) => e.preventDefault()} noValidate>
          <fieldset disabled={!editable} className="plain">
            {(step === "overview" || step === "models" || step === "plan" || step === "declarations") && (
              <p className="muted required-note">
                <span className="req" aria-hidden="true">
                  *
                </span>{" "}
                {t("requiredNote")}
              </p>
            )}
            {step === "overview" && (
              <section className="card" aria-labelledby="h-overview">
                <h2 id="h-overview">{stepLabel("overview")}</h2>
                <div className="grid">
                  <TextField name="overview.titleKo" label={t("titleKo")} register={register} errors={errorsFor("overview")} required />
                  <TextField name="overview.titleEn" label={t("titleEn")} register={register} errors={errorsFor("overview")} required />
                </div>
                <TextField name="overview.summary" label={t("summary")} register={register} errors={errorsFor("overview")} multiline required />
                <div className="grid">
                  <NumberField name="overview.durationMonths" label={t("durationMonths")} register={register} errors={errorsFor("overview")} required />
                  <NumberField name="overview.requestedBudgetKrw" label={t("requestedBudget")} register={register} errors={errorsFor("overview")} hint={money(requested) && t("amountIs", { amount: money(requested) })} testId="budget-amount" required />
                </div>
              </section>
            )}
            {step === "consortium" && <ConsortiumStep organizations={organizations} requested={requested} consortiumId={proposal.consortium.id} />}
            {step === "models" && <ModelsStep control={control} register={register} errors={errorsFor("models")} models={models} />}
            {step === "plan" && (
              <section className="card" aria-labelledby="h-plan">
                <h2 id="h-plan">{stepLabel("plan")}</h2>
                <TextField name="plan.computePlan" label={t("computePlan")} register={register} errors={errorsFor("plan")} multiline required />
                <TextField name="plan.dataPlan" label={t("dataPlan")} register={register} errors={errorsFor("plan")} multiline required />
              </section>
            )}
            {step === "declarations" && (
              <section className="card" aria-labelledby="h-decl">
                <h2 id="h-decl">{stepLabel("declarations")}</h2>
                <p className="muted">{t("declarationsIntro")}</p>
                {(["accurate", "noDuplicateFunding"] as const).map((k) => (
                  <label key={k} className="check">
                    <input type="checkbox" aria-required="true" {...register(`declarations.${k}`)} data-testid={`decl-${k}`} />
                    <span>
                      {t(k === "accurate" ? "declAccurate" : "declNoDuplicate")}{" "}
                      <span className="req" aria-hidden="true">
                        *
                      </span>
                    </span>
                    <FieldMessage id={`decl-${k}-error`} error={errorsFor("declarations").declarations?.[k]} />
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
                      aria-required="true"
                      {...register("declarations.privacyConsent")}
                      aria-describedby={errorsFor("declarations").declarations?.privacyConsent ? "decl-privacyConsent-error" : undefined}
                      data-testid="decl-privacyConsent"
                    />
                    <span>
                        {privacyText.agree}{" "}
                        <span className="req" aria-hidden="true">
                          *
                        </span>
                      </span>
                  </label>
                  <FieldMessage id="decl-privacyConsent-error" error={errorsFor("declarations").declarations?.privacyConsent} />
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
            onGo={(s) => go(s, { reveal: true })}
            onClosed={() => setClosed(true)}
            onChanged={refresh}
          />
        )}
      </div>
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

/** A field's name as the person sees it: "모델 1 · 기반 모델 · 개발 국가". */
function useFieldLabel() {
  const t = useTranslations("proposal");
  const MODEL: Record<string, string> = {
    name: "modelName",
    parameterCount: "parameterCount",
    architecture: "architecture",
    approach: "approach",
    ownTokenizer: "ownTokenizer",
    pretrainingTokens: "pretrainingTokens",
    gpuHours: "gpuHours",
    dataSources: "dataSources",
    openSourcePlan: "openSourcePlan",
  };
  const BASE: Record<string, string> = { name: "baseName", developer: "baseDeveloper", country: "baseCountry", license: "baseLicense" };
  const TOP: Record<string, string> = {
    "overview.titleKo": "titleKo",
    "overview.titleEn": "titleEn",
    "overview.summary": "summary",
    "overview.durationMonths": "durationMonths",
    "overview.requestedBudgetKrw": "requestedBudget",
    "plan.computePlan": "computePlan",
    "plan.dataPlan": "dataPlan",
    "declarations.accurate": "declAccurate",
    "declarations.noDuplicateFunding": "declNoDuplicate",
    "declarations.privacyConsent": "declPrivacy",
  };
  return (path: string): string => {
    if (TOP[path]) return t(TOP[path] as never);
    const m = /^models\.(\d+)(?:\.(baseModel))?(?:\.(\w+))?$/.exec(path);
    if (m) {
      const parts = [t("model", { n: Number(m[1]) + 1 })];
      if (m[2]) parts.push(t("baseModel"));
      const f = m[3];
      if (f) parts.push(t((m[2] ? BASE[f] : MODEL[f]) ?? f) as never as string);
      return parts.join(" · ");
    }
    return path;
  };
}

/** A draft value as text: amounts and counts grouped, codes named, nothing as "—". */
function useShownValue() {
  const t = useTranslations();
  const locale = useLocale();
  return (path: string, v: unknown): string => {
    if (v === null || v === undefined || v === "") return "—";
    if (typeof v === "boolean") return t(v ? "proposal.valueYes" : "proposal.valueNo");
    if (typeof v === "number") return v.toLocaleString(locale === "ko" ? "ko-KR" : "en");
    if (path.endsWith(".approach") && (APPROACHES as readonly string[]).includes(String(v))) return t(`enums.approach.${v}` as never);
    if (path.endsWith(".country")) return `${countryName(String(v), locale)} (${String(v).toUpperCase()})`;
    return String(v);
  };
}

function Differences({ rows, label, shown }: { rows: DraftDifference[]; label: (p: string) => string; shown: (p: string, v: unknown) => string }) {
  const t = useTranslations("proposal");
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t("conflictTitle")}>
      <table className="draft-diff" data-testid="diff">
        <thead>
          <tr>
            <th scope="col">{t("conflictField")}</th>
            <th scope="col">{t("conflictTheirs")}</th>
            <th scope="col">{t("conflictMine")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.path} data-path={r.path}>
              <th scope="row">{label(r.path)}</th>
              <td data-label={t("conflictTheirs")} data-testid="theirs">
                {shown(r.path, r.theirs)}
              </td>
              <td data-label={t("conflictMine")} data-testid="mine">
                {shown(r.path, r.mine)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** After the cutoff: what was typed but never saved, to be copied. */
function Leftover({ theirs, mine, label, shown, onDiscard }: { theirs: unknown; mine: unknown; label: (p: string) => string; shown: (p: string, v: unknown) => string; onDiscard: () => void }) {
  const t = useTranslations("proposal");
  const rows = draftDifferences(toDraft(toFormValues(theirs)), mine);
  if (rows.length === 0) return null;
  return (
    <section className="alert alert-warn" data-testid="leftover" aria-labelledby="h-leftover">
      <strong id="h-leftover">{t("leftoverTitle")}</strong>
      <p>{t("leftoverBody")}</p>
      {rows.map((r) => (
        <div className="field" key={r.path}>
          <label htmlFor={`leftover-${r.path}`}>{label(r.path)}</label>
          <textarea id={`leftover-${r.path}`} readOnly rows={Math.min(6, String(shown(r.path, r.mine)).split("\n").length + 1)} value={shown(r.path, r.mine)} />
        </div>
      ))}
      <button type="button" className="link-button danger" onClick={onDiscard}>
        {t("leftoverDiscard")}
      </button>
    </section>
  );
}

type FieldProps = { name: string; label: string; register: UseFormRegister<FormValues>; errors: FieldErrors<FormValues>; hint?: string; testId?: string; required?: boolean };

/** A label with the visible required marker (the control itself carries aria-required). */
function Label({ htmlFor, text, required }: { htmlFor: string; text: string; required?: boolean }) {
  return (
    // One child: labels are grid boxes, and the marker belongs on the label's line.
    <label htmlFor={htmlFor}>
      <span>
        {text}
        {required && (
          <span className="req" aria-hidden="true">
            {" "}*
          </span>
        )}
      </span>
    </label>
  );
}

function errorAt(errors: FieldErrors<FormValues>, name: string) {
  return name.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), errors) as { message?: string } | undefined;
}

function TextField({ name, label, register, errors, multiline, required }: FieldProps & { multiline?: boolean }) {
  const id = name.replace(/\./g, "-");
  const err = errorAt(errors, name);
  const props = { id, "aria-invalid": !!err, "aria-describedby": `${id}-error`, "aria-required": required || undefined, ...register(name as never) };
  return (
    <div className="field">
      <Label htmlFor={id} text={label} required={required} />
      {multiline ? <textarea rows={5} {...props} /> : <input {...props} />}
      <FieldMessage id={`${id}-error`} error={err} />
    </div>
  );
}

function NumberField({ name, label, register, errors, hint, testId, required }: FieldProps) {
  const id = name.replace(/\./g, "-");
  const err = errorAt(errors, name);
  return (
    <div className="field">
      <Label htmlFor={id} text={label} required={required} />
      <input id={id} autoComplete="off" aria-invalid={!!err} aria-required={required || undefined} aria-describedby={`${id}-hint ${id}-error`} {...register(name as never, { setValueAs: parseAmount })} />
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
  const locale = useLocale();
  const countries = countryOptions(locale);
  const { fields, append, remove } = useFieldArray({ control, name: "models" });
  const [confirm, dialog] = useConfirm();
  // Removing a model is autosaved at once: it asks first, naming the model.
  const removeModel = async (i: number) => {
    const name = models[i]?.name?.trim() || t("confirm.unnamed");
    const ok = await confirm({ title: t("confirm.deleteModelTitle"), body: <p>{t("confirm.deleteModelBody", { n: i + 1, name, eul: particle(name, "을/를") })}</p>, confirmLabel: t("confirm.deleteModelYes") });
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
              <TextField name={`${p}.name`} label={t("proposal.modelName")} register={register} errors={errors} required />
              <NumberField
                name={`${p}.parameterCount`}
                label={t("proposal.parameterCount")}
                register={register}
                errors={errors}
                required
                hint={params && params > 0 ? t("proposal.parametersAre", { billions: (params / 1e9).toLocaleString("en", { maximumFractionDigits: 2 }) }) : t("proposal.parameterHint")}
              />
              <TextField name={`${p}.architecture`} label={t("proposal.architecture")} register={register} errors={errors} required />
              <div className="field">
                <Label htmlFor={`models-${i}-approach`} text={t("proposal.approach")} required />
                <select id={`models-${i}-approach`} aria-required="true" aria-invalid={!!errorAt(errors, `${p}.approach`)} aria-describedby={`models-${i}-approach-error`} {...register(`models.${i}.approach` as const)}>
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
                  <TextField name={`${p}.baseModel.name`} label={t("proposal.baseName")} register={register} errors={errors} required />
                  <TextField name={`${p}.baseModel.developer`} label={t("proposal.baseDeveloper")} register={register} errors={errors} required />
                  <CountryField index={i} countries={countries} current={m?.baseModel?.country ?? ""} register={register} errors={errors} label={t("proposal.baseCountry")} choose={t("proposal.countryChoose")} />
                  <TextField name={`${p}.baseModel.license`} label={t("proposal.baseLicense")} register={register} errors={errors} required />
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

/** The base model's country: names to choose from, the ISO 3166-1 alpha-2 code stored ("KR" is domestic). */
function CountryField({ index, countries, current, register, errors, label, choose }: { index: number; countries: { code: string; name: string }[]; current: string; register: UseFormRegister<FormValues>; errors: FieldErrors<FormValues>; label: string; choose: string }) {
  const id = `models-${index}-baseModel-country`;
  const name = `models.${index}.baseModel.country`;
  const err = errorAt(errors, name);
  // An older draft may hold a typed value that is not a code: it stays visible until another is chosen.
  const code = current.trim().toUpperCase();
  const unknown = code !== "" && !countries.some((c) => c.code === code) ? current : null;
  return (
    <div className="field">
      <Label htmlFor={id} text={label} required />
      <select id={id} aria-required="true" aria-invalid={!!err} aria-describedby={`${id}-error`} {...register(name as never)}>
        <option value="">{choose}</option>
        {unknown !== null && <option value={unknown}>{unknown}</option>}
        {countries.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </select>
      <FieldMessage id={`${id}-error`} error={err} />
    </div>
  );
}
