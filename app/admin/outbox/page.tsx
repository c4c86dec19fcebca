import { forbidden } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { formatKstDateTime } from "@/lib/time/kst";
import { outboxShowsLinks } from "@/lib/mail";
import { listOutbox } from "@/lib/users/admin-users";
import { requirePageActor } from "../../_components/guard";
import { pageTitle } from "@/app/_components/metadata";

export const generateMetadata = pageTitle("admin.outboxTitle");

export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  const actor = await requirePageActor("/admin/outbox");
  const { to } = await searchParams;
  const { locale, t } = await getT();
  const mails = await listOutbox(actor, { to, take: 100 }).catch((e) => {
    if (isAppError(e) && e.code === "FORBIDDEN") return null;
    // A hand-edited search (NUL, a repeated parameter) finds nothing rather than failing the page.
    if (isAppError(e) && e.code === "VALIDATION_FAILED") return [];
    throw e;
  });
  if (!mails) forbidden();
  return (
    <>
      <h1>{t("admin.outboxTitle")}</h1>
      <p className="lead">{t("admin.outboxLead")}</p>
      {outboxShowsLinks() ? (
        <p className="alert alert-warn" data-testid="outbox-links-shown">{t("admin.outboxLinksShown")}</p>
      ) : (
        <p className="muted" data-testid="outbox-redacted">{t("admin.outboxRedacted")}</p>
      )}
      <form method="get" className="stack" style={{ maxWidth: 520, gridTemplateColumns: "1fr auto", alignItems: "end" }}>
        <label>
          {t("admin.to")}
          <input name="to" type="email" defaultValue={to ?? ""} />
        </label>
        <button className="button" type="submit">{t("common.search")}</button>
      </form>
      {mails.length === 0 ? (
        <p>{t("admin.empty")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
        <table data-testid="outbox">
          <thead>
            <tr>
              <th>{t("admin.sentAt")}</th>
              <th>{t("admin.to")}</th>
              <th>{t("admin.body")}</th>
            </tr>
          </thead>
          <tbody>
            {mails.map((m) => (
              <tr key={m.id}>
                <td>{formatKstDateTime(m.createdAt, locale, true)}{m.sentAt && <div className="muted">{t("admin.delivered")} ✓</div>}</td>
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
    </>
  );
}
