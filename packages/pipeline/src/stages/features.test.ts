import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type AppConfig,
  aromasConfigSchema,
  customerProfileCsvHeader,
  featuresConfigSchema,
  scenariosConfigSchema,
  toCsv,
  toCustomerProfileCsvRow,
} from "@crm-reco/core";
import type { DatabaseHandle } from "@crm-reco/db";
import { dialectsUnderTest } from "@crm-reco/db/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runFeatures } from "./features";
import { runScenarios } from "./scenarios";

const yamlOf = (name: string) => parse(readFileSync(fileURLToPath(new URL(`../../../../config/${name}.yaml`, import.meta.url)), "utf8"));
const config = {
  features: featuresConfigSchema.parse(yamlOf("features")),
  aromas: aromasConfigSchema.parse({
    ...yamlOf("aromas"),
    by_article: { B1: { fruit: 3, floral: 3, epice: 3, mineral: 3, acidite: 3, corps: 3, tanin: 3 } },
  }),
  scenarios: scenariosConfigSchema.parse(yamlOf("scenarios")),
  pipeline: { ...yamlOf("pipeline"), recommend: { shard_size: 2, max_concurrency: 1 } } as AppConfig["pipeline"],
};
const RUN = "run-1";
const AS_OF = "2024-06-30";

type Product = [
  article: string,
  produit: string,
  millesime: number | null,
  famille: string | null,
  tier: number | null,
  prix: string | null,
  aromas: number[] | null,
];
const PRODUCTS: Product[] = [
  ["A1", "Les Grandes Terres 2021", 2021, "Rouge", 1, "15.00", [4, 2, 3, 2, 3, 4, 3]],
  ["A2", "Les  Grandes Terres 2022", 2022, "Rouge", 1, "16.00", [4, 2, 3, 2, 3, 4, 3]],
  ["B1", "Les Chaumes 2022", 2022, "Blanc", 1, "20.00", null],
  ["R1", "Clos Prestige 2019", 2019, "Rouge", 3, "60.00", null],
];

// client, email, consent, birth, stub
type Customer = [string, string | null, "OPT_IN" | "REFUSED" | "UNKNOWN", string | null, boolean];
const CUSTOMERS: Customer[] = [
  ["C001", "alice@example.fr", "OPT_IN", "1970-03-01", false],
  ["C002", "bruno@example.fr", "UNKNOWN", null, false],
  ["C003", "chloe@example.fr", "OPT_IN", null, false],
  ["C004", "bad@", "OPT_IN", null, false],
  ["C005", "eve@example.fr", "OPT_IN", null, false],
  ["C006", null, "UNKNOWN", null, true],
  ["C007", "gus@example.fr", "OPT_IN", null, false],
  ["C008", "hugo@example.fr", "OPT_IN", null, false],
  ["C009", null, "UNKNOWN", null, true],
  ["C010", "ines@example.fr", "OPT_IN", null, false],
  ["C011", "jules@example.fr", "OPT_IN", null, false],
  ["C012", "kim@example.fr", "OPT_IN", null, false],
];

// document, client, date, article, bottles, mt_ht, credit
type Line = [string, string, string, string, number, string, boolean?];
const LINES: Line[] = [
  ["F1", "C001", "2024-01-10", "A1", 6, "60.00"],
  ["F1", "C001", "2024-01-10", "B1", 2, "40.00"],
  ["F2", "C001", "2024-03-01", "A1", 6, "60.00"],
  ["AV1", "C001", "2024-03-05", "A1", -1, "-10.00", true],
  ["F9", "C001", "2024-07-15", "A1", 6, "60.00"],
  ["F3", "C002", "2023-12-01", "A1", 12, "120.00"],
  ["F4", "C003", "2024-06-20", "B1", 2, "40.00"],
  ["F5", "C004", "2022-01-01", "A1", 1, "10.00"],
  ["F6", "C006", "2024-06-01", "S1", 1, "10.00"],
  ["F7", "C007", "2024-05-01", "B1", 1, "20.00"],
  ["F8", "C008", "2024-05-01", "B1", 1, "20.00"],
  ["F10", "C010", "2024-06-01", "A2", 1, "15.00"],
  ["F10", "C010", "2024-06-01", "B1", 1, "15.00"],
  ["F11", "C011", "2022-06-01", "R1", 1, "50.00"],
  ["F12", "C011", "2023-01-15", "R1", 1, "50.00"],
  ["F13", "C012", "2024-06-15", "B1", 1, "20.00"],
];

async function seed(handle: DatabaseHandle) {
  const { db } = handle;
  await db
    .insertInto("runs")
    .values({ run_id: RUN, drop_key: "d", status: "RUNNING", config_hash: "h", input_files: "[]", started_at: new Date(0) })
    .execute();
  await db
    .insertInto("products")
    .values([
      ...PRODUCTS.map(([article, produit, millesime, famille, premium_tier, prix_ttc, aromas]) => ({
        article,
        produit,
        millesime,
        famille,
        couleur: famille === "Blanc" ? "blanc" : "rouge",
        sucrosite: "sec",
        cepages: article.startsWith("A") ? "Syrah, Grenache" : article === "B1" ? "Chardonnay" : "Pinot Noir",
        appellation: article.startsWith("A") ? "Côtes du Rhône" : "Bourgogne",
        contenance_cl: "75",
        prix_ttc,
        premium_tier,
        arome_fruit: aromas?.[0] ?? null,
        arome_floral: aromas?.[1] ?? null,
        arome_epice: aromas?.[2] ?? null,
        arome_mineral: aromas?.[3] ?? null,
        arome_acidite: aromas?.[4] ?? null,
        arome_corps: aromas?.[5] ?? null,
        arome_tanin: aromas?.[6] ?? null,
        bottle_factor: "1",
        actif: true,
        is_stub: false,
        updated_run: RUN,
      })),
      { article: "S1", produit: null, bottle_factor: "1", actif: true, is_stub: true, updated_run: RUN },
    ])
    .execute();
  await db
    .insertInto("stock")
    .values([
      { article: "A1", entrepot: "CAVE", quantite: "0", updated_run: RUN },
      { article: "A2", entrepot: "CAVE", quantite: "-2", updated_run: RUN },
      { article: "A2", entrepot: "QUAI", quantite: "10", updated_run: RUN },
      { article: "B1", entrepot: "", quantite: "50", updated_run: RUN },
      { article: "R1", entrepot: "", quantite: "5", updated_run: RUN },
    ])
    .execute();
  await db
    .insertInto("customers")
    .values(
      CUSTOMERS.map(([client_code, email, consent, date_naissance, is_stub]) => ({
        client_code,
        email,
        email_norm: email,
        consent,
        date_naissance,
        is_stub,
        updated_run: RUN,
      })),
    )
    .execute();
  await db
    .insertInto("sales_lines")
    .values(
      LINES.map(([document_no, client_code, date_livraison, article, bottles, mt_ht, credit], i) => ({
        document_no,
        line_key: String(i),
        article,
        client_code,
        date_livraison,
        document_type: credit ? "AVOIR" : "FACTURE",
        is_credit: credit ?? false,
        qty: String(bottles),
        bottles: String(bottles),
        mt_ht,
        updated_run: RUN,
      })),
    )
    .execute();
  const contact = (key: string, client_code: string | null, email_norm: string | null, date_contact: string, statut: string) => ({
    contact_key: key,
    client_code,
    email_norm,
    date_contact,
    statut,
    source: "IMPORT" as const,
    updated_run: RUN,
  });
  await db
    .insertInto("contacts")
    .values([
      contact("K1", null, "gus@example.fr", "2024-01-01", "desinscrit"),
      contact("K2", "C008", null, "2024-04-01", "Envoye"),
      contact("K3", "C012", null, "2024-07-05", "plainte"),
      contact("K4", "C011", null, "2024-02-15", "envoye"),
    ])
    .execute();
  const entry = (key: string, date: string, debit: string, credit: string, lettrage: string | null, echeance: string | null) => ({
    entry_key: key,
    client_code: "C003",
    compte: "411C003",
    date_ecriture: date,
    debit,
    credit,
    lettrage,
    date_echeance: echeance,
    updated_run: RUN,
  });
  await db
    .insertInto("ledger_entries")
    .values([
      entry("E1", "2024-02-01", "100.00", "0", "A", "2024-03-01"),
      entry("E2", "2024-02-15", "0", "100.00", "A", null),
      entry("E3", "2024-05-01", "80.00", "0", null, "2024-05-31"),
      entry("E4", "2024-06-10", "30.00", "0", "", "2024-07-10"),
      entry("E5", "2024-06-20", "0", "20.00", null, null),
      entry("E6", "2024-07-02", "500.00", "0", null, "2024-07-01"),
    ])
    .execute();
}

describe.each(dialectsUnderTest())("features and scenarios stages on $name", ({ open }) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await open();
    await seed(handle);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("profiles non-stub customers and anyone with sales, with exact values", async () => {
    const output = await runFeatures({ handle, config }, { runId: RUN, asOf: AS_OF });
    expect(output.counts).toEqual({ customers: 11, buyers: 10, prospects: 1, repeaters: 2, withAroma: 8, propensityFitted: 0 });
    // A re-run replaces the run's rows.
    await runFeatures({ handle, config }, { runId: RUN, asOf: AS_OF });
    const run = await handle.db.selectFrom("runs").select("summary").where("run_id", "=", RUN).executeTakeFirstOrThrow();
    expect(run.summary?.features).toEqual({
      asOf: AS_OF,
      customers: 11,
      propensity: { status: "NOT_FITTED", reason: "TOO_FEW_CUSTOMERS", parameters: null, logLikelihood: null, customers: 10, repeaters: 2 },
    });
    const rows = await handle.db.selectFrom("customer_profiles").selectAll().where("run_id", "=", RUN).orderBy("client_code").execute();
    expect(rows.map((row) => row.client_code)).toEqual([
      "C001",
      "C002",
      "C003",
      "C004",
      "C005",
      "C006",
      "C007",
      "C008",
      "C010",
      "C011",
      "C012",
    ]);
    const byCode = new Map(rows.map((row) => [row.client_code, row]));

    // Axis spreads: fruit, floral, mineral and corps differ by 1 between A1 (110 €) and B1 (40 €).
    const spread = Math.sqrt((110 / 150) * (40 / 150));
    const confidence = 0.5 * (1 - (4 * spread) / 7 / 2);
    expect(byCode.get("C001")).toMatchObject({
      orders: 2,
      first_order_date: "2024-01-10",
      last_order_date: "2024-03-01",
      recency_days: 121,
      monetary_ht: "150.00",
      bottles: "13.000",
      r_score: 2,
      f_score: 2,
      m_score: 1,
      segment: "HIBERNATING",
      segment_label: "En sommeil",
      segment_action: "Proposer les meilleures ventes",
      propensity_status: "NOT_FITTED",
      p_alive: null,
      dominant_family: "Rouge",
      dominant_share: "0.733333",
      diversity: "0.391111",
      family_shares: { Blanc: 0.266667, Rouge: 0.733333 },
      sweetness_shares: { sec: 1 },
      grape_shares: { Chardonnay: 0.266667, Grenache: 0.366667, Syrah: 0.366667 },
      appellation_shares: { Bourgogne: 0.266667, "Côtes du Rhône": 0.733333 },
      price_band_ht: "10.00",
      usual_tier: 1,
      stability: "1.000000",
      aroma: { fruit: 3.733333, floral: 2.266667, epice: 3, mineral: 2.266667, acidite: 3, corps: 3.733333, tanin: 3 },
      aroma_top3: "fruit|corps|epice",
      aroma_confidence: confidence.toFixed(6),
      aroma_level: "LOW",
      ledger_outstanding: "0.00",
      ledger_overdue: "0.00",
    });
    expect(byCode.get("C003")).toMatchObject({ ledger_outstanding: "90.00", ledger_overdue: "80.00", recency_days: 10, segment: "NEW" });
    expect(byCode.get("C005")).toMatchObject({
      orders: 0,
      recency_days: null,
      monetary_ht: "0.00",
      segment: "PROSPECT",
      family_shares: {},
      aroma: null,
    });
    expect(byCode.get("C006")).toMatchObject({ orders: 1, dominant_family: null, family_shares: {}, aroma: null, usual_tier: null });
    // Tie between Rouge and Blanc: code-point order picks Blanc, for the customer and for the order.
    expect(byCode.get("C010")).toMatchObject({
      dominant_family: "Blanc",
      dominant_share: "0.500000",
      diversity: "0.500000",
      stability: "1.000000",
    });
    expect(byCode.get("C011")).toMatchObject({
      orders: 2,
      recency_days: 532,
      monetary_ht: "100.00",
      usual_tier: 3,
      price_band_ht: "50.00",
    });

    const csv = toCsv(customerProfileCsvHeader, rows.map(toCustomerProfileCsvRow)).split("\n");
    expect(csv[1]).toBe(
      `C001;2;2024-01-10;2024-03-01;121;150;2;2;1;HIBERNATING;;;En sommeil;Proposer les meilleures ventes;NOT_FITTED;13;Rouge;0.733333;0.391111;Blanc:0.266667|Rouge:0.733333;sec:1;` +
        `Chardonnay:0.266667|Grenache:0.366667|Syrah:0.366667;Bourgogne:0.266667|Côtes du Rhône:0.733333;10;1;1;` +
        `3.733333;2.266667;3;2.266667;3;3.733333;3;fruit|corps|epice;${Number(confidence.toFixed(6))};LOW;0;0`,
    );
  });

  it("chooses exactly one scenario per profiled customer and shards the contactable ones", async () => {
    const output = await runScenarios({ handle, config }, { runId: RUN, asOf: AS_OF });
    await runScenarios({ handle, config }, { runId: RUN, asOf: AS_OF });
    expect(output.counts).toEqual({ customers: 11, HOLD: 6, WINBACK: 1, REBUY: 1, UPSELL: 1, CROSS_SELL: 1, NURTURE: 1 });
    expect(output.shards).toEqual([
      { index: 0, count: 3 },
      { index: 1, count: 3 },
      { index: 2, count: 3 },
    ]);
    const rows = await sql<{ client_code: string; scenario: string; reason: string; shard: number | null }>`
      SELECT client_code, scenario, reason, shard FROM customer_scenarios WHERE run_id = ${RUN} ORDER BY client_code COLLATE "C"`.execute(
      handle.db,
    );
    expect(rows.rows.map((row) => [row.client_code, row.scenario, row.reason, row.shard])).toEqual([
      ["C001", "UPSELL", "STABLE_TASTE", 0],
      ["C002", "REBUY", "REORDER_WINDOW", 0],
      ["C003", "HOLD", "OVERDUE_BALANCE", null],
      ["C004", "HOLD", "INVALID_EMAIL", null],
      ["C005", "HOLD", "NEVER_BOUGHT", null],
      ["C006", "HOLD", "STUB", null],
      ["C007", "HOLD", "OPTED_OUT", null],
      ["C008", "HOLD", "SILENCE_WINDOW", null],
      ["C010", "NURTURE", "DEFAULT", 1],
      ["C011", "WINBACK", "LAPSED_VALUABLE", 1],
      ["C012", "CROSS_SELL", "NARROW_TASTE", 2],
    ]);
  });
});
