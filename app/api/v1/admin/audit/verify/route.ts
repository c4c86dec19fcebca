import { verifyEntityChain } from "@/lib/audit/list";
import { requestActor } from "@/lib/http/actor";
import { apiRoute, json, readJson } from "@/lib/http/route";

export const POST = apiRoute(async (req) => json(await verifyEntityChain(await requestActor(req), await readJson(req))));
