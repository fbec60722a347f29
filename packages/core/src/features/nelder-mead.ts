export interface NelderMeadOptions {
  /** Initial simplex edge length per coordinate. */
  step?: number;
  maxIterations?: number;
  /** Stops when the simplex's coordinates and (relative) function values are within this spread. */
  tolerance?: number;
}

export interface NelderMeadResult {
  point: number[];
  value: number;
  iterations: number;
}

/** Deterministic Nelder–Mead minimisation (standard coefficients 1, 2, ½, ½). */
export function nelderMead(f: (point: number[]) => number, start: readonly number[], options: NelderMeadOptions = {}): NelderMeadResult {
  const dimension = start.length;
  const step = options.step ?? 0.5;
  const maxIterations = options.maxIterations ?? 5_000;
  const tolerance = options.tolerance ?? 1e-10;
  const evaluate = (point: number[]) => {
    const value = f(point);
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  };
  let simplex = [start.slice(), ...start.map((_, i) => start.map((value, j) => (i === j ? value + step : value)))].map((point) => ({
    point,
    value: evaluate(point),
  }));
  let iterations = 0;
  const blend = (a: number[], b: number[], weight: number) => a.map((value, i) => value + weight * (b[i]! - value));
  for (; iterations < maxIterations; iterations++) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0]!;
    const worst = simplex[dimension]!;
    const valueSpread = Math.abs(worst.value - best.value) / (1 + Math.abs(best.value));
    const pointSpread = Math.max(...simplex.slice(1).flatMap((vertex) => vertex.point.map((value, i) => Math.abs(value - best.point[i]!))));
    if (valueSpread <= tolerance && pointSpread <= tolerance) break;
    const centroid = Array.from(
      { length: dimension },
      (_, i) => simplex.slice(0, dimension).reduce((sum, v) => sum + v.point[i]!, 0) / dimension,
    );
    const reflected = blend(centroid, worst.point, -1);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < best.value) {
      const expanded = blend(centroid, worst.point, -2);
      const expandedValue = evaluate(expanded);
      simplex[dimension] =
        expandedValue < reflectedValue ? { point: expanded, value: expandedValue } : { point: reflected, value: reflectedValue };
      continue;
    }
    if (reflectedValue < simplex[dimension - 1]!.value) {
      simplex[dimension] = { point: reflected, value: reflectedValue };
      continue;
    }
    const outside = reflectedValue < worst.value;
    const contracted = outside ? blend(centroid, reflected, 0.5) : blend(centroid, worst.point, 0.5);
    const contractedValue = evaluate(contracted);
    if (contractedValue < (outside ? reflectedValue : worst.value)) {
      simplex[dimension] = { point: contracted, value: contractedValue };
      continue;
    }
    simplex = simplex.map((vertex, i) => {
      if (i === 0) return vertex;
      const point = blend(best.point, vertex.point, 0.5);
      return { point, value: evaluate(point) };
    });
  }
  simplex.sort((a, b) => a.value - b.value);
  return { point: simplex[0]!.point, value: simplex[0]!.value, iterations };
}
