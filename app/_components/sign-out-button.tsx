"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "use-intl";

export function SignOutButton() {
  const t = useTranslations("common");
  return (
    <button type="button" className="link-button" onClick={() => void signOut({ callbackUrl: "/" })}>
      {t("signOut")}
    </button>
  );
}
