import { join } from "node:path";
import type { AppConfig } from "@crm-reco/core";
import { loadConfigDir } from "@crm-reco/pipeline";

type DeployConfig = AppConfig["deploy"];
export type DeploySettings = DeployConfig["defaults"];

/** What the stacks read at synth time: the same config/ directory the functions bundle and the local stack use. */
export interface AppSettings {
  config: AppConfig;
  deploy: DeploySettings;
}

export function loadAppSettings(root: string, stage: string | undefined): AppSettings {
  const { config } = loadConfigDir(join(root, "config"));
  return { config, deploy: deploySettingsFor(config.deploy, stage) };
}

/** `defaults` with the stage's overrides applied, one level deep (functions: per function and field). */
export function deploySettingsFor(deploy: DeployConfig, stage: string | undefined): DeploySettings {
  const { defaults } = deploy;
  const override = stage === undefined ? undefined : deploy.stages[stage];
  if (!override) return structuredClone(defaults);
  const functions = structuredClone(defaults.functions);
  for (const [name, settings] of Object.entries(override.functions ?? {}) as [keyof typeof functions, object | undefined][])
    functions[name] = { ...functions[name], ...settings };
  return {
    region: override.region ?? defaults.region,
    removal: override.removal ?? defaults.removal,
    database: {
      mode: override.database?.mode ?? defaults.database.mode,
      rds: { ...defaults.database.rds, ...override.database?.rds },
    },
    functions,
    alarms: { ...defaults.alarms, ...override.alarms },
  };
}
