<?php
session_start();
$clientId = 'your_client_id';
$clientSecret = 'your_client_secret';
$redirectUri = 'https://yourapp.com/oauth/callback.php';
$apiUrl = 'https://your-domain.com';
function exchangeCodeForToken($code, $state) {
global $clientId, $clientSecret, $redirectUri, $apiUrl;
// Verify state parameter
if (!isset($_SESSION['oauth_state']) || $state !== $_SESSION['oauth_state']) {
throw new Exception('Invalid state parameter - CSRF attack detected');
}
unset($_SESSION['oauth_state']);
// Prepare token request
$postData = [
'grant_type' => 'authorization_code',
'code' => $code,
'redirect_uri' => $redirectUri,
'client_id' => $clientId,
'client_secret' => $clientSecret
];
// Exchange code for tokens
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
throw new Exception('Token exchange failed: ' . $httpCode);
}
$tokens = json_decode($response, true);
// Store tokens securely (in session, database, or secure cookie)
$_SESSION['access_token'] = $tokens['access_token'];
if (isset($tokens['refresh_token'])) {
$_SESSION['refresh_token'] = $tokens['refresh_token'];
}
$_SESSION['token_expires'] = time() + $tokens['expires_in'];
return $tokens;
}
// Handle callback
if (isset($_GET['code']) && isset($_GET['state'])) {
try {
$tokens = exchangeCodeForToken($_GET['code'], $_GET['state']);
echo "OAuth successful! Access token obtained.\n";
echo "Token expires in: " . $tokens['expires_in'] . " seconds\n";
// Redirect to your application
header('Location: /dashboard.php');
exit;
} catch (Exception $e) {
echo "OAuth Error: " . $e->getMessage();
}
} else if (isset($_GET['error'])) {
echo "OAuth Error: " . $_GET['error'];
}
