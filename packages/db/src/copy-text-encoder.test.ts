import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { bulkInsert } from "./bulk-insert";
import { CopyTextEncoder, type CopyValue } from "./copy-text-encoder";
import { dialectsUnderTest } from "./testing";

const TRICKY_TEXTS = [
  "",
  "plain",
  "tab\there",
  "line\nbreak",
  "cr\rlf\r\n",
  "back\\slash \\N",
  "Rosé des Vignes — 12 €",
  "AŸ-CHAMPAGNE",
  "emoji 🍷 pair",
  "lone \ud800 high",
  "lone \udc00 low",
  "ends high \ud83c",
  "\\",
];

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** COPY text built the plain way: escape with a regex, join, convert the string. */
function referenceCopyText(rows: readonly CopyValue[][]): Buffer {
  const field = (value: CopyValue) =>
    value === null
      ? "\\N"
      : typeof value === "boolean"
        ? value
          ? "t"
          : "f"
        : String(value).replace(/[\\\t\n\r]/g, (ch) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[ch] as string);
  return Buffer.from(rows.map((row) => `${row.map(field).join("\t")}\n`).join(""));
}

describe("CopyTextEncoder", () => {
  it("writes the same bytes as escaping, joining and converting strings", () => {
    const rows: CopyValue[][] = TRICKY_TEXTS.map((text, index) => [index, text, null, index % 2 === 0, -1.5, text.toUpperCase()]);
    const encoder = new CopyTextEncoder();
    for (const row of rows) encoder.writeRow(row);
    expect(encoder.take().equals(referenceCopyText(rows))).toBe(true);
    expect(encoder.empty).toBe(true);
  });

  it("writes a row field by field as it writes the row whole", () => {
    const rows: CopyValue[][] = TRICKY_TEXTS.map((text, index) => [text, index, null, index % 3 === 0]);
    const encoder = new CopyTextEncoder();
    for (const row of rows) {
      // Reversed, as a row laid out otherwise than its source would be.
      for (let index = row.length - 1; index >= 0; index--) encoder.field(row[index] as CopyValue);
      encoder.endRow();
    }
    expect(encoder.take().equals(referenceCopyText(rows.map((row) => [...row].reverse())))).toBe(true);
  });

  it("hands over chunks once full, grows for a row larger than a chunk, and never rewrites a chunk it handed over", () => {
    const encoder = new CopyTextEncoder(64);
    const small: CopyValue[] = ["a".repeat(40)];
    encoder.writeRow(small);
    expect(encoder.full).toBe(false);
    encoder.writeRow(small);
    expect(encoder.full).toBe(true);
    const first = encoder.take();
    const copyOfFirst = Buffer.from(first);
    const huge: CopyValue[] = ["é".repeat(100_000)];
    encoder.writeRow(huge);
    const second = encoder.take();
    expect(first.equals(copyOfFirst)).toBe(true);
    expect(first.equals(referenceCopyText([small, small]))).toBe(true);
    expect(second.equals(referenceCopyText([huge]))).toBe(true);
  });
});

describe.each(dialectsUnderTest())("bulk insert on $name", ({ open }) => {
  it("round-trips tricky text, NULLs and booleans unchanged", async () => {
    const handle = await open();
    try {
      await sql`CREATE TABLE copy_round_trip (id integer, label text, flag boolean)`.execute(handle.db);
      const expected = TRICKY_TEXTS.map((text, id) => ({ id, label: id === 3 ? null : text, flag: id % 3 === 0 }));
      // A lone surrogate cannot be stored as UTF-8: it arrives as U+FFFD.
      const stored = expected.map((row) => ({ ...row, label: row.label?.replace(LONE_SURROGATE, "\ufffd") ?? null }));
      const written = await bulkInsert(
        handle,
        "copy_round_trip",
        ["id", "label", "flag"],
        expected.map((row) => [row.id, row.label, row.flag]),
      );
      expect(written).toBe(expected.length);
      const read = await sql<{ id: number; label: string | null; flag: boolean }>`
        SELECT id, label, flag FROM copy_round_trip ORDER BY id`.execute(handle.db);
      expect(read.rows).toEqual(stored);
    } finally {
      await handle.close();
    }
  });
});
