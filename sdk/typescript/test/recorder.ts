/** One HTTP exchange the SDK made, as seen on the wire. */
export interface Exchange {
  method: string;
  path: string;
  requestHeaders: Headers;
  status: number;
  responseHeaders: Headers;
  sentAt: number;
}

/** A fetch that passes every call to the real one and keeps what went out and what came back. */
export function recordingFetch(): { fetch: typeof fetch; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const recorder = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const sentAt = Date.now();
    const response = await fetch(request.clone());
    exchanges.push({
      method: request.method,
      path: new URL(request.url).pathname,
      requestHeaders: request.headers,
      status: response.status,
      responseHeaders: response.headers,
      sentAt,
    });
    return response;
  };
  return { fetch: recorder as typeof fetch, exchanges };
}

/** A fetch answering from a script, for what a real server does not do on demand (a 503). */
export function scriptedFetch(statuses: number[]): { fetch: typeof fetch; methods: string[] } {
  const methods: string[] = [];
  const scripted = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    methods.push(new Request(input, init).method);
    const status = statuses.shift() ?? 200;
    const body = status < 400 ? { valid: true } : { error: { type: 'api_error', code: 'unavailable', message: 'Try again.', request_id: 'req_scripted' } };
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  };
  return { fetch: scripted as typeof fetch, methods };
}

/** A setting the test run provides (the xunit test that starts the portal sets them). */
export function setting(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: these tests run against a real portal (Portal.Tests' TypeScriptSdkTests set it up).`);
  }

  return value;
}
