import { type DatabaseHandle, ensureCatalogueStats, migrateToLatest, openDatabase } from "@crm-reco/db";
import { createScratchSchema } from "@crm-reco/db/testing";
import { loadConfigDir, type RecommendShard, runRecommendShard } from "@crm-reco/pipeline";
import { sql } from "kysely";
import { defaultConfigDir } from "../paths";
import type { BenchContext, Benchmark } from "./benchmark";

const RUN_ID = "bench-recommend";
const AS_OF = "2026-06-30";
const FAMILIES = ["Rouge", "Blanc", "Rosé", "Effervescent", "Liquoreux"];

export interface Scale {
  customers: number;
  wines: number;
}

const textArray = (values: readonly string[]) => sql`${[...values]}::text[]`;

/**
 * The recommend stage's inputs at scale, set-based (`generate_series`) in a scratch schema: a catalogue of
 * `wines` articles (two vintages per cuvée, five families, ~4 % inactive, ~4 % out of stock, skewed popularity),
 * 3–9 sales lines per customer over three years, one profile and one non-HOLD scenario per customer with the
 * configured shard size. Client codes are zero-padded so code-point order is numeric order.
 */
export async function buildRecommendBenchInputs(handle: DatabaseHandle, scale: Scale, shardSize: number): Promise<void> {
  const { db } = handle;
  await sql`
    INSERT INTO runs (run_id, drop_key, status, as_of, config_hash, input_files, started_at)
    VALUES (${RUN_ID}, 'bench', 'RUNNING', ${AS_OF}::date, 'bench', '[]'::jsonb, to_timestamp(0))`.execute(db);
  await sql`
    INSERT INTO products (article, produit, cuvee, millesime, famille, couleur, sucrosite, cepages, appellation,
                          bottle_factor, prix_ttc, prix_ht, premium_tier, actif, is_stub,
                          arome_fruit, arome_floral, arome_epice, arome_mineral, arome_acidite, arome_corps, arome_tanin, updated_run)
    SELECT 'W' || lpad(w::text, 4, '0'),
           'Cuvée ' || (w / 2) || ' ' || (2020 + w % 2),
           'Cuvée ' || (w / 2),
           2020 + w % 2,
           (${textArray(FAMILIES)})[1 + (w / 2) % 5],
           (ARRAY['rouge', 'blanc', 'rosé', 'blanc', 'blanc'])[1 + (w / 2) % 5],
           (ARRAY['sec', 'sec', 'sec', 'brut', 'moelleux'])[1 + (w / 2) % 5],
           (ARRAY['Pinot Noir', 'Chardonnay', 'Syrah, Grenache', 'Merlot', 'Chenin', 'Gamay', 'Viognier'])[1 + (w / 2) % 7],
           (ARRAY['Bourgogne', 'Côtes du Rhône', 'Bordeaux', 'Loire', 'Alsace'])[1 + (w / 2) % 5],
           1,
           round((8 + ((w / 2) * 37) % 50 + 0.9)::numeric, 2),
           round(((8 + ((w / 2) * 37) % 50 + 0.9) / 1.2)::numeric, 2),
           ((w / 2) * 37 % 50) / 13,
           w % 25 <> 24, false,
           1 + w % 5, 1 + (w / 3) % 5, 1 + (w / 5) % 5, 1 + (w / 7) % 5, 1 + (w / 11) % 5, 1 + (w / 13) % 5, 1 + (w / 17) % 5,
           ${RUN_ID}
    FROM generate_series(0, ${scale.wines - 1}::int) AS w`.execute(db);
  await sql`
    INSERT INTO stock (article, entrepot, quantite, updated_run)
    SELECT article, '', CASE WHEN substr(article, 2)::int % 27 = 26 THEN 0 ELSE 100 END, ${RUN_ID} FROM products`.execute(db);
  // Article choice: squaring a uniform hash skews purchases towards the first articles (a few best sellers).
  await sql`
    INSERT INTO sales_lines (document_no, line_key, article, client_code, date_livraison, document_type, is_credit, qty, bottles, mt_ht, updated_run)
    SELECT 'F' || c || '-' || l, '1',
           'W' || lpad((floor(${scale.wines}::int * power(((c * 7919 + l * 104729) % 1000) / 1000.0, 2)))::int::text, 4, '0'),
           'C' || lpad(c::text, 7, '0'),
           ${AS_OF}::date - ((c * 31 + l * 97) % 1095),
           'FACTURE', false, 1 + l % 3, 1 + l % 3, (12 + (c + l) % 30) * (1 + l % 3), ${RUN_ID}
    FROM generate_series(1, ${scale.customers}::int) AS c, generate_series(1, 3 + (c % 7)) AS l`.execute(db);
  await sql`
    INSERT INTO customer_profiles (run_id, client_code, orders, last_order_date, recency_days, monetary_ht, bottles,
                                   r_score, f_score, m_score, segment, propensity_status, dominant_family, dominant_share, diversity,
                                   family_shares, sweetness_shares, grape_shares, price_band_ht, usual_tier, stability, aroma, aroma_confidence)
    SELECT ${RUN_ID}, 'C' || lpad(c::text, 7, '0'), 3 + c % 7, ${AS_OF}::date - c % 400, c % 400, 200, 12, 3, 3, 3, 'LOYAL', 'NOT_FITTED',
           (${textArray(FAMILIES)})[1 + c % 5], 0.7, 0.3,
           jsonb_build_object((${textArray(FAMILIES)})[1 + c % 5], 0.7, (${textArray(FAMILIES)})[1 + (c + 1) % 5], 0.3),
           jsonb_build_object('sec', 0.8, 'brut', 0.2),
           jsonb_build_object((ARRAY['Pinot Noir', 'Chardonnay', 'Syrah', 'Merlot', 'Chenin'])[1 + c % 5], 1),
           10 + c % 30, c % 3, 0.7,
           jsonb_build_object('fruit', 1 + c % 5, 'floral', 1 + c % 4, 'epice', 2 + c % 3, 'mineral', 1 + c % 5,
                              'acidite', 3, 'corps', 1 + c % 5, 'tanin', 1 + c % 4),
           (c % 10) / 10.0
    FROM generate_series(1, ${scale.customers}::int) AS c`.execute(db);
  await sql`
    INSERT INTO customer_scenarios (run_id, client_code, scenario, reason, shard)
    SELECT ${RUN_ID}, 'C' || lpad(c::text, 7, '0'),
           (ARRAY['WINBACK', 'REBUY', 'UPSELL', 'CROSS_SELL', 'NURTURE'])[1 + c % 5], 'BENCH', (c - 1) / ${shardSize}::int
    FROM generate_series(1, ${scale.customers}::int) AS c`.execute(db);
  await sql`ANALYZE`.execute(db);
}

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** Runs `work` over every shard with at most `concurrency` in flight, returning each shard's duration in ms. */
async function runShards(shards: readonly RecommendShard[], concurrency: number, work: (shard: RecommendShard) => Promise<unknown>) {
  const durations: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < shards.length) {
      const shard = shards[next++]!;
      const started = performance.now();
      await work(shard);
      durations.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, shards.length)) }, worker));
  return durations;
}

async function run(context: BenchContext): Promise<void> {
  const { config } = loadConfigDir(defaultConfigDir());
  const scale: Scale = context.quick ? { customers: 5_000, wines: 500 } : { customers: 100_000, wines: 500 };
  const { shard_size: shardSize, max_concurrency: concurrency } = config.pipeline.recommend;
  const scratch = await createScratchSchema(context.postgresUrl);
  const handle = await openDatabase({ url: scratch.url });
  try {
    await migrateToLatest(handle.db);
    const built = performance.now();
    await buildRecommendBenchInputs(handle, scale, shardSize);
    console.log(
      `  inputs: ${scale.customers} customers × ${scale.wines} wines built in ${((performance.now() - built) / 1000).toFixed(1)} s ` +
        `(PostgreSQL scratch schema; shard size ${shardSize}, concurrency ${concurrency})`,
    );
    const scoring = config.scoring;
    const stageContext = { handle, config: { scoring, aromas: config.aromas } };
    const count = Math.ceil(scale.customers / shardSize);
    const shards = Array.from({ length: count }, (_, index) => ({ index, count }));
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    // The first shard of a run computes the catalogue statistics; timed apart to show both costs.
    await ensureCatalogueStats(handle, {
      runId: RUN_ID,
      asOf: AS_OF,
      popularityDays: scoring.popularity.lookback_days,
      affinityDays: scoring.affinity.lookback_days,
      minCoBuyers: scoring.affinity.min_co_buyers,
      neighboursPerArticle: scoring.affinity.neighbours_per_article,
    });
    const statsMs = performance.now() - started;
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 50);
    let durations: number[];
    try {
      durations = await runShards(shards, concurrency, (shard) => runRecommendShard(stageContext, { runId: RUN_ID, asOf: AS_OF, shard }));
    } finally {
      clearInterval(sampler);
    }
    const totalMs = performance.now() - started;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const { rows } = await sql<{ selected: number; total: number }>`
      SELECT count(*) FILTER (WHERE selected) AS selected, count(*) AS total FROM recommendations WHERE run_id = ${RUN_ID}`.execute(
      handle.db,
    );
    const sorted = [...durations].sort((a, b) => a - b);
    const target = context.quick ? undefined : "< 30 s";
    context.print({
      name: "recommend: total (catalogue statistics + all shards)",
      value: totalMs / 1000,
      unit: "s",
      ...(target ? { target } : {}),
    });
    context.print({ name: "recommend: catalogue statistics (popularity, affinity)", value: statsMs / 1000, unit: "s" });
    context.print({ name: `recommend: shards (${count} × ${shardSize} customers)`, value: (totalMs - statsMs) / 1000, unit: "s" });
    context.print({ name: "recommend: per shard, median", value: sorted[Math.floor(sorted.length / 2)] ?? 0, unit: "ms" });
    context.print({ name: "recommend: per shard, max", value: sorted[sorted.length - 1] ?? 0, unit: "ms" });
    context.print({ name: "recommend: customers per second", value: Math.round(scale.customers / (totalMs / 1000)), unit: "customers/s" });
    context.print({ name: "recommend: rows written (selected / total)", value: rows[0]?.selected ?? 0, unit: `/ ${rows[0]?.total ?? 0}` });
    context.print({ name: "recommend: peak RSS (process)", value: megabytes(peakRss), unit: "MB" });
    context.print({ name: "recommend: RSS growth during the stage", value: megabytes(peakRss - rssBefore), unit: "MB" });
  } finally {
    await handle.close();
    await scratch.drop();
  }
}

export const recommendBenchmark: Benchmark = {
  name: "recommend",
  description: "recommend stage (catalogue statistics + every shard) for 100,000 customers × 500 wines on PostgreSQL",
  run,
};
