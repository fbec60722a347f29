import type { KindMapping, MappingsConfig } from "../config/mappings";
import { fieldsOf, INGEST_KINDS, type IngestKind } from "./ingest-kinds";
import { normaliseHeader } from "./normalise-header";

/** Column index of each canonical field found in a header (first matching column wins). */
export type ColumnIndex = ReadonlyMap<string, number>;

export type KindDetection =
  | { status: "UNKNOWN_KIND" }
  | { status: "MISSING_COLUMN"; kind: IngestKind; columns: ColumnIndex; missing: string[] }
  | { status: "OK"; kind: IngestKind; columns: ColumnIndex };

/** Resolves which column holds which canonical field of a kind (spellings from config, compared normalised). */
export function resolveColumns(kind: IngestKind, mapping: KindMapping, header: readonly string[]): ColumnIndex {
  const fieldBySpelling = new Map<string, string>();
  const spellings = mapping.columns as Record<string, string[] | undefined>;
  for (const field of fieldsOf(kind)) {
    for (const spelling of [field, ...(spellings[field] ?? [])]) fieldBySpelling.set(normaliseHeader(spelling), field);
  }
  const columns = new Map<string, number>();
  header.forEach((cell, index) => {
    const field = fieldBySpelling.get(normaliseHeader(cell));
    if (field !== undefined && !columns.has(field)) columns.set(field, index);
  });
  return columns;
}

/**
 * Recognises a file's kind from its header: every kind whose signature fields are all present is a candidate;
 * the longest signature wins, then the most recognised columns, then the order of `INGEST_KINDS`.
 * Then checks the kind's required columns.
 */
export function detectKind(header: readonly string[], config: MappingsConfig): KindDetection {
  let best: { kind: IngestKind; columns: ColumnIndex; signature: number } | undefined;
  for (const kind of INGEST_KINDS) {
    const mapping = config.kinds[kind];
    const columns = resolveColumns(kind, mapping, header);
    if (!mapping.signature.every((field) => columns.has(field))) continue;
    const signature = mapping.signature.length;
    if (!best || signature > best.signature || (signature === best.signature && columns.size > best.columns.size)) {
      best = { kind, columns, signature };
    }
  }
  if (!best) return { status: "UNKNOWN_KIND" };
  const mapping = config.kinds[best.kind];
  const columns = best.columns;
  const missing: string[] = mapping.required.filter((field) => !columns.has(field));
  for (const group of mapping.required_one_of) {
    if (!group.some((field) => columns.has(field))) missing.push(group.join(" or "));
  }
  return missing.length > 0 ? { status: "MISSING_COLUMN", kind: best.kind, columns, missing } : { status: "OK", kind: best.kind, columns };
}
