import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultConfigDir } from "@crm-reco/cli";
import type { BgNbdParameters } from "@crm-reco/core";
import type { DatabaseHandle } from "@crm-reco/db";
import { dialectsUnderTest } from "@crm-reco/db/testing";
import {
  createS3Client,
  ingest,
  type LocalS3Server,
  loadConfigDir,
  putObject,
  registerIngestRun,
  runFeatures,
  runInputSchema,
  startLocalS3,
} from "@crm-reco/pipeline";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scratchDir } from "./local-stack";

/**
 * Golden test on real data (DOMAIN §2): the CDNOW sample goes through the real ingest and features stages;
 * per-customer RFM facts must equal an independent computation on the raw text, and the BG/NBD fit stored
 * in runs.summary.features must reproduce Fader, Hardie & Lee (2005).
 */
const CDNOW = fileURLToPath(new URL("../../shared/datasets/cdnow/CDNOW_sample.txt", import.meta.url));
const AS_OF = "1997-09-30";
const RUN = "cdnow-sample";
const BUCKET = "inbox";

interface RawLine {
  id: string;
  date: string; // YYYYMMDD
  cds: string;
  dollars: string;
}

function readRawLines(): RawLine[] {
  return readFileSync(CDNOW, "utf8")
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length === 5)
    .map(([id, , date, cds, dollars]) => ({ id: id!, date: date!, cds: cds!, dollars: dollars! }));
}

const iso = (yyyymmdd: string) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
const french = (yyyymmdd: string) => `${yyyymmdd.slice(6, 8)}/${yyyymmdd.slice(4, 6)}/${yyyymmdd.slice(0, 4)}`;
const cents = (dollars: string) => {
  const [units, fraction = ""] = dollars.split(".");
  return Number(units) * 100 + Number(fraction.padEnd(2, "0").slice(0, 2));
};

/** The sales-lines CSV an iSaVigne export would look like: one invoice per customer and day, decimal comma. */
function salesCsv(lines: readonly RawLine[]): Buffer {
  const header = "Code client;Date livraison;Type document;N° document;Article;Quantité;Montant HT";
  const body = lines.map(
    (line) => `${line.id};${french(line.date)};Facture;${line.id}-${line.date};CD;${line.cds};${line.dollars.replace(".", ",")}`,
  );
  return Buffer.from(`${[header, ...body].join("\r\n")}\r\n`, "utf8");
}

interface Expected {
  orders: number;
  first: string;
  last: string;
  cents: number;
}

/** The independent computation: calibration lines only, orders = distinct (customer, day). */
function expectedByCustomer(lines: readonly RawLine[]): Map<string, Expected> {
  const days = new Map<string, Set<string>>();
  const revenue = new Map<string, number>();
  for (const line of lines) {
    if (iso(line.date) > AS_OF) continue;
    if (!days.has(line.id)) days.set(line.id, new Set());
    days.get(line.id)!.add(line.date);
    revenue.set(line.id, (revenue.get(line.id) ?? 0) + cents(line.dollars));
  }
  const expected = new Map<string, Expected>();
  for (const [id, set] of days) {
    const sorted = [...set].sort();
    expected.set(id, { orders: set.size, first: iso(sorted[0]!), last: iso(sorted.at(-1)!), cents: revenue.get(id)! });
  }
  return expected;
}

interface FeaturesSummary {
  asOf: string;
  customers: number;
  propensity: { status: string; parameters: BgNbdParameters | null; logLikelihood: number | null; customers: number; repeaters: number };
}

describe.skipIf(!existsSync(CDNOW)).each(dialectsUnderTest())("CDNOW sample through ingest and features on $name", ({ open }) => {
  let handle: DatabaseHandle;
  let s3Server: LocalS3Server;
  let directory: string;
  const raw = existsSync(CDNOW) ? readRawLines() : [];

  beforeAll(async () => {
    directory = scratchDir("cdnow-profiles");
    [handle, s3Server] = await Promise.all([open(), startLocalS3({ directory: join(directory, "s3"), buckets: [BUCKET] })]);
    const s3 = createS3Client(s3Server.endpoint);
    const { config, hash } = loadConfigDir(defaultConfigDir());
    await putObject(s3, BUCKET, "cdnow/ventes.csv", salesCsv(raw), "text/csv");
    const input = runInputSchema.parse({
      runId: RUN,
      dropKey: "cdnow",
      inbox: { bucket: BUCKET, files: [{ key: "cdnow/ventes.csv" }] },
      asOf: AS_OF,
    });
    const context = { handle, config, configHash: hash, s3 };
    await registerIngestRun(context, input);
    const ingested = await ingest(context, input);
    expect(ingested.counts).toMatchObject({ rowsRead: 6919, rowsAccepted: 6919, rowsRejected: 0 });
    await runFeatures({ handle, config }, { runId: RUN, asOf: AS_OF });
  }, 60_000);

  afterAll(async () => {
    await handle?.close();
    await s3Server?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("has the raw file's shape", () => {
    expect(raw).toHaveLength(6919);
    expect(new Set(raw.map((line) => line.id)).size).toBe(2357);
  });

  it("gives every customer the orders, first/last order dates and revenue of the raw calibration lines", async () => {
    const expected = expectedByCustomer(raw);
    expect(expected.size).toBe(2357);
    const { rows } = await sql<{
      client_code: string;
      orders: number;
      first_order_date: string;
      last_order_date: string;
      monetary_ht: string;
    }>`
      SELECT client_code, orders, first_order_date, last_order_date, monetary_ht
      FROM customer_profiles WHERE run_id = ${RUN} ORDER BY client_code COLLATE "C"`.execute(handle.db);
    expect(rows).toHaveLength(2357);
    const actual = new Map(rows.map((row) => [row.client_code, row]));
    let checked = 0;
    for (const [id, want] of expected) {
      const got = actual.get(id);
      expect(got, id).toBeDefined();
      expect([got!.orders, got!.first_order_date, got!.last_order_date, cents(got!.monetary_ht)], id).toEqual([
        want.orders,
        want.first,
        want.last,
        want.cents,
      ]);
      checked++;
    }
    expect(checked).toBe(2357);
  });

  it("stores the published BG/NBD fit in runs.summary.features", async () => {
    const run = await handle.db.selectFrom("runs").select("summary").where("run_id", "=", RUN).executeTakeFirstOrThrow();
    const features = run.summary?.features as FeaturesSummary;
    expect(features.asOf).toBe(AS_OF);
    const repeaters = [...expectedByCustomer(raw).values()].filter((customer) => customer.orders > 1).length;
    expect(features.propensity).toMatchObject({ status: "FITTED", customers: 2357, repeaters });
    const { r, alpha, a, b } = features.propensity.parameters!;
    expect([r, alpha, a, b].map((value) => value.toFixed(3))).toEqual(["0.243", "4.414", "0.793", "2.426"]);
    expect(features.propensity.logLikelihood).toBeCloseTo(-9582.43, 1);
  });
});
