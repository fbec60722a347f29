const YEAR = /\(?\b\d{4}\b\)?/g;
const EDGE_PUNCTUATION = /^[\s\-–—,;:/]+|[\s\-–—,;:/]+$/g;

/** A product label without any 4-digit year and with normalised spaces: `Clos des Lavières 2019` → `Clos des Lavières`. */
export function deriveCuvee(label: string): string | null {
  const cuvee = label.replace(YEAR, " ").replace(/\s+/g, " ").replace(EDGE_PUNCTUATION, "");
  return cuvee === "" ? null : cuvee;
}

/** Bottle-equivalents per unit from the article code, for products without a contenance (1 when no pattern matches). */
export function articleCoefficient(article: string, coefficients: readonly { pattern: string; factor: number }[]): string {
  const code = article.toUpperCase();
  const match = coefficients.find((coefficient) => code.includes(coefficient.pattern.toUpperCase()));
  return String(match?.factor ?? 1);
}
