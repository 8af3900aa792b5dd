// A minimal webhook receiver for bench/webhooks.sh: answers 200 at once, counts deliveries, and when it has seen
// EXPECT of them writes "<count> <first ms> <last ms>" to OUT (and every second while it runs, for progress).
const http = require('http');
const fs = require('fs');
const [port, expect, out] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
let count = 0, first = 0, last = 0;
const write = () => fs.writeFileSync(out, `${count} ${first} ${last}\n`);
http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    const now = Date.now();
    if (count === 0) first = now;
    count++; last = now;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
    if (count === expect) write();
  });
}).listen(port, '127.0.0.1');
setInterval(write, 1000);
