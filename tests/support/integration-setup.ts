import { afterAll, beforeAll, inject } from "vitest";
import { createTestDatabase, dropTestDatabase } from "./pg";

// Each integration test file gets a database of its own, cloned from the migrated template.
// lib/db/client reads DATABASE_URL lazily, at the first query.
const adminUrl = inject("pgAdminUrl" as never) as string;
let url: string;

beforeAll(async () => {
  url = await createTestDatabase(adminUrl);
  process.env.DATABASE_URL = url;
});

afterAll(async () => {
  const { closeDb } = await import("../../lib/db/client");
  await closeDb();
  await dropTestDatabase(adminUrl, url);
});
