import { findConsoleUser } from "@crm-reco/db";
import type { ApiDependencies } from "./api-dependencies";
import { type ApiRequest, type ApiResponse, HttpError, json } from "./http";
import { type Principal, verifyCognitoToken } from "./jwt-authenticator";
import { verifyPassword } from "./password-hash";
import { roleAllows } from "./roles";
import { matchRoute } from "./routes";
import {
  CSRF_HEADER,
  clearedCookies,
  csrfMatches,
  readCookie,
  SESSION_COOKIE,
  sessionCookies,
  signSession,
  verifySession,
} from "./session-cookie";

// Spent on unknown emails too, so a login's duration does not tell whether the account exists.
const UNKNOWN_USER_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

function parseBody(request: ApiRequest): Record<string, unknown> {
  if (!request.body) return {};
  try {
    const body = JSON.parse(request.body) as unknown;
    if (body && typeof body === "object" && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {}
  throw new HttpError(400, "bad_request", "the body must be a JSON object");
}

async function authenticate(
  request: ApiRequest,
  deps: ApiDependencies,
): Promise<{ principal: Principal; sessionToken?: string } | undefined> {
  const bearer = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  if (bearer && deps.jwt) {
    const principal = await verifyCognitoToken(deps.jwt, bearer);
    return principal && { principal };
  }
  if (deps.sessions) {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    const claims = verifySession(deps.sessions.key, token, deps.now());
    // Checked on every request, so disabling a user ends the sessions they already hold.
    if (claims && token && !(await findConsoleUser((await deps.context()).handle, claims.email))?.disabledAt)
      return { principal: { user: claims.email, role: claims.role, via: "session" }, sessionToken: token };
  }
  return undefined;
}

async function login(request: ApiRequest, deps: ApiDependencies): Promise<ApiResponse> {
  const sessions = deps.sessions;
  if (!sessions) throw new HttpError(404, "not_found", "local login is not enabled (Cognito signs users in)");
  const body = parseBody(request);
  const email = typeof body.email === "string" ? body.email.trim().toLowerCase() : "";
  const password = typeof body.password === "string" ? body.password : "";
  const keys = [`ip:${request.sourceIp ?? "unknown"}`, `email:${email}`];
  const nowMs = deps.now().getTime();
  if (sessions.limiter.isBlocked(keys, nowMs))
    return json(429, { error: "too_many_attempts", message: "too many failed logins, try again later" });
  const user = email ? await findConsoleUser((await deps.context()).handle, email) : undefined;
  const valid = await verifyPassword(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
  if (!user || !valid) {
    sessions.limiter.recordFailure(keys, nowMs);
    return json(401, { error: "invalid_credentials", message: "wrong email or password" });
  }
  if (user.disabledAt !== null) return json(403, { error: "disabled", message: "this account is disabled" });
  sessions.limiter.reset(`email:${email}`);
  const token = signSession(sessions.key, { email: user.email, role: user.role }, deps.now());
  return json(200, { user: user.email, role: user.role }, sessionCookies(sessions.key, token, sessions.secureCookies));
}

/**
 * The console API as one pure function: the same code answers API Gateway (functions/api.ts) and the local server.
 * 401 without a valid session or token, 403 for a role below the route's, 403 for a cookie session's mutating request
 * without its CSRF token.
 */
export async function handleApiRequest(request: ApiRequest, deps: ApiDependencies): Promise<ApiResponse> {
  try {
    const method = request.method.toUpperCase();
    if (request.path === "/api/health" && method === "GET") return json(200, { status: "ok" });
    if (request.path === "/api/login" && method === "POST") return await login(request, deps);
    if (request.path === "/api/logout" && method === "POST") return json(200, { status: "signed out" }, clearedCookies());
    const matched = matchRoute(method, request.path);
    if (matched === undefined) return json(404, { error: "not_found", message: `no route ${request.path}` });
    if (matched === "method") return json(405, { error: "method_not_allowed", message: `${method} is not allowed on ${request.path}` });
    const auth = await authenticate(request, deps);
    if (!auth) return json(401, { error: "unauthenticated", message: "sign in first" });
    const { route, params } = matched;
    if (!roleAllows(auth.principal.role, route.role))
      return json(403, { error: "forbidden", message: `this needs the ${route.role} role (you are ${auth.principal.role})` });
    if (route.method !== "GET" && auth.sessionToken && !csrfMatches(deps.sessions!.key, auth.sessionToken, request.headers["x-csrf-token"]))
      return json(403, { error: "csrf", message: `missing or wrong ${CSRF_HEADER} header` });
    const body = route.method === "GET" ? {} : parseBody(request);
    return await route.handle({ request, params, principal: auth.principal, deps, context: await deps.context(), body });
  } catch (error) {
    if (error instanceof HttpError) return json(error.status, { error: error.code, message: error.message });
    console.error(JSON.stringify({ level: "error", msg: "api_error", error: error instanceof Error ? error.message : String(error) }));
    return json(500, { error: "internal", message: "internal error" });
  }
}
