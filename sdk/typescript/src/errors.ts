/**
 * A call the platform refused: its error envelope `{"error":{"type","code","message","request_id"}}`, or the token
 * endpoint's OAuth error (`{"error","error_description"}`). `code` is what to branch on (`invalid_api_key`,
 * `insufficient_scope`, `rate_limit_exceeded`, `validation_failed`, `not_found`, `invalid_client`, ...); `requestId` is
 * what support asks for.
 */
export class APIError extends Error {
  override readonly name = 'APIError';

  constructor(
    /** The HTTP status of the answer. */
    readonly status: number,
    /** The error's type: `authentication_error`, `permission_error`, `rate_limit_error`, `invalid_request_error`, ..., or `oauth_error`. */
    readonly type: string,
    /** The error code, e.g. `invalid_api_key`. */
    readonly code: string,
    message: string,
    /** The request id the server gave the call (its `X-Request-ID`). */
    readonly requestId: string | undefined,
    /** The parsed body of the answer, for the details some errors carry (`fields`, `rows`, `problems`). */
    readonly body: unknown,
    /** Seconds the server asked to wait (`Retry-After`), when it said. */
    readonly retryAfter: number | undefined,
  ) {
    super(message);
  }

  /** Reads a refused answer into an APIError. */
  static async fromResponse(response: Response): Promise<APIError> {
    const headerId = response.headers.get('X-Request-ID') ?? undefined;
    const retryAfter = parseRetryAfter(response.headers.get('Retry-After'), Date.now());
    const text = await response.text().catch(() => '');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (a proxy's HTML page, say): keep the text.
    }

    const envelope = (body as { error?: unknown } | undefined)?.error;
    if (envelope && typeof envelope === 'object') {
      const e = envelope as { type?: string; code?: string; message?: string; request_id?: string };
      return new APIError(response.status, e.type ?? 'api_error', e.code ?? `http_${response.status}`,
        e.message ?? response.statusText, e.request_id ?? headerId, body, retryAfter);
    }

    if (typeof envelope === 'string') {
      const description = (body as { error_description?: string }).error_description;
      return new APIError(response.status, 'oauth_error', envelope, description ?? envelope, headerId, body, retryAfter);
    }

    return new APIError(response.status, 'api_error', `http_${response.status}`,
      `The server answered ${response.status} ${response.statusText}`.trim(), headerId, body, retryAfter);
  }
}

/** Retry-After in seconds, from delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) {
    return undefined;
  }

  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }

  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
