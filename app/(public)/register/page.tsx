import Link from "next/link";
import { invitationTokenOf, safeCallbackPath } from "@/lib/auth/callback-path";
import { findOpenInvitation } from "@/lib/consortia/invitations";
import { localizeConsent } from "@/lib/consents/texts";
import { getT } from "@/lib/i18n/server";
import { InvitationNotice } from "../../_components/invitation-notice";
import { RegisterForm } from "./register-form";
import { pageTitle } from "@/app/_components/metadata";

export const generateMetadata = pageTitle("auth.registerTitle");

// Reached from the sign-in page with its callbackUrl (an invitation's accept page): the form sends it
// along, the server keeps it on the verification token, and after verifying and signing in the person
// lands there.
export default async function RegisterPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const sp = await searchParams;
  const { locale, t } = await getT();
  const callbackUrl = safeCallbackPath(sp.callbackUrl);
  const invitation = await findOpenInvitation(invitationTokenOf(callbackUrl));
  return (
    <>
      <h1>{t("auth.registerTitle")}</h1>
      <p className="lead">{t("auth.registerLead")}</p>
      {invitation && <InvitationNotice notice={invitation} hint="register" />}
      <RegisterForm
        callbackUrl={callbackUrl ?? undefined}
        defaultEmail={invitation?.email}
        invited={!!invitation}
        terms={localizeConsent("terms", locale)}
        privacy={localizeConsent("privacy-registration", locale)}
      />
      <p>
        {t("auth.haveAccount")}{" "}
        <Link href={callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin"} data-testid="signin-link">
          {t("common.signIn")}
        </Link>
      </p>
    </>
  );
}
