<?php
// Plugin receives these credentials automatically
// OAUTH_CLIENT_ID will be provided by the system
// OAUTH_CLIENT_SECRET will be provided by the system
// API_BASE_URL will be provided by the system
$clientId = getenv('OAUTH_CLIENT_ID');
$clientSecret = getenv('OAUTH_CLIENT_SECRET');
$apiBaseUrl = getenv('API_BASE_URL');
class PluginApiClient {
private $clientId;
private $clientSecret;
private $apiBaseUrl;
private $accessToken = null;
private $tokenExpiry = 0;
public function __construct($clientId, $clientSecret, $apiBaseUrl) {
$this->clientId = $clientId;
$this->clientSecret = $clientSecret;
$this->apiBaseUrl = $apiBaseUrl;
}
private function authenticate() {
$postData = [
'grant_type' => 'client_credentials',
'client_id' => $this->clientId,
'client_secret' => $this->clientSecret,
'scope' => 'read write'
];
$ch = curl_init($this->apiBaseUrl . '/auth/oauth/token');
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
curl_setopt($ch, CURLOPT_POST, true);
curl_setopt($ch, CURLOPT_POSTFIELDS, http_build_query($postData));
curl_setopt($ch, CURLOPT_HTTPHEADER, [
'Content-Type: application/x-www-form-urlencoded'
]);
$response = curl_exec($ch);
curl_close($ch);
$data = json_decode($response, true);
$this->accessToken = $data['access_token'];
$this->tokenExpiry = time() + $data['expires_in'];
}
public function makeRequest($endpoint, $data = null) {
// Refresh token if expired
if ($this->accessToken === null || time() >= $this->tokenExpiry) {
$this->authenticate();
}
$ch = curl_init($this->apiBaseUrl . $endpoint);
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
if ($data !== null) {
curl_setopt($ch, CURLOPT_POST, true);
curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode($data));
}
curl_setopt($ch, CURLOPT_HTTPHEADER, [
'Authorization: Bearer ' . $this->accessToken,
'Content-Type: application/json'
]);
$response = curl_exec($ch);
curl_close($ch);
return json_decode($response, true);
}
}
// Usage in your plugin
$client = new PluginApiClient($clientId, $clientSecret, $apiBaseUrl);
function pluginFunction($client) {
$products = $client->makeRequest('/api/query', [
'query' => 'products { id, name, price }'
]);
echo "Fetched products: " . count($products['products']) . "\n";
return $products;
}
// Execute plugin function
pluginFunction($client);
