import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type AppConfig, type ConfigTexts, configHash, parseConfig } from "@crm-reco/core";

export interface LoadedConfig {
  config: AppConfig;
  /** Recorded on each run so two runs can be compared. */
  hash: string;
  texts: ConfigTexts;
}

/** Reads and validates every `*.yaml` of a config directory (the error names file, key and problem). */
export function loadConfigDir(dir: string): LoadedConfig {
  const texts: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith(".yaml")) texts[name] = readFileSync(join(dir, name), "utf8");
  }
  return { config: parseConfig(texts as ConfigTexts), hash: configHash(texts as ConfigTexts), texts: texts as ConfigTexts };
}
