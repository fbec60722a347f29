/**
 * The text of one ExcelJS cell value, as the record mapper reads CSV cells: strings as they are, numbers in plain
 * decimal notation (`24.5`, read by the mapper's decimal parser like a CSV cell), dates as ISO `YYYY-MM-DD`
 * (Excel stores a day as a serial number that ExcelJS turns into a UTC midnight), booleans as `1`/`0`, a formula
 * as its cached result (what the spreadsheet showed), rich text joined, an error as its code (`#N/A`).
 */
export function xlsxCellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return plainNumber(value);
  if (typeof value === "boolean") return value ? "1" : "0";
  if (value instanceof Date) return isoDay(value);
  if (typeof value === "object") {
    const object = value as Record<string, unknown>;
    if ("formula" in object || "sharedFormula" in object) return xlsxCellText(object.result);
    if (Array.isArray(object.richText)) return object.richText.map((run) => String((run as { text?: unknown }).text ?? "")).join("");
    if ("error" in object) return String(object.error);
    if ("text" in object) return xlsxCellText(object.text);
  }
  return String(value);
}

/** 15 significant digits (what Excel displays), never exponent notation: `190.00000000000003` → `190`. */
function plainNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Number(value.toPrecision(15));
  const text = String(rounded);
  if (!/e/i.test(text)) return text;
  return Math.abs(rounded) >= 1 ? BigInt(Math.round(rounded)).toString() : rounded.toFixed(20).replace(/0+$/, "");
}

/** A cell's day (times of day are dropped: every date field of the mapping is a day). */
function isoDay(date: Date): string {
  if (Number.isNaN(date.getTime())) return "";
  const year = String(date.getUTCFullYear()).padStart(4, "0");
  return `${year}-${String(date.getUTCMonth() + 1).padStart(2, "0")}-${String(date.getUTCDate()).padStart(2, "0")}`;
}
