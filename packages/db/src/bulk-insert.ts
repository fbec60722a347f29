import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql } from "kysely";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { DatabaseHandle } from "./connect";
import { CopyTextEncoder, type CopyValue } from "./copy-text-encoder";

export type BulkValue = CopyValue;
export type BulkRows = Iterable<BulkValue[]> | AsyncIterable<BulkValue[]>;
/**
 * Rows in batches: a producer that makes rows by the thousand (a parsed chunk of a file) hands them over with one
 * await per batch instead of one per row.
 */
export type BulkRowBatches = AsyncIterable<readonly BulkValue[][]>;

/** PGlite has no fast COPY path from Node: multi-row INSERTs bounded by the bind-parameter limit. */
const MAX_BIND_PARAMETERS = 60_000;
const MAX_ROWS_PER_INSERT = 5_000;
/** COPY data is written in large chunks: fewer socket writes and stream turns per row (one COPY per call). */
const COPY_CHUNK_BYTES = 1 << 20;

/**
 * Appends rows to a table in bulk: COPY FROM STDIN on PostgreSQL, large multi-row INSERTs on PGlite.
 * Intended for staging and result tables; returns the number of rows written.
 */
export function bulkInsert(handle: DatabaseHandle, table: string, columns: readonly string[], rows: BulkRows): Promise<number> {
  return bulkInsertBatches(handle, table, columns, inBatches(rows));
}

/** `bulkInsert` for rows that come in batches. */
export async function bulkInsertBatches(
  handle: DatabaseHandle,
  table: string,
  columns: readonly string[],
  batches: BulkRowBatches,
): Promise<number> {
  return handle.pool ? copyRows(handle.pool, table, columns, batches) : insertRows(handle, table, columns, batches);
}

const ROWS_PER_BATCH = 1_000;

async function* inBatches(rows: BulkRows): BulkRowBatches {
  let batch: BulkValue[][] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= ROWS_PER_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function copyRows(
  pool: NonNullable<DatabaseHandle["pool"]>,
  table: string,
  columns: readonly string[],
  batches: BulkRowBatches,
): Promise<number> {
  const client = await pool.connect();
  try {
    return await copyWithClient(client, table, columns, batches);
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
      const count = await copyWithClient(client, table, columns, inBatches(rows));
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

/**
 * COPYs `batches` into the table on `client` (inside whatever transaction it holds); returns the number of rows.
 * Each row is written as it is, or by `encodeRow` when the table's columns are laid out otherwise than the rows.
 */
export async function copyWithClient(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  batches: BulkRowBatches,
  encodeRow: (encoder: CopyTextEncoder, row: readonly BulkValue[]) => void = (encoder, row) => encoder.writeRow(row),
): Promise<number> {
  let count = 0;
  const target = client.query(copyFrom(`COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(", ")}) FROM STDIN`));
  async function* encode() {
    const encoder = new CopyTextEncoder(COPY_CHUNK_BYTES);
    for await (const batch of batches) {
      for (const row of batch) encodeRow(encoder, row);
      count += batch.length;
      if (encoder.full) yield encoder.take();
    }
    if (!encoder.empty) yield encoder.take();
  }
  await pipeline(Readable.from(encode()), target);
  return count;
}

async function insertRows(handle: DatabaseHandle, table: string, columns: readonly string[], batches: BulkRowBatches): Promise<number> {
  const rowsPerInsert = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_BIND_PARAMETERS / columns.length)));
  const head = sql.raw(`INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(", ")}) VALUES `);
  let pending: BulkValue[][] = [];
  let count = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const values = sql.join(pending.map((row) => sql`(${sql.join(row)})`));
    await sql`${head}${values}`.execute(handle.db);
    count += pending.length;
    pending = [];
  };
  for await (const batch of batches) {
    for (const row of batch) {
      pending.push(row);
      if (pending.length >= rowsPerInsert) await flush();
    }
  }
  await flush();
  return count;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
