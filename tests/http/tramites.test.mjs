// Estado de Trámite Integral (/tramites): the documents of the OCE code the
// user acts under, filtered, paged and downloaded as CSV, on the test's engine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { AGENTE, IMPORTADOR, NAVIERA, ROOT, byId, selectOptions, textOf, startServer } from './lib.mjs';

const sample = (t) => readFileSync(path.join(ROOT, 'schemas', 'samples', `${t}.xml`), 'utf8');

async function upload(c, xml) {
  const token = await c.sessionCsrf('/edocumentos');
  const fd = new FormData();
  fd.append('csrf', token);
  fd.append('archivo', new Blob([xml], { type: 'text/xml' }), 'doc.xml');
  const r = await c.request('POST', '/edocumentos', { body: fd });
  assert.equal(r.status, 200, textOf(r.text).slice(0, 400));
  return byId(r.text, 'numero');
}

/** The rows of the result table: [{ no, nombre, numero, fecha, transmision, estado }]. */
function rows(html) {
  const tb = /<table class="list">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html);
  assert.ok(tb, 'the result table');
  const out = [];
  for (const tr of tb[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)) {
    const c = [...tr[1].matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].map((m) => textOf(m[1]));
    if (c.length === 6)
      out.push({ no: c[0], nombre: c[1], numero: c[2], fecha: c[3], transmision: c[4], estado: c[5] });
  }
  return out;
}

const resultado = (html) => Number(/Resultado : (\d+)/.exec(textOf(html))?.[1]);

/** Unix seconds of 00:00 in Ecuador (UTC-5) of the day t falls on. */
const ecMidnight = (t) => Math.floor((t - 5 * 3600) / 86400) * 86400 + 5 * 3600;

describe('Estado de Trámite Integral', () => {
  let srv;
  const nav25 = [];   // números of 05909025, oldest first
  let nav26;
  before(async () => {
    srv = await startServer();
    const r = srv.cli(['catalog', 'import', '--data', path.join(ROOT, 'data')]);
    assert.equal(r.status, 0, r.stderr);
    const nav = srv.client();
    await nav.enter(NAVIERA, '05909025');
    for (let i = 0; i < 23; i++) nav25.push(await upload(nav, sample('MANIFIESTO')));
    nav25.push(await upload(nav, sample('DOCTRANSPORTE').replace('<OCECode>05909027</OCECode>', '<OCECode>05909025</OCECode>')));
    const other = srv.client();
    await other.enter(NAVIERA, '05909026');
    nav26 = await upload(other, sample('MANIFIESTO').replace('<OCECode>05909025</OCECode>', '<OCECode>05909026</OCECode>'));
  });
  after(async () => { await srv.stop(); });

  test('signed out: back to sign in; the form has the seed\'s filters', async () => {
    const anon = srv.client();
    const r0 = await anon.get('/tramites');
    assert.equal(r0.status, 303);
    const c = srv.client();
    await c.enter(IMPORTADOR, '29000001');
    const r = await c.get('/tramites');
    assert.equal(r.status, 200);
    assert.equal(byId(r.text, 't-tram'), 'Estado de Trámite Integral');
    assert.deepEqual(selectOptions(r.text, 'operacion').map((o) => o.text),
      ['--Todo--', 'e-Documentos operativos', 'Ventanilla Única (VUE)']);
    const titulos = selectOptions(r.text, 'titulo').map((o) => o.value);
    assert.deepEqual(titulos.slice(0, 1), ['']);
    for (const t of ['DAI', 'DAE', 'MANIFIESTO', 'DOCTRANSPORTE']) assert.ok(titulos.includes(t), t);
    assert.equal(selectOptions(r.text, 'estado')[0].text, '--Todo--');
    assert.deepEqual(selectOptions(r.text, 'periodo').map((o) => o.text),
      ['Hoy', 'Última semana', 'Último mes', 'Entre fechas']);
    assert.equal(selectOptions(r.text, 'periodo').find((o) => o.selected).value, 'hoy');
    for (const l of ['Tipo de Operación', 'Título de documento', 'Número de entrega', 'Estado', 'Periodo', 'Desde', 'Hasta'])
      assert.match(r.text, new RegExp(`<label for="[a-z]+">${l}</label>`), l);
    assert.equal(resultado(r.text), 0, 'the importer sent nothing');
    assert.match(textOf(r.text), /Ningún documento coincide con la consulta\./);
    assert.ok(!/Descargar CSV/.test(r.text), 'nothing to download');
  });

  test('only the documents of the OCE code in use, newest first, paged by 20', async () => {
    const c = srv.client();
    await c.enter(NAVIERA, '05909025');
    const r = await c.get('/tramites');
    assert.equal(r.status, 200);
    assert.equal(resultado(r.text), 24);
    const p1 = rows(r.text);
    assert.equal(p1.length, 20);
    assert.deepEqual(p1.map((x) => x.numero), nav25.slice().reverse().slice(0, 20));
    assert.deepEqual(p1.map((x) => x.no), Array.from({ length: 20 }, (_, i) => String(i + 1)));
    assert.equal(p1[0].nombre, srv.sql(`select name from doc_type where code = 'DOCTRANSPORTE'`)[0][0]);
    assert.equal(p1[0].transmision, 'Recibido');
    assert.equal(p1[0].estado, 'Registrado');
    assert.match(p1[0].fecha, /^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);
    assert.ok(!p1.some((x) => x.numero === nav26), 'another OCE code of the same RUC is never listed');
    const next = /<a href="([^"]*)" rel="next">Siguiente »<\/a>/.exec(r.text);
    assert.ok(next, 'a link to the next page');
    const r2 = await c.get(next[1].replaceAll('&amp;', '&'));
    assert.equal(r2.status, 200);
    const p2 = rows(r2.text);
    assert.deepEqual(p2.map((x) => x.numero), nav25.slice().reverse().slice(20));
    assert.deepEqual(p2.map((x) => x.no), ['21', '22', '23', '24'], 'numbering goes on');
    assert.ok(!/rel="next"/.test(r2.text), 'no page after the last');
    assert.match(r2.text, />Primera<\/a>/);

    const o = srv.client();
    await o.enter(NAVIERA, '05909026');
    const r3 = await o.get('/tramites');
    assert.deepEqual(rows(r3.text).map((x) => x.numero), [nav26]);
    // A número of another OCE code finds nothing, even typed in.
    const r4 = await o.get(`/tramites?numero=${nav25[0]}`);
    assert.equal(r4.status, 200);
    assert.equal(resultado(r4.text), 0);
  });

  test('filters: título, número, estado, operación', async () => {
    const c = srv.client();
    await c.enter(NAVIERA, '05909025');
    let r = await c.get('/tramites?titulo=DOCTRANSPORTE');
    assert.deepEqual(rows(r.text).map((x) => x.numero), [nav25[23]]);
    assert.equal(selectOptions(r.text, 'titulo').find((o) => o.selected).value, 'DOCTRANSPORTE');
    r = await c.get('/tramites?titulo=MANIFIESTO');
    assert.equal(resultado(r.text), 23);
    r = await c.get(`/tramites?numero=${nav25[5]}`);
    assert.deepEqual(rows(r.text).map((x) => x.numero), [nav25[5]]);
    assert.equal(/id="numero"[^>]*value="([^"]*)"/.exec(r.text)[1], nav25[5], 'the filter is kept');
    r = await c.get('/tramites?estado=Registrado');
    assert.equal(resultado(r.text), 24);
    r = await c.get('/tramites?estado=Aceptado');
    assert.equal(resultado(r.text), 0);
    r = await c.get('/tramites?operacion=EDOC');
    assert.equal(resultado(r.text), 24);
    r = await c.get('/tramites?operacion=VUE');
    assert.equal(resultado(r.text), 0, 'no single-window documents exist');
  });

  test('periods: today, last week, last month, between dates (Ecuador days)', async () => {
    const c = srv.client();
    await c.enter(NAVIERA, '05909025');
    const now = Math.floor(Date.now() / 1000);
    const today = ecMidnight(now);
    // Move three documents back in time: 3 days, 20 days and 60 days ago.
    const back = [[nav25[0], today - 3 * 86400 + 100], [nav25[1], today - 20 * 86400 + 100],
      [nav25[2], today - 60 * 86400 + 100]];
    for (const [n, t] of back) srv.sql(`update document set created_at = ${t} where numero = '${n}'`);
    // The day counters the store keeps as it adds documents, made again for the dates moved by hand.
    srv.sql('delete from document_day');
    srv.sql('insert into document_day (oce_code, day, n) select oce_code, (created_at - 18000) / 86400, count(*) from document group by oce_code, (created_at - 18000) / 86400');
    let r = await c.get('/tramites');
    assert.equal(resultado(r.text), 21, 'today');
    r = await c.get('/tramites?periodo=semana');
    assert.equal(resultado(r.text), 22);
    r = await c.get('/tramites?periodo=mes');
    assert.equal(resultado(r.text), 23);
    const day = (t) => new Date((t - 5 * 3600) * 1000).toISOString().slice(0, 10);
    const dmy = (t) => day(t).split('-').reverse().join('/');
    r = await c.get(`/tramites?periodo=rango&desde=${day(today - 60 * 86400)}&hasta=${day(today - 20 * 86400)}`);
    assert.equal(r.status, 200);
    assert.deepEqual(rows(r.text).map((x) => x.numero), [nav25[1], nav25[2]]);
    r = await c.get(`/tramites?periodo=rango&desde=${encodeURIComponent(dmy(today - 3 * 86400))}&hasta=${encodeURIComponent(dmy(today - 3 * 86400))}`);
    assert.deepEqual(rows(r.text).map((x) => x.numero), [nav25[0]], 'one day, dd/mm/aaaa');
    r = await c.get(`/tramites?periodo=rango&desde=${day(today - 20 * 86400)}`);
    assert.equal(resultado(r.text), 23, 'without Hasta: up to today');
    r = await c.get(`/tramites?desde=${day(today - 60 * 86400)}`);
    assert.equal(resultado(r.text), 21, 'the dates apply to Entre fechas only');
  });

  test('bad filters: 400 with what to fix, nothing listed', async () => {
    const c = srv.client();
    await c.enter(NAVIERA, '05909025');
    let r = await c.get('/tramites?numero=123');
    assert.equal(r.status, 400);
    assert.match(byId(r.text, 'numero-err'), /Número de entrega: tiene 21 caracteres/);
    assert.match(r.text, /id="numero"[^>]*aria-invalid="true"/);
    r = await c.get('/tramites?periodo=rango&desde=31/02/2026&hasta=2026-13-01');
    assert.equal(r.status, 400);
    assert.equal(byId(r.text, 'desde-err'), 'Desde: ingrese una fecha válida (dd/mm/aaaa).');
    assert.equal(byId(r.text, 'hasta-err'), 'Hasta: ingrese una fecha válida (dd/mm/aaaa).');
    r = await c.get('/tramites?periodo=rango&desde=&hasta=');
    assert.equal(r.status, 400, 'Entre fechas needs Desde');
    assert.equal(byId(r.text, 'desde-err'), 'Desde: ingrese una fecha válida (dd/mm/aaaa).');
    r = await c.get('/tramites?periodo=rango&desde=2026-05-02&hasta=2026-05-01');
    assert.equal(r.status, 400);
    assert.equal(byId(r.text, 'hasta-err'), 'Hasta: no puede ser antes de Desde.');
    r = await c.get('/tramites?estado=Perdido');
    assert.equal(r.status, 400);
    r = await c.get('/tramites?titulo=XYZ');
    assert.equal(r.status, 400);
    r = await c.get(`/tramites?numero=${'9'.repeat(22)}`);
    assert.equal(r.status, 400, 'over 21 characters is refused, not cut');
    r = await c.get('/tramites?periodo=rango&desde=2026-05-02&hasta=2026-05-01&formato=csv');
    assert.equal(r.status, 400, 'no download of a wrong query');
    assert.match(r.headers.get('content-type'), /text\/html/);
  });

  test('CSV: the whole result, the table\'s columns, UTF-8 with a BOM, no cache', async () => {
    const c = srv.client();
    await c.enter(NAVIERA, '05909025');
    const page = await c.get('/tramites?titulo=MANIFIESTO&periodo=mes');
    const href = /<a href="([^"]*)">Descargar CSV<\/a>/.exec(page.text);
    assert.ok(href, 'a download link for the same query');
    const url = href[1].replaceAll('&amp;', '&');
    assert.match(url, /titulo=MANIFIESTO/);
    assert.match(url, /periodo=mes/);
    const res = await fetch(c.base + url, { headers: { Cookie: c.cookieHeader() } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(res.headers.get('content-disposition'), /^attachment; filename="[^"]+\.csv"$/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    assert.equal(lines.pop(), '', 'every line ends with CRLF');
    assert.equal(lines[0], 'No,Nombre del Documento,Número de entrega,Fecha-hora de entrega,Estado de Transmisión,Estado del Documento');
    assert.equal(lines.length - 1, 22, 'all the rows, not a page (one is 60 days old)');
    const first = lines[1].split(',');
    assert.equal(first[0], '1');
    assert.equal(first[2], nav25[22]);
    assert.ok(!lines.some((l) => l.includes(nav26)), 'only this OCE code');

    await c.get('/idioma?l=en&volver=/tramites');
    const en = await fetch(c.base + url, { headers: { Cookie: c.cookieHeader() } });
    const head = Buffer.from(await en.arrayBuffer()).subarray(3).toString('utf8').split('\r\n')[0];
    assert.equal(head, 'No,Document name,Delivery number,Delivered at,Transmission state,Document state');
  });

  test('English page', async () => {
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    await c.get('/idioma?l=en&volver=/tramites');
    const r = await c.get('/tramites?periodo=rango&desde=x&hasta=2026-01-01');
    assert.equal(r.status, 400);
    assert.equal(byId(r.text, 't-tram'), 'Integrated procedure status');
    assert.equal(byId(r.text, 'desde-err'), 'From: enter a valid date (dd/mm/yyyy).');
    assert.match(textOf(r.text), /Results : 0/);
  });
});
