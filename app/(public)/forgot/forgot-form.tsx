"use client";

import { useTranslations } from "use-intl";
import { EmailLinkForm } from "../../_components/email-link-form";

export function ForgotForm() {
  const t = useTranslations();
  return <EmailLinkForm endpoint="/api/v1/password/forgot" sentMessage={t("auth.forgotSent")} sentTestId="reset-sent" submitLabel={t("common.submit")} fieldId="email-error" />;
}
