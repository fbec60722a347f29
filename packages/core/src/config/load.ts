import { createHash } from "node:crypto";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { type AppConfig, type ConfigFileName, configFileSchemas } from "./schema";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** YAML texts keyed by file name (`scoring.yaml` …). Pure: reading the files is the caller's job. */
export type ConfigTexts = Partial<Record<`${ConfigFileName}.yaml`, string>>;

/**
 * Parses and validates every config file; errors name the file, the key path and the problem,
 * e.g. `scoring.yaml: weights.family: expected number, received string`.
 */
export function parseConfig(texts: ConfigTexts): AppConfig {
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const name of Object.keys(configFileSchemas) as ConfigFileName[]) {
    const fileName = `${name}.yaml` as const;
    const text = texts[fileName];
    if (text === undefined) {
      problems.push(`${fileName}: file is missing`);
      continue;
    }
    let document: unknown;
    try {
      document = parseYaml(text) ?? {};
    } catch (error) {
      problems.push(`${fileName}: not valid YAML: ${(error as Error).message.split("\n")[0]}`);
      continue;
    }
    const result = (configFileSchemas[name] as z.ZodType).safeParse(document);
    if (result.success) parsed[name] = result.data;
    else for (const issue of result.error.issues) problems.push(`${fileName}: ${describeIssue(issue)}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed as AppConfig;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
  if (issue.code === "unrecognized_keys")
    return `${path}: unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  return `${path}: ${issue.message}`;
}

/** Hash of the config *texts*, recorded per run so two runs can be compared. */
export function configHash(texts: ConfigTexts): string {
  const hash = createHash("sha256");
  for (const name of Object.keys(texts).sort()) hash.update(`${name}\0${texts[name as keyof ConfigTexts]}\0`);
  return hash.digest("hex").slice(0, 16);
}
