import { requireActor } from "@/lib/auth/actor";
import { getActor } from "@/lib/auth/session";
import { apiRoute, json } from "@/lib/http/route";

export const GET = apiRoute(async () => json(requireActor(await getActor())));
