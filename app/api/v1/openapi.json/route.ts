import { appOrigin } from "@/lib/http/context";
import { openApiDocument } from "@/lib/http/openapi";
import { apiRoute, json } from "@/lib/http/route";

export const GET = apiRoute(async (req) => json(openApiDocument(appOrigin(req))));
