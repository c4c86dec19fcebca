import Link from "next/link";
import { forbidden } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { formatKstDateTime } from "@/lib/time/kst";
import { LIST_PAGE_SIZES, listParams, pageUsers, USER_LIST_PARAMS, USER_ROLES, USER_STATES } from "@/lib/users/admin-lists";
import { requirePageActor } from "../../_components/guard";
import { InviteForm, UserControls } from "./user-controls";
import { pageTitle } from "@/app/_components/metadata";
import { ListPager, listHref } from "../list-pager";

export const generateMetadata = pageTitle("adminSettings.usersTitle");

type Sp = Record<string, string | string[] | undefined>;

export default async function UsersPage({ searchParams }: { searchParams: Promise<Sp> }) {
  const actor = await requirePageActor("/admin/users");
  const sp = await searchParams;
  const { locale, t } = await getT();
  let invalid = false;
  let result;
  try {
    try {
      result = await pageUsers(actor, listParams(sp, USER_LIST_PARAMS));
    } catch (e) {
      // A hand-edited URL (NUL, a repeated parameter, page=-1): the defaults and a Korean message, never a 500.
      if (!isAppError(e) || e.code !== "VALIDATION_FAILED") throw e;
      invalid = true;
      result = await pageUsers(actor, {});
    }
  } catch (e) {
    if (isAppError(e) && e.code === "FORBIDDEN") forbidden();
    throw e;
  }
  const f = result.filter;
  const href = (page: number) => listHref("/admin/users", { q: f.q, role: f.role, state: f.state, pageSize: f.pageSize, page }, { pageSize: 25, page: 1 });
  const from = result.total === 0 ? 0 : (result.page - 1) * result.pageSize + 1;
  const to = Math.min(result.total, result.page * result.pageSize);
  return (
    <>
      <h1>{t("adminSettings.usersTitle")}</h1>
      <p className="lead">{t("adminSettings.usersLead")}</p>
      <section className="card">
        <h2>{t("adminSettings.inviteTitle")}</h2>
        <p className="muted">{t("adminSettings.inviteLead")}</p>
        <InviteForm />
      </section>
      <form key={JSON.stringify(f)} method="get" action="/admin/users" className="card list-filters" role="search" aria-label={t("consoleLists.filtersLegend")} data-testid="users-search">
        <div className="filter-grid">
          <label className="field">
            {t("consoleLists.usersQ")}
            <input type="search" name="q" defaultValue={f.q ?? ""} maxLength={320} data-testid="users-q" />
          </label>
          <label className="field">
            {t("consoleLists.usersRole")}
            <select name="role" defaultValue={f.role ?? ""} data-testid="users-role">
              <option value="">{t("consoleLists.all")}</option>
              {USER_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`auth.role${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t("consoleLists.usersState")}
            <select name="state" defaultValue={f.state ?? ""} data-testid="users-state">
              <option value="">{t("consoleLists.all")}</option>
              {USER_STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`consoleLists.userState.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t("consoleLists.pageSize")}
            <select name="pageSize" defaultValue={String(f.pageSize)} data-testid="users-page-size">
              {LIST_PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="filter-actions">
          <button className="button" type="submit" data-testid="users-apply">
            {t("consoleLists.apply")}
          </button>
          <Link href="/admin/users" className="button secondary">
            {t("consoleLists.reset")}
          </Link>
        </div>
      </form>
      {invalid && (
        <p className="alert alert-error" role="alert" data-testid="users-invalid">
          {t("consoleLists.invalid")}
        </p>
      )}
      <p className="muted" data-testid="users-count" data-total={result.total}>
        {result.total === 0 ? t("consoleLists.empty") : t("consoleLists.summary", { total: result.total, from, to })}
      </p>
      {result.rows.length > 0 && (
        <div className="table-wrap" tabIndex={0}>
          <table data-testid="users">
            <caption className="sr-only">{t("adminSettings.usersTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">
                  {t("common.email")} · {t("common.name")}
                </th>
                <th scope="col">{t("adminSettings.colState")}</th>
                <th scope="col">{t("adminSettings.colRolesActions")}</th>
                <th scope="col">{t("adminSettings.colCreatedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((u) => (
                <tr key={u.id} data-testid="user-row" data-email={u.email} data-disabled={u.disabledAt ? "true" : "false"}>
                  <th scope="row" className="break">
                    {u.email}
                    <div className="muted">{u.name}</div>
                  </th>
                  <td>
                    {u.disabledAt ? (
                      <span className="badge badge-CLOSED" data-testid="user-state">
                        {t("adminSettings.stateDisabled")}
                      </span>
                    ) : u.emailVerifiedAt ? (
                      <span className="badge badge-OPEN" data-testid="user-state">
                        {t("adminSettings.stateActive")}
                      </span>
                    ) : (
                      <span className="badge badge-UPCOMING" data-testid="user-state">
                        {t("adminSettings.stateUnverified")}
                      </span>
                    )}
                  </td>
                  <td>
                    <UserControls id={u.id} email={u.email} name={u.name} roles={u.roles} disabled={Boolean(u.disabledAt)} self={u.id === actor.id} />
                  </td>
                  <td className="nowrap">{formatKstDateTime(u.createdAt, locale)}</td>
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
        testId="users-pager"
        labels={{ nav: t("consoleLists.pagination"), prev: t("consoleLists.prev"), next: t("consoleLists.next"), pageOf: t("consoleLists.pageOf", { page: result.page, pages: result.pages }) }}
      />
    </>
  );
}
