import { z } from "zod";

const ascending = (values: number[]) => values.every((value, i) => i === 0 || value > values[i - 1]!);

/** Four ascending cut points give scores 1–5. */
const cutPoints = z.array(z.number().nonnegative()).length(4).refine(ascending, { message: "cut points must be strictly ascending" });

const scoreRange = z
  .tuple([z.number().int().min(1).max(5), z.number().int().min(1).max(5)])
  .refine(([low, high]) => low <= high, { message: "expected [low, high] with low ≤ high" });

const segmentSchema = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z_]*$/, "expected an upper-case code such as AT_RISK"),
  label_fr: z.string().min(1),
  label_en: z.string().min(1),
  r: scoreRange,
  f: scoreRange,
  action_fr: z.string().min(1),
  action_en: z.string().min(1),
});

const prospectSchema = segmentSchema.omit({ r: true, f: true });

export const featuresConfigSchema = z
  .strictObject({
    rfm: z.strictObject({
      mode: z.enum(["bins", "quintiles"]),
      recency_max_days: cutPoints,
      frequency_min_orders: cutPoints,
      monetary_min_ht: cutPoints,
    }),
    segments: z.array(segmentSchema).min(1),
    prospect_segment: prospectSchema,
    propensity: z.strictObject({
      min_customers: z.number().int().min(1),
      min_repeaters: z.number().int().min(1),
      horizon_days: z.number().int().min(1),
    }),
    aroma_confidence: z
      .strictObject({ medium: z.number().min(0).max(1), high: z.number().min(0).max(1) })
      .refine(({ medium, high }) => medium <= high, { message: "medium must not exceed high" }),
  })
  .superRefine((config, ctx) => {
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++) {
        const inRange = (range: readonly [number, number], value: number) => value >= range[0] && value <= range[1];
        if (!config.segments.some((segment) => inRange(segment.r, r) && inRange(segment.f, f)))
          ctx.addIssue({ code: "custom", path: ["segments"], message: `no segment covers R${r} F${f}` });
      }
  });

export type FeaturesConfig = z.infer<typeof featuresConfigSchema>;
export type SegmentDefinition = z.infer<typeof segmentSchema>;
