import { listMyAssignments } from "@/lib/reviews/reviewer";
import { requestActor } from "@/lib/http/actor";
import { apiRoute, json } from "@/lib/http/route";

export const GET = apiRoute(async (req) => json({ assignments: await listMyAssignments(await requestActor(req)) }));
