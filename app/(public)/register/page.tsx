import Link from "next/link";
import { getT } from "@/lib/i18n/server";
import { RegisterForm } from "./register-form";
import { pageTitle } from "@/app/_components/metadata";

export const generateMetadata = pageTitle("auth.registerTitle");

export default async function RegisterPage() {
  const { t } = await getT();
  return (
    <>
      <h1>{t("auth.registerTitle")}</h1>
      <p className="lead">{t("auth.registerLead")}</p>
      <RegisterForm />
      <p>
        {t("auth.haveAccount")} <Link href="/signin">{t("common.signIn")}</Link>
      </p>
    </>
  );
}
