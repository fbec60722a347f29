/** Money in integer cents, rounded the way an invoicing tool does: half away from zero, in exact integer arithmetic. */

/** `numerator / denominator` (denominator > 0) rounded half away from zero. */
export function roundRatio(numerator: number, denominator: number): number {
  const magnitude = Math.floor((2 * Math.abs(numerator) + denominator) / (2 * denominator));
  return numerator < 0 ? -magnitude : magnitude;
}

/** French VAT on wine is 20 %: HT = TTC / 1.2. */
export function htFromTtcCents(ttcCents: number): number {
  return roundRatio(ttcCents * 5, 6);
}

export function ttcFromHtCents(htCents: number): number {
  return roundRatio(htCents * 6, 5);
}
