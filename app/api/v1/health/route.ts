import { checkDatabase } from "@/lib/db/health";
import { json } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export async function GET() {
  const db = await checkDatabase();
  return json({ status: db ? "ok" : "error", db: db ? "ok" : "error" }, db ? 200 : 503);
}
