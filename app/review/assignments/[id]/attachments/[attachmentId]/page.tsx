import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { INLINE_MEDIA_TYPE } from "@/lib/http/file";
import { getReviewAttachment } from "@/lib/reviews/reviewer";
import { requirePageActor } from "../../../../../_components/guard";
import { formatBytes } from "../../format";
import { recordTitle } from "@/app/_components/metadata";

export const generateMetadata = async ({ params }: { params: Promise<{ id: string; attachmentId: string }> }) => {
  const { id, attachmentId } = await params;
  return recordTitle("meta.attachmentViewer", async (actor) => (actor ? (await getReviewAttachment(actor, id, attachmentId)).fileName : null));
};

/**
 * A PDF of the version under review, shown inline on a page of ours (the file's own answer allows
 * framing by this origin only). Other types have no viewer: they stay downloads.
 */
export default async function AttachmentViewerPage({ params }: { params: Promise<{ id: string; attachmentId: string }> }) {
  const { id, attachmentId } = await params;
  const actor = await requirePageActor(`/review/assignments/${id}/attachments/${attachmentId}`);
  const { t } = await getT();
  const a = await getReviewAttachment(actor, id, attachmentId).catch((e: unknown) => {
    if (isAppError(e) && e.code === "FORBIDDEN") forbidden();
    // Not assigned, not declared, not readable yet, withdrawn: nothing to show here.
    if (isAppError(e)) notFound();
    throw e;
  });
  if (a.mediaType !== INLINE_MEDIA_TYPE) notFound();
  const base = `/api/v1/review/assignments/${a.assignmentId}/attachments/${a.id}`;
  return (
    <div className="review-page">
      <p className="breadcrumb">
        <Link href={`/review/assignments/${a.assignmentId}`}>← {t("review.backToAssignment")}</Link>
      </p>
      <h1 className="break">{t("review.viewerTitle", { file: a.fileName })}</h1>
      <p className="muted break">{t("review.viewerLead", { kind: t(`enums.attachmentKind.${a.kind}`), size: formatBytes(a.size), sha256: a.sha256 })}</p>
      <p>
        <a className="button secondary small" href={base} download={a.fileName} data-testid="viewer-download">
          {t("review.download")}
        </a>{" "}
        <span className="muted">{t("review.viewerFallback")}</span>
      </p>
      <iframe className="pdf-viewer" src={`${base}/inline`} title={a.fileName} data-testid="pdf-viewer" />
    </div>
  );
}
