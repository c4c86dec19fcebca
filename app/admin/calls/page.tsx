import Link from "next/link";
import { forbidden } from "next/navigation";
import { listCalls } from "@/lib/calls";
import { getT } from "@/lib/i18n/server";
import { formatKrw } from "@/lib/money";
import { formatKstDateTime } from "@/lib/time/kst";
import { requirePageActor } from "../../_components/guard";
import { pageTitle } from "@/app/_components/metadata";

export const generateMetadata = pageTitle("adminSettings.callsTitle");

export default async function AdminCallsPage() {
  const actor = await requirePageActor("/admin/calls");
  // Calls are public reading; this console is not.
  if (!actor.roles.includes("ADMIN")) forbidden();
  const { locale, t } = await getT();
  const calls = await listCalls();
  return (
    <>
      <div className="header-row" style={{ minHeight: 0 }}>
        <h1>{t("adminSettings.callsTitle")}</h1>
        <Link href="/admin/calls/new" className="button" data-testid="new-call">
          {t("adminSettings.newCall")}
        </Link>
      </div>
      <p className="lead">{t("adminSettings.callsLead")}</p>
      {calls.length === 0 ? (
        <p>{t("calls.none")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table data-testid="admin-calls">
            <thead>
              <tr>
                <th scope="col">{t("adminSettings.colTitle")}</th>
                <th scope="col">{t("calls.state")}</th>
                <th scope="col">{t("calls.opensAt")}</th>
                <th scope="col">{t("calls.closesAt")}</th>
                <th scope="col" className="num">{t("calls.budget")}</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((c) => (
                <tr key={c.id} data-testid="admin-call-row" data-call-id={c.id} data-slug={c.slug}>
                  <th scope="row">
                    <Link href={`/admin/calls/${c.id}`}>{locale === "ko" ? c.titleKo : c.titleEn}</Link>
                    {c.isDemo && <span className="badge badge-demo">{t("calls.demoBadge")}</span>}
                    <div className="muted">{c.slug}</div>
                  </th>
                  <td className="nowrap">
                    <span className={`badge badge-${c.state}`}>{t(`calls.state${c.state}`)}</span>
                  </td>
                  <td className="nowrap">{formatKstDateTime(new Date(c.opensAt), locale)}</td>
                  <td className="nowrap">{formatKstDateTime(new Date(c.closesAt), locale)}</td>
                  <td className="num nowrap">{formatKrw(c.totalBudget, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
