// wrk (Debian's package) driven from a generated Lua script: requests cycle through a list (each
// thread starting at its own offset, so two connections rarely hit the same proposal), statuses are
// counted per thread, and `done` prints one JSON line with throughput and latency percentiles.
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface WrkRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadFigures {
  tool: string;
  connections: number;
  seconds: number;
  requests: number;
  perSecond: number;
  ok: number;
  okPerSecond: number;
  statuses: Record<string, number>;
  retryAfterOn503: number;
  errors: { connect: number; read: number; write: number; timeout: number };
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Receipt numbers from 201 answers, when asked for. */
  receipts?: string[];
}

export function wrkAvailable(): boolean {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return true;
  } catch (e) {
    // wrk prints its version and exits 1.
    return (e as { status?: number }).status === 1;
  }
}

const lua = (s: string) => JSON.stringify(s); // a JSON string is a valid Lua string literal for our ASCII input

function script(reqs: WrkRequest[], threads: number, collectReceipts: boolean): string {
  const list = reqs
    .map((r) => `{${lua(r.method)}, ${lua(r.path)}, {${Object.entries(r.headers ?? {}).map(([k, v]) => `[${lua(k)}]=${lua(v)}`).join(",")}}, ${r.body === undefined ? "nil" : lua(r.body)}}`)
    .join(",\n");
  return `
local reqs = {
${list}
}
local threads = {}
local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end
local built = {}
local i = 0
statuses = {}
retry_after = 0
receipts = {}
function init(args)
  for k, r in ipairs(reqs) do built[k] = wrk.format(r[1], r[2], r[3], r[4]) end
  i = math.floor(id * #reqs / ${threads})
end
function request()
  i = i + 1
  return built[(i % #reqs) + 1]
end
function response(status, headers, body)
  local k = tostring(status)
  statuses[k] = (statuses[k] or 0) + 1
  if status == 503 and (headers["Retry-After"] or headers["retry-after"]) then retry_after = retry_after + 1 end
  ${collectReceipts ? `if status == 201 then local r = string.match(body, '"receiptNo":"([^"]+)"'); if r then table.insert(receipts, r) end end` : ""}
end
local function q(s) return '"' .. s .. '"' end
function done(summary, latency, requests)
  local all, ra, rc = {}, 0, {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do all[k] = (all[k] or 0) + v end
    ra = ra + t:get("retry_after")
    for _, r in ipairs(t:get("receipts")) do table.insert(rc, q(r)) end
  end
  local st = {}
  for k, v in pairs(all) do table.insert(st, q(k) .. ":" .. v) end
  local e = summary.errors
  io.write("WRK_JSON " .. "{" ..
    q("duration_us") .. ":" .. summary.duration .. "," ..
    q("requests") .. ":" .. summary.requests .. "," ..
    q("statuses") .. ":{" .. table.concat(st, ",") .. "}," ..
    q("retry_after") .. ":" .. ra .. "," ..
    q("errors") .. ":{" .. q("connect") .. ":" .. e.connect .. "," .. q("read") .. ":" .. e.read .. "," .. q("write") .. ":" .. e.write .. "," .. q("timeout") .. ":" .. e.timeout .. "}," ..
    q("p50") .. ":" .. latency:percentile(50) .. "," .. q("p90") .. ":" .. latency:percentile(90) .. "," .. q("p99") .. ":" .. latency:percentile(99) .. "," ..
    q("max") .. ":" .. latency.max .. "," .. q("mean") .. ":" .. latency.mean .. "," ..
    q("receipts") .. ":[" .. table.concat(rc, ",") .. "]}\\n")
end
`;
}

export async function runWrk(opts: { baseUrl: string; requests: WrkRequest[]; connections: number; seconds: number; threads?: number; timeoutS?: number; collectReceipts?: boolean }): Promise<LoadFigures> {
  const threads = Math.min(opts.threads ?? 2, opts.connections);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "wrk-")), "script.lua");
  fs.writeFileSync(file, script(opts.requests, threads, opts.collectReceipts ?? false));
  const out = await new Promise<string>((resolve, reject) =>
    execFile(
      "wrk",
      ["-t", String(threads), "-c", String(opts.connections), "-d", `${opts.seconds}s`, "--timeout", `${opts.timeoutS ?? 10}s`, "-s", file, opts.baseUrl],
      { maxBuffer: 64 * 2 ** 20 },
      (err, stdout, stderr) => (err ? reject(new Error(`wrk failed: ${stderr || err.message}`)) : resolve(stdout)),
    ),
  );
  const line = out.split("\n").find((l) => l.startsWith("WRK_JSON "));
  if (!line) throw new Error(`wrk printed no figures:\n${out}`);
  const r = JSON.parse(line.slice(9)) as {
    duration_us: number; requests: number; statuses: Record<string, number>; retry_after: number; errors: LoadFigures["errors"];
    p50: number; p90: number; p99: number; max: number; mean: number; receipts: string[];
  };
  const seconds = r.duration_us / 1e6;
  const ok = Object.entries(r.statuses).filter(([s]) => s.startsWith("2")).reduce((n, [, v]) => n + v, 0);
  const ms = (us: number) => Math.round(us / 10) / 100;
  return {
    tool: "wrk",
    connections: opts.connections,
    seconds,
    requests: r.requests,
    perSecond: r.requests / seconds,
    ok,
    okPerSecond: ok / seconds,
    statuses: r.statuses,
    retryAfterOn503: r.retry_after,
    errors: r.errors,
    latencyMs: { p50: ms(r.p50), p90: ms(r.p90), p99: ms(r.p99), max: ms(r.max), mean: ms(r.mean) },
    ...(opts.collectReceipts ? { receipts: r.receipts } : {}),
  };
}
