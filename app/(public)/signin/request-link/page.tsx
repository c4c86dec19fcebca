import { getT } from "@/lib/i18n/server";
import { SignInLinkForm } from "./sign-in-link-form";
import { pageTitle } from "@/app/_components/metadata";

export const generateMetadata = pageTitle("auth.signInLinkTitle");

export default async function RequestSignInLinkPage() {
  const { t } = await getT();
  return (
    <>
      <h1>{t("auth.signInLinkTitle")}</h1>
      <p className="lead">{t("auth.signInLinkLead")}</p>
      <SignInLinkForm />
    </>
  );
}
