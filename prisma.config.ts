import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// Prisma skips .env loading when a config file exists. The CLI is used only for `prisma generate`
// and `prisma migrate diff --from-*-datamodel` (offline, no database): see docs/decisions/002.
// The wasm schema engine ("js") avoids the native binary Prisma would download (no network here).
process.env.DATABASE_URL ??= "postgresql://localhost:5432/unused";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
