"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import { useLocale, useTranslations } from "use-intl";
import { weightedTotal } from "@/lib/reviews/aggregate";
import { formatKstDateTime } from "@/lib/time/kst";
import { FieldMessage, FormAlert, sendJson, type ApiError } from "../../../_components/form-kit";
import { useConfirm } from "../../../_components/confirm-dialog";
import { points } from "./format";
import { reviewSchemas } from "@/lib/reviews/schemas";

export interface Criterion {
  key: string;
  labelKo: string;
  labelEn: string;
  maxPoints: number;
  weight: number;
}

type Values = { scores: Record<string, number | null>; comment: string; revisionReason?: string };
type Saved = { scores: Record<string, number>; comment: string | null; savedAt: string | null; submittedAt: string | null; othersSeenAt?: string | null };
interface OtherReview {
  reviewer: string;
  scores: Record<string, number>;
  comment: string | null;
  total: number;
  submittedAt: string;
  revisions: { revisedAt: string; reason: string }[];
}

/** "" → null (not scored yet); anything else → a number the schema judges (NaN, 2.5 and 31 are refused there). */
const parseScore = (v: unknown) => (v === "" || v === null || v === undefined ? null : Number(v));

/** Scores that count towards the live total: whole numbers within the criterion's range. */
function validScores(scores: Record<string, unknown> | undefined, rubric: Criterion[]) {
  const out: Record<string, number> = {};
  for (const c of rubric) {
    const v = scores?.[c.key];
    if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= c.maxPoints) out[c.key] = v;
  }
  return out;
}

export function ReviewForm({ assignmentId, rubric, initial, canWrite, reviewClosesAt, serverNow }: { assignmentId: string; rubric: Criterion[]; initial: Saved; canWrite: boolean; reviewClosesAt: string | null; serverNow: string }) {
  const t = useTranslations("review");
  const locale = useLocale() as "ko" | "en";
  const schemas = useMemo(() => reviewSchemas(rubric), [rubric]);
  const toValues = useCallback((s: Saved): Values => ({ scores: Object.fromEntries(rubric.map((c) => [c.key, s.scores[c.key] ?? null])), comment: s.comment ?? "", revisionReason: "" }), [rubric]);
  const { register, handleSubmit, control, getValues, setError: setFieldError, clearErrors, reset, formState } = useForm<Values>({
    resolver: zodResolver(schemas.final) as unknown as Resolver<Values>,
    mode: "onTouched",
    defaultValues: toValues(initial),
  });
  const [saved, setSaved] = useState(initial);
  const [busy, setBusy] = useState<"draft" | "submit" | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [readOnly, setReadOnly] = useState(!canWrite);
  const [othersKey, setOthersKey] = useState(0);
  const tc = useTranslations("confirm");
  const [confirm, dialog] = useConfirm();
  // Once the others' reviews have been shown, a change needs a written reason (decision 015).
  const [othersSeen, setOthersSeen] = useState(Boolean(initial.othersSeenAt));
  const needsReason = Boolean(saved.submittedAt) && othersSeen;
  const markSeen = useCallback(() => setOthersSeen(true), []);

  const scores = useWatch({ control, name: "scores" });
  const comment = useWatch({ control, name: "comment" }) ?? "";
  const counted = validScores(scores, rubric);
  const total = weightedTotal(counted, rubric);
  const missing = rubric.length - Object.keys(counted).length;
  const label = (c: Criterion) => (locale === "en" ? c.labelEn : c.labelKo);

  // Leaving with unsaved scores asks first.
  const dirty = formState.isDirty;
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (dirty) e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const put = async (values: Values, submit: boolean) => {
    setBusy(submit ? "submit" : "draft");
    setError(null);
    setNotice(null);
    const r = await sendJson<Saved & { total: number | null }>("PUT", `/api/v1/review/assignments/${assignmentId}`, { scores: values.scores, comment: values.comment, submit, ...(submit && needsReason ? { revisionReason: values.revisionReason ?? "" } : {}) });
    setBusy(null);
    if (!r.ok) {
      if (r.error.code === "REVIEW_NOT_OPEN") setReadOnly(true);
      // Server field keys are form paths ("scores.independence", "comment"); messages arrive localised.
      for (const [field, message] of Object.entries(r.error.fields ?? {})) setFieldError(field as "comment", { message });
      return setError(r.error);
    }
    setSaved((s) => ({ ...r.data, othersSeenAt: s.othersSeenAt }));
    reset(toValues(r.data));
    setNotice(submit ? t("reviewSubmitted") : t("draftSaved"));
    if (submit) setOthersKey((k) => k + 1);
  };

  // The final 제출 (and a resubmission) asks first, with the total it will record.
  const onSubmit = handleSubmit(
    async (values) => {
      const again = Boolean(saved.submittedAt);
      const shown = points(weightedTotal(validScores(values.scores, rubric), rubric), locale);
      const ok = await confirm({
        title: tc(again ? "reviewResubmitTitle" : "reviewSubmitTitle"),
        body: <p>{tc(again ? "reviewResubmitBody" : "reviewSubmitBody", { total: shown })}</p>,
        confirmLabel: tc(again ? "reviewResubmitYes" : "reviewSubmitYes"),
        tone: "primary",
      });
      if (ok) await put(values, true);
    },
    () => setError({ code: "VALIDATION_FAILED", message: "" }),
  );

  // A draft is checked against the draft schema (scores may be empty), not the resolver's final one.
  const saveDraft = async () => {
    clearErrors();
    setError(null);
    const { scores, comment } = getValues();
    const values = { scores, comment };
    const r = schemas.draft.safeParse(values);
    if (!r.success) {
      for (const issue of r.error.issues) setFieldError(issue.path.join(".") as "comment", { message: issue.message });
      return setError({ code: "VALIDATION_FAILED", message: "" });
    }
    await put(values, false);
  };

  const closed = reviewClosesAt && new Date(reviewClosesAt) <= new Date(serverNow);
  // "Check the fields" goes away once the marked fields are fixed.
  const shownError = error?.code === "VALIDATION_FAILED" && Object.keys(formState.errors).length === 0 ? null : error;
  return (
    <>
      <section className="card scoring" id="scoring" aria-labelledby="h-scoring" data-testid="scoring">
        <div className="scoring-head">
          <h2 id="h-scoring">{t("scoringTitle")}</h2>
          <p className={`review-state ${saved.submittedAt ? "status-ok" : "muted"}`} data-testid="review-state" data-state={saved.submittedAt ? "SUBMITTED" : saved.savedAt ? "SAVED" : "NONE"} aria-live="polite">
            {saved.submittedAt
              ? t("stateSubmitted", { at: formatKstDateTime(new Date(saved.submittedAt), locale, true) })
              : saved.savedAt
                ? t("stateSaved", { at: formatKstDateTime(new Date(saved.savedAt), locale, true) })
                : t("stateNone")}
          </p>
        </div>
        {readOnly ? (
          <p className="alert alert-info" data-testid="review-read-only">
            {closed ? t("readOnlyClosed", { at: formatKstDateTime(new Date(reviewClosesAt!), locale) }) : t("readOnly")}
          </p>
        ) : (
          <p className="muted">{t("scoringLead")}</p>
        )}
        {notice && (
          <p className="alert alert-ok" role="status" data-testid="review-notice">
            {notice}
          </p>
        )}
        <FormAlert error={shownError} />
        <form onSubmit={(e) => void onSubmit(e)} noValidate>
          <fieldset disabled={readOnly || busy !== null} className="plain">
            <ol className="criteria">
              {rubric.map((c) => {
                const id = `score-${c.key}`;
                const err = formState.errors.scores?.[c.key];
                const v = counted[c.key];
                return (
                  <li key={c.key} className="criterion">
                    <label htmlFor={id} className="criterion-label">
                      {t("criterionLabel", { label: label(c), max: c.maxPoints, weight: c.weight })}
                    </label>
                    <div className="criterion-input">
                      <input
                        id={id}
                        type="number"
                        inputMode="numeric"
                        min={0}
                        max={c.maxPoints}
                        step={1}
                        autoComplete="off"
                        aria-invalid={!!err}
                        aria-describedby={`${id}-hint ${id}-error`}
                        data-testid={id}
                        {...register(`scores.${c.key}`, { setValueAs: parseScore })}
                        // A wheel over a focused number input would silently change the score.
                        onWheel={(e) => e.currentTarget.blur()}
                      />
                      <span aria-hidden className="out-of">/ {c.maxPoints}</span>
                      <span className="muted contribution" id={`${id}-hint`}>
                        {t("criterionContribution", { points: v === undefined ? "–" : points((v / c.maxPoints) * c.weight, locale), weight: c.weight })}
                      </span>
                    </div>
                    <FieldMessage id={`${id}-error`} error={err} />
                  </li>
                );
              })}
            </ol>
            <div className="review-total" aria-live="polite">
              <span>{t("total")}</span>
              <strong data-testid="review-total" data-total={Math.round(total * 100) / 100}>
                {t("totalValue", { total: points(total, locale) })}
              </strong>
              {missing > 0 && <span className="muted">{t("totalIncomplete", { count: missing })}</span>}
            </div>
            <div className="field">
              <label htmlFor="review-comment">{t("comment")}</label>
              <span className="muted" id="review-comment-hint">
                {t("commentHint")} {t("commentLength", { count: comment.trim().length })}
              </span>
              <textarea id="review-comment" rows={6} aria-invalid={!!formState.errors.comment} aria-describedby="review-comment-hint review-comment-error" data-testid="review-comment" {...register("comment")} />
              <FieldMessage id="review-comment-error" error={formState.errors.comment} />
            </div>
            {!readOnly && needsReason && (
              <div className="field" data-testid="revision">
                <p className="alert alert-info" id="review-revision-notice">
                  {t("revisionNotice")}
                </p>
                <label htmlFor="review-revision">{t("revisionReason")}</label>
                <span className="muted" id="review-revision-hint">
                  {t("revisionReasonHint")}
                </span>
                <textarea id="review-revision" rows={3} aria-invalid={!!formState.errors.revisionReason} aria-describedby="review-revision-notice review-revision-hint review-revision-error" data-testid="revision-reason" {...register("revisionReason")} />
                <FieldMessage id="review-revision-error" error={formState.errors.revisionReason} />
              </div>
            )}
            {!readOnly && (
              <>
                <p className="muted">{saved.submittedAt ? (needsReason ? t("resubmitAfterReadingHint") : t("resubmitHint")) : t("draftHint")}</p>
                <div className="actions">
                  {/* After submitting, a "draft" would overwrite the submitted scores: only a new submission changes them. */}
                  {!saved.submittedAt && (
                    <button type="button" className="button secondary" onClick={() => void saveDraft()} data-testid="save-draft">
                      {busy === "draft" ? t("saving") : t("saveDraft")}
                    </button>
                  )}
                  <button type="submit" className="button" data-testid="submit-review">
                    {busy === "submit" ? t("submitting") : saved.submittedAt ? t("resubmit") : t("submit")}
                  </button>
                </div>
              </>
            )}
          </fieldset>
        </form>
        {dialog}
      </section>
      <OtherReviews assignmentId={assignmentId} rubric={rubric} mine={saved.submittedAt ? saved.scores : null} reloadKey={othersKey} onShown={markSeen} />
    </>
  );
}

function OtherReviews({ assignmentId, rubric, mine, reloadKey, onShown }: { assignmentId: string; rubric: Criterion[]; mine: Record<string, number> | null; reloadKey: number; onShown: () => void }) {
  const t = useTranslations("review");
  const locale = useLocale() as "ko" | "en";
  const [state, setState] = useState<{ kind: "loading" } | { kind: "error"; error: ApiError } | { kind: "ok"; reviews: OtherReview[] }>({ kind: "loading" });
  const submitted = mine !== null;

  const load = useCallback(async () => {
    setState({ kind: "loading" });
    const r = await sendJson<{ reviews: OtherReview[] }>("GET", `/api/v1/review/assignments/${assignmentId}/reviews`);
    setState(r.ok ? { kind: "ok", reviews: r.data.reviews } : { kind: "error", error: r.error });
    if (r.ok && r.data.reviews.length) onShown();
  }, [assignmentId, onShown]);

  useEffect(() => {
    if (submitted) void load();
  }, [submitted, load, reloadKey]);

  return (
    <section className="card" aria-labelledby="h-others" data-testid="other-reviews" data-state={!submitted ? "hidden" : state.kind === "ok" ? (state.reviews.length ? "shown" : "none") : state.kind}>
      <h2 id="h-others">{t("othersTitle")}</h2>
      {!submitted ? (
        <p className="muted">{t("othersHidden")}</p>
      ) : state.kind === "loading" ? (
        <p className="muted" aria-busy="true">…</p>
      ) : state.kind === "error" ? (
        <>
          <p className="alert alert-error">{t("othersLoadFailed")}</p>
          <FormAlert error={state.error} />
        </>
      ) : state.reviews.length === 0 ? (
        <>
          <p className="muted">{t("othersNone")}</p>
          <button type="button" className="button secondary small" onClick={() => void load()} data-testid="others-refresh">
            {t("refresh")}
          </button>
        </>
      ) : (
        <>
          <p className="muted">{t("othersAnonymous")}</p>
          <div className="table-wrap" tabIndex={0}>
            <table className="others-table">
              <thead>
                <tr>
                  <th scope="col">{t("criterion")}</th>
                  <th scope="col" className="num">
                    {t("me")}
                  </th>
                  {state.reviews.map((r) => (
                    <th scope="col" className="num" key={r.reviewer}>
                      {t("reviewer", { letter: r.reviewer })}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rubric.map((c) => (
                  <tr key={c.key}>
                    <th scope="row">
                      {locale === "en" ? c.labelEn : c.labelKo} <span className="muted">/ {c.maxPoints}</span>
                    </th>
                    <td className="num">{mine![c.key] ?? "–"}</td>
                    {state.reviews.map((r) => (
                      <td className="num" key={r.reviewer} data-testid={`other-${r.reviewer}-${c.key}`}>
                        {r.scores[c.key] ?? "–"}
                      </td>
                    ))}
                  </tr>
                ))}
                <tr className="total-row">
                  <th scope="row">{t("total")}</th>
                  <td className="num">{points(weightedTotal(mine!, rubric), locale)}</td>
                  {state.reviews.map((r) => (
                    <td className="num" key={r.reviewer} data-testid={`other-${r.reviewer}-total`}>
                      {points(r.total, locale)}
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
          <ul className="other-comments">
            {state.reviews.map((r) => (
              <li key={r.reviewer} data-testid={`other-${r.reviewer}`}>
                <p className="other-comment-head">
                  <strong>{t("reviewer", { letter: r.reviewer })}</strong> <span className="muted">{formatKstDateTime(new Date(r.submittedAt), locale)}</span>
                </p>
                <p className="prewrap">{r.comment}</p>
                {r.revisions.map((v) => (
                  <p key={v.revisedAt} className="alert alert-warn small" data-testid={`other-${r.reviewer}-revision`}>
                    {t("otherRevised", { at: formatKstDateTime(new Date(v.revisedAt), locale), reason: v.reason })}
                  </p>
                ))}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
