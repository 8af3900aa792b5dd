import fs from 'fs';
const API_KEY = 'your_api_key_here';
const API_URL = 'https://your-domain.com';
async function importProducts(filePath: string) {
const formData = new FormData();
const fileContent = fs.readFileSync(filePath);
const blob = new Blob([fileContent]);
formData.append('file', blob, 'products.csv');
formData.append('entity', 'products');
formData.append('mapperId', 'your-mapper-id');
try {
const response = await fetch(
`${API_URL}/api/import`,
{
method: 'POST',
headers: {
'X-API-Key': API_KEY
},
body: formData
}
);
if (!response.ok) {
throw new Error(`Import Error: ${response.status}`);
}
return await response.json();
} catch (error) {
console.error('Import Error:', error);
throw error;
}
}
// Usage
importProducts('./products.csv').then(result => {
console.log(`Import completed: ${result.imported} imported`);
});
