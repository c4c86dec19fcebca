import path from "node:path";
import { applyMigrations } from "./migrate";
import { ensureDatabase, startEmbeddedPostgres, withDatabase, type EmbeddedServer } from "./embedded";

export const DATA_DIR = path.resolve(process.cwd(), ".data");

export interface PreparedDatabase {
  url: string;
  embedded?: EmbeddedServer;
}

/**
 * DATABASE_URL set: use that server (never start the embedded one). Unset: start the embedded
 * PostgreSQL under ./.data/pg. Either way apply pending migrations.
 */
export async function prepareDatabase(opts: { log?: (l: string) => void; migrate?: boolean } = {}): Promise<PreparedDatabase> {
  const log = opts.log ?? ((l: string) => console.log(l));
  let url = process.env.DATABASE_URL;
  let embedded: EmbeddedServer | undefined;
  if (!url) {
    const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, "pg"), port });
    await ensureDatabase(embedded.adminUrl, "portal");
    url = withDatabase(embedded.adminUrl, "portal");
    log(`embedded PostgreSQL on 127.0.0.1:${embedded.port} (data in .data/pg)`);
  }
  if (opts.migrate !== false) {
    const applied = await applyMigrations(url, { log });
    if (!applied.length) log("database schema is up to date");
  }
  return { url, embedded };
}
