import type { Benchmark } from "./benchmark";

export type { BenchContext, BenchFigure, Benchmark } from "./benchmark";

/** Every benchmark `crm-reco bench` runs, in order (`--only NAME` picks one). */
export const BENCHMARKS: Benchmark[] = [];
