"use client";

import { useTranslations } from "use-intl";
import { EmailLinkForm } from "../../../_components/email-link-form";

/** "로그인 링크 받기": asks for an emailed one-time sign-in link. */
export function SignInLinkForm() {
  const t = useTranslations();
  return <EmailLinkForm endpoint="/api/v1/sign-in-link" sentMessage={t("auth.signInLinkSent")} sentTestId="sign-in-link-sent" submitLabel={t("auth.signInLinkSend")} fieldId="link-email-error" rateLimitedMessage={t("auth.signInLinkRateLimited")} />;
}
