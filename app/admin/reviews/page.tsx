import Link from "next/link";
import { forbidden } from "next/navigation";
import { listCalls } from "@/lib/calls";
import { isAppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { rankProposals } from "@/lib/reviews/ranking";
import { formatKstDateTime } from "@/lib/time/kst";
import { requirePageActor } from "../../_components/guard";
import { percent } from "./format";
import { pageTitle } from "@/app/_components/metadata";

export const generateMetadata = pageTitle("adminReview.title");

export default async function ReviewCallsPage() {
  const actor = await requirePageActor("/admin/reviews");
  const { locale, t } = await getT();
  // Calls are public; the review figures are not (rankProposals checks the admin role itself).
  if (!actor.roles.includes("ADMIN")) forbidden();
  const calls = await listCalls();
  let rows;
  try {
    rows = await Promise.all(calls.map(async (c) => ({ call: c, progress: (await rankProposals(actor, { callId: c.id, sort: "serial" })).progress })));
  } catch (e) {
    if (isAppError(e) && e.code === "FORBIDDEN") forbidden();
    throw e;
  }

  return (
    <>
      <h1>{t("adminReview.title")}</h1>
      <p className="lead">{t("adminReview.lead")}</p>
      {rows.length === 0 ? (
        <p>{t("adminReview.noCalls")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="review-calls" data-testid="review-calls">
            <thead>
              <tr>
                <th scope="col">{t("adminReview.colCall")}</th>
                <th scope="col">{t("adminReview.colState")}</th>
                <th scope="col" className="num">{t("adminReview.colProposals")}</th>
                <th scope="col" className="num">{t("adminReview.colAssignments")}</th>
                <th scope="col" className="num">{t("adminReview.colDeclared")}</th>
                <th scope="col" className="num">{t("adminReview.colReviewsSubmitted")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ call: c, progress: p }) => {
                const title = locale === "ko" ? c.titleKo : c.titleEn;
                return (
                  <tr key={c.id} data-testid="review-call-row" data-call-id={c.id} data-slug={c.slug}>
                    <th scope="row">
                      <Link href={`/admin/reviews/${c.id}`} aria-label={t("adminReview.manageFor", { title })}>
                        {title}
                      </Link>
                      {c.isDemo && <span className="badge badge-demo">{t("calls.demoBadge")}</span>}
                    </th>
                    <td>
                      <span className={`badge badge-${c.state}`}>{t(`calls.state${c.state}`)}</span>
                      <div className="muted nowrap">{t("adminReview.colClosesAt")} {formatKstDateTime(new Date(c.closesAt), locale)}</div>
                    </td>
                    <td className="num" data-testid="calls-proposals">{p.proposals}</td>
                    <td className="num" data-testid="calls-assignments">{p.assignments}</td>
                    <td className="num">{p.declared}</td>
                    <td className="num" data-testid="calls-submitted">
                      <span className="nowrap">{t("adminReview.ratio", { done: p.submitted, total: p.assignments, percent: percent(p.submitted, p.assignments) })}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
