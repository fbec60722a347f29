import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { BENCHMARKS, type BenchFigure } from "../bench";
import { type CliCommand, UsageError } from "../command";

function formatFigure(figure: BenchFigure): string {
  const value = Number.isInteger(figure.value) ? String(figure.value) : figure.value.toFixed(2);
  return `  ${figure.name.padEnd(56)} ${value.padStart(12)} ${figure.unit}${figure.target ? `   (target ${figure.target})` : ""}`;
}

export const benchCommand: CliCommand = {
  name: "bench",
  usage: "bench [--only NAME] [--quick]",
  description: "run the performance benchmarks and print their figures (PostgreSQL: BENCH_DATABASE_URL or DATABASE_URL)",
  options: { only: { type: "string" }, quick: { type: "boolean" } },
  async run({ values, home }) {
    const selected = values.only ? BENCHMARKS.filter((benchmark) => benchmark.name === values.only) : BENCHMARKS;
    if (selected.length === 0)
      throw new UsageError(`no benchmark named "${values.only}" (known: ${BENCHMARKS.map((b) => b.name).join(", ")})`);
    const workDir = join(home, "bench");
    mkdirSync(workDir, { recursive: true });
    const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
    for (const benchmark of selected) {
      console.log(`\n${benchmark.name} — ${benchmark.description}`);
      await benchmark.run({ postgresUrl, workDir, quick: values.quick === true, print: (figure) => console.log(formatFigure(figure)) });
    }
    return 0;
  },
};
