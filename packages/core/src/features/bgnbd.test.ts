import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type BgNbdCustomer, bgNbdLogLikelihood, expectedOrders, fitBgNbd, probabilityAlive } from "./bgnbd";
import { hypergeometric2F1 } from "./hypergeometric";
import { logGamma } from "./log-gamma";

/** The CDNOW sample sits beside the repository (DOMAIN §2 golden reference). */
const CDNOW = fileURLToPath(new URL("../../../../../shared/datasets/cdnow/CDNOW_sample.txt", import.meta.url));
const DAY_MS = 86_400_000;

function dayNumber(yyyymmdd: string): number {
  return Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8))) / DAY_MS;
}

/** Lines of one customer on one day are one order; calibration ends 1997-09-30. */
function cdnowCalibration(text: string): BgNbdCustomer[] {
  const end = dayNumber("19970930");
  const days = new Map<string, Set<number>>();
  for (const line of text.split("\n")) {
    const [id, , date] = line.trim().split(/\s+/);
    if (!id || !date) continue;
    const day = dayNumber(date);
    if (day > end) continue;
    if (!days.has(id)) days.set(id, new Set());
    days.get(id)!.add(day);
  }
  return [...days.values()].map((set) => {
    const first = Math.min(...set);
    const last = Math.max(...set);
    return { x: set.size - 1, tx: (last - first) / 7, T: (end - first) / 7 };
  });
}

describe("BG/NBD", () => {
  it("log-gamma and 2F1 match known values", () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    // 2F1(1, 1; 2; z) = −ln(1 − z) / z
    expect(hypergeometric2F1(1, 1, 2, 0.5)).toBeCloseTo(-Math.log(0.5) / 0.5, 12);
  });

  it.skipIf(!existsSync(CDNOW))("reproduces the published CDNOW fit", () => {
    const customers = cdnowCalibration(readFileSync(CDNOW, "utf8"));
    expect(customers).toHaveLength(2357);
    const { parameters, logLikelihood } = fitBgNbd(customers);
    expect(parameters.r.toFixed(3)).toBe("0.243");
    expect(parameters.alpha.toFixed(3)).toBe("4.414");
    expect(parameters.a.toFixed(3)).toBe("0.793");
    expect(parameters.b.toFixed(3)).toBe("2.426");
    expect(logLikelihood).toBeCloseTo(-9582.43, 1);
  });

  it("weights identical customers exactly like repeated ones", () => {
    const base: BgNbdCustomer[] = [
      { x: 0, tx: 0, T: 30 },
      { x: 0, tx: 0, T: 20 },
      { x: 1, tx: 5, T: 25 },
      { x: 3, tx: 12, T: 30 },
      { x: 2, tx: 28, T: 29 },
      { x: 5, tx: 20, T: 22 },
    ];
    const single = fitBgNbd(base);
    const doubled = fitBgNbd([...base, ...base]);
    expect(doubled.logLikelihood).toBeCloseTo(2 * single.logLikelihood, 6);
    expect(doubled.parameters.r).toBeCloseTo(single.parameters.r, 4);
    expect(doubled.parameters.b).toBeCloseTo(single.parameters.b, 4);
  });

  it("gives P(alive) = 1 without repeat and the paper's expectation for a known customer", () => {
    const parameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    expect(probabilityAlive(parameters, { x: 0, tx: 0, T: 30 })).toBe(1);
    // Fader–Hardie–Lee: x = 2, tx = 30.43, T = 38.86 → 1.226 expected purchases in the next 39 weeks.
    expect(expectedOrders(parameters, { x: 2, tx: 30.43, T: 38.86 }, 39)).toBeCloseTo(1.226, 2);
    expect(Number.isFinite(bgNbdLogLikelihood(parameters, { x: 3, tx: 10, T: 20 }))).toBe(true);
  });
});
