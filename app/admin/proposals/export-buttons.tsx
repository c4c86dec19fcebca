"use client";

import { useRef, useState } from "react";
import { useLocale, useTranslations } from "use-intl";
import { formatBytes } from "@/lib/storage/size";

export const EXPORT_FILES = ["proposals.xlsx", "proposals.csv", "proposals.json", "attachments.zip", "models.csv", "organizations.csv", "attachments.csv", "reviews.csv"] as const;
type ExportFile = (typeof EXPORT_FILES)[number];

/** Message keys cannot hold dots (use-intl nests on them). */
const key = (f: ExportFile) => f.replace(".", "_") as `${string}_${string}`;

interface Progress {
  file: ExportFile;
  received: number;
  total: number | null;
  rows: number | null;
}


/** Counts CSV records as they stream (newlines outside quotes), so the page can show rows. */
function csvRowCounter() {
  const decoder = new TextDecoder();
  let inQuote = false;
  let lines = 0;
  return (chunk: Uint8Array) => {
    for (const ch of decoder.decode(chunk, { stream: true })) {
      if (ch === '"') inQuote = !inQuote;
      else if (ch === "\n" && !inQuote) lines++;
    }
    return Math.max(0, lines - 1); // the header line
  };
}

/**
 * Export buttons that download with fetch() so a long export shows its progress (the server streams;
 * there is no Content-Length, so bytes — and rows for CSV — are what we can show) and can be cancelled.
 * The file is saved from a Blob through an object URL.
 */
export function ExportButtons({ query, disabled }: { query: string; disabled?: boolean }) {
  const t = useTranslations("adminProposals");
  const locale = useLocale();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [notice, setNotice] = useState<{ kind: "ok" | "error" | "info"; text: string } | null>(null);
  const abort = useRef<AbortController | null>(null);

  async function download(file: ExportFile) {
    if (abort.current) return;
    const ac = new AbortController();
    abort.current = ac;
    setNotice(null);
    setProgress({ file, received: 0, total: null, rows: null });
    try {
      const res = await fetch(`/api/v1/admin/exports/${file}?${query}`, { signal: ac.signal, headers: { "accept-language": locale } });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
      }
      const total = Number(res.headers.get("content-length")) || null;
      const countRows = file.endsWith(".csv") ? csvRowCounter() : null;
      const reader = res.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let received = 0;
      let rows: number | null = null;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value as Uint8Array<ArrayBuffer>);
        received += value.byteLength;
        if (countRows) rows = countRows(value);
        setProgress({ file, received, total, rows });
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? file;
      const url = URL.createObjectURL(new Blob(chunks, { type: res.headers.get("content-type") ?? "application/octet-stream" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setNotice({ kind: "ok", text: t("saved", { file: name, size: formatBytes(received, locale) }) });
    } catch (e) {
      if (ac.signal.aborted) setNotice({ kind: "info", text: t("cancelled") });
      else setNotice({ kind: "error", text: t("failed", { message: e instanceof Error ? e.message : String(e) }) });
    } finally {
      abort.current = null;
      setProgress(null);
    }
  }

  const pct = progress?.total ? Math.min(100, Math.round((progress.received / progress.total) * 100)) : null;
  return (
    <div className="export-panel" data-testid="export-panel">
      <div className="export-buttons">
        {EXPORT_FILES.map((f) => (
          <button
            key={f}
            type="button"
            className={`button small${f === "proposals.xlsx" ? "" : " secondary"}`}
            data-testid={`export-${f.replace(".", "-")}`}
            disabled={disabled || progress !== null}
            title={progress ? t("busy") : undefined}
            onClick={() => void download(f)}
          >
            {t(`exportFile.${key(f)}`)}
          </button>
        ))}
      </div>
      {progress && (
        <div className="export-progress" data-testid="export-progress" role="status" aria-live="polite">
          <strong>{t("downloading", { file: t(`exportFile.${key(progress.file)}`) })}</strong>
          <div className={`progress${pct === null ? " indeterminate" : ""}`} aria-hidden="true">
            <div style={pct === null ? undefined : { width: `${pct}%` }} />
          </div>
          <span className="muted" data-testid="export-received">
            {progress.total ? t("receivedOf", { size: formatBytes(progress.received, locale), total: formatBytes(progress.total, locale) }) : t("received", { size: formatBytes(progress.received, locale) })}
            {progress.rows !== null && ` · ${t("rows", { rows: progress.rows })}`}
          </span>
          <button type="button" className="button small danger-outline" data-testid="export-cancel" onClick={() => abort.current?.abort()}>
            {t("cancel")}
          </button>
        </div>
      )}
      {notice && (
        <p className={`alert alert-${notice.kind === "ok" ? "ok" : notice.kind === "error" ? "error" : "info"}`} role={notice.kind === "error" ? "alert" : "status"} data-testid="export-notice">
          {notice.text}
        </p>
      )}
    </div>
  );
}
