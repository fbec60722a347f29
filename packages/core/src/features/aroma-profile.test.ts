import { describe, expect, it } from "vitest";
import { AROMA_AXES, type AromaAxis } from "../config/aromas";
import { type AromaSums, aromaProfile } from "./aroma-profile";

const levels = { medium: 0.45, high: 0.7 };

/** Sums for purchases `[weight, axes]`. */
function sums(purchases: [number, number[]][], orders: number): AromaSums {
  const result: AromaSums = { weight: 0, sums: {} as Record<AromaAxis, number>, squares: {} as Record<AromaAxis, number>, orders };
  AROMA_AXES.forEach((axis) => {
    result.sums[axis] = 0;
    result.squares[axis] = 0;
  });
  for (const [weight, axes] of purchases) {
    result.weight += weight;
    AROMA_AXES.forEach((axis, i) => {
      result.sums[axis] += weight * axes[i]!;
      result.squares[axis] += weight * axes[i]! ** 2;
    });
  }
  return result;
}

describe("aroma profile", () => {
  it("is null without aroma data", () => {
    expect(aromaProfile(null, levels)).toBeNull();
  });

  it("has zero confidence for a one-order customer", () => {
    const profile = aromaProfile(sums([[30, [4, 3, 3, 3, 4, 3, 3]]], 1), levels)!;
    expect(profile.vector).toEqual({ fruit: 4, floral: 3, epice: 3, mineral: 3, acidite: 4, corps: 3, tanin: 3 });
    expect(profile.top3).toEqual(["fruit", "acidite", "floral"]);
    expect(profile.confidence).toBe(0);
    expect(profile.level).toBe("LOW");
  });

  it("weights by spend and derives consistency from the weighted standard deviations", () => {
    // 75 € of all-5 and 25 € of all-1 → mean 4, std dev √(0.75·1 + 0.25·9) = √3 on every axis.
    const profile = aromaProfile(
      sums(
        [
          [75, [5, 5, 5, 5, 5, 5, 5]],
          [25, [1, 1, 1, 1, 1, 1, 1]],
        ],
        4,
      ),
      levels,
    )!;
    expect(profile.vector.fruit).toBe(4);
    // consistency = 1 − √3 / 2 = 0.133975; confidence = 0.75 × 0.133975.
    expect(profile.confidence).toBeCloseTo(0.75 * (1 - Math.sqrt(3) / 2), 6);
    expect(profile.level).toBe("LOW");
  });

  it("reaches HIGH for identical purchases over many orders, at the configured thresholds", () => {
    const axes = [2, 3, 4, 5, 1, 2, 3];
    expect(aromaProfile(sums([[10, axes]], 2), levels)!.confidence).toBe(0.5);
    expect(aromaProfile(sums([[10, axes]], 2), levels)!.level).toBe("MEDIUM");
    expect(aromaProfile(sums([[10, axes]], 10), levels)!.level).toBe("HIGH");
    expect(aromaProfile(sums([[10, axes]], 2), { medium: 0.5, high: 0.6 })!.level).toBe("MEDIUM");
    expect(aromaProfile(sums([[10, axes]], 2), { medium: 0.500001, high: 0.6 })!.level).toBe("LOW");
    expect(aromaProfile(sums([[10, axes]], 10), levels)!.top3).toEqual(["mineral", "epice", "floral"]);
  });
});
