import { getPool } from "@/lib/db/client";
import { rawSubmit } from "../../../../bench/ladder/raw-submit";

// Ceiling ladder L2 (issue 6): a bare Next.js route handler doing the submit's writes, no session,
// no checks. Its `.bench.ts` name keeps it out of every build but the benchmark's own (next.config.ts:
// pageExtensions, distDir .next-bench); the environment check below is a second lock on that build.
export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  const sid = Number(new URL(req.url).searchParams.get("sid"));
  if (process.env.PORTAL_BENCH_ROUTES !== "1" || !Number.isInteger(sid)) {
    return Response.json({ error: { code: "NOT_FOUND", message: "찾을 수 없습니다." } }, { status: 404 });
  }
  await rawSubmit(getPool(), sid);
  return Response.json({ ok: true }, { status: 201 });
}
