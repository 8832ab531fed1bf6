// What a security review of the first version found, kept fixed: cookies past
// their limits, cross-site reads of notices, one client filling the sign-in
// queue, a body that keeps coming after its 413, sign-out that must reach
// the store.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { IMPORTADOR, NAVIERA, formField, noticeRows, rawRequest, startServer } from './lib.mjs';

const FORM = 'application/x-www-form-urlencoded';

describe('hardening', () => {
  let srv;
  before(async () => { srv = await startServer({ env: { ADUANA_SLOW_PER_CLIENT: '2', ADUANA_WORKERS: '1' } }); });
  after(async () => { await srv.stop(); });

  test('too many cookies, or a Cookie header past 4 KiB → 431, not "signed out"', async () => {
    const c = srv.client();
    await c.enter(IMPORTADOR, '29000001');
    const extra = Array.from({ length: 40 }, (_, i) => `x${i}=1`).join('; ');
    let r = await c.get('/principal', { headers: { Cookie: `${c.cookieHeader()}; ${extra}` } });
    assert.equal(r.status, 431);
    assert.match(r.text, /Encabezados demasiado grandes/);
    r = await c.get('/principal', { headers: { Cookie: `${c.cookieHeader()}; big=${'a'.repeat(4200)}` } });
    assert.equal(r.status, 431);
    // The session itself is untouched.
    assert.equal((await c.get('/principal')).status, 200);
  });

  test('a notice opened from another site is shown but not marked read', async () => {
    const c = srv.client();
    await c.enter(NAVIERA, '05909025');
    const first = noticeRows((await c.get('/principal')).text)[0];
    assert.equal(first.estado, 'No leído');
    const id = first.href.split('/').pop();
    let r = await c.get(`/notificaciones/${id}`, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    assert.equal(r.status, 200);
    assert.equal(noticeRows((await c.get('/principal')).text)[0].estado, 'No leído', 'still unread');
    r = await c.get(`/notificaciones/${id}`, { headers: { 'Sec-Fetch-Site': 'same-origin' } });
    assert.equal(r.status, 200);
    assert.equal(noticeRows((await c.get('/principal')).text)[0].estado, 'Leído');
  });

  test('one client may have only ADUANA_SLOW_PER_CLIENT sign-ins in flight: the rest get 429', async () => {
    const tries = await Promise.all(Array.from({ length: 16 }, () =>
      srv.client().signIn(IMPORTADOR.ruc, IMPORTADOR.usuario, IMPORTADOR.clave)));
    const counts = {};
    for (const t of tries) counts[t.status] = (counts[t.status] ?? 0) + 1;
    assert.ok(counts[429] >= 1, `some refused: ${JSON.stringify(counts)}`);
    assert.ok(counts[303] >= 2, `the first ones signed in: ${JSON.stringify(counts)}`);
    const refused = tries.find((t) => t.status === 429);
    assert.equal(refused.headers.get('retry-after'), '5');
    assert.match(refused.text, /Demasiadas solicitudes/);
    // Once they are done, the client may sign in again.
    assert.equal((await srv.client().signIn(IMPORTADOR.ruc, IMPORTADOR.usuario, IMPORTADOR.clave)).status, 303);
  });

  test('a chunked body that keeps coming after its 413 is cut off, not read to the end', async () => {
    const c = srv.client();
    const csrf = formField((await c.get('/')).text, 'csrf');
    const parts = [`POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${FORM}\r\n` +
      `Cookie: ${c.cookieHeader()}\r\nTransfer-Encoding: chunked\r\n\r\n`];
    const chunk = `csrf=${csrf}&x=${'z'.repeat(65536)}`;
    for (let i = 0; i < 64; i++) parts.push(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);   // ~4 MiB
    parts.push('0\r\n\r\n');
    const started = Date.now();
    const r = await rawRequest(srv.port, parts, { timeout: 20000 }).then((x) => x.status, (e) => `closed: ${e.message}`);
    assert.notEqual(r, 303);
    assert.notEqual(r, 200);
    assert.ok(Date.now() - started < 15000);
    assert.equal((await srv.client().get('/')).status, 200, 'still serving');
  });

  test('signing in again replaces the old session', async () => {
    const c = srv.client();
    await c.enter(IMPORTADOR, '29000001');
    const old = c.cookie('aduana_s');
    const csrf = formField((await c.get('/?x')).text, 'csrf') ?? null;
    assert.equal(csrf, null, 'a signed-in visitor of / is sent on');
    // POST /login with the old session cookie and a fresh pre-session token
    // (one the server signed: a signed-in visitor is not given one, so ask as another).
    const pre = formField((await srv.client().get('/')).text, 'csrf');
    const r = await c.post('/login', { ruc: IMPORTADOR.ruc, usuario: IMPORTADOR.usuario, clave: IMPORTADOR.clave, csrf: pre },
      { headers: { Cookie: `aduana_s=${old}; aduana_pre=${pre}` } });
    assert.equal(r.status, 303);
    const gone = await c.get('/principal', { headers: { Cookie: `aduana_s=${old}` } });
    assert.equal(gone.status, 303, 'the old token no longer works');
  });
});
