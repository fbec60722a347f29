import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { aromasConfigSchema } from "../config/aromas";
import { featuresConfigSchema } from "../config/features";
import { scenariosConfigSchema } from "../config/scenarios";

const configText = (name: string) => readFileSync(fileURLToPath(new URL(`../../../../config/${name}.yaml`, import.meta.url)), "utf8");

describe("features, aromas and scenarios config files", () => {
  it("parse with their schemas and carry the DOMAIN defaults", () => {
    const features = featuresConfigSchema.parse(parse(configText("features")));
    expect(features.rfm.recency_max_days).toEqual([30, 60, 120, 365]);
    expect(features.propensity).toEqual({ min_customers: 100, min_repeaters: 20, horizon_days: 90 });
    const aromas = aromasConfigSchema.parse(parse(configText("aromas")));
    expect(aromas.by_article).toEqual({});
    expect(aromas.labels.epice).toEqual({ fr: "épicé", en: "spicy" });
    const scenarios = scenariosConfigSchema.parse(parse(configText("scenarios")));
    expect(scenarios.rules.map((rule) => rule.scenario)).toEqual(["WINBACK", "REBUY", "UPSELL", "CROSS_SELL"]);
    expect(scenarios.hold.silence_window_days).toBe(135);
  });

  it("rejects segments that leave an (R, F) cell uncovered and unsorted cut points", () => {
    const features = parse(configText("features"));
    features.segments = features.segments.filter((segment: { code: string }) => segment.code !== "LOST");
    features.rfm.monetary_min_ht = [500, 200, 1000, 2000];
    const result = featuresConfigSchema.safeParse(features);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => issue.message);
    expect(messages).toContain("no segment covers R1 F1");
    expect(messages).toContain("cut points must be strictly ascending");
  });
});
