/** An exact decimal as an integer number of units of 10^-scale (`-1.25` → -125n at scale 2). */
interface ScaledDecimal {
  units: bigint;
  scale: number;
}

const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

function scaled(decimal: string): ScaledDecimal {
  const match = PLAIN_DECIMAL.exec(decimal);
  if (!match) throw new RangeError(`not a plain decimal: ${decimal}`);
  const [, sign, integer, fraction = ""] = match;
  const units = BigInt(`${integer}${fraction}`);
  return { units: sign === "-" ? -units : units, scale: fraction.length };
}

/** Rounds to `scale` digits, half away from zero, as PostgreSQL's numeric `round` and typmod coercion do. */
function roundTo({ units, scale }: ScaledDecimal, target: number): bigint {
  if (scale <= target) return units * 10n ** BigInt(target - scale);
  const divisor = 10n ** BigInt(scale - target);
  const magnitude = units < 0n ? -units : units;
  const rounded = (magnitude + divisor / 2n) / divisor;
  return units < 0n ? -rounded : rounded;
}

function formatUnits(units: bigint, scale: number): string {
  const magnitude = (units < 0n ? -units : units).toString().padStart(scale + 1, "0");
  const text = `${magnitude.slice(0, -scale)}.${magnitude.slice(-scale)}`;
  return units < 0n ? `-${text}` : text;
}

/** Quantities and bottles are numeric(12,3). */
const QUANTITY_SCALE = 3;

/**
 * A sales line's bottle-equivalents exactly as PostgreSQL computes them from its staged values:
 * `round(quantity::numeric(12,3) * factor, 3)` — the quantity rounded to its column's precision first, then
 * multiplied by the article's bottle factor, then rounded, each time half away from zero. Decimal strings in and
 * out (`bottleEquivalents("6", "0.5")` → `"3.000"`), never floats.
 */
export function bottleEquivalents(quantity: string, factor: string): string {
  const roundedQuantity = roundTo(scaled(quantity), QUANTITY_SCALE);
  const exactFactor = scaled(factor);
  const product = { units: roundedQuantity * exactFactor.units, scale: QUANTITY_SCALE + exactFactor.scale };
  return formatUnits(roundTo(product, QUANTITY_SCALE), QUANTITY_SCALE);
}
