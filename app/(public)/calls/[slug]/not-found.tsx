import Link from "next/link";
import { getT } from "@/lib/i18n/server";

export default async function CallNotFound() {
  const { t } = await getT();
  return (
    <>
      <h1>{t("calls.notFound")}</h1>
      <p className="alert alert-error" role="alert" data-testid="error">{t("errors.CALL_NOT_FOUND")}</p>
      <Link href="/">{t("common.home")}</Link>
    </>
  );
}
