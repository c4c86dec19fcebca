import { notFound } from "next/navigation";
import { getCallBySlug } from "@/lib/calls";
import { isAppError } from "@/lib/errors";
import { getT } from "@/lib/i18n/server";
import { ProgramPurpose } from "../../../_components/program-purpose";
import { CallCard } from "../../../_components/call-card";
import { CallContact, CallDocumentsList } from "../../../_components/call-documents";
import { listCallDocuments } from "@/lib/calls/list-call-documents";
import { recordTitle } from "@/app/_components/metadata";
import { getLocale } from "@/lib/i18n/server";

export const generateMetadata = async ({ params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  return recordTitle("meta.call", async () => {
    const c = await getCallBySlug(slug);
    return (await getLocale()) === "en" ? c.titleEn : c.titleKo;
  });
};

export default async function CallPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { locale, t } = await getT();
  const call = await getCallBySlug(slug).catch((e) => {
    if (isAppError(e) && e.code === "CALL_NOT_FOUND") return null;
    throw e;
  });
  if (!call) notFound();
  const documents = await listCallDocuments(call.id);
  return (
    <>
      <CallCard call={call} locale={locale} detailed />
      <CallDocumentsList slug={call.slug} documents={documents} locale={locale} />
      <CallContact call={call} locale={locale} />
      <ProgramPurpose locale={locale} />
    </>
  );
}
