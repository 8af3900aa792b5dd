import type { Credential } from './credentials.js';
import { APIError, parseRetryAfter } from './errors.js';

/** How calls are retried. */
export interface RetryOptions {
  /** Retries after the first attempt (default 3; 0 turns retrying off). */
  maxRetries: number;
  /** The first backoff step in milliseconds (default 500); each retry doubles it, with full jitter. */
  baseDelayMs: number;
  /** The longest backoff in milliseconds (default 30,000). */
  maxDelayMs: number;
  /** The longest Retry-After honoured, in seconds (default 60): a longer wait is the caller's decision, so the error is thrown. */
  maxRetryAfterSeconds: number;
}

/** Methods whose repetition does no harm: a 5xx or a lost connection is retried only for these. */
const idempotent = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export function newRequestId(): string {
  return 'req_' + globalThis.crypto.randomUUID().replaceAll('-', '');
}

/**
 * Sends one logical call: adds the credential and the SDK's headers, retries a 429 (any method: the server refused
 * before doing anything) after Retry-After, a 5xx or a network failure of an idempotent method with exponential
 * backoff and jitter, renews a client-credentials token the API refused, and throws an {@link APIError} for any
 * other refusal.
 */
export class Transport {
  constructor(
    private readonly credential: Credential,
    private readonly retry: RetryOptions,
    private readonly fetcher: typeof fetch,
    private readonly headers: () => Record<string, string>,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async send(request: Request): Promise<Response> {
    const method = request.method.toUpperCase();
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const outgoing = request.clone();
      for (const [name, value] of Object.entries(this.headers())) {
        outgoing.headers.set(name, value);
      }

      // Each attempt has its own id, so the server's log and audit tell the attempts apart.
      outgoing.headers.set('X-Request-ID', newRequestId());
      outgoing.headers.set('Authorization', await this.credential.authorization());

      let response: Response;
      try {
        response = await this.fetcher(outgoing);
      } catch (error) {
        if (idempotent.has(method) && attempt < this.retry.maxRetries) {
          await this.sleep(this.backoff(attempt));
          continue;
        }

        throw error;
      }

      if (response.ok) {
        return response;
      }

      if (response.status === 401 && !renewed && this.credential.renew()) {
        renewed = true;
        await response.body?.cancel();
        attempt--;
        continue;
      }

      const delay = this.retryDelay(response, method, attempt);
      if (delay === undefined) {
        throw await APIError.fromResponse(response);
      }

      await response.body?.cancel();
      await this.sleep(delay);
    }
  }

  /** How long to wait before retrying this answer, or undefined when it must not be retried. */
  private retryDelay(response: Response, method: string, attempt: number): number | undefined {
    const retryable = response.status === 429 || (response.status >= 500 && idempotent.has(method));
    if (!retryable || attempt >= this.retry.maxRetries) {
      return undefined;
    }

    const retryAfter = parseRetryAfter(response.headers.get('Retry-After'), Date.now());
    if (retryAfter === undefined) {
      return this.backoff(attempt);
    }

    return retryAfter > this.retry.maxRetryAfterSeconds ? undefined : retryAfter * 1000;
  }

  /** Exponential backoff with full jitter: a random wait up to base × 2^attempt, capped. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
    return Math.floor(Math.random() * ceiling);
  }
}
