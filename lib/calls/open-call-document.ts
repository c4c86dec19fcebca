import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getFileStore } from "@/lib/storage";
import { isUuid } from "@/lib/validate";
import { callSlugSchema } from "./index";

/** A published document's bytes, for anyone (the call is public): named by the call's slug and the document's id. */
export async function openCallDocument(slug: string, documentId: string) {
  if (!callSlugSchema.safeParse(slug).success || !isUuid(documentId)) throw new AppError("NOT_FOUND");
  const d = await db.callDocument.findFirst({ where: { id: documentId, call: { slug } }, select: { fileName: true, mediaType: true, size: true, sha256: true, storageKey: true } });
  if (!d) throw new AppError("NOT_FOUND");
  return { ...d, stream: getFileStore().read(d.storageKey) };
}
