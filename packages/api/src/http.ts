/** The API as a pure function: the Lambda adapter and the local server both translate to and from these. */
export interface ApiRequest {
  method: string;
  /** Path without the query string, e.g. `/api/runs/r-1`. */
  path: string;
  query: Record<string, string | undefined>;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** Raw body text (JSON for every mutating route). */
  body: string | null;
  /** The caller's address, for the login rate limit. */
  sourceIp?: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** Text, or bytes for file downloads. */
  body: string | Uint8Array;
  /** Set-Cookie values (several are possible). */
  cookies?: string[];
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function json(status: number, body: unknown, cookies?: string[]): ApiResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    body: JSON.stringify(body),
    ...(cookies ? { cookies } : {}),
  };
}
