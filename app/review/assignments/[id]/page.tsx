import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getCallBySlug } from "@/lib/calls";
import { isAppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n";
import { getT } from "@/lib/i18n/server";
import { formatKrw } from "@/lib/money";
import { INLINE_MEDIA_TYPE } from "@/lib/http/file";
import { getAssignedProposal, listMyAssignments } from "@/lib/reviews/reviewer";
import type { VersionDocument } from "@/lib/proposals/version-document";
import { now } from "@/lib/time/clock";
import { formatKstDateTime } from "@/lib/time/kst";
import { requirePageActor } from "../../../_components/guard";
import { ConflictForm, DeclarationForm } from "./declaration-forms";
import { compact, countryName, deadlineText, formatBytes, grouped } from "./format";
import { ReviewForm } from "./review-form";
import { recordTitle } from "@/app/_components/metadata";
import { hangulLang } from "@/lib/text";

type T = Awaited<ReturnType<typeof getT>>["t"];
type Summary = Awaited<ReturnType<typeof listMyAssignments>>[number];

export const generateMetadata = async ({ params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return recordTitle("meta.reviewAssignment", async (actor) => {
    const view = await getAssignedProposal(actor, id);
    return view.document.content.overview.titleKo;
  });
};

export default async function ReviewAssignmentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <div className="review-page">{await AssignmentView(id)}</div>;
}

async function AssignmentView(id: string) {
  const actor = await requirePageActor(`/review/assignments/${id}`);
  const { locale, t } = await getT();
  let view: Awaited<ReturnType<typeof getAssignedProposal>>;
  try {
    view = await getAssignedProposal(actor, id);
  } catch (e) {
    if (!isAppError(e)) throw e;
    if (e.code === "NOT_FOUND") notFound();
    if (e.code === "FORBIDDEN") forbidden(); // 403: not a reviewer at all
    // Before the declaration (or before the cutoff) only what the assignment list shows is known.
    const summary = (await listMyAssignments(actor)).find((a) => a.id === id);
    if (!summary) notFound();
    if (e.code === "DECLARATION_REQUIRED") {
      return (
        <>
          <Heading summary={summary} locale={locale} t={t} />
          <DeclarationForm assignmentId={id} consortium={summary.consortium} />
          <ConflictForm assignmentId={id} />
        </>
      );
    }
    if (e.code === "REVIEW_NOT_OPEN") {
      const call = await getCallBySlug(summary.call.slug);
      const closesAt = new Date(call.closesAt);
      return (
        <>
          <Heading summary={summary} locale={locale} t={t} />
          <div className="alert alert-info" role="status" data-testid="review-not-open">
            <strong>{t("review.notOpenTitle")}</strong>
            <p>{closesAt > now() ? t("review.notOpenBody", { at: formatKstDateTime(closesAt, locale) }) : t("review.notOpenExtended")}</p>
          </div>
          <ConflictForm assignmentId={id} />
        </>
      );
    }
    if (e.code === "CONFLICT") {
      return (
        <>
          <Heading summary={summary} locale={locale} t={t} />
          <div className="alert alert-error" role="status" data-testid="review-withdrawn">
            <strong>{t("review.withdrawnTitle")}</strong>
            <p>{t("review.withdrawnBody")}</p>
          </div>
        </>
      );
    }
    throw e;
  }

  const doc = view.document;
  const o = doc.content.overview;
  const money = (n: number) => formatKrw(n, locale);
  return (
    <>
      <p className="breadcrumb">
        <Link href="/review">← {t("review.backToList")}</Link>
      </p>
      <p className="muted">
        {locale === "en" ? view.call.titleEn : view.call.titleKo} · <span lang={hangulLang(doc.consortium.name)}>{doc.consortium.name}</span>
      </p>
      <h1 data-testid="proposal-title" lang={hangulLang(locale === "en" ? o.titleEn : o.titleKo)}>
        {locale === "en" ? o.titleEn : o.titleKo}{" "}
        {view.foreignFineTuneOnly && (
          <a href="#models" className="badge badge-CLOSED" data-testid="flag-badge">
            {t("review.flagged")}
          </a>
        )}
      </h1>
      <dl className="facts card" data-testid="version-facts">
        <dt>{t("review.receiptNo")}</dt>
        <dd data-testid="receipt-no">{view.version.receiptNo}</dd>
        <dt>{t("review.version")}</dt>
        <dd>v{view.version.versionNo}</dd>
        <dt>{t("review.submittedAt")}</dt>
        <dd>{formatKstDateTime(new Date(view.version.submittedAt), locale, true)}</dd>
        <dt>{t("review.deadline")}</dt>
        <dd data-testid="review-deadline">{deadlineText(view.call.reviewClosesAt, locale, t("review.noDeadline"))}</dd>
        <dt>{t("review.sha256")}</dt>
        <dd>
          <code className="hash" data-testid="version-sha256">{view.version.sha256}</code>
          <div className="muted">{t("review.sha256Hint")}</div>
        </dd>
      </dl>
      <p>
        <a href="#scoring">{t("review.jumpToScoring")} ↓</a>
      </p>

      <section className="card" aria-labelledby="h-overview">
        <h2 id="h-overview">{t("review.overviewTitle")}</h2>
        <dl className="facts">
          <dt>{t("review.titleKo")}</dt>
          <dd lang="ko">{o.titleKo}</dd>
          <dt>{t("review.titleEn")}</dt>
          <dd lang="en">{o.titleEn}</dd>
          <dt>{t("review.duration")}</dt>
          <dd>{t("review.durationValue", { months: o.durationMonths })}</dd>
          <dt>{t("review.requestedBudget")}</dt>
          <dd data-testid="requested-budget">{money(o.requestedBudgetKrw)}</dd>
        </dl>
        <h3>{t("review.summary")}</h3>
        <p className="prewrap" lang={hangulLang(o.summary)}>{o.summary}</p>
      </section>

      <section className="card" aria-labelledby="h-consortium">
        <h2 id="h-consortium">{t("review.consortiumTitle")}</h2>
        <p className="muted" lang={hangulLang(doc.consortium.name)}>{doc.consortium.name}</p>
        <div className="table-wrap" tabIndex={0}>
          <table className="responsive" data-testid="organizations">
            <thead>
              <tr>
                <th scope="col">{t("review.orgRole")}</th>
                <th scope="col">{t("review.orgName")}</th>
                <th scope="col">{t("review.orgType")}</th>
                <th scope="col" className="num">{t("review.share")}</th>
              </tr>
            </thead>
            <tbody>
              {doc.consortium.organizations.map((org) => (
                <tr key={org.businessRegNo}>
                  <td data-label={t("review.orgRole")}>
                    <span className={`badge badge-${org.role}`}>{t(`enums.orgRole.${org.role}`)}</span>
                  </td>
                  <td data-label={t("review.orgName")}>
                    <span lang={hangulLang(org.name)}>{org.name}</span>
                    <div className="org-meta muted">
                      <span>
                        {t("review.businessRegNo")} {org.businessRegNo}
                      </span>
                      <span>
                        {t("review.representative")} <span lang={hangulLang(org.representativeName)}>{org.representativeName}</span>
                      </span>
                    </div>
                  </td>
                  <td data-label={t("review.orgType")}>{t(`enums.orgType.${org.type}`)}</td>
                  <td data-label={t("review.share")} className="num">
                    {money(org.budgetShareKrw)}
                    {o.requestedBudgetKrw > 0 && <div className="muted">{t("review.sharePercent", { percent: Math.round((org.budgetShareKrw / o.requestedBudgetKrw) * 1000) / 10 })}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <ApproachPanel doc={doc} flagged={view.foreignFineTuneOnly} locale={locale} t={t} />

      <section className="card" aria-labelledby="h-plan">
        <h2 id="h-plan">{t("review.planTitle")}</h2>
        <h3>{t("review.computePlan")}</h3>
        <p className="prewrap" lang={hangulLang(doc.content.plan.computePlan)}>{doc.content.plan.computePlan}</p>
        <h3>{t("review.dataPlan")}</h3>
        <p className="prewrap" lang={hangulLang(doc.content.plan.dataPlan)}>{doc.content.plan.dataPlan}</p>
      </section>

      <section className="card" aria-labelledby="h-attachments">
        <h2 id="h-attachments">{t("review.attachmentsTitle")}</h2>
        {doc.attachments.length === 0 ? (
          <p className="muted">{t("review.noAttachments")}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="responsive" data-testid="attachments">
              <thead>
                <tr>
                  <th scope="col">{t("review.kind")}</th>
                  <th scope="col">{t("review.fileName")}</th>
                  <th scope="col" className="num">{t("review.size")}</th>
                  <th scope="col">SHA-256</th>
                </tr>
              </thead>
              <tbody>
                {doc.attachments.map((a) => (
                  <tr key={a.id}>
                    <td data-label={t("review.kind")}>{t(`enums.attachmentKind.${a.kind}`)}</td>
                    <td data-label={t("review.fileName")} className="break">
                      <a href={`/api/v1/review/assignments/${view.assignmentId}/attachments/${a.id}`} download={a.fileName} data-testid="attachment-link" lang={hangulLang(a.fileName)}>
                        {a.fileName}
                      </a>
                      {a.mediaType === INLINE_MEDIA_TYPE && (
                        <>
                          {" · "}
                          <Link href={`/review/assignments/${view.assignmentId}/attachments/${a.id}`} data-testid="attachment-view">
                            {t("review.viewPdf")}
                          </Link>
                        </>
                      )}
                    </td>
                    <td data-label={t("review.size")} className="num nowrap">
                      {formatBytes(a.size)}
                    </td>
                    <td data-label="SHA-256">
                      <code className="hash">{a.sha256}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <ReviewForm
        assignmentId={view.assignmentId}
        rubric={view.rubric}
        initial={{ scores: view.review.scores ?? {}, comment: view.review.comment ?? "", savedAt: view.review.savedAt, submittedAt: view.review.submittedAt, othersSeenAt: view.review.othersSeenAt }}
        canWrite={view.canWrite}
        reviewClosesAt={view.call.reviewClosesAt}
        serverNow={now().toISOString()}
      />

      <ConflictForm assignmentId={view.assignmentId} />
    </>
  );
}

function Heading({ summary, locale, t }: { summary: Summary; locale: Locale; t: T }) {
  return (
    <>
      <p className="breadcrumb">
        <Link href="/review">← {t("review.backToList")}</Link>
      </p>
      <p className="muted">
        {locale === "en" ? summary.call.titleEn : summary.call.titleKo} · <span lang={hangulLang(summary.consortium)}>{summary.consortium}</span>
      </p>
      <h1 lang={hangulLang(summary.title)}>
        {summary.title ?? t("review.untitled")}{" "}
        {summary.foreignFineTuneOnly && (
          <span className="badge badge-CLOSED" data-testid="flag-badge">
            {t("review.flagged")}
          </span>
        )}
      </h1>
      {summary.receiptNo && (
        <p className="muted">
          {t("review.receiptNo")} <code className="receipt-code">{summary.receiptNo}</code>
        </p>
      )}
      <p className="muted">
        {t("review.deadline")} <span data-testid="review-deadline">{deadlineText(summary.call.reviewClosesAt, locale, t("review.noDeadline"))}</span>
      </p>
    </>
  );
}

type Model = VersionDocument["content"]["models"][number];

function ApproachPanel({ doc, flagged, locale, t }: { doc: VersionDocument; flagged: boolean; locale: Locale; t: T }) {
  const models = doc.content.models;
  const counts = (["FROM_SCRATCH", "CONTINUED_PRETRAINING", "FINE_TUNED"] as const).map((a) => ({ a, n: models.filter((m) => m.approach === a).length })).filter((x) => x.n > 0);
  return (
    <section className="card approach-panel" id="models" aria-labelledby="h-models" data-testid="approach-panel">
      <h2 id="h-models">{t("review.modelsTitle")}</h2>
      <p className="muted">{t("review.modelsLead")}</p>
      <ul className="approach-counts" aria-label={t("review.modelsSummary", { count: models.length })}>
        {counts.map(({ a, n }) => (
          <li key={a} className={`approach-chip approach-${a}`}>
            {t("review.approachCount", { approach: t(`review.approachShort.${a}`), count: n })}
          </li>
        ))}
      </ul>
      {flagged && (
        <aside className="alert alert-warn flag-foreign" role="note" data-testid="flag-foreign">
          <strong>⚠ {t("review.flagTitle")}</strong>
          <p>{t("review.flagBody")}</p>
          <p className="muted">{t("review.flagHint")}</p>
        </aside>
      )}
      {models.map((m, i) => (
        <ModelCard key={i} m={m} n={i + 1} locale={locale} t={t} />
      ))}
    </section>
  );
}

function ModelCard({ m, n, locale, t }: { m: Model; n: number; locale: Locale; t: T }) {
  const base = m.baseModel;
  const foreign = !!base && base.country !== "KR";
  const count = (v: number | null | undefined) => (typeof v === "number" ? t("review.parametersValue", { short: compact(v, locale), full: grouped(v, locale) }) : <span className="muted">{t("review.notGiven")}</span>);
  return (
    <article className={`model-card approach-${m.approach}`} data-testid="model-card" data-approach={m.approach} aria-labelledby={`model-${n}`}>
      <header className="model-head">
        <h3 id={`model-${n}`}>
          <span className="muted">{t("review.model", { n })}</span> <span lang={hangulLang(m.name)}>{m.name}</span>
        </h3>
        <span className={`approach-badge approach-${m.approach}`} data-testid="model-approach">
          {t(`enums.approach.${m.approach}`)}
        </span>
      </header>
      <dl className="facts">
        <dt>{t("review.parameters")}</dt>
        <dd>{count(m.parameterCount)}</dd>
        <dt>{t("review.architecture")}</dt>
        <dd>{m.architecture}</dd>
        <dt>{t("review.baseModel")}</dt>
        <dd data-testid="base-model">
          {base ? (
            <>
              <strong>{base.name}</strong>
              <span className={foreign ? "origin-tag foreign" : "origin-tag domestic"}>{foreign ? t("review.foreignBase") : t("review.domesticBase")}</span>
              <div className="base-meta">
                <span>
                  {t("review.developer")}: {base.developer}
                </span>
                <span>
                  {t("review.country")}: {countryName(base.country, locale)}
                </span>
                <span>
                  {t("review.license")}: {base.license}
                </span>
              </div>
            </>
          ) : (
            t("review.baseNone")
          )}
        </dd>
        <dt>{t("review.ownTokenizer")}</dt>
        <dd>{m.ownTokenizer ? t("review.yes") : t("review.no")}</dd>
        <dt>{t("review.pretrainingTokens")}</dt>
        <dd>{count(m.pretrainingTokens)}</dd>
        <dt>{t("review.gpuHours")}</dt>
        <dd>{typeof m.gpuHours === "number" ? grouped(m.gpuHours, locale) : <span className="muted">{t("review.notGiven")}</span>}</dd>
      </dl>
      {m.dataSources && (
        <>
          <h4>{t("review.dataSources")}</h4>
          <p className="prewrap">{m.dataSources}</p>
        </>
      )}
      {m.openSourcePlan && (
        <>
          <h4>{t("review.openSourcePlan")}</h4>
          <p className="prewrap">{m.openSourcePlan}</p>
        </>
      )}
    </article>
  );
}
