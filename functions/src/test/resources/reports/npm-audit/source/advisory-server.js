// Serves npm's bulk advisory endpoint from advisories.json (the registry's mirror here refuses POST);
// every other request (packuments, tarballs) is passed to https://registry.npmjs.org unchanged.
const http = require('http');
const https = require('https');
const fs = require('fs');
const advisories = JSON.parse(fs.readFileSync(__dirname + '/advisories.json', 'utf8'));
http.createServer((req, res) => {
  if (req.method === 'POST' && req.url.startsWith('/-/npm/v1/security/advisories/bulk')) {
    const chunks = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = require('zlib').gunzipSync(body);
      const asked = JSON.parse(body.toString());
      const answer = {};
      for (const name of Object.keys(asked)) if (advisories[name]) answer[name] = advisories[name];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
    return;
  }
  https.get('https://registry.npmjs.org' + req.url, { headers: { accept: req.headers.accept || '*/*' } }, up => {
    const headers = { ...up.headers };
    delete headers['content-encoding'];
    res.writeHead(up.statusCode, headers);
    up.pipe(res);
  }).on('error', e => { res.writeHead(502); res.end(String(e)); });
}).listen(Number(process.argv[2] || 4873), '127.0.0.1');
