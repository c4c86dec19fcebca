import Link from "next/link";
import { forbidden } from "next/navigation";
import { callDashboard, dashboardCallPicker, PICKER_STATES, type CallDashboard } from "@/lib/admin/dashboard";
import { isAppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { formatKrw } from "@/lib/money";
import { formatKstDateTime } from "@/lib/time/kst";
import { requirePageActor } from "../_components/guard";
import { BarChart, type ChartBar } from "./dashboard-chart";
import { CallPicker } from "./call-picker";
import { pageTitle } from "@/app/_components/metadata";

type SearchParams = Record<string, string | string[] | undefined>;
type T = Awaited<ReturnType<typeof getT>>["t"];

const KST_MS = 9 * 3_600_000;
/** The KST wall clock of an instant, read off a shifted UTC date. */
const kst = (iso: string) => new Date(Date.parse(iso) + KST_MS);
const pad = (n: number) => String(n).padStart(2, "0");
const kstDay = (iso: string) => `${kst(iso).getUTCMonth() + 1}/${kst(iso).getUTCDate()}`;
const kstHm = (iso: string) => `${pad(kst(iso).getUTCHours())}:${pad(kst(iso).getUTCMinutes())}`;
const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);

function Ratio({ t, label, done, total, testId }: { t: T; label: string; done: number; total: number; testId: string }) {
  const p = pct(done, total);
  return (
    <div className="dash-ratio" data-testid={testId} data-done={done} data-total={total}>
      <div className="dash-ratio-head">
        <span>{label}</span>
        <span className="num nowrap">{t("adminDashboard.ratio", { done, total, percent: p })}</span>
      </div>
      <span className={`meter dash-meter${total > 0 && done === total ? " full" : ""}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-valuetext={`${done} / ${total}`}>
        <span style={{ width: `${p}%` }} />
      </span>
    </div>
  );
}

function SubmissionCharts({ d, t, locale }: { d: CallDashboard; t: T; locale: "ko" | "en" }) {
  const s = d.submissions;
  const when = (iso: string) => formatKstDateTime(new Date(iso), locale);
  const dayEvery = Math.max(1, Math.ceil(s.perDay.length / 12));
  const dayBars: ChartBar[] = s.perDay.map((b, i) => ({ label: kstDay(b.start), count: b.count, tick: i % dayEvery === 0 || i === s.perDay.length - 1 ? kstDay(b.start) : undefined }));
  // Drop a tick that would crowd the last one.
  if (dayBars.length > 2 && (dayBars.length - 1) % dayEvery !== 0 && (dayBars.length - 1) % dayEvery < dayEvery / 2) {
    const j = Math.floor((dayBars.length - 1) / dayEvery) * dayEvery;
    dayBars[j] = { ...dayBars[j]!, tick: undefined };
  }
  const peak = s.perDay.reduce((best, b) => (b.count > best.count ? b : best), { start: "", count: 0, resubmissions: 0 });
  const last = s.perDay.at(-1)?.start ?? d.call.closesAt;
  const binMs = s.finalHours.length > 1 ? Date.parse(s.finalHours[1]!.start) - Date.parse(s.finalHours[0]!.start) : 600_000;
  const finalBars: ChartBar[] = s.finalHours.map((b, i) => {
    const end = new Date(Date.parse(b.start) + binMs).toISOString();
    return { label: t("adminDashboard.slot", { from: kstHm(b.start), to: kstHm(end) }), count: b.count, tick: i % 6 === 0 ? kstHm(b.start) : undefined };
  });
  return (
    <section className="card dash-wide" aria-labelledby="dash-submissions" data-testid="dash-submissions">
      <h2 id="dash-submissions">{t("adminDashboard.submissionsTitle")}</h2>
      <p className="muted">{t("adminDashboard.submissionsLead", { total: s.total, resubmissions: s.resubmissions })}</p>
      <h3>{t("adminDashboard.perDayTitle")}</h3>
      <BarChart
        id="chart-days"
        testId="chart-days"
        title={t("adminDashboard.perDayTitle")}
        desc={
          peak.count > 0
            ? t("adminDashboard.perDayDesc", { from: kstDay(s.perDay[0]?.start ?? d.call.opensAt), to: kstDay(last), total: s.total, peakDay: kstDay(peak.start), peak: peak.count })
            : t("adminDashboard.perDayDescEmpty", { from: kstDay(s.perDay[0]?.start ?? d.call.opensAt), to: kstDay(last) })
        }
        bars={dayBars}
        colLabel={t("adminDashboard.colDay")}
        colCount={t("adminDashboard.colCount")}
        barTitle={(b) => t("adminDashboard.barTitle", { label: b.label, count: b.count })}
      />
      <h3>{t("adminDashboard.finalTitle")}</h3>
      <BarChart
        id="chart-final"
        testId="chart-final"
        title={t("adminDashboard.finalTitle")}
        desc={t("adminDashboard.finalDesc", { from: when(s.finalFrom), to: when(d.call.closesAt), total: s.finalHoursTotal })}
        bars={finalBars}
        colLabel={t("adminDashboard.colSlot")}
        colCount={t("adminDashboard.colCount")}
        barTitle={(b) => t("adminDashboard.barTitle", { label: b.label, count: b.count })}
        endMarker={t("adminDashboard.cutoffMark", { time: `${kstHm(d.call.closesAt)} KST` })}
      />
      {s.afterCutoff > 0 && <p className="alert alert-info">{t("adminDashboard.afterCutoff", { count: s.afterCutoff })}</p>}
    </section>
  );
}

export const generateMetadata = pageTitle("adminDashboard.title");

export default async function AdminDashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePageActor("/admin");
  const { locale, t } = await getT();
  if (!actor.roles.includes("ADMIN")) forbidden();
  const sp = await searchParams;
  const wanted = Array.isArray(sp.call) ? sp.call[0] : sp.call;
  const picker = await dashboardCallPicker(actor);
  if (!picker.defaultCall) {
    return (
      <>
        <h1>{t("adminDashboard.title")}</h1>
        <p>{t("adminDashboard.noCalls")}</p>
      </>
    );
  }
  // The call asked for, else the one open now (else the next upcoming, else the most recently closed).
  const all = PICKER_STATES.flatMap((s) => picker.groups[s]);
  const picked = all.find((c) => c.id === wanted) ?? picker.defaultCall;
  let d: CallDashboard;
  try {
    d = await callDashboard(actor, picked.id);
  } catch (e) {
    if (isAppError(e) && e.code === "FORBIDDEN") forbidden();
    throw e;
  }
  const title = (c: { titleKo: string; titleEn: string }) => (locale === "ko" ? c.titleKo : c.titleEn);
  const money = (krw: number) => formatKrw(krw, locale);
  const when = (iso: string) => formatKstDateTime(new Date(iso), locale);
  const proposalsHref = `/admin/proposals?callId=${d.call.id}`;
  const reviewsHref = `/admin/reviews/${d.call.id}`;
  const m = d.models;
  const b = d.budget;
  const budgetPct = b.totalKrw > 0 ? (b.requestedKrw / b.totalKrw) * 100 : 0;
  const r = d.reviews;

  return (
    <>
      <h1>{t("adminDashboard.title")}</h1>
      <p className="lead">{t("adminDashboard.lead")}</p>
      {wanted && wanted !== picked.id && <p className="alert alert-warn">{t("adminDashboard.callNotFound")}</p>}

      <CallPicker
        selected={d.call.id}
        demoBadge={t("calls.demoBadge")}
        groups={PICKER_STATES.map((state) => ({ state, calls: picker.groups[state].map((c) => ({ id: c.id, title: title(c), isDemo: c.isDemo })) }))}
      />

      <section className="card" aria-labelledby="dash-call" data-testid="dash-call" data-call-id={d.call.id}>
        <h2 id="dash-call">
          {title(d.call)} <span className={`badge badge-${d.call.state}`}>{t(`calls.state${d.call.state}`)}</span>
        </h2>
        <dl className="facts">
          <dt>{t("adminDashboard.window")}</dt>
          <dd>{t("adminDashboard.windowValue", { opens: when(d.call.opensAt), closes: when(d.call.closesAt) })}</dd>
          <dt>{t("adminDashboard.callBudget")}</dt>
          <dd>{money(d.call.totalBudget)}</dd>
          <dt>{t("adminDashboard.generatedAt")}</dt>
          <dd>{when(d.generatedAt)}</dd>
        </dl>
        <p className="dash-links">
          <Link href={proposalsHref} data-testid="dash-link-proposals">
            {t("adminDashboard.linkProposals")}
          </Link>
          <Link href={reviewsHref} data-testid="dash-link-reviews">
            {t("adminDashboard.linkReviews")}
          </Link>
        </p>
      </section>

      <div className="dash-grid">
        <section className="card" aria-labelledby="dash-status" data-testid="dash-status">
          <h2 id="dash-status">{t("adminDashboard.statusTitle")}</h2>
          <ul className="dash-stats">
            {(["SUBMITTED", "DRAFT", "WITHDRAWN"] as const).map((s) => (
              <li key={s} data-testid={`dash-status-${s}`} data-count={d.status[s]}>
                <Link href={proposalsHref} className="dash-stat-link">
                  <span className="dash-stat-num">{d.status[s]}</span>
                  <span className="dash-stat-label">{t(`enums.proposalStatus.${s}`)}</span>
                </Link>
              </li>
            ))}
            <li data-testid="dash-status-none" data-count={d.status.consortiaWithoutProposal}>
              <span className="dash-stat-num">{d.status.consortiaWithoutProposal}</span>
              <span className="dash-stat-label">{t("adminDashboard.noProposal")}</span>
            </li>
          </ul>
          <p className="muted">{t("adminDashboard.statusTotal", { count: d.status.total })}</p>
        </section>

        <section className="card" aria-labelledby="dash-budget" data-testid="dash-budget" data-requested={b.requestedKrw} data-total={b.totalKrw}>
          <h2 id="dash-budget">{t("adminDashboard.budgetTitle")}</h2>
          <p className="dash-money">
            <span className="dash-money-main" data-testid="dash-budget-requested">
              {money(b.requestedKrw)}
            </span>
            <span className="muted">
              {" / "}
              {money(b.totalKrw)}
            </span>
          </p>
          <span
            className={`meter dash-meter dash-budget-meter${budgetPct > 100 ? " over" : ""}`}
            role="progressbar"
            aria-label={t("adminDashboard.budgetBarLabel")}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(budgetPct)}
            aria-valuetext={t("adminDashboard.budgetRatio", { percent: Math.round(budgetPct) })}
          >
            <span style={{ width: `${Math.min(100, budgetPct)}%` }} />
          </span>
          <p>{t("adminDashboard.budgetRatio", { percent: Math.round(budgetPct) })}</p>
          {budgetPct > 100 && <p className="alert alert-warn">{t("adminDashboard.budgetOver", { ratio: (b.requestedKrw / b.totalKrw).toFixed(2) })}</p>}
          <p className="muted">{t("adminDashboard.budgetBasis", { count: b.proposals })}</p>
        </section>

        <section className="card" aria-labelledby="dash-approach" data-testid="dash-approach">
          <h2 id="dash-approach">{t("adminDashboard.approachTitle")}</h2>
          <p className="muted">{t("adminDashboard.approachLead", { proposals: m.proposals, models: m.total })}</p>
          {m.total === 0 ? (
            <p>{t("adminDashboard.noModels")}</p>
          ) : (
            <ul className="dash-hbars">
              {m.byApproach.map((a) => (
                <li key={a.approach} data-testid={`dash-approach-${a.approach}`} data-count={a.models} data-foreign={a.foreignBase}>
                  <div className="dash-hbar-head">
                    <span>{t(`adminDashboard.approach.${a.approach}`)}</span>
                    <span className="num nowrap">{t("adminDashboard.modelsCount", { count: a.models, percent: pct(a.models, m.total) })}</span>
                  </div>
                  <span className="dash-hbar" aria-hidden="true">
                    <span className={`dash-hbar-fill dash-fill-${a.approach}`} style={{ width: `${pct(a.models, m.total)}%` }} />
                    {a.approach === "FINE_TUNED" && a.foreignBase > 0 && <span className="dash-hbar-fill dash-fill-foreign" style={{ width: `${pct(a.foreignBase, m.total)}%` }} />}
                  </span>
                  {a.foreignBase > 0 && (
                    <span className={`muted${a.approach === "FINE_TUNED" ? " dash-foreign-text" : ""}`}>{t("adminDashboard.foreignBase", { count: a.foreignBase })}</span>
                  )}
                </li>
              ))}
            </ul>
          )}
          <dl className="facts dash-flags">
            <dt>
              <span className="badge badge-foreign">{t("adminDashboard.fineTunedForeign")}</span>
            </dt>
            <dd data-testid="dash-ft-foreign">{t("adminDashboard.modelsCount", { count: m.fineTunedFromForeign, percent: pct(m.fineTunedFromForeign, m.total) })}</dd>
            <dt>{t("adminDashboard.foreignOnlyProposals")}</dt>
            <dd data-testid="dash-foreign-only" className={m.foreignFineTuneOnlyProposals > 0 ? "dash-foreign-text" : undefined}>
              {t("adminDashboard.proposalsCount", { count: m.foreignFineTuneOnlyProposals, total: m.proposals })}
            </dd>
            <dt>{t("adminDashboard.withScratchProposals")}</dt>
            <dd data-testid="dash-with-scratch">{t("adminDashboard.proposalsCount", { count: m.proposalsWithScratch, total: m.proposals })}</dd>
          </dl>
          <p className="alert alert-info dash-note">{t("adminDashboard.approachNote")}</p>
        </section>

        <section className="card" aria-labelledby="dash-reviews" data-testid="dash-reviews">
          <h2 id="dash-reviews">{t("adminDashboard.reviewTitle")}</h2>
          <p className="muted">{t("adminDashboard.reviewLead", { count: r.proposalsToReview })}</p>
          {r.assigned === 0 ? (
            <p>{t("adminDashboard.reviewNone")}</p>
          ) : (
            <>
              <Ratio t={t} label={t("adminDashboard.reviewDeclared")} done={r.declared} total={r.assigned} testId="dash-review-declared" />
              <Ratio t={t} label={t("adminDashboard.reviewSubmitted")} done={r.submitted} total={r.assigned} testId="dash-review-submitted" />
            </>
          )}
          <Ratio t={t} label={t("adminDashboard.reviewProposals")} done={r.proposalsReviewed} total={r.proposalsToReview} testId="dash-review-proposals" />
          <p>
            <Link href={reviewsHref}>{t("adminDashboard.linkReviews")} →</Link>
          </p>
        </section>
      </div>

      <SubmissionCharts d={d} t={t} locale={locale} />
    </>
  );
}
