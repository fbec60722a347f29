/** Calendar arithmetic on ISO `YYYY-MM-DD` dates, in UTC days: the one place every stage takes it from. */
const DAY_MS = 86_400_000;

function utcMs(isoDate: string): number {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day);
}

function toIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMs(to) - utcMs(from)) / DAY_MS);
}

/** Calendar months later (or earlier, negative); a day that does not exist rolls over (31 Jan + 1 month = 3 Mar). */
export function addMonths(isoDate: string, months: number): string {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return toIsoDate(Date.UTC(year, month - 1 + months, day));
}

/** Calendar years later; 29 February rolls over to 1 March in a common year (an 18th birthday, DOMAIN §3). */
export function addYears(isoDate: string, years: number): string {
  return addMonths(isoDate, 12 * years);
}

/**
 * The date `months` calendar months before, clamped to the month's last day
 * (2024-02-29 minus 12 months = 2023-02-28): the start of a look-back window such as the soft opt-in's 36 months.
 */
export function monthsBefore(isoDate: string, months: number): string {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) - months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const pad = (value: number, width: number) => String(value).padStart(width, "0");
  return `${pad(targetYear, 4)}-${pad(targetMonth + 1, 2)}-${pad(Math.min(day, lastDay), 2)}`;
}
