"use client";

import Link from "next/link";
import { useState } from "react";
import { useTranslations } from "use-intl";

const KNOWN = new Set(["TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_USED", "RATE_LIMITED"]);

/** Verifies on a press (POST), never on the page's GET: a mail scanner opening the link uses nothing up. */
export function VerifyButton({ token }: { token: string }) {
  const t = useTranslations();
  const [error, setError] = useState<string | undefined>(token ? undefined : "TOKEN_INVALID");
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  if (done) {
    return (
      <>
        <p className="alert alert-ok" role="status" data-testid="verified">
          {t("auth.verifyDone")}
        </p>
        <p>
          <Link href="/signin" className="button">{t("common.signIn")}</Link>
        </p>
      </>
    );
  }
  return (
    <div className="stack">
      {error && (
        <p className="alert alert-error" role="alert" data-testid="form-error" data-code={error}>
          {t(`errors.${KNOWN.has(error) ? error : "TOKEN_INVALID"}`)}
        </p>
      )}
      <button
        className="button"
        type="button"
        disabled={busy || !token}
        onClick={async () => {
          setBusy(true);
          setError(undefined);
          const res = await fetch("/api/v1/verify", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) }).catch(() => null);
          if (res?.ok) {
            setDone(true);
            return;
          }
          const code = res ? ((await res.json().catch(() => null)) as { error?: { code?: string } } | null)?.error?.code : undefined;
          setError(code ?? "TOKEN_INVALID");
          setBusy(false);
        }}
      >
        {t("auth.verifyButton")}
      </button>
    </div>
  );
}
