const CLIENT_ID = 'your_client_id';
const CLIENT_SECRET = 'your_client_secret';
const REDIRECT_URI = 'https://yourapp.com/oauth/callback';
const API_URL = 'https://your-domain.com';
interface TokenResponse {
access_token: string;
token_type: string;
expires_in: number;
refresh_token?: string;
scope: string;
}
async function handleOAuthCallback(code: string, state: string): Promise<TokenResponse> {
// Verify state parameter
const savedState = sessionStorage.getItem('oauth_state');
if (state !== savedState) {
throw new Error('Invalid state parameter - CSRF attack detected');
}
// Exchange authorization code for tokens
try {
const response = await fetch(
`${API_URL}/auth/oauth/token`,
{
method: 'POST',
headers: {
'Content-Type': 'application/x-www-form-urlencoded'
},
body: new URLSearchParams({
grant_type: 'authorization_code',
code: code,
redirect_uri: REDIRECT_URI,
client_id: CLIENT_ID,
client_secret: CLIENT_SECRET
})
}
);
if (!response.ok) {
throw new Error(`Token exchange failed: ${response.status}`);
}
const tokens: TokenResponse = await response.json();
// Store tokens securely
localStorage.setItem('access_token', tokens.access_token);
if (tokens.refresh_token) {
localStorage.setItem('refresh_token', tokens.refresh_token);
}
return tokens;
} catch (error) {
console.error('Token exchange failed:', error);
throw error;
}
}
// Usage in callback route
const urlParams = new URLSearchParams(window.location.search);
const code = urlParams.get('code');
const state = urlParams.get('state');
if (code && state) {
handleOAuthCallback(code, state).then(tokens => {
console.log('OAuth successful, access token obtained');
// Now you can make API calls
});
}
