import { Readable } from "node:stream";

/** A stored file as a download (never rendered inline), with the SHA-256 its manifest names. */
export function fileResponse(a: { fileName: string; mediaType: string; size: number; sha256: string; stream: NodeJS.ReadableStream }): Response {
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
}
