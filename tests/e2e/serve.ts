// Playwright's webServer: the real `npm start` path on a database of the e2e tests' own.
import { createTemplate, createTestDatabase, dropStaleTestDatabases, ensureTestServer } from "../support/pg";
import { E2E_ADMIN, E2E_PORT } from "./env";

const server = await ensureTestServer();
if (!process.env.TEST_TEMPLATE_READY) {
  await dropStaleTestDatabases(server.adminUrl);
  await createTemplate(server.adminUrl);
}
process.env.DATABASE_URL = await createTestDatabase(server.adminUrl, "e2e");
process.env.PORT = String(E2E_PORT);
process.env.NEXTAUTH_URL = `http://localhost:${E2E_PORT}`;
process.env.NEXTAUTH_SECRET ??= "e2e-secret-not-for-production-000000000000";
process.env.ADMIN_EMAIL = E2E_ADMIN.email;
process.env.ADMIN_PASSWORD = E2E_ADMIN.password;
process.env.SEED_DEMO = "1";
// The tests read one-time links from the outbox (no SMTP here).
process.env.OUTBOX_LINKS = "1";
// Every e2e request comes from 127.0.0.1: per-address limits × 50 (per-target limits unchanged).
process.env.RATE_LIMIT_ADDRESS_FACTOR = "50";
process.env.HOSTNAME_BIND = "127.0.0.1";
// The embedded test server (when this process started it) stops with this process.
await import("../../scripts/start");
