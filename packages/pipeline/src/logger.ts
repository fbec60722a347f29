import { appendFileSync } from "node:fs";

/**
 * One structured logger for the whole platform. Fields are counts, ids, durations and codes:
 * never names, emails, phones or addresses (DOMAIN §9) — pass customer identifiers only as counts.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined | Record<string, number>>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

type Sink = (line: string) => void;

let sink: Sink = (line) => process.stdout.write(`${line}\n`);

/** Locally the CLI sends log lines to a file so the terminal shows progress; Lambda keeps stdout. */
export function setLogSink(next: Sink | "silent" | { file: string }): void {
  if (next === "silent") sink = () => {};
  else if (typeof next === "function") sink = next;
  else sink = (line) => appendFileSync(next.file, `${line}\n`);
}

export function createLogger(base: LogFields = {}): Logger {
  const write = (level: string, event: string, fields?: LogFields) =>
    sink(JSON.stringify({ level, event, ...base, ...fields, time: new Date().toISOString() }));
  return {
    info: (event, fields) => write("info", event, fields),
    warn: (event, fields) => write("warn", event, fields),
    error: (event, fields) => write("error", event, fields),
  };
}
