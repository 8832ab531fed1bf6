// 1.6 e-Documentos: sending a document as an XML file, on the test's engine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  AGENTE, IMPORTADOR, NAVIERA, ROOT, assertSecurityHeaders, byId, noticeRows, rawRequest, textOf,
  startServer,
} from './lib.mjs';

const sample = (t) => readFileSync(path.join(ROOT, 'schemas', 'samples', `${t}.xml`), 'utf8');

/** POSTs xml as the file "archivo" of the sending form (multipart). */
async function upload(c, xml, { name = 'doc.xml', csrf } = {}) {
  const token = csrf ?? await c.sessionCsrf('/edocumentos');
  const fd = new FormData();
  fd.append('csrf', token);
  if (xml !== null) fd.append('archivo', new Blob([xml], { type: 'text/xml' }), name);
  return c.request('POST', '/edocumentos', { body: fd });
}

describe('1.6 e-Documentos', () => {
  let srv;
  before(async () => {
    srv = await startServer();
    // The operator's side alone: no electronic acceptance (customs.test.mjs has it).
    srv.sql('UPDATE risk_ruleset SET auto_accept = 0');
    const r = srv.cli(['catalog', 'import', '--data', path.join(ROOT, 'data')]);
    assert.equal(r.status, 0, r.stderr);
  });
  after(async () => { await srv.stop(); });

  test('public: the schemas and samples to download; the form only for an operator', async () => {
    const c = srv.client();
    const r = await c.get('/edocumentos');
    assert.equal(r.status, 200);
    for (const t of ['DAI', 'DAE', 'MANIFIESTO', 'DOCTRANSPORTE']) {
      assert.match(r.text, new RegExp(`href="/edocumentos/esquemas/${t}\\.xsd"`));
      assert.match(r.text, new RegExp(`href="/edocumentos/ejemplos/${t}\\.xml"`));
    }
    assert.ok(!/enctype="multipart\/form-data"/.test(r.text), 'no sending form when signed out');
    const x = await c.get('/edocumentos/esquemas/DAI.xsd');
    assert.equal(x.status, 200);
    assert.equal(x.headers.get('content-type'), 'application/xml');
    assert.match(x.headers.get('content-disposition'), /attachment; filename="DAI.xsd"/);
    assert.match(x.text, /targetNamespace="urn:wco:datamodel:EC:DAI:1:0:0"/);
    assertSecurityHeaders(x, 'xsd');
    assert.equal((await c.get('/edocumentos/ejemplos/DAI.xml')).text, sample('DAI'));
    assert.equal((await c.get('/edocumentos/esquemas/NADA.xsd')).status, 404);
  });

  test('public: the code lists as CSV, each with its count', async () => {
    const c = srv.client();
    const r = await c.get('/edocumentos');
    for (const l of ['hs', 'locode', 'country', 'currency', 'unit', 'package', 'transport', 'incoterm'])
      assert.match(r.text, new RegExp(`href="/edocumentos/catalogos/${l}\\.csv" download>${l}\\.csv</a>`), l);
    const x = await c.get('/edocumentos/catalogos/country.csv');
    assert.equal(x.status, 200);
    assert.equal(x.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(x.headers.get('content-disposition'), /attachment; filename="country.csv"/);
    const lines = x.text.split('\r\n');
    assert.equal(lines[0], 'code,name,name_en,parent,extra');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length - 1, Number(srv.sql("select entries from catalog where code = 'country'")[0][0]));
    assert.ok(lines.includes('EC,Ecuador,Ecuador,,ECU') || lines.some((l) => l.startsWith('EC,Ecuador,')), 'Spanish names');
    const hs = await c.get('/edocumentos/catalogos/hs.csv');
    const hl = hs.text.split('\r\n').filter((l) => l !== '');
    assert.equal(hl.length - 1, Number(srv.sql("select entries from catalog where code = 'hs'")[0][0]), 'all of them, past the first page');
    assert.ok(hl.some((l) => l.startsWith('847130,"')), 'a quoted description');
    for (const bad of ['nada.csv', 'hs', 'hs.xml', '.csv'])
      assert.equal((await c.get(`/edocumentos/catalogos/${bad}`)).status, 404, bad);
  });

  test('a customs broker sends a DAI: número de entrega, receipt, notice, stored as Recibido/Registrado', async () => {
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    const page = await c.get('/edocumentos');
    assert.match(page.text, /enctype="multipart\/form-data"/);
    let r = await upload(c, sample('DAI'), { name: 'mi-dai.xml' });
    assert.equal(r.status, 200, textOf(r.text).slice(0, 400));
    const numero = byId(r.text, 'numero');
    assert.match(numero, /^23902040\d{4}00000001P$/);
    assert.match(textOf(r.text), /Estado de Transmisión Recibido Estado del Documento Registrado Archivo mi-dai\.xml/);
    r = await upload(c, sample('DAI'));
    const second = byId(r.text, 'numero');
    assert.equal(second, numero.replace(/00000001P$/, '00000002P'), 'the next number, no gap');
    const rows = srv.sql(`select numero, doc_type, oce_code, transmission, state, channel from document order by id`);
    assert.deepEqual(rows, [[numero, 'DAI', '23902040', 'Recibido', 'Registrado', 'P'],
      [second, 'DAI', '23902040', 'Recibido', 'Registrado', 'P']]);
    const main = await c.get('/principal');
    assert.equal(noticeRows(main.text)[0].asunto, `Recepción de e-Doc. DAI ${second}`);
    assert.equal(srv.sql(`select count(*) from audit where event = 'edoc_recibido' and detail = '${numero}'`)[0][0], '1');
  });

  test('an invalid DAI: 422, every error listed with where it is, kept as Error without a número', async () => {
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    const before = Number(srv.sql('select count(*) from document where numero is not null')[0][0]);
    const bad = sample('DAI').replace(/<Currency>[A-Z]{3}<\/Currency>/, '<Currency>QQQ</Currency>')
      .replace(/<Incoterm>[A-Z]{3}<\/Incoterm>/, '<Incoterm>ZZZ</Incoterm>');
    const r = await upload(c, bad);
    assert.equal(r.status, 422);
    assert.match(textOf(r.text), /Documento con errores/);
    const items = [...r.text.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1]));
    assert.ok(items.length >= 2, `at least the two errors: ${items.join(' | ')}`);
    assert.ok(items.some((t) => /QQQ/.test(t) && /\/DAI\/.*Currency, línea \d+/.test(t)), items.join(' | '));
    assert.ok(items.some((t) => /ZZZ/.test(t)), items.join(' | '));
    const [[id, numero, state, tx]] = srv.sql("select id, coalesce(numero, ''), coalesce(state, ''), transmission from document order by id desc limit 1");
    assert.deepEqual([numero, state, tx], ['', '', 'Error']);
    assert.ok(Number(srv.sql(`select count(*) from document_error where document_id = ${id}`)[0][0]) >= 2);
    assert.equal(Number(srv.sql('select count(*) from document where numero is not null')[0][0]), before,
      'no número spent on a refused document');
  });

  test('refusals: a DOCTYPE, not XML, not the sender\'s OCE, a type the OCE does not send, no file', async () => {
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    let r = await upload(c, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>');
    assert.equal(r.status, 422);
    assert.match(textOf(r.text), /DOCTYPE/);
    r = await upload(c, 'esto no es XML');
    assert.equal(r.status, 422);
    r = await upload(c, null);
    assert.equal(r.status, 400);
    assert.equal(byId(r.text, 'archivo-err'), 'Elija el archivo XML del documento.');

    const imp = srv.client();
    await imp.enter(IMPORTADOR, '29000001');
    r = await upload(imp, sample('DAI'));
    assert.equal(r.status, 422);
    assert.match(textOf(r.text), /El código de OCE del declarante \(23902040\) no es el código con el que usted opera \(29000001\)/);

    const nav = srv.client();
    await nav.enter(NAVIERA, '05909025');
    r = await upload(nav, sample('DAI'));
    assert.equal(r.status, 422);
    assert.match(textOf(r.text), /Su tipo de OCE \[02\] no puede enviar documentos DAI/);
  });

  test('only an operator with a session and the form\'s token may send; over 10 MB is 413', async () => {
    const anon = srv.client();
    const fd = new FormData();
    fd.append('archivo', new Blob([sample('DAI')], { type: 'text/xml' }), 'a.xml');
    let r = await anon.request('POST', '/edocumentos', { body: fd });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/');
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    r = await upload(c, sample('DAI'), { csrf: 'f'.repeat(64) });
    assert.equal(r.status, 403);
    // Refused from its Content-Length, before the body is read.
    const big = await rawRequest(srv.port, 'POST /edocumentos HTTP/1.1\r\nHost: x\r\n' +
      `Cookie: ${c.cookieHeader()}\r\nContent-Type: multipart/form-data; boundary=b\r\n` +
      `Content-Length: ${10 * 1000 * 1000 + 70 * 1024}\r\n\r\n`);
    assert.equal(big.status, 413);
    r = await c.request('POST', '/edocumentos', { body: 'a=b', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(r.status, 415);
  });
});

describe('durability', () => {
  test('a document answered with its número is there after the server is killed right then', async () => {
    const first = await startServer();
    // The operator's side alone: no electronic acceptance (customs.test.mjs has it).
    first.sql('UPDATE risk_ruleset SET auto_accept = 0');
    assert.equal(first.cli(['catalog', 'import', '--data', path.join(ROOT, 'data')]).status, 0);
    const c = first.client();
    await c.enter(AGENTE, '23902040');
    const r = await upload(c, sample('DAI'));
    assert.equal(r.status, 200);
    const numero = byId(r.text, 'numero');
    const store = await first.kill();   // SIGKILL as soon as the answer arrived
    assert.equal(first.exitInfo.signal, 'SIGKILL');
    const second = await startServer({ store });
    try {
      assert.deepEqual(second.sql(`select transmission, state from document where numero = '${numero}'`),
        [['Recibido', 'Registrado']]);
      assert.equal(second.sql(`select count(*) from document_event e join document d on d.id = e.document_id where d.numero = '${numero}'`)[0][0], '1');
      const again = second.client();
      await again.enter(AGENTE, '23902040');
      const list = await again.get('/tramites');
      assert.match(list.text, new RegExp(`>${numero}</a>`), 'listed after the restart');
      const next = await upload(again, sample('DAI'));
      assert.equal(byId(next.text, 'numero'), numero.replace(/00000001P$/, '00000002P'), 'the sequence goes on, no gap');
    } finally {
      await second.stop();
    }
  });
});
