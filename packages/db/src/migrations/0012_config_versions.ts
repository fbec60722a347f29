import type { Kysely } from "kysely";
import { runStatements } from "./run-statements";

/**
 * Config edits saved from the console's Settings page: each save stores the whole config directory's YAML texts,
 * their hash (the one recorded in runs.config_hash), who saved it and when. In AWS (read-only config dir) this
 * table is the only copy of an edit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE config_versions (
      version      integer PRIMARY KEY,
      config_hash  text NOT NULL,
      file_name    text NOT NULL,
      texts        jsonb NOT NULL,
      author       text NOT NULL,
      saved_at     timestamptz NOT NULL,
      written_to_disk boolean NOT NULL
    )
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, "DROP TABLE config_versions");
}
