const DAY_MS = 86_400_000;

function utcMs(isoDate: string): number {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day);
}

function toIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMs(to) - utcMs(from)) / DAY_MS);
}

/** Calendar months later (or earlier, negative); a day that does not exist rolls over (31 Jan + 1 month = 3 Mar). */
export function addMonths(isoDate: string, months: number): string {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return toIsoDate(Date.UTC(year, month - 1 + months, day));
}

/** Calendar years later; 29 February rolls over to 1 March in a common year. */
export function addYears(isoDate: string, years: number): string {
  return addMonths(isoDate, 12 * years);
}
