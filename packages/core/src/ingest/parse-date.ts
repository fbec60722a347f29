const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Two-digit years: `00`–`49` are 2000–2049, `50`–`99` are 1950–1999, so a
 * delivery `05/03/24` is 2024 and a birth date `12/07/58` is 1958.
 */
const TWO_DIGIT_YEAR_PIVOT = 50;

/**
 * Reads `DD/MM/YYYY`, `DD/MM/YY` (also with `-` or `.`) and ISO `YYYY-MM-DD`, with an optional time that is
 * ignored, into ISO `YYYY-MM-DD`; `null` when it is not a date or names a day that does not exist (`31/02/2024`).
 */
export function parseDate(raw: string): string | null {
  if (raw.length === 10) {
    const plain = parsePlainDate(raw);
    if (plain !== undefined) return plain;
  }
  const text = raw.trim();
  let year: number;
  let month: number;
  let day: number;
  const iso = ISO.exec(text);
  if (iso) {
    year = Number(iso[1]);
    month = Number(iso[2]);
    day = Number(iso[3]);
  } else {
    const french = DAY_FIRST.exec(text);
    if (!french) return null;
    day = Number(french[1]);
    month = Number(french[2]);
    const yearText = french[3] as string;
    year = Number(yearText);
    if (yearText.length === 2) year += year < TWO_DIGIT_YEAR_PIVOT ? 2000 : 1900;
  }
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const CHAR_0 = 48;
const CHAR_SLASH = 47;
const CHAR_DASH = 45;

/** Digits of `text` from `start` to `end` as a number, or -1 when one is not a digit. */
function digitsAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let index = start; index < end; index++) {
    const digit = text.charCodeAt(index) - CHAR_0;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Fast path for the two common shapes, `DD/MM/YYYY` and `YYYY-MM-DD` (no regex, no trimming): what `parseDate`
 * would return, or `undefined` when the cell needs the general path.
 */
function parsePlainDate(text: string): string | null | undefined {
  let year: number;
  let month: number;
  let day: number;
  if (text.charCodeAt(2) === CHAR_SLASH && text.charCodeAt(5) === CHAR_SLASH) {
    day = digitsAt(text, 0, 2);
    month = digitsAt(text, 3, 5);
    year = digitsAt(text, 6, 10);
  } else if (text.charCodeAt(4) === CHAR_DASH && text.charCodeAt(7) === CHAR_DASH) {
    year = digitsAt(text, 0, 4);
    month = digitsAt(text, 5, 7);
    day = digitsAt(text, 8, 10);
  } else return undefined;
  if (year < 0 || month < 0 || day < 0) return undefined;
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
}
