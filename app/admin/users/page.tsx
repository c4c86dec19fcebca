import { isAppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { formatKstDateTime } from "@/lib/time/kst";
import { listUsers } from "@/lib/users/admin-users";
import { Forbidden, requirePageActor } from "../../_components/guard";

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const actor = await requirePageActor("/admin/users");
  const { q } = await searchParams;
  const { locale, t } = await getT();
  const users = await listUsers(actor, { q }).catch((e) => {
    if (isAppError(e) && e.code === "FORBIDDEN") return null;
    throw e;
  });
  if (!users) return <Forbidden />;
  return (
    <>
      <h1>{t("common.admin")}</h1>
      <form method="get" className="stack" style={{ maxWidth: 520, gridTemplateColumns: "1fr auto", alignItems: "end" }}>
        <label>
          {t("common.email")} / {t("common.name")}
          <input name="q" defaultValue={q ?? ""} />
        </label>
        <button className="button" type="submit">{t("common.search")}</button>
      </form>
      <table data-testid="users">
        <thead>
          <tr>
            <th>{t("common.email")}</th>
            <th>{t("common.name")}</th>
            <th>{t("auth.roles")}</th>
            <th>{t("admin.sentAt")}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.email}{!u.emailVerifiedAt && <div className="muted">✉︎ ?</div>}{u.disabledAt && <div className="muted">⛔</div>}</td>
              <td>{u.name}</td>
              <td>{u.roles.map((r) => t(`auth.role${r}`)).join(", ")}</td>
              <td>{formatKstDateTime(u.createdAt, locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
