import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getCallBySlug } from "@/lib/calls";
import { getAdminCall } from "@/lib/admin/calls";
import { isAppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { formatKrw } from "@/lib/money";
import { DISAGREEMENT_RANGE } from "@/lib/reviews/aggregate";
import { listReviewers, rankProposals } from "@/lib/reviews/ranking";
import { now } from "@/lib/time/clock";
import { formatKstDateTime } from "@/lib/time/kst";
import { requirePageActor } from "../../../_components/guard";
import { APPROACH_FILTERS, parseRankingParams, percent, rankingHref, score2, SORTS, zScore, type RankingSort } from "../format";
import { AssignmentBoard, type BoardProposal } from "./assignments";
import { AutoAssignForm } from "./auto-assign-form";
import { ReviewRoundForm } from "./review-round-form";
import { recordTitle } from "@/app/_components/metadata";

type SearchParams = Record<string, string | string[] | undefined>;

function Meter({ done, total, label, testId }: { done: number; total: number; label: string; testId: string }) {
  const pct = percent(done, total);
  return (
    <span className="meter-row" data-testid={testId} data-done={done} data-total={total}>
      <span className={`meter${total > 0 && done === total ? " full" : ""}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-valuetext={`${done} / ${total}`}>
        <span style={{ width: `${pct}%` }} />
      </span>
    </span>
  );
}

export const generateMetadata = async ({ params }: { params: Promise<{ callId: string }> }) => {
  const { callId } = await params;
  return recordTitle("meta.adminReview", async (actor) => (await getAdminCall(actor, callId)).titleKo);
};

export default async function CallReviewPage({ params, searchParams }: { params: Promise<{ callId: string }>; searchParams: Promise<SearchParams> }) {
  const { callId } = await params;
  const actor = await requirePageActor(`/admin/reviews/${callId}`);
  const q = parseRankingParams(await searchParams);
  const { locale, t } = await getT();
  let loaded;
  try {
    // The unfiltered list (in receipt order) feeds progress and assignment; the filtered one the ranking.
    const [all, ranking, reviewers] = await Promise.all([rankProposals(actor, { callId, sort: "serial" }), rankProposals(actor, { callId, ...q }), listReviewers(actor, callId)]);
    loaded = { all, ranking, reviewers };
  } catch (e) {
    if (isAppError(e) && e.code === "FORBIDDEN") forbidden();
    if (isAppError(e) && e.code === "CALL_NOT_FOUND") notFound();
    throw e;
  }
  const { all, ranking, reviewers } = loaded;
  const call = await getCallBySlug(all.call.slug);
  const title = locale === "ko" ? call.titleKo : call.titleEn;
  const base = `/admin/reviews/${callId}`;
  const p = all.progress;
  const at = now();
  const opens = all.call.reviewOpensAt ? new Date(all.call.reviewOpensAt) : null;
  const closes = all.call.reviewClosesAt ? new Date(all.call.reviewClosesAt) : null;
  const roundState = opens && at < opens ? "UPCOMING" : closes && at >= closes ? "CLOSED" : "OPEN";
  const money = (krw: number | null) => (krw === null ? "—" : formatKrw(krw, locale));
  const label = (r: { receiptNo: string | null; title: string | null }) => `${r.receiptNo ?? ""} ${r.title ?? t("adminReview.untitled")}`.trim();

  const board: BoardProposal[] = all.rows.map((r) => ({ id: r.proposalId, receiptNo: r.receiptNo, title: r.title, consortium: r.consortium, reviewers: r.reviewers }));

  // Sortable header: a link keeping the filters; the mark (and a footnote sign) stay on the last word's line.
  const sortHeader = (sort: RankingSort, text: string, note?: { sign: string; id: string; text: string }) => {
    const active = q.sort === sort;
    const cut = text.lastIndexOf(" ") + 1;
    return (
      <th scope="col" className={sort === "serial" ? "nowrap" : "num"} aria-sort={active ? (sort === "serial" ? "ascending" : "descending") : undefined} aria-describedby={note?.id} title={note?.text} data-testid={`sort-${sort}`}>
        <Link href={rankingHref(base, { ...q, sort })} className={`sort-link${active ? " active" : ""}`} scroll={false}>
          {text.slice(0, cut)}
          <span className="nowrap">
            {text.slice(cut)}
            {note && (
              <sup aria-hidden className="footnote-sign">
                {note.sign}
              </sup>
            )}
            <span aria-hidden className="sort-mark">
              {active ? (sort === "serial" ? "▲" : "▼") : "↕"}
            </span>
          </span>
        </Link>
      </th>
    );
  };

  return (
    <>
      <p className="breadcrumb">
        <Link href="/admin/reviews">← {t("adminReview.backToCalls")}</Link>
      </p>
      <h1>
        {title} {call.isDemo && <span className="badge badge-demo">{t("calls.demoBadge")}</span>}
      </h1>
      <p className="lead">
        <span className={`badge badge-${call.state}`}>{t(`calls.state${call.state}`)}</span> {t("calls.closesAt")} {formatKstDateTime(new Date(call.closesAt), locale)}
      </p>
      <nav aria-label={t("adminReview.sections")} className="section-nav">
        <a href="#progress">{t("adminReview.progressTitle")}</a>
        <a href="#auto">{t("adminReview.autoTitle")}</a>
        <a href="#assign">{t("adminReview.assignTitle")}</a>
        <a href="#ranking">{t("adminReview.rankingTitle")}</a>
      </nav>

      <section className="card" id="progress" aria-labelledby="progress-h" data-testid="progress">
        <h2 id="progress-h">{t("adminReview.progressTitle")}</h2>
        {call.state !== "CLOSED" && <p className="alert alert-info">{t("adminReview.callStillOpen")}</p>}
        <dl className="facts progress-facts">
          <dt>{t("adminReview.proposals")}</dt>
          <dd data-testid="progress-proposals">{t("adminReview.count", { count: p.proposals })}</dd>
          <dt>{t("adminReview.assignments")}</dt>
          <dd data-testid="progress-assignments">{t("adminReview.assignmentsValue", { count: p.assignments, avg: p.proposals ? (p.assignments / p.proposals).toFixed(1) : "0" })}</dd>
          <dt>{t("adminReview.declared")}</dt>
          <dd>
            <Meter done={p.declared} total={p.assignments} label={t("adminReview.declared")} testId="progress-declared" />
            {t("adminReview.ratio", { done: p.declared, total: p.assignments, percent: percent(p.declared, p.assignments) })}
          </dd>
          <dt>{t("adminReview.reviewsSubmitted")}</dt>
          <dd>
            <Meter done={p.submitted} total={p.assignments} label={t("adminReview.reviewsSubmitted")} testId="progress-submitted" />
            {t("adminReview.ratio", { done: p.submitted, total: p.assignments, percent: percent(p.submitted, p.assignments) })}
          </dd>
        </dl>
        <h3 className="subhead">
          {t("adminReview.roundTitle")} <span className={`badge badge-round-${roundState}`} data-testid="round-state">{t(`adminReview.roundState${roundState}`)}</span>
        </h3>
        <dl className="facts">
          <dt>{t("adminReview.roundOpens")}</dt>
          <dd data-testid="round-opens-at">{opens ? formatKstDateTime(opens, locale) : t("adminReview.roundUnset")}</dd>
          <dt>{t("adminReview.roundCloses")}</dt>
          <dd data-testid="round-closes-at">{closes ? formatKstDateTime(closes, locale) : t("adminReview.roundUnset")}</dd>
        </dl>
        <ReviewRoundForm callId={callId} opensAt={all.call.reviewOpensAt} closesAt={all.call.reviewClosesAt} />
      </section>

      <section className="card" id="auto" aria-labelledby="auto-h">
        <h2 id="auto-h">{t("adminReview.autoTitle")}</h2>
        <p className="muted">{t("adminReview.autoLead")}</p>
        <AutoAssignForm callId={callId} proposals={all.rows.map((r) => ({ id: r.proposalId, label: label(r) }))} />
      </section>

      <section id="assign" aria-labelledby="assign-h" className="assign-section">
        <h2 id="assign-h">{t("adminReview.assignTitle")}</h2>
        <p className="muted">{t("adminReview.assignLead")}</p>
        {board.length === 0 ? <p>{t("adminReview.noProposals")}</p> : <AssignmentBoard proposals={board} reviewers={reviewers} />}
      </section>

      <section id="ranking" aria-labelledby="ranking-h" className="ranking-section">
        <h2 id="ranking-h">{t("adminReview.rankingTitle")}</h2>
        <p className="muted">{t("adminReview.rankingLead")}</p>
        <form method="get" action={`${base}#ranking`} className="ranking-filters" data-testid="ranking-filters" key={JSON.stringify(q)} aria-label={t("adminReview.filters")}>
          <label>
            {t("adminReview.filterApproach")}
            <select name="approach" defaultValue={q.approach} data-testid="filter-approach">
              {APPROACH_FILTERS.map((a) => (
                <option key={a} value={a}>
                  {t(`adminReview.approachFilter.${a}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("adminReview.sortBy")}
            <select name="sort" defaultValue={q.sort} data-testid="filter-sort">
              {SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`adminReview.sort.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" name="disagreementOnly" value="true" defaultChecked={q.disagreementOnly} data-testid="filter-disagreement" />
            {t("adminReview.disagreementOnly")}
          </label>
          <span className="actions">
            <button type="submit" className="button" data-testid="filter-apply">
              {t("adminReview.apply")}
            </button>
            {(q.approach !== "ALL" || q.disagreementOnly) && (
              <Link href={rankingHref(base, { ...q, approach: "ALL", disagreementOnly: false })} className="button secondary" scroll={false}>
                {t("adminReview.resetFilters")}
              </Link>
            )}
          </span>
        </form>
        <p className="muted" data-testid="ranking-count">
          {t("adminReview.shown", { shown: ranking.rows.length, total: all.rows.length })}
        </p>
        {ranking.rows.length === 0 ? (
          <p>{t("adminReview.noRows")}</p>
        ) : (
          <div className="table-wrap ranking-wrap" tabIndex={0} role="region" aria-labelledby="ranking-h">
            <table className="ranking" data-testid="ranking-table" data-sort={q.sort}>
              <caption className="sr-only">
                {t("adminReview.rankingTitle")} — {t(`adminReview.sort.${q.sort}`)}
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="num">{t("adminReview.colRank")}</th>
                  {sortHeader("serial", t("adminReview.colReceiptNo"))}
                  <th scope="col">
                    {t("adminReview.colTitle")} · {t("adminReview.colConsortium")}
                  </th>
                  <th scope="col">{t("adminReview.colApproaches")}</th>
                  <th scope="col" className="num">{t("adminReview.colBudget")}</th>
                  <th scope="col" className="num">{t("adminReview.colReviews")}</th>
                  <th scope="col">{t("adminReview.colTotals")}</th>
                  {sortHeader("mean", t("adminReview.colMean"))}
                  {sortHeader("trimmedMean", t("adminReview.colTrimmed"), { sign: "*", id: "note-trimmed", text: t("adminReview.trimmedNote") })}
                  <th scope="col" className="num">
                    <abbr title={t("adminReview.sdNote")}>{t("adminReview.colSd")}</abbr>
                  </th>
                  {sortHeader("normalized", t("adminReview.colZ"), { sign: "†", id: "note-z", text: t("adminReview.zNote") })}
                  <th scope="col">{t("adminReview.colFlag")}</th>
                </tr>
              </thead>
              <tbody>
                {ranking.rows.map((r) => (
                  <tr key={r.proposalId} data-testid="ranking-row" data-proposal-id={r.proposalId} data-receipt-no={r.receiptNo ?? ""} className={r.disagreement ? "flagged" : undefined}>
                    <td className="num rank" data-testid="rank">{r.rank ?? "—"}</td>
                    <td className="nowrap" data-testid="receipt-no">{r.receiptNo ?? "—"}</td>
                    <th scope="row" className="title-cell">
                      {r.title ?? t("adminReview.untitled")}
                      <div className="muted consortium-line" data-testid="consortium">
                        {r.consortium}
                      </div>
                    </th>
                    <td className="approaches" data-testid="approaches">
                      {[...new Set(r.approaches)].map((a) => (
                        <span key={a} className={`badge badge-approach-${a}`} title={t(`enums.approach.${a}`)}>
                          {t(`adminReview.approachShort.${a}`)}
                        </span>
                      ))}
                      {r.foreignFineTuneOnly && (
                        <span className="badge badge-foreign" title={t("adminReview.foreignOnlyHint")} data-testid="foreign-flag">
                          ⚑ {t("adminReview.foreignOnly")}
                        </span>
                      )}
                    </td>
                    <td className="num nowrap">{money(r.requestedBudgetKrw)}</td>
                    <td className="num" data-testid="review-count">
                      {r.submittedReviews}/{r.assigned}
                    </td>
                    <td data-testid="reviewer-totals">
                      {r.reviewers.length === 0 ? (
                        <span className="muted">—</span>
                      ) : (
                        <ul className="totals">
                          {r.reviewers.map((rv) => (
                            <li key={rv.assignmentId}>
                              <span className="totals-name">{rv.name}</span> <span className={rv.total === null ? "muted" : "num"}>{rv.total === null ? t("adminReview.notReviewed") : score2(rv.total)}</span>
                              {rv.revisions.map((v) => (
                                <p key={v.revisedAt} className="revision-note small" data-testid="revision-note">
                                  {t("adminReview.revisionNote", { at: formatKstDateTime(new Date(v.revisedAt), locale), before: score2(v.previousTotal), after: score2(v.total), reason: v.reason })}
                                </p>
                              ))}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td className="num" data-testid="mean">{score2(r.mean)}</td>
                    <td className="num strong" data-testid="trimmed-mean">{score2(r.trimmedMean)}</td>
                    <td className="num" data-testid="sd">{score2(r.stdDev)}</td>
                    <td className="num" data-testid="normalized">{zScore(r.normalized)}</td>
                    <td className="flag-cell">
                      {r.disagreement && (
                        <span className="badge badge-disagreement" title={t("adminReview.disagreementHint", { range: DISAGREEMENT_RANGE })} data-testid="disagreement-flag">
                          {t("adminReview.disagreementFlag")}
                        </span>
                      )}
                      {r.revisedAfterReading > 0 && (
                        <span className="badge badge-disagreement" title={t("adminReview.revisedHint")} data-testid="revised-flag">
                          {t("adminReview.revisedFlag", { count: r.revisedAfterReading })}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <ul className="footnotes muted">
          <li id="note-trimmed">* {t("adminReview.trimmedNote")}</li>
          <li id="note-z">† {t("adminReview.zNote")}</li>
          <li>{t("adminReview.sdNote")}</li>
          <li>
            {t("adminReview.disagreementFlag")}: {t("adminReview.disagreementHint", { range: DISAGREEMENT_RANGE })}
          </li>
          <li>
            {t("adminReview.revisedFlag", { count: "N" })}: {t("adminReview.revisedHint")}
          </li>
        </ul>
      </section>
    </>
  );
}
