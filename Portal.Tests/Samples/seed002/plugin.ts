// Plugin receives these credentials automatically
// OAUTH_CLIENT_ID will be provided by the system
// OAUTH_CLIENT_SECRET will be provided by the system
// API_BASE_URL will be provided by the system
const CLIENT_ID = process.env.OAUTH_CLIENT_ID!;
const CLIENT_SECRET = process.env.OAUTH_CLIENT_SECRET!;
const API_BASE_URL = process.env.API_BASE_URL!;
class PluginApiClient {
private accessToken: string | null = null;
private tokenExpiry: number = 0;
async authenticate() {
// Use client credentials grant
const response = await fetch(
`${API_BASE_URL}/auth/oauth/token`,
{
method: 'POST',
headers: {
'Content-Type': 'application/x-www-form-urlencoded'
},
body: new URLSearchParams({
grant_type: 'client_credentials',
client_id: CLIENT_ID,
client_secret: CLIENT_SECRET,
scope: 'read write'
})
}
);
if (!response.ok) {
throw new Error(`Authentication failed: ${response.status}`);
}
const tokens = await response.json();
this.accessToken = tokens.access_token;
this.tokenExpiry = Date.now() + (tokens.expires_in * 1000);
}
async makeRequest(endpoint: string, data?: any) {
// Refresh token if expired
if (!this.accessToken || Date.now() >= this.tokenExpiry) {
await this.authenticate();
}
const response = await fetch(
`${API_BASE_URL}${endpoint}`,
{
method: 'POST',
headers: {
'Authorization': `Bearer ${this.accessToken}`,
'Content-Type': 'application/json'
},
body: JSON.stringify(data)
}
);
if (!response.ok) {
throw new Error(`Request failed: ${response.status}`);
}
return await response.json();
}
}
// Usage in your plugin
const client = new PluginApiClient();
export async function pluginFunction() {
const products = await client.makeRequest('/api/query', {
query: 'products { id, name, price }'
});
console.log('Fetched products:', products);
return products;
}
