/** Space characters spreadsheets put between thousands: space, NO-BREAK, NARROW NO-BREAK, THIN. */
const THOUSANDS_SPACES = /[ \u00a0\u202f\u2009]/g;
const PLAIN_DECIMAL = /^[+-]?(\d+)(\.\d+)?$/;

/**
 * Reads a French or plain decimal (`1 234,56`, `1.234,56`, `12.5`, `-3`, `24,50 €`) as an exact decimal
 * string (`1234.56`); `null` when it is not a number. When both `.` and `,` appear, the last one is the
 * decimal separator and the other groups thousands. Exact strings, never floats: money stays exact.
 */
export function parseDecimal(raw: string): string | null {
  const plain = parsePlainDecimal(raw);
  if (plain !== undefined) return plain;
  let text = raw.trim().replace(/\s*€$/, "").replace(THOUSANDS_SPACES, "");
  if (text === "") return null;
  const comma = text.lastIndexOf(",");
  const dot = text.lastIndexOf(".");
  if (comma >= 0 && dot >= 0) {
    text = comma > dot ? text.replace(/\./g, "").replace(",", ".") : text.replace(/,/g, "");
  } else if (comma >= 0) {
    if (text.indexOf(",") !== comma) return null;
    text = text.replace(",", ".");
  } else if (dot >= 0 && text.indexOf(".") !== dot) {
    return null;
  }
  if (text.startsWith(".") || text.startsWith("-.") || text.startsWith("+.")) text = text.replace(".", "0.");
  const match = PLAIN_DECIMAL.exec(text);
  if (!match) return null;
  const negative = text.startsWith("-");
  const integerPart = (match[1] as string).replace(/^0+(?=\d)/, "");
  const fraction = match[2] ? (match[2] as string).replace(/0+$/, "") : "";
  const value = `${integerPart}${fraction === "." ? "" : fraction}`;
  return negative && /[1-9]/.test(value) ? `-${value}` : value;
}

const CHAR_0 = 48;
const CHAR_9 = 57;
const CHAR_MINUS = 45;
const CHAR_COMMA = 44;
const CHAR_DOT = 46;

/**
 * Fast path for the common cell (`-12`, `24,50`, `0.750`): an optional `-`, digits, at most one `,` or `.` with
 * digits on both sides. Returns what `parseDecimal` would, or `undefined` when the cell needs the general path.
 */
function parsePlainDecimal(raw: string): string | null | undefined {
  const length = raw.length;
  let index = length > 0 && raw.charCodeAt(0) === CHAR_MINUS ? 1 : 0;
  const integerStart = index;
  let separator = -1;
  let nonZero = false;
  for (; index < length; index++) {
    const code = raw.charCodeAt(index);
    if (code >= CHAR_0 && code <= CHAR_9) {
      if (code !== CHAR_0) nonZero = true;
    } else if ((code === CHAR_COMMA || code === CHAR_DOT) && separator < 0) separator = index;
    else return undefined;
  }
  const integerEnd = separator < 0 ? length : separator;
  if (integerEnd === integerStart || separator === length - 1) return undefined;
  let integerFrom = integerStart;
  while (integerFrom < integerEnd - 1 && raw.charCodeAt(integerFrom) === CHAR_0) integerFrom++;
  let value = raw.slice(integerFrom, integerEnd);
  if (separator >= 0) {
    let fractionEnd = length;
    while (fractionEnd > separator + 1 && raw.charCodeAt(fractionEnd - 1) === CHAR_0) fractionEnd--;
    if (fractionEnd > separator + 1) value += `.${raw.slice(separator + 1, fractionEnd)}`;
  }
  return integerStart === 1 && nonZero ? `-${value}` : value;
}

/** Integer cells (vintages, aroma scores): `2019`, `3`, `3,0`; `null` when not a whole number. */
export function parseInteger(raw: string): number | null {
  const decimal = parseDecimal(raw);
  if (decimal === null || decimal.includes(".")) return null;
  const value = Number(decimal);
  return Number.isSafeInteger(value) ? value : null;
}

export function isNegativeDecimal(decimal: string): boolean {
  return decimal.startsWith("-");
}
