/** Rounds to a fixed number of decimals, half away from zero, and returns a plain number (never `-0`). */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
  return rounded === 0 ? 0 : rounded;
}

/** Fixed-decimal text for a numeric column (`0.250000`), or null. */
export function toDecimalText(value: number | null, decimals: number): string | null {
  return value === null || !Number.isFinite(value) ? null : roundTo(value, decimals).toFixed(decimals);
}
