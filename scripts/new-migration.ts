// npm run db:migration -- <name>: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL
// that turns the schema of the last migration (prisma/migrations/schema.snapshot.prisma) into
// prisma/schema.prisma, then updates the snapshot. See docs/decisions/002.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { prepareDatabase } from "../lib/db/bootstrap";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}
const dir = "prisma/migrations";
const snapshot = path.join(dir, "schema.snapshot.prisma");
// prisma's CLI connects even for a datamodel-to-datamodel diff, so it needs a server.
const database = await prepareDatabase({ migrate: false });
const from = fs.existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { env: { ...process.env, DATABASE_URL: database.url }, encoding: "utf8" },
);
await database.embedded?.stop();
if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) {
  console.log("schema.prisma has no changes since the last migration");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const target = path.join(dir, `${stamp}_${name}`);
fs.mkdirSync(target, { recursive: true });
fs.writeFileSync(path.join(target, "migration.sql"), sql);
fs.copyFileSync("prisma/schema.prisma", snapshot);
console.log(`wrote ${target}/migration.sql`);
