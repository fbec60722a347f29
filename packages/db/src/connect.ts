import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PGliteDialect, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

export type DialectName = "pglite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Raw pg pool (PostgreSQL only): COPY needs a client of its own. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `postgres://…` switches to PostgreSQL through `pg`; otherwise PGlite. */
  url?: string;
  /** PGlite data directory; omitted means in-memory. */
  dataDir?: string;
}

const OID = { int8: 20, date: 1082, timestamp: 1114, timestamptz: 1184, numeric: 1700 } as const;
const identity = (value: string) => value;

/**
 * The same value shapes on both dialects: dates as `YYYY-MM-DD`, numeric as exact decimal strings,
 * bigint (count(*)) as number. Deterministic exports depend on it.
 */
const pgliteParsers: Record<number, (value: string) => unknown> = {
  [OID.int8]: Number,
  [OID.date]: identity,
  [OID.numeric]: identity,
};

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url);
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(options.dataDir, { parsers: pgliteParsers });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    dialect: "pglite",
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

function openPostgres(url: string): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    types: {
      getTypeParser: ((oid: number, format?: string) => {
        if (oid === OID.int8) return Number;
        if (oid === OID.date || oid === OID.numeric) return identity;
        return pg.types.getTypeParser(oid, format as "text");
      }) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: "postgres", pool, close: () => db.destroy() };
}
