import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { getProposalVersion } from "@/lib/proposals/get-proposal";
import type { VersionDocument } from "@/lib/proposals/version-document";
import { formatKstDateTime } from "@/lib/time/kst";
import { requirePageActor } from "../../../../../_components/guard";
import { PrintButton } from "./print-button";
import { CheckReceipt } from "./check-receipt";
import { formatBytes } from "@/lib/storage/size";
import { recordTitle } from "@/app/_components/metadata";
import { hangulLang } from "@/lib/text";


/** 접수증: everything the receipt says comes from the stored version document, so it can be checked against the API. */
export const generateMetadata = async ({ params }: { params: Promise<{ id: string; n: string }> }) => {
  const { id, n } = await params;
  return recordTitle("meta.receipt", async (actor) => {
    if (!actor || !/^\d{1,6}$/.test(n)) return null;
    const v = await getProposalVersion(actor, id, Number(n));
    return `v${n} ${v.receiptNo}`;
  });
};

export default async function ReceiptPage({ params }: { params: Promise<{ id: string; n: string }> }) {
  const { id, n } = await params;
  const actor = await requirePageActor(`/proposals/${id}/receipt/${n}`);
  const { t, locale } = await getT();
  const v = await getProposalVersion(actor, id, /^\d{1,6}$/.test(n) ? Number(n) : NaN).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const doc = v.document as unknown as VersionDocument;
  const lead = doc.consortium.organizations.find((o) => o.role === "LEAD");
  return (
    <article className="receipt" data-testid="receipt">
      <header className="receipt-head">
        <p className="muted">{t("common.appName")}</p>
        <h1>{t("proposal.receiptTitle")}</h1>
        <p>{t("proposal.receiptLead")}</p>
        <p data-testid="receipt-issuer">{t("proposal.receiptIssuer", { ministry: locale === "en" ? v.issuer.en : v.issuer.ko })}</p>
      </header>
      {v.supersededBy && (
        <p className="alert alert-warn receipt-standing" role="note" data-testid="receipt-superseded">
          <strong>{t("proposal.receiptSuperseded")}</strong>{" "}
          {t("proposal.receiptSupersededDetail", { version: v.supersededBy.versionNo, receiptNo: v.supersededBy.receiptNo, at: formatKstDateTime(new Date(v.supersededBy.submittedAt), locale, true) })}{" "}
          <a className="no-print" href={`/proposals/${id}/receipt/${v.supersededBy.versionNo}`}>{t("proposal.receiptLatest")}</a>
        </p>
      )}
      {v.withdrawnAt && (
        <p className="alert alert-error receipt-standing" role="note" data-testid="receipt-withdrawn">
          <strong>{t("proposal.receiptWithdrawn")}</strong> {t("proposal.receiptWithdrawnDetail", { at: formatKstDateTime(new Date(v.withdrawnAt), locale, true) })}
        </p>
      )}
      <dl className="facts receipt-facts">
        <dt>{t("proposal.receiptNo")}</dt>
        <dd>
          <span data-testid="receipt-no" className="receipt-no">{doc.receiptNo}</span>
          <br />
          <span className="muted small">{t("proposal.receiptNoMeaning")}</span>
        </dd>
        <dt>{t("proposal.version")}</dt>
        <dd>v{doc.versionNo}</dd>
        <dt>{t("proposal.submittedAt")}</dt>
        <dd data-testid="receipt-time">{formatKstDateTime(new Date(doc.submittedAt), locale, true)}</dd>
        <dt>{t("proposal.call")}</dt>
        <dd lang="ko">{doc.call.titleKo}</dd>
        <dt>{t("proposal.projectTitle")}</dt>
        <dd lang="ko">{doc.content.overview.titleKo}</dd>
        <dt>{t("proposal.consortium")}</dt>
        <dd lang={hangulLang(doc.consortium.name)}>
          {doc.consortium.name}
          {lead && ` (${t("enums.orgRole.LEAD")}: ${lead.name}, ${lead.businessRegNo})`}
        </dd>
        <dt>{t("proposal.submittedBy")}</dt>
        <dd lang={hangulLang(doc.submittedBy.name)}>
          {doc.submittedBy.name} &lt;{doc.submittedBy.email}&gt;
        </dd>
        <dt>{t("proposal.sha256")}</dt>
        <dd>
          <code className="hash" data-testid="receipt-sha256">{v.sha256}</code>
        </dd>
      </dl>
      <h2>{t("proposal.attachmentsManifest")}</h2>
      <div className="table-wrap" tabIndex={0}>
        <table className="responsive" data-testid="receipt-attachments">
          <thead>
            <tr>
              <th>{t("proposal.kind")}</th>
              <th>{t("proposal.fileName")}</th>
              <th>{t("proposal.size")}</th>
              <th>SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {doc.attachments.map((a) => (
              <tr key={a.id}>
                <td data-label={t("proposal.kind")}>{t(`enums.attachmentKind.${a.kind}`)}</td>
                <td data-label={t("proposal.fileName")} lang={hangulLang(a.fileName)}>{a.fileName}</td>
                <td data-label={t("proposal.size")}>{formatBytes(a.size)}</td>
                <td data-label="SHA-256">
                  <code className="hash">{a.sha256}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("proposal.checkTitle")}</h2>
      <p>{t("proposal.checkLead")}</p>
      <CheckReceipt url={`/api/v1/proposals/${id}/versions/${doc.versionNo}`} sha256={v.sha256} />
      <details className="no-print">
        <summary>{t("proposal.checkTechnical")}</summary>
        <p className="muted">{t("proposal.verifyHow", { url: `/api/v1/proposals/${id}/versions/${doc.versionNo}` })}</p>
      </details>
      <p className="no-print">
        <PrintButton label={t("proposal.print")} /> <a href={`/proposals/${id}`}>{t("proposal.backToProposal")}</a>
      </p>
    </article>
  );
}
