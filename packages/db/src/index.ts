export { type BulkRows, type BulkValue, bulkInsert } from "./bulk-insert";
export { type DatabaseHandle, type DialectName, type OpenDatabaseOptions, openDatabase } from "./connect";
export { migrateToLatest } from "./migrate";
export type * from "./schema";
