import type { PublicCall } from "@/lib/calls";
import type { CallDocumentView } from "@/lib/calls/list-call-documents";
import type { Locale } from "@/lib/i18n";
import { getTranslator } from "@/lib/i18n";
import { formatBytes } from "@/lib/storage/size";

/** The call page's 공고문·서식 list: kind, title, type, size and a download link for each. */
export function CallDocumentsList({ slug, documents, locale }: { slug: string; documents: CallDocumentView[]; locale: Locale }) {
  const t = getTranslator(locale);
  return (
    <section className="card" aria-labelledby="call-documents-title" data-testid="call-documents">
      <h2 id="call-documents-title">{t("calls.documentsTitle")}</h2>
      {documents.length === 0 ? (
        <p className="muted" data-testid="call-documents-none">
          {t("calls.documentsNone")}
        </p>
      ) : (
        <table className="responsive">
          <caption className="sr-only">{t("calls.documentsCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("calls.colKind")}</th>
              <th scope="col">{t("calls.colDocTitle")}</th>
              <th scope="col">{t("calls.colType")}</th>
              <th scope="col" className="num">{t("calls.colSize")}</th>
              <th scope="col">{t("calls.colDownload")}</th>
            </tr>
          </thead>
          <tbody>
            {documents.map((d) => {
              const size = formatBytes(d.size, locale);
              return (
                <tr key={d.id} data-testid="call-document-row" data-kind={d.kind}>
                  <td data-label={t("calls.colKind")}>
                    <span className={`badge badge-doc-${d.kind}`}>{t(`enums.callDocumentKind.${d.kind}`)}</span>
                  </td>
                  <td data-label={t("calls.colDocTitle")} className="break" data-testid="call-document-title">
                    {d.title}
                  </td>
                  <td data-label={t("calls.colType")} data-testid="call-document-type">
                    {d.type}
                  </td>
                  <td data-label={t("calls.colSize")} className="num nowrap" data-testid="call-document-size">
                    {size}
                  </td>
                  <td data-label={t("calls.colDownload")}>
                    <a
                      href={`/api/v1/calls/${encodeURIComponent(slug)}/documents/${d.id}`}
                      download={d.fileName}
                      className="break"
                      data-testid="call-document-download"
                    >
                      {d.fileName}
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** 문의처: department, phone (a tel: link) and e-mail (a mailto: link), as the admin entered them. */
export function CallContact({ call, locale }: { call: Pick<PublicCall, "contactDepartment" | "contactPhone" | "contactEmail">; locale: Locale }) {
  const t = getTranslator(locale);
  const any = call.contactDepartment || call.contactPhone || call.contactEmail;
  return (
    <section className="card" aria-labelledby="call-contact-title" data-testid="call-contact">
      <h2 id="call-contact-title">{t("calls.contactTitle")}</h2>
      {!any ? (
        <p className="muted">{t("calls.contactNone")}</p>
      ) : (
        <dl className="facts">
          {call.contactDepartment && (
            <>
              <dt>{t("calls.contactDepartment")}</dt>
              <dd className="break" data-testid="contact-department">{call.contactDepartment}</dd>
            </>
          )}
          {call.contactPhone && (
            <>
              <dt>{t("calls.contactPhone")}</dt>
              <dd data-testid="contact-phone">
                <a href={`tel:${call.contactPhone.replace(/[^\d+]/g, "")}`}>{call.contactPhone}</a>
              </dd>
            </>
          )}
          {call.contactEmail && (
            <>
              <dt>{t("calls.contactEmail")}</dt>
              <dd className="break" data-testid="contact-email">
                <a href={`mailto:${call.contactEmail}`}>{call.contactEmail}</a>
              </dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
