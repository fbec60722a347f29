import type { Kysely } from "kysely";
import { runStatements } from "./run-statements";

/** A disabled local console user: login refused and existing sessions rejected (the row and its history stay). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, "ALTER TABLE console_users ADD COLUMN disabled_at timestamptz");
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, "ALTER TABLE console_users DROP COLUMN disabled_at");
}
