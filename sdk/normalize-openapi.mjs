// Reads the server's OpenAPI document on stdin and writes the form committed as sdk/openapi.json: without `servers`
// (the address it was fetched from), indented, ending with a newline. OpenApiFreshnessTests compares it the same way.
let text = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) text += chunk;
const document = JSON.parse(text);
delete document.servers;
process.stdout.write(JSON.stringify(document, null, 2) + '\n');
