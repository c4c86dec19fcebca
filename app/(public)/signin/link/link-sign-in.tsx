"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { useTranslations } from "use-intl";

const KNOWN = new Set(["TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_USED", "ACCOUNT_DISABLED", "RATE_LIMITED"]);

export function LinkSignIn({ token }: { token: string }) {
  const t = useTranslations();
  const [error, setError] = useState<string | undefined>(token ? undefined : "TOKEN_INVALID");
  const [busy, setBusy] = useState(false);
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
          const r = await signIn("email-link", { token, redirect: false });
          if (r?.ok && !r.error) {
            window.location.assign("/");
            return;
          }
          setError(r?.error ?? "TOKEN_INVALID");
          setBusy(false);
        }}
      >
        {t("common.signIn")}
      </button>
    </div>
  );
}
