import { Readable } from "node:stream";
import type { CsvDelimiter } from "@crm-reco/core";
import { parse } from "csv-parse";
import { describe, expect, it } from "vitest";
import { readCsvRecords } from "./csv-records";
import { createDecoder } from "./decode-text";
import { type FileRecord, UnreadableFileError } from "./file-records";

/**
 * A differential test: the hand-written reader against csv-parse, the reader it replaced, run with the options and
 * the line arithmetic `readCsvRecords` used before (kept below as `referenceRead`). Both must give the same records,
 * the same lines and fail at the same line, on a corpus of tricky texts cut at every position and on seeded random
 * texts. Where the old line arithmetic was off (see `correctedReference`), the expected figure is corrected.
 */

interface ReadResult {
  records: FileRecord[];
  error: { message: string; line: number | null } | null;
}

async function newRead(chunks: string[], delimiter: CsvDelimiter): Promise<ReadResult> {
  const records: FileRecord[] = [];
  try {
    for await (const batch of readCsvRecords(Readable.from(chunks, { objectMode: true }), delimiter)) records.push(...batch);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    return { records, error: { message: error.message, line: error.line } };
  }
  return { records, error: null };
}

/** The previous `readCsvRecords`: csv-parse, then its `info.lines` turned into physical lines. */
function referenceRead(text: string, delimiter: CsvDelimiter): Promise<ReadResult> {
  return new Promise((resolve) => {
    const records: FileRecord[] = [];
    let quotedCrlfSeen = 0;
    let lastRecordEnd = 0;
    const parser = parse({
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      on_record: (fields: string[], context: { lines: number }) => {
        lastRecordEnd = context.lines - quotedCrlfSeen;
        let breaks = 0;
        for (const field of fields) {
          for (const match of field.matchAll(/\r\n|\r|\n/g)) {
            breaks++;
            if (match[0] === "\r\n") quotedCrlfSeen++;
          }
        }
        records.push({ fields, line: context.lines - quotedCrlfSeen - breaks });
        return null;
      },
    });
    parser.on("error", (error: Error & { code?: string }) => {
      expect(error.code).toBe("CSV_QUOTE_NOT_CLOSED");
      resolve({ records, error: { message: error.message, line: lastRecordEnd + 1 } });
    });
    parser.on("end", () => resolve({ records, error: null }));
    parser.resume();
    parser.end(text);
  });
}

/**
 * Where the old figures were wrong, the new reader gives the physical line, and the expectation is corrected:
 * - csv-parse counts a line break only when it reads the next character, so a last record ending, at the very end
 *   of the text, in a line break that is data (a lone LF in a CRLF file, say) was placed one line too early. The
 *   same text followed by a delimiter ends that record in a delimiter instead, which csv-parse counts right;
 * - the line of an unreadable end was one too far per CRLF inside the quoted fields of the last record read
 *   (the quoted-CRLF correction was applied one record late);
 * - csv-parse's message gives the line where it stopped reading; the new one the line of the unclosed quote.
 */
async function correctedReference(text: string, delimiter: CsvDelimiter): Promise<ReadResult> {
  const reference = await referenceRead(text, delimiter);
  const last = reference.records.at(-1);
  if (!last) return reference;
  if (reference.error) {
    for (const field of last.fields) if (reference.error.line !== null) reference.error.line -= field.split("\r\n").length - 1;
    return reference;
  }
  const extended = await referenceRead(text + delimiter, delimiter);
  if (extended.records.length === reference.records.length) last.line = (extended.records.at(-1) as FileRecord).line;
  return reference;
}

const QUOTE_NOT_CLOSED = /^Quote Not Closed: the parsing is finished with an opening quote at line \d+$/;

async function expectSameAsReference(text: string, delimiter: CsvDelimiter, chunkings: string[][]): Promise<void> {
  const expected = await correctedReference(text, delimiter);
  for (const chunks of chunkings) {
    const actual = await newRead(chunks, delimiter);
    const context = `${JSON.stringify(text)} in chunks ${JSON.stringify(chunks.map((chunk) => chunk.length))}`;
    expect(actual.records, context).toEqual(expected.records);
    expect(actual.error?.line, context).toEqual(expected.error?.line);
    if (actual.error) expect(actual.error.message, context).toMatch(QUOTE_NOT_CLOSED);
  }
}

/** The text whole, and cut in two at every position. */
function everyCut(text: string): string[][] {
  const chunkings = [[text]];
  for (let cut = 1; cut < text.length; cut++) chunkings.push([text.slice(0, cut), text.slice(cut)]);
  return chunkings;
}

/** A seeded pseudo-random sequence (mulberry32): reproducible texts without Math.random. */
function prng(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % below;
  };
}

function pick<T>(random: (below: number) => number, items: readonly T[]): T {
  return items[random(items.length)] as T;
}

const BREAKS = ["\r\n", "\n", "\r"] as const;

/** A CSV-like text: records of plain and quoted fields, one line-break style mostly, with every oddity now and then. */
function randomCsv(random: (below: number) => number, delimiter: string): string {
  const lineBreak = pick(random, BREAKS);
  const plain = ["a", "bc", "é", " ", "12,5", "x y", '"', "\0", "€"];
  const quoted = ["a", "é", delimiter, '""', "\r\n", "\n", "\r", " ", "", "€"];
  let text = random(5) === 0 ? "\ufeff" : "";
  const records = 1 + random(6);
  for (let r = 0; r < records; r++) {
    const kind = random(12);
    if (kind === 0) text += "";
    else if (kind === 1) text += pick(random, ["   ", delimiter.repeat(1 + random(3)), '""']);
    else {
      const fields = 1 + random(4);
      for (let f = 0; f < fields; f++) {
        if (f > 0) text += delimiter;
        if (random(3) === 0) {
          text += '"';
          for (let i = random(4); i > 0; i--) text += pick(random, quoted);
          if (random(12) > 0) text += '"';
          if (random(8) === 0) text += pick(random, ["x", " ", '"', "\0", "\r", "\n"]);
        } else {
          for (let i = random(4); i > 0; i--) text += pick(random, plain);
        }
      }
    }
    if (r < records - 1 || random(2) === 0) text += random(10) === 0 ? pick(random, BREAKS) : lineBreak;
  }
  return text;
}

/** Any sequence of the characters that matter. */
function randomSoup(random: (below: number) => number, delimiter: string): string {
  const tokens = ["a", "é", delimiter, '"', '""', "\r", "\n", "\r\n", " ", "\0"];
  let text = random(6) === 0 ? "\ufeff" : "";
  for (let i = random(24); i > 0; i--) text += pick(random, tokens);
  return text;
}

/** The text in random chunks. */
function randomChunks(random: (below: number) => number, text: string): string[] {
  const chunks: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const size = 1 + random(Math.max(1, Math.min(text.length - pos, 8)));
    chunks.push(text.slice(pos, pos + size));
    pos += size;
  }
  return chunks;
}

const CORPUS: Array<[string, string, CsvDelimiter]> = [
  ["CRLF", "a;b\r\nc;d\r\n", ";"],
  ["LF without a last line break", "a;b\nc;d", ";"],
  ["lone CR", "a;b\rc;d\r", ";"],
  ["BOM", "\ufeffa;b\r\nc;d\r\n", ";"],
  ["BOM only", "\ufeff", ";"],
  ["empty", "", ";"],
  ["blank lines everywhere", "\r\n\r\na;b\r\n\r\n\r\nc;d\r\n\r\n", ";"],
  ["lines of spaces or delimiters are records", "a;b\r\n   \r\n;;\r\n;\r\n", ";"],
  ["an empty quoted field is a record", 'a\r\n""\r\nb', ";"],
  ["quoted delimiters and escaped quotes", 'a;"b;c";"d""e"\r\n"""";""\r\n', ";"],
  ["quoted CRLF, LF and CR", 'h\r\n"1\r\n2";"3\n4";"5\r6"\r\nnext\r\n', ";"],
  ["quoted CRLF before the delimiter is known", '"a\r\nb";c\nd;e\n', ";"],
  ["a stray quote inside an unquoted field", 'a;O"Neil;x"\r\nb;c\r\n', ";"],
  ["a closing quote followed by data", 'a;"ab"c;d\r\n"x"y"z";e\r\n', ";"],
  ["a closing quote followed by a space", '"ab" ;c\r\n', ";"],
  ["a closing quote followed by NUL", '"ab"\0c;d\r\n', ";"],
  ["a closing quote followed by a lone LF in a CRLF file", 'h\r\n"ab"\nc\r\nd\r\n', ";"],
  ["a lone LF inside a CRLF file is data", "a;b\r\nc\nd;e\r\nf\r\n", ";"],
  ["a CR inside an LF file is data", "a;b\nc\r\nd;e\nf\n", ";"],
  ["an LF inside a CR file starts the next record", "a;b\r\nc;d\re\r", ";"],
  ["a data line break at the very end", "a\r\nb\n", ";"],
  ["a quote never closed", 'a;b\r\nc;"d;e\r\nf;g\r\n', ";"],
  ["a quote never closed after blank lines", 'a;b\r\n\r\n\r\n"c\r\n', ";"],
  ["a quote never closed after a record with a quoted CRLF", 'h\r\n"a\r\nb";c\r\n"d', ";"],
  ["a quote never closed in the header", '"a;b\r\nc', ";"],
  ["an escaped quote at the very end", '"a""', ";"],
  ["comma", 'a,"b,c",d\r\n', ","],
  ["tab", 'a\t"b\tc"\td\r\n', "\t"],
  ["semicolons with a comma delimiter", "a;b,c\r\n", ","],
];

describe("readCsvRecords against csv-parse", () => {
  it.each(CORPUS)("%s, cut at every position", async (_name, text, delimiter) => {
    await expectSameAsReference(text, delimiter, everyCut(text));
  });

  it("gives the same records and lines on 3000 seeded random CSV texts", async () => {
    const random = prng(20240601);
    for (let n = 0; n < 3000; n++) {
      const delimiter = pick(random, [";", ",", "\t"] as const);
      const text = randomCsv(random, delimiter);
      await expectSameAsReference(text, delimiter, [[text], randomChunks(random, text), randomChunks(random, text)]);
    }
  });

  it("gives the same records and lines on 3000 seeded random character soups", async () => {
    const random = prng(7);
    for (let n = 0; n < 3000; n++) {
      const delimiter = pick(random, [";", ",", "\t"] as const);
      const text = randomSoup(random, delimiter);
      await expectSameAsReference(text, delimiter, [[text], randomChunks(random, text)]);
    }
  });

  it("cuts small random texts at every position", async () => {
    const random = prng(99);
    for (let n = 0; n < 150; n++) {
      const text = random(2) === 0 ? randomCsv(random, ";") : randomSoup(random, ";");
      await expectSameAsReference(text, ";", everyCut(text));
    }
  });
});

describe("readCsvRecords", () => {
  it("reads a 10 MB quoted field arriving in 64 KB pieces", async () => {
    const big = "x\r\n".repeat(5).concat("y".repeat(10 * 1024 * 1024));
    const text = `h\r\n"${big}";z\r\nnext\r\n`;
    const chunks: string[] = [];
    for (let pos = 0; pos < text.length; pos += 65536) chunks.push(text.slice(pos, pos + 65536));
    const { records, error } = await newRead(chunks, ";");
    expect(error).toBeNull();
    expect(records.map((record) => record.line)).toEqual([1, 2, 8]);
    expect(records[1]?.fields).toEqual([big, "z"]);
  });

  it("names the line after the last record when a quote never closes", async () => {
    const { records, error } = await newRead(['h;i\r\n1;2\r\n\r\n3;"4\r\n5;6\r\n'], ";");
    expect(records).toEqual([
      { fields: ["h", "i"], line: 1 },
      { fields: ["1", "2"], line: 2 },
    ]);
    expect(error).toEqual({ message: "Quote Not Closed: the parsing is finished with an opening quote at line 4", line: 3 });
  });

  it("reads text decoded from a byte stream cut inside characters", async () => {
    const bytes = Buffer.from('\ufeffCode;Nom\r\nC1;"Zoé\r\nLefèvre"\r\nC2;Œnothèque €\r\n', "utf8");
    const pieces = Array.from(bytes, (byte) => Buffer.from([byte]));
    const records: FileRecord[] = [];
    for await (const batch of readCsvRecords(Readable.from(pieces).pipe(createDecoder("utf-8-bom")), ";")) records.push(...batch);
    expect(records).toEqual([
      { fields: ["Code", "Nom"], line: 1 },
      { fields: ["C1", "Zoé\r\nLefèvre"], line: 2 },
      { fields: ["C2", "Œnothèque €"], line: 4 },
    ]);
  });

  it("stops reading its stream when the consumer stops early", async () => {
    const text = Readable.from(["a;b\r\n", "c;d\r\n", "e;f\r\n"], { objectMode: true });
    const records = readCsvRecords(text, ";");
    expect((await records.next()).value).toEqual([{ fields: ["a", "b"], line: 1 }]);
    await records.return(undefined);
    expect(text.destroyed).toBe(true);
  });
});
