import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EVALUATION_METHODS, monthsBefore } from "@crm-reco/core";
import { afterAll, describe, expect, it } from "vitest";
import { generateWinery } from "../sample";
import { evaluateRecommender } from "./evaluate-recommender";

const configDir = fileURLToPath(new URL("../../../../config", import.meta.url));
const workDir = join(process.cwd(), ".test-tmp", `evaluate-${process.pid}`);

describe("evaluateRecommender", () => {
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it("hides the last months, recommends as of the cut-off and scores ours and both baselines on the same customers", async () => {
    const winery = generateWinery({ customers: 300 });
    const report = await evaluateRecommender({ files: winery.files, months: 6, workDir, configDir });
    expect(report.asOf).toBe(winery.facts.lastSaleDate);
    expect(report.cutoff).toBe(monthsBefore(report.asOf, 6));
    expect(report.k).toBe(3);
    expect(report.hiddenBuyers).toBeGreaterThan(0);
    expect(report.variants.map((variant) => variant.name)).toEqual(["contactable", "all_with_history"]);
    const [contactable, all] = report.variants;
    // Lifting HOLD (except NEVER_BOUGHT) can only add customers to the recommended scenarios.
    expect(all!.scenarios.HOLD).toBeLessThanOrEqual(contactable!.scenarios.HOLD!);
    expect(all!.summary.overall.recommender.evaluated).toBeGreaterThanOrEqual(contactable!.summary.overall.recommender.evaluated);
    for (const variant of report.variants) {
      const { overall, byScenario, catalogueSize } = variant.summary;
      expect(catalogueSize).toBeGreaterThan(0);
      expect(overall.recommender.evaluated).toBeGreaterThan(0);
      expect(overall.recommender.evaluated).toBeLessThanOrEqual(report.hiddenBuyers);
      for (const method of EVALUATION_METHODS) {
        const metrics = overall[method];
        expect(metrics.evaluated).toBe(overall.recommender.evaluated);
        for (const rate of [metrics.hitRate, metrics.cuveeHitRate, metrics.precision, metrics.coverage]) {
          expect(rate).toBeGreaterThanOrEqual(0);
          expect(rate).toBeLessThanOrEqual(1);
        }
        expect(metrics.hitRate).toBeLessThanOrEqual(metrics.cuveeHitRate);
        expect(metrics.listLength).toBeLessThanOrEqual(3);
      }
      expect(byScenario.reduce((sum, entry) => sum + entry.metrics.recommender.evaluated, 0)).toBe(overall.recommender.evaluated);
      expect(byScenario.some((entry) => entry.scenario === "HOLD")).toBe(false);
    }
  }, 120_000);
});
