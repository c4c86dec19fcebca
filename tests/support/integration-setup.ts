import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { createTestDatabase, dropTestDatabase } from "./pg";

// Each integration test file gets a database of its own, cloned from the migrated template.
// lib/db/client reads DATABASE_URL lazily, at the first query.
const adminUrl = inject("pgAdminUrl" as never) as string;
let url: string;

// …and a directory of its own for uploaded files.
const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-uploads-"));

beforeAll(async () => {
  url = await createTestDatabase(adminUrl);
  process.env.DATABASE_URL = url;
  process.env.UPLOAD_DIR = uploadDir;
});

afterAll(async () => {
  const { closeDb } = await import("../../lib/db/client");
  await closeDb();
  await dropTestDatabase(adminUrl, url);
  fs.rmSync(uploadDir, { recursive: true, force: true });
});
