import { type DatabaseHandle, type DialectName, openDatabase } from "./connect";
import { migrateToLatest } from "./migrate";

export interface DialectUnderTest {
  name: DialectName;
  open(): Promise<DatabaseHandle>;
}

let schemaCounter = 0;

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

async function openFreshPostgresSchema(url: string): Promise<DatabaseHandle> {
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${schemaCounter++}`;
  const admin = await openDatabase({ url });
  try {
    await admin.pool?.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.close();
  }
  const scoped = new URL(url);
  scoped.searchParams.set("options", `-c search_path=${schema}`);
  const handle = await openDatabase({ url: scoped.toString() });
  await migrateToLatest(handle.db);
  const close = handle.close;
  return {
    ...handle,
    close: async () => {
      await handle.pool?.query(`DROP SCHEMA ${schema} CASCADE`);
      await close();
    },
  };
}
