"use client";

import { particle } from "@/lib/text/particle";
import { useState } from "react";
import { useLocale, useTranslations } from "use-intl";
import type { ProposalView } from "@/lib/proposals/get-proposal";
import { formatKstDateTime } from "@/lib/time/kst";
import { FormAlert, sendJson, type ApiError } from "../../../_components/form-kit";
import { formatBytes } from "@/lib/storage/size";
import { useConfirm } from "../../../_components/confirm-dialog";

export interface KindRule {
  kind: string;
  types: string[];
  maxBytes: number;
  multiple: boolean;
  required: boolean;
}


/** Uploads with XMLHttpRequest, the one browser API that reports upload progress. */
function uploadWithProgress(url: string, file: File, onProgress: (pct: number) => void): Promise<{ ok: boolean; status: number; body: { error?: ApiError } | null }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      resolve({ ok: xhr.status >= 200 && xhr.status < 300, status: xhr.status, body });
    };
    xhr.onerror = () => resolve({ ok: false, status: 0, body: null });
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}

export function AttachmentsPanel({
  proposalId,
  attachments,
  kinds,
  editable,
  onChange,
  onClosed,
}: {
  proposalId: string;
  attachments: ProposalView["attachments"];
  kinds: KindRule[];
  editable: boolean;
  onChange: () => Promise<unknown>;
  onClosed: () => void;
}) {
  const t = useTranslations();
  const locale = useLocale() as "ko" | "en";
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [errors, setErrors] = useState<Record<string, ApiError | null>>({});
  const [over, setOver] = useState<string | null>(null);
  const [confirm, dialog] = useConfirm();

  const upload = async (kind: string, file: File | undefined) => {
    if (!file) return;
    setErrors((e) => ({ ...e, [kind]: null }));
    setProgress((p) => ({ ...p, [kind]: 0 }));
    const r = await uploadWithProgress(`/api/v1/proposals/${proposalId}/attachments?kind=${kind}`, file, (pct) => setProgress((p) => ({ ...p, [kind]: pct })));
    setProgress((p) => {
      const { [kind]: _, ...rest } = p;
      return rest;
    });
    if (!r.ok) {
      const error = r.body?.error ?? { code: r.status === 413 ? "PAYLOAD_TOO_LARGE" : "UNAVAILABLE", message: "" };
      if (error.code === "CALL_CLOSED") onClosed();
      setErrors((e) => ({ ...e, [kind]: error }));
      return;
    }
    // A file that went in answers every earlier complaint about a file (wrong type, too large) on this panel;
    // an earlier upload's message must not stay next to the list that now shows the file.
    setErrors({});
    await onChange();
  };

  const remove = async (f: ProposalView["attachments"][number]) => {
    const { kind, id } = f;
    const body = <p>{t("confirm.deleteAttachmentBody", { kind: t(`enums.attachmentKind.${kind}` as never), file: f.fileName, size: formatBytes(f.size), eul: particle(f.fileName, "을/를") })}</p>;
    if (!(await confirm({ title: t("confirm.deleteAttachmentTitle"), body, confirmLabel: t("confirm.deleteAttachmentYes") }))) return;
    const r = await sendJson("DELETE", `/api/v1/proposals/${proposalId}/attachments/${id}`);
    if (!r.ok) {
      if (r.error.code === "CALL_CLOSED") onClosed();
      return setErrors((e) => ({ ...e, [kind]: r.error }));
    }
    await onChange();
  };

  return (
    <section className="card" aria-labelledby="h-att">
      <h2 id="h-att">{t("proposal.stepAttachments")}</h2>
      <p className="muted">{t("proposal.attachmentsIntro")}</p>
      {kinds.map((k) => {
        const files = attachments.filter((a) => a.kind === k.kind);
        const pct = progress[k.kind];
        const err = errors[k.kind];
        return (
          <div key={k.kind} className="attachment-kind" data-testid={`attachment-${k.kind}`}>
            <h3>
              {t(`enums.attachmentKind.${k.kind}` as never)} {k.required && <span className="badge badge-UPCOMING">{t("proposal.required")}</span>}
            </h3>
            {files.length === 0 && <p className="muted">{t("proposal.noFile")}</p>}
            <ul className="files">
              {files.map((f) => (
                <li key={f.id}>
                  <a href={`/api/v1/proposals/${proposalId}/attachments/${f.id}`}>{f.fileName}</a> · {formatBytes(f.size)} · {formatKstDateTime(new Date(f.uploadedAt), locale, true)}
                  <br />
                  <code className="hash">SHA-256 {f.sha256}</code>
                  {editable && (
                    <>
                      {" "}
                      <button type="button" className="link-button danger" onClick={() => void remove(f)} data-testid="remove-attachment" aria-label={`${t("proposal.remove")}: ${f.fileName}`}>
                        {t("proposal.remove")}
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
            {editable ? (
              // A drop zone around the file control: drag a file onto it, or choose one; the types and size it takes are on it.
              <div
                className={over === k.kind ? "dropzone over" : "dropzone"}
                data-testid={`drop-${k.kind}`}
                onDragEnter={(e) => {
                  e.preventDefault();
                  setOver(k.kind);
                }}
                onDragOver={(e) => {
                  e.preventDefault();
                  e.dataTransfer.dropEffect = "copy";
                  if (over !== k.kind) setOver(k.kind);
                }}
                onDragLeave={(e) => {
                  if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(null);
                }}
                onDrop={(e) => {
                  e.preventDefault();
                  setOver(null);
                  if (pct === undefined) void upload(k.kind, e.dataTransfer.files?.[0]);
                }}
              >
                <label className="upload">
                  <span className="button secondary">{files.length && !k.multiple ? t("proposal.replace") : t("proposal.upload")}</span>
                  <input
                    type="file"
                    className="sr-only"
                    accept={k.types.map((x) => `.${x.toLowerCase()}`).join(",")}
                    disabled={pct !== undefined}
                    aria-describedby={`types-${k.kind}`}
                    data-testid={`upload-${k.kind}`}
                    onChange={(e) => {
                      void upload(k.kind, e.currentTarget.files?.[0]);
                      e.currentTarget.value = "";
                    }}
                  />
                </label>
                <p className="muted">{over === k.kind ? t("proposal.dropRelease") : t("proposal.dropHere")}</p>
                <p className="muted" id={`types-${k.kind}`} data-testid={`types-${k.kind}`}>
                  {t("proposal.allowedTypes", { types: k.types.join(", "), size: formatBytes(k.maxBytes) })}
                </p>
              </div>
            ) : (
              <p className="muted">{t("proposal.allowedTypes", { types: k.types.join(", "), size: formatBytes(k.maxBytes) })}</p>
            )}
            {pct !== undefined && (
              <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} aria-label={t("proposal.uploading", { percent: pct })}>
                <div style={{ width: `${pct}%` }} />
                <span>{t("proposal.uploading", { percent: pct })}</span>
              </div>
            )}
            {/* The file's own reason (macro, wrong type, …) is the message; the generic "check the input" above it only hid it. */}
            {err?.fields?.file ? (
              <p className="alert alert-error" role="alert" data-testid="form-error" data-code={err.code}>
                {err.fields.file}
              </p>
            ) : (
              <FormAlert error={err ?? null} />
            )}
          </div>
        );
      })}
      {dialog}
    </section>
  );
}
