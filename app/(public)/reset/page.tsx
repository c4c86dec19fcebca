import { getT } from "@/lib/i18n/server";
import { ResetForm } from "./reset-form";
import { pageTitle } from "@/app/_components/metadata";

export const generateMetadata = pageTitle("auth.resetTitle");

export default async function ResetPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const { t } = await getT();
  return (
    <>
      <h1>{t("auth.resetTitle")}</h1>
      <ResetForm token={token ?? ""} />
    </>
  );
}
