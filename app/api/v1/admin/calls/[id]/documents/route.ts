import { uploadCallDocument } from "@/lib/calls/upload-call-document";
import { receiveUpload } from "@/lib/storage/multipart";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json } from "@/lib/http/route";

/**
 * multipart/form-data with one part named "file" and an optional "title"; ?kind=ANNOUNCEMENT|FORM in
 * the URL. Admins only, checked before the body is read; the body streams to storage (no formData()).
 */
export const POST = apiRoute<{ id: string }>(async (req, { id }) => {
  const kind = new URL(req.url).searchParams.get("kind");
  const d = await uploadCallDocument(await requestActor(req), id, kind, (maxBytes) => receiveUpload(req, { maxBytes, fields: ["title"] }), requestContext(req));
  return json(d, 201);
});
