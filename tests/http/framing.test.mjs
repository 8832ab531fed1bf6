// HTTP framing (issue 8, finding 3): a request whose body could be read two
// ways is refused with 400 and its connection closed, so nothing after it is
// ever served as another request (request smuggling).  A well-framed
// keep-alive pair still gets its two answers.  And (finding 4) the answers
// libmicrohttpd makes by itself, before any callback of ours, are one
// well-formed answer each with the security headers (src/http/secheaders.c).
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

  /* Headers as a Headers object, from the raw answer (the first one). */
  const headersOf = (raw) => {
    const head = raw.slice(0, raw.indexOf('\r\n\r\n')).split('\r\n').slice(1);
    const h = new Headers();
    for (const l of head) h.append(l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim());
    return { headers: h };
  };
  const library = {
    'a Content-Length that is not a number': ['GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n', 400],
    'a Content-Length with a sign': ['POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nruc=1', 400],
    'an HTTP version that does not exist': ['GET / HTTP/2.0\r\nHost: x\r\n\r\n', 505],
    'a header block past the library\'s memory (64 KB)': [
      `GET / HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 600 }, (_, i) => `X-Big-${i}: ${'0'.repeat(100)}\r\n`).join('')}\r\n`, 431],
  };
  for (const [name, [bytes, status]] of Object.entries(library)) {
    test(`answers the library makes itself — ${name}: one ${status}, well-formed, with the security headers`, async () => {
      const r = await exchange(srv.port, bytes);
      assert.deepEqual(r.statuses, [status], `answers: ${r.statuses.join(', ')}\n${r.raw.slice(0, 400)}`);
      assert.equal((r.raw.match(/^HTTP\/1\.[01] /gm) ?? []).length, 1, `one status line:\n${r.raw}`);
      const h = headersOf(r.raw);
      assertSecurityHeaders(h, name);
      const len = Number(h.headers.get('content-length'));
      assert.equal(Buffer.byteLength(r.raw.slice(r.raw.indexOf('\r\n\r\n') + 4), 'latin1'), len,
        'the body is exactly Content-Length bytes: nothing else on the connection');
      assert.ok(r.closed, 'the server closes the connection');
    });
  }
});
