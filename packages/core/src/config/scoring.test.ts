import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { scoringConfigSchema } from "./scoring";

const shipped = () => parse(readFileSync(new URL("../../../../config/scoring.yaml", import.meta.url), "utf8"));

describe("scoring config", () => {
  it("accepts the shipped config/scoring.yaml with DOMAIN §4 defaults", () => {
    const config = scoringConfigSchema.parse(shipped());
    expect(config.weights).toEqual({
      family: 2,
      grape: 1,
      sugar: 2.5,
      budget: 2,
      aroma: 1.5,
      novelty: 0.5,
      tier: 1.5,
      popularity: 0.8,
      affinity: 1,
      recency_penalty: 1,
    });
    expect(config.multipliers).toEqual({ REBUY: 1, CROSS_SELL: 1.2, UPSELL: 1.1, WINBACK: 0.9, NURTURE: 1 });
    expect(config.selection).toEqual({ count: 3, minimum: 3, alternates: 3 });
    expect(config.diversity).toEqual({ max_per_cuvee: 1, max_per_family: 2 });
    expect(config.filters.recent_purchase_days).toBe(60);
  });

  it("rejects unknown keys, a minimum above the count and a missing weight, naming the path", () => {
    const document = shipped();
    const problems = (value: unknown) =>
      scoringConfigSchema.safeParse(value).error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.code}`);
    expect(problems({ ...document, extra: 1 })).toEqual([": unrecognized_keys"]);
    expect(problems({ ...document, selection: { count: 2, minimum: 3, alternates: 0 } })).toEqual(["selection.minimum: custom"]);
    const { novelty: _, ...weights } = document.weights;
    expect(problems({ ...document, weights })).toEqual(["weights.novelty: invalid_type"]);
  });
});
