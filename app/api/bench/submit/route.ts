import { getPool } from "@/lib/db/client";
import { rawSubmit } from "../../../../bench/ladder/raw-submit";

// Ceiling ladder L2 (issue 6): a bare Next.js route handler doing the submit's writes, no session,
// no checks. It exists only when the benchmark starts the server with PORTAL_BENCH_ROUTES=1; any
// other server answers 404 like for any unknown path.
export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  const sid = Number(new URL(req.url).searchParams.get("sid"));
  if (process.env.PORTAL_BENCH_ROUTES !== "1" || !Number.isInteger(sid)) {
    return Response.json({ error: { code: "NOT_FOUND", message: "찾을 수 없습니다." } }, { status: 404 });
  }
  await rawSubmit(getPool(), sid);
  return Response.json({ ok: true }, { status: 201 });
}
