"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useTranslations } from "use-intl";

const KNOWN = new Set(["TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_USED", "ACCOUNT_DISABLED", "RATE_LIMITED"]);
/** After these the link can never work again: the way on is a new link or the password, not the button. */
const SPENT = new Set(["TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_USED"]);

export function LinkSignIn({ token }: { token: string }) {
  const t = useTranslations();
  const [error, setError] = useState<string | undefined>(token ? undefined : "TOKEN_INVALID");
  const [busy, setBusy] = useState(false);
  const code = error && (KNOWN.has(error) ? error : "TOKEN_INVALID");
  const spent = !!code && SPENT.has(code);
  return (
    <div className="stack">
      {code && (
        <p className="alert alert-error" role="alert" data-testid="form-error" data-code={code}>
          {t(`errors.${code}`)}
        </p>
      )}
      {spent ? (
        <p data-testid="link-next-steps">
          <Link href="/signin/request-link">{t("auth.signInLinkRequestNew")}</Link> · <Link href="/signin">{t("auth.signInWithPassword")}</Link>
        </p>
      ) : (
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
      )}
    </div>
  );
}
