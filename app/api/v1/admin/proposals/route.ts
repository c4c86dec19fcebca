import { listInputFromSearchParams, listProposals } from "@/lib/admin/proposals";
import { requestActor } from "@/lib/http/actor";
import { apiRoute, json } from "@/lib/http/route";

/** ?callId=…&status=&approach=&leadType=&flagged=&q=&sort=serial|submittedAt|trimmedMean&page=&pageSize= */
export const GET = apiRoute(async (req) => json(await listProposals(await requestActor(req), listInputFromSearchParams(new URL(req.url).searchParams))));
