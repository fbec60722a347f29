import { describe, expect, it } from "vitest";
import { type FeatureProduct, fixedDecimal, roundFloatLikeNumeric, SalesLineAccumulator } from "./sales-aggregates";

const axes = (value: number) => ({ fruit: value, floral: value, epice: value, mineral: value, acidite: value, corps: value, tanin: value });
const product = (article: string, family: string | null, premiumTier: number | null, aroma: number | null): FeatureProduct => ({
  article,
  family,
  sweetness: null,
  grape: null,
  appellation: null,
  premiumTier,
  aroma: aroma === null ? null : axes(aroma),
});
const PRODUCTS = [product("R1", "Rouge", 1, 4), product("B1", "Blanc", 2, 2), product("X1", null, null, null)];
const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

describe("sales line aggregates", () => {
  it("counts orders, nets credit lines, and finds the price band, tier and order families", () => {
    const lines = new SalesLineAccumulator("2024-06-30", PRODUCTS);
    // F1: two lines of one order on two days; the order's date is its earliest.
    lines.add("C1", "F1", "R1", day("2024-01-12"), false, 6000, 6000);
    lines.add("C1", "F1", "B1", day("2024-01-10"), false, 4000, 2000);
    lines.add("C1", "F2", "R1", day("2024-03-01"), false, 3000, 3000);
    // A credit note is never an order; its amount counts negative whatever its sign.
    lines.add("C1", "AV1", "R1", day("2024-03-05"), true, 1000, 1000);
    lines.add("C2", "F3", "X1", day("2024-05-01"), false, 2500, 1000);
    const { activities, articleSpends, orderFamilies, aromas } = lines.aggregates(
      ["C0", "C2"],
      [
        { clientCode: "C1", outstanding: "12.00", overdue: "2.00" },
        { clientCode: "C9", outstanding: "1.00", overdue: "0.00" },
      ],
    );
    expect(activities.map((activity) => activity.clientCode)).toEqual(["C0", "C1", "C2"]);
    expect(activities[0]).toMatchObject({ orders: 0, monetaryHt: "0.00", bottles: "0.000", priceBandHt: null, usualTier: null });
    expect(activities[1]).toEqual({
      clientCode: "C1",
      orders: 2,
      firstOrderDate: "2024-01-10",
      lastOrderDate: "2024-03-01",
      recencyDays: 121,
      monetaryHt: "120.00",
      bottles: "10.000",
      // Prices 10, 20, 10 → median 10.
      priceBandHt: "10.00",
      // Two purchase lines of tier 1, one of tier 2.
      usualTier: 1,
      ledgerOutstanding: "12.00",
      ledgerOverdue: "2.00",
    });
    expect(activities[2]).toMatchObject({ orders: 1, usualTier: null, priceBandHt: "25.00" });
    expect(articleSpends).toEqual([
      { clientCode: "C1", article: "B1", spendHt: 40 },
      { clientCode: "C1", article: "R1", spendHt: 80 },
      { clientCode: "C2", article: "X1", spendHt: 25 },
    ]);
    // F1: Rouge 60 > Blanc 40; F2: Rouge. C2's order has no family.
    expect(orderFamilies).toEqual([{ clientCode: "C1", family: "Rouge", orders: 2 }]);
    expect(aromas).toEqual([
      {
        clientCode: "C1",
        weight: 12000,
        orders: 2,
        sums: axes(4 * 8000 + 2 * 4000),
        squares: axes(16 * 8000 + 4 * 4000),
      },
    ]);
  });

  it("takes the mean of the two middle prices for an even count, and breaks family ties by code point", () => {
    const lines = new SalesLineAccumulator("2024-06-30", PRODUCTS);
    lines.add("C1", "F1", "R1", day("2024-01-10"), false, 1000, 1000);
    lines.add("C1", "F1", "B1", day("2024-01-10"), false, 1000, 3000);
    const [activity] = lines.aggregates([], []).activities;
    // Prices 10 and 3.333… → 6.666… → 6.67.
    expect(activity?.priceBandHt).toBe("6.67");
    expect(lines.aggregates([], []).orderFamilies).toEqual([{ clientCode: "C1", family: "Blanc", orders: 1 }]);
  });

  it("finds the median of a long price list too", () => {
    const lines = new SalesLineAccumulator("2024-06-30", PRODUCTS);
    // 100 lines priced 100, 99, …, 1 (descending): the median is 50.5.
    for (let i = 100; i >= 1; i--) lines.add("C1", `F${i}`, "R1", day("2024-01-10"), false, i * 100, 1000);
    expect(lines.aggregates([], []).activities[0]).toMatchObject({ orders: 100, priceBandHt: "50.50" });
  });

  it("refuses lines that are not grouped by customer", () => {
    const lines = new SalesLineAccumulator("2024-06-30", PRODUCTS);
    lines.add("C1", "F1", "R1", day("2024-01-10"), false, 1000, 1000);
    lines.add("C2", "F2", "R1", day("2024-01-10"), false, 1000, 1000);
    expect(() => lines.add("C1", "F3", "R1", day("2024-01-10"), false, 1000, 1000)).toThrow(/not grouped/);
  });

  it("formats and rounds decimals as PostgreSQL does", () => {
    expect(fixedDecimal(-5, 2)).toBe("-0.05");
    expect(fixedDecimal(13000, 3)).toBe("13.000");
    expect(fixedDecimal(0, 2)).toBe("0.00");
    // 12.345 is 12.3449999… in binary; float8 → numeric keeps 15 digits (12.3450000000000), then half away from zero.
    expect(roundFloatLikeNumeric(24.69 / 2, 2)).toBe("12.35");
    expect(roundFloatLikeNumeric(0.004, 2)).toBe("0.00");
    expect(roundFloatLikeNumeric(0.005, 2)).toBe("0.01");
    expect(roundFloatLikeNumeric(1234567.891, 2)).toBe("1234567.89");
    expect(roundFloatLikeNumeric(-2.5, 0)).toBe("-3");
  });
});
