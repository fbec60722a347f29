import type { AppConfig } from "@crm-reco/core";
import { type DatabaseHandle, loadOutcomeObservations, loadOutcomes } from "@crm-reco/db";
import { dialectsUnderTest } from "@crm-reco/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureOutcomes } from "./measure-outcomes";

const config = { outcomes: { attribution_days: 60, confidence: 0.95, power: 0.8 } } as Partial<AppConfig>;

async function seed(handle: DatabaseHandle): Promise<void> {
  const db = handle.db;
  const run = (runId: string, asOf: string) => ({
    run_id: runId,
    drop_key: runId,
    status: "SUCCEEDED" as const,
    as_of: asOf,
    config_hash: "cfg",
    input_files: JSON.stringify([]),
    started_at: new Date(`${asOf}T08:00:00Z`),
  });
  // r1 exported on 2025-01-31; r0 has no export files (never evaluated); r2 measures (as-of 2025-03-01: 29 days of data).
  await db
    .insertInto("runs")
    .values([run("r0", "2024-12-01"), run("r1", "2025-01-31"), run("r2", "2025-03-01")])
    .execute();
  await db
    .insertInto("export_files")
    .values({ run_id: "r1", version: 1, file_name: "campaign.csv", s3_key: "r1/campaign.csv", sha256: "x", bytes: 1 })
    .execute();
  const audit = (code: string, scenario: "REBUY" | "WINBACK", gate: "EXPORTED" | "HOLDOUT" | "EXCLUDED", runId = "r1") => ({
    run_id: runId,
    client_code: code,
    scenario,
    audit_score: 100,
    errors: 0,
    warnings: 0,
    flags: "",
    gate,
    gate_reasons: "",
    is_holdout: gate === "HOLDOUT",
  });
  await db
    .insertInto("audit_results")
    .values([
      audit("T1", "REBUY", "EXPORTED"),
      audit("T2", "REBUY", "EXPORTED"),
      audit("T3", "WINBACK", "EXPORTED"),
      audit("H1", "REBUY", "HOLDOUT"),
      audit("H2", "WINBACK", "HOLDOUT"),
      audit("X1", "REBUY", "EXCLUDED"),
      audit("T1", "REBUY", "EXPORTED", "r0"),
    ])
    .execute();
  const reco = (code: string, article: string, selected = true) => ({
    run_id: "r1",
    client_code: code,
    rank: selected ? 1 : 4,
    article,
    score: "1",
    selected,
    is_backfill: false,
    reason_codes: "",
    explanation_fr: "",
    explanation_en: "",
  });
  await db
    .insertInto("recommendations")
    .values([reco("T1", "A"), reco("T2", "B"), reco("T2", "C", false), reco("H1", "A"), reco("H2", "B")])
    .execute();
  const sale = (document: string, code: string, article: string, date: string, amount: string, credit = false) => ({
    document_no: document,
    line_key: "1",
    article,
    client_code: code,
    date_livraison: date,
    document_type: credit ? "AVOIR" : "FACTURE",
    is_credit: credit,
    qty: credit ? "-1" : "1",
    bottles: credit ? "-1" : "1",
    mt_ht: amount,
    updated_run: "r2",
  });
  await db
    .insertInto("sales_lines")
    .values([
      sale("D1", "T1", "A", "2025-02-10", "30.00"), // converted (recommended A), in the window
      sale("D2", "T1", "Z", "2025-02-11", "10.50"),
      sale("D3", "T2", "C", "2025-02-12", "20.00"), // C was only an alternate: ordered, not converted
      sale("D4", "T3", "B", "2025-01-31", "99.00"), // on the export date: before the window
      sale("D5", "H1", "A", "2025-03-02", "40.00"), // after the measuring as-of: not yet available
      sale("D6", "H2", "B", "2025-02-20", "25.00"),
      sale("D7", "H2", "B", "2025-02-21", "-5.00", true), // a credit note: revenue, not an order
      sale("D8", "X1", "A", "2025-02-10", "50.00"), // excluded customer: neither group
    ])
    .execute();
}

describe.each(dialectsUnderTest())("outcomes loop on $name", ({ open }) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await open();
    await seed(handle);
  });
  afterAll(async () => handle?.close());

  it("reads campaign and holdout customers with what they bought in the window", async () => {
    const observations = await loadOutcomeObservations(handle, { measuringRunId: "r2", asOf: "2025-03-01", attributionDays: 60 });
    expect(observations).toEqual([
      {
        runId: "r1",
        clientCode: "H1",
        scenario: "REBUY",
        group: "HOLDOUT",
        ordered: false,
        convertedOnRecommended: false,
        revenueCents: 0,
      },
      {
        runId: "r1",
        clientCode: "H2",
        scenario: "WINBACK",
        group: "HOLDOUT",
        ordered: true,
        convertedOnRecommended: true,
        revenueCents: 2000,
      },
      {
        runId: "r1",
        clientCode: "T1",
        scenario: "REBUY",
        group: "TREATED",
        ordered: true,
        convertedOnRecommended: true,
        revenueCents: 4050,
      },
      {
        runId: "r1",
        clientCode: "T2",
        scenario: "REBUY",
        group: "TREATED",
        ordered: true,
        convertedOnRecommended: false,
        revenueCents: 2000,
      },
      {
        runId: "r1",
        clientCode: "T3",
        scenario: "WINBACK",
        group: "TREATED",
        ordered: false,
        convertedOnRecommended: false,
        revenueCents: 0,
      },
    ]);
  });

  it("stores one row per evaluated run, scenario and metric, replacing them on a re-run", async () => {
    expect(await measureOutcomes({ handle, config }, { runId: "r2", asOf: "2025-03-01" })).toEqual({ evaluatedRuns: 1, rows: 9 });
    expect(await measureOutcomes({ handle, config }, { runId: "r2", asOf: "2025-03-01" })).toEqual({ evaluatedRuns: 1, rows: 9 });
    const rows = await loadOutcomes(handle, "r2");
    expect(rows.map((row) => `${row.scenario}/${row.metric}`)).toEqual([
      "ALL/REACTIVATION",
      "ALL/CONVERSION",
      "ALL/REVENUE_PER_CUSTOMER",
      "REBUY/REACTIVATION",
      "REBUY/CONVERSION",
      "REBUY/REVENUE_PER_CUSTOMER",
      "WINBACK/REACTIVATION",
      "WINBACK/CONVERSION",
      "WINBACK/REVENUE_PER_CUSTOMER",
    ]);
    expect(rows[0]).toMatchObject({
      evaluatedRunId: "r1",
      exportDate: "2025-01-31",
      windowEnd: "2025-03-01",
      windowDays: 29,
      windowComplete: false,
      treatedCustomers: 3,
      holdoutCustomers: 2,
      treatedEvents: 2,
      holdoutEvents: 1,
      treatedValue: "0.666667",
      holdoutValue: "0.500000",
      uplift: "0.166667",
      verdict: "INCONCLUSIVE",
    });
    // Revenue per customer: treated (40.50 + 20 + 0) / 3 = 20.17; holdout (0 + 20) / 2 = 10.
    expect(rows[2]).toMatchObject({ treatedValue: "20.170000", holdoutValue: "10.000000", uplift: "10.170000" });
    // WINBACK has one holdout customer: a rate is measurable, a Welch interval is not.
    expect(rows[8]).toMatchObject({ scenario: "WINBACK", verdict: "NOT_MEASURABLE", uplift: null });
  });

  it("skips the loop when no outcomes config is given (partial contexts in unit tests)", async () => {
    expect(await measureOutcomes({ handle, config: {} }, { runId: "r2", asOf: "2025-03-01" })).toEqual({ evaluatedRuns: 0, rows: 0 });
  });
});
