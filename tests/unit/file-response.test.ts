import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { fileResponse, toWebBody } from "@/lib/http/file";

// Issue 11 review item 1: the server now destroys the socket of a download nobody reads. Next.js then
// cancels the answer's web stream while the file is still being read; Node 20's Readable.toWeb enqueued
// the next chunk anyway and threw "Controller is already closed" as an uncaught exception.
describe("a download cancelled mid-stream", () => {
  it("stops reading the file and throws nothing", async () => {
    let destroyed = false;
    const file = new Readable({
      read() {
        setTimeout(() => this.push(Buffer.alloc(64 * 1024, 0x61)), 1);
      },
      destroy(err, cb) {
        destroyed = true;
        cb(err);
      },
    });
    const res = fileResponse({ fileName: "사업계획서.pdf", mediaType: "application/pdf", size: 10_000_000, sha256: "0".repeat(64), stream: file });
    // As Next.js sends an answer: piped to the socket, aborted when the socket closes.
    const abort = new AbortController();
    let written = 0;
    const piping = res.body!.pipeTo(new WritableStream({ write: (c: Uint8Array) => new Promise((r) => ((written += c.byteLength), setTimeout(r, 20))) }), { signal: abort.signal }).catch((e: Error) => e.name);
    await new Promise((r) => setTimeout(r, 100));
    expect(written).toBeGreaterThan(0);
    abort.abort();
    expect(await piping).toBe("AbortError");
    await new Promise((r) => setTimeout(r, 200)); // chunks the file still produces must go nowhere
    expect(destroyed).toBe(true);
  });

  it("carries an object-mode stream's strings (the JSON export) as bytes", async () => {
    const body = toWebBody(Readable.from(["[", '{"이름":"가"}', "]\n"]));
    expect(await new Response(body).text()).toBe('[{"이름":"가"}]\n');
  });
});
