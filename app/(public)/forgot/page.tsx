import { getT } from "@/lib/i18n/server";
import { ForgotForm } from "./forgot-form";
import { pageTitle } from "@/app/_components/metadata";

export const generateMetadata = pageTitle("auth.forgotTitle");

export default async function ForgotPage() {
  const { t } = await getT();
  return (
    <>
      <h1>{t("auth.forgotTitle")}</h1>
      <p className="lead">{t("auth.forgotLead")}</p>
      <ForgotForm />
    </>
  );
}
