/** One record of a CSV text: its exact bytes (line ending included) and its unquoted cells. */
export interface RawCsvRecord {
  raw: string;
  cells: string[];
}

/**
 * Splits CSV text into records without re-serialising anything, so kept records stay byte-identical
 * (quoted cells may hold delimiters and line breaks; `""` is an escaped quote). A leading BOM is returned apart.
 */
export function splitCsvRecords(text: string, delimiter = ";"): { bom: string; records: RawCsvRecord[] } {
  const bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
  const body = text.slice(bom.length);
  const records: RawCsvRecord[] = [];
  let start = 0;
  let cells: string[] = [];
  let cell = "";
  let inQuotes = false;
  for (let index = 0; index < body.length; index++) {
    const char = body[index];
    if (inQuotes) {
      if (char === '"' && body[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') inQuotes = false;
      else cell += char;
    } else if (char === '"') inQuotes = true;
    else if (char === delimiter) {
      cells.push(cell);
      cell = "";
    } else if (char === "\n" || (char === "\r" && body[index + 1] !== "\n")) {
      cells.push(cell);
      records.push({ raw: body.slice(start, index + 1), cells });
      start = index + 1;
      cells = [];
      cell = "";
    } else if (char !== "\r") cell += char;
  }
  if (start < body.length) {
    cells.push(cell);
    records.push({ raw: body.slice(start), cells });
  }
  return { bom, records };
}
