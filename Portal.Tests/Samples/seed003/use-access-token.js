const response = await fetch('https://api.example.com/v2/users', {
  headers: {
    'Authorization': `Bearer ${access_token}`
  }
});
