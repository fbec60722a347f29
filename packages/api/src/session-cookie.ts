import { createHmac, timingSafeEqual } from "node:crypto";
import { type ConsoleRole, isConsoleRole } from "./roles";

export const SESSION_COOKIE = "crm_session";
export const CSRF_COOKIE = "crm_csrf";
export const CSRF_HEADER = "x-csrf-token";
const SESSION_HOURS = 8;

export interface SessionClaims {
  email: string;
  role: ConsoleRole;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

function mac(key: Buffer, text: string): string {
  return createHmac("sha256", key).update(text).digest("base64url");
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `payload.signature`: the payload is base64url JSON, the signature an HMAC-SHA256 with the session key. */
export function signSession(key: Buffer, claims: Omit<SessionClaims, "exp">, now: Date): string {
  const payload = Buffer.from(JSON.stringify({ ...claims, exp: Math.floor(now.getTime() / 1000) + SESSION_HOURS * 3600 })).toString(
    "base64url",
  );
  return `${payload}.${mac(key, `session:${payload}`)}`;
}

export function verifySession(key: Buffer, token: string | undefined, now: Date): SessionClaims | undefined {
  if (!token) return undefined;
  const [payload, signature] = token.split(".");
  if (!payload || !signature || !sameText(signature, mac(key, `session:${payload}`))) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as SessionClaims;
    if (typeof claims.email !== "string" || !isConsoleRole(claims.role) || typeof claims.exp !== "number") return undefined;
    return claims.exp * 1000 > now.getTime() ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** The CSRF token is bound to the session: a token stolen from another session does not match. */
export function csrfTokenFor(key: Buffer, sessionToken: string): string {
  return mac(key, `csrf:${sessionToken}`);
}

export function csrfMatches(key: Buffer, sessionToken: string, header: string | undefined): boolean {
  return header !== undefined && sameText(header, csrfTokenFor(key, sessionToken));
}

export function sessionCookies(key: Buffer, token: string, secure: boolean): string[] {
  const flags = `Path=/; SameSite=Strict; Max-Age=${SESSION_HOURS * 3600}${secure ? "; Secure" : ""}`;
  return [`${SESSION_COOKIE}=${token}; HttpOnly; ${flags}`, `${CSRF_COOKIE}=${csrfTokenFor(key, token)}; ${flags}`];
}

export function clearedCookies(): string[] {
  return [`${SESSION_COOKIE}=; HttpOnly; Path=/; SameSite=Strict; Max-Age=0`, `${CSRF_COOKIE}=; Path=/; SameSite=Strict; Max-Age=0`];
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}
