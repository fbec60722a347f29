import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { generateWinery } from "@crm-reco/pipeline";
import { describe, expect, it } from "vitest";
import { dialectsForEndToEnd, runOnFreshStack } from "./local-stack";

const winery = generateWinery({ customers: 400, seed: "end-to-end" });
const EXPECTED_FILES = [
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

function csvFiles(files: string[]): Record<string, Buffer> {
  return Object.fromEntries(files.filter((file) => file.endsWith(".csv")).map((file) => [basename(file), readFileSync(file)]));
}

describe("the whole pipeline on the embedded default", () => {
  const results = new Map<string, Record<string, Buffer>>();

  it.each(dialectsForEndToEnd())("runs the sample winery end to end on %s", async (dialect) => {
    const result = await runOnFreshStack(`e2e-${dialect}`, dialect, { dropKey: "weekly", files: winery.files });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe("SUCCEEDED");
    expect(result.exportFiles.map((file) => basename(file))).toEqual(EXPECTED_FILES);
    expect(result.emails).toHaveLength(1);
    expect(readFileSync(result.emails[0]!, "utf8")).toMatch(/^Subject: /m);

    const report = result.report!;
    expect(report.status).toBe("SUCCEEDED");
    expect(report.stages.map((stage) => stage.stage)).toEqual([
      "ingest",
      "features",
      "scenarios",
      "recommend",
      "audit",
      "export",
      "notify",
    ]);
    const ingest = report.stages[0]!;
    expect(ingest.counts.rowsAccepted).toBeGreaterThan(1000);
    expect(Object.values(report.scenarios).reduce((sum, n) => sum + n, 0)).toBe(winery.facts.customers);
    expect(report.gates.EXPORTED).toBeGreaterThan(0);

    const files = csvFiles(result.exportFiles);
    const campaign = files["campaign.csv"]!.toString("utf8");
    expect(campaign.startsWith("\uFEFFEXT_ID;EMAIL;PRENOM;NOM;SCENARIO;RECO1_ARTICLE")).toBe(true);
    expect(campaign.trim().split("\n")).toHaveLength(report.gates.EXPORTED! + 1);
    results.set(dialect, files);
  });

  it("gives byte-identical CSV files when the same drop runs again on a clean stack", async () => {
    const again = await runOnFreshStack("e2e-again", "pglite", { dropKey: "weekly", files: winery.files });
    expect(csvFiles(again.exportFiles)).toEqual(results.get("pglite"));
  });

  it.runIf(dialectsForEndToEnd().includes("postgres"))("gives byte-identical CSV files on PGlite and PostgreSQL", () => {
    expect(results.get("postgres")).toEqual(results.get("pglite"));
  });
});
