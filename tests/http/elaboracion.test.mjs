// 1.1 Elaboración de e-Doc. operativo: documents made in the web form, on
// the test's engine.  The form writes the XML an upload would carry, so the
// same checks judge it; rows are added and removed by the server.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  AGENTE, IMPORTADOR, NAVIERA, ROOT, byId, decodeEntities, edocFormValues, formField, rawRequest, sampleXml, textOf,
  startServer, uploadEdoc,
} from './lib.mjs';

const sample = sampleXml;
const upload = uploadEdoc;
const formValues = edocFormValues;

const legends = (html) => [...html.matchAll(/<legend>([^<]*)<\/legend>/g)].map((m) => decodeEntities(m[1]));
const fieldError = (html, name) => byId(html, `${name}-err`);

describe('1.1 Elaboración de e-Doc. operativo', () => {
  let srv;
  let daiId;     // an uploaded sample DAI of 23902040
  before(async () => {
    srv = await startServer();
    // The operator's side alone: no electronic acceptance (customs.test.mjs has it).
    srv.sql('UPDATE risk_ruleset SET auto_accept = 0');
    const r = srv.cli(['catalog', 'import', '--data', path.join(ROOT, 'data')]);
    assert.equal(r.status, 0, r.stderr);
    const ag = srv.client();
    await ag.enter(AGENTE, '23902040');
    assert.equal((await upload(ag, sample('DAI'))).status, 200);
    daiId = srv.sql('select max(id) from document')[0][0];
  });
  after(async () => { await srv.stop(); });

  test('the menu option lists only what the OCE type sends; other types are refused', async () => {
    const ag = srv.client();
    await ag.enter(AGENTE, '23902040');
    const main = await ag.get('/principal');
    assert.match(main.text, /<a href="\/elaboracion"><span class="num">1\.1<\/span> Elaboración de e-Doc\. operativo<\/a>/);
    let r = await ag.get('/elaboracion');
    assert.equal(r.status, 200);
    const links = [...r.text.matchAll(/<li><a href="(\/elaboracion\/[A-Z]+)">/g)].map((m) => m[1]);
    assert.deepEqual(links, ['/elaboracion/DAI', '/elaboracion/DAE']);
    assert.equal((await ag.get('/elaboracion/MANIFIESTO')).status, 403);
    assert.equal((await ag.get('/elaboracion/NADA')).status, 404);
    const nav = srv.client();
    await nav.enter(NAVIERA, '05909025');
    r = await nav.get('/elaboracion');
    assert.deepEqual([...r.text.matchAll(/<li><a href="(\/elaboracion\/[A-Z]+)">/g)].map((m) => m[1]),
      ['/elaboracion/MANIFIESTO', '/elaboracion/DOCTRANSPORTE']);
    assert.equal((await srv.client().get('/elaboracion/DAI')).status, 303, 'signed out: to sign in');
  });

  test('an empty form: labelled groups, the declarant from the session, short lists as selects', async () => {
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    const r = await c.get('/elaboracion/DAI');
    assert.equal(r.status, 200);
    assert.deepEqual(legends(r.text), ['Datos generales', 'Declarante', 'Importador', 'Despacho y transporte',
      'Valores', 'Totales', 'Ítem 1']);
    for (const m of r.text.matchAll(/<(?:input|select|textarea)\b[^>]*\bid="(f\.[^"]+)"/g))
      assert.match(r.text, new RegExp(`<label for="${m[1].replaceAll('.', '\\.')}">`), `a label for ${m[1]}`);
    assert.match(r.text, /id="f\.declarant\.oce_code" name="f\.declarant\.oce_code" type="text" value="23902040" readonly/);
    assert.match(r.text, /id="f\.declarant\.ruc" name="f\.declarant\.ruc" type="text" value="1790011674001" readonly/);
    assert.match(r.text, /<select id="f\.transport_mode" name="f\.transport_mode"[^>]*>[\s\S]*?<option value="1">1 Transporte marítimo<\/option>/);
    assert.match(r.text, /<select id="f\.regime"[\s\S]*?<option value="10">10 Importación para el consumo<\/option>/);
    assert.match(r.text, /id="f\.export_country"[^>]*list="lista-country"/);
    assert.match(r.text, /<datalist id="lista-country">[\s\S]*?<option value="CN">China<\/option>/);
    assert.match(r.text, /<input id="f\.issue_date" name="f\.issue_date" type="date"/);
    assert.ok(!/Quitar ítem 1/.test(r.text), 'the only row cannot be removed');
    const first = /<button type="submit"[^>]*>/.exec(r.text.slice(r.text.indexOf('class="edoc-form"')))[0];
    assert.match(first, /name="accion" value="revisar" hidden/, 'Enter in a field checks, it neither removes nor sends');
  });

  test('rows: added and removed by the server, every value kept', async () => {
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    const csrf = formField((await c.get('/elaboracion/DAI')).text, 'csrf');
    let r = await c.post('/elaboracion/DAI', { csrf, filas: '1', accion: 'agregar', 'f.importer.name': 'Ana <Pérez> & "Cía"',
      'f.items.1.subpartida': '8471300000' });
    assert.equal(r.status, 200);
    assert.deepEqual(legends(r.text).slice(-2), ['Ítem 1', 'Ítem 2']);
    let v = formValues(r.text);
    assert.equal(v['f.importer.name'], 'Ana <Pérez> & "Cía"', 'kept and escaped');
    assert.equal(v['f.items.1.subpartida'], '8471300000');
    assert.equal(v.filas, '2');
    assert.match(r.text, /<button type="submit" name="accion" value="quitar\.2" class="secondary">Quitar ítem 2<\/button>/);
    r = await c.post('/elaboracion/DAI', { ...v, csrf, accion: 'agregar', 'f.items.2.subpartida': '2', 'f.items.2.description': 'dos' });
    v = formValues(r.text);
    v['f.items.3.subpartida'] = '3';
    r = await c.post('/elaboracion/DAI', { ...v, csrf, accion: 'quitar.2' });
    assert.equal(r.status, 200);
    v = formValues(r.text);
    assert.equal(v.filas, '2');
    assert.equal(v['f.items.1.subpartida'], '8471300000');
    assert.equal(v['f.items.2.subpartida'], '3', 'row 3 moved up');
    assert.equal(v['f.items.2.description'], '');
    assert.equal(v['f.importer.name'], 'Ana <Pérez> & "Cía"');
    assert.equal(srv.sql('select count(*) from document')[0][0], '1', 'nothing stored');
    assert.equal((await c.post('/elaboracion/DAI', { ...v, csrf, accion: 'quitar.9' })).status, 400);
  });

  test('blank and malformed inputs: every one beside its input, 422, nothing stored', async () => {
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    const csrf = formField((await c.get('/elaboracion/DAI')).text, 'csrf');
    const r = await c.post('/elaboracion/DAI', { csrf, filas: '1', accion: 'enviar', 'f.freight_cents': '1.234,56',
      'f.items.1.fob_value_cents': 'mil' });
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'f.issue_date'), '«Fecha de emisión»: ingrese este dato.');
    assert.equal(fieldError(r.text, 'f.importer.ruc'), '«RUC»: ingrese este dato.');
    assert.equal(fieldError(r.text, 'f.items.1.subpartida'), '«Subpartida»: ingrese este dato.');
    assert.match(fieldError(r.text, 'f.freight_cents'), /^«Flete»: ingrese un valor con hasta 2 decimales/);
    assert.match(fieldError(r.text, 'f.items.1.fob_value_cents'), /^«Valor FOB»: ingrese un valor/);
    assert.match(r.text, /id="f\.issue_date"[^>]*aria-describedby="f\.issue_date-err"[^>]*aria-invalid="true"/);
    assert.match(r.text, /<a href="#f\.items\.1\.subpartida">«Subpartida»: ingrese este dato\.<\/a>/, 'the summary links the input');
    assert.equal(formValues(r.text)['f.freight_cents'], '1.234,56', 'what was typed stays');
    assert.equal(srv.sql('select count(*) from document')[0][0], '1');
  });

  test('a DAI loaded from a document, checked, then sent: the same path as an upload', async () => {
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    let r = await c.get(`/elaboracion/DAI?desde=${daiId}`);
    assert.equal(r.status, 200);
    assert.match(textOf(r.text), /Se cargaron los datos del documento/);
    const v = formValues(r.text);
    assert.equal(v.filas, '3');
    assert.equal(v['f.fob_value_cents'], '128125.63', 'cents shown as money');
    assert.equal(v['f.items.2.description'], 'Teléfonos inteligentes, 128 GB, con cargador, marca Xiaomi, modelo Redmi Note 13');
    // a person leaves the totals blank and types in lower case with decimal commas
    Object.assign(v, { 'f.fob_value_cents': '', 'f.total_packages': '', 'f.total_gross_weight_kg': '',
      'f.total_net_weight_kg': '', 'f.currency': 'usd', 'f.items.1.gross_weight_kg': '420,5' });
    const before = srv.sql('select count(*) from document')[0][0];
    r = await c.post('/elaboracion/DAI', { ...v, accion: 'revisar' });
    assert.equal(r.status, 200, textOf(r.text).slice(0, 600));
    assert.equal(byId(r.text, 'estado-revision'), 'El documento es válido: puede enviarlo.');
    assert.equal(srv.sql('select count(*) from document')[0][0], before, 'Revisar stores nothing');
    r = await c.post('/elaboracion/DAI', { ...v, accion: 'enviar' });
    assert.equal(r.status, 303);
    assert.match(r.location, /^\/tramites\/\d+\?hecho=recibido$/);
    const id = /\/tramites\/(\d+)/.exec(r.location)[1];
    const row = srv.sql(`select numero, transmission, state, channel from document where id = ${id}`)[0];
    assert.match(row[0], /^23902040\d{4}00000002P$/, 'the next número of the OCE code');
    assert.deepEqual(row.slice(1, 4), ['Recibido', 'Registrado', 'P']);
    const xml = (await c.get(`/tramites/${id}.xml`)).text;
    assert.match(xml, /<FOBValueCents>12812563<\/FOBValueCents>/, 'the total summed from the items');
    assert.match(xml, /<Currency>USD<\/Currency>/);
    assert.match(xml, /<GrossWeightKg>420.5<\/GrossWeightKg>/);
    const d = await c.get(r.location);
    assert.match(textOf(d.text), new RegExp(`Documento recibido con el número de entrega ${row[0]}`));
  });

  test('a rule broken in the form: refused as an upload is (kept with its errors), shown beside the input', async () => {
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    const v = formValues((await c.get(`/elaboracion/DAI?desde=${daiId}`)).text);
    v['f.items.2.subpartida'] = '9999990000';
    v['f.items.3.net_weight_kg'] = '950';
    const r = await c.post('/elaboracion/DAI', { ...v, accion: 'enviar' });
    assert.equal(r.status, 422);
    assert.match(fieldError(r.text, 'f.items.2.subpartida') ?? textOf(r.text).slice(0, 1500), /999999/);
    assert.ok(fieldError(r.text, 'f.items.3.net_weight_kg'), 'net over gross, beside the item');
    assert.equal(srv.sql(`select transmission from document order by id desc limit 1`)[0][0], 'Error');
    assert.equal(formValues(r.text)['f.items.2.subpartida'], '9999990000');
    const refused = srv.sql('select max(id) from document')[0][0];
    const detail = await c.get(`/tramites/${refused}`);
    assert.match(detail.text, new RegExp(`<a href="/elaboracion/DAI\\?desde=${refused}">Corregir en el formulario</a>`));
  });

  test('a manifest with containers one per line', async () => {
    const nav = srv.client();
    await nav.enter(NAVIERA, '05909025');
    assert.equal((await upload(nav, sample('MANIFIESTO'))).status, 200);
    const id = srv.sql('select max(id) from document')[0][0];
    const v = formValues((await nav.get(`/elaboracion/MANIFIESTO?desde=${id}`)).text);
    assert.equal(v['f.transport_documents.1.containers'], 'MSCU1234566\nMEDU3001127');
    v['f.transport_documents.2.containers'] = 'tghu9876542, MSCU1234566';
    const r = await nav.post('/elaboracion/MANIFIESTO', { ...v, accion: 'enviar' });
    assert.equal(r.status, 303, textOf(r.text).slice(0, 800));
    const xml = (await nav.get(`${r.location.replace(/\?.*/, '')}.xml`)).text;
    assert.match(xml, /<Container>TGHU9876542<\/Container>\s*<Container>MSCU1234566<\/Container>/);
  });

  test('the boundary: token, another OCE\'s document, control characters, too many fields', async () => {
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    const csrf = formField((await c.get('/elaboracion/DAI')).text, 'csrf');
    assert.equal((await c.post('/elaboracion/DAI', { csrf: 'f'.repeat(64), filas: '1', accion: 'revisar' })).status, 403);
    let r = await c.post('/elaboracion/DAI', { csrf, filas: '1', accion: 'revisar', 'f.importer.name': 'a\u0007b' });
    assert.equal(r.status, 400);
    assert.match(fieldError(r.text, 'f.importer.name'), /caracteres de control/);
    r = await c.post('/elaboracion/DAI', { csrf, filas: '1', accion: 'revisar', 'f.items.1.description': 'x'.repeat(4001) });
    assert.equal(r.status, 400, 'over a field\'s length: refused, not cut');
    const many = [['csrf', csrf], ['filas', '1'], ['accion', 'revisar']];
    for (let i = 0; i < 1700; i++) many.push([`f.x${i}`, '1']);
    r = await c.post('/elaboracion/DAI', many);
    assert.equal(r.status, 413);
    assert.equal((await c.post('/elaboracion/DAI', [['csrf', csrf], ['f.regime', '10'], ['f.regime', '20']])).status, 400,
      'a field twice');
    const body = `csrf=${csrf}&filas=1&accion=revisar&f.a=${'x'.repeat(1024 * 1024)}`;
    const big = await rawRequest(srv.port, 'POST /elaboracion/DAI HTTP/1.1\r\nHost: x\r\n' +
      `Cookie: ${c.cookieHeader()}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
      `Content-Length: ${body.length}\r\n\r\n`);
    assert.equal(big.status, 413);
    const imp = srv.client();
    await imp.enter(IMPORTADOR, '29000001');
    assert.equal((await imp.get(`/elaboracion/DAI?desde=${daiId}`)).status, 404, 'another OCE\'s document cannot be loaded');
  });
});
