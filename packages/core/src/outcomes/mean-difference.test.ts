import { describe, expect, it } from "vitest";
import { meanDifference, sampleMoments, sampleSizeForMeans } from "./mean-difference";
import { normalDraw, seededRandom } from "./seeded-random.test-support";

describe("difference of means (Welch)", () => {
  it("computes moments and a hand-checked interval", () => {
    expect(sampleMoments([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ count: 8, mean: 5, variance: 32 / 7 });
    // treated 1..5 (mean 3, var 2.5), holdout 0,0,0,2 (mean 0.5, var 1): se² = 0.5 + 0.25, df = 0.5625 / (0.0625 + 0.0208333) = 6.75
    const estimate = meanDifference(sampleMoments([1, 2, 3, 4, 5]), sampleMoments([0, 0, 0, 2]))!;
    expect(estimate.uplift).toBe(2.5);
    const half = estimate.high - estimate.uplift;
    // t(0.975, 6.75) ≈ 2.3850; × √0.75
    expect(half).toBeCloseTo(2.385 * Math.sqrt(0.75), 2);
    expect(meanDifference(sampleMoments([1]), sampleMoments([1, 2]))).toBeNull();
    expect(meanDifference(sampleMoments([0, 0]), sampleMoments([0, 0, 0]))).toEqual({ uplift: 0, low: 0, high: 0 });
  });

  it("gives the textbook sample size: 16 per group for a one-SD difference", () => {
    expect(sampleSizeForMeans(1, 1, 1)).toBe(16);
    expect(sampleSizeForMeans(0, 1, 1)).toBeNull();
  });

  it.each([
    { mean1: 12, sd1: 30, n1: 40, mean2: 5, sd2: 10, n2: 15, seed: 11 },
    { mean1: 50, sd1: 20, n1: 200, mean2: 50, sd2: 40, n2: 25, seed: 12 },
  ])("covers the true difference 93–97 % of the time (n $n1/$n2)", ({ mean1, sd1, n1, mean2, sd2, n2, seed }) => {
    const uniform = seededRandom(seed);
    const draw = (n: number, mean: number, sd: number) => Array.from({ length: n }, () => mean + sd * normalDraw(uniform));
    let covered = 0;
    for (let i = 0; i < 1000; i++) {
      const interval = meanDifference(sampleMoments(draw(n1, mean1, sd1)), sampleMoments(draw(n2, mean2, sd2)))!;
      if (interval.low <= mean1 - mean2 && mean1 - mean2 <= interval.high) covered++;
    }
    expect(covered / 1000).toBeGreaterThanOrEqual(0.93);
    expect(covered / 1000).toBeLessThanOrEqual(0.97);
  });
});
