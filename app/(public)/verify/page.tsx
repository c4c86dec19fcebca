import { getT } from "@/lib/i18n/server";
import { verificationNextPath } from "@/lib/users/verify-email";
import { VerifyButton } from "./verify-button";
import { pageTitle } from "@/app/_components/metadata";

// Opening the mailed link only shows a button (like /signin/link): a GET consumes neither the token
// nor the address's token limit, so a mail scanner or a reload uses nothing up (decision 012).
export const generateMetadata = pageTitle("auth.verifyTitle");

// Where the registration was headed (an invitation's accept page) is read from the token's row, never
// from the link: the sign-in offered after verifying leads there.
export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const { t } = await getT();
  const next = await verificationNextPath(token);
  return (
    <>
      <h1>{t("auth.verifyTitle")}</h1>
      <p className="lead">{t("auth.verifyLead")}</p>
      <VerifyButton token={typeof token === "string" ? token : ""} next={next} />
    </>
  );
}
