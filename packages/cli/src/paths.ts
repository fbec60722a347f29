import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (for the bundled `config/`), whatever the working directory. */
export const repositoryRoot = resolve(fileURLToPath(import.meta.url), "../../../..");

export function defaultConfigDir(): string {
  return process.env.CRM_RECO_CONFIG_DIR ?? resolve(repositoryRoot, "config");
}

/** The local stack's home: `.crm-reco/` in the working directory unless CRM_RECO_HOME says otherwise. */
export function defaultHome(): string {
  return resolve(process.env.CRM_RECO_HOME ?? ".crm-reco");
}
