export type CsvDelimiter = ";" | "," | "\t";

/** In order of preference when counts tie (French exports use `;`). */
const CANDIDATES: readonly CsvDelimiter[] = [";", ",", "\t"];

/** The first logical line of a text (quoted line breaks stay inside it), without its line break. */
export function firstLogicalLine(text: string): string {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) return text.slice(start, i);
  }
  return text.slice(start);
}

/** The delimiter that occurs most often in the header line outside quotes (`;` when none does). */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  const counts = new Map<string, number>(CANDIDATES.map((candidate) => [candidate, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) as number) + 1);
  }
  let best: CsvDelimiter = ";";
  for (const candidate of CANDIDATES) if ((counts.get(candidate) as number) > (counts.get(best) as number)) best = candidate;
  return best;
}
