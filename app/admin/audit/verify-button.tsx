"use client";

import { useState } from "react";
import { useLocale, useTranslations } from "use-intl";
import { sendJson } from "../../_components/form-kit";

type Result = { ok: boolean; events: number; brokenAt?: number };

/** Recomputes one entity's hash chain on the server and says whether it holds. */
export function VerifyChainButton({ entityType, entityId }: { entityType: string; entityId: string }) {
  const t = useTranslations("adminSettings");
  const locale = useLocale();
  const [result, setResult] = useState<Result | "error" | null>(null);
  const [busy, setBusy] = useState(false);
  async function verify() {
    setBusy(true);
    const r = await sendJson<Result>("POST", "/api/v1/admin/audit/verify", { entityType, entityId }, { "accept-language": locale });
    setBusy(false);
    setResult(r.ok ? r.data : "error");
  }
  return (
    <span className="verify-chain" data-testid="verify-chain">
      <button type="button" className="link-button nowrap" onClick={() => void verify()} disabled={busy} data-testid="verify-chain-button">
        {t("verifyChain")}
      </button>
      {result && (
        <span role="status" data-testid="verify-chain-result" className={result !== "error" && result.ok ? "status-ok nowrap" : "status-none nowrap"}>
          {" "}
          {result === "error" ? t("verifyFailed") : result.ok ? t("chainOk", { count: result.events }) : t("chainBroken", { seq: result.brokenAt ?? 0 })}
        </span>
      )}
    </span>
  );
}
