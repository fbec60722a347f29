import { splitCsvRecords } from "./csv-records";
import type { ErasedRecordMatcher } from "./erased-record-matcher";

const CODE_COLUMNS = new Set(["client_code", "ext_id", "code_client"]);
const EMAIL_COLUMNS = new Set(["email", "email_norm"]);

/**
 * A past export CSV without the erased person's rows; every other byte is kept. Files with a customer column
 * (campaign, audit_report, holdout, customer_profiles) lose the rows of the person's codes or email; other files
 * (rejects) lose every row that mentions them.
 */
export function eraseFromExportCsv(text: string, matcher: ErasedRecordMatcher): { content: string; removed: number } {
  const { bom, records } = splitCsvRecords(text);
  const [header, ...rows] = records;
  if (!header) return { content: text, removed: 0 };
  const names = header.cells.map((cell) => cell.trim().toLowerCase());
  const codeColumn = names.findIndex((name) => CODE_COLUMNS.has(name));
  const emailColumn = names.findIndex((name) => EMAIL_COLUMNS.has(name));
  const perCustomer = codeColumn >= 0 || emailColumn >= 0;
  const kept = rows.filter((row) =>
    perCustomer
      ? !matcher.isSubjectRow(row.cells[codeColumn], emailColumn >= 0 ? row.cells[emailColumn] : undefined)
      : !matcher.mentionsSubject(row.cells.join(" ")),
  );
  if (kept.length === rows.length) return { content: text, removed: 0 };
  return { content: bom + header.raw + kept.map((row) => row.raw).join(""), removed: rows.length - kept.length };
}
