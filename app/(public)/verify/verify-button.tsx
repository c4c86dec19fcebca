"use client";

import Link from "next/link";
import { useTranslations } from "use-intl";
import { OneTimeLinkButton } from "../../_components/one-time-link-button";

/**
 * Verifies on a press (POST), never on the page's GET: a mail scanner opening the link uses nothing up.
 * `next` (a safe path the server read off the token) is where signing in leads afterwards.
 */
export function VerifyButton({ token, next }: { token: string; next: string | null }) {
  const t = useTranslations();
  const signInHref = next ? `/signin?callbackUrl=${encodeURIComponent(next)}` : "/signin";
  const invited = next?.startsWith("/invitations/accept?") ?? false;
  return (
    <OneTimeLinkButton
      token={token}
      label={t("auth.verifyButton")}
      known={["TOKEN_INVALID", "TOKEN_EXPIRED", "TOKEN_USED", "RATE_LIMITED"]}
      run={async () => {
        const res = await fetch("/api/v1/verify", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) }).catch(() => null);
        if (res?.ok) return null;
        const body = res ? ((await res.json().catch(() => null)) as { error?: { code?: string } } | null) : null;
        return body?.error?.code ?? "TOKEN_INVALID";
      }}
      done={
        <>
          <p className="alert alert-ok" role="status" data-testid="verified">
            {t(invited ? "auth.verifyDoneInvitation" : "auth.verifyDone")}
          </p>
          <p>
            <Link href={signInHref} className="button" data-testid="verified-sign-in">
              {t("common.signIn")}
            </Link>
          </p>
        </>
      }
      spentNext={<Link href={signInHref}>{t("common.signIn")}</Link>}
    />
  );
}
