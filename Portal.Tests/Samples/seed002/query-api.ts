const API_KEY = 'your_api_key_here';
const API_URL = 'https://your-domain.com';
async function fetchProducts() {
try {
const response = await fetch(
`${API_URL}/api/query`,
{
method: 'POST',
headers: {
'X-API-Key': API_KEY,
'Content-Type': 'application/json'
},
body: JSON.stringify({
query: `products {
id,
name,
price,
stock
}`
})
}
);
if (!response.ok) {
throw new Error(`API Error: ${response.status}`);
}
const data = await response.json();
return data.products;
} catch (error) {
console.error('API Error:', error);
throw error;
}
}
// Usage
fetchProducts().then(products => {
console.log(`Found ${products.length} products`);
products.forEach(p => {
console.log(`${p.name}: ${p.price}`);
});
});
