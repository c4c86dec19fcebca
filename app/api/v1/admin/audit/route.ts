import { listAuditEvents } from "@/lib/audit/list";
import { requestActor } from "@/lib/http/actor";
import { apiRoute, json } from "@/lib/http/route";

export const GET = apiRoute(async (req) => json(await listAuditEvents(await requestActor(req), Object.fromEntries(new URL(req.url).searchParams))));
