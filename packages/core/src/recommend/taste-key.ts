/**
 * The comparable form of a taste key (family, colour, sweetness, grape, cuvée): lower case, no accents,
 * single spaces. Profiles, products and config maps may spell `Rosé` / `rose` / ` ROSÉ ` differently.
 */
export function tasteKey(text: string): string {
  let key = memo.get(text);
  if (key === undefined) {
    key = text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
    if (memo.size >= MAX_MEMOISED_KEYS) memo.clear();
    memo.set(text, key);
  }
  return key;
}

/** The same few family, sweetness and grape names come back for every customer: normalised once (a pure function). */
const memo = new Map<string, string>();
const MAX_MEMOISED_KEYS = 20_000;

/** A share map re-keyed by `tasteKey` (shares of keys that collapse together are added). */
export function tasteShares(shares: Readonly<Record<string, number>> | null | undefined): Map<string, number> {
  const result = new Map<string, number>();
  for (const [key, share] of Object.entries(shares ?? {})) {
    if (!(share > 0)) continue;
    const normalised = tasteKey(key);
    result.set(normalised, (result.get(normalised) ?? 0) + share);
  }
  return result;
}
