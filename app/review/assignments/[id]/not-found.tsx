import Link from "next/link";
import { getT } from "@/lib/i18n/server";

export default async function ReviewAssignmentNotFound() {
  const { t } = await getT();
  return (
    <>
      <h1>{t("review.notFoundTitle")}</h1>
      <p className="alert alert-error" role="alert" data-testid="not-found">
        {t("review.notFoundBody")}
      </p>
      <Link href="/review">{t("review.backToList")}</Link>
    </>
  );
}
