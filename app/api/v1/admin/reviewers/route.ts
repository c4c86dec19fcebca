import { listReviewers } from "@/lib/reviews/ranking";
import { requestActor } from "@/lib/http/actor";
import { apiRoute, json } from "@/lib/http/route";

/** ?callId= → reviewers with their load in that call. */
export const GET = apiRoute(async (req) => json({ reviewers: await listReviewers(await requestActor(req), new URL(req.url).searchParams.get("callId") ?? "") }));
