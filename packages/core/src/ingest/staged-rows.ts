import { z } from "zod";
import type { IngestKind } from "./ingest-kinds";

/**
 * The validated rows ingest stages, one schema per kind; the merge turns them into canonical rows.
 * Numbers are exact decimal strings; each issue message is a reject reason code (reject-reasons.ts).
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "INVALID_DATE");
const text = z.string().min(1).nullable();
const identity = z.string().min(1, "MISSING_VALUE");

const integerDigits = (decimal: string) => decimal.replace(/^-/, "").split(".")[0]?.length ?? 0;
/** Amounts fit numeric(12,2): below a billion. */
const amount = z.string().refine((value) => integerDigits(value) <= 9, "OUT_OF_RANGE");
/** Quantities stay below a million so that quantity × bottle factor fits numeric(12,3). */
const quantity = z.string().refine((value) => integerDigits(value) <= 6, "OUT_OF_RANGE");
const price = amount.refine((value) => !value.startsWith("-"), "NEGATIVE_PRICE");
/** A unit price fits numeric(12,4): below a hundred million. */
const unitPrice = z
  .string()
  .refine((value) => integerDigits(value) <= 8, "OUT_OF_RANGE")
  .refine((value) => !value.startsWith("-"), "NEGATIVE_PRICE");
const aroma = z.number().int().min(1, "OUT_OF_RANGE").max(5, "OUT_OF_RANGE").nullable();
const factor = z.string().regex(/^\d+(\.\d+)?$/);

export const salesLineRowSchema = z.object({
  client_code: identity,
  date_livraison: isoDate,
  document_type: text,
  document_no: identity,
  order_detail_no: text,
  article: identity,
  produit_label: text,
  /** The label without its vintage, for a stub product. */
  cuvee: text,
  qty_line: quantity,
  pu_ht: unitPrice.nullable(),
  mt_ht: amount,
  mt_ttc: amount.nullable(),
  marge: amount.nullable(),
  is_credit: z.boolean(),
  article_factor: factor,
});

/** Integer digits of an exact decimal string (`-123.45` → 3), as `integerDigits` counts them, without allocating. */
function integerDigitCount(value: string): number {
  const dot = value.indexOf(".");
  return (dot < 0 ? value.length : dot) - (value.charCodeAt(0) === 45 ? 1 : 0);
}

const ISO_DATE_LENGTH = 10;
const FACTOR = /^\d+(\.\d+)?$/;

function isText(value: unknown): boolean {
  return value === null || (typeof value === "string" && value.length > 0);
}
function isAmount(value: unknown): value is string {
  return typeof value === "string" && integerDigitCount(value) <= 9;
}
function isIsoDate(value: unknown): boolean {
  if (typeof value !== "string" || value.length !== ISO_DATE_LENGTH) return false;
  for (let index = 0; index < ISO_DATE_LENGTH; index++) {
    const code = value.charCodeAt(index);
    if (index === 4 || index === 7 ? code !== 45 : code < 48 || code > 57) return false;
  }
  return true;
}

/**
 * Hot-path check for sales lines (a million per drop): true only when `salesLineRowSchema` accepts the row
 * unchanged, so a row that passes needs no zod parse; a row that fails is parsed by zod for its exact rejects.
 */
export function isValidSalesLineRow(row: Record<string, unknown>): boolean {
  const { client_code, document_no, article, qty_line, pu_ht, mt_ttc, marge, article_factor } = row;
  return (
    typeof client_code === "string" &&
    client_code.length > 0 &&
    typeof document_no === "string" &&
    document_no.length > 0 &&
    typeof article === "string" &&
    article.length > 0 &&
    isIsoDate(row.date_livraison) &&
    isText(row.document_type) &&
    isText(row.order_detail_no) &&
    isText(row.produit_label) &&
    isText(row.cuvee) &&
    typeof qty_line === "string" &&
    integerDigitCount(qty_line) <= 6 &&
    (pu_ht === null || (typeof pu_ht === "string" && integerDigitCount(pu_ht) <= 8 && pu_ht.charCodeAt(0) !== 45)) &&
    isAmount(row.mt_ht) &&
    (mt_ttc === null || isAmount(mt_ttc)) &&
    (marge === null || isAmount(marge)) &&
    typeof row.is_credit === "boolean" &&
    typeof article_factor === "string" &&
    FACTOR.test(article_factor)
  );
}

export const customerRowSchema = z.object({
  client_code: identity,
  nom: text,
  prenom: text,
  email: text,
  email_norm: text,
  telephone: text,
  adresse: text,
  code_postal: text,
  ville: text,
  pays: text,
  date_naissance: isoDate.nullable(),
  /** null = blank cell: the known consent is kept. */
  consent: z.enum(["OPT_IN", "REFUSED"]).nullable(),
  optin_date: isoDate.nullable(),
  date_creation: isoDate.nullable(),
});

export const productRowSchema = z.object({
  article: identity,
  produit: text,
  cuvee: text,
  millesime: z.number().int().min(1000, "OUT_OF_RANGE").max(2999, "OUT_OF_RANGE").nullable(),
  famille: text,
  couleur: text,
  sucrosite: text,
  cepages: text,
  appellation: text,
  contenance_cl: z
    .string()
    .refine((value) => !value.startsWith("-") && /[1-9]/.test(value) && Number(value) <= 10_000, "OUT_OF_RANGE")
    .nullable(),
  prix_ttc: price.nullable(),
  prix_ht: price.nullable(),
  premium_tier: z.number().int().min(0, "INVALID_TIER").max(3, "INVALID_TIER").nullable(),
  actif: z.boolean().nullable(),
  arome_fruit: aroma,
  arome_floral: aroma,
  arome_epice: aroma,
  arome_mineral: aroma,
  arome_acidite: aroma,
  arome_corps: aroma,
  arome_tanin: aroma,
  article_factor: factor,
});

export const stockRowSchema = z.object({
  article: identity,
  /** '' when the export has no warehouse column or cell. */
  entrepot: z.string(),
  quantite: amount,
});

export const contactRowSchema = z.object({
  client_code: text,
  email_norm: text,
  date_contact: isoDate,
  canal: text,
  statut: identity,
  campagne: text,
});

export const ledgerRowSchema = z.object({
  compte: text,
  client_code: text,
  date_ecriture: isoDate,
  piece: text,
  libelle: text,
  debit: amount,
  credit: amount,
  lettrage: text,
  date_echeance: isoDate.nullable(),
});

export const stagedRowSchemas = {
  sales_lines: salesLineRowSchema,
  customers: customerRowSchema,
  products: productRowSchema,
  stock: stockRowSchema,
  contacts: contactRowSchema,
  ledger: ledgerRowSchema,
} as const satisfies Record<IngestKind, z.ZodObject>;

export type SalesLineRow = z.infer<typeof salesLineRowSchema>;
export type CustomerRow = z.infer<typeof customerRowSchema>;
export type ProductRow = z.infer<typeof productRowSchema>;
export type StockRow = z.infer<typeof stockRowSchema>;
export type ContactRow = z.infer<typeof contactRowSchema>;
export type LedgerRow = z.infer<typeof ledgerRowSchema>;
export type StagedRow<K extends IngestKind> = z.infer<(typeof stagedRowSchemas)[K]>;

/** Staged fields that come from a differently named canonical field (for naming the column of a reject). */
export const SOURCE_FIELD: Readonly<Record<string, string>> = {
  famille: "famille_crm",
  email_norm: "email",
  consent: "optin_email",
  optin_date: "optin_email",
};
