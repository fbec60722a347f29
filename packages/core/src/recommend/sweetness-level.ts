import type { ScoringConfig } from "../config/scoring";
import { tasteKey } from "./taste-key";

/** The level of a sweetness on `terms.sweetness_levels` (compared in `tasteKey` form); null when unknown. */
export function sweetnessLevel(sweetness: string | null, config: ScoringConfig): number | null {
  if (sweetness === null) return null;
  const key = tasteKey(sweetness);
  for (const [name, level] of Object.entries(config.terms.sweetness_levels)) if (tasteKey(name) === key) return level;
  return null;
}
