import { z } from "zod";

/** The seven aroma axes, in display and tie-break order; each is the products column `arome_<axis>`. */
export const AROMA_AXES = ["fruit", "floral", "epice", "mineral", "acidite", "corps", "tanin"] as const;
export type AromaAxis = (typeof AROMA_AXES)[number];

const axisValue = z.number().min(1).max(5);

export const aromasConfigSchema = z.strictObject({
  labels: z.strictObject(
    Object.fromEntries(AROMA_AXES.map((axis) => [axis, z.strictObject({ fr: z.string().min(1), en: z.string().min(1) })])) as Record<
      AromaAxis,
      z.ZodObject<{ fr: z.ZodString; en: z.ZodString }, z.core.$strict>
    >,
  ),
  /** Axes by article code, used where the product file has none (a product's own values win). */
  by_article: z
    .record(
      z.string().min(1),
      z.strictObject(Object.fromEntries(AROMA_AXES.map((axis) => [axis, axisValue])) as Record<AromaAxis, typeof axisValue>),
    )
    .nullable()
    .default({})
    .transform((value) => value ?? {}),
});

export type AromasConfig = z.infer<typeof aromasConfigSchema>;
