import type { CanonicalTables } from "./canonical";
import type { RecommendTables } from "./recommend";
import type { ResultTables } from "./results";
import type { RunTables } from "./runs";
import type { StagingTables } from "./staging";

export interface Database extends RunTables, CanonicalTables, ResultTables, StagingTables, RecommendTables {}

export type * from "./canonical";
export type * from "./recommend";
export type * from "./results";
export type * from "./runs";
export type * from "./staging";
