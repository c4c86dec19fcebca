"use client";

import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import { ExportButtons } from "./export-buttons";

/** The form fields that decide what an export holds (sort and page size do not). */
export const SCOPE_FIELDS = ["callId", "status", "approach", "flagged", "leadType", "q"] as const;
export type ScopeValues = Record<(typeof SCOPE_FIELDS)[number], string>;

/** The filter form's scope fields as they stand now. */
function formScope(form: HTMLFormElement): ScopeValues {
  const data = new FormData(form);
  return Object.fromEntries(SCOPE_FIELDS.map((k) => [k, String(data.get(k) ?? "").trim()])) as ScopeValues;
}

/**
 * The export card (issue 12 item 14): it states the scope the buttons export — the applied call,
 * conditions and row count, as the server computed them — and disables the buttons while the filter
 * form (`formId`) shows anything else, until 조회 applies it.
 */
export function ExportCard({
  formId,
  applied,
  callTitle,
  conditions,
  rows,
  query,
  blocked,
  children,
}: {
  formId: string;
  applied: ScopeValues;
  callTitle: string;
  conditions: string[];
  rows: number;
  query: string;
  /** The applied filter cannot be exported (drafts): the buttons stay off whatever the form says. */
  blocked: boolean;
  children?: React.ReactNode;
}) {
  const t = useTranslations("consoleLists");
  const [stale, setStale] = useState(false);
  useEffect(() => {
    const form = document.getElementById(formId);
    if (!(form instanceof HTMLFormElement)) return;
    const check = () => {
      const now = formScope(form);
      setStale(SCOPE_FIELDS.some((k) => now[k] !== applied[k]));
    };
    const onReset = () => setTimeout(check);
    check();
    form.addEventListener("input", check);
    form.addEventListener("change", check);
    form.addEventListener("reset", onReset);
    return () => {
      form.removeEventListener("input", check);
      form.removeEventListener("change", check);
      form.removeEventListener("reset", onReset);
    };
  }, [formId, applied]);

  return (
    <section className="card export-card" aria-labelledby="h-exports" data-testid="export-card" data-stale={stale ? "true" : "false"} data-rows={rows} data-call-id={applied.callId}>
      <h2 id="h-exports">{t("scopeTitle")}</h2>
      <dl className="export-scope" data-testid="export-scope">
        <dt>{t("scopeCall")}</dt>
        <dd data-testid="export-scope-call">{callTitle}</dd>
        <dt>{t("scopeFilters")}</dt>
        <dd data-testid="export-scope-filters">
          {conditions.length ? (
            <ul>
              {conditions.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          ) : (
            t("scopeNoFilters")
          )}
        </dd>
        <dt>{t("scopeRows")}</dt>
        <dd data-testid="export-scope-rows">{t("scopeRowsValue", { count: rows })}</dd>
      </dl>
      {children}
      {stale && (
        <p className="alert alert-warn" role="status" data-testid="export-stale">
          {t("scopeStale")}
        </p>
      )}
      {!blocked && rows === 0 && !stale && <p className="muted">{t("scopeEmpty")}</p>}
      <ExportButtons query={query} disabled={blocked || stale} />
    </section>
  );
}
