import { describe, expect, it } from "vitest";
import { CsvQuoteNotClosedError, type CsvRecord, CsvRecordSplitter } from "./csv-record-splitter";
import type { CsvDelimiter } from "./detect-delimiter";

/** Splits `chunks` as one text; `[fields, line]` pairs keep the expectations short. */
function split(chunks: string[], delimiter: CsvDelimiter = ";"): Array<[string[], number]> {
  const splitter = new CsvRecordSplitter(delimiter);
  const records: CsvRecord[] = [];
  for (const chunk of chunks) splitter.push(chunk, records);
  splitter.end(records);
  return records.map((record) => [record.fields, record.line]);
}

describe("CsvRecordSplitter", () => {
  it("splits plain records on CRLF, LF or CR, with or without a last line break", () => {
    const expected = [
      [["a", "b"], 1],
      [["c", ""], 2],
    ];
    expect(split(["a;b\r\nc;\r\n"])).toEqual(expected);
    expect(split(["a;b\nc;"])).toEqual(expected);
    expect(split(["a;b\rc;\r"])).toEqual(expected);
  });

  it("removes a BOM at the start only, and skips lines with nothing on them", () => {
    expect(split(["\ufeff", "\r\na;\ufeffb\r\n\r\n\r\nc\r\n"])).toEqual([
      [["a", "\ufeffb"], 2],
      [["c"], 5],
    ]);
  });

  it("keeps lines of spaces, of delimiters or with an empty quoted field (the caller decides)", () => {
    expect(split(['   \r\n;;\r\n""\r\n'])).toEqual([
      [["   "], 1],
      [["", "", ""], 2],
      [[""], 3],
    ]);
  });

  it("reads quoted delimiters, escaped quotes and line breaks, and numbers the lines physically", () => {
    expect(split(['h\r\n"a;b";"say ""hi""";"1 rue\r\nBât. B\n2e"\r\nnext\r\n'])).toEqual([
      [["h"], 1],
      [["a;b", 'say "hi"', "1 rue\r\nBât. B\n2e"], 2],
      [["next"], 5],
    ]);
  });

  it("treats a quote inside an unquoted field, or after a closing quote, as data", () => {
    expect(split(['O"Neil;x"\r\n"ab"c;"d" ;e\r\n'])).toEqual([
      [['O"Neil', 'x"'], 1],
      [['"ab"c', '"d" ', "e"], 2],
    ]);
  });

  it("takes the first line break outside quotes as the record delimiter of the whole text", () => {
    // CRLF first: a lone LF is data, and still a line.
    expect(split(["a\r\nb\nc;d\r\ne\r\n"])).toEqual([
      [["a"], 1],
      [["b\nc", "d"], 2],
      [["e"], 4],
    ]);
    // LF first: a CR before an LF stays at the end of the field.
    expect(split(["a\nb\r\nc\n"])).toEqual([
      [["a"], 1],
      [["b\r"], 2],
      [["c"], 4],
    ]);
  });

  it("gives the same records whatever the chunks", () => {
    const text = '\ufeffh;i\r\n"1\r\n2";"x""y"\r\n\r\n3;4\r\n"5";6';
    const whole = split([text]);
    for (let cut = 0; cut <= text.length; cut++) expect(split([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
    expect(split(Array.from(text))).toEqual(whole);
  });

  it("reads a 10 MB field that arrives in 64 KB chunks", () => {
    const text = `h\r\n"${"x".repeat(10 * 1024 * 1024)}";z\r\nnext`;
    const chunks: string[] = [];
    for (let pos = 0; pos < text.length; pos += 65536) chunks.push(text.slice(pos, pos + 65536));
    const records = split(chunks);
    expect(records.map(([fields, line]) => [fields.map((field) => field.length), line])).toEqual([
      [[1], 1],
      [[10 * 1024 * 1024, 1], 2],
      [[4], 3],
    ]);
  });

  it("hands over every record before a quote that never closes, then fails", () => {
    const splitter = new CsvRecordSplitter(",");
    const records: CsvRecord[] = [];
    splitter.push('a,b\r\n\r\nc,"d\r\ne,f\r\n', records);
    let failure: unknown;
    try {
      splitter.end(records);
    } catch (error) {
      failure = error;
    }
    expect(records).toEqual([{ fields: ["a", "b"], line: 1 }]);
    expect(failure).toBeInstanceOf(CsvQuoteNotClosedError);
    expect(failure).toMatchObject({ line: 2, quoteLine: 3 });
  });
});
