import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { findBannedWords, scoringConfigSchema } from "@crm-reco/core";
import { type DatabaseHandle, ensureCatalogueStats } from "@crm-reco/db";
import { dialectsUnderTest } from "@crm-reco/db/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runRecommendShard } from "./recommend";

const scoring = scoringConfigSchema.parse(
  parse(readFileSync(fileURLToPath(new URL("../../../../config/scoring.yaml", import.meta.url)), "utf8")),
);
const RUN = "run-reco";
const AS_OF = "2024-06-30";

// article, produit, millesime, famille, couleur, sucrosite, cepages, appellation, prix_ttc, prix_ht, tier, actif, stub, stock, aromas
type ProductRow = [
  string,
  string,
  number | null,
  string,
  string,
  string,
  string,
  string,
  string | null,
  string | null,
  number,
  boolean,
  boolean,
  string | null,
  number[] | null,
];
const PRODUCTS: ProductRow[] = [
  [
    "LAV19",
    "Clos des Lavières 2019",
    2019,
    "Rouge",
    "rouge",
    "sec",
    "Pinot Noir",
    "Bourgogne",
    "36.00",
    "30.00",
    2,
    true,
    false,
    "0",
    [4, 3, 3, 3, 4, 3, 3],
  ],
  [
    "LAV20",
    "Clos des Lavières 2020",
    2020,
    "Rouge",
    "rouge",
    "sec",
    "Pinot Noir",
    "Bourgogne",
    "38.40",
    "32.00",
    2,
    true,
    false,
    "10",
    [4, 3, 3, 3, 4, 3, 3],
  ],
  [
    "GT21",
    "Les Grandes Terres 2021",
    2021,
    "Rouge",
    "rouge",
    "sec",
    "Syrah, Grenache",
    "Côtes du Rhône",
    "12.00",
    "10.00",
    1,
    true,
    false,
    "50",
    [4, 2, 3, 2, 3, 4, 3],
  ],
  [
    "CHM22",
    "Les Chaumes 2022",
    2022,
    "Blanc",
    "blanc",
    "sec",
    "Chardonnay",
    "Bourgogne",
    "18.00",
    "15.00",
    1,
    true,
    false,
    "20",
    [3, 3, 1, 4, 4, 3, 1],
  ],
  [
    "CRT",
    "Crémant Tradition",
    null,
    "Effervescent",
    "blanc",
    "brut",
    "Chardonnay, Pinot Noir",
    "Crémant de Bourgogne",
    "14.40",
    null,
    1,
    true,
    false,
    "30",
    null,
  ],
  [
    "DOR18",
    "Château Doré 2018",
    2018,
    "Liquoreux",
    "blanc",
    "liquoreux",
    "Sémillon",
    "Sauternes",
    "42.00",
    "35.00",
    2,
    true,
    false,
    "5",
    null,
  ],
  ["OLD15", "Vieux Rouge 2015", 2015, "Rouge", "rouge", "sec", "Pinot Noir", "Bourgogne", "20.00", "16.67", 1, false, false, "3", null],
  ["STUB1", "STUB1", null, "Rouge", "rouge", "sec", "Pinot Noir", "Bourgogne", "20.00", "16.67", 1, true, true, "3", null],
];

// client, document, date, article, amount HT, credit
type SaleRow = [string, string, string, string, string, boolean];
const SALES: SaleRow[] = [
  ["C1", "F1", "2023-09-01", "LAV19", "60.00", false],
  ["C1", "F9", "2024-07-15", "LAV20", "32.00", false], // after the as-of date: ignored
  ["C2", "F2", "2024-06-01", "GT21", "20.00", false],
  ["C2", "A2", "2024-06-05", "GT21", "10.00", true],
  ["C3", "F3", "2023-12-01", "LAV19", "30.00", false],
  ["C3", "F4", "2024-02-01", "GT21", "10.00", false],
  ["B1", "F5", "2024-01-10", "GT21", "10.00", false],
  ["B1", "F5", "2024-01-10", "CHM22", "15.00", false],
  ["B2", "F6", "2024-03-05", "GT21", "10.00", false],
  ["B2", "F6", "2024-03-05", "CHM22", "15.00", false],
  ["B2", "F6", "2024-03-05", "CRT", "12.00", false],
  ["B3", "F7", "2024-04-01", "CRT", "12.00", false],
  ["B3", "F7", "2024-04-01", "CHM22", "15.00", false],
];

// client, scenario, shard, dominant family, family shares, price band, usual tier, aroma, confidence
type CustomerRow = [
  string,
  string,
  number | null,
  string | null,
  Record<string, number>,
  string | null,
  number | null,
  Record<string, number> | null,
  string | null,
];
const CUSTOMERS: CustomerRow[] = [
  ["C1", "REBUY", 0, "Rouge", { Rouge: 1 }, "30.00", 2, null, null],
  ["C2", "NURTURE", 0, "Rouge", { Rouge: 1 }, "10.00", 1, null, null],
  [
    "C3",
    "CROSS_SELL",
    1,
    "Rouge",
    { Rouge: 1 },
    "20.00",
    2,
    { fruit: 4, floral: 2.5, epice: 3, mineral: 2.5, acidite: 3.5, corps: 3.5, tanin: 3 },
    "0.500000",
  ],
  ["B1", "HOLD", null, "Blanc", { Blanc: 0.6, Rouge: 0.4 }, "12.50", 1, null, null],
  ["B2", "HOLD", null, "Blanc", { Blanc: 0.4, Rouge: 0.3, Effervescent: 0.3 }, "12.33", 1, null, null],
  ["B3", "HOLD", null, "Blanc", { Blanc: 0.6, Effervescent: 0.4 }, "13.50", 1, null, null],
];

async function seed(handle: DatabaseHandle) {
  const { db } = handle;
  await db
    .insertInto("runs")
    .values({
      run_id: RUN,
      drop_key: "d",
      status: "RUNNING",
      as_of: AS_OF,
      config_hash: "h",
      input_files: JSON.stringify([]),
      started_at: new Date(0),
    })
    .execute();
  await db
    .insertInto("products")
    .values(
      PRODUCTS.map(
        ([article, produit, millesime, famille, couleur, sucrosite, cepages, appellation, prixTtc, prixHt, tier, actif, stub, , a]) => ({
          article,
          produit,
          millesime,
          famille,
          couleur,
          sucrosite,
          cepages,
          appellation,
          bottle_factor: "1",
          prix_ttc: prixTtc,
          prix_ht: prixHt,
          premium_tier: tier,
          actif,
          is_stub: stub,
          arome_fruit: a?.[0] ?? null,
          arome_floral: a?.[1] ?? null,
          arome_epice: a?.[2] ?? null,
          arome_mineral: a?.[3] ?? null,
          arome_acidite: a?.[4] ?? null,
          arome_corps: a?.[5] ?? null,
          arome_tanin: a?.[6] ?? null,
          updated_run: RUN,
        }),
      ),
    )
    .execute();
  // Stock in two warehouses for GT21: summed.
  const stock = PRODUCTS.flatMap(([article, , , , , , , , , , , , , quantity]) =>
    quantity === null ? [] : [{ article, entrepot: "", quantite: quantity, updated_run: RUN }],
  );
  stock.push(
    { article: "GT21", entrepot: "CAVE2", quantite: "-50", updated_run: RUN },
    { article: "GT21", entrepot: "CAVE3", quantite: "5", updated_run: RUN },
  );
  await db.insertInto("stock").values(stock).execute();
  await db
    .insertInto("sales_lines")
    .values(
      SALES.map(([client, document, date, article, amount, credit], index) => ({
        document_no: document,
        line_key: String(index),
        article,
        client_code: client,
        date_livraison: date,
        document_type: credit ? "AVOIR" : "FACTURE",
        is_credit: credit,
        qty: credit ? "-1" : "1",
        bottles: credit ? "-1" : "1",
        mt_ht: credit ? `-${amount}` : amount,
        updated_run: RUN,
      })),
    )
    .execute();
  await db
    .insertInto("customer_profiles")
    .values(
      CUSTOMERS.map(([client, , , dominant, families, band, tier, aroma, confidence]) => ({
        run_id: RUN,
        client_code: client,
        orders: 1,
        monetary_ht: "10.00",
        bottles: "1",
        r_score: 3,
        f_score: 1,
        m_score: 1,
        segment: "ABOUT_TO_SLEEP",
        propensity_status: "NOT_FITTED",
        dominant_family: dominant,
        family_shares: JSON.stringify(families),
        sweetness_shares: JSON.stringify({ sec: 1 }),
        grape_shares: JSON.stringify(client === "C1" ? { "Pinot Noir": 1 } : { Syrah: 0.5, Grenache: 0.5 }),
        appellation_shares: JSON.stringify({}),
        price_band_ht: band,
        usual_tier: tier,
        aroma: aroma === null ? null : JSON.stringify(aroma),
        aroma_confidence: confidence,
        ledger_outstanding: "0",
        ledger_overdue: "0",
      })),
    )
    .execute();
  await db
    .insertInto("customer_scenarios")
    .values(
      CUSTOMERS.map(([client, scenario, shard]) => ({
        run_id: RUN,
        client_code: client,
        scenario: scenario as "HOLD",
        reason: "test",
        shard,
      })),
    )
    .execute();
}

async function recommendationRows(handle: DatabaseHandle) {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT client_code, rank, article, score, selected, is_backfill, reason_codes, explanation_fr, explanation_en
    FROM recommendations WHERE run_id = ${RUN} ORDER BY client_code COLLATE "C", rank`.execute(handle.db);
  return rows;
}

const rowsByDialect = new Map<string, unknown>();
const context = (handle: DatabaseHandle) => ({ handle, config: { scoring } });

describe.each(dialectsUnderTest())("recommend stage on $name", ({ name, open }) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await open();
    await seed(handle);
  });
  afterAll(async () => handle?.close());

  it("recommends per shard (shards run concurrently) with exact rows and counts", async () => {
    const [first, second] = await Promise.all([
      runRecommendShard(context(handle), { runId: RUN, asOf: AS_OF, shard: { index: 0, count: 2 } }),
      runRecommendShard(context(handle), { runId: RUN, asOf: AS_OF, shard: { index: 1, count: 2 } }),
    ]);
    expect(first).toEqual({
      runId: RUN,
      shard: { index: 0, count: 2 },
      counts: { customers: 2, recommended: 2, withoutRecommendation: 0, backfilled: 2, recommendations: 6, alternates: 3 },
    });
    expect(second.counts).toEqual({
      customers: 1,
      recommended: 1,
      withoutRecommendation: 0,
      backfilled: 1,
      recommendations: 3,
      alternates: 2,
    });

    const rows = await recommendationRows(handle);
    rowsByDialect.set(name, rows);
    const brief = rows.map(
      (row) =>
        `${row.client_code} ${row.rank} ${row.article} ${row.score} ${row.selected ? "S" : "-"}${row.is_backfill ? "B" : "-"} ${row.reason_codes}`,
    );
    expect(brief).toEqual(EXPECTED_BRIEF);
    expect(rows.find((row) => row.client_code === "C1" && row.rank === 1)).toMatchObject({
      explanation_fr:
        "Vin rouge sec, millésime 2020, appellation Bourgogne, cépage Pinot Noir, profil fruité et vif ; millésime plus récent que Clos des Lavières 2019, que vous avez apprécié.",
      explanation_en:
        "Dry red wine, vintage 2020, Bourgogne appellation, grape: Pinot Noir, fruity and crisp profile; a more recent vintage than Clos des Lavières 2019, which you bought before.",
    });
    expect(rows.find((row) => row.client_code === "C3" && row.rank === 1)).toMatchObject({
      explanation_fr:
        "Vin blanc sec, millésime 2022, appellation Bourgogne, cépage Chardonnay, profil minéral et vif ; souvent acheté par les clients qui ont choisi Les Grandes Terres 2021, que vous avez apprécié.",
    });
    const banned = [...scoring.wording.banned_words.fr, ...scoring.wording.banned_words.en];
    for (const row of rows) expect(findBannedWords(`${row.explanation_fr} ${row.explanation_en}`, banned)).toEqual([]);
  });

  it("computes the run's catalogue statistics once: popularity and co-purchase affinity", async () => {
    const stats = await sql<Record<string, unknown>>`
      SELECT article, buyers, popularity FROM recommend_article_stats WHERE run_id = ${RUN} ORDER BY article COLLATE "C"`.execute(
      handle.db,
    );
    expect(stats.rows).toEqual([
      { article: "CHM22", buyers: 3, popularity: "0.750000" },
      { article: "CRT", buyers: 2, popularity: "0.500000" },
      { article: "GT21", buyers: 4, popularity: "1.000000" },
      { article: "LAV19", buyers: 2, popularity: "0.500000" },
    ]);
    const affinity = await sql<Record<string, unknown>>`
      SELECT article, related_article, co_buyers, affinity FROM recommend_article_affinity WHERE run_id = ${RUN}
      ORDER BY article COLLATE "C", related_article COLLATE "C"`.execute(handle.db);
    expect(affinity.rows).toEqual([
      { article: "CHM22", related_article: "CRT", co_buyers: 2, affinity: "0.816497" },
      { article: "CHM22", related_article: "GT21", co_buyers: 2, affinity: "0.577350" },
      { article: "CRT", related_article: "CHM22", co_buyers: 2, affinity: "0.816497" },
      { article: "GT21", related_article: "CHM22", co_buyers: 2, affinity: "0.577350" },
    ]);
    const again = await ensureCatalogueStats(handle, {
      runId: RUN,
      asOf: AS_OF,
      popularityDays: 365,
      affinityDays: 1095,
      minCoBuyers: 2,
      neighboursPerArticle: 50,
    });
    expect(again).toBe(false);
  });

  it("replaces a shard's rows on a retry and leaves the other shard's rows alone", async () => {
    const before = await recommendationRows(handle);
    await sql`UPDATE recommendations SET explanation_en = 'stale' WHERE run_id = ${RUN}`.execute(handle.db);
    await runRecommendShard(context(handle), { runId: RUN, asOf: AS_OF, shard: { index: 0, count: 2 } });
    const after = await recommendationRows(handle);
    expect(after.filter((row) => row.client_code !== "C3")).toEqual(before.filter((row) => row.client_code !== "C3"));
    expect(after.filter((row) => row.client_code === "C3").every((row) => row.explanation_en === "stale")).toBe(true);
  });
});

describe("recommend stage across dialects", () => {
  it("writes identical rows on PGlite and PostgreSQL (when TEST_DATABASE_URL is set)", () => {
    const [reference, ...others] = [...rowsByDialect.values()];
    expect(reference).toBeDefined();
    for (const other of others) expect(other).toEqual(reference);
  });
});

// client rank article score (S = selected, B = back-fill) reason codes
const EXPECTED_BRIEF = [
  // REBUY: LAV19 is sold out, its newer vintage LAV20 is admitted; back-filled to the minimum of three in popularity order.
  "C1 1 LAV20 7.360503 S- NEWER_VINTAGE|SAME_FAMILY|SAME_GRAPE|SWEETNESS_MATCH|IN_BUDGET",
  "C1 2 GT21 5.800000 SB BACKFILL_POPULAR|SAME_FAMILY|SWEETNESS_MATCH|POPULAR",
  "C1 3 CHM22 3.600000 SB BACKFILL_POPULAR|SWEETNESS_MATCH|POPULAR",
  "C1 4 CRT 4.400000 -B BACKFILL_POPULAR|SAME_GRAPE|SWEETNESS_MATCH|POPULAR",
  "C1 5 DOR18 2.055215 -B BACKFILL_POPULAR|IN_BUDGET",
  // NURTURE: the only red best seller (GT21) was bought 29 days ago, LAV20 was never sold in the window: all back-fill.
  "C2 1 CHM22 5.007425 SB BACKFILL_POPULAR|SWEETNESS_MATCH|BOUGHT_TOGETHER|POPULAR",
  "C2 2 CRT 4.873931 SB BACKFILL_POPULAR|SWEETNESS_MATCH|IN_BUDGET|POPULAR",
  "C2 3 DOR18 0.500000 SB BACKFILL_POPULAR",
  "C2 4 LAV20 5.000000 -B BACKFILL_POPULAR|SAME_FAMILY|SWEETNESS_MATCH",
  // CROSS_SELL: dry wines outside Rouge (DOR18 is too sweet); CHM22 is bought together with GT21; GT21 back-fills the third slot.
  "C3 1 CHM22 7.059587 S- SWEETNESS_MATCH|AROMA_MATCH|IN_BUDGET|BOUGHT_TOGETHER|POPULAR",
  "C3 2 CRT 4.711283 S- SWEETNESS_MATCH|POPULAR",
  "C3 3 GT21 7.549813 SB BACKFILL_POPULAR|SAME_FAMILY|SAME_GRAPE|SWEETNESS_MATCH|AROMA_MATCH|POPULAR",
  "C3 4 DOR18 1.062348 -B BACKFILL_POPULAR",
  "C3 5 LAV20 6.706375 -B BACKFILL_POPULAR|SAME_FAMILY|SWEETNESS_MATCH|AROMA_MATCH",
];
