/** Calendar days as integers (days since 1970-01-01, UTC): the generator never needs a time of day. */
export type Day = number;

const MS_PER_DAY = 86_400_000;

/** The span of the generated history, both days included. */
export interface HistoryWindow {
  start: Day;
  end: Day;
}

export function dayFromIso(iso: string): Day {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new RangeError(`expected an ISO date YYYY-MM-DD, got "${iso}"`);
  const [, year, month, dayOfMonth] = match;
  const day = dayFromParts(Number(year), Number(month), Number(dayOfMonth));
  if (isoFromDay(day) !== iso) throw new RangeError(`not a calendar date: "${iso}"`);
  return day;
}

/** `month` is 1–12; out-of-range values roll over like `Date.UTC`. */
export function dayFromParts(year: number, month: number, dayOfMonth: number): Day {
  return Math.floor(Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY);
}

export function isoFromDay(day: Day): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export interface DateParts {
  year: number;
  month: number;
  dayOfMonth: number;
}

export function partsOfDay(day: Day): DateParts {
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, dayOfMonth: date.getUTCDate() };
}

export function monthOfDay(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCMonth() + 1;
}

export function yearOfDay(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** Same day of month `months` later, clamped to the month's last day. */
export function addMonths(day: Day, months: number): Day {
  const { year, month, dayOfMonth } = partsOfDay(day);
  const lastOfTarget = dayFromParts(year, month + months + 1, 0);
  return Math.min(dayFromParts(year, month + months, dayOfMonth), lastOfTarget);
}

const frenchDateCache = new Map<Day, string>();

/** `DD/MM/YYYY`; memoised because the sales file formats the same few thousand days a million times. */
export function frenchDate(day: Day): string {
  let text = frenchDateCache.get(day);
  if (text === undefined) {
    const iso = isoFromDay(day);
    text = `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
    frenchDateCache.set(day, text);
  }
  return text;
}

/** Month (1–12) of each day of a window, precomputed: the sales simulation asks for it millions of times. */
export class MonthLookup {
  private readonly months: Uint8Array;

  constructor(private readonly window: HistoryWindow) {
    this.months = new Uint8Array(window.end - window.start + 1);
    for (let day = window.start; day <= window.end; day++) this.months[day - window.start] = monthOfDay(day);
  }

  month(day: Day): number {
    const offset = day - this.window.start;
    return offset >= 0 && offset < this.months.length ? (this.months[offset] as number) : monthOfDay(day);
  }
}
