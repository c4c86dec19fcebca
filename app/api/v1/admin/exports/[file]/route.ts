import { toWebBody } from "@/lib/http/file";
import { requireAdmin } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { exportAttachmentsZip, exportCsv, exportJson, exportXlsx, type ExportStream } from "@/lib/exports/write";
import { filterFromSearchParams } from "@/lib/exports/source";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute } from "@/lib/http/route";

/**
 * proposals.csv|xlsx|json, attachments.zip, and models|organizations|attachments|reviews.csv, with the
 * list's filters in the query string (?callId=…&status=…&approach=…&leadType=…&q=…). Streamed.
 */
export const GET = apiRoute<{ file: string }>(async (req, { file }) => {
  const actor = await requestActor(req);
  const filter = filterFromSearchParams(new URL(req.url).searchParams);
  const ctx = requestContext(req);
  const m = file.match(/^(proposals|models|organizations|attachments|reviews)\.(csv|xlsx|json|zip)$/);
  let out: ExportStream;
  if (m?.[2] === "csv") out = await exportCsv(actor, filter, m[1]!, ctx);
  else if (file === "proposals.xlsx") out = await exportXlsx(actor, filter, ctx);
  else if (file === "proposals.json") out = await exportJson(actor, filter, ctx);
  else if (file === "attachments.zip") out = await exportAttachmentsZip(actor, filter, ctx);
  else {
    requireAdmin(actor); // a non-admin learns nothing about which files exist
    throw new AppError("NOT_FOUND");
  }
  return new Response(toWebBody(out.stream), {
    headers: {
      "content-type": out.contentType,
      "content-disposition": `attachment; filename="${out.fileName}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
