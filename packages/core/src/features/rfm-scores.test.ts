import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { featuresConfigSchema } from "../config/features";
import { binScores, quintileScores, segmentFor } from "./rfm-scores";

const config = featuresConfigSchema.parse(
  parse(readFileSync(fileURLToPath(new URL("../../../../config/features.yaml", import.meta.url)), "utf8")),
);
const values = (orders: number, recencyDays: number | null, monetaryHt: number) => ({ orders, recencyDays, monetaryHt });

describe("RFM bins (DOMAIN §2 defaults)", () => {
  it.each([
    [0, 5],
    [30, 5],
    [31, 4],
    [60, 4],
    [61, 3],
    [120, 3],
    [121, 2],
    [365, 2],
    [366, 1],
  ])("recency %i days → R%i", (recency, r) => {
    expect(binScores(values(1, recency, 0), config.rfm).r).toBe(r);
  });

  it.each([
    [1, 1],
    [2, 2],
    [4, 2],
    [5, 3],
    [9, 3],
    [10, 4],
    [19, 4],
    [20, 5],
  ])("%i orders → F%i", (orders, f) => {
    expect(binScores(values(orders, 10, 0), config.rfm).f).toBe(f);
  });

  it.each([
    [-50, 1],
    [199.99, 1],
    [200, 2],
    [499.99, 2],
    [500, 3],
    [999.99, 3],
    [1000, 4],
    [1999.99, 4],
    [2000, 5],
  ])("%d € → M%i", (monetary, m) => {
    expect(binScores(values(1, 10, monetary), config.rfm).m).toBe(m);
  });

  it("scores a customer without order 1/1/1", () => {
    expect(binScores(values(0, null, 0), config.rfm)).toEqual({ r: 1, f: 1, m: 1 });
  });
});

describe("RFM quintiles", () => {
  it("gives equal values equal scores and ranks the best at 5", () => {
    const base = [values(1, 100, 50), values(1, 100, 50), values(1, 100, 50), values(1, 100, 50), values(3, 5, 900), values(0, null, 0)];
    const scores = quintileScores(base, config.rfm);
    // Five buyers: the four tied ones have nobody strictly worse → 1; the best has 4 worse → 1 + ⌊20/5⌋ = 5.
    expect(scores.slice(0, 4)).toEqual(Array(4).fill({ r: 1, f: 1, m: 1 }));
    expect(scores[4]).toEqual({ r: 5, f: 5, m: 5 });
    expect(scores[5]).toEqual({ r: 1, f: 1, m: 1 });
  });

  it("spreads distinct values over the five scores", () => {
    const base = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((monetary) => values(1, 1, monetary));
    expect(quintileScores(base, config.rfm).map((score) => score.m)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });
});

describe("segments", () => {
  it.each([
    [5, 5, "CHAMPIONS"],
    [5, 4, "CHAMPIONS"],
    [4, 4, "LOYAL"],
    [5, 2, "POTENTIAL_LOYALIST"],
    [5, 1, "NEW"],
    [4, 1, "PROMISING"],
    [3, 3, "NEED_ATTENTION"],
    [3, 1, "ABOUT_TO_SLEEP"],
    [2, 4, "AT_RISK"],
    [1, 5, "CANT_LOSE"],
    [2, 2, "HIBERNATING"],
    [1, 2, "LOST"],
  ])("R%i F%i → %s", (r, f, code) => {
    expect(segmentFor({ r, f }, config.segments).code).toBe(code);
  });
});
