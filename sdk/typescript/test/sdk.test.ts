import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { APIClient, APIError, VERSION } from '../src/index.js';
import { recordingFetch, scriptedFetch, setting } from './recorder.js';

const baseUrl = setting('NOTARIAL_BASE_URL');
const requestId = /^req_[0-9a-f]{32}$/;

describe('credentials', () => {
  test('an API key: auth.test() resolves with valid: true, as seed 003 shows', async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = new APIClient({ apiKey: setting('NOTARIAL_API_KEY'), baseUrl, fetch });

    const result = await client.auth.test();

    assert.equal(result.valid, true);
    assert.equal(result.credential.kind, 'api_key');
    assert.equal(result.environment, 'test');
    const [call] = exchanges;
    assert.equal(call.requestHeaders.get('X-Client-Version'), `notarial-typescript-${VERSION}`);
    assert.match(call.requestHeaders.get('X-Request-ID') ?? '', requestId);
    assert.equal(call.responseHeaders.get('X-Request-ID'), call.requestHeaders.get('X-Request-ID'));
  });

  test('NOTARIAL_BASE_URL is the default address', async () => {
    const result = await new APIClient({ apiKey: setting('NOTARIAL_API_KEY') }).auth.test();

    assert.equal(result.valid, true);
  });

  test('an access token', async () => {
    const client = new APIClient({ accessToken: setting('NOTARIAL_ACCESS_TOKEN'), baseUrl });

    const result = await client.auth.test();

    assert.equal(result.valid, true);
    assert.equal(result.credential.kind, 'oauth_token');
  });

  test('client credentials: one token for many calls, a new one before it expires', async () => {
    const { fetch, exchanges } = recordingFetch();
    let now = Date.now();
    const clientId = setting('NOTARIAL_CLIENT_ID');
    const client = new APIClient({ clientId, clientSecret: setting('NOTARIAL_CLIENT_SECRET'), baseUrl, fetch, now: () => now });
    const tokenRequests = () => exchanges.filter((e) => e.path === '/auth/oauth/token').length;

    const first = await client.auth.test();
    await client.auth.test();
    assert.equal(first.valid, true);
    assert.equal(first.credential.client_id, clientId);
    assert.equal(tokenRequests(), 1);

    now += 3600_000 - 30_000; // inside the last minute of the token's hour
    const renewed = await client.auth.test();

    assert.equal(renewed.valid, true);
    assert.equal(tokenRequests(), 2);
    const tokens = exchanges.filter((e) => e.path === '/api/auth/test').map((e) => e.requestHeaders.get('Authorization'));
    assert.equal(tokens[0], tokens[1]);
    assert.notEqual(tokens[1], tokens[2]);
  });

  test('a wrong client secret is an APIError with the OAuth error code', async () => {
    const client = new APIClient({ clientId: setting('NOTARIAL_CLIENT_ID'), clientSecret: 'not-the-secret', baseUrl });

    await assert.rejects(client.auth.test(), (error: unknown) => {
      assert.ok(error instanceof APIError);
      assert.equal(error.code, 'invalid_client');
      assert.equal(error.type, 'oauth_error');
      assert.ok([400, 401].includes(error.status));
      return true;
    });
  });

  test('one credential, not none or two', () => {
    assert.throws(() => new APIClient({ baseUrl }), TypeError);
    assert.throws(() => new APIClient({ apiKey: 'a', accessToken: 'b', baseUrl }), TypeError);
  });
});

describe('typed resources', () => {
  test('orders: a page, the next page by cursor, one order', async () => {
    const client = new APIClient({ apiKey: setting('NOTARIAL_API_KEY'), baseUrl });

    const page = await client.orders.list({ limit: '2' });
    assert.equal(page.data.length, 2);
    assert.equal(page.has_more, true);
    const next = await client.orders.list({ limit: '2', cursor: page.next_cursor ?? undefined });
    assert.notEqual(next.data[0].id, page.data[0].id);

    const order = await client.orders.get(page.data[0].id);
    assert.equal(order.number, page.data[0].number);
    assert.equal(order.environment, 'test');
  });

  test('products, and any endpoint through client.api', async () => {
    const client = new APIClient({ apiKey: setting('NOTARIAL_API_KEY'), baseUrl });

    const products = await client.products.list();
    assert.ok(products.data.some((p) => p.name === 'Power of attorney'));
    const { data } = await client.api.GET('/api/v1/products/{id}', { params: { path: { id: products.data[0].id } } });
    assert.equal(data?.name, products.data[0].name);
  });
});

// Well-formed but issued by no one (built here so no key-shaped literal sits in the repository).
const UNKNOWN_KEY = 'notary_test_' + '0'.repeat(32);

describe('errors', () => {
  test('a refused call throws an APIError with the code and the request id', async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = new APIClient({ apiKey: UNKNOWN_KEY, baseUrl, fetch });

    await assert.rejects(client.orders.list(), (error: unknown) => {
      assert.ok(error instanceof APIError);
      assert.equal(error.status, 401);
      assert.equal(error.type, 'authentication_error');
      assert.equal(error.code, 'invalid_api_key');
      assert.match(error.requestId ?? '', requestId);
      assert.equal(error.requestId, exchanges[0].requestHeaders.get('X-Request-ID'));
      return true;
    });
    assert.equal(exchanges.length, 1, 'a 401 is not retried');
  });

  test('not_found for an order of no one', async () => {
    const client = new APIClient({ apiKey: setting('NOTARIAL_API_KEY'), baseUrl });

    await assert.rejects(client.orders.get('ord_doesnotexist'), (error: unknown) => {
      assert.ok(error instanceof APIError);
      assert.equal(error.status, 404);
      assert.equal(error.code, 'not_found');
      return true;
    });
  });
});

describe('retries', () => {
  test('a 429 is retried after Retry-After, and the call succeeds', async () => {
    const { fetch, exchanges } = recordingFetch();
    const client = new APIClient({ apiKey: setting('NOTARIAL_LIMITED_KEY'), baseUrl, fetch });

    // The key allows one request a second: the second call (or, across a second boundary, the third) is refused once.
    for (let i = 0; i < 3 && !exchanges.some((e) => e.status === 429); i++) {
      assert.equal((await client.auth.test()).valid, true);
    }

    const refused = exchanges.findIndex((e) => e.status === 429);
    assert.ok(refused > 0, 'the server never answered 429');
    const retryAfter = Number(exchanges[refused].responseHeaders.get('Retry-After'));
    assert.ok(retryAfter >= 1);
    const retried = exchanges[refused + 1];
    assert.equal(retried.status, 200);
    assert.ok(retried.sentAt - exchanges[refused].sentAt >= retryAfter * 1000 - 50, 'the retry waited for Retry-After');
    assert.notEqual(retried.requestHeaders.get('X-Request-ID'), exchanges[refused].requestHeaders.get('X-Request-ID'));
  });

  test('with retries off, the 429 is an APIError carrying Retry-After', async () => {
    const client = new APIClient({ apiKey: setting('NOTARIAL_LIMITED_KEY'), baseUrl, retry: { maxRetries: 0 } });

    const outcomes = await Promise.allSettled([client.auth.test(), client.auth.test(), client.auth.test()]);

    const refusal = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')?.reason;
    assert.ok(refusal instanceof APIError, 'no call was refused');
    assert.equal(refusal.status, 429);
    assert.equal(refusal.code, 'rate_limit_exceeded');
    assert.ok((refusal.retryAfter ?? 0) >= 1);
  });

  test('a 5xx is retried for GET with backoff, never for POST', async () => {
    const get = scriptedFetch([503, 502, 200]);
    const client = new APIClient({ apiKey: 'notary_test_x', baseUrl, fetch: get.fetch, retry: { baseDelayMs: 1 } });
    assert.equal((await client.auth.test()).valid, true);
    assert.deepEqual(get.methods, ['GET', 'GET', 'GET']);

    const post = scriptedFetch([503, 200]);
    const poster = new APIClient({ apiKey: 'notary_test_x', baseUrl, fetch: post.fetch, retry: { baseDelayMs: 1 } });
    await assert.rejects(poster.orders.create({ customer_name: 'A' }), (error: unknown) => error instanceof APIError && error.status === 503);
    assert.deepEqual(post.methods, ['POST']);
  });
});

test('X-Client-Version carries the version of package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(VERSION, pkg.version);
});
