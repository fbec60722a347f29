import type { Kysely } from "kysely";
import { runStatements } from "./run-statements";

/**
 * The sales lines' codes compare byte by byte (COLLATE "C"): they are identifiers, never sorted for a reader, and
 * a million-line first load builds its key and customer indexes about a third faster without the locale's
 * comparison (which also keeps PostgreSQL from abbreviating keys). For UTF-8 text, byte order is code-point order,
 * the order `C.UTF-8` gives, and equality is the same under every deterministic collation, so joins with other
 * tables' codes and the order of any output are unchanged.
 *
 * The index on `article` goes: no query looks lines up by article alone (the bottles recomputation after a product
 * change joins every line anyway), and each load paid for it.
 */
const CODES = ["document_no", "line_key", "article", "client_code"];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    [
      "DROP INDEX sales_lines_article",
      `ALTER TABLE sales_lines ${CODES.map((column) => `ALTER COLUMN ${column} TYPE text COLLATE "C"`).join(", ")}`,
    ].join(";\n"),
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    [
      `ALTER TABLE sales_lines ${CODES.map((column) => `ALTER COLUMN ${column} TYPE text COLLATE "default"`).join(", ")}`,
      "CREATE INDEX sales_lines_article ON sales_lines (article)",
    ].join(";\n"),
  );
}
