/** One figure a benchmark prints: `name  value unit` (and an optional target it is compared with). */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

export interface BenchContext {
  /** PostgreSQL server for the PostgreSQL figures (`BENCH_DATABASE_URL`, else `DATABASE_URL`, else 127.0.0.1:5432/test). */
  postgresUrl: string;
  /** Scratch folder for generated files (under `.crm-reco/bench`). */
  workDir: string;
  /** `--quick`: a smaller scale, to check the benchmark itself runs. */
  quick: boolean;
  print(figure: BenchFigure): void;
}

/** A benchmark of `npm run bench`: register it in `bench/index.ts`. Figures are printed, never asserted. */
export interface Benchmark {
  name: string;
  description: string;
  run(context: BenchContext): Promise<void>;
}
