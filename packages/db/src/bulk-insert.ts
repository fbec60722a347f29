import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql } from "kysely";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { DatabaseHandle } from "./connect";

export type BulkValue = string | number | boolean | null;
export type BulkRows = Iterable<BulkValue[]> | AsyncIterable<BulkValue[]>;

/** PGlite has no fast COPY path from Node: multi-row INSERTs bounded by the bind-parameter limit. */
const MAX_BIND_PARAMETERS = 60_000;
const MAX_ROWS_PER_INSERT = 5_000;
/** COPY data is written in large chunks: fewer socket writes and stream turns per row (one COPY per call). */
const COPY_CHUNK_CHARS = 1 << 20;
const COPY_SPECIAL = /[\\\t\n\r]/;

/**
 * Appends rows to a table in bulk: COPY FROM STDIN on PostgreSQL, large multi-row INSERTs on PGlite.
 * Intended for staging and result tables; returns the number of rows written.
 */
export async function bulkInsert(handle: DatabaseHandle, table: string, columns: readonly string[], rows: BulkRows): Promise<number> {
  return handle.pool ? copyRows(handle.pool, table, columns, rows) : insertRows(handle, table, columns, rows);
}

async function copyRows(
  pool: NonNullable<DatabaseHandle["pool"]>,
  table: string,
  columns: readonly string[],
  rows: BulkRows,
): Promise<number> {
  const client = await pool.connect();
  try {
    return await copyWithClient(client, table, columns, rows);
  } finally {
    client.release();
  }
}

/** A statement compiled for `pg` (e.g. `sql\`…\`.compile(db)`). */
export interface CompiledStatement {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * PostgreSQL only: runs `before` (typically the DELETE of the rows being replaced) then COPYs `rows` into the
 * table, in one transaction on one pooled connection, so a retry replaces the rows atomically. COPY is
 * transactional, so no staging table is needed. Returns the number of rows written.
 */
export async function replaceWithCopy(
  pool: NonNullable<DatabaseHandle["pool"]>,
  before: CompiledStatement,
  table: string,
  columns: readonly string[],
  rows: BulkRows,
): Promise<number> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    try {
      await client.query(before.sql, [...before.parameters]);
      const count = await copyWithClient(client, table, columns, rows);
      await client.query("COMMIT");
      return count;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    }
  } finally {
    client.release(broken);
  }
}

async function copyWithClient(client: PoolClient, table: string, columns: readonly string[], rows: BulkRows): Promise<number> {
  let count = 0;
  const target = client.query(copyFrom(`COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(", ")}) FROM STDIN`));
  async function* encode() {
    let batch = "";
    for await (const row of rows) {
      batch += `${row.map(copyText).join("\t")}\n`;
      count++;
      if (batch.length > COPY_CHUNK_CHARS) {
        yield batch;
        batch = "";
      }
    }
    if (batch) yield batch;
  }
  await pipeline(Readable.from(encode()), target);
  return count;
}

async function insertRows(handle: DatabaseHandle, table: string, columns: readonly string[], rows: BulkRows): Promise<number> {
  const rowsPerInsert = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_BIND_PARAMETERS / columns.length)));
  const head = sql.raw(`INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(", ")}) VALUES `);
  let batch: BulkValue[][] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const values = sql.join(batch.map((row) => sql`(${sql.join(row)})`));
    await sql`${head}${values}`.execute(handle.db);
    count += batch.length;
    batch = [];
  };
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= rowsPerInsert) await flush();
  }
  await flush();
  return count;
}

function copyText(value: BulkValue): string {
  if (value === null) return "\\N";
  if (typeof value !== "string") return String(value);
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (ch) => (ch === "\\" ? "\\\\" : ch === "\t" ? "\\t" : ch === "\n" ? "\\n" : "\\r"));
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
