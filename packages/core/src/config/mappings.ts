import { z } from "zod";
import { type FieldOf, fieldsOf, INGEST_KINDS, type IngestKind, MINIMUM_REQUIRED, MINIMUM_REQUIRED_ONE_OF } from "../ingest/ingest-kinds";
import { normaliseHeader } from "../ingest/normalise-header";

const aliases = z.array(z.string().min(1)).min(1);
const valueList = z.array(z.union([z.string().min(1), z.number()]).transform(String)).min(1);

function kindSchema<K extends IngestKind>(kind: K) {
  const fields = fieldsOf(kind) as [FieldOf<K>, ...FieldOf<K>[]];
  const field = z.enum(fields);
  const columns = Object.fromEntries(fields.map((name) => [name, aliases.optional()])) as Record<FieldOf<K>, z.ZodOptional<typeof aliases>>;
  return z
    .strictObject({
      /** Fields that must all be present for a header to be recognised as this kind. */
      signature: z.array(field).min(1),
      required: z.array(field),
      required_one_of: z.array(z.array(field).min(2)).default([]),
      columns: z.strictObject(columns),
    })
    .superRefine((value, context) => {
      const owners = new Map<string, string>();
      for (const [name, spellings] of Object.entries(value.columns) as [string, string[] | undefined][]) {
        for (const spelling of [name, ...(spellings ?? [])]) {
          const key = normaliseHeader(spelling);
          const owner = owners.get(key);
          if (owner !== undefined && owner !== name)
            context.addIssue({ code: "custom", path: ["columns", name], message: `"${spelling}" is also a spelling of "${owner}"` });
          owners.set(key, name);
        }
      }
      for (const needed of MINIMUM_REQUIRED[kind]) {
        if (!value.required.includes(needed))
          context.addIssue({ code: "custom", path: ["required"], message: `must include "${needed}" (the canonical tables need it)` });
      }
      for (const group of MINIMUM_REQUIRED_ONE_OF[kind]) {
        const covered =
          value.required_one_of.some((listed) => group.every((name) => listed.includes(name))) ||
          group.some((name) => value.required.includes(name));
        if (!covered)
          context.addIssue({ code: "custom", path: ["required_one_of"], message: `must include the group [${group.join(", ")}]` });
      }
    });
}

const kinds = z.strictObject(
  Object.fromEntries(INGEST_KINDS.map((kind) => [kind, kindSchema(kind)])) as {
    [K in IngestKind]: ReturnType<typeof kindSchema<K>>;
  },
);

export const mappingsConfigSchema = z.strictObject({
  kinds,
  /** Values of `optin_email` (compared lower case, without accents); any date also means opt-in. */
  consent: z.strictObject({ opt_in: valueList, refused: valueList }),
  /** Values of yes/no columns such as `actif`. */
  yes_no: z.strictObject({ yes: valueList, no: valueList }),
  /** Premium tier labels (lower case, without accents) → tier 0–3; digits 0–3 are always accepted. */
  premium_tiers: z.record(z.string().min(1), z.number().int().min(0).max(3)),
  /** `document_type` values (compared lower case, without accents) that mark a credit note. */
  credit_note_types: valueList,
  bottles: z.strictObject({
    /** Contenance of one bottle-equivalent: bottles = quantity × contenance_cl / reference_cl. */
    reference_cl: z.number().positive(),
    /** Used when the product has no contenance: first pattern contained in the article code wins. */
    article_coefficients: z.array(z.strictObject({ pattern: z.string().min(1), factor: z.number().positive().max(1000) })),
  }),
  ledger: z.strictObject({
    /** Customer accounts start with this prefix; the rest of the account is the client code when none is given. */
    customer_account_prefix: z.string().min(1),
  }),
});

export type MappingsConfig = z.infer<typeof mappingsConfigSchema>;
export type KindMapping = MappingsConfig["kinds"][IngestKind];
