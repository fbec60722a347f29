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

/**
 * Maximum-likelihood fit by Nelder–Mead on the log-parameters. The log-gamma terms depend only on x, so
 * they are evaluated once per distinct x; per customer only two logarithms remain.
 */
export function fitBgNbd(customers: readonly BgNbdCustomer[]): BgNbdFit {
  const xs = [...new Set(customers.map((customer) => customer.x))].sort((p, q) => p - q);
  const xIndex = new Map(xs.map((x, i) => [x, i]));
  const n = customers.length;
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const group = new Int32Array(n);
  customers.forEach((customer, i) => {
    x[i] = customer.x;
    tx[i] = customer.tx;
    T[i] = customer.T;
    group[i] = xIndex.get(customer.x)!;
  });
  const perX = new Float64Array(xs.length);
  const negativeLogLikelihood = (logParameters: number[]) => {
    const [r, alpha, a, b] = logParameters.map(Math.exp) as [number, number, number, number];
    const constant = -logGamma(r) + r * Math.log(alpha) + logGamma(a + b) - logGamma(b);
    xs.forEach((value, i) => {
      perX[i] = constant + logGamma(r + value) + logGamma(b + value) - logGamma(a + b + value);
    });
    const logA = Math.log(a);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const a3 = -(r + xi) * Math.log(alpha + T[i]!);
      let term = a3;
      if (xi > 0) {
        const a4 = logA - Math.log(b + xi - 1) - (r + xi) * Math.log(alpha + tx[i]!);
        const high = Math.max(a3, a4);
        term = high + Math.log(Math.exp(a3 - high) + Math.exp(a4 - high));
      }
      total += perX[group[i]!]! + term;
    }
    return -total;
  };
  // Two passes: the restart from the first optimum avoids Nelder–Mead's premature collapse.
  let result = nelderMead(negativeLogLikelihood, [0, 0, 0, 0], { step: 1, maxIterations: 10_000, tolerance: 1e-9 });
  result = nelderMead(negativeLogLikelihood, result.point, { step: 0.1, maxIterations: 10_000, tolerance: 1e-9 });
  const [r, alpha, a, b] = result.point.map(Math.exp) as [number, number, number, number];
  return { parameters: { r, alpha, a, b }, logLikelihood: -result.value, iterations: result.iterations };
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
