import { describe, expect, it } from "vitest";
import { proportionDifference, sampleSizeForProportions, wilsonInterval } from "./proportion-difference";
import { normalQuantile } from "./quantiles";
import { seededRandom } from "./seeded-random.test-support";

describe("difference of proportions (Newcombe hybrid score)", () => {
  it("reproduces Newcombe (1998) method 10, examples (a) and (d)", () => {
    const a = proportionDifference({ successes: 56, total: 70 }, { successes: 48, total: 80 })!;
    expect(a.uplift).toBeCloseTo(0.2, 10);
    expect(a.low).toBeCloseTo(0.0524, 4);
    expect(a.high).toBeCloseTo(0.3339, 4);
    const d = proportionDifference({ successes: 9, total: 10 }, { successes: 3, total: 10 })!;
    expect(d.low).toBeCloseTo(0.1705, 4);
    expect(d.high).toBeCloseTo(0.809, 3);
  });

  it("is defined with no event at all, and null for an empty group", () => {
    const none = proportionDifference({ successes: 0, total: 50 }, { successes: 0, total: 10 })!;
    expect(none.uplift).toBe(0);
    expect(none.low).toBeLessThan(0);
    expect(none.high).toBeGreaterThan(0);
    expect(proportionDifference({ successes: 1, total: 5 }, { successes: 0, total: 0 })).toBeNull();
    const w = wilsonInterval(0, 10, 1.96);
    expect(w.low).toBe(0);
    expect(w.high).toBeCloseTo(0.2775, 4);
  });

  it("gives the textbook sample size: 199 per group for 20 % vs 10 % (α 5 %, power 80 %)", () => {
    expect(sampleSizeForProportions(0.2, 0.1)).toBe(199);
    expect(sampleSizeForProportions(0.1, 0.2)).toBe(199);
    expect(sampleSizeForProportions(0.1, 0.1)).toBeNull();
  });

  // Coverage simulation: 1,000 seeded samples per setting; the 95 % interval must contain the true uplift
  // 93–97 % of the time (Wald's interval drops well below that for small rates and a 10 % holdout).
  it.each([
    { p1: 0.3, p2: 0.18, n1: 300, n2: 120, seed: 1 },
    { p1: 0.08, p2: 0.04, n1: 900, n2: 100, seed: 2 },
    { p1: 0.5, p2: 0.1, n1: 60, n2: 20, seed: 3 },
  ])("covers the true uplift 93–97 % of the time (p1 $p1, p2 $p2, n $n1/$n2)", ({ p1, p2, n1, n2, seed }) => {
    const uniform = seededRandom(seed);
    const binomial = (n: number, p: number) => {
      let successes = 0;
      for (let i = 0; i < n; i++) if (uniform() < p) successes++;
      return successes;
    };
    const samples = 1000;
    let covered = 0;
    for (let i = 0; i < samples; i++) {
      const interval = proportionDifference({ successes: binomial(n1, p1), total: n1 }, { successes: binomial(n2, p2), total: n2 })!;
      if (interval.low <= p1 - p2 && p1 - p2 <= interval.high) covered++;
    }
    expect(covered / samples).toBeGreaterThanOrEqual(0.93);
    expect(covered / samples).toBeLessThanOrEqual(0.97);
  });

  it("has the power it promises: at the computed size, the interval excludes 0 about 80 % of the time", () => {
    const [p1, p2] = [0.3, 0.18];
    const n = sampleSizeForProportions(p1, p2)!;
    const uniform = seededRandom(4);
    const binomial = (p: number) => {
      let successes = 0;
      for (let i = 0; i < n; i++) if (uniform() < p) successes++;
      return successes;
    };
    let detected = 0;
    for (let i = 0; i < 1000; i++) {
      const interval = proportionDifference({ successes: binomial(p1), total: n }, { successes: binomial(p2), total: n })!;
      if (interval.low > 0) detected++;
    }
    expect(detected / 1000).toBeGreaterThan(0.75);
    expect(detected / 1000).toBeLessThan(0.86);
    expect(normalQuantile(0.975)).toBeCloseTo(1.96, 2);
  });
});
