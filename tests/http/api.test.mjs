// Answer kinds: JSON routes answer errors as application/problem+json; the
// health endpoint for load balancers; role checks that do not depend on the
// page; the sign-in page at /login.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ENGINE, IMPORTADOR, NAVIERA, SCHEMA_VERSION, assertSecurityHeaders, formField, rawRequest, startServer,
} from './lib.mjs';

describe('answer kinds and roles', () => {
  let srv;
  before(async () => { srv = await startServer(); });
  after(async () => { await srv.stop(); });

  test('GET /api/v1/salud: 200 JSON naming the engine and the schema version', async () => {
    const r = await srv.client().get('/api/v1/salud');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json');
    assert.deepEqual(JSON.parse(r.text), { estado: 'ok', motor: ENGINE, esquema: SCHEMA_VERSION });
    assertSecurityHeaders(r, 'salud');
  });

  test('an unknown /api/ path and a wrong method answer problem+json, in the user\'s language', async () => {
    const c = srv.client();
    let r = await c.get('/api/v1/no-existe');
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    let p = JSON.parse(r.text);
    assert.equal(p.status, 404);
    assert.equal(p.title, 'Página no encontrada');
    assert.ok(p.detail.length > 10);
    r = await c.request('POST', '/api/v1/salud', { body: '{}', headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'GET, HEAD');
    assert.equal(JSON.parse(r.text).status, 405);
    c.setCookie('aduana_lang', 'en');
    r = await c.get('/api/v1/no-existe');
    p = JSON.parse(r.text);
    assert.equal(p.title, 'Page not found');
    assert.equal(r.headers.get('content-language'), 'en');
  });

  test('an unknown /soap/ path answers a SOAP 1.1 fault (Client, with the status), escaped', async () => {
    const c = srv.client();
    const r = await c.request('POST', '/soap/SENAE_ExportCargaService<x>', {
      body: '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"/>',
      headers: { 'Content-Type': 'text/xml' },
    });
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('content-type'), 'text/xml; charset=utf-8');
    assert.match(r.text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<soap:Envelope xmlns:soap="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/">/);
    assert.match(r.text, /<faultcode>soap:Client<\/faultcode>/);
    assert.match(r.text, /<faultstring xml:lang="es">Página no encontrada: /);
    assert.match(r.text, /<detail><estado>404<\/estado><\/detail>/);
    assert.ok(!r.text.includes('<x>'), 'the request is never echoed');
    assertSecurityHeaders(r, 'soap fault');
  });

  test('a body on a route that takes none is refused (413), and a form on /login must be a form (415)', async () => {
    const c = srv.client();
    const raw = await rawRequest(srv.port,
      'GET /guia HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\nx=1');
    assert.equal(raw.status, 413, 'GET with a body');
    assertSecurityHeaders(raw, 'GET with a body');
    const r = await c.request('POST', '/login', { body: '{"ruc":"1"}', headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 415);
    assertSecurityHeaders(r, '415');
  });

  test('GET /login shows the sign-in page (where a failed sign-in leaves the address bar)', async () => {
    const r = await srv.client().get('/login');
    assert.equal(r.status, 200);
    assert.ok(formField(r.text, 'csrf'), 'the sign-in form');
    assert.match(r.text, /<form method="post" action="\/login"/);
  });

  test('roles: the OCE page is open with and without an OCE; the main page needs one', async () => {
    const c = srv.client();
    await c.signInOk(NAVIERA);
    let r = await c.get('/principal');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/oce', 'signed in without OCE: to the OCE choice');
    await c.chooseOce('05909025');
    r = await c.get('/oce');
    assert.equal(r.status, 200, 'with an OCE, /oce still opens (Cambiar OCE)');
    assert.match(r.text, /<option value="05909025" selected>/);
    // Choosing another of the user's codes moves the session; a code of
    // another user's is refused and changes nothing.
    r = await c.chooseOce('29000001');
    assert.equal(r.status, 400);
    r = await c.get('/principal');
    assert.match(r.text, /OCE 05909025 \[02\]/);
    r = await c.chooseOce('05909027', '06');
    assert.equal(r.status, 303);
    r = await c.get('/principal');
    assert.match(r.text, /OCE 05909027 \[06\]/);
    assert.match(r.text, /<a href="\/oce">Cambiar OCE<\/a>/);
    const events = srv.sql("select count(*) from audit where usuario = 'naviera' and event = 'oce'");
    assert.ok(Number(events[0][0]) >= 2, 'each choice is audited');
  });

  test('an operator without a session gets the sign-in page; the expired one is told so', async () => {
    const c = srv.client();
    const r = await c.get('/oce');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/');
    await c.signInOk(IMPORTADOR);
  });
});
