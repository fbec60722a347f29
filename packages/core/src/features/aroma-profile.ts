import { AROMA_AXES, type AromaAxis } from "../config/aromas";
import type { FeaturesConfig } from "../config/features";
import { roundTo } from "./rounding";

/**
 * Spend-weighted sums over a customer's purchases of products with all seven axes known:
 * weight = Σ w, sums = Σ w·v, squares = Σ w·v² per axis (w in any unit, only ratios are used: the features stage
 * weighs by cents, which keeps the sums exact); `orders` = orders containing such a product.
 */
export interface AromaSums {
  weight: number;
  sums: Record<AromaAxis, number>;
  squares: Record<AromaAxis, number>;
  orders: number;
}

export type AromaLevel = "LOW" | "MEDIUM" | "HIGH";

export interface AromaProfile {
  /** Spend-weighted mean per axis (1–5), rounded to 6 decimals, axes in config order. */
  vector: Record<AromaAxis, number>;
  /** The three highest axes, ties in axis order. */
  top3: AromaAxis[];
  confidence: number;
  level: AromaLevel;
}

/**
 * DOMAIN §2: confidence = (1 − 1/n) × consistency (0 when n < 2), consistency = 1 − mean over axes of the
 * spend-weighted standard deviation / 2, clipped to [0, 1]. Null without aroma data.
 */
export function aromaProfile(input: AromaSums | null, levels: FeaturesConfig["aroma_confidence"]): AromaProfile | null {
  if (!input || !(input.weight > 0)) return null;
  const vector = {} as Record<AromaAxis, number>;
  let stdSum = 0;
  // The three highest axes, ties in axis order: a stable insertion into a list of at most three.
  const top: AromaAxis[] = [];
  for (const axis of AROMA_AXES) {
    const mean = input.sums[axis] / input.weight;
    const variance = input.squares[axis] / input.weight - mean * mean;
    stdSum += Math.sqrt(Math.max(0, variance));
    const rounded = roundTo(mean, 6);
    vector[axis] = rounded;
    let at = top.length;
    while (at > 0 && vector[top[at - 1]!] < rounded) at--;
    if (at < 3) top.splice(at, 0, axis);
    if (top.length > 3) top.length = 3;
  }
  const consistency = Math.min(1, Math.max(0, 1 - stdSum / AROMA_AXES.length / 2));
  const n = input.orders;
  const confidence = roundTo(n < 2 ? 0 : (1 - 1 / n) * consistency, 6);
  return { vector, top3: top, confidence, level: confidence >= levels.high ? "HIGH" : confidence >= levels.medium ? "MEDIUM" : "LOW" };
}
