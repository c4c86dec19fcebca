import { requireActor } from "@/lib/auth/actor";
import { uploadAttachment } from "@/lib/proposals/attachments";
import { receiveUpload } from "@/lib/storage/multipart";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json } from "@/lib/http/route";

/**
 * multipart/form-data with one part named "file"; ?kind=BUSINESS_PLAN|… in the URL, so the kind's size
 * limit applies before the first byte is read. The body streams to storage (no formData()).
 */
export const POST = apiRoute<{ id: string }>(async (req, { id }) => {
  const actor = requireActor(await requestActor(req));
  const kind = new URL(req.url).searchParams.get("kind");
  const a = await uploadAttachment(actor, id, kind, (maxBytes) => receiveUpload(req, { maxBytes }), requestContext(req));
  return json(a, 201);
});
