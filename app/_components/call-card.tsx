import Link from "next/link";
import type { PublicCall } from "@/lib/calls";
import type { Locale } from "@/lib/i18n";
import { getTranslator } from "@/lib/i18n";
import { formatKrw } from "@/lib/money";
import { formatKstDateTime } from "@/lib/time/kst";
import { now } from "@/lib/time/clock";
import { Countdown } from "./countdown";

export function CallCard({ call, locale, detailed = false }: { call: PublicCall; locale: Locale; detailed?: boolean }) {
  const t = getTranslator(locale);
  const closes = formatKstDateTime(new Date(call.closesAt), locale);
  const title = locale === "ko" ? call.titleKo : call.titleEn;
  const Heading = detailed ? "h1" : "h2";
  return (
    <section className="card" data-testid={`call-${call.slug}`} aria-labelledby={`title-${call.slug}`}>
      <p style={{ margin: 0 }}>
        <span className={`badge badge-${call.state}`} data-testid="call-state">{t(`calls.state${call.state}`)}</span>
        {call.isDemo && <span className="badge badge-demo">{t("calls.demoBadge")}</span>}
      </p>
      <Heading id={`title-${call.slug}`}>{title}</Heading>
      {locale === "ko" && <p className="muted" lang="en" style={{ marginTop: 0 }}>{call.titleEn}</p>}
      {call.isDemo && <p className="alert alert-info">{t("calls.demoNotice")}</p>}
      <p>{locale === "ko" ? call.summaryKo : call.summaryEn}</p>
      <dl className="facts">
        <dt>{t("calls.ministry")}</dt>
        <dd>{locale === "ko" ? call.ministryKo : call.ministryEn}</dd>
        <dt>{t("calls.budget")}</dt>
        <dd data-testid="call-budget">{formatKrw(call.totalBudget, locale)}</dd>
        <dt>{t("calls.opensAt")}</dt>
        <dd>
          {formatKstDateTime(new Date(call.opensAt), locale)}
          {!call.isDemo && <div className="muted">{t("calls.opensAssumed")}</div>}
        </dd>
        <dt>{t("calls.closesAt")}</dt>
        <dd data-testid="call-closes-at">
          <time dateTime={call.closesAt}>{closes}</time>
        </dd>
      </dl>
      <Countdown opensAt={call.opensAt} closesAt={call.closesAt} serverNow={now().toISOString()} closedText={t("calls.closedLine", { closesAt: closes })} />
      <ApplyAction call={call} locale={locale} detailed={detailed} />
      {!detailed && (
        <p style={{ marginBottom: 0 }}>
          <Link href={`/calls/${call.slug}`}>{t("calls.details")} →</Link>
        </p>
      )}
    </section>
  );
}

/**
 * 「신청하기」: while the call is open, straight to the new-consortium form with this call chosen (signed
 * out, the page's guard sends the visitor through sign-in and back there). Before it opens, the button
 * is shown disabled with the opening time; once closed, not at all.
 */
function ApplyAction({ call, locale, detailed }: { call: PublicCall; locale: Locale; detailed: boolean }) {
  const t = getTranslator(locale);
  if (call.state === "CLOSED") return null;
  const hintId = `apply-hint-${call.slug}`;
  if (call.state === "UPCOMING") {
    return (
      <div className="apply-action">
        <button type="button" className="button apply" disabled aria-describedby={hintId} data-testid="apply-button">
          {t("calls.apply")}
        </button>
        <p className="muted" id={hintId} data-testid="apply-upcoming">
          {t("calls.applyUpcoming", { opensAt: formatKstDateTime(new Date(call.opensAt), locale) })}
        </p>
      </div>
    );
  }
  return (
    <div className="apply-action">
      <Link className="button apply" href={`/consortia?call=${encodeURIComponent(call.slug)}`} aria-describedby={detailed ? hintId : undefined} data-testid="apply-button">
        {t("calls.apply")}
      </Link>
      {detailed && (
        <p className="muted" id={hintId}>
          {t("calls.applyLead")}
        </p>
      )}
    </div>
  );
}
