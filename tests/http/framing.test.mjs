// HTTP framing (issue 8, finding 3): a request whose body could be read two
// ways is refused with 400 and its connection closed, so nothing after it is
// ever served as another request (request smuggling).  A well-framed
// keep-alive pair still gets its two answers.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';

import { assertSecurityHeaders, startServer } from './lib.mjs';

/** Writes raw bytes and reads everything until the server closes (or `ms` pass): the answers' status lines. */
function exchange(port, bytes, ms = 3000) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks = [];
    let closed = false;
    const end = () => {
      clearTimeout(timer);
      sock.destroy();
      const raw = Buffer.concat(chunks).toString('latin1');
      resolve({ raw, statuses: [...raw.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1])), closed });
    };
    const timer = setTimeout(end, ms);
    sock.on('data', (d) => chunks.push(d));
    sock.on('close', () => { closed = true; end(); });
    sock.on('error', () => {});
    sock.on('connect', () => sock.write(bytes));
  });
}

const SMUGGLED = 'GET /guia HTTP/1.1\r\nHost: x\r\n\r\n';

describe('HTTP framing', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv.stop(); });

  const cases = {
    'two different Content-Length': 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
      `Content-Length: 5\r\nContent-Length: ${5 + SMUGGLED.length}\r\n\r\nruc=1${SMUGGLED}`,
    'two equal Content-Length': 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
      `Content-Length: 5\r\nContent-Length: 5\r\n\r\nruc=1${SMUGGLED}`,
    'Content-Length with Transfer-Encoding': 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
      `Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`,
    'Transfer-Encoding with Content-Length (the other order)': 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
      `Transfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n0\r\n\r\n${SMUGGLED}`,
    'two Transfer-Encoding': 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
      `Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  };
  for (const [name, bytes] of Object.entries(cases)) {
    test(`${name}: 400, connection closed, the trailing request never served`, async () => {
      const r = await exchange(srv.port, bytes);
      assert.deepEqual(r.statuses, [400], `answers: ${r.statuses.join(', ')}\n${r.raw.slice(0, 300)}`);
      assert.ok(r.closed, 'the server closes the connection');
      assert.match(r.raw, /\r\nConnection: close\r\n/i);
      assert.match(r.raw, /Content-Security-Policy: /, 'the refusal carries the security headers');
    });
  }

  test('a well-framed keep-alive pair is answered twice on one connection', async () => {
    const r = await exchange(srv.port, 'GET /guia HTTP/1.1\r\nHost: x\r\n\r\nGET /guia HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.deepEqual(r.statuses, [200, 200]);
  });

  test('the refusal is an ordinary page with the security headers', async () => {
    const res = await fetch(`${srv.url}/guia`);
    assertSecurityHeaders(res, '/guia');
  });
});
