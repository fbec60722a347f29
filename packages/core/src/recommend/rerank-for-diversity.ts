export interface DiversityLimits {
  /** How many to pick. */
  count: number;
  maxPerCuvee: number;
  /** Wines without a known family are not capped. */
  maxPerFamily: number;
}

export interface Diversifiable {
  item: { cuvee: string; familyKey: string | null };
}

/** Counts picked wines per cuvée and family; `fits` tells whether one more keeps within the caps. */
export class DiversityTracker {
  private readonly perCuvee = new Map<string, number>();
  private readonly perFamily = new Map<string, number>();

  constructor(
    private readonly limits: Omit<DiversityLimits, "count">,
    alreadySelected: readonly Diversifiable[] = [],
  ) {
    for (const candidate of alreadySelected) this.take(candidate);
  }

  fits(candidate: Diversifiable): boolean {
    const { cuvee, familyKey } = candidate.item;
    return (
      (this.perCuvee.get(cuvee) ?? 0) < this.limits.maxPerCuvee &&
      (familyKey === null || (this.perFamily.get(familyKey) ?? 0) < this.limits.maxPerFamily)
    );
  }

  take(candidate: Diversifiable): void {
    const { cuvee, familyKey } = candidate.item;
    this.perCuvee.set(cuvee, (this.perCuvee.get(cuvee) ?? 0) + 1);
    if (familyKey !== null) this.perFamily.set(familyKey, (this.perFamily.get(familyKey) ?? 0) + 1);
  }
}

/**
 * Greedy re-ranking (DOMAIN §4): walks `ranked` in order and keeps a candidate unless it would exceed the
 * per-cuvée or per-family cap, counting `alreadySelected` too. Returns the picked ones and the others, both in order.
 */
export function rerankForDiversity<T extends Diversifiable>(
  ranked: readonly T[],
  limits: DiversityLimits,
  alreadySelected: readonly Diversifiable[] = [],
): { selected: T[]; rest: T[] } {
  const tracker = new DiversityTracker(limits, alreadySelected);
  const selected: T[] = [];
  const rest: T[] = [];
  for (const candidate of ranked) {
    if (selected.length < limits.count && tracker.fits(candidate)) {
      selected.push(candidate);
      tracker.take(candidate);
    } else rest.push(candidate);
  }
  return { selected, rest };
}
