import { type Kysely, sql } from "kysely";
import { type Migration, type MigrationProvider, Migrator } from "kysely/migration";
import * as runs from "./migrations/0001_runs";
import * as canonical from "./migrations/0002_canonical";
import * as results from "./migrations/0003_results";
import * as staging from "./migrations/0004_staging";
import * as recommend from "./migrations/0006_recommend";
import * as outcomes from "./migrations/0008_outcomes";
import * as privacy from "./migrations/0009_privacy";
import * as consoleReview from "./migrations/0010_console";
import * as stagingFast from "./migrations/0011_staging_fast";
import * as configVersions from "./migrations/0012_config_versions";
import * as consoleUsersDisabled from "./migrations/0013_console_users_disabled";
import * as profileSegmentLabels from "./migrations/0014_profile_segment_labels";
import * as salesLinesCodesBytewise from "./migrations/0015_sales_lines_codes_bytewise";
import * as stagingSalesLinesCanonicalNumbers from "./migrations/0016_staging_sales_lines_canonical_numbers";

/** Migrations are imported, not read from a folder, so bundled Lambdas carry them. */
const migrations: Record<string, Migration> = {
  "0001_runs": runs,
  "0002_canonical": canonical,
  "0003_results": results,
  "0004_staging": staging,
  "0006_recommend": recommend,
  "0008_outcomes": outcomes,
  "0009_privacy": privacy,
  "0010_console": consoleReview,
  "0011_staging_fast": stagingFast,
  "0012_config_versions": configVersions,
  "0013_console_users_disabled": consoleUsersDisabled,
  "0014_profile_segment_labels": profileSegmentLabels,
  "0015_sales_lines_codes_bytewise": salesLinesCodesBytewise,
  "0016_staging_sales_lines_canonical_numbers": stagingSalesLinesCanonicalNumbers,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

// biome-ignore lint/suspicious/noExplicitAny: migrations run against any schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Kysely looks for its bookkeeping table in any schema unless told which: name the current one, so
  // databases that live side by side in schemas of one server (tests, several wineries) never see each other's.
  const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
  const migrator = new Migrator({ db, provider, migrationTableSchema: rows[0]?.schema ?? "public" });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new Error(`migration failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  return (results ?? []).filter((result) => result.status === "Success").map((result) => result.migrationName);
}
