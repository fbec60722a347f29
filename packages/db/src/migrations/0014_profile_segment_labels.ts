import type { Kysely } from "kysely";
import { runStatements } from "./run-statements";

/** The segment's label and suggested action (features.yaml, in the run's locale) beside its code, for the profiles CSV. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    "ALTER TABLE customer_profiles ADD COLUMN segment_label text; ALTER TABLE customer_profiles ADD COLUMN segment_action text",
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    "ALTER TABLE customer_profiles DROP COLUMN segment_label; ALTER TABLE customer_profiles DROP COLUMN segment_action",
  );
}
