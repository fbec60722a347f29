import { describe, expect, it } from "vitest";
import { splitGrapes, summariseShares } from "./share-map";

describe("spend shares", () => {
  it("breaks a dominant tie by code-point order and computes diversity", () => {
    const summary = summariseShares({ Rouge: 50, Blanc: 50, Rosé: 0 });
    expect(summary.dominant).toBe("Blanc");
    expect(summary.dominantShare).toBe(0.5);
    expect(summary.diversity).toBe(0.5);
    expect(Object.keys(summary.shares)).toEqual(["Blanc", "Rouge"]);
  });

  it("orders upper-case before lower-case and accents after ASCII (code points, not locale)", () => {
    expect(summariseShares({ élégant: 1, zeta: 1, Alpha: 1 }).dominant).toBe("Alpha");
    expect(Object.keys(summariseShares({ élégant: 1, zeta: 1, Alpha: 1 }).shares)).toEqual(["Alpha", "zeta", "élégant"]);
  });

  it("leaves out fully returned keys and rounds to 6 decimals", () => {
    const summary = summariseShares({ Rouge: 200, Blanc: 100, Liquoreux: -30, Rosé: 0 });
    expect(summary.shares).toEqual({ Blanc: 0.333333, Rouge: 0.666667 });
    expect(summary.dominant).toBe("Rouge");
    expect(summary.diversity).toBe(0.444444);
  });

  it("is empty without positive spend", () => {
    expect(summariseShares({ Rouge: -10 })).toEqual({ shares: {}, dominant: null, dominantShare: null, diversity: null });
  });

  it("splits multi-grape cells", () => {
    expect(splitGrapes("Syrah, Grenache")).toEqual(["Syrah", "Grenache"]);
    expect(splitGrapes(" Pinot Noir ")).toEqual(["Pinot Noir"]);
    expect(splitGrapes(null)).toEqual([]);
  });
});
