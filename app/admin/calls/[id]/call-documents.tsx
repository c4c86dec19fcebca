"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useLocale, useTranslations } from "use-intl";
import { CALL_DOCUMENT_ACCEPT, CALL_DOCUMENT_KINDS, type CallDocumentKind } from "@/lib/calls/document-rules";
import type { CallDocumentView } from "@/lib/calls/list-call-documents";
import { formatBytes } from "@/lib/storage/size";
import { formatKstDateTime } from "@/lib/time/kst";
import { FieldMessage, FormAlert, sendJson, type ApiError } from "../../../_components/form-kit";
import { useConfirm } from "../../../_components/confirm-dialog";
import { particle } from "@/lib/text/particle";

/**
 * The call's 공고문·서식 in its settings: upload (multipart to POST /api/v1/admin/calls/{id}/documents,
 * streamed and checked by content on the server), the list with download links, and delete after a
 * confirmation. Both writes are audited on the call.
 */
export function CallDocuments({ callId, callSlug, documents }: { callId: string; callSlug: string; documents: CallDocumentView[] }) {
  const t = useTranslations("adminSettings");
  const te = useTranslations("enums");
  const locale = useLocale();
  const router = useRouter();
  const fileRef = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<CallDocumentKind>("ANNOUNCEMENT");
  const [title, setTitle] = useState("");
  const [fields, setFields] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, dialog] = useConfirm();

  async function upload(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setNotice(null);
    const file = fileRef.current?.files?.[0];
    if (!file) return setFields({ file: "fileRequired" });
    setFields({});
    setBusy(true);
    const form = new FormData();
    form.append("title", title);
    form.append("file", file, file.name);
    try {
      const res = await fetch(`/api/v1/admin/calls/${callId}/documents?kind=${kind}`, { method: "POST", body: form, headers: { "accept-language": locale } });
      const body = (await res.json().catch(() => null)) as { title?: string; error?: ApiError } | null;
      if (!res.ok) {
        const err = body?.error ?? { code: "INTERNAL", message: res.statusText };
        setFields(err.fields ?? {});
        setError(err);
        return;
      }
      setTitle("");
      if (fileRef.current) fileRef.current.value = "";
      setNotice(t("documentUploaded", { title: body?.title ?? file.name, eul: particle(body?.title ?? file.name, "을/를") }));
      router.refresh();
    } catch {
      setError({ code: "UNAVAILABLE", message: "" });
    } finally {
      setBusy(false);
    }
  }

  async function remove(d: CallDocumentView) {
    const ok = await confirm({ title: t("documentRemoveTitle"), body: <p>{t("documentRemoveBody", { title: d.title, fileName: d.fileName, eul: particle(d.fileName, "을/를") })}</p>, confirmLabel: t("documentRemoveYes") });
    if (!ok) return;
    setError(null);
    setNotice(null);
    const r = await sendJson("DELETE", `/api/v1/admin/calls/${callId}/documents/${d.id}`, undefined, { "accept-language": locale });
    if (!r.ok) return setError(r.error);
    setNotice(t("documentRemoved", { title: d.title, eul: particle(d.title, "을/를") }));
    router.refresh();
  }

  return (
    <section className="card" aria-labelledby="call-documents-admin-title" data-testid="call-documents-admin">
      <h2 id="call-documents-admin-title">{t("documentsTitle")}</h2>
      <p className="muted">{t("documentsLead")}</p>
      {documents.length === 0 ? (
        <p className="muted" data-testid="call-documents-empty">
          {t("documentsNone")}
        </p>
      ) : (
        <table className="responsive" data-testid="call-documents-table">
          <caption className="sr-only">{t("documentsTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("colDocKind")}</th>
              <th scope="col">{t("colDocTitle")}</th>
              <th scope="col">{t("colDocFile")}</th>
              <th scope="col" className="num">{t("colDocSize")}</th>
              <th scope="col">{t("colDocUploaded")}</th>
              <th scope="col"><span className="sr-only">{t("colDocActions")}</span></th>
            </tr>
          </thead>
          <tbody>
            {documents.map((d) => (
              <tr key={d.id} data-testid="call-document-admin-row" data-kind={d.kind}>
                <td data-label={t("colDocKind")}>
                  <span className={`badge badge-doc-${d.kind}`}>{te(`callDocumentKind.${d.kind}`)}</span>
                </td>
                <td data-label={t("colDocTitle")} className="break">{d.title}</td>
                <td data-label={t("colDocFile")} className="break">
                  <a href={`/api/v1/calls/${encodeURIComponent(callSlug)}/documents/${d.id}`} download={d.fileName}>
                    {d.fileName}
                  </a>{" "}
                  <span className="muted">({d.type})</span>
                </td>
                <td data-label={t("colDocSize")} className="num nowrap">{formatBytes(d.size, locale)}</td>
                <td data-label={t("colDocUploaded")} className="nowrap">{formatKstDateTime(new Date(d.uploadedAt), locale === "en" ? "en" : "ko")}</td>
                <td className="actions-cell">
                  <button type="button" className="button small danger-outline" onClick={() => void remove(d)} aria-label={`${t("documentRemove")}: ${d.title}`} data-testid="call-document-remove">
                    {t("documentRemove")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dialog}

      <form className="form-grid" onSubmit={upload} noValidate data-testid="call-document-form" style={{ marginTop: 16 }}>
        <div className="field">
          <label htmlFor="doc-kind">{t("documentKind")}</label>
          <select id="doc-kind" value={kind} onChange={(e) => setKind(e.target.value as CallDocumentKind)} data-testid="call-document-kind">
            {CALL_DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {te(`callDocumentKind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="doc-title">{t("documentTitle")}</label>
          <input id="doc-title" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} aria-invalid={fields.title ? true : undefined} aria-describedby="doc-title-error" data-testid="call-document-title" />
          <FieldMessage id="doc-title-error" error={{ message: fields.title }} />
        </div>
        <div className="field span-all">
          <label htmlFor="doc-file">{t("documentFile")}</label>
          <input id="doc-file" ref={fileRef} type="file" accept={CALL_DOCUMENT_ACCEPT} aria-invalid={fields.file ? true : undefined} aria-describedby="doc-file-error" data-testid="call-document-file" />
          <FieldMessage id="doc-file-error" error={{ message: fields.file }} />
        </div>
        <FormAlert error={error} />
        {notice && (
          <p className="alert alert-ok span-all" role="status" data-testid="call-document-notice">
            {notice}
          </p>
        )}
        <div className="span-all actions">
          <button className="button" type="submit" disabled={busy} data-testid="call-document-upload">
            {busy ? t("documentUploading") : t("documentUpload")}
          </button>
        </div>
      </form>
    </section>
  );
}
