/**
 * Reason codes of `ingest_rejects` (and so of `rejects.csv`: `file;line;column;value;reason;message`).
 *
 * Whole file — one row, `line`, `column` and `value` empty; the rest of the drop still runs:
 *   EMPTY_FILE       the file has no header line (0 bytes, only a BOM or blank lines).
 *   UNKNOWN_KIND     the header matches no kind's signature in config/mappings.yaml.
 *   MISSING_COLUMN   the kind is recognised but required columns are absent; the message names them.
 *
 * Row — one row per bad cell (a row with two bad cells gives two rejects; the row counts once as rejected).
 * `line` = the record's first physical line (header = line 1), `column` = the header as written in the file,
 * `value` = the raw cell:
 *   MISSING_VALUE    a required cell is blank (or every cell of a "one of" group, e.g. contacts' client code and email).
 *   INVALID_DATE     not DD/MM/YYYY, DD/MM/YY or YYYY-MM-DD, or a day that does not exist (`31/02/2024`).
 *   INVALID_NUMBER   not a decimal (`1 234,56`, `12.5`), or not a whole number where one is expected (vintage, aroma).
 *   NEGATIVE_PRICE   a unit price or list price below zero (credit notes carry negative quantities and amounts, not prices).
 *   OUT_OF_RANGE     a number outside what the field allows: aroma not 1–5, vintage not 1000–2999, contenance not
 *                    in ]0, 10 000] cl, a quantity of a million or more, an amount of a billion or more, or a
 *                    cell longer than 10,000 characters (its `value` is cut to 1,000 characters in the reject).
 *   INVALID_TIER     premium tier neither 0–3 nor a label of config `premium_tiers`.
 *   INVALID_BOOLEAN  `actif` not one of config `yes_no` values.
 *   INVALID_CONSENT  `optin_email` neither a date nor one of config `consent` values.
 *   MALFORMED_CSV    the file from this line on cannot be read (a CSV quote never closed, a truncated `.xlsx`);
 *                    the rows before it are kept, `column` and `value` are empty.
 * A file whose header line itself cannot be read (binary garbage, a corrupt workbook) is UNKNOWN_KIND.
 */
export const FILE_REJECT_REASONS = ["EMPTY_FILE", "UNKNOWN_KIND", "MISSING_COLUMN"] as const;
export const ROW_REJECT_REASONS = [
  "MISSING_VALUE",
  "INVALID_DATE",
  "INVALID_NUMBER",
  "NEGATIVE_PRICE",
  "OUT_OF_RANGE",
  "INVALID_TIER",
  "INVALID_BOOLEAN",
  "INVALID_CONSENT",
  "MALFORMED_CSV",
] as const;

export type FileRejectReason = (typeof FILE_REJECT_REASONS)[number];
export type RowRejectReason = (typeof ROW_REJECT_REASONS)[number];
export type RejectReason = FileRejectReason | RowRejectReason;

export function isRowRejectReason(value: string): value is RowRejectReason {
  return (ROW_REJECT_REASONS as readonly string[]).includes(value);
}
