import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getProposalForAdmin, type AdminProposal } from "@/lib/admin/proposals";
import { diffLabel, diffLeaves, type DiffLabels } from "@/lib/admin/version-diff";
import { wordDiff } from "@/lib/admin/word-diff";
import { MESSAGES, type Locale } from "@/lib/i18n";
import { isAppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { formatKstDateTime } from "@/lib/time/kst";
import { requirePageActor } from "../../../_components/guard";
import { bytes, compactCount, money } from "../format";
import { recordTitle } from "@/app/_components/metadata";

type T = Awaited<ReturnType<typeof getT>>["t"];
type Version = AdminProposal["versions"][number];

export const generateMetadata = async ({ params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return recordTitle("meta.adminProposal", async (actor) => (await getProposalForAdmin(actor, id)).consortium.name);
};

export default async function AdminProposalPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor(`/admin/proposals/${id}`);
  const { locale, t } = await getT();
  let p: AdminProposal;
  try {
    p = await getProposalForAdmin(actor, id);
  } catch (e) {
    if (isAppError(e) && e.code === "FORBIDDEN") forbidden();
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  const last = p.versions.at(-1);
  const title = last?.document.content.overview.titleKo ?? (p.draft.content as { overview?: { titleKo?: string } }).overview?.titleKo;
  const kst = (iso: string) => formatKstDateTime(new Date(iso), locale, true);
  const newestFirst = [...p.versions].reverse();

  return (
    <>
      <p className="breadcrumb">
        <Link href={`/admin/proposals?callId=${p.call.id}`} data-testid="back-to-list">
          {t("adminProposals.backToList")}
        </Link>
      </p>
      <h1>{p.consortium.name}</h1>
      {title && <p className="lead">{title}</p>}

      <section className="card" aria-labelledby="h-facts">
        <h2 id="h-facts">{t("adminProposals.facts")}</h2>
        <dl className="facts" data-testid="proposal-facts">
          <dt>{t("adminProposals.status")}</dt>
          <dd>
            <span className={`badge badge-status-${p.status}`}>{t(`enums.proposalStatus.${p.status}`)}</span>
            {p.foreignFineTuneOnly && <span className="badge badge-foreign">{t("adminProposals.flagBadge")}</span>}
          </dd>
          <dt>{t("adminProposals.colReceipt")}</dt>
          <dd className="mono">{last?.receiptNo ?? <span className="muted">{t("adminProposals.notSubmitted")}</span>}</dd>
          <dt>{t("adminProposals.serial")}</dt>
          <dd>{p.serialNo}</dd>
          <dt>{t("adminProposals.call")}</dt>
          <dd>{locale === "en" ? p.call.titleEn : p.call.titleKo}</dd>
          <dt>{t("adminProposals.leadOrg")}</dt>
          <dd>
            {p.consortium.leadOrganization.name} · {t(`enums.orgType.${p.consortium.leadOrganization.type}`)}
          </dd>
          {p.withdrawnAt && (
            <>
              <dt>{t("adminProposals.withdrawnAt")}</dt>
              <dd>{kst(p.withdrawnAt)}</dd>
            </>
          )}
          <dt>{t("adminProposals.draftSavedAt")}</dt>
          <dd>{kst(p.draft.savedAt)}</dd>
        </dl>
        {last && p.draft.submittedDraftVersion !== p.draft.version && <p className="alert alert-info">{t("adminProposals.draftChanged")}</p>}
      </section>

      <section className="card" aria-labelledby="h-versions">
        <h2 id="h-versions">{t("adminProposals.versionsTitle")}</h2>
        {p.versions.length === 0 ? (
          <p className="muted" data-testid="no-versions">
            {t("adminProposals.noVersions")}
          </p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="versions" data-testid="versions-table">
              <thead>
                <tr>
                  <th scope="col">{t("adminProposals.colVersion")}</th>
                  <th scope="col">{t("adminProposals.colReceipt")}</th>
                  <th scope="col">{t("adminProposals.colSubmittedAt")}</th>
                  <th scope="col">{t("adminProposals.colSubmitter")}</th>
                  <th scope="col">{t("adminProposals.colSha")}</th>
                </tr>
              </thead>
              <tbody>
                {newestFirst.map((v) => (
                  <tr key={v.versionNo} data-testid="version-row" data-version={v.versionNo}>
                    <th scope="row">
                      <a href={`#v${v.versionNo}`}>{t("adminProposals.versionNo", { n: v.versionNo })}</a>
                    </th>
                    <td className="mono nowrap">{v.receiptNo}</td>
                    <td className="nowrap">{kst(v.submittedAt)}</td>
                    <td>
                      {v.submittedBy.name}
                      <div className="muted">{v.submittedBy.email}</div>
                    </td>
                    <td>
                      <code className="hash">{v.sha256}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {newestFirst.map((v) => (
        <VersionCard key={v.versionNo} proposalId={p.id} v={v} t={t} locale={locale} />
      ))}
    </>
  );
}

/** A leaf value as text: booleans in words, the rest as written. */
function leafText(v: unknown, m: DiffLabels & { yes: string; no: string }) {
  if (typeof v === "boolean") return v ? m.yes : m.no;
  return String(v);
}

/** One side of a change: absent, a plain value, or (a model, an organisation added whole) its labelled leaves. */
function Value({ v, path, t, m }: { v: unknown; path: string; t: T; m: DiffLabels & { yes: string; no: string } }) {
  if (v === null || v === undefined) return <span className="muted">{t("adminProposals.absent")}</span>;
  if (typeof v === "object") {
    const leaves = diffLeaves(v, path);
    return (
      <dl className="diff-leaves">
        {leaves.map((l) => (
          <div key={l.path} style={{ display: "contents" }}>
            <dt>{diffLabel(l.path, m)}</dt>
            <dd>{l.value === null || typeof l.value === "object" ? <span className="muted">{t("adminProposals.absent")}</span> : leafText(l.value, m)}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return <>{leafText(v, m)}</>;
}

/** Long text changed on both sides: word marks (<del> before, <ins> after) instead of two whole copies. */
const isLongText = (a: unknown, b: unknown): a is string => typeof a === "string" && typeof b === "string" && (a.length > 40 || b.length > 40 || /\s/.test(a + b));

function WordMarks({ before, after, side, m }: { before: string; after: string; side: "before" | "after"; m: { removed: string; added: string } }) {
  const parts = wordDiff(before, after);
  return (
    <>
      {parts.map((p, i) =>
        p.kind === "same" ? (
          <span key={i}>{p.text}</span>
        ) : p.kind === "del" ? (
          side === "before" ? (
            <del key={i} data-testid="diff-del" title={m.removed}>
              {p.text}
            </del>
          ) : null
        ) : side === "after" ? (
          <ins key={i} data-testid="diff-ins" title={m.added}>
            {p.text}
          </ins>
        ) : null,
      )}
    </>
  );
}

function VersionCard({ proposalId, v, t, locale }: { proposalId: string; v: Version; t: T; locale: string }) {
  const m = MESSAGES[locale as Locale].versionDiff;
  const d = v.document;
  const o = d.content.overview;
  return (
    <section className="card version-card" id={`v${v.versionNo}`} aria-labelledby={`h-v${v.versionNo}`} data-testid="version-card" data-version={v.versionNo}>
      <h2 id={`h-v${v.versionNo}`}>
        {t("adminProposals.versionHeading", { n: v.versionNo })} <span className="mono muted">{v.receiptNo}</span>
      </h2>

      {v.changes && (
        <div className="version-changes" data-testid="version-changes">
          <h3>
            {t("adminProposals.changesTitle", { prev: v.versionNo - 1 })} <span className="badge badge-changes">{t("adminProposals.changeCount", { count: v.changes.length })}</span>
          </h3>
          {v.changes.length === 0 ? (
            <p className="muted">{t("adminProposals.noChanges")}</p>
          ) : (
            <div className="table-wrap" tabIndex={0}>
              <table className="diff" data-testid="diff-table">
                <thead>
                  <tr>
                    <th scope="col">{t("adminProposals.colPath")}</th>
                    <th scope="col">{t("adminProposals.colBefore")}</th>
                    <th scope="col">{t("adminProposals.colAfter")}</th>
                  </tr>
                </thead>
                <tbody>
                  {v.changes.map((c) => {
                    const words = isLongText(c.before, c.after);
                    return (
                      <tr key={c.path} data-testid="diff-row" data-path={c.path}>
                        <th scope="row" data-testid="diff-label">
                          {diffLabel(c.path, m)}
                        </th>
                        <td className="diff-before">
                          <div className="diff-value">{words ? <WordMarks before={c.before as string} after={c.after as string} side="before" m={m} /> : <Value v={c.before} path={c.path} t={t} m={m} />}</div>
                        </td>
                        <td className="diff-after">
                          <div className="diff-value">{words ? <WordMarks before={c.before as string} after={c.after as string} side="after" m={m} /> : <Value v={c.after} path={c.path} t={t} m={m} />}</div>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {v.changes.some((c) => isLongText(c.before, c.after)) && <p className="muted small">{m.wordNote}</p>}
        </div>
      )}

      <h3>{t("adminProposals.overview")}</h3>
      <dl className="facts">
        <dt>{t("adminProposals.titleKo")}</dt>
        <dd>{o.titleKo}</dd>
        <dt>{t("adminProposals.titleEn")}</dt>
        <dd>{o.titleEn}</dd>
        <dt>{t("adminProposals.summaryLabel")}</dt>
        <dd className="prewrap">{o.summary}</dd>
        <dt>{t("adminProposals.duration")}</dt>
        <dd>{t("adminProposals.months", { n: o.durationMonths })}</dd>
        <dt>{t("adminProposals.budget")}</dt>
        <dd>{money(o.requestedBudgetKrw, locale)}</dd>
      </dl>

      <h3>{t("adminProposals.models")}</h3>
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="version-models">
          <thead>
            <tr>
              <th scope="col">{t("adminProposals.colModel")}</th>
              <th scope="col" className="num">{t("adminProposals.colParams")}</th>
              <th scope="col">{t("adminProposals.colArchitecture")}</th>
              <th scope="col">{t("adminProposals.colApproach")}</th>
              <th scope="col">{t("adminProposals.colBaseModel")}</th>
            </tr>
          </thead>
          <tbody>
            {d.content.models.map((m, i) => (
              <tr key={i}>
                <th scope="row">{m.name}</th>
                <td className="num nowrap">{compactCount(m.parameterCount, locale)}</td>
                <td>{m.architecture}</td>
                <td>
                  <span className={`badge badge-approach-${m.approach}`}>{t(`adminProposals.approachShort.${m.approach}`)}</span>
                </td>
                <td>{m.baseModel ? t("adminProposals.baseModel", { name: m.baseModel.name, developer: m.baseModel.developer, country: m.baseModel.country }) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>{t("adminProposals.organizations")}</h3>
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="version-organizations">
          <thead>
            <tr>
              <th scope="col">{t("adminProposals.colOrg")}</th>
              <th scope="col">{t("adminProposals.colRole")}</th>
              <th scope="col">{t("adminProposals.colType")}</th>
              <th scope="col" className="num">{t("adminProposals.colShare")}</th>
              <th scope="col">{t("adminProposals.colConfirmed")}</th>
            </tr>
          </thead>
          <tbody>
            {d.consortium.organizations.map((org) => (
              <tr key={org.businessRegNo}>
                <th scope="row">
                  {org.name}
                  <div className="muted mono">{org.businessRegNo}</div>
                </th>
                <td>
                  <span className={`badge badge-${org.role}`}>{t(`enums.orgRole.${org.role}`)}</span>
                </td>
                <td>{t(`enums.orgType.${org.type}`)}</td>
                <td className="num nowrap">{money(org.budgetShareKrw, locale)}</td>
                <td>{org.confirmedAt ? t("adminProposals.confirmed") : <span className="muted">{t("adminProposals.unconfirmed")}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>{t("adminProposals.attachments")}</h3>
      {d.attachments.length === 0 ? (
        <p className="muted">{t("adminProposals.noAttachments")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table data-testid="version-attachments">
            <thead>
              <tr>
                <th scope="col">{t("adminProposals.colKind")}</th>
                <th scope="col">{t("adminProposals.colFile")}</th>
                <th scope="col" className="num">{t("adminProposals.colSize")}</th>
                <th scope="col">{t("adminProposals.colSha")}</th>
              </tr>
            </thead>
            <tbody>
              {d.attachments.map((a) => (
                <tr key={a.id}>
                  <td className="nowrap">{t(`enums.attachmentKind.${a.kind}`)}</td>
                  <th scope="row">
                    <a href={`/api/v1/proposals/${proposalId}/attachments/${a.id}`} data-testid="attachment-link">
                      {a.fileName}
                    </a>
                  </th>
                  <td className="num nowrap">{bytes(a.size, locale)}</td>
                  <td>
                    <code className="hash">{a.sha256}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
