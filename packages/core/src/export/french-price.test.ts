import { describe, expect, it } from "vitest";
import { formatFrenchPrice } from "./french-price";

describe("formatFrenchPrice", () => {
  it("writes cents with a decimal comma and no thousands separator", () => {
    expect(formatFrenchPrice(24.5)).toBe("24,50");
    expect(formatFrenchPrice(1234.5)).toBe("1234,50");
    expect(formatFrenchPrice("24.50")).toBe("24,50");
    expect(formatFrenchPrice("9")).toBe("9,00");
    expect(formatFrenchPrice("0.07")).toBe("0,07");
  });

  it("rounds exact decimals half away from zero, without binary floats", () => {
    expect(formatFrenchPrice("1.005")).toBe("1,01");
    expect(formatFrenchPrice("2.004999")).toBe("2,00");
    expect(formatFrenchPrice("-3.335")).toBe("-3,34");
    expect(formatFrenchPrice("-0.001")).toBe("0,00");
  });

  it("leaves a missing price empty and refuses text that is not a decimal", () => {
    expect(formatFrenchPrice(null)).toBe("");
    expect(formatFrenchPrice("")).toBe("");
    expect(() => formatFrenchPrice("24,50")).toThrow(/not a decimal/);
  });
});
