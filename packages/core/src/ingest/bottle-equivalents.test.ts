import { describe, expect, it } from "vitest";
import { bottleEquivalents } from "./bottle-equivalents";

describe("bottleEquivalents", () => {
  it.each([
    ["6", "1", "6.000"],
    ["6", "0.5", "3.000"],
    ["2", "12", "24.000"],
    ["-3", "2", "-6.000"],
    ["3", "0.6667", "2.000"],
    ["999999.999", "12", "11999999.988"],
  ])("%s × %s = %s", (quantity, factor, bottles) => {
    expect(bottleEquivalents(quantity, factor)).toBe(bottles);
  });

  it("rounds the quantity to its column's three decimals before multiplying, half away from zero", () => {
    // 1.2345 → 1.235, then × 0.5 = 0.6175 → 0.618 (0.61725 → 0.617 had the quantity not been rounded first).
    expect(bottleEquivalents("1.2345", "0.5")).toBe("0.618");
    expect(bottleEquivalents("-1.2345", "0.5")).toBe("-0.618");
    expect(bottleEquivalents("0.0004", "12")).toBe("0.000");
  });

  it("rounds the product half away from zero and never writes a negative zero", () => {
    expect(bottleEquivalents("1", "0.0005")).toBe("0.001");
    expect(bottleEquivalents("1", "0.00049")).toBe("0.000");
    expect(bottleEquivalents("-1", "0.0005")).toBe("-0.001");
    expect(bottleEquivalents("-1", "0.00049")).toBe("0.000");
  });

  it("refuses what is not a plain decimal", () => {
    expect(() => bottleEquivalents("1e3", "1")).toThrow(RangeError);
    expect(() => bottleEquivalents("6", "")).toThrow(RangeError);
  });
});
