import { createTemplate, ensureTestServer } from "./pg";

// Vitest globalSetup for integration tests: one server, one template; each test file clones it.
export default async function setup({ provide }: { provide: (key: string, value: unknown) => void }) {
  const server = await ensureTestServer();
  if (!process.env.TEST_TEMPLATE_READY) await createTemplate(server.adminUrl);
  provide("pgAdminUrl", server.adminUrl);
  return async () => {
    await server.embedded?.stop();
  };
}
