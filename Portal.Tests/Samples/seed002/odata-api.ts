const API_KEY = 'your_api_key_here';
const API_URL = 'https://your-domain.com';
async function fetchProductsOData() {
try {
const params = new URLSearchParams({
'$select': 'id,name,price,stock',
'$filter': 'stock gt 0',
'$top': '100',
'$orderby': 'name asc'
});
const response = await fetch(
`${API_URL}/odata/products?${params}`,
{
headers: {
'X-API-Key': API_KEY
}
}
);
if (!response.ok) {
throw new Error(`OData Error: ${response.status}`);
}
const data = await response.json();
return data.value;
} catch (error) {
console.error('OData Error:', error);
throw error;
}
}
// Usage
fetchProductsOData().then(products => {
console.log('In-stock products:', products);
});
