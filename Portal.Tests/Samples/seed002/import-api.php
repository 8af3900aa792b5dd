<?php
$apiKey = 'your_api_key_here';
$apiUrl = 'https://your-domain.com';
function importProducts($apiKey, $apiUrl, $filePath) {
$file = new CURLFile($filePath, 'text/csv', 'products.csv');
$postData = [
'file' => $file,
'entity' => 'products',
'mapperId' => 'your-mapper-id'
];
$ch = curl_init($apiUrl . '/api/import');
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
curl_setopt($ch, CURLOPT_POST, true);
curl_setopt($ch, CURLOPT_POSTFIELDS, $postData);
curl_setopt($ch, CURLOPT_HTTPHEADER, [
'X-API-Key: ' . $apiKey
]);
$response = curl_exec($ch);
$httpCode = curl_getinfo($ch, CURLINFO_HTTP_CODE);
curl_close($ch);
if ($httpCode !== 200) {
throw new Exception('Import Error: ' . $httpCode);
}
return json_decode($response, true);
}
// Usage
try {
$result = importProducts($apiKey, $apiUrl, './products.csv');
echo "Import completed: " . $result['imported'] . " imported\n";
} catch (Exception $e) {
echo "Error: " . $e->getMessage() . "\n";
}
