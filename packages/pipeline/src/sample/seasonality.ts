/** Cellar-door activity by month (index 0 = January): Christmas and the summer tourist season dominate. */
import type { Family } from "./catalog";

export const CELLAR_DOOR_SEASON = [0.55, 0.6, 0.7, 0.9, 1.0, 1.05, 1.5, 1.6, 1.05, 0.9, 1.25, 2.3] as const;

/** Customers who only come for the holidays or their summer trip. */
export const SEASONAL_BUYER_SEASON = [0.15, 0.15, 0.2, 0.3, 0.4, 0.6, 2.2, 2.4, 0.5, 0.3, 1.2, 4.0] as const;

/** Tourists discover the winery in summer; a gift bought in December also brings new one-time buyers. */
export const TOURIST_SEASON = [0.3, 0.3, 0.45, 0.8, 1.0, 1.2, 2.6, 2.9, 1.1, 0.7, 0.9, 1.8] as const;

/** How much more (or less) a family sells in a month than on average, for purchases outside one's favourite family. */
export const FAMILY_SEASON: Record<Family, readonly number[]> = {
  Rouge: [1.3, 1.3, 1.15, 1, 0.85, 0.7, 0.6, 0.6, 0.9, 1.15, 1.3, 1.3],
  Blanc: [0.9, 0.9, 1, 1.1, 1.2, 1.2, 1.2, 1.2, 1, 0.9, 0.9, 1.1],
  Rosé: [0.3, 0.3, 0.6, 1.1, 1.8, 2.4, 2.8, 2.8, 1.3, 0.5, 0.3, 0.3],
  Effervescent: [0.8, 0.6, 0.6, 0.7, 0.9, 1, 1, 0.9, 0.8, 0.9, 1.6, 3.2],
  Liquoreux: [0.9, 0.6, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.6, 0.9, 1.6, 2.8],
};

export function peakOf(season: readonly number[]): number {
  return Math.max(...season);
}
