import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { type AppConfig, mappingsConfigSchema } from "@crm-reco/core";
import type { DatabaseHandle } from "@crm-reco/db";
import { sql } from "kysely";
import { parse as parseYaml } from "yaml";
import type { IngestOutput, RunInput } from "../contracts";
import { type LocalS3Server, startLocalS3 } from "../local/s3-server";
import { createS3Client } from "../s3";
import { type IngestOptions, ingest, registerIngestRun } from "./run-ingest";

const BUCKET = "inbox";

/** The shipped mappings, with the minimum of config ingest reads (tests only). */
export function ingestTestConfig(): AppConfig {
  const mappings = mappingsConfigSchema.parse(
    parseYaml(readFileSync(new URL("../../../../config/mappings.yaml", import.meta.url), "utf8")),
  );
  return { mappings, pipeline: { as_of: null } } as unknown as AppConfig;
}

/** A small sales-lines export (`;`, LF) with a `N° ligne` column: `salesExport("C1;05/03/2024;Facture;FA-1;1;…")`. */
export function salesExport(...lines: string[]): string {
  const header = "Code client;Date livraison;Type document;N° document;N° ligne;Article;Produit;Quantité;PU HT;Montant HT";
  return `${[header, ...lines].join("\n")}\n`;
}

export type RejectTuple = [file: string, line: number | null, column: string | null, value: string | null, reason: string, message: string];

export interface TableCounts {
  customers: number;
  products: number;
  sales_lines: number;
  stock: number;
  contacts: number;
  ledger_entries: number;
}

/** A local S3 server plus a database, to run the real ingest on files built in a test (tests only). */
export class IngestTestBench {
  private constructor(
    readonly handle: DatabaseHandle,
    readonly s3: S3Client,
    private readonly server: LocalS3Server,
    private readonly directory: string,
    readonly config: AppConfig,
  ) {}

  static async start(handle: DatabaseHandle): Promise<IngestTestBench> {
    const directory = mkdtempSync(join(tmpdir(), "ingest-bench-"));
    const server = await startLocalS3({ directory, buckets: [BUCKET] });
    return new IngestTestBench(handle, createS3Client(server.endpoint), server, directory, ingestTestConfig());
  }

  /** Uploads the files under `<runId>/` and runs the ingest stage on them, in order. */
  async ingest(
    runId: string,
    files: ReadonlyArray<readonly [name: string, body: Buffer | string]>,
    asOf = "2024-12-31",
    options: IngestOptions = {},
  ): Promise<IngestOutput> {
    for (const [name, body] of files) {
      await this.s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: `${runId}/${name}`, Body: typeof body === "string" ? Buffer.from(body) : body }),
      );
    }
    const input: RunInput = {
      runId,
      dropKey: runId,
      inbox: { bucket: BUCKET, files: files.map(([name]) => ({ key: `${runId}/${name}` })) },
      asOf,
    };
    const context = { handle: this.handle, config: this.config, configHash: "test", s3: this.s3 };
    await registerIngestRun(context, input);
    return ingest(context, input, options);
  }

  async rejects(runId: string): Promise<RejectTuple[]> {
    const result = await sql<{
      file_name: string;
      line: number | null;
      column_name: string | null;
      value: string | null;
      reason: string;
      message: string;
    }>`
      SELECT file_name, line, column_name, value, reason, message FROM ingest_rejects WHERE run_id = ${runId} ORDER BY ordinal`.execute(
      this.handle.db,
    );
    return result.rows.map((row) => [row.file_name, row.line, row.column_name, row.value, row.reason, row.message]);
  }

  async counts(): Promise<TableCounts> {
    const result = await sql<TableCounts>`
      SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM products) AS products,
             (SELECT count(*) FROM sales_lines) AS sales_lines, (SELECT count(*) FROM stock) AS stock,
             (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM ledger_entries) AS ledger_entries`.execute(this.handle.db);
    const row = result.rows[0] as unknown as Record<string, unknown>;
    return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)])) as unknown as TableCounts;
  }

  async rows<T>(query: string): Promise<T[]> {
    return (await sql.raw<T>(query).execute(this.handle.db)).rows;
  }

  async close(): Promise<void> {
    this.s3.destroy();
    await this.server.close();
    rmSync(this.directory, { recursive: true, force: true });
  }
}
