// Streaming multipart/form-data upload: the file part goes straight from the request body to the
// store (hashed and size-limited on the way), never through request.formData() or a whole-file buffer.
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { AppError, isAppError } from "@/lib/errors";
import { sanitizeFileName } from "./file-name";
import { detectFileType, type DetectedType } from "./file-type";
import { getFileStore, type StoredFile } from "./index";

/** Room for the multipart envelope: boundaries, part headers and the small text fields. */
export const ENVELOPE_BYTES = 64 * 1024;
const MAX_FIELDS = 10;
const MAX_FIELD_BYTES = 1024;

export interface ReceivedUpload {
  fields: Record<string, string>;
  file: StoredFile & { fileName: string; clientType: string; detected: DetectedType | null };
}

/**
 * Receives exactly one file part named "file" (plus up to 10 text fields of ≤ 1 KiB; when opts.fields
 * is given only those names are returned) and stores it. The caller decides whether to accept the
 * detected type and must call getFileStore().remove(file.key) when it refuses. On any failure
 * nothing stays on disk and the promise rejects with an AppError.
 */
export async function receiveUpload(req: Request, opts: { maxBytes: number; fields?: string[] }): Promise<ReceivedUpload> {
  const contentType = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*(;|$)/i.test(contentType)) throw new AppError("UNSUPPORTED_MEDIA_TYPE");
  const maxBody = opts.maxBytes + ENVELOPE_BYTES;
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > maxBody) {
    req.body?.cancel().catch(() => {});
    throw new AppError("PAYLOAD_TOO_LARGE");
  }
  if (!req.body) throw fileRequired();

  let parser: busboy.Busboy;
  try {
    // busboy signals partsLimit on reaching the count, so it is one above the most a valid form has.
    parser = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      // Keep the client's name whole so sanitizeFileName refuses paths instead of busboy trimming them.
      preservePath: true,
      limits: { files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, fieldNameSize: 100, parts: MAX_FIELDS + 2, headerPairs: 20 },
    });
  } catch {
    throw new AppError("BAD_REQUEST", { message: "malformed multipart content type" });
  }

  const store = getFileStore();
  const wanted = opts.fields ? new Set(opts.fields) : undefined;
  const fields: Record<string, string> = {};
  const body = Readable.fromWeb(req.body as NodeWebReadableStream<Uint8Array>);
  let fileStream: Readable | undefined;
  let fileMeta: { fileName: string; clientType: string } | undefined;
  let put: Promise<StoredFile> | undefined;
  // Our own refusals win over the stream errors they cause downstream.
  let refusal: AppError | undefined;
  let bodyError: unknown;
  let storeError: unknown;

  // Stopping must not wait for the body to acknowledge its cancellation: some web streams never do.
  let stopped!: () => void;
  const stopping = new Promise<void>((resolve) => (stopped = resolve));
  const stop = () => {
    fileStream?.destroy();
    body.destroy();
    stopped();
  };
  const refuse = (e: AppError) => {
    refusal ??= e;
    stop();
  };
  const badRequest = (message: string) => refuse(new AppError("BAD_REQUEST", { message }));

  parser.on("file", (name, stream, info) => {
    if (name !== "file") {
      discard(stream);
      return badRequest(`unexpected file part "${name}"`);
    }
    // A browser sends an empty, nameless part when no file was chosen.
    if (!info.filename) {
      discard(stream);
      return;
    }
    let fileName: string;
    try {
      fileName = sanitizeFileName(info.filename);
    } catch (e) {
      discard(stream);
      return refuse(e as AppError);
    }
    fileStream = stream;
    fileMeta = { fileName, clientType: info.mimeType };
    put = store.put(stream, { maxBytes: opts.maxBytes });
    put.catch((e: unknown) => {
      if (isAppError(e)) refuse(e);
      else {
        storeError ??= e;
        stop();
      }
    });
  });
  parser.on("field", (name, value, info) => {
    if (info.nameTruncated || info.valueTruncated) return badRequest(`field "${name}" too long`);
    if (wanted && !wanted.has(name)) return;
    if (name in fields) return badRequest(`field "${name}" repeated`);
    fields[name] = value;
  });
  parser.on("filesLimit", () => badRequest("more than one file"));
  parser.on("fieldsLimit", () => badRequest("too many fields"));
  parser.on("partsLimit", () => badRequest("too many parts"));

  const parsing = pipeline(body, new ByteLimit(maxBody), parser).catch((e: unknown) => {
    if (isAppError(e)) refusal ??= e;
    else bodyError ??= e;
    stop();
  });
  await Promise.race([parsing, stopping]);
  const stored = put ? await put.catch(() => undefined) : undefined;

  const failure =
    refusal ??
    (bodyError ? new AppError("BAD_REQUEST", { message: `upload aborted or malformed: ${(bodyError as Error).message}` }) : undefined) ??
    (storeError ? storeFailure(storeError) : undefined);
  if (failure) {
    if (stored) await store.remove(stored.key);
    throw failure;
  }
  if (!stored || !fileMeta) throw fileRequired();

  let detected: DetectedType | null;
  try {
    detected = await detectFileType(store.pathOf(stored.key));
  } catch (e) {
    await store.remove(stored.key);
    throw e;
  }
  return { fields, file: { ...stored, ...fileMeta, detected } };
}

/** Drains a part we do not keep; its errors (from a later abort) are reported by the parser instead. */
function discard(stream: Readable) {
  stream.on("error", () => {});
  stream.resume();
}

function fileRequired(): AppError {
  return new AppError("VALIDATION_FAILED", { fields: { file: "fileRequired" } });
}

function storeFailure(e: unknown): AppError {
  // A disk error is ours, not the client's: log the cause, answer 500.
  console.error("upload storage failed", e);
  return new AppError("INTERNAL", { message: "upload storage failed" });
}

/** Caps the whole request body, whether or not Content-Length was declared. */
class ByteLimit extends Transform {
  private seen = 0;

  constructor(private readonly max: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
    this.seen += chunk.length;
    if (this.seen > this.max) return cb(new AppError("PAYLOAD_TOO_LARGE"));
    cb(null, chunk);
  }
}
