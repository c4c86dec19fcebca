import { requireActor } from "@/lib/auth/actor";
import { createConsortium } from "@/lib/consortia/create-consortium";
import { listMyConsortia } from "@/lib/consortia/get-consortium";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";

export const GET = apiRoute(async (req) => json({ consortia: await listMyConsortia(requireActor(await requestActor(req))) }));

export const POST = apiRoute(async (req) => {
  const actor = requireActor(await requestActor(req));
  return json(await createConsortium(actor, await readJson(req), requestContext(req)), 201);
});
