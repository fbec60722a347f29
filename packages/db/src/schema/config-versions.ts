import type { ColumnType } from "kysely";
import type { Timestamp } from "./runs";

export interface ConfigVersionsTable {
  version: number;
  /** configHash() of `texts`: the value runs.config_hash holds for runs started with this version. */
  config_hash: string;
  /** The file the edit changed. */
  file_name: string;
  /** Every YAML text of the config directory after the edit, keyed by file name. */
  texts: ColumnType<Record<string, string>, string, string>;
  author: string;
  saved_at: Timestamp;
  /** false in AWS, where the Lambda's config directory is read-only. */
  written_to_disk: boolean;
}

export interface ConfigVersionTables {
  config_versions: ConfigVersionsTable;
}
