curl -H "Authorization: Bearer YOUR_API_KEY" \
     https://api.example.com/v2/resource
