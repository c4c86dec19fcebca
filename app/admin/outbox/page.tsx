import Link from "next/link";
import { forbidden } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { formatKstDateTime } from "@/lib/time/kst";
import { outboxShowsLinks } from "@/lib/mail";
import { LIST_PAGE_SIZES, listParams, OUTBOX_LIST_PARAMS, pageOutbox } from "@/lib/users/admin-lists";
import { requirePageActor } from "../../_components/guard";
import { pageTitle } from "@/app/_components/metadata";
import { ListPager, listHref } from "../list-pager";

export const generateMetadata = pageTitle("admin.outboxTitle");

type Sp = Record<string, string | string[] | undefined>;

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Sp> }) {
  const actor = await requirePageActor("/admin/outbox");
  const sp = await searchParams;
  const { locale, t } = await getT();
  let invalid = false;
  let result;
  try {
    try {
      result = await pageOutbox(actor, listParams(sp, OUTBOX_LIST_PARAMS));
    } catch (e) {
      // A hand-edited URL (NUL, a repeated parameter, a date that does not exist): the defaults and a Korean message.
      if (!isAppError(e) || e.code !== "VALIDATION_FAILED") throw e;
      invalid = true;
      result = await pageOutbox(actor, {});
    }
  } catch (e) {
    if (isAppError(e) && e.code === "FORBIDDEN") forbidden();
    throw e;
  }
  const f = result.filter;
  const href = (page: number) => listHref("/admin/outbox", { to: f.to, subject: f.subject, from: f.from, until: f.until, pageSize: f.pageSize, page }, { pageSize: 25, page: 1 });
  const first = result.total === 0 ? 0 : (result.page - 1) * result.pageSize + 1;
  const last = Math.min(result.total, result.page * result.pageSize);
  return (
    <>
      <h1>{t("admin.outboxTitle")}</h1>
      <p className="lead">{t("admin.outboxLead")}</p>
      {outboxShowsLinks() ? (
        <p className="alert alert-warn" data-testid="outbox-links-shown">{t("admin.outboxLinksShown")}</p>
      ) : (
        <p className="muted" data-testid="outbox-redacted">{t("admin.outboxRedacted")}</p>
      )}
      <form key={JSON.stringify(f)} method="get" action="/admin/outbox" className="card list-filters" role="search" aria-label={t("consoleLists.filtersLegend")} data-testid="outbox-search">
        <div className="filter-grid">
          <label className="field">
            {t("consoleLists.outboxTo")}
            <input type="search" name="to" defaultValue={f.to ?? ""} maxLength={320} data-testid="outbox-to" />
          </label>
          <label className="field">
            {t("consoleLists.outboxSubject")}
            <input type="search" name="subject" defaultValue={f.subject ?? ""} maxLength={200} data-testid="outbox-subject" />
          </label>
          <label className="field">
            {t("consoleLists.outboxFrom")}
            <input type="date" name="from" defaultValue={f.from ?? ""} data-testid="outbox-from" />
          </label>
          <label className="field">
            {t("consoleLists.outboxUntil")}
            <input type="date" name="until" defaultValue={f.until ?? ""} data-testid="outbox-until" />
          </label>
          <label className="field">
            {t("consoleLists.pageSize")}
            <select name="pageSize" defaultValue={String(f.pageSize)} data-testid="outbox-page-size">
              {LIST_PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="filter-actions">
          <button className="button" type="submit" data-testid="outbox-apply">
            {t("consoleLists.apply")}
          </button>
          <Link href="/admin/outbox" className="button secondary">
            {t("consoleLists.reset")}
          </Link>
        </div>
      </form>
      {invalid && (
        <p className="alert alert-error" role="alert" data-testid="outbox-invalid">
          {t("consoleLists.invalid")}
        </p>
      )}
      <p className="muted" data-testid="outbox-count" data-total={result.total}>
        {result.total === 0 ? t("admin.empty") : t("consoleLists.summary", { total: result.total, from: first, to: last })}
      </p>
      {result.rows.length > 0 && (
        <div className="table-wrap" tabIndex={0}>
          <table data-testid="outbox">
            <caption className="sr-only">{t("admin.outboxTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("admin.sentAt")}</th>
                <th scope="col">{t("admin.to")}</th>
                <th scope="col">{t("admin.body")}</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((m) => (
                <tr key={m.id} data-testid="outbox-row" data-to={m.to}>
                  <td>
                    {formatKstDateTime(m.createdAt, locale, true)}
                    {m.sentAt && <div className="muted">{t("admin.delivered")} ✓</div>}
                  </td>
                  <td>{m.to}</td>
                  <td>
                    <strong>{m.subject}</strong>
                    <pre className="mail">{m.text}</pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ListPager
        page={result.page}
        pages={result.pages}
        href={href}
        testId="outbox-pager"
        labels={{ nav: t("consoleLists.pagination"), prev: t("consoleLists.prev"), next: t("consoleLists.next"), pageOf: t("consoleLists.pageOf", { page: result.page, pages: result.pages }) }}
      />
    </>
  );
}
