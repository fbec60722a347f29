import { readFileSync } from "node:fs";
import { auditConfigSchema, scoringConfigSchema } from "@crm-reco/core";
import type { CustomerProfilesTable, CustomersTable, DatabaseHandle, ProductsTable } from "@crm-reco/db";
import { dialectsUnderTest } from "@crm-reco/db/testing";
import { type Insertable, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type AuditContext, runAudit } from "./audit";

const readConfig = (name: string) => parse(readFileSync(new URL(`../../../../config/${name}.yaml`, import.meta.url), "utf8"));
const config: AuditContext["config"] = {
  audit: auditConfigSchema.parse(readConfig("audit")),
  scoring: scoringConfigSchema.parse(readConfig("scoring")),
};

const RUN = "run-audit";
const AS_OF = "2024-06-30";

// client_code, email, email_norm, consent, date_naissance
const CUSTOMERS: Array<[string, string | null, "OPT_IN" | "REFUSED" | "UNKNOWN", string | null]> = [
  ["C01", "c01@x.fr", "OPT_IN", "1970-01-01"],
  ["C02", "c02@x.fr", "UNKNOWN", null],
  ["C03", "c03@x.fr", "OPT_IN", null],
  ["C04", "Dup@X.fr", "OPT_IN", null],
  ["C05", "dup@x.fr", "OPT_IN", null],
  ["C06", "c06@x.fr", "REFUSED", null],
  ["C07", "c07@x.fr", "OPT_IN", null],
  ["C08", "c08@x.fr", "OPT_IN", null],
  ["C99", "c99@x.fr", "OPT_IN", null],
];
// client_code, scenario, reason (C99 is not part of the run)
const SCENARIOS: Array<[string, string, string]> = [
  ["C01", "REBUY", "R"],
  ["C02", "NURTURE", "N"],
  ["C03", "UPSELL", "U"],
  ["C04", "CROSS_SELL", "X"],
  ["C05", "CROSS_SELL", "X"],
  ["C06", "HOLD", "NO_CONSENT"],
  ["C07", "WINBACK", "W"],
  ["C08", "REBUY", "R"],
];
// article, famille, cuvee, prix_ttc, prix_ht, actif
const PRODUCTS: Array<[string, string, string, string, string, boolean]> = [
  ["R1", "ROUGE", "CLOS A", "18.00", "15.00", true],
  ["B1", "BLANC", "CLOS B", "12.00", "10.00", true],
  ["P1", "ROSE", "CLOS C", "14.40", "12.00", true],
  ["X1", "ROUGE", "CLOS X", "9.00", "7.50", false],
];
// article, entrepot, quantite
const STOCK: Array<[string, string, string]> = [
  ["R1", "CAVE", "4"],
  ["R1", "QUAI", "6"],
  ["B1", "", "5"],
  ["P1", "", "0"],
];
// document_no, article, client_code, date, is_credit
const SALES: Array<[string, string, string, string, boolean]> = [
  ["F1", "R1", "C01", "2023-06-01", false],
  ["F2", "B1", "C01", "2023-10-01", false],
  ["F3", "R1", "C01", "2024-01-10", false],
  ["F10", "R1", "C02", "2024-03-01", false],
  ["AV11", "R1", "C02", "2024-03-15", true], // a credit note is not an order
  ["F12", "B1", "C02", "2024-07-15", false], // after the as-of date: not counted
  ["F20", "P1", "C03", "2023-01-01", false],
  ["F21", "R1", "C03", "2024-06-01", false],
  ["F30", "R1", "C04", "2024-02-01", false],
  ["F31", "B1", "C04", "2023-12-01", false],
  ["F40", "P1", "C05", "2024-05-01", false],
  ["F41", "P1", "C05", "2024-01-01", false],
  ["F50", "R1", "C06", "2023-01-01", false],
  ["F51", "R1", "C06", "2023-02-01", false],
  ["F60", "R1", "C07", "2021-01-01", false],
  ["F61", "B1", "C07", "2020-06-01", false],
  ["F70", "P1", "C08", "2023-11-01", false],
  ["F71", "P1", "C08", "2024-02-01", false],
];
// contact_key, client_code, email_norm, date, statut
const CONTACTS: Array<[string, string | null, string | null, string, string]> = [
  ["K1", null, "c03@x.fr", "2024-07-10", "Désinscrit"], // matched by email only, after the as-of date
  ["K2", "C08", null, "2024-01-01", "ouvert"],
  ["K3", "C99", "c99@x.fr", "2024-06-01", "envoye"],
];
// client_code, aroma_confidence, price_band_ht, ledger_overdue
const PROFILES: Array<[string, string | null, string, string]> = [
  ["C01", "0.80", "10.00", "0"],
  ["C02", null, "10.00", "0"],
  ["C03", "0.80", "10.00", "0"],
  ["C04", "0.80", "10.00", "0"],
  ["C05", "0.80", "10.00", "0"],
  ["C06", "0.80", "10.00", "0"],
  ["C07", "0.80", "10.00", "20.00"],
  ["C08", "0.80", "10.00", "0"],
];
const OBJECTIVE = "Un vin de Bordeaux, cépage merlot.";
// client_code, rank, article, selected, is_backfill, explanation_fr
const RECOMMENDATIONS: Array<[string, number, string, boolean, boolean, string]> = [
  ["C01", 1, "R1", true, false, OBJECTIVE],
  ["C01", 2, "B1", true, false, OBJECTIVE],
  ["C01", 3, "X1", false, false, OBJECTIVE], // not selected: not audited
  ["C02", 1, "R1", true, true, OBJECTIVE],
  ["C03", 1, "P1", true, false, OBJECTIVE],
  ["C03", 2, "R1", true, false, OBJECTIVE],
  ["C03", 3, "B1", true, false, "Un vin festif."],
  ["C04", 1, "R1", true, false, OBJECTIVE],
  ["C04", 2, "B1", true, false, OBJECTIVE],
  ["C05", 1, "R1", true, false, OBJECTIVE],
  ["C05", 2, "B1", true, false, OBJECTIVE],
  ["C08", 1, "B1", true, false, OBJECTIVE],
  ["C08", 2, "R1", true, false, OBJECTIVE],
  ["C99", 1, "R1", true, false, OBJECTIVE],
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
      summary: JSON.stringify({ features: { customers: 8 } }),
    })
    .execute();
  await db
    .insertInto("customers")
    .values(
      CUSTOMERS.map(([client_code, email, consent, date_naissance]) => ({
        client_code,
        email,
        email_norm: email?.toLowerCase() ?? null,
        consent,
        date_naissance,
        updated_run: RUN,
      })) as Insertable<CustomersTable>[],
    )
    .execute();
  await db
    .insertInto("customer_scenarios")
    .values(
      SCENARIOS.map(([client_code, scenario, reason]) => ({ run_id: RUN, client_code, scenario: scenario as "HOLD", reason, shard: null })),
    )
    .execute();
  await db
    .insertInto("products")
    .values(
      PRODUCTS.map(([article, famille, cuvee, prix_ttc, prix_ht, actif]) => ({
        article,
        produit: article,
        famille,
        cuvee,
        prix_ttc,
        prix_ht,
        actif,
        updated_run: RUN,
      })) as Insertable<ProductsTable>[],
    )
    .execute();
  await db
    .insertInto("stock")
    .values(STOCK.map(([article, entrepot, quantite]) => ({ article, entrepot, quantite, updated_run: RUN })))
    .execute();
  await db
    .insertInto("sales_lines")
    .values(
      SALES.map(([document_no, article, client_code, date_livraison, is_credit]) => ({
        document_no,
        line_key: "1",
        article,
        client_code,
        date_livraison,
        is_credit,
        qty: is_credit ? "-1" : "1",
        bottles: is_credit ? "-1" : "1",
        mt_ht: is_credit ? "-15.00" : "15.00",
        updated_run: RUN,
      })),
    )
    .execute();
  await db
    .insertInto("contacts")
    .values(
      CONTACTS.map(([contact_key, client_code, email_norm, date_contact, statut]) => ({
        contact_key,
        client_code,
        email_norm,
        date_contact,
        statut,
        source: "IMPORT" as const,
        updated_run: RUN,
      })),
    )
    .execute();
  await db
    .insertInto("customer_profiles")
    .values(
      PROFILES.map(([client_code, aroma_confidence, price_band_ht, ledger_overdue]) => ({
        run_id: RUN,
        client_code,
        orders: 0,
        monetary_ht: "0",
        bottles: "0",
        r_score: 1,
        f_score: 1,
        m_score: 1,
        segment: "S",
        propensity_status: "NOT_FITTED" as const,
        family_shares: "{}",
        sweetness_shares: "{}",
        grape_shares: "{}",
        appellation_shares: "{}",
        aroma_confidence,
        price_band_ht,
        ledger_overdue,
      })) as Insertable<CustomerProfilesTable>[],
    )
    .execute();
  await db
    .insertInto("recommendations")
    .values(
      RECOMMENDATIONS.map(([client_code, rank, article, selected, is_backfill, explanation_fr]) => ({
        run_id: RUN,
        client_code,
        rank,
        article,
        score: "1",
        selected,
        is_backfill,
        reason_codes: "R",
        explanation_fr,
        explanation_en: "A Bordeaux wine, merlot grape.",
      })),
    )
    .execute();
}

const EXPECTED_RESULTS = [
  ["C01", "REBUY", 100, 0, 0, "", "HOLDOUT", "HOLDOUT", true],
  ["C02", "NURTURE", 90, 0, 3, "LOW_DATA|BACKFILL_USED|LOW_AROMA_CONFIDENCE", "EXPORTED", "", false],
  [
    "C03",
    "UPSELL",
    0,
    5,
    0,
    "SUPPRESSED|SILENCE_WINDOW|OUT_OF_STOCK|RECENTLY_PURCHASED|NON_OBJECTIVE_WORDING",
    "EXCLUDED",
    "SUPPRESSED|SILENCE_WINDOW|OUT_OF_STOCK|RECENTLY_PURCHASED|NON_OBJECTIVE_WORDING",
    false,
  ],
  ["C04", "CROSS_SELL", 60, 1, 0, "DUPLICATE_EMAIL", "EXCLUDED", "DUPLICATE_EMAIL", false],
  ["C05", "CROSS_SELL", 90, 0, 1, "MERGED_IDENTITY", "EXPORTED", "", false],
  ["C06", "HOLD", 60, 1, 0, "NO_CONSENT", "HOLD", "NO_CONSENT", false],
  ["C07", "WINBACK", 40, 1, 2, "NO_RECOMMENDATION|STALE_DATA|SMALL_OVERDUE_BALANCE", "EXCLUDED", "NO_RECOMMENDATION", false],
  ["C08", "REBUY", 100, 0, 0, "", "EXPORTED", "", false],
];

const EXPECTED_FLAGS = [
  ["C02", 0, "LOW_AROMA_CONFIDENCE", "WARN", "no aroma profile"],
  ["C02", 0, "LOW_DATA", "WARN", "1 order"],
  ["C02", 1, "BACKFILL_USED", "WARN", null],
  ["C03", 0, "SILENCE_WINDOW", "ERROR", "last contact 2024-07-10"],
  ["C03", 0, "SUPPRESSED", "ERROR", "desinscrit"],
  ["C03", 1, "OUT_OF_STOCK", "ERROR", "stock 0"],
  ["C03", 2, "RECENTLY_PURCHASED", "ERROR", "bought 2024-06-01"],
  ["C03", 3, "NON_OBJECTIVE_WORDING", "ERROR", "fr: festif"],
  ["C04", 0, "DUPLICATE_EMAIL", "ERROR", "primary code C05"],
  ["C05", 0, "MERGED_IDENTITY", "WARN", "email shared with other codes"],
  ["C06", 0, "NO_CONSENT", "ERROR", "refused"],
  ["C07", 0, "NO_RECOMMENDATION", "ERROR", null],
  ["C07", 0, "SMALL_OVERDUE_BALANCE", "WARN", "overdue 20.00 EUR"],
  ["C07", 0, "STALE_DATA", "WARN", "last order 2021-01-01"],
];

describe.each(dialectsUnderTest())("audit stage on $name", ({ open }) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await open();
    await seed(handle);
  });
  afterAll(async () => handle?.close());

  async function auditRows() {
    const results = await sql<Record<string, unknown>>`
      SELECT client_code, scenario, audit_score, errors, warnings, flags, gate, gate_reasons, is_holdout
      FROM audit_results WHERE run_id = ${RUN} ORDER BY client_code COLLATE "C"`.execute(handle.db);
    const flags = await sql<Record<string, unknown>>`
      SELECT client_code, rank, code, severity, detail
      FROM audit_flags WHERE run_id = ${RUN} ORDER BY client_code COLLATE "C", rank, code COLLATE "C"`.execute(handle.db);
    return {
      results: results.rows.map((row) => Object.values(row)),
      flags: flags.rows.map((row) => Object.values(row)),
    };
  }

  it("writes one audit_results row per customer of the run and one audit_flags row per flag", async () => {
    const output = await runAudit({ handle, config }, { runId: RUN, asOf: AS_OF });
    expect(output).toEqual({
      runId: RUN,
      asOf: AS_OF,
      counts: { customers: 8, exported: 3, excluded: 3, hold: 1, holdout: 1, errors: 8, warnings: 6 },
    });
    const { results, flags } = await auditRows();
    expect(results).toEqual(EXPECTED_RESULTS);
    expect(flags).toEqual(EXPECTED_FLAGS);
  });

  it("merges the run metrics into runs.summary.audit, keeping the other stages' keys", async () => {
    const run = await handle.db.selectFrom("runs").select("summary").where("run_id", "=", RUN).executeTakeFirstOrThrow();
    const summary = run.summary as Record<string, Record<string, unknown>>;
    expect(summary.features).toEqual({ customers: 8 });
    expect(summary.audit).toMatchObject({
      customers: 8,
      contactable: 7,
      exported: 3,
      exportedWithError: 0,
      exportedWithErrorShare: 0,
      contactableGoodScore: 4,
      contactableScoreAtLeast80Share: 0.571429,
      targets: { maxExportedWithErrorShare: 0, minScore: 80, minContactableGoodScoreShare: 0.8 },
      targetsMet: { exportedWithError: true, contactableGoodScore: false },
      byScenario: { CROSS_SELL: 2, HOLD: 1, NURTURE: 1, REBUY: 2, UPSELL: 1, WINBACK: 1 },
      byGate: { EXPORTED: 3, HOLDOUT: 1, EXCLUDED: 3, HOLD: 1, BLOCKED: 0 },
    });
    const flagsByRule = summary.audit?.flagsByRule as Record<string, unknown>;
    expect(flagsByRule.OUT_OF_STOCK).toEqual({ severity: "ERROR", customers: 1, flags: 1 });
    expect(flagsByRule.LOW_DATA).toEqual({ severity: "WARN", customers: 1, flags: 1 });
    expect(flagsByRule.PRICE_JUMP).toEqual({ severity: "WARN", customers: 0, flags: 0 });
  });

  it("is idempotent: a re-run replaces the run's rows (a reviewer's BLOCKED is recomputed too)", async () => {
    await sql`UPDATE audit_results SET gate = 'BLOCKED' WHERE run_id = ${RUN} AND client_code = 'C08'`.execute(handle.db);
    await runAudit({ handle, config }, { runId: RUN, asOf: AS_OF });
    const { results, flags } = await auditRows();
    expect(results).toEqual(EXPECTED_RESULTS);
    expect(flags).toEqual(EXPECTED_FLAGS);
  });
});
