import type { CanonicalTables } from "./canonical";
import type { ResultTables } from "./results";
import type { RunTables } from "./runs";

export interface Database extends RunTables, CanonicalTables, ResultTables {}

export type * from "./canonical";
export type * from "./results";
export type * from "./runs";
