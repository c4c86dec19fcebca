import { getT } from "@/lib/i18n/server";
import { VerifyButton } from "./verify-button";
import { pageTitle } from "@/app/_components/metadata";

// Opening the mailed link only shows a button (like /signin/link): a GET consumes neither the token
// nor the address's token limit, so a mail scanner or a reload uses nothing up (decision 012).
export const generateMetadata = pageTitle("auth.verifyTitle");

export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const { t } = await getT();
  return (
    <>
      <h1>{t("auth.verifyTitle")}</h1>
      <p className="lead">{t("auth.verifyLead")}</p>
      <VerifyButton token={typeof token === "string" ? token : ""} />
    </>
  );
}
