import type { EmailIdentity } from "./audit-facts";

export interface EmailIdentityInput {
  clientCode: string;
  email: string | null;
  lastOrderDate: string | null;
}

export interface EmailIdentityResult {
  identity: EmailIdentity;
  /** The primary code of the shared email (itself for SOLE and PRIMARY). */
  primaryCode: string;
}

/**
 * Several client codes with one email are one person: the primary code (most recent order, then the
 * lowest code by code points) keeps the email, every other code is a duplicate. Customers without an
 * email are SOLE.
 */
export function resolveEmailIdentities(customers: readonly EmailIdentityInput[]): Map<string, EmailIdentityResult> {
  const byEmail = new Map<string, EmailIdentityInput[]>();
  for (const customer of customers) {
    if (customer.email === null) continue;
    const group = byEmail.get(customer.email);
    if (group) group.push(customer);
    else byEmail.set(customer.email, [customer]);
  }
  const result = new Map<string, EmailIdentityResult>();
  for (const customer of customers) result.set(customer.clientCode, { identity: "SOLE", primaryCode: customer.clientCode });
  for (const group of byEmail.values()) {
    if (group.length < 2) continue;
    const primary = group.reduce((best, candidate) => (isBetterPrimary(candidate, best) ? candidate : best));
    for (const customer of group) {
      result.set(customer.clientCode, {
        identity: customer === primary ? "PRIMARY" : "DUPLICATE",
        primaryCode: primary.clientCode,
      });
    }
  }
  return result;
}

function isBetterPrimary(candidate: EmailIdentityInput, best: EmailIdentityInput): boolean {
  const a = candidate.lastOrderDate;
  const b = best.lastOrderDate;
  if (a !== b) {
    if (a === null) return false;
    if (b === null) return true;
    return a > b;
  }
  return candidate.clientCode < best.clientCode;
}
