import { APIError } from './errors.js';

/** Where the Authorization header of each call comes from. */
export interface Credential {
  /** The header value for the next call. */
  authorization(): Promise<string>;
  /** Called once when the server refused the credential (401); true when a retry with a new one is worth it. */
  renew(): boolean;
}

/** An API key or an access token the caller manages: sent as `Authorization: Bearer ...`. */
export class StaticCredential implements Credential {
  constructor(private readonly secret: string) {}

  authorization(): Promise<string> {
    return Promise.resolve(`Bearer ${this.secret}`);
  }

  renew(): boolean {
    return false;
  }
}

interface TokenAnswer {
  access_token: string;
  expires_in?: number;
}

/**
 * OAuth 2.0 client credentials: fetches an access token from `/auth/oauth/token` on first use and again shortly
 * before it expires (or when the API refuses it), sharing one request between concurrent calls.
 */
export class ClientCredentials implements Credential {
  /** Renew this long before the token's expiry, so a call never leaves with a token about to lapse. */
  static readonly renewalMarginMs = 60_000;

  private token: string | undefined;
  private expiresAt = 0;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly tokenUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly scope: string | undefined,
    private readonly fetcher: typeof fetch,
    private readonly now: () => number,
    private readonly headers: () => Record<string, string>,
  ) {}

  async authorization(): Promise<string> {
    if (this.token && this.now() < this.expiresAt - ClientCredentials.renewalMarginMs) {
      return `Bearer ${this.token}`;
    }

    this.pending ??= this.requestToken().finally(() => {
      this.pending = undefined;
    });
    return `Bearer ${await this.pending}`;
  }

  renew(): boolean {
    const had = this.token !== undefined;
    this.token = undefined;
    return had;
  }

  private async requestToken(): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.clientId, client_secret: this.clientSecret });
    if (this.scope) {
      form.set('scope', this.scope);
    }

    const response = await this.fetcher(this.tokenUrl, {
      method: 'POST',
      headers: { ...this.headers(), 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: form,
    });
    if (!response.ok) {
      throw await APIError.fromResponse(response);
    }

    const answer = (await response.json()) as TokenAnswer;
    this.token = answer.access_token;
    this.expiresAt = this.now() + (answer.expires_in ?? 3600) * 1000;
    return answer.access_token;
  }
}
