import type { Benchmark } from "./benchmark";
import { featuresBenchmark } from "./features";
import { ingestBenchmark } from "./ingest";
import { recommendBenchmark } from "./recommend";

export type { BenchContext, BenchFigure, Benchmark } from "./benchmark";

/** Every benchmark `crm-reco bench` runs, in order (`--only NAME` picks one). */
export const BENCHMARKS: Benchmark[] = [ingestBenchmark, featuresBenchmark, recommendBenchmark];
