// CSRF: every state-changing POST needs the token of the form it came from.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { AGENTE, IMPORTADOR, NAVIERA, byId, formField, rawRequest, startServer } from './lib.mjs';

const FAKE = 'a'.repeat(64);

describe('CSRF refusal', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv.stop(); });

  function assert403(r, what) {
    assert.equal(r.status, 403, what);
    assert.ok(!r.cookie('aduana_s'), `${what}: no session cookie`);
    assert.equal(byId(r.text, 't-err') ?? '', 'Solicitud rechazada', `${what}: the 403 page`);
  }

  test('POST /login without csrf, with a wrong one, or without the cookie → 403', async () => {
    const creds = { ruc: NAVIERA.ruc, usuario: NAVIERA.usuario, clave: NAVIERA.clave };
    const c = srv.client();
    const home = await c.get('/');
    const csrf = formField(home.text, 'csrf');
    assert403(await c.post('/login', creds), 'no csrf field');
    assert403(await c.post('/login', { ...creds, csrf: '' }), 'empty csrf');
    assert403(await c.post('/login', { ...creds, csrf: FAKE }), 'wrong csrf');
    assert403(await c.post('/login', { ...creds, csrf: csrf.slice(0, -1) }), 'truncated csrf');
    // The field without the matching aduana_pre cookie (a cross-site post).
    assert403(await srv.client().post('/login', { ...creds, csrf }), 'no aduana_pre cookie');
    const other = srv.client();
    await other.get('/');
    assert403(await other.post('/login', { ...creds, csrf }), "another visitor's token");
    // A pair the attacker invented — the cookie planted, the same value in the
    // field (issue 8, finding 5): refused, the server did not sign it.
    const planted = srv.client();
    planted.setCookie('aduana_pre', FAKE);
    assert403(await planted.post('/login', { ...creds, csrf: FAKE }), 'an invented cookie and field pair');
    const b = 'b'.repeat(32) + 'c'.repeat(32);
    planted.setCookie('aduana_pre', b);
    assert403(await planted.post('/login', { ...creds, csrf: b }), 'another invented pair');
    // csrf in the query string instead of the body does not count.
    assert403(await c.post(`/login?csrf=${csrf}`, creds), 'csrf in the query');
    // None of these was a sign-in attempt.
    assert.equal(srv.sql("select count(*) from audit where usuario = 'naviera'")[0][0], '0');
    // The same form with its token works.
    const ok = await c.post('/login', { ...creds, csrf });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, '/oce');
  });

  test('POST /logout without or with a wrong csrf → 403 and the session survives', async () => {
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    assert403(await c.post('/logout', {}), 'no csrf');
    assert403(await c.post('/logout', { csrf: FAKE }), 'wrong csrf');
    const pre = srv.client();
    const preToken = formField((await pre.get('/')).text, 'csrf');
    assert403(await c.post('/logout', { csrf: preToken }), 'a sign-in form token');
    assert.equal((await c.get('/principal')).status, 200, 'still signed in');
    const r = await c.logout();
    assert.equal(r.status, 303);
    // The "Cerrar sesión" button of the OCE page posts the whole OCE form to /logout.
    const d = srv.client();
    await d.signInOk(AGENTE);
    const oceCsrf = await d.sessionCsrf('/oce');
    const out = await d.post('/logout', { csrf: oceCsrf, tipo: '04', codigo: '' });
    assert.equal(out.status, 303);
    assert.equal(out.location, '/?salida=1');
    assert.equal((await d.get('/oce')).location, '/');
    // Without a session there is nothing to sign out of: back to the home page.
    const anon = await srv.client().post('/logout', { csrf: FAKE });
    assert.equal(anon.status, 303);
    assert.equal(anon.location, '/');
  });

  test("POST /oce with another session's csrf → 403", async () => {
    const a = srv.client();
    const b = srv.client();
    await a.signInOk(IMPORTADOR);
    await b.signInOk(IMPORTADOR);
    const csrfA = await a.sessionCsrf();
    const csrfB = await b.sessionCsrf();
    assert.notEqual(csrfA, csrfB, 'each session has its own token');
    assert403(await a.post('/oce', { tipo: '01', codigo: '29000001', accion: 'ingresar', csrf: csrfB }), 'B token on A');
    assert403(await a.post('/oce', { tipo: '01', codigo: '29000001', accion: 'ingresar' }), 'no token');
    assert403(await a.post('/oce', { tipo: '01', accion: 'tipo', csrf: FAKE }), 'type filter with a wrong token');
    assert.equal(srv.sql("select count(*) from audit where usuario = 'importador' and event = 'oce'")[0][0], '0');
    const ok = await a.post('/oce', { tipo: '01', codigo: '29000001', accion: 'ingresar', csrf: csrfA });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, '/principal');
    // After the rotation, the pre-rotation token of A is no longer accepted.
    assert403(await a.post('/logout', { csrf: csrfA }), 'csrf of before the OCE choice');
  });
  test('a POST another site made the browser send is refused even with the valid token', async () => {
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    const host = new URL(srv.url).host;
    const csrf = await c.sessionCsrf('/principal');
    const foreign = [
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      { Origin: `http://${host}.evil.example` },
      { Origin: `http://${host}/x` },
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
      { Origin: `http://${host}`, 'Sec-Fetch-Site': 'cross-site' },
    ];
    for (const headers of foreign)
      assert403(await c.post('/logout', { csrf }, { headers }), `logout with ${JSON.stringify(headers)}`);
    const pre = srv.client();
    const preCsrf = formField((await pre.get('/')).text, 'csrf');
    assert403(await pre.post('/login', { ruc: AGENTE.ruc, usuario: AGENTE.usuario, clave: AGENTE.clave, csrf: preCsrf },
      { headers: { Origin: 'https://evil.example' } }), 'sign-in from another site');
    assert.equal((await c.get('/principal')).status, 200, 'still signed in');
    // The same origin (any case, the default port left out or not) and the
    // proxy's case (https origin, the public Host passed on) are accepted.
    const same = await c.post('/oce', { codigo: '23902040', accion: 'ingresar', csrf },
      { headers: { Origin: `http://${host.toUpperCase()}`, 'Sec-Fetch-Site': 'same-origin' } });
    assert.equal(same.status, 303, 'same origin');
    const typed = await c.post('/oce', { codigo: '23902040', accion: 'ingresar', csrf: await c.sessionCsrf('/principal') },
      { headers: { 'Sec-Fetch-Site': 'none' } });
    assert.equal(typed.status, 303, 'typed by the user');
    // fetch sets Host itself: the proxied request is written by hand.
    const body = new URLSearchParams({ codigo: '23902040', accion: 'ingresar', csrf: await c.sessionCsrf('/principal') }).toString();
    const proxied = await rawRequest(srv.port, 'POST /oce HTTP/1.1\r\nHost: aduana.example.ec:443\r\n' +
      `Origin: https://aduana.example.ec\r\nCookie: ${c.cookieHeader()}\r\nConnection: close\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    assert.equal(proxied.status, 303, 'behind the TLS proxy');
  });
});
