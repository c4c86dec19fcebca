"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useLocale, useTranslations } from "use-intl";
import type { ProposalView } from "@/lib/proposals/get-proposal";
import type { ReadinessItem } from "@/lib/proposals/readiness";
import { formatKstDateTime } from "@/lib/time/kst";
import type { ProposalDraft } from "@/lib/proposals/content";
import { formatBytes } from "@/lib/storage/size";
import { FormAlert, sendJson, type ApiError } from "../../../_components/form-kit";
import { useConfirm } from "../../../_components/confirm-dialog";
import { stepOf, type Step } from "./draft-form";
import { useMoney, type OrgRow } from "./proposal-editor";

const FIELD_LABELS: Record<string, string> = {
  titleKo: "titleKo",
  titleEn: "titleEn",
  summary: "summary",
  durationMonths: "durationMonths",
  requestedBudgetKrw: "requestedBudget",
  name: "modelName",
  parameterCount: "parameterCount",
  architecture: "architecture",
  approach: "approach",
  baseModel: "baseModel",
  developer: "baseDeveloper",
  country: "baseCountry",
  license: "baseLicense",
  pretrainingTokens: "pretrainingTokens",
  gpuHours: "gpuHours",
  computePlan: "computePlan",
  dataPlan: "dataPlan",
  accurate: "declAccurate",
  noDuplicateFunding: "declNoDuplicate",
  privacyConsent: "declPrivacy",
  models: "models",
};

/** What the submission will contain, as the applicant last saved it: asked about before 제출. */
function SubmitSummary({ view, organizations }: { view: ProposalView; organizations: OrgRow[] }) {
  const t = useTranslations();
  const locale = useLocale() as "ko" | "en";
  const money = useMoney();
  const draft = (view.draft ?? {}) as Partial<ProposalDraft>;
  const models = draft.models ?? [];
  const budget = draft.overview?.requestedBudgetKrw;
  const count = (n: number) => new Intl.NumberFormat(locale === "en" ? "en" : "ko-KR", { notation: "compact", maximumFractionDigits: 2 }).format(n);
  return (
    <div data-testid="submit-summary">
      <h3>{t("confirm.summaryModels")}</h3>
      {models.length === 0 ? (
        <p className="muted">{t("confirm.summaryNoModels")}</p>
      ) : (
        <ul data-testid="summary-models">
          {models.map((m, i) => (
            <li key={i}>
              <strong>{t("confirm.summaryModelLine", { n: i + 1, name: m.name || t("confirm.unnamed") })}</strong>
              {typeof m.parameterCount === "number" && <> · {t("confirm.summaryParameters", { count: count(m.parameterCount) })}</>}
              {m.approach && <> · {t(`enums.approach.${m.approach}`)}</>}
            </li>
          ))}
        </ul>
      )}
      <h3>{t("confirm.summaryBudget")}</h3>
      <p data-testid="summary-budget">{typeof budget === "number" ? money(budget) : "—"}</p>
      <h3>{t("confirm.summaryAttachments")}</h3>
      {view.attachments.length === 0 ? (
        <p className="muted">{t("confirm.summaryNoAttachments")}</p>
      ) : (
        <ul data-testid="summary-attachments">
          {view.attachments.map((a) => (
            <li key={a.id}>
              {t(`enums.attachmentKind.${a.kind}` as never)} · {a.fileName} · {formatBytes(a.size)}
            </li>
          ))}
        </ul>
      )}
      <h3>{t("confirm.summaryOrganizations")}</h3>
      <ul data-testid="summary-organizations">
        {organizations.map((o) => (
          <li key={o.id}>
            {t(`enums.orgRole.${o.role}`)} · {o.name} · {money(o.budgetShareKrw)}
          </li>
        ))}
      </ul>
      <p className="muted">{t("confirm.summaryVersionNote", { n: view.versions.length + 1 })}</p>
      <p>
        <strong>{t("confirm.submitQuestion")}</strong>
      </p>
    </div>
  );
}

export function SubmitPanel({ view, organizations, closed, dirty, draftVersion, onGo, onClosed, onChanged }: { view: ProposalView; organizations: OrgRow[]; closed: boolean; dirty: boolean; draftVersion: number; onGo: (s: Step) => void; onClosed: () => void; onChanged: () => Promise<unknown> }) {
  const t = useTranslations();
  const locale = useLocale() as "ko" | "en";
  const money = useMoney();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [confirm, dialog] = useConfirm();
  // One key per draft version and page load: a double click or a retry cannot make two versions.
  const nonce = useRef(crypto.randomUUID());
  const isOwner = view.myRole === "OWNER";
  const lastVersion = view.versions[0];
  const changedSince = lastVersion && lastVersion.draftVersion !== draftVersion;

  const label = (item: Extract<ReadinessItem, { code: "FIELD_INVALID" }>) => {
    const parts = item.field.split(".");
    const step = stepOf(item.field);
    const last = [...parts].reverse().find((p) => !/^\d+$/.test(p)) ?? parts[0]!;
    const key = FIELD_LABELS[parts[0] === "models" && last === "name" && parts.includes("baseModel") ? "baseName" : last] ?? last;
    const n = parts[0] === "models" && parts[1] && /^\d+$/.test(parts[1]) ? `${t("proposal.model", { n: Number(parts[1]) + 1 })} · ` : "";
    const text = t.has(`proposal.${key}` as never) ? t(`proposal.${key}` as never) : key;
    const message = t.has(`fields.${item.message}` as never) ? t(`fields.${item.message}` as never) : item.message;
    return { step, text: t("proposal.rFIELD_INVALID", { step: t(`proposal.step${step[0]!.toUpperCase()}${step.slice(1)}` as never), field: n + text, message }) };
  };

  const describe = (item: ReadinessItem): { text: string; step?: Step } => {
    switch (item.code) {
      case "FIELD_INVALID":
        return label(item);
      case "ATTACHMENT_MISSING":
        return { text: t("proposal.rATTACHMENT_MISSING", { kind: t(`enums.attachmentKind.${item.kind}`) }), step: "attachments" };
      case "ORG_UNCONFIRMED":
        return { text: t(item.hasMember ? "proposal.rORG_UNCONFIRMED" : "proposal.rORG_UNCONFIRMED_NO_MEMBER", { organization: item.organization }), step: "consortium" };
      case "BUDGET_SPLIT_MISMATCH":
        return { text: t("proposal.rBUDGET_SPLIT_MISMATCH", { split: money(item.splitKrw), requested: money(item.requestedKrw) }), step: "consortium" };
      case "BUDGET_OVER_LIMIT":
        return { text: t("proposal.rBUDGET_OVER_LIMIT", { requested: money(item.requestedKrw), limit: money(item.limitKrw) }), step: "overview" };
      case "INVITATION_PENDING":
        return { text: t("proposal.rINVITATION_PENDING", { email: item.email }), step: "consortium" };
    }
  };

  const submit = async () => {
    const resubmit = view.status === "SUBMITTED";
    const ok = await confirm({ title: t("confirm.submitTitle"), body: <SubmitSummary view={view} organizations={organizations} />, confirmLabel: t(resubmit ? "confirm.resubmitYes" : "confirm.submitYes"), tone: "primary", wide: true });
    if (!ok) return;
    setBusy(true);
    setError(null);
    const r = await sendJson<{ versionNo: number }>("POST", `/api/v1/proposals/${view.id}/submit`, { draftVersion }, { "idempotency-key": `${nonce.current}-${draftVersion}` });
    if (r.ok) return router.push(`/proposals/${view.id}/receipt/${r.data.versionNo}`);
    setBusy(false);
    if (r.error.code === "CALL_CLOSED") onClosed();
    setError(r.error);
    await onChanged();
  };

  const withdraw = async () => {
    if (!(await confirm({ title: t("confirm.withdrawTitle"), body: <p>{t("proposal.withdrawConfirm")}</p>, confirmLabel: t("confirm.withdrawYes") }))) return;
    setBusy(true);
    const r = await sendJson("POST", `/api/v1/proposals/${view.id}/withdraw`);
    setBusy(false);
    if (!r.ok) {
      if (r.error.code === "CALL_CLOSED") onClosed();
      return setError(r.error);
    }
    await onChanged();
    router.refresh();
  };

  const errors = view.readiness.items.filter((i) => i.severity === "error");
  const warnings = view.readiness.items.filter((i) => i.severity === "warning");
  return (
    <>
      <section className="card" aria-labelledby="h-ready" data-testid="readiness">
        <h2 id="h-ready">{t("proposal.readinessTitle")}</h2>
        {view.readiness.ready ? <p className="alert alert-ok">{t("proposal.readinessReady")}</p> : <p>{t("proposal.readinessItems")}</p>}
        <ul className="readiness">
          {[...errors, ...warnings].map((item, i) => {
            const d = describe(item);
            return (
              <li key={i} className={item.severity} data-code={item.code}>
                {d.step ? (
                  <button type="button" className="link-button" onClick={() => onGo(d.step!)}>
                    {d.text}
                  </button>
                ) : (
                  d.text
                )}
              </li>
            );
          })}
        </ul>
      </section>
      <section className="card" aria-labelledby="h-submit">
        <h2 id="h-submit">{t("proposal.stepSubmit")}</h2>
        <FormAlert error={error} />
        {view.status === "WITHDRAWN" && view.withdrawnAt && <p className="alert alert-info">{t("proposal.withdrawn", { at: formatKstDateTime(new Date(view.withdrawnAt), locale, true) })}</p>}
        {changedSince && view.status === "SUBMITTED" && <p className="alert alert-info">{t("proposal.draftChanged")}</p>}
        {!closed && isOwner && (
          <>
            <p className="muted">{t("proposal.submitHint")}</p>
            {dirty && <p className="field-error">{t("proposal.saveBeforeSubmit")}</p>}
            <div className="actions">
              <button type="button" className="button" disabled={busy || dirty || !view.readiness.ready} onClick={() => void submit()} data-testid="submit">
                {busy ? t("proposal.submitting") : view.status === "SUBMITTED" ? t("proposal.resubmit") : t("proposal.submit")}
              </button>
              {view.status === "SUBMITTED" && (
                <button type="button" className="button danger" disabled={busy} onClick={() => void withdraw()} data-testid="withdraw">
                  {t("proposal.withdraw")}
                </button>
              )}
            </div>
          </>
        )}
        {!closed && !isOwner && <p className="muted">{t("proposal.onlyOwnerSubmits")}</p>}
        {dialog}
        {view.versions.length > 0 && (
          <>
            <h3>{t("proposal.versions")}</h3>
            <div className="table-wrap" tabIndex={0}>
              <table data-testid="versions">
                <thead>
                  <tr>
                    <th>{t("proposal.version")}</th>
                    <th>{t("proposal.receiptNo")}</th>
                    <th>{t("proposal.submittedAt")}</th>
                    <th>SHA-256</th>
                  </tr>
                </thead>
                <tbody>
                  {view.versions.map((v) => (
                    <tr key={v.versionNo}>
                      <td>v{v.versionNo}</td>
                      <td>
                        <a href={`/proposals/${view.id}/receipt/${v.versionNo}`}>{v.receiptNo}</a>
                      </td>
                      <td>{formatKstDateTime(new Date(v.submittedAt), locale, true)}</td>
                      <td>
                        <code className="hash">{v.sha256.slice(0, 16)}…</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}
