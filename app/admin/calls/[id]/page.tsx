import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { getAdminCall, listCallConsortia } from "@/lib/admin/calls";
import { isAppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { formatKstDateTime } from "@/lib/time/kst";
import { requirePageActor } from "../../../_components/guard";
import { toKstInput } from "../../reviews/format";
import { CallForm, type CallFormValues } from "../call-form";
import { ExtensionForm } from "./extension-form";
import { CallDocuments } from "./call-documents";
import { listCallDocuments } from "@/lib/calls/list-call-documents";
import { recordTitle } from "@/app/_components/metadata";

/** The form's value for an instant: KST wall-clock with its offset, as the form's inputs write it. */
const kst = (iso: string | null) => (iso ? `${toKstInput(iso)}:00+09:00` : null);

export const generateMetadata = async ({ params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return recordTitle("meta.adminCall", async (actor) => (await getAdminCall(actor, id)).titleKo);
};

export default async function EditCallPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor(`/admin/calls/${id}`);
  const { locale, t } = await getT();
  let call, consortia, documents;
  try {
    call = await getAdminCall(actor, id);
    consortia = await listCallConsortia(actor, id);
    documents = await listCallDocuments(call.id);
  } catch (e) {
    if (isAppError(e) && e.code === "FORBIDDEN") forbidden();
    if (isAppError(e) && e.code === "CALL_NOT_FOUND") notFound();
    throw e;
  }
  const initial: CallFormValues = {
    slug: call.slug,
    titleKo: call.titleKo,
    titleEn: call.titleEn,
    ministryKo: call.ministryKo,
    ministryEn: call.ministryEn,
    summaryKo: call.summaryKo,
    summaryEn: call.summaryEn,
    totalBudget: call.totalBudget,
    opensAt: kst(call.opensAt)!,
    closesAt: kst(call.closesAt)!,
    isDemo: call.isDemo,
    rubric: call.rubric,
    rules: call.rules,
    reviewOpensAt: kst(call.reviewOpensAt),
    reviewClosesAt: kst(call.reviewClosesAt),
    contactDepartment: call.contactDepartment,
    contactPhone: call.contactPhone,
    contactEmail: call.contactEmail,
  };
  const title = locale === "ko" ? call.titleKo : call.titleEn;
  const fmt = (iso: string) => formatKstDateTime(new Date(iso), locale);
  return (
    <>
      <p className="breadcrumb">
        <Link href="/admin/calls">{t("adminSettings.callsTitle")}</Link>
      </p>
      <h1 data-testid="call-title">
        {title} <span className={`badge badge-${call.state}`}>{t(`calls.state${call.state}`)}</span>
      </h1>
      <p className="lead">
        {t("adminSettings.editLead", { count: call.submittedVersions })}{" "}
        <Link href={`/admin/audit?entityType=CALL&entityId=${call.id}`} data-testid="call-audit-link">
          {t("adminSettings.auditForCall")}
        </Link>
      </p>
      <section className="card">
        <h2>{t("adminSettings.settings")}</h2>
        <CallForm callId={call.id} initial={initial} />
      </section>

      <CallDocuments callId={call.id} callSlug={call.slug} documents={documents} />

      <section className="card" data-testid="extensions">
        <h2>{t("adminSettings.extensionsTitle")}</h2>
        <p className="muted">{t("adminSettings.extensionsLead", { closesAt: fmt(call.closesAt) })}</p>
        {consortia.consortia.length === 0 ? (
          <p>{t("adminSettings.noConsortia")}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table data-testid="call-consortia">
              <thead>
                <tr>
                  <th scope="col">{t("adminSettings.colConsortium")}</th>
                  <th scope="col">{t("adminSettings.colLead")}</th>
                  <th scope="col">{t("adminSettings.colStatus")}</th>
                  <th scope="col">{t("adminSettings.colExtension")}</th>
                </tr>
              </thead>
              <tbody>
                {consortia.consortia.map((c) => (
                  <tr key={c.id} data-testid="call-consortium-row" data-consortium-id={c.id}>
                    <th scope="row">{c.name}</th>
                    <td>{c.leadOrganization}</td>
                    <td>{c.proposalStatus ? t(`enums.proposalStatus.${c.proposalStatus}`) : "—"}</td>
                    <td className="nowrap" data-testid="consortium-extension">{c.extensionUntil ? fmt(c.extensionUntil) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {/* Keyed by the cutoff: a moved cutoff re-suggests the extension's default time. */}
        {consortia.consortia.length > 0 && <ExtensionForm key={call.closesAt} consortia={consortia.consortia.map((c) => ({ id: c.id, name: c.name }))} closesAt={call.closesAt} />}
        <h3>{t("adminSettings.extensionsGranted")}</h3>
        {consortia.extensions.length === 0 ? (
          <p className="muted">{t("adminSettings.noExtensions")}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table data-testid="extensions-table">
              <thead>
                <tr>
                  <th scope="col">{t("adminSettings.colConsortium")}</th>
                  <th scope="col">{t("adminSettings.colUntil")}</th>
                  <th scope="col">{t("adminSettings.colReason")}</th>
                  <th scope="col">{t("adminSettings.colGrantedBy")}</th>
                </tr>
              </thead>
              <tbody>
                {consortia.extensions.map((e) => (
                  <tr key={e.id} data-testid="extension-row">
                    <td>{e.consortiumName}</td>
                    <td className="nowrap">{fmt(e.until)}</td>
                    <td className="prewrap break">{e.reason}</td>
                    <td>
                      {e.grantedBy ?? "—"}
                      <div className="muted nowrap">{fmt(e.createdAt)}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
