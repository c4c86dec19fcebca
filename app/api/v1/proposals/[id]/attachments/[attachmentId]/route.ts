import { requireActor } from "@/lib/auth/actor";
import { openAttachment, removeAttachment } from "@/lib/proposals/attachments";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { fileResponse } from "@/lib/http/file";
import { apiRoute, json } from "@/lib/http/route";

type P = { id: string; attachmentId: string };

export const GET = apiRoute<P>(async (req, { id, attachmentId }) => fileResponse(await openAttachment(requireActor(await requestActor(req)), id, attachmentId)));

export const DELETE = apiRoute<P>(async (req, { id, attachmentId }) => {
  const actor = requireActor(await requestActor(req));
  return json(await removeAttachment(actor, id, attachmentId, requestContext(req)));
});
