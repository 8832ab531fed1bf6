// Response headers: security headers on every kind of response, static files
// (ETag, 304, Cache-Control), cookies, and the language switch.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { IMPORTADOR, NAVIERA, assertSecurityHeaders, formField, rawRequest, startServer, textOf } from './lib.mjs';

describe('headers, static files and language', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv.stop(); });

  test('security headers on 200, 303, 304, 400, 401, 403, 404, 405, 413, 415 and static responses', async () => {
    const c = srv.client();
    const home = await c.get('/');
    const csrf = formField(home.text, 'csrf');
    const css = /href="(\/static\/app\.css\?v=[0-9a-f]+)"/.exec(home.text)[1];
    const big = 'x'.repeat(70 * 1024);
    const responses = {
      '200 HTML': home,
      '200 guide': await c.get('/guia'),
      '303 redirect': await srv.client().get('/principal'),
      '400 bad RUC': await c.post('/login', { ruc: '123', usuario: 'a', clave: 'b', csrf }),
      '401 wrong password': await c.post('/login', { ruc: NAVIERA.ruc, usuario: 'nadie', clave: 'Mala.Clave.1', csrf }),
      '403 csrf': await srv.client().post('/login', { ruc: NAVIERA.ruc, usuario: 'a', clave: 'b' }),
      '404': await c.get('/no-existe'),
      '405': await c.get('/logout'),
      '413': await rawRequest(srv.port, `POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${big.length}\r\n\r\n${big}`),
      '415': await c.request('POST', '/login', { body: 'a=b', headers: { 'Content-Type': 'text/plain' } }),
      '200 static css': await c.get(css),
      '200 static js': await c.get('/static/app.js'),
      '200 static svg': await c.get('/static/logo.svg'),
    };
    const etag = responses['200 static css'].headers.get('etag');
    responses['304 static'] = await c.get(css, { headers: { 'If-None-Match': etag } });
    const signed = srv.client();
    await signed.enter(IMPORTADOR, '29000001');
    responses['200 main page'] = await signed.get('/principal');
    responses['303 sign-out'] = await signed.logout();
    const want = {
      '200 HTML': 200, '200 guide': 200, '303 redirect': 303, '400 bad RUC': 400, '401 wrong password': 401,
      '403 csrf': 403, 404: 404, 405: 405, 413: 413, 415: 415, '200 static css': 200, '200 static js': 200,
      '200 static svg': 200, '304 static': 304, '200 main page': 200, '303 sign-out': 303,
    };
    for (const [name, r] of Object.entries(responses)) {
      assert.equal(r.status, want[name], name);
      assertSecurityHeaders(r, name);
    }
    // HTML pages are not cached; the CSP forbids inline script and framing.
    for (const name of ['200 HTML', '200 main page', '404'])
      assert.equal(responses[name].headers.get('cache-control'), 'no-store', `${name}: Cache-Control`);
    const csp = home.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /object-src 'none'/);
    assert.ok(!/<script>/.test(home.text), 'no inline script in the page');
    assert.ok(![...home.text.matchAll(/<[^>]+\son[a-z]+=/gi)].length, 'no inline event handlers');
  });

  test('static files: types, ETag and If-None-Match → 304, immutable with ?v=', async () => {
    const c = srv.client();
    // app.js is linked from the OCE page; the css and the logo from every page.
    await c.signInOk(IMPORTADOR);
    const home = (await c.get('/oce')).text;
    const types = { 'app.css': /^text\/css/, 'app.js': /^text\/javascript/, 'logo.svg': /^image\/svg\+xml/ };
    for (const [name, type] of Object.entries(types)) {
      const href = new RegExp(`/static/${name.replace('.', '\\.')}\\?v=([0-9a-f]+)`).exec(home);
      assert.ok(href, `${name} is linked with a version`);
      const plain = await c.get(`/static/${name}`);
      assert.equal(plain.status, 200, name);
      assert.match(plain.headers.get('content-type'), type, `${name}: Content-Type`);
      const etag = plain.headers.get('etag');
      assert.match(etag, /^"[0-9a-f]+"$/, `${name}: ETag`);
      assert.ok(plain.text.length > 0);
      assert.doesNotMatch(plain.headers.get('cache-control'), /immutable/, `${name}: no immutable without ?v=`);
      const versioned = await c.get(href[0]);
      assert.equal(versioned.status, 200);
      assert.match(versioned.headers.get('cache-control'), /immutable/, `${name}: ?v= is immutable`);
      assert.match(versioned.headers.get('cache-control'), /max-age=\d{7,}/);
      assert.equal(versioned.headers.get('etag'), etag);
      assert.equal(versioned.text, plain.text);
      const again = await c.get(`/static/${name}`, { headers: { 'If-None-Match': etag } });
      assert.equal(again.status, 304, `${name}: If-None-Match → 304`);
      assert.equal(again.text, '');
      assert.equal(again.headers.get('etag'), etag);
      const other = await c.get(`/static/${name}`, { headers: { 'If-None-Match': '"0000"' } });
      assert.equal(other.status, 200, `${name}: another ETag → 200`);
    }
  });

  test('cookies: aduana_s HttpOnly SameSite=Lax; aduana_pre HttpOnly SameSite=Strict; no Secure by default', async () => {
    const c = srv.client();
    const home = await c.get('/');
    const pre = home.cookie('aduana_pre');
    assert.ok(pre.attrs.httponly);
    assert.equal(pre.attrs.samesite, 'Strict');
    assert.equal(pre.attrs.path, '/');
    assert.ok(!pre.attrs.secure, 'plain HTTP test server: no Secure unless ADUANA_SECURE_COOKIES');
    const login = await c.post('/login', { ruc: NAVIERA.ruc, usuario: 'naviera', clave: NAVIERA.clave, csrf: pre.value });
    const s = login.cookie('aduana_s');
    assert.ok(s, 'aduana_s is set');
    assert.ok(s.attrs.httponly, 'aduana_s HttpOnly');
    assert.equal(s.attrs.samesite, 'Lax', 'aduana_s SameSite=Lax');
    assert.equal(s.attrs.path, '/');
    assert.equal(s.attrs['max-age'], undefined, 'a browser-session cookie');
    assert.match(s.value, /^[0-9a-f]{32,}$/);
    // Every Set-Cookie of the portal is HttpOnly.
    for (const r of [home, login, await c.get('/idioma?l=en&volver=/')])
      for (const ck of r.cookies) assert.ok(ck.attrs.httponly, `${ck.name} HttpOnly`);
  });

  test('language switch: English shows "Sign in"; volver must be a local path', async () => {
    const c = srv.client();
    let r = await c.get('/idioma?l=en&volver=/');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/');
    const lang = r.cookie('aduana_lang');
    assert.equal(lang?.value, 'en');
    assert.ok(Number(lang.attrs['max-age']) > 0, 'the choice is remembered');
    r = await c.get('/');
    assert.match(r.text, /<html lang="en">/);
    assert.match(r.text, /<h1 id="t-login">Sign in<\/h1>/);
    assert.match(r.text, />Español</, 'a link back to Spanish');
    // Messages are translated too.
    const csrf = formField(r.text, 'csrf');
    const bad = await c.post('/login', { ruc: '1710034066001', usuario: 'a', clave: 'b', csrf });
    assert.equal(bad.status, 400);
    assert.match(textOf(bad.text), /The RUC entered is not valid: The check digit does not match/);
    // Also the generic error, which is rendered on a worker thread.
    const wrong = await c.post('/login', { ruc: NAVIERA.ruc, usuario: 'naviera', clave: 'Wrong.Password.1', csrf });
    assert.equal(wrong.status, 401);
    assert.equal(textOf(/<p class="field-error" id="form-err">([\s\S]*?)<\/p>/.exec(wrong.text)[1]),
      'Wrong RUC, user ID or password. Check them and try again.');
    assert.match(wrong.text, /<html lang="en">/);
    r = await c.get('/idioma?l=es&volver=/guia');
    assert.equal(r.location, '/guia');
    r = await c.get('/guia');
    assert.match(r.text, /<html lang="es">/);
    // Not an open redirect.
    for (const v of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/\r\nSet-Cookie: x=1', '\\evil']) {
      r = await c.get(`/idioma?l=en&volver=${encodeURIComponent(v)}`);
      assert.equal(r.status, 303, v);
      assert.equal(r.location, '/', `volver=${v} goes home`);
    }
    assert.equal((await c.get('/idioma?l=fr&volver=/')).status, 400, 'unknown language');
  });

  test('Secure cookies with ADUANA_SECURE_COOKIES=1', async () => {
    const s2 = await startServer({ seed: false, env: { ADUANA_SECURE_COOKIES: '1' } });
    try {
      const r = await s2.client().get('/');
      assert.equal(r.status, 200);
      assert.ok(r.cookie('__Host-aduana_pre').attrs.secure, 'Secure, and with the __Host- prefix');
    } finally {
      await s2.stop();
    }
  });
});

describe('Secure cookies (ADUANA_SECURE_COOKIES=1)', () => {
  let srv;
  before(async () => { srv = await startServer({ env: { ADUANA_SECURE_COOKIES: '1' } }); });
  after(async () => { await srv.stop(); });

  test('the session and pre-session cookies carry the __Host- prefix: Secure, Path=/, no Domain', async () => {
    const c = srv.client();
    const home = await c.get('/');
    const pre = home.cookie('__Host-aduana_pre');
    assert.ok(pre, `the pre-session cookie is __Host-aduana_pre: ${home.cookies.map((k) => k.name)}`);
    assert.ok(!home.cookie('aduana_pre'));
    for (const k of [pre]) {
      assert.ok(k.attrs.secure);
      assert.equal(k.attrs.path, '/');
      assert.equal(k.attrs.domain, undefined);
    }
    const login = await c.post('/login', { ruc: NAVIERA.ruc, usuario: NAVIERA.usuario, clave: NAVIERA.clave,
      csrf: formField(home.text, 'csrf') });
    assert.equal(login.status, 303);
    const s = login.cookie('__Host-aduana_s');
    assert.ok(s && s.attrs.secure && s.attrs.path === '/' && s.attrs.domain === undefined, 'the session cookie too');
    assert.equal((await c.get('/oce')).status, 200, 'the prefixed session cookie is the one read');
    // An unprefixed cookie (what a sibling subdomain could plant) is not read.
    const other = srv.client();
    other.setCookie('aduana_s', s.value);
    assert.equal((await other.get('/oce')).status, 303);
  });
});
