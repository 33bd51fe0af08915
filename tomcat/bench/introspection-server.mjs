// The IdP's RFC 7662 introspection endpoint for the benchmark's opaque-token rows: it knows the tokens of
// TOKENS_FILE (the ones it "issued") and answers active for those, inactive for any other, as an IdP would; the
// client must authenticate (client_secret_basic). One process, loopback only.
//   TOKENS_FILE=.../opaque.tokens ISSUER=... AUDIENCE=api PORT=18187 node introspection-server.mjs
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

const issued = new Set(readFileSync(process.env.TOKENS_FILE, 'utf8').split('\n').filter((t) => t.length > 0));

const server = createServer((req, res) => {
  if (req.method !== 'POST' || !(req.headers.authorization ?? '').startsWith('Basic ')) {
    res.writeHead(401, { 'WWW-Authenticate': 'Basic' });
    res.end();
    return;
  }
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    const token = new URLSearchParams(body).get('token') ?? '';
    const answer = issued.has(token)
      ? { active: true, iss: process.env.ISSUER, aud: process.env.AUDIENCE, sub: 'user-' + token.slice(-8),
          scope: 'read', client_id: 'bench', exp: Math.floor(Date.now() / 1000) + 3600 }
      : { active: false };
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(answer));
  });
});
server.keepAliveTimeout = 120_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
