import { listCalls } from "@/lib/calls";
import { apiRoute, json } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => json({ calls: await listCalls() }));
