# Test API key
curl -H "Authorization: Bearer YOUR_API_KEY" \
     https://api.example.com/v2/auth/test

# Test OAuth token
curl -H "Authorization: Bearer YOUR_ACCESS_TOKEN" \
     https://api.example.com/v2/auth/test
