import type { CanonicalTables } from "./canonical";
import type { ConfigVersionTables } from "./config-versions";
import type { ConsoleTables } from "./console";
import type { OutcomeTables } from "./outcomes";
import type { PrivacyTables } from "./privacy";
import type { RecommendTables } from "./recommend";
import type { ResultTables } from "./results";
import type { RunTables } from "./runs";
import type { StagingTables } from "./staging";

export interface Database
  extends RunTables,
    CanonicalTables,
    ResultTables,
    StagingTables,
    RecommendTables,
    ConsoleTables,
    PrivacyTables,
    OutcomeTables,
    ConfigVersionTables {}

export type * from "./canonical";
export type * from "./config-versions";
export type * from "./console";
export type * from "./outcomes";
export type * from "./privacy";
export type * from "./recommend";
export type * from "./results";
export type * from "./runs";
export type * from "./staging";
