import createClient, { type Client } from 'openapi-fetch';
import { ClientCredentials, StaticCredential, type Credential } from './credentials.js';
import type { components, paths } from './schema.js';
import { Transport, type RetryOptions } from './transport.js';
import { VERSION } from './version.js';

/** The API's schemas, as generated from its OpenAPI document (`Schemas['OrderResource']`, ...). */
export type Schemas = components['schemas'];

type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;

export interface APIClientOptions {
  /** An API key (`notary_...` or `notary_test_...`). */
  apiKey?: string;
  /** An OAuth access token you obtained yourself (authorization code, PKCE). */
  accessToken?: string;
  /** A machine-to-machine application's client id: the SDK fetches and renews client-credentials tokens itself. */
  clientId?: string;
  /** The application's client secret (with `clientId`). */
  clientSecret?: string;
  /** Scopes to ask for with client credentials (space-separated); by default all the application was given. */
  scope?: string;
  /** The portal's address; by default `NOTARIAL_BASE_URL` from the environment, else http://localhost:5080. */
  baseUrl?: string;
  /** Retries of 429 and of 5xx on idempotent calls. */
  retry?: Partial<RetryOptions>;
  /** Your application's name and version, sent in `X-Client-Version` after the SDK's (`notarial-typescript-0.1.0+my-app-1.2`). */
  userAgent?: string;
  /** The fetch to use (a proxy-aware one, or a recording one in tests); the global fetch by default. */
  fetch?: typeof fetch;
  /** The clock deciding when a client-credentials token is renewed (milliseconds since the epoch); for tests. */
  now?: () => number;
}

/**
 * The Notarial platform API.
 *
 * ```ts
 * const client = new APIClient({ apiKey: process.env.NOTARIAL_API_KEY });
 * const result = await client.auth.test();
 * console.log('Authentication valid:', result.valid);
 * ```
 *
 * Every method resolves to the answer's body and throws an {@link APIError} (with `code` and `requestId`) when refused.
 * `client.api` is the full typed client of every endpoint (openapi-fetch), with the same credentials, retries and errors.
 */
export class APIClient {
  /** Every endpoint of the OpenAPI document, typed: `await client.api.GET('/api/v1/orders/{id}', { params: { path: { id } } })`. */
  readonly api: Client<paths>;
  readonly baseUrl: string;

  constructor(options: APIClientOptions) {
    this.baseUrl = (options.baseUrl ?? environment('NOTARIAL_BASE_URL') ?? 'http://localhost:5080').replace(/\/+$/, '');
    const fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
    // X-Client-Version is a token the server keeps for the usage page (letters, digits, . - _ +): the caller's part joins with '+'.
    const clientVersion = `notarial-typescript-${VERSION}` + (options.userAgent ? `+${options.userAgent.replace(/[^A-Za-z0-9.\-_+]+/g, '-')}` : '');
    const headers = () => ({ 'X-Client-Version': clientVersion.slice(0, 64) });
    const transport = new Transport(credentialFrom(options, this.baseUrl, fetcher, headers), {
      maxRetries: options.retry?.maxRetries ?? 3,
      baseDelayMs: options.retry?.baseDelayMs ?? 500,
      maxDelayMs: options.retry?.maxDelayMs ?? 30_000,
      maxRetryAfterSeconds: options.retry?.maxRetryAfterSeconds ?? 60,
    }, fetcher, headers);
    this.api = createClient<paths>({ baseUrl: this.baseUrl, fetch: (request) => transport.send(request) });
  }

  /** Who is calling: seed 003's `client.auth.test()`, resolving to `{ valid: true, account_id, credential, scopes, environment }`. */
  readonly auth = {
    test: async (): Promise<Schemas['AuthTestResponse']> => body(await this.api.GET('/api/auth/test')),
  };

  readonly orders = {
    list: async (query?: QueryOf<'/api/v1/orders'>): Promise<Schemas['PageOfOrderResource']> =>
      body(await this.api.GET('/api/v1/orders', { params: { query } })),
    get: async (id: string): Promise<Schemas['OrderResource']> =>
      body(await this.api.GET('/api/v1/orders/{id}', { params: { path: { id } } })),
    create: async (order: Partial<Schemas['OrderWrite']>): Promise<Schemas['OrderResource']> =>
      body(await this.api.POST('/api/v1/orders', { body: order as Schemas['OrderWrite'] })),
    update: async (id: string, changes: Partial<Schemas['OrderWrite']>): Promise<Schemas['OrderResource']> =>
      body(await this.api.PATCH('/api/v1/orders/{id}', { params: { path: { id } }, body: changes as Schemas['OrderWrite'] })),
    delete: async (id: string): Promise<void> => {
      await this.api.DELETE('/api/v1/orders/{id}', { params: { path: { id } } });
    },
  };

  readonly products = {
    list: async (query?: QueryOf<'/api/v1/products'>): Promise<Schemas['PageOfProductResource']> =>
      body(await this.api.GET('/api/v1/products', { params: { query } })),
    get: async (id: string): Promise<Schemas['ProductResource']> =>
      body(await this.api.GET('/api/v1/products/{id}', { params: { path: { id } } })),
    create: async (product: Partial<Schemas['ProductWrite']>): Promise<Schemas['ProductResource']> =>
      body(await this.api.POST('/api/v1/products', { body: product as Schemas['ProductWrite'] })),
    update: async (id: string, changes: Partial<Schemas['ProductWrite']>): Promise<Schemas['ProductResource']> =>
      body(await this.api.PATCH('/api/v1/products/{id}', { params: { path: { id } }, body: changes as Schemas['ProductWrite'] })),
    delete: async (id: string): Promise<void> => {
      await this.api.DELETE('/api/v1/products/{id}', { params: { path: { id } } });
    },
  };

  readonly invoices = {
    list: async (query?: QueryOf<'/api/v1/invoices'>): Promise<Schemas['PageOfInvoiceResource']> =>
      body(await this.api.GET('/api/v1/invoices', { params: { query } })),
    get: async (id: string): Promise<Schemas['InvoiceResource']> =>
      body(await this.api.GET('/api/v1/invoices/{id}', { params: { path: { id } } })),
  };

  readonly appointments = {
    list: async (query?: QueryOf<'/api/v1/appointments'>): Promise<Schemas['PageOfAppointmentResource']> =>
      body(await this.api.GET('/api/v1/appointments', { params: { query } })),
    get: async (id: string): Promise<Schemas['AppointmentResource']> =>
      body(await this.api.GET('/api/v1/appointments/{id}', { params: { path: { id } } })),
  };
}

function credentialFrom(options: APIClientOptions, baseUrl: string, fetcher: typeof fetch, headers: () => Record<string, string>): Credential {
  const given = [options.apiKey && 'apiKey', options.accessToken && 'accessToken', (options.clientId || options.clientSecret) && 'clientId/clientSecret']
    .filter(Boolean);
  if (given.length !== 1) {
    throw new TypeError(given.length === 0
      ? 'APIClient needs one credential: { apiKey }, { accessToken } or { clientId, clientSecret }.'
      : `APIClient takes one credential, not ${given.join(' and ')}.`);
  }

  if (options.apiKey) {
    return new StaticCredential(options.apiKey);
  }

  if (options.accessToken) {
    return new StaticCredential(options.accessToken);
  }

  if (!options.clientId || !options.clientSecret) {
    throw new TypeError('Client credentials need both clientId and clientSecret.');
  }

  return new ClientCredentials(`${baseUrl}/auth/oauth/token`, options.clientId, options.clientSecret, options.scope, fetcher,
    options.now ?? Date.now, headers);
}

/** A variable of the process's environment under Node; undefined in a browser. */
function environment(name: string): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
}

/** The body of a successful answer (refusals have already thrown an APIError in the transport). */
function body<T>(result: { data?: T; response: Response }): T {
  return result.data as T;
}
