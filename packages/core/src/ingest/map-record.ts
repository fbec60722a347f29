import type { MappingsConfig } from "../config/mappings";
import { buildCellVocabulary, type CellResult, type CellValue, type CellVocabulary, type ConsentValue, convertCell } from "./convert-cell";
import type { ColumnIndex } from "./detect-kind";
import { type CellType, cellTypeOf, type IngestKind } from "./ingest-kinds";
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

type Values = Record<string, CellValue | null>;

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
  const required = mapping.required.filter((field) => columns.has(field));
  const oneOfGroups = mapping.required_one_of
    .map((group) => group.filter((field) => columns.has(field)))
    .filter((group) => group.length > 0);
  const creditTypes = new Set(config.credit_note_types.map(normaliseHeader));
  const derive = deriveRow(kind, config, creditTypes);
  const schema = stagedRowSchemas[kind];
  // Sales lines are the bulk of a drop: a hand-written check skips zod for rows it accepts (zod still names the rejects).
  const isValidFast = kind === "sales_lines" ? isValidSalesLineRow : null;

  return (record) => {
    const values: Values = {};
    const rejects: CellReject[] = [];
    for (const { field, index, convert } of mapped) {
      const raw = record[index] ?? "";
      if (raw.length > MAX_CELL_CHARS) {
        values[field] = null;
        rejects.push({ columnIndex: index, reason: "OUT_OF_RANGE", message: `${field}: longer than ${MAX_CELL_CHARS} characters` });
        continue;
      }
      const result = convert(raw);
      if (result.ok) values[field] = result.value;
      else {
        values[field] = null;
        rejects.push({ columnIndex: index, reason: result.reason, message: `${field}: ${result.message}` });
      }
    }
    for (const field of required) {
      if (values[field] === null && !rejects.some((reject) => reject.columnIndex === columns.get(field)))
        rejects.push({ columnIndex: columns.get(field) as number, reason: "MISSING_VALUE", message: `${field}: required value is blank` });
    }
    for (const group of oneOfGroups) {
      if (group.every((field) => values[field] === null))
        rejects.push({
          columnIndex: columns.get(group[0] as string) as number,
          reason: "MISSING_VALUE",
          message: `one of ${group.join(" or ")} is required`,
        });
    }
    if (rejects.length > 0) return { ok: false, rejects: rejects.sort((a, b) => (a.columnIndex ?? -1) - (b.columnIndex ?? -1)) };

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

/**
 * Dates, articles and document types repeat across a million lines (a few thousand distinct values): their
 * conversions are remembered, which spares the parsing and the allocations. Results are immutable; the memory is
 * bounded by starting afresh past a few thousand entries.
 */
const REPEATED_VALUE_TYPES: ReadonlySet<CellType> = new Set(["date", "article", "token"]);
const MAX_REMEMBERED = 8_192;

function cellConverter(type: CellType, vocabulary: CellVocabulary): (raw: string) => CellResult {
  if (!REPEATED_VALUE_TYPES.has(type)) return (raw) => convertCell(type, raw, vocabulary);
  let remembered = new Map<string, CellResult>();
  return (raw) => {
    let result = remembered.get(raw);
    if (result === undefined) {
      result = convertCell(type, raw, vocabulary);
      if (remembered.size >= MAX_REMEMBERED) remembered = new Map();
      remembered.set(raw, result);
    }
    return result;
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
        client_code: v.client_code,
        date_livraison: v.date_livraison,
        document_type: str(v.document_type),
        document_no: v.document_no,
        order_detail_no: str(v.order_detail_no),
        article: v.article,
        produit_label: str(v.produit_label),
        cuvee: v.produit_label ? cuveeOf(v.produit_label as string) : null,
        qty_line: v.qty_line,
        pu_ht: str(v.pu_ht),
        mt_ht: v.mt_ht,
        mt_ttc: str(v.mt_ttc),
        marge: str(v.marge),
        is_credit:
          (v.document_type !== null && v.document_type !== undefined && isCreditType(v.document_type as string)) ||
          String(v.qty_line).startsWith("-"),
        article_factor: factorOf(String(v.article)),
      });
    }
    case "customers":
      return (v) => {
        const consent = (v.optin_email ?? null) as ConsentValue | null;
        return {
          client_code: v.client_code,
          nom: str(v.nom),
          prenom: str(v.prenom),
          email: str(v.email),
          email_norm: v.email ? normaliseEmail(v.email as string) : null,
          telephone: str(v.telephone),
          adresse: str(v.adresse),
          code_postal: str(v.code_postal),
          ville: str(v.ville),
          pays: str(v.pays),
          date_naissance: str(v.date_naissance),
          consent: consent?.consent ?? null,
          optin_date: consent?.optinDate ?? null,
          date_creation: str(v.date_creation),
        };
      };
    case "products":
      return (v) => ({
        article: v.article,
        produit: str(v.produit),
        cuvee: str(v.cuvee) ?? (v.produit ? deriveCuvee(v.produit as string) : null),
        millesime: v.millesime ?? null,
        famille: str(v.famille_crm),
        couleur: str(v.couleur),
        sucrosite: str(v.sucrosite),
        cepages: str(v.cepages),
        appellation: str(v.appellation),
        contenance_cl: str(v.contenance_cl),
        prix_ttc: str(v.prix_ttc),
        prix_ht: str(v.prix_ht),
        premium_tier: v.premium_tier ?? null,
        actif: v.actif ?? null,
        arome_fruit: v.arome_fruit ?? null,
        arome_floral: v.arome_floral ?? null,
        arome_epice: v.arome_epice ?? null,
        arome_mineral: v.arome_mineral ?? null,
        arome_acidite: v.arome_acidite ?? null,
        arome_corps: v.arome_corps ?? null,
        arome_tanin: v.arome_tanin ?? null,
        article_factor: articleCoefficient(String(v.article), coefficients),
      });
    case "stock":
      return (v) => ({ article: v.article, entrepot: str(v.entrepot) ?? "", quantite: v.quantite });
    case "contacts":
      return (v) => ({
        client_code: str(v.client_code),
        email_norm: v.email ? normaliseEmail(v.email as string) : null,
        date_contact: v.date_contact,
        canal: str(v.canal),
        statut: v.statut,
        campagne: str(v.campagne),
      });
    case "ledger":
      return (v) => ({
        compte: str(v.compte),
        client_code: str(v.client_code) ?? clientCodeFromAccount(str(v.compte), accountPrefix),
        date_ecriture: v.date_ecriture,
        piece: str(v.piece),
        libelle: str(v.libelle),
        debit: str(v.debit) ?? "0",
        credit: str(v.credit) ?? "0",
        lettrage: str(v.lettrage),
        date_echeance: str(v.date_echeance),
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
