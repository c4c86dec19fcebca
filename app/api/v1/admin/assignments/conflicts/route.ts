import { checkConflicts } from "@/lib/reviews/assign";
import { requestActor } from "@/lib/http/actor";
import { apiRoute, json } from "@/lib/http/route";

/** ?proposalId=&reviewerId= → the detected conflicts, for a warning before a manual assignment. */
export const GET = apiRoute(async (req) => {
  return json({ conflicts: await checkConflicts(await requestActor(req), Object.fromEntries(new URL(req.url).searchParams)) });
});
