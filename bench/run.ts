// npm run bench: figures, not pass/fail. Results go to bench/results/*.json.
//   npm run bench                          everything: rush, overload, ceiling ladder, pages, exports
//   BENCH_ONLY=rush,ladder npm run bench   a part (rush, overload, ladder, pages, exports)
//   RUSH_APPLICANTS=1000 BENCH_SIZES=1000,10000 WEB_CONCURRENCY=1 DATABASE_POOL_SIZE=10
// Needs wrk (Debian: apt-get install -y wrk) for ladder layers L1–L3 and pgbench (postgresql-client)
// for L0; without them those layers are skipped and say so.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTemplate, createTestDatabase, dropTestDatabase, ensureTestServer } from "../tests/support/pg";

const only = new Set((process.env.BENCH_ONLY ?? "rush,overload,ladder,pages,exports").split(",").map((s) => s.trim()));
const sizes = (process.env.BENCH_SIZES ?? "1000,10000").split(",").map(Number).filter((n) => n > 0);
const rushN = Number(process.env.RUSH_APPLICANTS ?? 1000);
const poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10);
const processes = Number(process.env.WEB_CONCURRENCY ?? 1);
const PORT = Number(process.env.BENCH_PORT ?? 3300);

const server = await ensureTestServer();
await createTemplate(server.adminUrl);
const created: string[] = [];
const newDb = async () => {
  const url = await createTestDatabase(server.adminUrl, "bench");
  created.push(url);
  return url;
};
const machine = { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? "", memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
console.log(`bench on ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, node ${machine.node}`);
const write = (name: string, data: unknown) => {
  fs.mkdirSync("bench/results", { recursive: true });
  fs.writeFileSync(`bench/results/${name}.json`, JSON.stringify({ at: new Date().toISOString(), machine, ...(data as object) }, null, 2) + "\n");
  console.log(`  written bench/results/${name}.json`);
};
const table = (rows: Record<string, unknown>[]) => console.table(rows);

try {
  const needPortal = ["rush", "overload", "ladder", "pages"].some((k) => only.has(k));
  if (needPortal) {
    const { seedWorld, setCutoff } = await import("./support/world");
    const { startPortal } = await import("./support/portal");
    const url = await newDb();
    const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-uploads-"));
    const far = new Date(Date.now() + 3 * 3600_000);
    const t0 = performance.now();
    const rushWorld = await seedWorld(url, { applicants: rushN, closesAt: far, uploadDir, regNoBase: 10_000_000 });
    const loadWorld = await seedWorld(url, { applicants: 500, closesAt: far, uploadDir, regNoBase: 20_000_000 });
    const ladderWorld = await seedWorld(url, { applicants: 1000, closesAt: far, uploadDir, regNoBase: 30_000_000 });
    const warmWorld = await seedWorld(url, { applicants: 100, closesAt: far, uploadDir, regNoBase: 40_000_000 });
    console.log(`seeded ${rushN + 1600} virtual applicants (user, token, consortium, draft, 2 attachments each) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const start = (workers: number) =>
      startPortal({ databaseUrl: url, port: PORT, workers, poolSize, uploadDir, benchRoutes: true, logFile: path.join(os.tmpdir(), "bench-portal.log") });
    const warm = async (baseUrl: string) => {
      // JIT and route compilation before anything is measured: 100 real submits, 20 at a time.
      for (let i = 0; i < warmWorld.applicants.length; i += 20) {
        await Promise.all(
          warmWorld.applicants.slice(i, i + 20).map((a) =>
            fetch(`${baseUrl}/api/v1/proposals/${a.proposalId}/submit`, { method: "POST", headers: { authorization: `Bearer ${a.token}`, "content-type": "application/json" }, body: "{}" }).then((r) => r.text()),
          ),
        );
      }
    };
    console.log(`starting the portal in production mode (next build if needed), ${processes} process(es), pool ${poolSize} per process…`);
    let current = processes;
    let portal = await start(current);
    await warm(portal.baseUrl);
    try {
      if (only.has("rush")) {
        const { runRush } = await import("./rush");
        const windowMs = 10_000;
        const cutoff = new Date(Date.now() + windowMs + 3_000);
        await setCutoff(url, rushWorld.callId, cutoff);
        console.log(`\nrush: ${rushN} applicants, cutoff ${cutoff.toISOString()} (${((cutoff.getTime() - Date.now()) / 1000).toFixed(1)} s away), arrivals over the last ${windowMs / 1000} s, 3% after it`);
        const f = await runRush({ baseUrl: portal.baseUrl, databaseUrl: url, callId: rushWorld.callId, applicants: rushWorld.applicants, cutoff, windowMs });
        table([
          { figure: "accepted submissions per second", value: f.acceptedPerSecond },
          { figure: "latency p50 / p95 / p99 / max (ms)", value: `${f.latencyMs.p50} / ${f.latencyMs.p95} / ${f.latencyMs.p99} / ${f.latencyMs.max}` },
          { figure: "requests (incl. double clicks and retries)", value: f.requests },
          { figure: "HTTP statuses", value: JSON.stringify(f.statuses) },
          { figure: "receipts issued", value: f.receiptsIssued },
          { figure: "version rows in the database", value: f.versionRowsInDatabase },
          { figure: "accepted after the cutoff (must be 0)", value: f.lateAccepts },
          { figure: "receipts missing from the database (must be 0)", value: f.missingReceipts },
          { figure: "duplicate versions (must be 0)", value: f.duplicateVersions },
          { figure: "versions no client holds a receipt for", value: f.versionsWithoutClientReceipt },
          { figure: "stored hash ≠ document hash (must be 0)", value: f.hashMismatches },
          { figure: "late arrivals refused / late_attempts rows", value: `${f.lateArrivalsRefused} of ${f.behaviours.late} / ${f.lateAttemptRows}` },
          { figure: "sent before the cutoff, judged after it", value: f.onTimeArrivalsRefusedAtCutoff },
          { figure: "client failures", value: `${f.failures} ${f.failureSamples.join("; ")}` },
        ]);
        write("rush", { processes, poolSize, ...f });
      }
      if (only.has("overload")) {
        const { runOverload } = await import("./overload");
        console.log(`\noverload: 500 clients at once, 2 submissions each, 503 + Retry-After honoured`);
        const f = await runOverload({ baseUrl: portal.baseUrl, databaseUrl: url, applicants: loadWorld.applicants, rounds: 2 });
        table([
          { figure: "HTTP statuses", value: JSON.stringify(f.statuses) },
          { figure: "503 without Retry-After / other answers (must be 0)", value: `${f.answers503WithoutRetryAfter} / ${f.otherAnswers}` },
          { figure: "slowest answer (ms) / answers over 10 s (must be 0)", value: `${f.slowestMs} / ${f.over10s}` },
          { figure: "latency p50 / p95 / p99 (ms)", value: `${f.latencyMs.p50} / ${f.latencyMs.p95} / ${f.latencyMs.p99}` },
          { figure: "accepted per second", value: f.acceptedPerSecond },
          { figure: "keys with exactly one version", value: `${f.keysWithOneVersion} of ${f.keys}` },
          { figure: "lost / duplicated (must be 0)", value: `${f.lost} / ${f.duplicated}` },
        ]);
        write("overload", { processes, poolSize, ...f });
      }
      if (only.has("ladder")) {
        const { benchL0, benchL1, benchL2, benchL3, benchNextFloor } = await import("./ceiling-ladder");
        const { wrkAvailable } = await import("./support/wrk");
        const serials = ladderWorld.applicants.map((a) => a.serialNo);
        const seconds = Number(process.env.LADDER_SECONDS ?? 10);
        const C = 50;
        console.log(`\nceiling ladder: ${C} concurrent clients, ${seconds} s per layer after a 2 s warm-up`);
        const layers: import("./ceiling-ladder").LayerFigures[] = [];
        try {
          // Twice: at the clients' concurrency and at one process's pool size (why the pool is 10).
          layers.push(await benchL0(url, serials, C, seconds));
          layers.push(await benchL0(url, serials, poolSize, seconds));
        } catch (e) {
          console.log(`  L0 skipped: ${(e as Error).message}`);
        }
        if (!wrkAvailable()) {
          console.log("  L1–L3 skipped: wrk is not installed (Debian: apt-get install -y wrk)");
        } else {
          layers.push(await benchL1(url, serials, { port: PORT + 1, connections: C, seconds, poolSize }));
          for (const n of [1, 2]) {
            if (n !== current) {
              await portal.stop();
              portal = await start((current = n));
              await warm(portal.baseUrl);
            }
            layers.push(await benchNextFloor(portal.baseUrl, { connections: C, seconds, processes: n }));
            layers.push(await benchL2(portal.baseUrl, serials, { connections: C, seconds, processes: n }));
            layers.push(await benchL3(portal.baseUrl, ladderWorld.applicants, { connections: C, seconds, processes: n }));
          }
        }
        const l0 = layers.filter((l) => l.layer === "L0").sort((a, b) => b.okPerSecond - a.okPerSecond)[0]; // the better L0
        const rows = layers.map((l) => {
          const l2 = layers.find((x) => x.layer === "L2" && x.what.endsWith(l.what.slice(l.what.lastIndexOf("("))));
          return {
            layer: l.layer,
            what: l.what,
            "ok/s": Math.round(l.okPerSecond),
            "p50 ms": l.latencyMs.p50,
            "p99 ms": l.latencyMs.p99,
            statuses: JSON.stringify(l.statuses),
            "÷ L2": l.layer === "L3" && l2 ? (l.okPerSecond / l2.okPerSecond).toFixed(2) : "",
            "÷ L0": l0 && l.layer !== "L0" && l.layer !== "N" ? (l.okPerSecond / l0.okPerSecond).toFixed(2) : "",
          };
        });
        table(rows);
        write("ladder", { connections: C, seconds, poolSize, layers: layers.map(({ receipts, ...l }) => ({ ...l, receiptsCollected: receipts?.length })), summary: rows });
      }
      if (only.has("pages")) {
        const { benchPages } = await import("./pages");
        console.log("\npages (production build; TTFB over 30 sequential requests after 5 warm-ups; JS = scripts the HTML names)");
        const f = await benchPages({ baseUrl: portal.baseUrl, databaseUrl: url, applicant: warmWorld.applicants[0]! });
        table(f.map((p) => ({ page: p.page, status: p.status, "TTFB p50 ms": p.ttfbMs.p50, "TTFB p95 ms": p.ttfbMs.p95, "HTML KiB": p.htmlKb, scripts: p.scripts, "JS KiB": p.jsKb, "JS gzip KiB": p.jsGzipKb })));
        write("pages", { pages: f });
      }
    } finally {
      await portal.stop();
    }
  }
  if (only.has("exports")) {
    console.log("\nexports (streamed to nowhere; baseline = paging the same documents with plain SELECTs):");
    const { benchExports } = await import("./exports");
    const figures = await benchExports(await newDb(), sizes);
    write("exports", { figures });
  }
} finally {
  const { closeDb } = await import("../lib/db/client");
  await closeDb();
  for (const url of created) await dropTestDatabase(server.adminUrl, url).catch(() => {});
  await server.embedded?.stop();
}
