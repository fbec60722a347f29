import type { MappingsConfig } from "../config/mappings";
import {
  buildCellVocabulary,
  CellFailure,
  type CellOutcome,
  type CellValue,
  type CellVocabulary,
  type ConsentValue,
  cellConverterFor,
} from "./convert-cell";
import type { ColumnIndex } from "./detect-kind";
import { type CellType, cellTypeOf, type FieldOf, fieldsOf, type IngestKind } from "./ingest-kinds";
import { normaliseHeader } from "./normalise-header";
import { normaliseClientCode, normaliseEmail } from "./normalise-identity";
import { articleCoefficient, deriveCuvee } from "./product-labels";
import type { RowRejectReason } from "./reject-reasons";
import { isRowRejectReason } from "./reject-reasons";
import { isValidSalesLineRow, SOURCE_FIELD, type StagedRow, stagedRowSchemas } from "./staged-rows";

export interface CellReject {
  /** Index of the offending column in the file (null when no single column is to blame). */
  columnIndex: number | null;
  reason: RowRejectReason;
  message: string;
}

export type MappedRecord<K extends IngestKind> = { ok: true; row: StagedRow<K> } | { ok: false; rejects: CellReject[] };

/** A record's converted cells by slot (see `createRecordMapper`). */
type Values = (CellValue | null)[];

/** No field of a winery export needs more: a longer cell is a broken export (or an attack), not data. */
export const MAX_CELL_CHARS = 10_000;

/**
 * Builds the function that turns one parsed record (an array of raw cells) of a file of `kind` into a validated
 * staged row, or into the list of its bad cells (one reject per bad cell, in column order).
 */
export function createRecordMapper<K extends IngestKind>(
  kind: K,
  columns: ColumnIndex,
  config: MappingsConfig,
): (record: readonly string[]) => MappedRecord<K> {
  const vocabulary = buildCellVocabulary(config);
  const mapping = config.kinds[kind];
  const mapped = [...columns.entries()]
    .map(([field, index]) => ({ field, index, convert: cellConverter(cellTypeOf(kind, field), vocabulary) }))
    .sort((a, b) => a.index - b.index);
  // Each cell value goes to a slot of an array (the mapped fields in file order, then one slot that stays null
  // for the kind's fields the file lacks): a million rows read by position, not by a changing property name.
  const absent = mapped.length;
  const slots = new Map<string, number>(fieldsOf(kind).map((field) => [field, absent]));
  for (const [slot, { field }] of mapped.entries()) slots.set(field, slot);
  const at = Object.fromEntries(slots) as FieldSlots;
  const required = mapping.required.filter((field) => columns.has(field)).map((field) => slots.get(field) as number);
  const oneOfGroups = mapping.required_one_of
    .map((group) => group.filter((field) => columns.has(field)))
    .filter((group) => group.length > 0);
  const creditTypes = new Set(config.credit_note_types.map(normaliseHeader));
  const derive = deriveRow(kind, config, creditTypes, at);
  const schema = stagedRowSchemas[kind];
  // Sales lines are the bulk of a drop: a hand-written check skips zod for rows it accepts (zod still names the rejects).
  const isValidFast = kind === "sales_lines" ? isValidSalesLineRow : null;

  // One values array for every record: `derive` copies what it keeps into the row it returns.
  const values: Values = Array.from({ length: absent + 1 }, () => null);

  return (record) => {
    let rejects: CellReject[] | null = null;
    for (let slot = 0; slot < absent; slot++) {
      const { field, index, convert } = mapped[slot] as MappedColumn;
      const raw = record[index] ?? "";
      if (raw.length > MAX_CELL_CHARS) {
        values[slot] = null;
        rejects ??= [];
        rejects.push({ columnIndex: index, reason: "OUT_OF_RANGE", message: `${field}: longer than ${MAX_CELL_CHARS} characters` });
        continue;
      }
      const value = convert(raw);
      if (value instanceof CellFailure) {
        values[slot] = null;
        rejects ??= [];
        rejects.push({ columnIndex: index, reason: value.reason, message: `${field}: ${value.message}` });
      } else values[slot] = value;
    }
    for (const slot of required) {
      if (values[slot] !== null) continue;
      const { field, index } = mapped[slot] as MappedColumn;
      if (rejects?.some((reject) => reject.columnIndex === index)) continue;
      rejects ??= [];
      rejects.push({ columnIndex: index, reason: "MISSING_VALUE", message: `${field}: required value is blank` });
    }
    for (const group of oneOfGroups) {
      if (group.every((field) => values[at[field]] === null)) {
        rejects ??= [];
        rejects.push({
          columnIndex: columns.get(group[0] as string) as number,
          reason: "MISSING_VALUE",
          message: `one of ${group.join(" or ")} is required`,
        });
      }
    }
    if (rejects !== null) return { ok: false, rejects: rejects.sort((a, b) => (a.columnIndex ?? -1) - (b.columnIndex ?? -1)) };

    const derived = derive(values);
    if (isValidFast?.(derived)) return { ok: true, row: derived as StagedRow<K> };
    const parsed = schema.safeParse(derived);
    if (parsed.success) return { ok: true, row: parsed.data as StagedRow<K> };
    return {
      ok: false,
      rejects: parsed.error.issues.map((issue) => {
        const staged = String(issue.path[0] ?? "");
        const field = SOURCE_FIELD[staged] ?? staged;
        return {
          columnIndex: columns.get(field) ?? null,
          reason: isRowRejectReason(issue.message) ? issue.message : "OUT_OF_RANGE",
          message: `${field}: ${isRowRejectReason(issue.message) ? describe(issue.message) : issue.message}`,
        };
      }),
    };
  };
}

interface MappedColumn {
  field: string;
  /** The column's position in the file. */
  index: number;
  convert: (raw: string) => CellOutcome;
}

/**
 * Where each field of the kind sits in a record's values (the always-null slot when the file lacks it). Typed
 * with every kind's fields; a mapper's holds its own kind's, the only ones its `deriveRow` branch reads.
 */
type FieldSlots = Record<{ [K in IngestKind]: FieldOf<K> }[IngestKind], number>;

/**
 * Dates, articles and document types repeat across a million lines (a few thousand distinct values): their
 * conversions are remembered, which spares the parsing and the allocations. Results are immutable; the memory is
 * bounded by starting afresh past a few thousand entries.
 */
const REPEATED_VALUE_TYPES: ReadonlySet<CellType> = new Set(["date", "article", "token"]);
const MAX_REMEMBERED = 8_192;

function cellConverter(type: CellType, vocabulary: CellVocabulary): (raw: string) => CellOutcome {
  const convert = cellConverterFor(type, vocabulary);
  if (!REPEATED_VALUE_TYPES.has(type)) return convert;
  let remembered = new Map<string, CellOutcome>();
  return (raw) => {
    let outcome = remembered.get(raw);
    if (outcome === undefined) {
      outcome = convert(raw);
      if (remembered.size >= MAX_REMEMBERED) remembered = new Map();
      remembered.set(raw, outcome);
    }
    return outcome;
  };
}

function describe(reason: RowRejectReason): string {
  switch (reason) {
    case "NEGATIVE_PRICE":
      return "a price cannot be negative";
    case "OUT_OF_RANGE":
      return "value out of the allowed range";
    case "INVALID_TIER":
      return "expected 0–3 or a premium tier label";
    case "MISSING_VALUE":
      return "required value is blank";
    default:
      return reason.toLowerCase().replace(/_/g, " ");
  }
}

/** Adds what each kind derives from its cells (normalised email, consent, cuvée, bottle factor, credit flag…). */
function deriveRow(
  kind: IngestKind,
  config: MappingsConfig,
  creditTypes: ReadonlySet<string>,
  at: FieldSlots,
): (values: Values) => Record<string, unknown> {
  const coefficients = config.bottles.article_coefficients;
  const accountPrefix = config.ledger.customer_account_prefix;
  const str = (value: CellValue | null | undefined) => (value === null || value === undefined ? null : (value as string));
  switch (kind) {
    case "sales_lines": {
      // A million lines name a few thousand labels, articles and document types: derive each once.
      const cuveeOf = memoise(deriveCuvee);
      const isCreditType = memoise((type: string) => creditTypes.has(normaliseHeader(type)));
      const factorOf = memoise((article: string) => articleCoefficient(article, coefficients));
      return (v) => ({
        client_code: v[at.client_code],
        date_livraison: v[at.date_livraison],
        document_type: str(v[at.document_type]),
        document_no: v[at.document_no],
        order_detail_no: str(v[at.order_detail_no]),
        article: v[at.article],
        produit_label: str(v[at.produit_label]),
        cuvee: v[at.produit_label] ? cuveeOf(v[at.produit_label] as string) : null,
        qty_line: v[at.qty_line],
        pu_ht: str(v[at.pu_ht]),
        mt_ht: v[at.mt_ht],
        mt_ttc: str(v[at.mt_ttc]),
        marge: str(v[at.marge]),
        is_credit:
          (v[at.document_type] !== null && v[at.document_type] !== undefined && isCreditType(v[at.document_type] as string)) ||
          String(v[at.qty_line]).startsWith("-"),
        article_factor: factorOf(String(v[at.article])),
      });
    }
    case "customers":
      return (v) => {
        const consent = (v[at.optin_email] ?? null) as ConsentValue | null;
        return {
          client_code: v[at.client_code],
          nom: str(v[at.nom]),
          prenom: str(v[at.prenom]),
          email: str(v[at.email]),
          email_norm: v[at.email] ? normaliseEmail(v[at.email] as string) : null,
          telephone: str(v[at.telephone]),
          adresse: str(v[at.adresse]),
          code_postal: str(v[at.code_postal]),
          ville: str(v[at.ville]),
          pays: str(v[at.pays]),
          date_naissance: str(v[at.date_naissance]),
          consent: consent?.consent ?? null,
          optin_date: consent?.optinDate ?? null,
          date_creation: str(v[at.date_creation]),
        };
      };
    case "products":
      return (v) => ({
        article: v[at.article],
        produit: str(v[at.produit]),
        cuvee: str(v[at.cuvee]) ?? (v[at.produit] ? deriveCuvee(v[at.produit] as string) : null),
        millesime: v[at.millesime] ?? null,
        famille: str(v[at.famille_crm]),
        couleur: str(v[at.couleur]),
        sucrosite: str(v[at.sucrosite]),
        cepages: str(v[at.cepages]),
        appellation: str(v[at.appellation]),
        contenance_cl: str(v[at.contenance_cl]),
        prix_ttc: str(v[at.prix_ttc]),
        prix_ht: str(v[at.prix_ht]),
        premium_tier: v[at.premium_tier] ?? null,
        actif: v[at.actif] ?? null,
        arome_fruit: v[at.arome_fruit] ?? null,
        arome_floral: v[at.arome_floral] ?? null,
        arome_epice: v[at.arome_epice] ?? null,
        arome_mineral: v[at.arome_mineral] ?? null,
        arome_acidite: v[at.arome_acidite] ?? null,
        arome_corps: v[at.arome_corps] ?? null,
        arome_tanin: v[at.arome_tanin] ?? null,
        article_factor: articleCoefficient(String(v[at.article]), coefficients),
      });
    case "stock":
      return (v) => ({ article: v[at.article], entrepot: str(v[at.entrepot]) ?? "", quantite: v[at.quantite] });
    case "contacts":
      return (v) => ({
        client_code: str(v[at.client_code]),
        email_norm: v[at.email] ? normaliseEmail(v[at.email] as string) : null,
        date_contact: v[at.date_contact],
        canal: str(v[at.canal]),
        statut: v[at.statut],
        campagne: str(v[at.campagne]),
      });
    case "ledger":
      return (v) => ({
        compte: str(v[at.compte]),
        client_code: str(v[at.client_code]) ?? clientCodeFromAccount(str(v[at.compte]), accountPrefix),
        date_ecriture: v[at.date_ecriture],
        piece: str(v[at.piece]),
        libelle: str(v[at.libelle]),
        debit: str(v[at.debit]) ?? "0",
        credit: str(v[at.credit]) ?? "0",
        lettrage: str(v[at.lettrage]),
        date_echeance: str(v[at.date_echeance]),
      });
  }
}

/** Distinct inputs kept per memo: far above a winery's labels or articles, and a bound on memory for odd files. */
const MEMO_LIMIT = 50_000;

/** Caches a pure string function (restarting when the cache is full). */
function memoise<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    const known = cache.get(key);
    if (known !== undefined || cache.has(key)) return known as T;
    if (cache.size >= MEMO_LIMIT) cache.clear();
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}

/** `411DUPONT` → `DUPONT` when the account is a customer account; otherwise no client code. */
export function clientCodeFromAccount(account: string | null, prefix: string): string | null {
  if (account === null) return null;
  const compact = account.replace(/\s+/g, "");
  if (!compact.toUpperCase().startsWith(prefix.toUpperCase()) || compact.length === prefix.length) return null;
  return normaliseClientCode(compact.slice(prefix.length));
}
