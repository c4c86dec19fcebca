"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "use-intl";

/** Revokes the tokens and ends every session on the server, then drops this browser's cookie. */
export function SignOutEverywhereButton() {
  const t = useTranslations("auth");
  return (
    <button
      type="button"
      className="link-button"
      onClick={async () => {
        await fetch("/api/v1/me/sign-out-everywhere", { method: "POST" });
        await signOut({ callbackUrl: "/" });
      }}
    >
      {t("signOutEverywhere")}
    </button>
  );
}
