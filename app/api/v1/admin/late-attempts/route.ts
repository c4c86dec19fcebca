import { listLateAttempts } from "@/lib/calls/admin-calls";
import { requestActor } from "@/lib/http/actor";
import { apiRoute, json } from "@/lib/http/route";

export const GET = apiRoute(async (req) => {
  const q = new URL(req.url).searchParams;
  return json({ lateAttempts: await listLateAttempts(await requestActor(req), { callId: q.get("callId") ?? undefined, take: Number(q.get("take") ?? 100) || 100 }) });
});
