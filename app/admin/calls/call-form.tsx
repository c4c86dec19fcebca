"use client";

import { particle } from "@/lib/text/particle";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useFieldArray, useForm, useWatch, type Path } from "react-hook-form";
import { useLocale, useTranslations } from "use-intl";
import type { z } from "zod";
import { createCallSchema } from "@/lib/calls/schemas";
import { ATTACHMENT_KINDS } from "@/lib/calls/rules";
import { formatKrwKo } from "@/lib/money";
import { parseAmount } from "@/lib/amounts";
import { FieldMessage, FormAlert, sendJson, type ApiError } from "../../_components/form-kit";
import { Field, fieldProps } from "../../(applicant)/consortia/_components/fields";
import { useConfirm } from "../../_components/confirm-dialog";
import { fromKstInput, toKstInput } from "../reviews/format";
import { KstDateTimeInput } from "../kst-datetime-input";

export type CallFormValues = z.input<typeof createCallSchema>;
type Output = z.output<typeof createCallSchema>;

const num = { setValueAs: (v: unknown) => (v === "" || v === null || v === undefined ? Number.NaN : Number(v)) };
/** Amounts as typed ("1,936억", "500억 원"): the one parser, lib/amounts.ts. */
const amount = { setValueAs: parseAmount };

/** An instant's form value: the KST wall-clock time with its offset written out, as the server parses it. */
const kstIso = (v: string) => (v ? `${v.length === 16 ? `${v}:00` : v}+09:00` : "");

const EMPTY_CALL: CallFormValues = {
  slug: "",
  titleKo: "",
  titleEn: "",
  ministryKo: "과학기술정보통신부",
  ministryEn: "Ministry of Science and ICT",
  summaryKo: "",
  summaryEn: "",
  totalBudget: null as unknown as number,
  opensAt: "",
  closesAt: "",
  isDemo: false,
  rubric: [{ key: "", labelKo: "", labelEn: "", maxPoints: 100, weight: 100 }],
  rules: { onePerLeadOrganization: true, onePerConsortium: true, maxRequestKrw: null, requiredAttachments: ["BUSINESS_PLAN", "CONSORTIUM_AGREEMENT"] },
  reviewOpensAt: null,
  reviewClosesAt: null,
};

/** Creates a call (no callId) or edits one; the edit sends only what changed, so the audit row says what moved. */
export function CallForm({ callId, initial = EMPTY_CALL }: { callId?: string; initial?: CallFormValues }) {
  const t = useTranslations("adminSettings");
  const te = useTranslations("enums");
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<Record<string, unknown> | null>(null);
  const { register, control, handleSubmit, setError: setFieldError, formState, reset, getValues } = useForm<CallFormValues, unknown, Output>({
    resolver: zodResolver(createCallSchema),
    defaultValues: initial,
  });
  const { errors, isSubmitting } = formState;
  const rubric = useFieldArray({ control, name: "rubric" });
  const tc = useTranslations("confirm");
  const [confirm, dialog] = useConfirm();
  // A criterion with anything written in it is deleted only after asking; a blank new row goes at once.
  async function removeCriterion(i: number) {
    const r = getValues(`rubric.${i}`);
    const label = (locale === "en" ? r?.labelEn || r?.labelKo : r?.labelKo || r?.labelEn) || r?.key || "";
    if (label.trim()) {
      const body = <p>{tc("deleteCriterionBody", { n: i + 1, label, eul: particle(label, "을/를"), max: String(r?.maxPoints ?? "–"), weight: String(r?.weight ?? "–") })}</p>;
      if (!(await confirm({ title: tc("deleteCriterionTitle"), body, confirmLabel: tc("deleteCriterionYes") }))) return;
    }
    rubric.remove(i);
  }
  const budget = useWatch({ control, name: "totalBudget" });
  const rows = useWatch({ control, name: "rubric" });
  const weightTotal = (rows ?? []).reduce((s, r) => s + (Number.isFinite(r?.weight) ? Number(r.weight) : 0), 0);

  async function send(body: Record<string, unknown>) {
    setError(null);
    setNotice(null);
    const r = callId
      ? await sendJson<{ id: string }>("PATCH", `/api/v1/admin/calls/${callId}`, body, { "accept-language": locale })
      : await sendJson<{ id: string }>("POST", "/api/v1/admin/calls", body, { "accept-language": locale });
    if (r.ok) {
      setPending(null);
      if (!callId) return router.push(`/admin/calls/${r.data.id}`);
      setNotice(t("saved"));
      reset(undefined, { keepValues: true });
      router.refresh();
      return;
    }
    // The server asks before moving a cutoff that submitted proposals were judged against.
    if (r.status === 409 && r.error.fields?.closesAt && !body.confirmCutoffChange) {
      setPending(body);
      return;
    }
    setError(r.error);
    Object.entries(r.error.fields ?? {}).forEach(([field, message], i) => setFieldError(field as Path<CallFormValues>, { message }, { shouldFocus: i === 0 }));
  }

  const onSubmit = handleSubmit(async () => {
    // Send the form's own values (ISO strings), not the parsed Dates.
    const values = getValues();
    if (!callId) return send(values as unknown as Record<string, unknown>);
    const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(initial[k as keyof CallFormValues])));
    if (!Object.keys(changed).length) return setNotice(t("noChanges"));
    return send(changed);
  });

  const instant = (name: "opensAt" | "closesAt" | "reviewOpensAt" | "reviewClosesAt", nullable: boolean) => (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => {
        const shown = field.value ? toKstInput(field.value) : "";
        const d = shown ? fromKstInput(shown) : null;
        const id = `call-${name}`;
        return (
          <div className="field">
            <KstDateTimeInput
              id={id}
              label={t(`field_${name}`)}
              value={shown}
              onChange={(v) => field.onChange(v ? kstIso(v) : nullable ? null : "")}
              invalid={Boolean(fieldState.error)}
              describedBy={`${id}-hint ${id}-error`}
              testId={id}
              inputRef={field.ref}
            />
            <span className="muted utc" id={`${id}-hint`} data-testid={`${id}-utc`}>
              {d ? t("utcIs", { utc: d.toISOString() }) : nullable ? t("unset") : t("kstHint")}
            </span>
            <FieldMessage id={`${id}-error`} error={fieldState.error} />
          </div>
        );
      }}
    />
  );

  const rubricError = (errors.rubric as { root?: { message?: string }; message?: string } | undefined)?.root ?? (errors.rubric as { message?: string } | undefined);

  return (
    <form className="form-grid call-form" style={{ gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 340px), 1fr))" }} onSubmit={onSubmit} noValidate data-testid="call-form">
      <Field id="call-slug" label={t("field_slug")} hint={t("slugHint")} error={errors.slug}>
        <input {...fieldProps("call-slug", errors.slug, true)} {...register("slug")} data-testid="call-slug" />
      </Field>
      <label className="check" style={{ alignSelf: "end" }}>
        <input type="checkbox" {...register("isDemo")} data-testid="call-isDemo" /> {t("field_isDemo")}
      </label>
      <Field id="call-titleKo" label={t("field_titleKo")} error={errors.titleKo}>
        <input {...fieldProps("call-titleKo", errors.titleKo)} {...register("titleKo")} data-testid="call-titleKo" />
      </Field>
      <Field id="call-titleEn" label={t("field_titleEn")} error={errors.titleEn}>
        <input {...fieldProps("call-titleEn", errors.titleEn)} {...register("titleEn")} data-testid="call-titleEn" />
      </Field>
      <Field id="call-ministryKo" label={t("field_ministryKo")} error={errors.ministryKo}>
        <input {...fieldProps("call-ministryKo", errors.ministryKo)} {...register("ministryKo")} />
      </Field>
      <Field id="call-ministryEn" label={t("field_ministryEn")} error={errors.ministryEn}>
        <input {...fieldProps("call-ministryEn", errors.ministryEn)} {...register("ministryEn")} />
      </Field>
      <Field id="call-summaryKo" label={t("field_summaryKo")} error={errors.summaryKo} className="span-all">
        <textarea rows={3} {...fieldProps("call-summaryKo", errors.summaryKo)} {...register("summaryKo")} />
      </Field>
      <Field id="call-summaryEn" label={t("field_summaryEn")} error={errors.summaryEn} className="span-all">
        <textarea rows={3} {...fieldProps("call-summaryEn", errors.summaryEn)} {...register("summaryEn")} />
      </Field>
      <Field id="call-totalBudget" label={t("field_totalBudget")} hint={Number.isSafeInteger(budget) && Number(budget) > 0 ? `= ${formatKrwKo(Number(budget))}` : t("krwHint")} error={errors.totalBudget}>
        <input autoComplete="off" {...fieldProps("call-totalBudget", errors.totalBudget, true)} {...register("totalBudget", amount)} data-testid="call-totalBudget" />
      </Field>
      <div />
      {instant("opensAt", false)}
      {instant("closesAt", false)}

      <fieldset className="group span-all" data-testid="rubric-editor">
        <legend>{t("rubric")}</legend>
        <div className="table-wrap" tabIndex={0}>
          <table className="rubric-table">
            <thead>
              <tr>
                <th scope="col">{t("rubricKey")}</th>
                <th scope="col">{t("rubricLabelKo")}</th>
                <th scope="col">{t("rubricLabelEn")}</th>
                <th scope="col" className="num">{t("rubricMaxPoints")}</th>
                <th scope="col" className="num">{t("rubricWeight")}</th>
                <th scope="col"><span className="sr-only">{t("rubricRemove")}</span></th>
              </tr>
            </thead>
            <tbody>
              {rubric.fields.map((f, i) => {
                const e = errors.rubric?.[i];
                const cell = (name: "key" | "labelKo" | "labelEn", label: string) => (
                  <td>
                    <input style={{ width: "100%", minWidth: name === "key" ? "8em" : "7em" }} aria-label={`${label} ${i + 1}`} {...fieldProps(`rubric-${i}-${name}`, e?.[name])} {...register(`rubric.${i}.${name}`)} data-testid={`rubric-${name}`} />
                    <FieldMessage id={`rubric-${i}-${name}-error`} error={e?.[name]} />
                  </td>
                );
                const numCell = (name: "maxPoints" | "weight", label: string) => (
                  <td className="num">
                    <input type="number" min={1} max={100} step={1} style={{ width: "4.5em" }} aria-label={`${label} ${i + 1}`} {...fieldProps(`rubric-${i}-${name}`, e?.[name])} {...register(`rubric.${i}.${name}`, num)} data-testid={`rubric-${name}`} />
                    <FieldMessage id={`rubric-${i}-${name}-error`} error={e?.[name]} />
                  </td>
                );
                return (
                  <tr key={f.id} data-testid="rubric-row">
                    {cell("key", t("rubricKey"))}
                    {cell("labelKo", t("rubricLabelKo"))}
                    {cell("labelEn", t("rubricLabelEn"))}
                    {numCell("maxPoints", t("rubricMaxPoints"))}
                    {numCell("weight", t("rubricWeight"))}
                    <td>
                      <button type="button" className="button secondary nowrap" style={{ padding: "6px 10px" }} disabled={rubric.fields.length <= 1} onClick={() => void removeCriterion(i)} data-testid="rubric-remove">
                        {t("rubricRemove")}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <td colSpan={4} className="num">{t("rubricWeightTotal")}</td>
                <td className="num">
                  <strong className={weightTotal === 100 ? "status-ok" : "status-warn"} data-testid="rubric-weight-total">
                    {weightTotal}
                  </strong>
                  <span className="muted"> / 100</span>
                </td>
                <td />
              </tr>
            </tfoot>
          </table>
        </div>
        <FieldMessage id="rubric-error" error={rubricError} />
        <div className="actions" style={{ marginTop: 8 }}>
          <button type="button" className="button secondary" disabled={rubric.fields.length >= 20} onClick={() => rubric.append({ key: "", labelKo: "", labelEn: "", maxPoints: 10, weight: 0 })} data-testid="rubric-add">
            {t("rubricAdd")}
          </button>
        </div>
        {dialog}
      </fieldset>

      <fieldset className="group span-all" data-testid="rules-editor">
        <legend>{t("rules")}</legend>
        <p className="muted" style={{ margin: "0 0 4px" }}>{t("requiredAttachments")}</p>
        <div className="actions">
          {ATTACHMENT_KINDS.map((k) => (
            <label key={k} className="check">
              <input type="checkbox" value={k} {...register("rules.requiredAttachments")} /> {te(`attachmentKind.${k}`)}
            </label>
          ))}
        </div>
        <div className="form-grid" style={{ marginTop: 8 }}>
          <Field id="call-maxRequest" label={t("field_maxRequestKrw")} hint={t("maxRequestHint")} error={(errors.rules as { maxRequestKrw?: { message?: string } } | undefined)?.maxRequestKrw}>
            <input autoComplete="off" {...fieldProps("call-maxRequest", (errors.rules as { maxRequestKrw?: { message?: string } } | undefined)?.maxRequestKrw as never, true)} {...register("rules.maxRequestKrw", amount)} />
          </Field>
          <label className="check" style={{ alignSelf: "center" }}>
            <input type="checkbox" {...register("rules.onePerLeadOrganization")} /> {t("field_onePerLead")}
          </label>
        </div>
      </fieldset>

      <fieldset className="group span-all">
        <legend>{t("reviewRound")}</legend>
        <div className="form-grid">
          {instant("reviewOpensAt", true)}
          {instant("reviewClosesAt", true)}
        </div>
      </fieldset>

      <fieldset className="group span-all" data-testid="contact-editor">
        <legend>{t("contact")}</legend>
        <p className="muted" style={{ margin: "0 0 4px" }}>{t("contactHint")}</p>
        <div className="form-grid">
          <Field id="call-contactDepartment" label={t("field_contactDepartment")} error={errors.contactDepartment}>
            <input autoComplete="off" {...fieldProps("call-contactDepartment", errors.contactDepartment)} {...register("contactDepartment")} data-testid="call-contactDepartment" />
          </Field>
          <Field id="call-contactPhone" label={t("field_contactPhone")} hint={t("phoneHint")} error={errors.contactPhone}>
            <input type="tel" autoComplete="off" {...fieldProps("call-contactPhone", errors.contactPhone, true)} {...register("contactPhone")} data-testid="call-contactPhone" />
          </Field>
          <Field id="call-contactEmail" label={t("field_contactEmail")} error={errors.contactEmail}>
            <input type="email" autoComplete="off" {...fieldProps("call-contactEmail", errors.contactEmail)} {...register("contactEmail")} data-testid="call-contactEmail" />
          </Field>
        </div>
      </fieldset>

      <FormAlert error={error} />
      {pending && (
        <div className="alert alert-warn span-all" role="alertdialog" aria-labelledby="cutoff-confirm-text" data-testid="cutoff-confirm">
          <p id="cutoff-confirm-text">
            <strong>{t("cutoffConfirm")}</strong>
          </p>
          <div className="actions">
            <button type="button" className="button" disabled={isSubmitting} onClick={() => void send({ ...pending, confirmCutoffChange: true })} data-testid="cutoff-confirm-yes">
              {t("cutoffConfirmYes")}
            </button>
            <button type="button" className="button secondary" onClick={() => setPending(null)} data-testid="cutoff-confirm-no">
              {t("cutoffConfirmNo")}
            </button>
          </div>
        </div>
      )}
      {notice && (
        <p className="alert alert-ok span-all" role="status" data-testid="call-saved">
          {notice}
        </p>
      )}
      <div className="span-all actions">
        <button className="button" type="submit" disabled={isSubmitting} data-testid="call-save">
          {callId ? t("save") : t("create")}
        </button>
      </div>
    </form>
  );
}
