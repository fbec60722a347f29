/** The console's roles, lowest first: each one may do everything the previous one may (DOMAIN §8). */
export const CONSOLE_ROLES = ["viewer", "marketing", "admin"] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export function isConsoleRole(value: unknown): value is ConsoleRole {
  return typeof value === "string" && (CONSOLE_ROLES as readonly string[]).includes(value);
}

export function roleAllows(role: ConsoleRole, required: ConsoleRole): boolean {
  return CONSOLE_ROLES.indexOf(role) >= CONSOLE_ROLES.indexOf(required);
}
