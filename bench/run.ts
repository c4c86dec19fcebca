// npm run bench: figures, not pass/fail. Results go to bench/results/*.json.
//   npm run bench                 exports at 1,000 and 10,000 proposals
//   BENCH_SIZES=500 npm run bench a quicker run
import fs from "node:fs";
import os from "node:os";
import { createTemplate, createTestDatabase, dropTestDatabase, ensureTestServer } from "../tests/support/pg";

const sizes = (process.env.BENCH_SIZES ?? "1000,10000").split(",").map(Number).filter((n) => n > 0);
const server = await ensureTestServer();
await createTemplate(server.adminUrl);
const url = await createTestDatabase(server.adminUrl, "bench");
console.log(`bench on ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`);
try {
  console.log("exports (streamed to nowhere; baseline = paging the same documents with plain SELECTs):");
  const { benchExports } = await import("./exports");
  const figures = await benchExports(url, sizes);
  fs.mkdirSync("bench/results", { recursive: true });
  fs.writeFileSync("bench/results/exports.json", JSON.stringify({ at: new Date().toISOString(), cores: os.cpus().length, node: process.version, figures }, null, 2) + "\n");
  console.log("written bench/results/exports.json");
} finally {
  const { closeDb } = await import("../lib/db/client");
  await closeDb();
  await dropTestDatabase(server.adminUrl, url);
  await server.embedded?.stop();
}
