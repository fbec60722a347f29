import { roundTo } from "./rounding";

export const SHARE_DECIMALS = 6;

/** Spend shares of one dimension (family, sweetness, grape, appellation) for one customer. */
export interface ShareSummary {
  /** Keys sorted by code point, shares rounded to 6 decimals. */
  shares: Record<string, number>;
  /** Key with the largest share; ties go to the first key in code-point order. Null without spend. */
  dominant: string | null;
  dominantShare: number | null;
  /** 1 − Σ share², null without spend. */
  diversity: number | null;
}

/** Code-point order, the order of `COLLATE "C"` (never locale-dependent). */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `summariseShares` with the shares as JSON object text (keys in code-point order) instead of a record. */
export interface ShareJson {
  json: string;
  dominant: string | null;
  dominantShare: number | null;
  diversity: number | null;
}

/**
 * Shares of net spend per key. Keys whose net spend is zero or negative (fully returned) are left out,
 * and shares are taken over the positive keys only, so they sum to 1.
 */
export function summariseShares(spendByKey: ReadonlyMap<string, number> | Record<string, number>): ShareSummary {
  const entries = spendByKey instanceof Map ? [...spendByKey.entries()] : Object.entries(spendByKey);
  const shares: Record<string, number> = {};
  const { dominant, dominantShare, diversity } = summarise(
    entries.map(([key]) => key),
    entries.map(([, spend]) => spend),
    entries.length,
    (key, share) => {
      shares[key] = share;
    },
  );
  return { shares, dominant, dominantShare, diversity };
}

/**
 * The same summary from parallel arrays of distinct keys and their spends, with the shares written straight to JSON
 * text (`{"Blanc":0.25,"Rouge":0.75}`): the profiles need the text, and a hundred thousand customers × four
 * dimensions of intermediate records and sorted copies cost more than the rest of the assembly.
 */
export function summariseSharesJson(keys: readonly string[], spends: readonly number[], count = keys.length): ShareJson {
  const parts: string[] = [];
  const summary = summarise(keys, spends, count, (key, share) => {
    parts.push(`${quoted(key)}:${share}`);
  });
  // join makes one flat string (appending would leave a rope for every later reader to flatten).
  return { json: `{${parts.join(",")}}`, dominant: summary.dominant, dominantShare: summary.dominantShare, diversity: summary.diversity };
}

/** JSON string literals of keys, memoised: a base has a few dozen distinct families, grapes, appellations. */
const quotedKeys = new Map<string, string>();
function quoted(key: string): string {
  let text = quotedKeys.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, text);
  }
  return text;
}

/** The summary of the first `count` keys; `onShare` gets each positive key's rounded share in code-point order. */
function summarise(
  keys: readonly string[],
  spends: readonly number[],
  count: number,
  onShare: (key: string, share: number) => void,
): Omit<ShareSummary, "shares"> {
  // Positive keys in code-point order (few per customer: an insertion sort of their indexes).
  const order: number[] = [];
  for (let i = 0; i < count; i++) {
    if (!(spends[i]! > 0)) continue;
    let at = order.length;
    for (; at > 0 && compareCodePoints(keys[order[at - 1]!]!, keys[i]!) > 0; at--) order[at] = order[at - 1]!;
    order[at] = i;
  }
  let total = 0;
  for (const i of order) total += spends[i]!;
  if (order.length === 0 || total <= 0) return { dominant: null, dominantShare: null, diversity: null };
  let dominant = order[0]!;
  let sumOfSquares = 0;
  for (const i of order) {
    const share = spends[i]! / total;
    onShare(keys[i]!, roundTo(share, SHARE_DECIMALS));
    sumOfSquares += share * share;
    if (spends[i]! > spends[dominant]!) dominant = i;
  }
  return {
    dominant: keys[dominant]!,
    dominantShare: roundTo(spends[dominant]! / total, SHARE_DECIMALS),
    diversity: roundTo(Math.max(0, 1 - sumOfSquares), SHARE_DECIMALS),
  };
}

/** Splits a multi-grape `cepages` cell (`Syrah, Grenache`) into its grapes; spend is then shared equally. */
export function splitGrapes(cepages: string | null): string[] {
  if (!cepages) return [];
  return cepages
    .split(/[,;/+]/)
    .map((grape) => grape.trim())
    .filter((grape) => grape !== "");
}
