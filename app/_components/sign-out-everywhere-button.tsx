"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useConfirm } from "./confirm-dialog";

/**
 * Revokes the tokens and ends every session on the server, then drops this browser's cookie. It asks
 * first (the tokens cannot be brought back), and signs this browser out only once the server has
 * done it: on a failed call the other devices would still be signed in.
 */
export function SignOutEverywhereButton() {
  const t = useTranslations("auth");
  const [confirm, dialog] = useConfirm();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);

  const run = async () => {
    if (!(await confirm({ title: t("signOutEverywhere"), body: <p>{t("signOutEverywhereConfirm")}</p>, confirmLabel: t("signOutEverywhereYes") }))) return;
    setBusy(true);
    setFailed(false);
    const ok = await fetch("/api/v1/me/sign-out-everywhere", { method: "POST" }).then((r) => r.ok, () => false);
    if (!ok) {
      setFailed(true);
      setBusy(false);
      return;
    }
    await signOut({ callbackUrl: "/signin?signedOut=everywhere" });
  };

  return (
    <div data-testid="sign-out-everywhere">
      <p className="muted">
        <button type="button" className="link-button" disabled={busy} onClick={() => void run()}>
          {t("signOutEverywhere")}
        </button>{" "}
        · {t("signOutEverywhereHint")}
      </p>
      {failed && (
        <p role="alert" className="field-error">
          {t("signOutEverywhereFailed")}
        </p>
      )}
      {dialog}
    </div>
  );
}
