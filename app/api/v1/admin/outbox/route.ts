import { requestActor } from "@/lib/http/actor";
import { apiRoute, json } from "@/lib/http/route";
import { listOutbox } from "@/lib/users/admin-users";

export const GET = apiRoute(async (req) => {
  const params = new URL(req.url).searchParams;
  const take = Number(params.get("take") ?? 50);
  const mails = await listOutbox(await requestActor(req), { to: params.get("to") ?? undefined, take: Number.isFinite(take) ? take : 50 });
  return json({ mails });
});
