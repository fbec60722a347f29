import { describe, expect, it } from "vitest";
import { normalQuantile, studentTQuantile } from "./quantiles";

describe("quantiles", () => {
  it("matches the normal table", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621, 6);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });

  it("matches Student's t table within 1e-3 from 5 degrees of freedom", () => {
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.570582, 2);
    expect(Math.abs(studentTQuantile(0.975, 10) - 2.228139)).toBeLessThan(1e-3);
    expect(Math.abs(studentTQuantile(0.975, 30) - 2.042272)).toBeLessThan(1e-4);
    expect(studentTQuantile(0.975, Number.POSITIVE_INFINITY)).toBeCloseTo(1.959964, 6);
  });
});
