import { requireActor } from "@/lib/auth/actor";
import { requestActor } from "@/lib/http/actor";
import { apiRoute, json } from "@/lib/http/route";

export const GET = apiRoute(async (req) => json(requireActor(await requestActor(req))));
