import type { Timestamp } from "./runs";

export interface ErasureTombstonesTable {
  hash: string;
  kind: "CLIENT_CODE" | "EMAIL";
  erased_at: Timestamp;
}

export interface PrivacyTables {
  erasure_tombstones: ErasureTombstonesTable;
}
