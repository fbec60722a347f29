export { type LocalRunRequest, type LocalRunResult, migratedDatabase, runDropLocally } from "./local-run";
export { defaultConfigDir, repositoryRoot } from "./paths";
export { formatRunSummary } from "./summary";
