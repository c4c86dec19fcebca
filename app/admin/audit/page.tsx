import Link from "next/link";
import { forbidden } from "next/navigation";
import { listAuditEvents } from "@/lib/audit/list";
import { auditActionLabel, auditDetails } from "@/lib/audit/labels";
import { KstDateTimeInput } from "../kst-datetime-input";
import { isAppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { formatKstDateTime } from "@/lib/time/kst";
import { requirePageActor } from "../../_components/guard";
import { fromKstInput } from "../reviews/format";
import { VerifyChainButton } from "./verify-button";
import { pageTitle } from "@/app/_components/metadata";

const ENTITY_TYPES = ["CALL", "CONSORTIUM", "PROPOSAL", "REVIEW", "USER", "SIGNIN", "SYSTEM"] as const;
const KEYS = ["actorEmail", "action", "entityType", "entityId", "from", "to"] as const;
type Sp = Record<string, string | string[] | undefined>;

const one = (sp: Sp, k: string) => {
  const v = sp[k];
  return (Array.isArray(v) ? v[0] : v) ?? "";
};

/** The page's URL with some filters replaced; blanks are left out so links stay short. */
function href(current: Record<string, string>, change: Record<string, string>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...current, ...change })) if (v) q.set(k, v);
  const s = q.toString();
  return `/admin/audit${s ? `?${s}` : ""}`;
}

function AuditData({ data, locale }: { data: unknown; locale: "ko" | "en" }) {
  const lines = auditDetails(data, locale);
  if (!lines.length) return <span className="muted">—</span>;
  return (
    <dl className="audit-details">
      {lines.map((l) => (
        <div key={l.key} style={{ display: "contents" }}>
          <dt>{l.label}</dt>
          <dd>{l.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export const generateMetadata = pageTitle("adminSettings.auditTitle");

export default async function AuditPage({ searchParams }: { searchParams: Promise<Sp> }) {
  const actor = await requirePageActor("/admin/audit");
  const sp = await searchParams;
  const { locale, t } = await getT();
  const filters = Object.fromEntries(KEYS.map((k) => [k, one(sp, k)])) as Record<(typeof KEYS)[number], string>;
  const page = one(sp, "page");
  // The form's from/to are KST wall-clock times; the service takes instants.
  const from = filters.from ? fromKstInput(filters.from) : null;
  const to = filters.to ? fromKstInput(filters.to) : null;
  let result;
  try {
    result = await listAuditEvents(actor, { ...filters, from: from?.toISOString() ?? "", to: to?.toISOString() ?? "", page: page || undefined, take: 50 });
  } catch (e) {
    if (isAppError(e) && e.code === "FORBIDDEN") forbidden();
    if (isAppError(e) && e.code === "VALIDATION_FAILED") result = null;
    else throw e;
  }
  const current = { ...filters, ...(page ? { page } : {}) };
  const input = (name: (typeof KEYS)[number], label: string, type = "text") => (
    <label>
      {label}
      <input name={name} type={type} defaultValue={filters[name]} data-testid={`audit-filter-${name}`} />
    </label>
  );

  return (
    <>
      <h1>{t("adminSettings.auditTitle")}</h1>
      <p className="lead">{t("adminSettings.auditLead")}</p>
      <form method="get" className="form-grid audit-filters card" data-testid="audit-filters">
        {input("actorEmail", t("adminSettings.filterActor"))}
        {input("action", t("adminSettings.filterAction"))}
        <label>
          {t("adminSettings.filterEntityType")}
          <select name="entityType" defaultValue={filters.entityType} data-testid="audit-filter-entityType">
            <option value="">{t("adminSettings.any")}</option>
            {ENTITY_TYPES.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </label>
        {input("entityId", t("adminSettings.filterEntityId"))}
        <KstDateTimeInput name="from" label={t("adminSettings.filterFrom")} value={from ? filters.from.slice(0, 16) : ""} testId="audit-filter-from" timeOptional />
        <KstDateTimeInput name="to" label={t("adminSettings.filterTo")} value={to ? filters.to.slice(0, 16) : ""} testId="audit-filter-to" timeOptional />
        <div className="actions span-all">
          <button className="button" type="submit" data-testid="audit-filter-submit">
            {t("common.search")}
          </button>
          <Link href="/admin/audit" className="button secondary">
            {t("adminSettings.clearFilters")}
          </Link>
        </div>
      </form>
      {!result ? (
        <p className="alert alert-error" role="alert">{t("adminSettings.filterInvalid")}</p>
      ) : result.events.length === 0 ? (
        <p data-testid="audit-empty">{t("adminSettings.auditEmpty")}</p>
      ) : (
        <>
          <p className="muted" data-testid="audit-total">{t("adminSettings.auditTotal", { total: result.total, page: result.page, pages: result.pages })}</p>
          <div className="table-wrap" tabIndex={0}>
            <table className="audit-table" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t("adminSettings.colTime")}</th>
                  <th scope="col">{t("adminSettings.colActor")}</th>
                  <th scope="col">{t("adminSettings.colAction")}</th>
                  <th scope="col">{t("adminSettings.colEntity")}</th>
                  <th scope="col">{t("adminSettings.colData")}</th>
                  <th scope="col">{t("adminSettings.colRecord")}</th>
                </tr>
              </thead>
              <tbody>
                {result.events.map((e) => (
                  <tr key={e.id} data-testid="audit-row" data-action={e.action} data-entity-type={e.entityType} data-entity-id={e.entityId}>
                    <td style={{ minWidth: "8.5em" }}>{formatKstDateTime(new Date(e.createdAt), locale, true)}</td>
                    <td className="break" style={{ minWidth: "8em" }}>{e.actorEmail ? <Link href={href({}, { actorEmail: e.actorEmail })}>{e.actorEmail}</Link> : <span className="muted">—</span>}</td>
                    <td style={{ minWidth: "8em" }}>
                      <span data-testid="audit-action">{auditActionLabel(e.action, locale)}</span>
                      <div className="muted" style={{ fontSize: "0.78rem" }}>
                        <code>{e.action}</code>
                      </div>
                    </td>
                    <td className="nowrap">
                      <Link href={href({}, { entityType: e.entityType, entityId: e.entityId })} data-testid="audit-entity-link">
                        {e.entityType} <span className="muted" title={e.entityId}>{e.entityId.length > 13 ? `${e.entityId.slice(0, 8)}…` : e.entityId}</span>
                      </Link>
                      <div>
                        <VerifyChainButton entityType={e.entityType} entityId={e.entityId} />
                      </div>
                    </td>
                    <td className="audit-data" style={{ minWidth: "14em", maxWidth: "24em" }} data-testid="audit-details">
                      <AuditData data={e.data} locale={locale} />
                    </td>
                    <td className="nowrap" style={{ fontSize: "0.85rem" }}>
                      <div data-testid="audit-seq">seq {e.seq}</div>
                      <code title={e.hash}>{e.hash.slice(0, 10)}…</code>
                      <div className="muted">IP {e.ip ?? "—"}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.pages > 1 && (
            <nav className="actions" aria-label={t("adminSettings.pagination")} style={{ marginTop: 12 }}>
              {result.page > 1 && <Link href={href(current, { page: String(result.page - 1) })} data-testid="audit-prev">← {t("adminSettings.prev")}</Link>}
              {result.page < result.pages && <Link href={href(current, { page: String(result.page + 1) })} data-testid="audit-next">{t("adminSettings.next")} →</Link>}
            </nav>
          )}
        </>
      )}
    </>
  );
}
