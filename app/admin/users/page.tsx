import { forbidden } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { formatKstDateTime } from "@/lib/time/kst";
import { listUsers } from "@/lib/users/admin-users";
import { requirePageActor } from "../../_components/guard";
import { InviteForm, UserControls } from "./user-controls";
import { pageTitle } from "@/app/_components/metadata";

export const generateMetadata = pageTitle("adminSettings.usersTitle");

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const actor = await requirePageActor("/admin/users");
  const { q } = await searchParams;
  const { locale, t } = await getT();
  const users = await listUsers(actor, { q }).catch((e) => {
    if (isAppError(e) && e.code === "FORBIDDEN") return null;
    // A hand-edited search (NUL, a repeated parameter) finds nothing rather than failing the page.
    if (isAppError(e) && e.code === "VALIDATION_FAILED") return [];
    throw e;
  });
  if (!users) forbidden();
  return (
    <>
      <h1>{t("adminSettings.usersTitle")}</h1>
      <p className="lead">{t("adminSettings.usersLead")}</p>
      <section className="card">
        <h2>{t("adminSettings.inviteTitle")}</h2>
        <p className="muted">{t("adminSettings.inviteLead")}</p>
        <InviteForm />
      </section>
      <form method="get" className="search-row" role="search" data-testid="users-search">
        <label htmlFor="users-q" className="sr-only">
          {t("common.email")} / {t("common.name")}
        </label>
        <input id="users-q" name="q" defaultValue={q ?? ""} placeholder={`${t("common.email")} / ${t("common.name")}`} data-testid="users-q" />
        <button className="button" type="submit">{t("common.search")}</button>
      </form>
      <p className="muted" data-testid="users-count">{t("adminSettings.usersCount", { count: users.length })}</p>
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="users">
          <thead>
            <tr>
              <th scope="col">{t("common.email")} · {t("common.name")}</th>
              <th scope="col">{t("adminSettings.colState")}</th>
              <th scope="col">{t("adminSettings.colRolesActions")}</th>
              <th scope="col">{t("adminSettings.colCreatedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid="user-row" data-email={u.email} data-disabled={u.disabledAt ? "true" : "false"}>
                <th scope="row" className="break">
                  {u.email}
                  <div className="muted">{u.name}</div>
                </th>
                <td>
                  {u.disabledAt ? (
                    <span className="badge badge-CLOSED" data-testid="user-state">{t("adminSettings.stateDisabled")}</span>
                  ) : u.emailVerifiedAt ? (
                    <span className="badge badge-OPEN" data-testid="user-state">{t("adminSettings.stateActive")}</span>
                  ) : (
                    <span className="badge badge-UPCOMING" data-testid="user-state">{t("adminSettings.stateUnverified")}</span>
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
    </>
  );
}
