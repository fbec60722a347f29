import { hypergeometric2F1 } from "./hypergeometric";
import { logGamma } from "./log-gamma";
import { nelderMead } from "./nelder-mead";

/**
 * BG/NBD (Fader, Hardie & Lee 2005) per-customer summary, time in weeks (days / 7):
 * x = repeat orders (orders − 1), tx = first to last order, T = first order to the as-of date.
 */
export interface BgNbdCustomer {
  x: number;
  tx: number;
  T: number;
}

export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit {
  parameters: BgNbdParameters;
  logLikelihood: number;
  iterations: number;
}

/** Log-likelihood of one customer (equation 6 of the paper, in its numerically stable form). */
export function bgNbdLogLikelihood({ r, alpha, a, b }: BgNbdParameters, { x, tx, T }: BgNbdCustomer): number {
  const a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const a2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return a1 + a2 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  const high = Math.max(a3, a4);
  return a1 + a2 + high + Math.log(Math.exp(a3 - high) + Math.exp(a4 - high));
}

/** Distinct customers above which the first (coarse) Nelder–Mead pass runs on an evenly spaced sample. */
const COARSE_PASS_SAMPLE = 8_000;

/** Distinct (x, tx, T) triples with their multiplicity, in typed arrays. */
interface WeightedCustomers {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
}

function weightedCustomers(entries: ReadonlyArray<{ customer: BgNbdCustomer; weight: number }>): WeightedCustomers {
  const n = entries.length;
  const data = { x: new Float64Array(n), tx: new Float64Array(n), T: new Float64Array(n), weight: new Float64Array(n) };
  entries.forEach(({ customer, weight }, i) => {
    data.x[i] = customer.x;
    data.tx[i] = customer.tx;
    data.T[i] = customer.T;
    data.weight[i] = weight;
  });
  return data;
}

/** Each value's index into the sorted distinct values (a base has about a thousand distinct T and t_x, in weeks). */
function distinctIndex(values: Float64Array): { distinct: Float64Array; index: Int32Array } {
  const distinct = Float64Array.from(new Set(values)).sort();
  const position = new Map<number, number>(Array.from(distinct, (value, i) => [value, i]));
  return { distinct, index: Int32Array.from(values, (value) => position.get(value)!) };
}

/**
 * −log-likelihood of the log-parameters. Everything that does not depend on the customer is evaluated once per call:
 * the log-gamma terms and log(b + x − 1) per distinct x, log(α + T) and log(α + t_x) per distinct T and t_x; the
 * per-customer loop is then one exp and one log (the same floating-point operations as `bgNbdLogLikelihood`, so
 * the same value).
 */
function negativeLogLikelihoodOf({ x, tx, T, weight }: WeightedCustomers): (logParameters: number[]) => number {
  const { distinct: xs, index: group } = distinctIndex(x);
  const { distinct: ts, index: tIndex } = distinctIndex(T);
  const { distinct: txs, index: txIndex } = distinctIndex(tx);
  const perX = new Float64Array(xs.length);
  const rPlusX = new Float64Array(xs.length);
  const logBx = new Float64Array(xs.length);
  const logAlphaT = new Float64Array(ts.length);
  const logAlphaTx = new Float64Array(txs.length);
  const n = x.length;
  return (logParameters) => {
    const [r, alpha, a, b] = logParameters.map(Math.exp) as [number, number, number, number];
    const constant = -logGamma(r) + r * Math.log(alpha) + logGamma(a + b) - logGamma(b);
    xs.forEach((value, i) => {
      perX[i] = constant + logGamma(r + value) + logGamma(b + value) - logGamma(a + b + value);
      rPlusX[i] = r + value;
      logBx[i] = Math.log(b + value - 1);
    });
    ts.forEach((value, i) => {
      logAlphaT[i] = Math.log(alpha + value);
    });
    txs.forEach((value, i) => {
      logAlphaTx[i] = Math.log(alpha + value);
    });
    const logA = Math.log(a);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const g = group[i]!;
      const a3 = -rPlusX[g]! * logAlphaT[tIndex[i]!]!;
      let term = a3;
      if (x[i]! > 0) {
        const a4 = logA - logBx[g]! - rPlusX[g]! * logAlphaTx[txIndex[i]!]!;
        // log(e^a3 + e^a4) around the larger one, whose own exponential is exactly 1.
        term = a3 >= a4 ? a3 + Math.log(1 + Math.exp(a4 - a3)) : a4 + Math.log(Math.exp(a3 - a4) + 1);
      }
      total += weight[i]! * (perX[g]! + term);
    }
    return -total;
  };
}

/**
 * Maximum-likelihood fit by Nelder–Mead on the log-parameters. Customers with the same (x, tx, T) — all
 * one-order customers of one day, for instance — share one weighted term. Two passes: a coarse one from
 * (1, 1, 1, 1) — on an evenly spaced sample of the distinct customers when there are more than 8,000, which only
 * moves the starting point — then a fine restart on every customer, which also avoids Nelder–Mead's premature
 * collapse. Deterministic: the same customers in the same order give the same fit.
 */
export function fitBgNbd(customers: readonly BgNbdCustomer[]): BgNbdFit {
  const distinct = new Map<string, { customer: BgNbdCustomer; weight: number }>();
  for (const customer of customers) {
    const key = `${customer.x}|${customer.tx}|${customer.T}`;
    const entry = distinct.get(key);
    if (entry) entry.weight++;
    else distinct.set(key, { customer, weight: 1 });
  }
  const entries = [...distinct.values()];
  const stride = Math.max(1, Math.ceil(entries.length / COARSE_PASS_SAMPLE));
  const full = negativeLogLikelihoodOf(weightedCustomers(entries));
  const coarse = stride === 1 ? full : negativeLogLikelihoodOf(weightedCustomers(entries.filter((_, i) => i % stride === 0)));
  const start = nelderMead(coarse, [0, 0, 0, 0], { step: 1, maxIterations: 10_000, tolerance: stride === 1 ? 1e-9 : 1e-6 });
  const result = nelderMead(full, start.point, { step: 0.1, maxIterations: 10_000, tolerance: 1e-9 });
  const [r, alpha, a, b] = result.point.map(Math.exp) as [number, number, number, number];
  return { parameters: { r, alpha, a, b }, logLikelihood: -result.value, iterations: start.iterations + result.iterations };
}

/** P(alive | x, tx, T) (equation 11). */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParameters, { x, tx, T }: BgNbdCustomer): number {
  if (x === 0) return 1;
  return 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
}

/** E[orders in the next t weeks | x, tx, T] (equation 10, with the Gauss hypergeometric function). */
export function expectedOrders({ r, alpha, a, b }: BgNbdParameters, { x, tx, T }: BgNbdCustomer, t: number): number {
  const z = t / (alpha + T + t);
  const hypergeometric = hypergeometric2F1(r + x, b + x, a + b + x - 1, z);
  const numerator = ((a + b + x - 1) / (a - 1)) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hypergeometric);
  const denominator = x > 0 ? 1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 1;
  return numerator / denominator;
}
