import Link from "next/link";
import { isAppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { listMyAssignments } from "@/lib/reviews/reviewer";
import { formatKstDateTime } from "@/lib/time/kst";
import { forbidden } from "next/navigation";
import { requirePageActor } from "../_components/guard";
import { pageTitle } from "@/app/_components/metadata";
import { deadlineText } from "./assignments/[id]/format";
import { now } from "@/lib/time/clock";
import { hangulLang } from "@/lib/text";

const STATE_CLASS = { NEW: "badge-UPCOMING", DECLARED: "badge-demo", IN_PROGRESS: "badge-demo", SUBMITTED: "badge-OPEN" } as const;

export const generateMetadata = pageTitle("review.title");

export default async function ReviewWorkspacePage({ searchParams }: { searchParams: Promise<{ notice?: string }> }) {
  const actor = await requirePageActor("/review");
  const { notice } = await searchParams;
  const { locale, t } = await getT();
  const rows = await listMyAssignments(actor).catch((e: unknown) => {
    if (isAppError(e) && e.code === "FORBIDDEN") return null;
    throw e;
  });
  if (!rows) forbidden(); // 403 with app/forbidden.tsx: not a reviewer
  const submitted = rows.filter((r) => r.state === "SUBMITTED").length;
  return (
    <div className="review-page">
      <h1>{t("review.title")}</h1>
      <p className="lead">{t("review.lead")}</p>
      {notice === "conflict" && (
        <p className="alert alert-ok" role="status" data-testid="review-notice">
          {t("review.conflictNotice")}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="alert alert-info" data-testid="assignments-empty">
          {t("review.empty")}
        </p>
      ) : (
        <>
          <p className="muted" data-testid="assignments-summary">
            {t("review.listSummary", { total: rows.length, submitted })}
          </p>
          <div className="table-wrap" tabIndex={0}>
            <table className="responsive review-list" data-testid="assignments">
              <caption className="sr-only">{t("review.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("review.colReceiptNo")}</th>
                  <th scope="col">{t("review.colTitle")}</th>
                  <th scope="col">{t("review.colConsortium")}</th>
                  <th scope="col">{t("review.colCall")}</th>
                  <th scope="col">{t("review.colState")}</th>
                  <th scope="col">{t("review.colDeadline")}</th>
                  <th scope="col">{t("review.colAssignedAt")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} data-testid="assignment-row" data-state={r.state} data-assignment-id={r.id}>
                    <td data-label={t("review.colReceiptNo")} className="nowrap">
                      <code className="receipt-code">{r.receiptNo ?? "—"}</code>
                    </td>
                    <td data-label={t("review.colTitle")}>
                      <Link href={`/review/assignments/${r.id}`} className="review-link" lang={hangulLang(r.title)}>
                        {r.title ?? t("review.untitled")}
                      </Link>
                      {r.foreignFineTuneOnly && (
                        <div>
                          <span className="badge badge-CLOSED" data-testid="flag-badge">
                            {t("review.flagged")}
                          </span>
                        </div>
                      )}
                    </td>
                    <td data-label={t("review.colConsortium")} lang={hangulLang(r.consortium)}>{r.consortium}</td>
                    <td data-label={t("review.colCall")} lang={locale === "en" ? hangulLang(r.call.titleEn) : undefined}>{locale === "en" ? r.call.titleEn : r.call.titleKo}</td>
                    <td data-label={t("review.colState")}>
                      <span className={`badge ${STATE_CLASS[r.state as keyof typeof STATE_CLASS]}`} data-testid="assignment-state">
                        {t(`review.state${r.state}` as "review.stateNEW")}
                      </span>
                      {r.proposalStatus === "WITHDRAWN" && <span className="badge badge-CLOSED">{t("review.withdrawnShort")}</span>}
                    </td>
                    <td data-label={t("review.colDeadline")} data-testid="assignment-deadline">
                      {deadlineText(r.call.reviewClosesAt, locale, t("review.noDeadline"))}
                      {r.call.reviewClosesAt && new Date(r.call.reviewClosesAt) <= now() && (
                        <>
                          {" "}
                          <span className="badge badge-CLOSED">{t("review.deadlinePassed")}</span>
                        </>
                      )}
                    </td>
                    <td data-label={t("review.colAssignedAt")}>{formatKstDateTime(new Date(r.assignedAt), locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
