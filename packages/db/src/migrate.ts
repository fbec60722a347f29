import type { Kysely } from "kysely";
import { type Migration, type MigrationProvider, Migrator } from "kysely/migration";
import * as runs from "./migrations/0001_runs";
import * as canonical from "./migrations/0002_canonical";
import * as results from "./migrations/0003_results";

/** Migrations are imported, not read from a folder, so bundled Lambdas carry them. */
const migrations: Record<string, Migration> = {
  "0001_runs": runs,
  "0002_canonical": canonical,
  "0003_results": results,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new Error(`migration failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  return (results ?? []).filter((result) => result.status === "Success").map((result) => result.migrationName);
}
