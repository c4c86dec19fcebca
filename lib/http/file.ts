import { ReadableStream as NodeReadableStream } from "node:stream/web";

/**
 * A Node stream as a web body. Not Readable.toWeb: on Node 20, when Next.js aborts the answer (its
 * client hung up, or the stall rule cut a client that stopped reading), toWeb still enqueues the next
 * chunk and throws "Controller is already closed" as an uncaught exception. ReadableStream.from pulls
 * from the stream's iterator and ends it (destroying the stream) on cancel.
 */
export function toWebBody(stream: NodeJS.ReadableStream): ReadableStream {
  // Object-mode streams (the JSON export) yield strings: a web body carries bytes.
  async function* bytes() {
    for await (const c of stream as AsyncIterable<Uint8Array | string>) yield typeof c === "string" ? Buffer.from(c) : c;
  }
  return NodeReadableStream.from(bytes()) as unknown as ReadableStream;
}

/** The one type shown inline: its media type comes from the stored bytes (lib/storage/file-type.ts), never the client. */
export const INLINE_MEDIA_TYPE = "application/pdf";

/**
 * A stored file as a download, with the SHA-256 its manifest names. With `inline` asked for, a PDF
 * (and only a PDF) is answered for display instead: Content-Disposition inline, and framing allowed
 * for the portal's own pages only (the reviewer's viewer page), where every other answer refuses it.
 * Anything else stays an attachment whatever is asked: HWP, DOCX and XLSX are never rendered by the
 * browser. Always nosniff, never cached, and no script or sub-resource may load in the document.
 */
export function fileResponse(a: { fileName: string; mediaType: string; size: number; sha256: string; stream: NodeJS.ReadableStream }, options: { inline?: boolean } = {}): Response {
  const ascii = a.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const inline = options.inline === true && a.mediaType === INLINE_MEDIA_TYPE;
  return new Response(toWebBody(a.stream), {
    headers: {
      "content-type": a.mediaType,
      "content-length": String(a.size),
      "content-disposition": `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
      "x-content-sha256": a.sha256,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
      // Also set by next.config.ts for every answer but the inline route's, where only these apply.
      "content-security-policy": `default-src 'none'; frame-ancestors ${inline ? "'self'" : "'none'"}`,
      "x-frame-options": inline ? "SAMEORIGIN" : "DENY",
    },
  });
}
