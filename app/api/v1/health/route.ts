import { checkDatabase } from "@/lib/db/health";
import { lineReport } from "@/lib/http/admission";
import { json } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * 200 when the database answers and the admission line has room; 503 when the database does not, or
 * when the line is saturated (it shed a request in the last 5 s, or the first in line has waited over
 * half the longest wait), so a load balancer sends new work elsewhere (decision 011).
 */
export async function GET() {
  const db = await checkDatabase();
  const line = lineReport();
  const saturated = line?.saturated === true;
  const status = !db ? "error" : saturated ? "saturated" : "ok";
  return json(
    { status, db: db ? "ok" : "error", line: line ? (saturated ? "saturated" : "ok") : "unknown", ...(line ? { admission: line } : {}) },
    { status: db && !saturated ? 200 : 503, headers: saturated ? { "retry-after": "2" } : {} },
  );
}
