import { rankProposals } from "@/lib/reviews/ranking";
import { requestActor } from "@/lib/http/actor";
import { apiRoute, json } from "@/lib/http/route";

/** ?approach=ALL|SCRATCH_ONLY|FOREIGN_FINE_TUNE_ONLY&disagreementOnly=true&sort=trimmedMean|mean|normalized|serial */
export const GET = apiRoute<{ id: string }>(async (req, { id }) => {
  const q = new URL(req.url).searchParams;
  return json(
    await rankProposals(await requestActor(req), {
      callId: id,
      ...(q.get("approach") ? { approach: q.get("approach") } : {}),
      ...(q.get("sort") ? { sort: q.get("sort") } : {}),
      disagreementOnly: q.get("disagreementOnly") === "true",
    }),
  );
});
