export { APIClient, type APIClientOptions, type Schemas } from './client.js';
export { APIError } from './errors.js';
export type { RetryOptions } from './transport.js';
export type { components, paths } from './schema.js';
export { VERSION } from './version.js';
