import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type AppConfig, mappingsConfigSchema } from "@crm-reco/core";
import { type DatabaseHandle, migrateToLatest, openDatabase } from "@crm-reco/db";
import { createS3Client, ingest, type LocalS3Server, putObject, registerIngestRun, startLocalS3 } from "@crm-reco/pipeline";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { convertCdnow } from "../packages/cli/src/commands/convert-cdnow";
import { scratchDir } from "./local-stack";

/**
 * The real CDNOW transactions, converted by `crm-reco convert-cdnow`, go through the real ingest stage (local S3,
 * PGlite): no reject, every customer, and as many orders as customer-days in the raw file.
 * By default on the 1/10 sample (6,919 lines, 2,357 customers: a few seconds); `CDNOW_FULL=1` runs the master
 * file (69,659 lines, 23,570 customers), which takes 20–45 s of PGlite time on a shared 2-core machine.
 */
const FULL = process.env.CDNOW_FULL === "1";
const CDNOW = fileURLToPath(new URL(`../../shared/datasets/cdnow/${FULL ? "CDNOW_master.txt" : "CDNOW_sample.txt"}`, import.meta.url));
const PUBLISHED = FULL ? { customers: 23_570, lines: 69_659 } : { customers: 2_357, lines: 6_919 };
const BUCKET = "inbox";

/** An independent reading of the raw file: customers, orders (customer-days), lines, total cents. */
function rawFacts(text: string) {
  const customers = new Set<string>();
  const orders = new Set<string>();
  let lines = 0;
  let cents = 0;
  for (const row of text.split("\n")) {
    const match = /^\s*(\d+)\s+(?:\d+\s+)?(\d{8})\s+(\d+)\s+([\d.]+)\s*$/.exec(row);
    if (!match) continue;
    lines++;
    customers.add(match[1] as string);
    orders.add(`${match[1]} ${match[2]}`);
    const [whole, fraction = ""] = (match[4] as string).split(".");
    cents += Number(whole) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
  }
  return { customers: customers.size, orders: orders.size, lines, cents };
}

describe(`CDNOW ${FULL ? "master" : "sample"} through the real ingest (PGlite)`, () => {
  let server: LocalS3Server;
  let handle: DatabaseHandle;
  const raw = readFileSync(CDNOW, "latin1");
  const expected = rawFacts(raw);

  beforeAll(async () => {
    server = await startLocalS3({ directory: scratchDir("cdnow-ingest-s3"), buckets: [BUCKET] });
    handle = await openDatabase();
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
    await server?.close();
  });

  it("matches the published size of the dataset", () => {
    expect(expected).toMatchObject(PUBLISHED);
  });

  it("ingests with 0 rejects, every customer and every customer-day as one order", async () => {
    const s3 = createS3Client(server.endpoint);
    await putObject(s3, BUCKET, "cdnow/ventes_cdnow.csv", Buffer.from(convertCdnow(raw)), "text/csv");
    const mappings = mappingsConfigSchema.parse(parseYaml(readFileSync(new URL("../config/mappings.yaml", import.meta.url), "utf8")));
    const context = { handle, config: { mappings, pipeline: { as_of: null } } as unknown as AppConfig, configHash: "test", s3 };
    const input = { runId: "cdnow", dropKey: "cdnow", inbox: { bucket: BUCKET, files: [{ key: "cdnow/ventes_cdnow.csv" }] }, asOf: null };
    await registerIngestRun(context, input);
    const output = await ingest(context, input);
    s3.destroy();

    expect(output.counts).toMatchObject({
      files: 1,
      filesRejected: 0,
      rowsRead: expected.lines,
      rowsAccepted: expected.lines,
      rowsRejected: 0,
      customers: expected.customers,
      salesLines: expected.lines,
    });
    expect(output.asOf).toBe("1998-06-30");
    const facts = await sql<{ rejects: number; orders: number; customers: number; cents: string }>`
      SELECT (SELECT count(*) FROM ingest_rejects) AS rejects,
             (SELECT count(DISTINCT document_no) FROM sales_lines WHERE NOT is_credit) AS orders,
             (SELECT count(DISTINCT client_code) FROM sales_lines) AS customers,
             (SELECT (sum(mt_ht) * 100)::bigint::text FROM sales_lines) AS cents`.execute(handle.db);
    expect(facts.rows[0]).toEqual({ rejects: 0, orders: expected.orders, customers: expected.customers, cents: String(expected.cents) });
  });
});
