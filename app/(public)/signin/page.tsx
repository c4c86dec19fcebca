import Link from "next/link";
import { invitationTokenOf, safeCallbackPath } from "@/lib/auth/callback-path";
import { findOpenInvitation } from "@/lib/consortia/invitations";
import { appOrigin } from "@/lib/http/context";
import { getT } from "@/lib/i18n/server";
import { InvitationNotice } from "../../_components/invitation-notice";
import { SignInForm } from "./signin-form";
import { pageTitle } from "@/app/_components/metadata";

export const generateMetadata = pageTitle("auth.signInTitle");

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[]; error?: string; signedOut?: string }> }) {
  const sp = await searchParams;
  const { t } = await getT();
  // Only a path on this site is followed (no open redirect); without one, /signin/continue picks the
  // page for the user's role.
  const callbackUrl = safeCallbackPath(sp.callbackUrl, appOrigin());
  // An invitation link's accept page: say which consortium invited them, only for an invitation that
  // can still be accepted (looked up here; nothing in the URL is shown).
  const invitation = await findOpenInvitation(invitationTokenOf(callbackUrl));
  const registerHref = callbackUrl ? `/register?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/register";
  return (
    <>
      <h1>{t("auth.signInTitle")}</h1>
      {sp.signedOut === "everywhere" && (
        <p className="alert alert-ok" role="status" data-testid="signed-out-everywhere">
          {t("auth.signedOutEverywhere")}
        </p>
      )}
      {invitation && <InvitationNotice notice={invitation} hint="signIn" />}
      <SignInForm callbackUrl={callbackUrl ?? "/signin/continue"} initialError={typeof sp.error === "string" ? sp.error : undefined} defaultEmail={invitation?.email} />
      <p>
        <Link href="/forgot">{t("auth.forgot")}</Link> · <Link href="/signin/request-link">{t("auth.signInLinkTitle")}</Link>
      </p>
      <p>
        {t("auth.noAccount")}{" "}
        <Link href={registerHref} data-testid="register-link">
          {t("common.register")}
        </Link>
      </p>
    </>
  );
}
