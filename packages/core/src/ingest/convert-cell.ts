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

/** A cell that cannot be read as its field's type. */
export class CellFailure {
  constructor(
    readonly reason: RowRejectReason,
    readonly message: string,
  ) {}
}

/** A converted cell: its value (`null` for a blank cell) or why it cannot be read. */
export type CellOutcome = CellValue | null | CellFailure;

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

const INVALID_DATE = new CellFailure("INVALID_DATE", "not a valid date (DD/MM/YYYY, DD/MM/YY or YYYY-MM-DD)");
const NOT_A_NUMBER = new CellFailure("INVALID_NUMBER", "not a number");
const NOT_A_WHOLE_NUMBER = new CellFailure("INVALID_NUMBER", "not a whole number");
const INVALID_BOOLEAN = new CellFailure("INVALID_BOOLEAN", "expected a yes/no value (oui/non, 1/0)");
const INVALID_TIER = new CellFailure("INVALID_TIER", "expected 0–3 or a premium tier label");
const INVALID_CONSENT = new CellFailure("INVALID_CONSENT", "expected oui/non, 1/0 or a date");

/** Reads one raw cell as its field's type; a blank cell is `null` (never an error here: required-ness is checked by the mapper). */
export function convertCell(type: CellType, raw: string, vocabulary: CellVocabulary): CellOutcome {
  return cellConverterFor(type, vocabulary)(raw);
}

/** The conversion of one cell type, chosen once per column rather than once per cell. */
export function cellConverterFor(type: CellType, vocabulary: CellVocabulary): (raw: string) => CellOutcome {
  switch (type) {
    case "client_code":
      return (raw) => (raw.length > 0 && isPrintableAscii(raw) ? raw.toUpperCase() : isBlank(raw) ? null : normaliseClientCode(raw));
    case "article":
      return (raw) => normaliseArticle(raw);
    case "text":
    case "email":
      return (raw) => cleanText(raw);
    case "token":
      return (raw) => (isBlank(raw) ? null : normaliseHeader(raw) || null);
    case "date":
      return (raw) => (isBlank(raw) ? null : (parseDate(raw) ?? INVALID_DATE));
    case "decimal":
      return (raw) => (isBlank(raw) ? null : (parseDecimal(raw) ?? NOT_A_NUMBER));
    case "integer":
      return (raw) => (isBlank(raw) ? null : (parseInteger(raw) ?? NOT_A_WHOLE_NUMBER));
    case "yes_no":
      return (raw) => {
        if (isBlank(raw)) return null;
        const key = normaliseHeader(raw);
        return vocabulary.yes.has(key) ? true : vocabulary.no.has(key) ? false : INVALID_BOOLEAN;
      };
    case "premium_tier":
      return (raw) => {
        if (isBlank(raw)) return null;
        const key = normaliseHeader(raw);
        return (/^[0-3]$/.test(key) ? Number(key) : vocabulary.tiers.get(key)) ?? INVALID_TIER;
      };
    case "consent":
      return (raw) => (isBlank(raw) ? null : convertConsent(raw, vocabulary));
  }
}

/** Empty or only white space (what `trim` removes). */
function isBlank(raw: string): boolean {
  return raw.length === 0 || raw.trim().length === 0;
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

function convertConsent(raw: string, vocabulary: CellVocabulary): CellOutcome {
  const key = normaliseHeader(raw);
  if (vocabulary.optIn.has(key)) return { consent: "OPT_IN", optinDate: null };
  if (vocabulary.refused.has(key)) return { consent: "REFUSED", optinDate: null };
  const date = parseDate(raw);
  if (date !== null) return { consent: "OPT_IN", optinDate: date };
  return INVALID_CONSENT;
}
