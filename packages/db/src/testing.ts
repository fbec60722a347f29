import { type DatabaseHandle, type DialectName, openDatabase } from "./connect";
import { migrateToLatest } from "./migrate";

export interface DialectUnderTest {
  name: DialectName;
  open(): Promise<DatabaseHandle>;
}

/**
 * The dialects a DB test runs on: PGlite always, PostgreSQL too when TEST_DATABASE_URL is set
 * (CI sets it). Each `open()` gives a fresh, migrated database (a new schema on PostgreSQL).
 */
export function dialectsUnderTest(): DialectUnderTest[] {
  const dialects: DialectUnderTest[] = [
    {
      name: "pglite",
      open: async () => {
        const handle = await openDatabase();
        await migrateToLatest(handle.db);
        return handle;
      },
    },
  ];
  const url = process.env.TEST_DATABASE_URL;
  if (url) dialects.push({ name: "postgres", open: () => openFreshPostgresSchema(url) });
  return dialects;
}

let schemaCounter = 0;

export interface ScratchSchema {
  /** The server URL with `search_path` set to a new, empty schema. */
  url: string;
  drop(): Promise<void>;
}

/** A new empty schema on a PostgreSQL server, so tests never see each other's rows. */
export async function createScratchSchema(serverUrl: string): Promise<ScratchSchema> {
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${schemaCounter++}`;
  const admin = await openDatabase({ url: serverUrl });
  try {
    await admin.pool?.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.close();
  }
  const scoped = new URL(serverUrl);
  scoped.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: scoped.toString(),
    drop: async () => {
      const cleanup = await openDatabase({ url: serverUrl });
      try {
        await cleanup.pool?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await cleanup.close();
      }
    },
  };
}

async function openFreshPostgresSchema(serverUrl: string): Promise<DatabaseHandle> {
  const scratch = await createScratchSchema(serverUrl);
  const handle = await openDatabase({ url: scratch.url });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}
