import type { CanonicalTables } from "./canonical";
import type { RunTables } from "./runs";

export interface Database extends RunTables, CanonicalTables {}

export type * from "./canonical";
export type * from "./runs";
