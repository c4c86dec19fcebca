import { json } from "@/lib/http/route";
import { now } from "@/lib/time/clock";
import { TIME_ZONE } from "@/lib/time/kst";

export const dynamic = "force-dynamic";

export function GET() {
  return json({ now: now().toISOString(), timeZone: TIME_ZONE });
}
