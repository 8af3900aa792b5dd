<?php
$apiKey = 'your_api_key_here';
$apiUrl = 'https://your-domain.com';
function fetchProducts($apiKey, $apiUrl) {
$query = [
'query' => 'products { id, name, price, stock }'
];
$ch = curl_init($apiUrl . '/api/query');
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
curl_setopt($ch, CURLOPT_POST, true);
curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode($query));
curl_setopt($ch, CURLOPT_HTTPHEADER, [
'X-API-Key: ' . $apiKey,
'Content-Type: application/json'
]);
$response = curl_exec($ch);
$httpCode = curl_getinfo($ch, CURLINFO_HTTP_CODE);
curl_close($ch);
if ($httpCode !== 200) {
throw new Exception('API Error: ' . $httpCode);
}
$data = json_decode($response, true);
return $data['products'];
}
// Usage
try {
$products = fetchProducts($apiKey, $apiUrl);
echo "Found " . count($products) . " products\n";
foreach ($products as $product) {
echo "{$product['name']}: {$product['price']}\n";
}
} catch (Exception $e) {
echo "Error: " . $e->getMessage() . "\n";
}
