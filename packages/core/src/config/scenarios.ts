import { z } from "zod";

/** Why a customer is not contactable; the order of `hold.checks` is the order they are tried in. */
export const HOLD_REASONS = [
  "STUB",
  "NO_EMAIL",
  "INVALID_EMAIL",
  "OPTED_OUT",
  "COMPLAINED",
  "BOUNCED",
  "NO_CONSENT",
  "MINOR",
  "NEVER_BOUGHT",
  "LOST",
  "OVERDUE_BALANCE",
  "SILENCE_WINDOW",
] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

const statusList = z
  .array(
    z
      .string()
      .min(1)
      .transform((status) => status.trim().toLowerCase()),
  )
  .min(1);

const ruleSchema = z.discriminatedUnion("scenario", [
  z.strictObject({
    scenario: z.literal("WINBACK"),
    recency_above_days: z.number().int().min(0),
    min_revenue_ht: z.number().min(0),
  }),
  z.strictObject({
    scenario: z.literal("REBUY"),
    recency_above_days: z.number().int().min(0),
    recency_up_to_days: z.number().int().min(0),
  }),
  z.strictObject({
    scenario: z.literal("UPSELL"),
    min_stability: z.number().min(0).max(1),
    min_tier_step: z.number().int().min(1),
  }),
  z.strictObject({
    scenario: z.literal("CROSS_SELL"),
    min_dominant_share: z.number().min(0).max(1),
    max_diversity: z.number().min(0).max(1),
  }),
]);

export const scenariosConfigSchema = z.strictObject({
  hold: z.strictObject({
    checks: z
      .array(z.enum(HOLD_REASONS))
      .refine((checks) => new Set(checks).size === checks.length, { message: "a check is listed twice" }),
    soft_opt_in: z.strictObject({ enabled: z.boolean(), months: z.number().int().min(1) }),
    silence_window_days: z.number().int().min(0),
    max_overdue_ht: z.number().min(0),
    minimum_age_years: z.number().int().min(0),
    lost_after_days: z.number().int().min(1),
    contact_statuses: z.strictObject({
      contacted: statusList,
      opted_out: statusList,
      bounced: statusList,
      complained: statusList,
    }),
  }),
  rules: z
    .array(ruleSchema)
    .refine((rules) => new Set(rules.map((rule) => rule.scenario)).size === rules.length, { message: "a scenario is listed twice" }),
});

export type ScenariosConfig = z.infer<typeof scenariosConfigSchema>;
export type ScenarioRule = z.infer<typeof ruleSchema>;
