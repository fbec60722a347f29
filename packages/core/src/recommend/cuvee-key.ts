import { tasteKey } from "./taste-key";

/**
 * DOMAIN §2: the `cuvee` column when present, else the product label without any 4-digit year; two articles
 * of one cuvée are vintages of the same wine. Compared in `tasteKey` form; the article code when both are blank.
 */
export function cuveeKey(cuvee: string | null, produit: string | null, article: string): string {
  const explicit = cuvee ? tasteKey(cuvee) : "";
  if (explicit !== "") return explicit;
  const fromLabel = produit ? tasteKey(produit.replace(/(?<!\d)\d{4}(?!\d)/g, " ").replace(/[^\p{L}\p{N}]+/gu, " ")) : "";
  return fromLabel !== "" ? fromLabel : `article ${tasteKey(article)}`;
}
