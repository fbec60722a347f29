import { z } from "zod";

export const auditConfigSchema = z.strictObject({});

export type AuditConfig = z.infer<typeof auditConfigSchema>;
