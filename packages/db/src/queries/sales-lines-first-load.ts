import { bottleEquivalents } from "@crm-reco/core";
import { type Kysely, sql } from "kysely";
import { type BulkRowBatches, type BulkValue, copyWithClient } from "../bulk-insert";
import type { CopyTextEncoder } from "../copy-text-encoder";
import type { PostgresRunTransaction } from "../run-transaction";
import type { Database } from "../schema";
import { dropIndexes } from "./bulk-load-indexes";
import { STAGING, STAGING_KEY_COLUMNS } from "./ingest";
import { isRepeatedKeyError } from "./savepoint";

/** The `sales_lines` columns a staged row (`[run_id, file_ordinal, line, ...columns]`) gives as they are. */
const COPIED = [
  ["document_no", "document_no"],
  ["line_key", "order_detail_no"],
  ["article", "article"],
  ["client_code", "client_code"],
  ["date_livraison", "date_livraison"],
  ["document_type", "document_type"],
  ["is_credit", "is_credit"],
  ["qty", "qty_line"],
  ["pu_ht", "pu_ht"],
  ["mt_ht", "mt_ht"],
  ["mt_ttc", "mt_ttc"],
  ["marge", "marge"],
] as const;
/** Then the two computed ones: the line's bottle-equivalents and the run that loaded it. */
const SALES_LINE_COLUMNS = [...COPIED.map(([column]) => column), "bottles", "updated_run"];
const STAGED: readonly string[] = [...STAGING_KEY_COLUMNS, ...STAGING.sales_lines.columns];
const SOURCES = COPIED.map(([, staged]) => STAGED.indexOf(staged));
const DETAIL_NO = STAGED.indexOf("order_detail_no");
const QTY = STAGED.indexOf("qty_line");
const FACTOR = STAGED.indexOf("article_factor");
const LINE = STAGED.indexOf("line");

/**
 * Lines the first load cannot take as they are: a line without its detail number (`N° ligne`: its key is its
 * ordinal in its document, which the merge numbers), or a line key that repeats (the merge keeps the last one).
 */
export class SalesLinesNeedMergeError extends Error {
  override name = "SalesLinesNeedMergeError";
}

/**
 * A winery's first load of sales lines (the canonical table is empty), merged while the files are still being
 * parsed: each file's rows are COPYed straight into `sales_lines` on the run's transaction — the line's key is its
 * detail number, its bottles are computed as the staging table computes them — while PostgreSQL parses the COPY on
 * its own core. The primary key stays and checks each line as it comes (exports list their lines in document
 * order, so its B-tree grows at its right edge); the other indexes are dropped for the load and built once at the
 * end (`finish`). Everything happens inside the run's transaction, so the ingest's guarantees stand: nothing lands
 * unless the whole run's merge commits.
 *
 * This is only the common case's shortcut: lines it cannot take (`SalesLinesNeedMergeError`) make the caller
 * `abandon` it and send the files to the regular path, staging and merge.
 */
export class SalesLinesFirstLoad {
  private rebuildIndexes: (() => Promise<void>) | null = null;
  private readonly db: Kysely<Database>;

  private constructor(
    private readonly run: PostgresRunTransaction,
    private readonly runId: string,
  ) {
    this.db = run.db;
  }

  /**
   * The shortcut for this run, or null when it does not apply: sales lines already exist, or people have been
   * erased (their tombstones are checked on the regular path). On the first load, `sales_lines` stays locked
   * exclusively until the run's transaction ends; otherwise no lock is kept.
   */
  static async open(run: PostgresRunTransaction, runId: string): Promise<SalesLinesFirstLoad | null> {
    const applies = async () => {
      const state = await sql<{ applies: boolean }>`
        SELECT NOT EXISTS (SELECT 1 FROM sales_lines) AND NOT EXISTS (SELECT 1 FROM erasure_tombstones) AS applies`.execute(run.db);
      return state.rows[0]?.applies === true;
    };
    if (!(await applies())) return null;
    await sql`SAVEPOINT sales_lines_first_load`.execute(run.db);
    await sql`LOCK TABLE sales_lines IN ACCESS EXCLUSIVE MODE`.execute(run.db);
    if (!(await applies())) {
      await sql`ROLLBACK TO SAVEPOINT sales_lines_first_load`.execute(run.db);
      return null;
    }
    const load = new SalesLinesFirstLoad(run, runId);
    load.rebuildIndexes = await dropIndexes(run.db, "sales_lines", "secondary");
    return load;
  }

  /**
   * Loads one file's staged rows (`[run_id, file_ordinal, line, ...STAGING.sales_lines.columns]`) into
   * `sales_lines`; returns the number of rows. Undo it with `undoFile` (a duplicate file, a file read again).
   */
  async loadFile(batches: BulkRowBatches): Promise<number> {
    await sql`SAVEPOINT sales_lines_first_load_file`.execute(this.db);
    try {
      return await copyWithClient(this.run.client, "sales_lines", SALES_LINE_COLUMNS, batches, salesLineEncoder(this.runId));
    } catch (error) {
      if (isRepeatedKeyError(error)) throw new SalesLinesNeedMergeError("a sales line key repeats", { cause: error });
      throw error;
    }
  }

  /** Keeps the last file loaded. */
  async keepFile(): Promise<void> {
    await sql`RELEASE SAVEPOINT sales_lines_first_load_file`.execute(this.db);
  }

  /** Undoes the last file loaded (also after `loadFile` failed). */
  async undoFile(): Promise<void> {
    await sql`ROLLBACK TO SAVEPOINT sales_lines_first_load_file`.execute(this.db);
    await sql`RELEASE SAVEPOINT sales_lines_first_load_file`.execute(this.db);
  }

  /** Undoes everything loaded: `sales_lines` is as it was, its indexes included. */
  async abandon(): Promise<void> {
    this.rebuildIndexes = null;
    await sql`ROLLBACK TO SAVEPOINT sales_lines_first_load`.execute(this.db);
    await sql`RELEASE SAVEPOINT sales_lines_first_load`.execute(this.db);
  }

  /** Builds the indexes dropped for the load over the loaded lines. */
  async finish(): Promise<void> {
    const rebuild = this.rebuildIndexes;
    if (!rebuild) throw new Error("the first load is already finished or abandoned");
    this.rebuildIndexes = null;
    await rebuild();
    await sql`RELEASE SAVEPOINT sales_lines_first_load`.execute(this.db);
  }
}

/** Writes a staged row as a `SALES_LINE_COLUMNS` row of `runId`; a line without its detail number stops the load. */
function salesLineEncoder(runId: string): (encoder: CopyTextEncoder, row: readonly BulkValue[]) => void {
  const bottlesOf = memoisedBottles();
  return (encoder, row) => {
    if (row[DETAIL_NO] === null) throw new SalesLinesNeedMergeError(`line ${row[LINE]} has no detail number`);
    for (let column = 0; column < SOURCES.length; column++) encoder.field(row[SOURCES[column] as number] as BulkValue);
    encoder.field(bottlesOf(row[QTY] as string, row[FACTOR] as string));
    encoder.field(runId);
    encoder.endRow();
  };
}

/** A million lines hold a few hundred distinct quantities and a handful of factors: each product computed once. */
function memoisedBottles(): (quantity: string, factor: string) => string {
  const byFactor = new Map<string, Map<string, string>>();
  return (quantity, factor) => {
    let byQuantity = byFactor.get(factor);
    if (byQuantity === undefined) {
      byQuantity = new Map();
      byFactor.set(factor, byQuantity);
    }
    let bottles = byQuantity.get(quantity);
    if (bottles === undefined) {
      bottles = bottleEquivalents(quantity, factor);
      // Bounded: an odd file with a million distinct quantities starts the memo again rather than growing it.
      if (byQuantity.size >= MEMO_LIMIT) byQuantity.clear();
      byQuantity.set(quantity, bottles);
    }
    return bottles;
  };
}

const MEMO_LIMIT = 100_000;
