import type { ApiDependencies } from "./api-dependencies";
import { handleApiRequest } from "./app";

/** The part of an API Gateway HTTP API (payload 2.0) event the adapter reads. */
export interface ApiGatewayEvent {
  rawPath?: string;
  requestContext?: { http?: { method?: string; path?: string; sourceIp?: string } };
  queryStringParameters?: Record<string, string | undefined>;
  headers?: Record<string, string | undefined>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

export interface ApiGatewayResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
  cookies?: string[];
}

export async function handleApiGatewayEvent(event: ApiGatewayEvent, deps: ApiDependencies): Promise<ApiGatewayResult> {
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  if (event.cookies?.length) headers.cookie = event.cookies.join("; ");
  const body = event.body === undefined ? null : event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
  const response = await handleApiRequest(
    {
      method: event.requestContext?.http?.method ?? "GET",
      path: event.rawPath ?? event.requestContext?.http?.path ?? "/",
      query: event.queryStringParameters ?? {},
      headers,
      body,
      sourceIp: event.requestContext?.http?.sourceIp,
    },
    deps,
  );
  const binary = typeof response.body !== "string";
  return {
    statusCode: response.status,
    headers: response.headers,
    body: binary ? Buffer.from(response.body).toString("base64") : (response.body as string),
    isBase64Encoded: binary,
    ...(response.cookies ? { cookies: response.cookies } : {}),
  };
}
