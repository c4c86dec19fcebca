import { Readable } from "node:stream";
import { requireActor } from "@/lib/auth/actor";
import { openAttachment, removeAttachment } from "@/lib/proposals/attachments";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json } from "@/lib/http/route";

type P = { id: string; attachmentId: string };

/** The file as stored, with the SHA-256 the manifest names; always a download, never rendered inline. */
export const GET = apiRoute<P>(async (req, { id, attachmentId }) => {
  const a = await openAttachment(requireActor(await requestActor(req)), id, attachmentId);
  const ascii = a.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Response(Readable.toWeb(a.stream as Readable) as ReadableStream, {
    headers: {
      "content-type": a.mediaType,
      "content-length": String(a.size),
      "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
      "x-content-sha256": a.sha256,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    },
  });
});

export const DELETE = apiRoute<P>(async (req, { id, attachmentId }) => {
  const actor = requireActor(await requestActor(req));
  return json(await removeAttachment(actor, id, attachmentId, requestContext(req)));
});
