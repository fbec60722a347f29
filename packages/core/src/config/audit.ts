import { z } from "zod";

export const auditSeveritySchema = z.enum(["ERROR", "WARN", "INFO"]);
export type AuditSeverity = z.infer<typeof auditSeveritySchema>;

/**
 * Every audit rule, in the fixed order used wherever codes are listed (the `flags` column,
 * the report, the run summary): errors first, then warnings, as DOMAIN §5 lists them.
 */
export const AUDIT_RULE_CODES = [
  "NO_CONSENT",
  "SUPPRESSED",
  "INVALID_EMAIL",
  "DUPLICATE_EMAIL",
  "SILENCE_WINDOW",
  "MINOR",
  "OVERDUE_BALANCE",
  "PRODUCT_INACTIVE",
  "OUT_OF_STOCK",
  "PRICE_MISSING",
  "RECENTLY_PURCHASED",
  "DUPLICATE_PRODUCT",
  "NO_RECOMMENDATION",
  "NON_OBJECTIVE_WORDING",
  "LOW_DATA",
  "BACKFILL_USED",
  "PRICE_JUMP",
  "LOW_DIVERSITY",
  "LOW_AROMA_CONFIDENCE",
  "MERGED_IDENTITY",
  "STALE_DATA",
  "SMALL_OVERDUE_BALANCE",
] as const;

export const auditRuleCodeSchema = z.enum(AUDIT_RULE_CODES);
export type AuditRuleCode = z.infer<typeof auditRuleCodeSchema>;

const nonNegative = z.number().min(0);
const days = z.number().int().min(0);
const share = z.number().min(0).max(1);

/** A rule's common settings plus its own parameters. */
function rule<P extends z.ZodRawShape>(parameters: P) {
  return z.strictObject({
    severity: auditSeveritySchema,
    /** false switches the rule off entirely (it then never flags). */
    enabled: z.boolean().default(true),
    ...parameters,
  });
}

const rulesSchema = z.strictObject({
  NO_CONSENT: rule({ soft_opt_in: z.boolean(), soft_opt_in_months: z.number().int().min(0) }),
  SUPPRESSED: rule({ statuses: z.array(z.string().min(1)).min(1) }),
  INVALID_EMAIL: rule({}),
  DUPLICATE_EMAIL: rule({}),
  SILENCE_WINDOW: rule({ days }),
  MINOR: rule({ minimum_age_years: z.number().int().min(0) }),
  OVERDUE_BALANCE: rule({ above_eur: nonNegative }),
  PRODUCT_INACTIVE: rule({}),
  OUT_OF_STOCK: rule({ min_quantity: nonNegative }),
  PRICE_MISSING: rule({}),
  RECENTLY_PURCHASED: rule({ days }),
  DUPLICATE_PRODUCT: rule({ same_cuvee: z.boolean() }),
  NO_RECOMMENDATION: rule({}),
  NON_OBJECTIVE_WORDING: rule({}),
  LOW_DATA: rule({ max_orders: z.number().int().min(0) }),
  BACKFILL_USED: rule({}),
  PRICE_JUMP: rule({ max_ratio: z.number().positive(), vat_rate: nonNegative }),
  LOW_DIVERSITY: rule({ min_recommendations: z.number().int().min(2) }),
  LOW_AROMA_CONFIDENCE: rule({ min_confidence: share }),
  MERGED_IDENTITY: rule({}),
  STALE_DATA: rule({ days }),
  SMALL_OVERDUE_BALANCE: rule({ up_to_eur: nonNegative }),
});

export const auditConfigSchema = z
  .strictObject({
    rules: rulesSchema,
    score: z.strictObject({
      start: z.number().int().min(0),
      error_penalty: z.number().int().min(0),
      warning_penalty: z.number().int().min(0),
      /** Warnings with one root cause: the group costs one warning penalty however many of its codes fire. */
      warning_groups: z.record(
        z.string().regex(/^[a-z][a-z0-9_]*$/, "expected a snake_case group name"),
        z.array(auditRuleCodeSchema).min(1),
      ),
    }),
    gate: z.strictObject({ min_score: z.number().int().min(0) }),
    holdout: z.strictObject({ share, salt: z.string().min(1) }),
    targets: z.strictObject({ max_exported_with_error_share: share, min_contactable_good_score_share: share }),
  })
  .superRefine((config, context) => {
    const seen = new Map<string, string>();
    for (const [group, codes] of Object.entries(config.score.warning_groups)) {
      for (const code of codes) {
        const other = seen.get(code);
        if (other !== undefined)
          context.addIssue({ code: "custom", path: ["score", "warning_groups", group], message: `${code} is already in group ${other}` });
        seen.set(code, group);
      }
    }
  });

export type AuditConfig = z.infer<typeof auditConfigSchema>;
