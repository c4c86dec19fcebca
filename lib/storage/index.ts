// Attachment storage. Objects are named by server-generated keys only; the client's file name is
// metadata kept elsewhere. The local-disk store is the only implementation for now.
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "@/lib/errors";

export interface StoredFile {
  key: string;
  size: number;
  sha256: string;
}

export interface FileStore {
  /** Streams into a new object; throws AppError PAYLOAD_TOO_LARGE (and leaves nothing behind) when more than maxBytes arrive; 0 bytes → VALIDATION_FAILED fields.file "fileEmpty". */
  put(source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream, opts: { maxBytes: number }): Promise<StoredFile>;
  /** Absolute path of an object on local disk (for type detection). */
  pathOf(key: string): string;
  read(key: string): NodeJS.ReadableStream;
  remove(key: string): Promise<void>;
}

/** Local disk at UPLOAD_DIR (default ./.data/uploads), read at each call so tests can point it elsewhere. */
export function getFileStore(): FileStore {
  return new LocalFileStore(path.resolve(process.env.UPLOAD_DIR ?? ".data/uploads"));
}

const KEY = /^\d{4}\/\d{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Counts and hashes what passes; fails the pipeline (which stops reading the source) past the limit. */
class HashAndLimit extends Transform {
  size = 0;
  private readonly hash = createHash("sha256");

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return cb(new AppError("PAYLOAD_TOO_LARGE"));
    this.hash.update(chunk);
    cb(null, chunk);
  }

  digest(): string {
    return this.hash.digest("hex");
  }
}

class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  async put(source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream, opts: { maxBytes: number }): Promise<StoredFile> {
    // The source may error before pipeline() below listens (during mkdir); pipeline still reports it.
    if ("on" in source) source.on("error", () => {});
    const now = new Date();
    const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, "0")}/${randomUUID()}`;
    const finalPath = this.pathOf(key);
    // Partial uploads live in one folder of their own, so a crash leaves them where a sweep can find them.
    const tmpDir = path.join(this.root, ".tmp");
    const tmpPath = path.join(tmpDir, `${randomUUID()}.part`);
    await mkdir(tmpDir, { recursive: true, mode: 0o700 });
    const counter = new HashAndLimit(opts.maxBytes);
    try {
      // pipeline() never settles for a stream destroyed before it is called (e.g. while mkdir ran).
      if ("destroyed" in source && source.destroyed) throw new Error("upload source closed before it was read");
      await pipeline(source as AsyncIterable<Uint8Array>, counter, createWriteStream(tmpPath, { flags: "wx", mode: 0o600 }));
      if (counter.size === 0) throw new AppError("VALIDATION_FAILED", { fields: { file: "fileEmpty" } });
      await mkdir(path.dirname(finalPath), { recursive: true, mode: 0o700 });
      await rename(tmpPath, finalPath);
    } catch (e) {
      await rm(tmpPath, { force: true });
      throw e;
    }
    return { key, size: counter.size, sha256: counter.digest() };
  }

  pathOf(key: string): string {
    // Keys come from put() via the database; anything else is a bug or tampering, never a path.
    if (!KEY.test(key)) throw new AppError("INTERNAL", { message: "invalid storage key" });
    return path.join(this.root, ...key.split("/"));
  }

  read(key: string): NodeJS.ReadableStream {
    return createReadStream(this.pathOf(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
