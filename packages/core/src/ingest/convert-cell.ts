import type { MappingsConfig } from "../config/mappings";
import type { CellType } from "./ingest-kinds";
import { normaliseHeader } from "./normalise-header";
import { cleanText, normaliseArticle, normaliseClientCode } from "./normalise-identity";
import { parseDate } from "./parse-date";
import { parseDecimal, parseInteger } from "./parse-decimal";
import type { RowRejectReason } from "./reject-reasons";

export type Consent = "OPT_IN" | "REFUSED";
export interface ConsentValue {
  consent: Consent;
  /** The date written in the cell, when the opt-in is a date. */
  optinDate: string | null;
}

export type CellValue = string | number | boolean | ConsentValue;
export type CellResult = { ok: true; value: CellValue | null } | { ok: false; reason: RowRejectReason; message: string };

/** Lookup tables built once per run from `config/mappings.yaml`. */
export interface CellVocabulary {
  optIn: ReadonlySet<string>;
  refused: ReadonlySet<string>;
  yes: ReadonlySet<string>;
  no: ReadonlySet<string>;
  tiers: ReadonlyMap<string, number>;
}

export function buildCellVocabulary(config: MappingsConfig): CellVocabulary {
  const set = (values: readonly string[]) => new Set(values.map(normaliseHeader));
  return {
    optIn: set(config.consent.opt_in),
    refused: set(config.consent.refused),
    yes: set(config.yes_no.yes),
    no: set(config.yes_no.no),
    tiers: new Map(Object.entries(config.premium_tiers).map(([label, tier]) => [normaliseHeader(label), tier])),
  };
}

const OK_NULL: CellResult = { ok: true, value: null };

/** Reads one raw cell as its field's type; a blank cell is `null` (never an error here: required-ness is checked by the mapper). */
export function convertCell(type: CellType, raw: string, vocabulary: CellVocabulary): CellResult {
  if (raw.trim() === "") return OK_NULL;
  switch (type) {
    case "client_code":
      return { ok: true, value: isPrintableAscii(raw) ? raw.toUpperCase() : normaliseClientCode(raw) };
    case "article":
      return { ok: true, value: normaliseArticle(raw) };
    case "text":
      return { ok: true, value: cleanText(raw) };
    case "token":
      return { ok: true, value: normaliseHeader(raw) || null };
    case "email":
      return { ok: true, value: cleanText(raw) };
    case "date": {
      const date = parseDate(raw);
      return date === null
        ? { ok: false, reason: "INVALID_DATE", message: "not a valid date (DD/MM/YYYY, DD/MM/YY or YYYY-MM-DD)" }
        : ok(date);
    }
    case "decimal": {
      const decimal = parseDecimal(raw);
      return decimal === null ? { ok: false, reason: "INVALID_NUMBER", message: "not a number" } : ok(decimal);
    }
    case "integer": {
      const integer = parseInteger(raw);
      return integer === null ? { ok: false, reason: "INVALID_NUMBER", message: "not a whole number" } : ok(integer);
    }
    case "yes_no": {
      const key = normaliseHeader(raw);
      if (vocabulary.yes.has(key)) return ok(true);
      if (vocabulary.no.has(key)) return ok(false);
      return { ok: false, reason: "INVALID_BOOLEAN", message: "expected a yes/no value (oui/non, 1/0)" };
    }
    case "premium_tier": {
      const key = normaliseHeader(raw);
      const tier = /^[0-3]$/.test(key) ? Number(key) : vocabulary.tiers.get(key);
      return tier === undefined ? { ok: false, reason: "INVALID_TIER", message: "expected 0–3 or a premium tier label" } : ok(tier);
    }
    case "consent":
      return convertConsent(raw, vocabulary);
  }
}

/**
 * Printable ASCII without spaces (`DUP-0042`): accents and blanks cannot occur, so normalising a client code is
 * just upper-casing it — a shortcut for the million codes of a sales file.
 */
function isPrintableAscii(raw: string): boolean {
  for (let index = 0; index < raw.length; index++) {
    const code = raw.charCodeAt(index);
    if (code <= 32 || code > 126) return false;
  }
  return true;
}

function convertConsent(raw: string, vocabulary: CellVocabulary): CellResult {
  const key = normaliseHeader(raw);
  if (vocabulary.optIn.has(key)) return ok({ consent: "OPT_IN", optinDate: null });
  if (vocabulary.refused.has(key)) return ok({ consent: "REFUSED", optinDate: null });
  const date = parseDate(raw);
  if (date !== null) return ok({ consent: "OPT_IN", optinDate: date });
  return { ok: false, reason: "INVALID_CONSENT", message: "expected oui/non, 1/0 or a date" };
}

function ok(value: CellValue): CellResult {
  return { ok: true, value };
}
