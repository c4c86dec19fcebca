"use client";

import Link from "next/link";
import { signIn } from "next-auth/react";
import { useTranslations } from "use-intl";
import { OneTimeLinkButton } from "../../../_components/one-time-link-button";

export function LinkSignIn({ token }: { token: string }) {
  const t = useTranslations();
  return (
    <OneTimeLinkButton
      token={token}
      label={t("common.signIn")}
      known={["TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_USED", "ACCOUNT_DISABLED", "RATE_LIMITED"]}
      run={async () => {
        const r = await signIn("email-link", { token, redirect: false });
        if (r?.ok && !r.error) {
          window.location.assign("/signin/continue");
          return null;
        }
        return r?.error ?? "TOKEN_INVALID";
      }}
      spentNext={
        <>
          <Link href="/signin/request-link">{t("auth.signInLinkRequestNew")}</Link> · <Link href="/signin">{t("auth.signInWithPassword")}</Link>
        </>
      }
    />
  );
}
