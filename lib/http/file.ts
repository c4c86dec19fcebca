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

/** A stored file as a download (never rendered inline), with the SHA-256 its manifest names. */
export function fileResponse(a: { fileName: string; mediaType: string; size: number; sha256: string; stream: NodeJS.ReadableStream }): Response {
  const ascii = a.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Response(toWebBody(a.stream), {
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
