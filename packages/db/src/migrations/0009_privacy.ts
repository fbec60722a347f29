import type { Kysely } from "kysely";
import { runStatements } from "./run-statements";

/**
 * Erasure tombstones (DOMAIN §9): the salted SHA-256 of an erased person's normalised client code and email,
 * never the identifier itself. The ingest merge drops staged rows whose hash is here, so a later import
 * cannot bring the person back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    CREATE TABLE erasure_tombstones (
      hash       text PRIMARY KEY,
      kind       text NOT NULL CHECK (kind IN ('CLIENT_CODE', 'EMAIL')),
      erased_at  timestamptz NOT NULL
    )
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, "DROP TABLE erasure_tombstones");
}
