// Ceiling ladder L1: a bare node:http server doing the submit's writes (raw-submit.ts), nothing else.
// POST /submit?sid=N. Env: DATABASE_URL, PORT, DATABASE_POOL_SIZE.
import http from "node:http";
import pg from "pg";
import { rawSubmit } from "./raw-submit";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
const server = http.createServer((req, res) => {
  const sid = Number(new URL(req.url ?? "/", "http://x").searchParams.get("sid"));
  req.resume();
  rawSubmit(pool, sid).then(
    () => {
      res.writeHead(201, { "content-type": "application/json" });
      res.end('{"ok":true}');
    },
    (e: Error) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "INTERNAL", message: e.message } }));
    },
  );
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("L1 ready"));
process.on("SIGTERM", () => server.close(() => void pool.end().then(() => process.exit(0))));
