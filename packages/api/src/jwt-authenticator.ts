import { type JWTVerifyGetKey, jwtVerify } from "jose";
import { CONSOLE_ROLES, type ConsoleRole } from "./roles";

export interface Principal {
  /** Email (local users) or the token's email/username claim. */
  user: string;
  role: ConsoleRole;
  /** Cookie sessions need a CSRF header on mutating routes; bearer tokens carry no ambient authority. */
  via: "session" | "bearer";
}

export interface JwtSettings {
  /** The pool's keys: `createRemoteJWKSet(new URL(<issuer>/.well-known/jwks.json))` in AWS, a local set in tests. */
  keys: JWTVerifyGetKey;
  issuer: string;
  /** The app client id: checked against `aud` (id tokens) or `client_id` (access tokens). */
  clientId: string;
}

/** The highest console role among the token's `cognito:groups`. */
export function roleFromGroups(groups: unknown): ConsoleRole | undefined {
  const list = Array.isArray(groups) ? groups.map(String) : [];
  return [...CONSOLE_ROLES].reverse().find((role) => list.includes(role));
}

/** Verifies a Cognito JWT (signature, issuer, expiry, client) and reads the role from its groups. */
export async function verifyCognitoToken(settings: JwtSettings, token: string): Promise<Principal | undefined> {
  try {
    const { payload } = await jwtVerify(token, settings.keys, { issuer: settings.issuer });
    const client = payload.token_use === "access" ? payload.client_id : payload.aud;
    if (client !== settings.clientId) return undefined;
    const role = roleFromGroups(payload["cognito:groups"]);
    if (!role) return undefined;
    const user = String(payload.email ?? payload["cognito:username"] ?? payload.username ?? payload.sub ?? "unknown");
    return { user, role, via: "bearer" };
  } catch {
    return undefined;
  }
}
