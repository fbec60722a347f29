/**
 * CSV serialisation for every export: `;`-separated, CRLF-free (`\n`), quoted only when needed, and
 * formula-neutralised — a text cell a spreadsheet would run (`=`, `+`, `-`, `@`, or a leading tab/CR)
 * is prefixed with `'`; numbers are written as numbers and never neutralised (DOMAIN §6).
 */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function formatCsvCell(cell: CsvCell, delimiter = ";"): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return "";
    return String(cell);
  }
  if (typeof cell === "boolean") return cell ? "true" : "false";
  const text = neutraliseFormula(cell);
  return text.includes(delimiter) || text.includes('"') || text.includes("\n") || text.includes("\r")
    ? `"${text.replace(/"/g, '""')}"`
    : text;
}

export interface CsvOptions {
  delimiter?: string;
  /** UTF-8 byte order mark, for files opened by people's tools (campaign.csv). */
  bom?: boolean;
}

export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>, options: CsvOptions = {}): string {
  const delimiter = options.delimiter ?? ";";
  const lines = [header.map((name) => formatCsvCell(name, delimiter)).join(delimiter)];
  for (const row of rows) lines.push(row.map((cell) => formatCsvCell(cell, delimiter)).join(delimiter));
  return `${options.bom ? "\uFEFF" : ""}${lines.join("\n")}\n`;
}
