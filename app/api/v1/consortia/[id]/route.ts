import { requireActor } from "@/lib/auth/actor";
import { getConsortium } from "@/lib/consortia/get-consortium";
import { requestActor } from "@/lib/http/actor";
import { apiRoute, json } from "@/lib/http/route";

export const GET = apiRoute<{ id: string }>(async (req, { id }) => json(await getConsortium(requireActor(await requestActor(req)), id)));
