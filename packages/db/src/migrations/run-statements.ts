import { type Kysely, sql } from "kysely";

/**
 * Runs a `;`-separated DDL script one statement at a time: PGlite's extended-protocol `query`
 * accepts a single statement, and migrations must run unchanged on PGlite and PostgreSQL.
 * Statements must not contain `;` inside literals or bodies.
 */
export async function runStatements(db: Kysely<unknown>, script: string): Promise<void> {
  for (const statement of script.split(";")) {
    if (statement.trim() !== "") await sql.raw(statement).execute(db);
  }
}
