<?php
$apiKey = 'your_api_key_here';
$apiUrl = 'https://your-domain.com';
function fetchProductsOData($apiKey, $apiUrl) {
$params = [
'$select' => 'id,name,price,stock',
'$filter' => 'stock gt 0',
'$top' => 100,
'$orderby' => 'name asc'
];
$url = $apiUrl . '/odata/products?' . http_build_query($params);
$ch = curl_init($url);
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
curl_setopt($ch, CURLOPT_HTTPHEADER, [
'X-API-Key: ' . $apiKey
]);
$response = curl_exec($ch);
$httpCode = curl_getinfo($ch, CURLINFO_HTTP_CODE);
curl_close($ch);
if ($httpCode !== 200) {
throw new Exception('OData Error: ' . $httpCode);
}
$data = json_decode($response, true);
return $data['value'];
}
// Usage
try {
$products = fetchProductsOData($apiKey, $apiUrl);
echo "In-stock products: " . count($products) . "\n";
print_r($products);
} catch (Exception $e) {
echo "Error: " . $e->getMessage() . "\n";
}
