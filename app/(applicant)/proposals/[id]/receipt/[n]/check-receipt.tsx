"use client";

import canonicalize from "canonicalize";
import { useState } from "react";
import { useTranslations } from "use-intl";

/**
 * A way for a person to check the receipt (issue 12 item 11): fetch the submitted document, compute its
 * SHA-256 here in the browser over its canonical JSON (RFC 8785, as the server did), and say whether it
 * matches the hash printed on the receipt. Anyone can do the same with any SHA-256 tool.
 */
export function CheckReceipt({ url, sha256 }: { url: string; sha256: string }) {
  const t = useTranslations("proposal");
  const [state, setState] = useState<"idle" | "checking" | "match" | "mismatch" | "error">("idle");
  const check = async () => {
    setState("checking");
    try {
      const r = await fetch(url, { headers: { accept: "application/json" } });
      if (!r.ok) throw new Error(String(r.status));
      const bytes = new TextEncoder().encode(canonicalize(await r.json()) ?? "");
      const digest = await crypto.subtle.digest("SHA-256", bytes);
      const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
      setState(hex === sha256 ? "match" : "mismatch");
    } catch {
      setState("error");
    }
  };
  return (
    <p className="no-print">
      <button type="button" className="button secondary small" onClick={() => void check()} disabled={state === "checking"} data-testid="check-receipt">
        {t("checkReceipt")}
      </button>{" "}
      <a href={url} download={`receipt-${sha256.slice(0, 12)}.json`}>
        {t("downloadDocument")}
      </a>{" "}
      <span role="status" data-testid="check-result" data-state={state} className={state === "match" ? "status-ok" : state === "mismatch" || state === "error" ? "field-error" : "muted"}>
        {state === "match" ? t("checkMatch") : state === "mismatch" ? t("checkMismatch") : state === "error" ? t("checkFailed") : state === "checking" ? "…" : ""}
      </span>
    </p>
  );
}
