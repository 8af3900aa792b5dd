<?php
session_start();
$clientId = 'your_client_id';
$clientSecret = 'your_client_secret';
$apiUrl = 'https://your-domain.com';
function makeAuthenticatedRequest($endpoint, $data = null) {
global $apiUrl;
if (!isset($_SESSION['access_token'])) {
throw new Exception('No access token available');
}
// Check if token is expired
if (isset($_SESSION['token_expires']) && time() >= $_SESSION['token_expires']) {
refreshAccessToken();
}
$ch = curl_init($apiUrl . $endpoint);
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
if ($data !== null) {
curl_setopt($ch, CURLOPT_POST, true);
curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode($data));
}
curl_setopt($ch, CURLOPT_HTTPHEADER, [
'Authorization: Bearer ' . $_SESSION['access_token'],
'Content-Type: application/json'
]);
$response = curl_exec($ch);
$httpCode = curl_getinfo($ch, CURLINFO_HTTP_CODE);
curl_close($ch);
if ($httpCode === 401) {
// Token expired, refresh and retry
refreshAccessToken();
return makeAuthenticatedRequest($endpoint, $data);
}
if ($httpCode !== 200) {
throw new Exception('API Error: ' . $httpCode);
}
return json_decode($response, true);
}
function refreshAccessToken() {
global $apiUrl, $clientId, $clientSecret;
if (!isset($_SESSION['refresh_token'])) {
throw new Exception('No refresh token available');
}
$postData = [
'grant_type' => 'refresh_token',
'refresh_token' => $_SESSION['refresh_token'],
'client_id' => $clientId,
'client_secret' => $clientSecret
];
$ch = curl_init($apiUrl . '/auth/oauth/token');
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
curl_setopt($ch, CURLOPT_POST, true);
curl_setopt($ch, CURLOPT_POSTFIELDS, http_build_query($postData));
curl_setopt($ch, CURLOPT_HTTPHEADER, [
'Content-Type: application/x-www-form-urlencoded'
]);
$response = curl_exec($ch);
$httpCode = curl_getinfo($ch, CURLINFO_HTTP_CODE);
curl_close($ch);
if ($httpCode !== 200) {
throw new Exception('Token refresh failed: ' . $httpCode);
}
$tokens = json_decode($response, true);
$_SESSION['access_token'] = $tokens['access_token'];
$_SESSION['token_expires'] = time() + $tokens['expires_in'];
}
// Usage
try {
$data = makeAuthenticatedRequest('/api/query', [
'query' => 'products { id, name, price }'
]);
echo "Found " . count($data['products']) . " products\n";
foreach ($data['products'] as $product) {
echo $product['name'] . ": " . $product['price'] . "\n";
}
} catch (Exception $e) {
echo "Error: " . $e->getMessage();
}
