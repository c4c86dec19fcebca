import Link from "next/link";
import { forbidden } from "next/navigation";
import { listCalls } from "@/lib/calls";
import { PROGRAM_CALL_SLUG } from "@/lib/calls/program";
import { listInputFromSearchParams, listProposals, PROPOSAL_SORTS, type ProposalListQuery } from "@/lib/admin/proposals";
import { isAppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { formatKstDateTime } from "@/lib/time/kst";
import { requirePageActor } from "../../_components/guard";
import { ExportCard, type ScopeValues } from "./export-card";
import { countExport } from "@/lib/exports/source";
import { money, queryString } from "./format";
import { pageTitle } from "@/app/_components/metadata";

type SearchParams = Record<string, string | string[] | undefined>;

const STATUSES = ["DRAFT", "SUBMITTED", "WITHDRAWN"] as const;
const APPROACH_FILTERS = ["SCRATCH_ONLY", "HAS_FINE_TUNED", "FOREIGN_FINE_TUNE_ONLY"] as const;
const ORG_TYPES = ["LARGE_ENTERPRISE", "MID_SIZED", "SME_STARTUP", "UNIVERSITY", "RESEARCH_INSTITUTE", "PUBLIC_INSTITUTION", "OTHER"] as const;
const PAGE_SIZES = [10, 25, 50, 100] as const;

/** The list's filters as the export API takes them (it knows submitted proposals only, and no "not flagged"). */
function exportFilter(f: ProposalListQuery) {
  const approach = f.approach ?? (f.flagged === true ? "FOREIGN_FINE_TUNE_ONLY" : undefined);
  return { callId: f.callId, status: f.status === "DRAFT" ? undefined : f.status, approach, leadType: f.leadType, q: f.q };
}

const exportQuery = (f: ProposalListQuery) => queryString(exportFilter(f));

export const generateMetadata = pageTitle("adminProposals.title");

export default async function AdminProposalsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePageActor("/admin/proposals");
  const { locale, t } = await getT();
  // Calls are public; the proposals are not (listProposals checks the admin role itself).
  if (!actor.roles.includes("ADMIN")) forbidden();
  const calls = await listCalls();
  if (calls.length === 0) {
    return (
      <>
        <h1>{t("adminProposals.title")}</h1>
        <p>{t("adminProposals.noCalls")}</p>
      </>
    );
  }
  const input = listInputFromSearchParams(await searchParams);
  const callId = calls.some((c) => c.id === input.callId) ? input.callId! : (calls.find((c) => c.slug === PROGRAM_CALL_SLUG) ?? calls[0]!).id;
  let data;
  let invalid = false;
  try {
    try {
      data = await listProposals(actor, { ...input, callId });
    } catch (e) {
      // A hand-edited URL with a bad value: show the call unfiltered and say so.
      if (!isAppError(e) || e.code !== "VALIDATION_FAILED") throw e;
      invalid = true;
      data = await listProposals(actor, { callId });
    }
  } catch (e) {
    if (isAppError(e) && e.code === "FORBIDDEN") forbidden();
    throw e;
  }
  const f = data.filter;
  // What the form shows after this request, field by field as the form names them (the export card compares).
  const applied: ScopeValues = { callId, status: f.status ?? "", approach: f.approach ?? "", flagged: f.flagged === undefined ? "" : String(f.flagged), leadType: f.leadType ?? "", q: f.q ?? "" };
  const ex = exportFilter(f);
  const conditions = [
    ex.status && `${t("adminProposals.status")}: ${t(`enums.proposalStatus.${ex.status}`)}`,
    ex.approach && `${t("adminProposals.approach")}: ${t(`adminProposals.approachFilter.${ex.approach}`)}`,
    ex.leadType && `${t("adminProposals.leadType")}: ${t(`enums.orgType.${ex.leadType}`)}`,
    ex.q && `${t("adminProposals.q")}: “${ex.q}”`,
  ].filter((c): c is string => Boolean(c));
  const exportRows = f.status === "DRAFT" ? 0 : await countExport(actor, ex);
  const href = (page: number) => `/admin/proposals?${queryString({ callId, status: f.status, approach: f.approach, leadType: f.leadType, flagged: f.flagged, q: f.q, sort: f.sort === "serial" ? undefined : f.sort, pageSize: f.pageSize === 25 ? undefined : f.pageSize, page: page === 1 ? undefined : page })}`;
  const from = data.total === 0 ? 0 : (data.page - 1) * data.pageSize + 1;
  const to = Math.min(data.total, data.page * data.pageSize);
  const callTitle = (c: { titleKo: string; titleEn: string }) => (locale === "en" ? c.titleEn : c.titleKo);

  return (
    <>
      <h1>{t("adminProposals.title")}</h1>
      <p className="lead">{t("adminProposals.lead")}</p>

      {/* One form: the call is a condition like the others, and 조회 applies them together (issue 12 item 14). The key
          remounts it on every applied query, so what it shows is what was applied until someone changes it. */}
      <form
        key={JSON.stringify(applied)}
        id="proposal-filters"
        method="get"
        action="/admin/proposals"
        className="card proposal-filters"
        data-testid="proposal-filters"
        role="search"
        aria-label={t("adminProposals.filtersLegend")}
      >
        <div className="filter-grid">
          <label className="field filter-call">
            {t("adminProposals.callLabel")}
            <select name="callId" defaultValue={callId} data-testid="filter-call">
              {calls.map((c) => (
                <option key={c.id} value={c.id}>
                  {callTitle(c)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t("adminProposals.status")}
            <select name="status" defaultValue={f.status ?? ""} data-testid="filter-status">
              <option value="">{t("adminProposals.all")}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`enums.proposalStatus.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t("adminProposals.approach")}
            <select name="approach" defaultValue={f.approach ?? ""} data-testid="filter-approach">
              <option value="">{t("adminProposals.all")}</option>
              {APPROACH_FILTERS.map((a) => (
                <option key={a} value={a}>
                  {t(`adminProposals.approachFilter.${a}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t("adminProposals.flagged")}
            <select name="flagged" defaultValue={f.flagged === undefined ? "" : String(f.flagged)} data-testid="filter-flagged">
              <option value="">{t("adminProposals.all")}</option>
              <option value="true">{t("adminProposals.flaggedYes")}</option>
              <option value="false">{t("adminProposals.flaggedNo")}</option>
            </select>
          </label>
          <label className="field">
            {t("adminProposals.leadType")}
            <select name="leadType" defaultValue={f.leadType ?? ""} data-testid="filter-lead-type">
              <option value="">{t("adminProposals.all")}</option>
              {ORG_TYPES.map((o) => (
                <option key={o} value={o}>
                  {t(`enums.orgType.${o}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t("adminProposals.q")}
            <input type="search" name="q" defaultValue={f.q ?? ""} maxLength={100} placeholder={t("adminProposals.qHint")} data-testid="filter-q" />
          </label>
          <label className="field">
            {t("adminProposals.sort")}
            <select name="sort" defaultValue={f.sort} data-testid="filter-sort">
              {PROPOSAL_SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`adminProposals.sortBy.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t("adminProposals.pageSize")}
            <select name="pageSize" defaultValue={String(f.pageSize)} data-testid="filter-page-size">
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="filter-actions">
          <button type="submit" className="button" data-testid="filter-apply">
            {t("adminProposals.apply")}
          </button>
          <Link href={`/admin/proposals?callId=${callId}`} className="button secondary" data-testid="filter-reset">
            {t("adminProposals.reset")}
          </Link>
        </div>
      </form>
      {invalid && (
        <p className="alert alert-error" role="alert">
          {t("errors.VALIDATION_FAILED")}
        </p>
      )}

      <ExportCard formId="proposal-filters" applied={applied} callTitle={callTitle(data.call)} conditions={conditions} rows={exportRows} query={exportQuery(f)} blocked={f.status === "DRAFT"}>
        <p className="muted">{t("adminProposals.exportsLead")}</p>
        {f.status === "DRAFT" && <p className="alert alert-warn">{t("adminProposals.exportsDraftOnly")}</p>}
        {f.flagged === false && <p className="alert alert-info">{t("adminProposals.exportsFlagNote")}</p>}
      </ExportCard>

      <p className="list-summary" data-testid="list-summary" aria-live="polite">
        {data.total === 0 ? t("adminProposals.empty") : t("adminProposals.summary", { total: data.total, from, to })}
      </p>
      {data.rows.length > 0 && (
        <div className="table-wrap" tabIndex={0}>
          <table className="admin-proposals" data-testid="proposal-table">
            <caption className="sr-only">{t("adminProposals.tableCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("adminProposals.colReceipt")}</th>
                <th scope="col">{t("adminProposals.colConsortium")}</th>
                <th scope="col">{t("adminProposals.colTitle")}</th>
                <th scope="col">{t("adminProposals.colApproach")}</th>
                <th scope="col" className="num">{t("adminProposals.colBudget")}</th>
                <th scope="col" className="num">{t("adminProposals.colVersions")}</th>
                <th scope="col">{t("adminProposals.colLastSubmitted")}</th>
                <th scope="col" className="num">{t("adminProposals.colReviews")}</th>
                <th scope="col" className="num">{t("adminProposals.colTrimmedMean")}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.proposalId} data-testid="proposal-row" data-proposal-id={r.proposalId} data-receipt-no={r.receiptNo ?? ""} className={r.foreignFineTuneOnly ? "flagged" : undefined}>
                  <th scope="row">
                    <Link href={`/admin/proposals/${r.proposalId}`} className="receipt-link" data-testid="proposal-link">
                      {r.receiptNo ?? `#${r.serialNo}`}
                    </Link>
                    <div>
                      <span className={`badge badge-status-${r.status}`}>{t(`enums.proposalStatus.${r.status}`)}</span>
                    </div>
                  </th>
                  <td className="consortium-cell">
                    <strong>{r.consortium}</strong>
                    <div className="muted">
                      {r.leadOrganization.name} · {t(`enums.orgType.${r.leadOrganization.type}`)}
                    </div>
                  </td>
                  <td className="title-cell">{r.title || <span className="muted">{t("adminProposals.untitled")}</span>}</td>
                  <td className="approaches">
                    {r.approaches.map((a) => (
                      <span key={a} className={`badge badge-approach-${a}`}>
                        {t(`adminProposals.approachShort.${a}`)}
                      </span>
                    ))}
                    {r.foreignFineTuneOnly && (
                      <span className="badge badge-foreign" data-testid="flag-foreign">
                        {t("adminProposals.flagBadge")}
                      </span>
                    )}
                  </td>
                  <td className="num nowrap">{r.requestedBudgetKrw === null ? "—" : money(r.requestedBudgetKrw, locale)}</td>
                  <td className="num">{r.versions}</td>
                  <td className="submitted-cell">{r.lastSubmittedAt ? formatKstDateTime(new Date(r.lastSubmittedAt), locale) : <span className="muted">{t("adminProposals.notSubmitted")}</span>}</td>
                  <td className="num">{r.reviewsSubmitted}</td>
                  <td className="num strong">{r.trimmedMean ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.pages > 1 && (
        <nav className="pager" aria-label={t("adminProposals.pagination")} data-testid="pager">
          {data.page > 1 ? (
            <Link href={href(data.page - 1)} rel="prev" className="button secondary small">
              {t("adminProposals.prev")}
            </Link>
          ) : (
            <span />
          )}
          <span className="muted">{t("adminProposals.pageOf", { page: data.page, pages: data.pages })}</span>
          {data.page < data.pages ? (
            <Link href={href(data.page + 1)} rel="next" className="button secondary small">
              {t("adminProposals.next")}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </>
  );
}
