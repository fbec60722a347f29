import { Kysely, PostgresDialect } from "kysely";
import type pg from "pg";
import type { DatabaseHandle } from "./connect";
import type { Database } from "./schema";

/**
 * One PostgreSQL transaction held on one pooled connection for the whole of a stage, shared by kysely queries
 * (`db`) and COPY (`client`): what the stage writes through either lands at `commit` or not at all. The ingest
 * stage opens it before reading its first file, so that sales lines can be merged while the rest is still parsed.
 */
export class PostgresRunTransaction {
  private ended = false;

  private constructor(
    readonly client: pg.PoolClient,
    readonly db: Kysely<Database>,
  ) {}

  /** Null on PGlite: its single connection cannot hold a transaction while other work goes on. */
  static async begin(handle: DatabaseHandle): Promise<PostgresRunTransaction | null> {
    if (!handle.pool) return null;
    const client = await handle.pool.connect();
    try {
      await client.query("BEGIN");
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    // kysely runs every query on this connection: a pool that always lends it and never gives it back.
    const lent = { query: client.query.bind(client), release: () => {} };
    const pool = { connect: async () => lent, end: async () => {}, options: {} };
    return new PostgresRunTransaction(client, new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }));
  }

  async commit(): Promise<void> {
    await this.end("COMMIT");
  }

  /**
   * Undoes everything (nothing to do once the transaction has ended, even by a failed commit); a connection that
   * cannot even roll back is discarded rather than returned to the pool.
   */
  async rollback(): Promise<void> {
    if (!this.ended) await this.end("ROLLBACK").catch(() => {});
  }

  private async end(statement: "COMMIT" | "ROLLBACK"): Promise<void> {
    this.ended = true;
    let broken: Error | undefined;
    try {
      await this.client.query(statement);
    } catch (error) {
      broken = error as Error;
      throw error;
    } finally {
      this.client.release(broken);
      await this.db.destroy();
    }
  }
}
