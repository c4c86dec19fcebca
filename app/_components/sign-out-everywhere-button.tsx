"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { useTranslations } from "use-intl";

/**
 * Revokes the tokens and ends every session on the server, then drops this browser's cookie. It asks
 * first (the tokens cannot be brought back), and signs this browser out only once the server has
 * done it: on a failed call the other devices would still be signed in.
 */
export function SignOutEverywhereButton() {
  const t = useTranslations("auth");
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  if (!confirming)
    return (
      <p className="muted" data-testid="sign-out-everywhere">
        <button type="button" className="link-button" onClick={() => setConfirming(true)}>
          {t("signOutEverywhere")}
        </button>{" "}
        · {t("signOutEverywhereHint")}
      </p>
    );

  return (
    <div className="alert alert-warn" role="group" aria-labelledby="soe-question" data-testid="sign-out-everywhere">
      <p id="soe-question">{t("signOutEverywhereConfirm")}</p>
      <span className="actions">
        <button
          type="button"
          className="button danger small"
          disabled={busy}
          data-testid="sign-out-everywhere-confirm"
          onClick={async () => {
            setBusy(true);
            setFailed(false);
            const ok = await fetch("/api/v1/me/sign-out-everywhere", { method: "POST" }).then((r) => r.ok, () => false);
            if (!ok) {
              setFailed(true);
              setBusy(false);
              return;
            }
            await signOut({ callbackUrl: "/signin?signedOut=everywhere" });
          }}
        >
          {t("signOutEverywhereYes")}
        </button>
        <button type="button" className="button secondary small" autoFocus disabled={busy} onClick={() => { setConfirming(false); setFailed(false); }}>
          {t("signOutEverywhereCancel")}
        </button>
      </span>
      {failed && (
        <p role="alert" className="field-error">
          {t("signOutEverywhereFailed")}
        </p>
      )}
    </div>
  );
}
