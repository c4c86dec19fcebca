import { getCallBySlug } from "@/lib/calls";
import { apiRoute, json } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ slug: string }>(async (_req, { slug }) => json(await getCallBySlug(slug)));
