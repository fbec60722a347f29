import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppConfig } from "@crm-reco/core";
import type { DatabaseHandle, Gate, Scenario } from "@crm-reco/db";
import { dialectsUnderTest } from "@crm-reco/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalS3Server, startLocalS3 } from "../local/s3-server";
import { createS3Client, getObjectBytes, putObject } from "../s3";
import type { StageContext } from "./context";
import { runExport, verifyCampaignFile } from "./export";

const RUN = "run-export-1";

const testNotificationsConfig = {
  sender: "crm-reco@domaine-exemple.fr",
  recipients: ["marketing@domaine-exemple.fr"],
  language: "fr",
  console_url: "http://127.0.0.1:3000",
  top_flags: 5,
} as const;

async function seed(handle: DatabaseHandle): Promise<void> {
  const db = handle.db;
  await db
    .insertInto("runs")
    .values({
      run_id: "run-export-0",
      drop_key: "drop-0",
      status: "SUCCEEDED",
      as_of: "2024-12-01",
      config_hash: "cfg123",
      input_files: JSON.stringify([]),
      started_at: new Date("2024-12-02T08:00:00Z"),
    })
    .execute();
  await db
    .insertInto("runs")
    .values({
      run_id: RUN,
      drop_key: "drop-1",
      status: "RUNNING",
      as_of: "2025-01-31",
      config_hash: "cfg123",
      input_files: JSON.stringify([]),
      started_at: new Date("2025-02-01T08:00:00Z"),
      summary: JSON.stringify({ audit: { contactableGoodScoreShare: 0.75 } }),
    })
    .execute();
  await db
    .insertInto("customers")
    .values(
      [
        ["C001", "Bruno", "Dupré", " bruno@example.fr "],
        ["C-01", "Chloé", "Lefèvre", "chloe@example.fr"],
        ["C002", "Alice", '=HYPERLINK("http://evil")', "Alice@Example.fr"],
        ["C003", "Denis", "Roux", "denis@example.fr"],
        ["C004", null, null, null],
        ["C005", "Eve", "Noel", "eve@example.fr"],
      ].map(([code, prenom, nom, email]) => ({
        client_code: code as string,
        prenom,
        nom,
        email,
        email_norm: email ? email.trim().toLowerCase() : null,
        consent: "OPT_IN" as const,
        is_stub: false,
        updated_run: RUN,
      })),
    )
    .execute();
  await db
    .insertInto("products")
    .values(
      [
        ["A1", "Chablis 2022", "24.50"],
        ["B2", "Grand cru; magnum", "1234.50"],
        ["C3", "Crémant", "9.00"],
        ["D4", "Sancerre", "15.00"],
      ].map(([article, produit, prix]) => ({
        article: article as string,
        produit,
        prix_ttc: prix as string,
        bottle_factor: "1",
        actif: true,
        is_stub: false,
        updated_run: RUN,
      })),
    )
    .execute();
  const reco = (code: string, rank: number, article: string, selected = true) => ({
    run_id: RUN,
    client_code: code,
    rank,
    article,
    score: "1.5",
    selected,
    is_backfill: false,
    reason_codes: "FAMILY",
    explanation_fr: `Vin ${article} : même cépage`,
    explanation_en: `Wine ${article}: same grape`,
  });
  await db
    .insertInto("recommendations")
    .values([
      reco("C001", 1, "A1"),
      reco("C001", 2, "B2"),
      reco("C001", 3, "C3", false),
      reco("C-01", 1, "D4"),
      reco("C-01", 2, "C3"),
      reco("C002", 1, "C3"),
      reco("C002", 2, "A1"),
      reco("C002", 3, "D4"),
      reco("C003", 1, "A1"),
      reco("C003", 2, "D4"),
    ])
    .execute();
  const audit = (
    code: string,
    scenario: string,
    score: number,
    errors: number,
    warnings: number,
    flags: string,
    gate: string,
    reasons: string,
  ) => ({
    run_id: RUN,
    client_code: code,
    scenario: scenario as Scenario,
    audit_score: score,
    errors,
    warnings,
    flags,
    gate: gate as Gate,
    gate_reasons: reasons,
    is_holdout: gate === "HOLDOUT",
  });
  await db
    .insertInto("audit_results")
    .values([
      audit("C001", "REBUY", 90, 0, 1, "BACKFILL_USED", "EXPORTED", ""),
      audit("C-01", "NURTURE", 100, 0, 0, "", "EXPORTED", ""),
      audit("C002", "UPSELL", 90, 0, 1, "LOW_DATA", "EXPORTED", ""),
      audit("C003", "NURTURE", 100, 0, 0, "", "HOLDOUT", "HOLDOUT"),
      audit("C004", "HOLD", 60, 1, 0, "INVALID_EMAIL", "HOLD", "NO_EMAIL"),
      audit("C005", "WINBACK", 60, 1, 0, "NO_CONSENT", "EXCLUDED", "ERROR:NO_CONSENT"),
    ])
    .execute();
  await db
    .insertInto("audit_flags")
    .values([
      { run_id: RUN, client_code: "C001", rank: 2, code: "BACKFILL_USED", severity: "WARN", detail: null },
      { run_id: RUN, client_code: "C002", rank: 0, code: "LOW_DATA", severity: "WARN", detail: null },
      { run_id: RUN, client_code: "C004", rank: 0, code: "INVALID_EMAIL", severity: "ERROR", detail: null },
      { run_id: RUN, client_code: "C005", rank: 0, code: "NO_CONSENT", severity: "ERROR", detail: null },
    ])
    .execute();
  await db
    .insertInto("customer_scenarios")
    .values(
      [
        ["C001", "REBUY"],
        ["C-01", "NURTURE"],
        ["C002", "UPSELL"],
        ["C003", "NURTURE"],
        ["C004", "HOLD"],
        ["C005", "WINBACK"],
      ].map(([code, scenario]) => ({ run_id: RUN, client_code: code as string, scenario: scenario as Scenario, reason: "x", shard: 0 })),
    )
    .execute();
  await db
    .insertInto("customer_profiles")
    .values(
      ["C002", "C001"].map((code) => ({
        run_id: RUN,
        client_code: code,
        orders: 3,
        first_order_date: "2023-05-01",
        last_order_date: "2024-12-01",
        recency_days: 61,
        monetary_ht: "420.50",
        bottles: "18.000",
        r_score: 4,
        f_score: 2,
        m_score: 2,
        segment: "Potential loyalist",
        propensity_status: "NOT_FITTED" as const,
        p_alive: null,
        expected_orders_90d: null,
        dominant_family: "Rouge",
        dominant_share: "0.75",
        diversity: "0.375",
        family_shares: JSON.stringify({ Rouge: 0.75, Blanc: 0.25 }),
        sweetness_shares: JSON.stringify({ sec: 1 }),
        grape_shares: JSON.stringify({}),
        appellation_shares: JSON.stringify({}),
        ledger_outstanding: "0",
        ledger_overdue: "0",
        price_band_ht: "12.50",
        usual_tier: 1,
        stability: "1",
        aroma: null,
        aroma_top3: null,
        aroma_confidence: null,
        aroma_level: null,
      })),
    )
    .execute();
  await db
    .insertInto("ingested_files")
    .values([
      {
        run_id: RUN,
        file_name: "ventes.csv",
        s3_key: "drop-1/ventes.csv",
        sha256: "aa",
        kind: "sales",
        encoding: "utf-8-bom",
        delimiter: ";",
        status: "INGESTED",
        rows_read: 10,
        rows_accepted: 9,
        rows_rejected: 1,
        reasons: JSON.stringify({ INVALID_DATE: 1 }),
        duration_ms: 120,
      },
      {
        run_id: RUN,
        file_name: "autre.csv",
        s3_key: "drop-1/autre.csv",
        sha256: "bb",
        kind: null,
        encoding: "utf-8",
        delimiter: ";",
        status: "REJECTED",
        rows_read: 0,
        rows_accepted: 0,
        rows_rejected: 0,
        reasons: JSON.stringify({ UNKNOWN_KIND: 1 }),
        duration_ms: 3,
      },
    ])
    .execute();
  await db
    .insertInto("ingest_rejects")
    .values([
      {
        run_id: RUN,
        ordinal: 2,
        file_name: "autre.csv",
        line: null,
        column_name: null,
        value: null,
        reason: "UNKNOWN_KIND",
        message: "kind not recognised",
      },
      {
        run_id: RUN,
        ordinal: 1,
        file_name: "ventes.csv",
        line: 7,
        column_name: "date_livraison",
        value: "=1+1",
        reason: "INVALID_DATE",
        message: "not a date; expected DD/MM/YYYY",
      },
    ])
    .execute();
  const stage = (name: string, shard: number, counts: Record<string, number>, status: "SUCCEEDED" | "FAILED" = "SUCCEEDED") => ({
    run_id: RUN,
    stage: name,
    shard,
    status,
    attempts: 1,
    started_at: new Date("2025-02-01T08:00:00Z"),
    finished_at: new Date("2025-02-01T08:00:01Z"),
    duration_ms: 1000,
    counts: JSON.stringify(counts),
  });
  await db
    .insertInto("stage_executions")
    .values([stage("ingest", -1, { files: 2, rows: 10 }), stage("recommend", 0, { customers: 2 }), stage("recommend", 1, { customers: 3 })])
    .execute();
  // What this run's features stage measured for an earlier run (the values are stored, the export only writes them).
  await db
    .insertInto("outcomes")
    .values({
      measuring_run_id: RUN,
      evaluated_run_id: "run-export-0",
      scenario: "ALL",
      metric: "REACTIVATION",
      export_date: "2024-12-01",
      window_end: "2025-01-30",
      window_days: 60,
      window_complete: true,
      treated_customers: 40,
      holdout_customers: 5,
      treated_events: 10,
      holdout_events: 0,
      treated_value: "0.250000",
      holdout_value: "0.000000",
      uplift: "0.250000",
      ci_low: "-0.100000",
      ci_high: "0.380000",
      verdict: "INCONCLUSIVE",
      needed_per_group: 28,
      ordinal: 0,
    })
    .execute();
}

const EXPECTED_CAMPAIGN = [
  "\uFEFFEXT_ID;EMAIL;PRENOM;NOM;SCENARIO;RECO1_ARTICLE;RECO1_NOM;RECO1_PRIX_TTC;RECO1_RAISON;RECO2_ARTICLE;RECO2_NOM;RECO2_PRIX_TTC;RECO2_RAISON;RECO3_ARTICLE;RECO3_NOM;RECO3_PRIX_TTC;RECO3_RAISON",
  "C-01;chloe@example.fr;Chloé;Lefèvre;NURTURE;D4;Sancerre;15,00;Vin D4 : même cépage;C3;Crémant;9,00;Vin C3 : même cépage;;;;",
  'C001;bruno@example.fr;Bruno;Dupré;REBUY;A1;Chablis 2022;24,50;Vin A1 : même cépage;B2;"Grand cru; magnum";1234,50;Vin B2 : même cépage;;;;',
  `C002;Alice@Example.fr;Alice;"'=HYPERLINK(""http://evil"")";UPSELL;C3;Crémant;9,00;Vin C3 : même cépage;A1;Chablis 2022;24,50;Vin A1 : même cépage;D4;Sancerre;15,00;Vin D4 : même cépage`,
  "",
].join("\n");

/** File contents per dialect, compared at the end: PGlite and PostgreSQL must write the same bytes. */
const filesByDialect = new Map<string, string[]>();

describe.each(dialectsUnderTest())("export stage on $name", ({ name: dialect, open }) => {
  let handle: DatabaseHandle;
  let s3Server: LocalS3Server;
  let directory: string;
  let context: Pick<StageContext, "handle" | "s3" | "buckets" | "config">;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "crm-reco-export-"));
    s3Server = await startLocalS3({ directory, port: 0, buckets: ["exports"] });
    handle = await open();
    await seed(handle);
    context = {
      handle,
      s3: createS3Client(s3Server.endpoint),
      buckets: { inbox: "inbox", exports: "exports" },
      config: {
        notifications: testNotificationsConfig,
        audit: { gate: { min_score: 80 }, targets: { max_exported_with_error_share: 0, min_contactable_good_score_share: 0.8 } },
      } as unknown as AppConfig,
    };
  });

  afterAll(async () => {
    await handle?.close();
    await s3Server?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const read = async (name: string) => (await getObjectBytes(context.s3, "exports", `${RUN}/${name}`)).toString("utf8");

  it("writes every file with exact contents, a manifest and the export records", async () => {
    const output = await runExport(context, { runId: RUN, asOf: "2025-01-31" });
    expect(output.counts).toEqual({ exported: 3, holdout: 1, files: 9 });
    expect(output.exports).toEqual({
      bucket: "exports",
      prefix: `${RUN}/`,
      keys: [
        "audit_report.csv",
        "campaign.csv",
        "customer_profiles.csv",
        "holdout.csv",
        "ingest_report.json",
        "manifest.json",
        "outcomes.csv",
        "rejects.csv",
        "run_summary.json",
      ].map((name) => `${RUN}/${name}`),
    });

    expect(await read("campaign.csv")).toBe(EXPECTED_CAMPAIGN);
    expect(await read("audit_report.csv")).toBe(
      [
        "client_code;scenario;audit_score;errors;warnings;flags;gate;gate_reasons",
        "C-01;NURTURE;100;0;0;;EXPORTED;",
        "C001;REBUY;90;0;1;BACKFILL_USED;EXPORTED;",
        "C002;UPSELL;90;0;1;LOW_DATA;EXPORTED;",
        "C003;NURTURE;100;0;0;;HOLDOUT;HOLDOUT",
        "C004;HOLD;60;1;0;INVALID_EMAIL;HOLD;NO_EMAIL",
        "C005;WINBACK;60;1;0;NO_CONSENT;EXCLUDED;ERROR:NO_CONSENT",
        "",
      ].join("\n"),
    );
    expect(await read("holdout.csv")).toBe("client_code;scenario\nC003;NURTURE\n");
    expect(await read("rejects.csv")).toBe(
      [
        "file;line;column;value;reason;message",
        'ventes.csv;7;date_livraison;\'=1+1;INVALID_DATE;"not a date; expected DD/MM/YYYY"',
        "autre.csv;;;;UNKNOWN_KIND;kind not recognised",
        "",
      ].join("\n"),
    );
    const profiles = (await read("customer_profiles.csv")).split("\n");
    expect(profiles[0]?.startsWith("client_code;orders;")).toBe(true);
    expect(profiles.slice(1).map((line) => line.split(";")[0])).toEqual(["C001", "C002", ""]);
    expect(profiles[1]).toContain(";Blanc:0.25|Rouge:0.75;");

    const ingest = JSON.parse(await read("ingest_report.json"));
    expect(ingest.files.map((file: { fileName: string }) => file.fileName)).toEqual(["autre.csv", "ventes.csv"]);
    expect(ingest.totals).toEqual({ files: 2, rowsRead: 10, rowsAccepted: 9, rowsRejected: 1 });
    expect(ingest.files[1]).toMatchObject({ kind: "sales", encoding: "utf-8-bom", reasons: { INVALID_DATE: 1 }, durationMs: 120 });

    const summaryText = await read("run_summary.json");
    expect(summaryText).not.toMatch(/duration|started|finished/i);
    const summary = JSON.parse(summaryText);
    expect(Object.keys(summary)).toEqual([...Object.keys(summary)].sort());
    expect(summary).toMatchObject({
      runId: RUN,
      asOf: "2025-01-31",
      configHash: "cfg123",
      stages: { ingest: { counts: { files: 2, rows: 10 }, shards: 0 }, recommend: { counts: { customers: 5 }, shards: 2 } },
      scenarios: { HOLD: 1, NURTURE: 2, REBUY: 1, UPSELL: 1, WINBACK: 1 },
      gates: { EXCLUDED: 1, EXPORTED: 3, HOLD: 1, HOLDOUT: 1 },
      flags: { BACKFILL_USED: { severity: "WARN", customers: 1 }, NO_CONSENT: { severity: "ERROR", customers: 1 } },
      audit: { contactableGoodScoreShare: 0.75 },
    });
    expect(summary.metrics).toEqual([
      { code: "EXPORTED_WITH_ERROR_SHARE", numerator: 0, denominator: 3, value: 0, comparison: "AT_MOST", target: 0, met: true },
      { code: "CONTACTABLE_GOOD_SCORE_SHARE", numerator: 4, denominator: 5, value: 0.8, comparison: "AT_LEAST", target: 0.8, met: true },
    ]);
    expect(summary.files).toHaveLength(9);
    expect(summary.outcomes).toEqual([
      {
        evaluatedRunId: "run-export-0",
        exportDate: "2024-12-01",
        windowEnd: "2025-01-30",
        windowDays: 60,
        windowComplete: true,
        scenario: "ALL",
        metric: "REACTIVATION",
        treatedCustomers: 40,
        holdoutCustomers: 5,
        treatedValue: 0.25,
        holdoutValue: 0,
        uplift: 0.25,
        ci95: [-0.1, 0.38],
        verdict: "INCONCLUSIVE",
        neededPerGroup: 28,
      },
    ]);
    expect(await read("outcomes.csv")).toBe(
      [
        "evaluated_run;export_date;window_end;window_days;window_complete;scenario;metric;treated_customers;holdout_customers;treated_events;holdout_events;treated_value;holdout_value;uplift;ci95_low;ci95_high;verdict;needed_per_group",
        "run-export-0;2024-12-01;2025-01-30;60;true;ALL;REACTIVATION;40;5;10;0;0.25;0;0.25;-0.1;0.38;INCONCLUSIVE;28",
        "",
      ].join("\n"),
    );

    const manifest = JSON.parse(await read("manifest.json"));
    expect(manifest.files.map((file: { name: string }) => file.name)).toEqual([
      "audit_report.csv",
      "campaign.csv",
      "customer_profiles.csv",
      "holdout.csv",
      "ingest_report.json",
      "outcomes.csv",
      "rejects.csv",
      "run_summary.json",
    ]);
    for (const file of manifest.files as Array<{ name: string; sha256: string; bytes: number }>) {
      const bytes = await getObjectBytes(context.s3, "exports", `${RUN}/${file.name}`);
      expect(file.bytes).toBe(bytes.byteLength);
      expect(file.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    }

    const records = await handle.db.selectFrom("export_files").selectAll().where("run_id", "=", RUN).orderBy("file_name").execute();
    expect(records.map((record) => [record.version, record.file_name, record.s3_key])).toEqual(
      output.exports.keys.map((key) => [1, key.slice(RUN.length + 1), key]),
    );
    const run = await handle.db.selectFrom("runs").select("summary").where("run_id", "=", RUN).executeTakeFirstOrThrow();
    expect(run.summary?.audit).toEqual({ contactableGoodScoreShare: 0.75 });
    expect(run.summary?.exports).toMatchObject({ version: 1, bucket: "exports", prefix: `${RUN}/` });
    expect((run.summary?.exports as { files: unknown[] } | undefined)?.files).toHaveLength(9);
  });

  it("is idempotent and byte-identical when run again", async () => {
    const names = [
      "audit_report.csv",
      "campaign.csv",
      "customer_profiles.csv",
      "holdout.csv",
      "ingest_report.json",
      "manifest.json",
      "outcomes.csv",
      "rejects.csv",
      "run_summary.json",
    ];
    const before = await Promise.all(names.map(read));
    await runExport(context, { runId: RUN, asOf: "2025-01-31" });
    expect(await Promise.all(names.map(read))).toEqual(before);
    filesByDialect.set(dialect, before);
    const { count } = await handle.db
      .selectFrom("export_files")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("run_id", "=", RUN)
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(9);
  });

  it("refuses a written campaign file that names a customer who is not exported", async () => {
    const key = `${RUN}/tampered-campaign.csv`;
    const tampered = `${EXPECTED_CAMPAIGN}C003;denis@example.fr;Denis;Roux;NURTURE;A1;Chablis 2022;24,50;x;;;;;;;;\n`;
    await putObject(context.s3, "exports", key, tampered, "text/csv");
    await expect(verifyCampaignFile(context, RUN, key)).rejects.toThrow(/1 row\(s\) .* not EXPORTED.*\(C003\)/);
    await expect(verifyCampaignFile(context, RUN, `${RUN}/campaign.csv`)).resolves.toEqual({ rows: 3 });
  });

  it("fails the stage when an exported customer carries an ERROR flag (audit rows tampered with)", async () => {
    await handle.db
      .insertInto("audit_flags")
      .values({ run_id: RUN, client_code: "C002", rank: 1, code: "OUT_OF_STOCK", severity: "ERROR", detail: null })
      .execute();
    await expect(runExport(context, { runId: RUN, asOf: "2025-01-31" })).rejects.toThrow(/campaign check: 1 row\(s\).*\(C002\)/);
    await handle.db.deleteFrom("audit_flags").where("run_id", "=", RUN).where("code", "=", "OUT_OF_STOCK").execute();
  });
});

describe("export across dialects", () => {
  it("writes byte-identical files on every dialect under test", () => {
    const [first, ...others] = [...filesByDialect.values()];
    expect(first).toBeDefined();
    for (const files of others) expect(files).toEqual(first);
  });
});
