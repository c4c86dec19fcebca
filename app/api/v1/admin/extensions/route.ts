import { grantExtension } from "@/lib/calls/grant-extension";
import { requestActor } from "@/lib/http/actor";
import { requestContext } from "@/lib/http/context";
import { apiRoute, json, readJson } from "@/lib/http/route";

export const POST = apiRoute(async (req) => json(await grantExtension(await requestActor(req), await readJson(req), requestContext(req)), 201));
