// Peer: a Node server verifying bearer tokens with the `jose` package, the way its docs show it:
// createRemoteJWKSet (keys fetched from the JWKS URL and cached) and jwtVerify with the same issuer, audience and
// algorithms as the verifier. One process, no cluster: Node runs JavaScript on one core.
//   JWKS_URL=https://127.0.0.1:8443/jwks.json ISSUER=... AUDIENCE=api ALGORITHMS=RS256,PS256,ES256,EdDSA \
//   PORT=18083 node jose-server.mjs
import { createServer } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const jwks = createRemoteJWKSet(new URL(process.env.JWKS_URL));
const options = {
  issuer: process.env.ISSUER,
  audience: process.env.AUDIENCE,
  algorithms: (process.env.ALGORITHMS ?? 'RS256').split(','),
};

const server = createServer(async (req, res) => {
  const authorization = req.headers.authorization ?? '';
  if (!authorization.startsWith('Bearer ')) {
    res.writeHead(401, { 'WWW-Authenticate': 'Bearer' });
    res.end();
    return;
  }
  try {
    const { payload } = await jwtVerify(authorization.slice(7), jwks, options);
    res.writeHead(200, {
      'Content-Type': 'text/plain',
      'Cache-Control': 'no-store',
      'X-User-Id': String(payload.sub ?? ''),
      'X-User-Email': String(payload.email ?? ''),
    });
    res.end('OK\n');
  } catch {
    res.writeHead(401, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    res.end();
  }
});
server.keepAliveTimeout = 120_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
