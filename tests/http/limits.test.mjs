// Input limits and protocol errors: 413, 431, 404, 405, 415, 400.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  GENERIC_ERROR, IMPORTADOR, NAVIERA, assertSecurityHeaders, byId, formField, rawRequest, startServer, textOf,
} from './lib.mjs';

const FORM = 'application/x-www-form-urlencoded';

describe('limits and protocol errors', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv.stop(); });

  /* A visitor with the sign-in form loaded: { c, csrf }. */
  async function visitor() {
    const c = srv.client();
    const csrf = formField((await c.get('/')).text, 'csrf');
    return { c, csrf };
  }

  test('a body over 64 KiB with Content-Length → 413', async () => {
    const { c, csrf } = await visitor();
    const body = `ruc=${NAVIERA.ruc}&usuario=naviera&clave=${NAVIERA.clave}&csrf=${csrf}&x=${'a'.repeat(70 * 1024)}`;
    const r = await rawRequest(srv.port,
      `POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${FORM}\r\nCookie: ${c.cookieHeader()}\r\n` +
      `Content-Length: ${body.length}\r\n\r\n${body}`);
    assert.equal(r.status, 413);
    assertSecurityHeaders(r, '413');
    assert.match(r.text, /Solicitud demasiado grande/);
    const plus1 = await rawRequest(srv.port,
      `POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${FORM}\r\nContent-Length: ${64 * 1024 + 1}\r\n\r\n` +
      'a'.repeat(64 * 1024 + 1));
    assert.equal(plus1.status, 413, '64 KiB + 1 byte');
    assert.ok(!r.headers.getSetCookie().some((s) => s.startsWith('aduana_s=')), 'no session');
    // Through fetch as well (the refusal may come before the body is read).
    const f = await c.post('/login', { ruc: NAVIERA.ruc, usuario: 'naviera', clave: NAVIERA.clave, csrf,
      x: 'b'.repeat(65 * 1024) }).catch((e) => ({ status: `error ${e.cause?.code ?? e.message}` }));
    assert.equal(f.status, 413);
    // Exactly at the limit is not "too large" (the login itself is then refused or served normally).
    const pad = 64 * 1024 - (`ruc=${NAVIERA.ruc}&usuario=naviera&clave=${NAVIERA.clave}&csrf=${csrf}`).length;
    const fields = {};
    let left = pad;
    for (let i = 0; left > 0; i++) {
      const name = `p${String(i).padStart(2, '0')}`;
      const len = Math.min(4000, left - name.length - 2);
      fields[name] = 'c'.repeat(Math.max(0, len));
      left -= name.length + 2 + Math.max(0, len);
    }
    const atLimit = new URLSearchParams({ ruc: NAVIERA.ruc, usuario: 'naviera', clave: NAVIERA.clave, csrf, ...fields }).toString();
    assert.ok(atLimit.length <= 64 * 1024 && atLimit.length > 63 * 1024, `body of ${atLimit.length} bytes`);
    const ok = await c.request('POST', '/login', { body: atLimit, headers: { 'Content-Type': FORM } });
    assert.equal(ok.status, 303, 'a 64 KiB body with undeclared padding fields signs in');
  });

  test('a chunked body over 64 KiB → 413', async () => {
    const { c, csrf } = await visitor();
    const parts = [
      `POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${FORM}\r\nCookie: ${c.cookieHeader()}\r\n` +
      'Transfer-Encoding: chunked\r\n\r\n',
    ];
    const first = `ruc=${NAVIERA.ruc}&usuario=naviera&clave=${NAVIERA.clave}&csrf=${csrf}&x=`;
    parts.push(`${first.length.toString(16)}\r\n${first}\r\n`);
    const chunk = 'z'.repeat(8192);
    for (let i = 0; i < 10; i++) parts.push(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    parts.push('0\r\n\r\n');
    const r = await rawRequest(srv.port, parts).catch((e) => ({ status: `no response (${e.message})` }));
    assert.equal(r.status, 413);
    assertSecurityHeaders(r, 'chunked 413');
    assert.match(r.text, /Solicitud demasiado grande/);
  });

  test('a small chunked form is read normally', async () => {
    const { c: c2, csrf: csrf2 } = await visitor();
    const small = `ruc=${IMPORTADOR.ruc}&usuario=importador&clave=${IMPORTADOR.clave}&csrf=${csrf2}`;
    const ok = await rawRequest(srv.port, [
      `POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${FORM}\r\nCookie: ${c2.cookieHeader()}\r\n` +
      'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
      `${(10).toString(16)}\r\n${small.slice(0, 10)}\r\n`,
      `${(small.length - 10).toString(16)}\r\n${small.slice(10)}\r\n0\r\n\r\n`,
    ]);
    assert.equal(ok.status, 303);
  });

  test('request headers over 16 KiB → 431', async () => {
    const r = await rawRequest(srv.port,
      `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Relleno: ${'h'.repeat(17 * 1024)}\r\n\r\n`);
    assert.equal(r.status, 431);
    const many = Array.from({ length: 200 }, (_, i) => `X-H${i}: ${'v'.repeat(90)}\r\n`).join('');
    const r2 = await rawRequest(srv.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n${many}\r\n`);
    assert.equal(r2.status, 431, 'many headers adding up past 16 KiB');
    // Still serving afterwards.
    assert.equal((await srv.client().get('/')).status, 200);
  });

  test('request headers just under 16 KiB get an answer, never a closed connection', async () => {
    for (const size of [15000, 15600, 15800, 16000, 16200]) {
      const req = `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Relleno: ${'h'.repeat(size)}\r\n\r\n`;
      assert.ok(req.length < 16 * 1024);
      const r = await rawRequest(srv.port, req).catch((e) => ({ status: `no response (${e.message})` }));
      assert.ok([200, 431].includes(r.status), `head of ${req.length} bytes: got ${r.status}`);
    }
  });

  test('a target over 2048 bytes → 414', async () => {
    const r = await srv.client().get(`/principal?q=${'q'.repeat(2100)}`);
    assert.equal(r.status, 414);
    assertSecurityHeaders(r, '414');
  });

  test('the 404 page does not echo the path', async () => {
    const c = srv.client();
    const evil = '/<script>alert(1)</script>';
    let r = await c.get(encodeURI(evil));
    assert.equal(r.status, 404);
    assertSecurityHeaders(r, '404');
    assert.match(r.text, /Página no encontrada/);
    assert.ok(!r.text.includes('<script>alert'), 'no script from the path');
    assert.ok(!/alert\(1\)/.test(textOf(r.text)), 'the path is not in the text of the page');
    // The raw bytes, not percent-encoded, sent straight on the socket.
    r = await rawRequest(srv.port, `GET ${evil} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    assert.equal(r.status, 404);
    assert.ok(!r.text.includes('<script>alert'), 'no raw script from the path');
    assert.ok(!r.text.includes('<script'), 'no script element at all on the error page');
    assert.ok(!/alert\(1\)/.test(textOf(r.text)), 'the path is not in the text of the page');
    r = await c.get('/static/..%2f..%2fetc%2fpasswd');
    assert.equal(r.status, 404);
    r = await c.get('/static/no-existe.css');
    assert.equal(r.status, 404);
    r = await c.get('/principal/');
    assert.equal(r.status, 404);
  });

  test('a wrong method → 405 with Allow', async () => {
    const c = srv.client();
    for (const [m, p] of [['POST', '/'], ['POST', '/principal'], ['GET', '/logout'],
      ['PUT', '/'], ['DELETE', '/oce'], ['PATCH', '/login']]) {
      const r = await c.request(m, p, m === 'GET' ? {} : { body: 'a=b', headers: { 'Content-Type': FORM } });
      assert.equal(r.status, 405, `${m} ${p}`);
      assert.ok(r.headers.get('allow'), `${m} ${p}: Allow`);
      assertSecurityHeaders(r, `405 ${m} ${p}`);
    }
    const h = await c.request('HEAD', '/');
    assert.equal(h.status, 200, 'HEAD is answered like GET');
  });

  test('405 Allow lists the methods of that path only', async () => {
    const c = srv.client();
    const methods = (r) => r.headers.get('allow').split(',').map((m) => m.trim()).sort();
    let r = await c.get('/logout');
    assert.equal(r.status, 405);
    assert.deepEqual(methods(r), ['POST'], 'Allow for /logout');
    r = await c.request('PUT', '/login');
    assert.equal(r.status, 405);
    assert.deepEqual(methods(r), ['GET', 'HEAD', 'POST'], 'Allow for /login (the sign-in page and the form)');
    r = await c.request('POST', '/principal', { body: 'a=b', headers: { 'Content-Type': FORM } });
    assert.equal(r.status, 405);
    assert.deepEqual(methods(r), ['GET', 'HEAD'], 'Allow for /principal');
  });

  test('a POST that is not a urlencoded form → 415', async () => {
    const { c, csrf } = await visitor();
    const body = new URLSearchParams({ ruc: NAVIERA.ruc, usuario: 'naviera', clave: NAVIERA.clave, csrf }).toString();
    for (const ct of ['text/plain', 'application/json', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencodedx']) {
      const r = await c.request('POST', '/login', { body, headers: { 'Content-Type': ct } });
      assert.equal(r.status, 415, ct);
      assert.ok(!r.cookie('aduana_s'));
    }
    // No Content-Type at all (a Buffer body gets none from fetch).
    const r = await c.request('POST', '/login', { body: Buffer.from(body) });
    assert.equal(r.status, 415, 'no Content-Type');
    // Parameters and case are fine.
    const ok = await c.request('POST', '/login', { body, headers: { 'Content-Type': 'Application/X-WWW-Form-Urlencoded; charset=UTF-8' } });
    assert.equal(ok.status, 303);
  });

  test('undeclared extra form fields are ignored', async () => {
    const { c, csrf } = await visitor();
    const r = await c.post('/login', {
      ruc: IMPORTADOR.ruc, usuario: 'importador', clave: IMPORTADOR.clave, csrf,
      admin: '1', rol: 'administrador', oce: '05909025', ['x'.repeat(64)]: 'y',
    });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/oce');
    const x = await c.post('/oce', { codigo: '29000001', accion: 'ingresar', csrf: await c.sessionCsrf(), usuario: 'naviera' });
    assert.equal(x.status, 303);
    const p = await c.get('/principal?foo=bar&pagina=1');
    assert.equal(p.status, 200);
    assert.match(textOf(p.text), /importador · RUC 1710034065001/);
  });

  test('a declared field over its limit → 400 or 413, never a success', async () => {
    const enc = (o) => new URLSearchParams(o).toString();
    const base = (csrf) => ({ ruc: NAVIERA.ruc, usuario: 'naviera', clave: NAVIERA.clave, csrf });
    const cases = {
      'usuario of 65 chars': (csrf) => enc({ ...base(csrf), usuario: 'u'.repeat(65) }),
      'usuario of 65 chars (the real user, padded)': (csrf) => enc({ ...base(csrf), usuario: `naviera${' '.repeat(58)}` }),
      'clave of 257 chars': (csrf) => enc({ ...base(csrf), clave: 'c'.repeat(257) }),
      'ruc of 65 chars (the real RUC, padded)': (csrf) => enc({ ...base(csrf), ruc: `${NAVIERA.ruc}${' '.repeat(52)}` }),
      'csrf of 65 chars': (csrf) => enc({ ...base(csrf), csrf: `${csrf}0` }),
      'undeclared value over 4 KiB': (csrf) => enc({ ...base(csrf), x: 'v'.repeat(5000) }),
      'field name over 64 bytes': (csrf) => enc({ ...base(csrf), ['n'.repeat(65)]: '1' }),
      'more than 32 fields': (csrf) => enc([...Object.entries(base(csrf)), ...Array.from({ length: 30 }, (_, i) => [`f${i}`, '1'])]),
      'bad percent-encoding': (csrf) => `${enc(base(csrf))}&x=%ZZ`,
      'invalid UTF-8': (csrf) => `${enc({ ...base(csrf), usuario: undefined }).replace(/usuario=undefined&?/, '')}&usuario=%C3%28`,
      'a field twice': (csrf) => `${enc(base(csrf))}&usuario=naviera`,
    };
    for (const [name, make] of Object.entries(cases)) {
      const { c, csrf } = await visitor();
      const r = await c.request('POST', '/login', { body: make(csrf), headers: { 'Content-Type': FORM } });
      assert.ok([400, 413].includes(r.status), `${name}: got ${r.status}`);
      assert.ok(!r.cookie('aduana_s'), `${name}: no session`);
      assert.notEqual(byId(r.text, 'form-err'), GENERIC_ERROR, `${name}: not even tried`);
    }
    // Same on a GET query.
    const c = srv.client();
    await c.enter(IMPORTADOR, '29000001');
    assert.equal((await c.get(`/principal?q=${'q'.repeat(201)}`)).status, 400, 'q over 200');
    assert.equal((await c.get('/principal?pagina=12345678')).status, 400, 'pagina over 7');
    assert.equal((await c.get(`/principal?q=${'q'.repeat(200)}`)).status, 200, 'q of 200 is fine');
    // None of this counted as a failed sign-in of naviera.
    assert.equal(srv.sql("select failures from app_user where usuario = 'naviera'")[0][0], '0');
  });
});
