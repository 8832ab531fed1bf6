// A document's detail (/tramites/{id}): content readable, errors, history,
// the XML download, anular — and nobody else's documents, on every route.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { AGENTE, IMPORTADOR, NAVIERA, ROOT, byId, noticeRows, textOf, startServer } from './lib.mjs';

const sample = (t) => readFileSync(path.join(ROOT, 'schemas', 'samples', `${t}.xml`), 'utf8');

async function upload(c, xml) {
  const token = await c.sessionCsrf('/edocumentos');
  const fd = new FormData();
  fd.append('csrf', token);
  fd.append('archivo', new Blob([xml], { type: 'text/xml' }), 'doc.xml');
  return c.request('POST', '/edocumentos', { body: fd });
}

/** The <dl class="meta"> pairs that follow heading h2 (or the first list when h2 is null). */
function meta(html, h2) {
  let from = 0;
  if (h2) {
    from = html.indexOf(`<h2>${h2}</h2>`);
    assert.ok(from >= 0, `a section "${h2}"`);
  }
  const dl = /<dl class="meta">([\s\S]*?)<\/dl>/.exec(html.slice(from));
  const out = {};
  for (const m of dl[1].matchAll(/<dt>([\s\S]*?)<\/dt><dd[^>]*>([\s\S]*?)<\/dd>/g)) out[textOf(m[1])] = textOf(m[2]);
  return out;
}

function tableRows(html, caption) {
  const t = new RegExp(`<caption class="vh">${caption}</caption>[\\s\\S]*?<tbody>([\\s\\S]*?)</tbody>`).exec(html);
  assert.ok(t, `a table "${caption}"`);
  return [...t[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((tr) => [...tr[1].matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].map((m) => textOf(m[1])));
}

describe('document detail', () => {
  let srv;
  let dai, refused, manifest;   // ids
  before(async () => {
    srv = await startServer();
    // The operator's side alone: no electronic acceptance (customs.test.mjs has it).
    srv.sql('UPDATE risk_ruleset SET auto_accept = 0');
    const r = srv.cli(['catalog', 'import', '--data', path.join(ROOT, 'data')]);
    assert.equal(r.status, 0, r.stderr);
    const ag = srv.client();
    await ag.enter(AGENTE, '23902040');
    assert.equal((await upload(ag, sample('DAI'))).status, 200);
    assert.equal((await upload(ag, sample('DAI').replace('<Incoterm>FOB</Incoterm>', '<Incoterm>ZZZ</Incoterm>'))).status, 422);
    const nav = srv.client();
    await nav.enter(NAVIERA, '05909025');
    assert.equal((await upload(nav, sample('MANIFIESTO'))).status, 200);
    const ids = srv.sql('select id, doc_type, transmission from document order by id');
    [dai, refused, manifest] = ids.map((x) => x[0]);
    assert.deepEqual(ids.map((x) => x.slice(1)), [['DAI', 'Recibido'], ['DAI', 'Error'], ['MANIFIESTO', 'Recibido']]);
  });
  after(async () => { await srv.stop(); });

  test('a received DAI: data, content with names of codes and formatted figures, items, history', async () => {
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    const list = await c.get('/tramites');
    assert.match(list.text, new RegExp(`<a href="/tramites/${dai}">\\d{20}P</a>`), 'the list links the detail');
    const r = await c.get(`/tramites/${dai}`);
    assert.equal(r.status, 200);
    const head = meta(r.text);
    assert.match(head['Número de entrega'], /^23902040\d{4}00000001P$/);
    assert.equal(head['Título de documento'], 'Declaración Aduanera de Importación (DAI)');
    assert.equal(head['Enviado por'], 'agente · Portal');
    assert.equal(head['Estado de Transmisión'], 'Recibido');
    assert.equal(head['Estado del Documento'], 'Registrado');
    assert.deepEqual(meta(r.text, 'Importador'), { RUC: '1710034065001', 'Nombre o razón social': 'María Fernanda Quishpe' });
    const trans = meta(r.text, 'Despacho y transporte');
    assert.equal(trans['Régimen aduanero'], '10 Importación para el consumo');
    assert.equal(trans['Puerto de descarga'], 'ECGYE — Guayaquil');
    assert.equal(trans['País de procedencia'], 'CN — China');
    assert.equal(trans['Modo de transporte'], '1 — Transporte marítimo');
    const val = meta(r.text, 'Valores');
    assert.equal(val['Valor FOB total'], '128.125,63 USD', 'cents as money, Spanish grouping');
    assert.equal(val.Moneda, 'USD — Dólar estadounidense');
    assert.equal(meta(r.text, 'Datos generales')['Fecha de emisión'], '20/11/2026');
    assert.equal(meta(r.text, 'Totales')['Peso bruto total (kg)'], '1.470,750');
    const items = tableRows(r.text, 'Ítems');
    assert.equal(items.length, 3);
    assert.equal(items[0][0], '1');
    assert.match(items[0][1], /^8471300000 — Automatic data processing machines/);
    assert.equal(items[2][9], '2.125,63 USD');
    assert.equal(items[2][10], 'VN — Vietnam');
    const hist = tableRows(r.text, 'Historial');
    assert.deepEqual(hist.map((h) => h.slice(1)), [['—', 'Registrado', 'agente', '']]);
    assert.match(r.text, /<form method="post" action="\/tramites\/\d+"/, 'anular is offered');
    assert.ok(!/<h1[^>]*>[^<]*&lt;/.test(r.text));

    await c.get(`/idioma?l=en&volver=/tramites/${dai}`);
    const en = await c.get(`/tramites/${dai}`);
    assert.equal(meta(en.text, 'Values')['Total FOB value'], '128,125.63 USD', 'English grouping');
    assert.equal(meta(en.text, 'Clearance and transport')['Customs regime'], '10 Import for home use');
  });

  test('the XML download is what was sent, as a file', async () => {
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    const r = await c.get(`/tramites/${dai}.xml`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/xml');
    assert.match(r.headers.get('content-disposition'), /^attachment; filename="DAI-23902040\d{4}00000001P\.xml"$/);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.text, sample('DAI'));
    const e = await c.get(`/tramites/${refused}.xml`);
    assert.match(e.headers.get('content-disposition'), /filename="DAI-error-\d+\.xml"/);
    assert.match(e.text, /<Incoterm>ZZZ<\/Incoterm>/);
  });

  test('a refused sending: no número, its errors kept and shown, its content still readable', async () => {
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    const list = await c.get('/tramites?estado=Error');
    assert.match(list.text, new RegExp(`<a href="/tramites/${refused}">Ver errores</a>`));
    const r = await c.get(`/tramites/${refused}`);
    assert.equal(r.status, 200);
    assert.equal(meta(r.text)['Número de entrega'], 'Sin número: el documento no fue recibido.');
    assert.equal(meta(r.text)['Estado de Transmisión'], 'Error');
    assert.match(textOf(r.text), /Errores .*ZZZ/);
    assert.equal(meta(r.text, 'Valores').Incoterm, 'ZZZ', 'an unknown code shown as sent');
    assert.ok(!/action="\/tramites\/\d+"/.test(r.text), 'nothing to anular');
    const csrf = /name="csrf" value="([0-9a-f]{64})"/.exec(r.text)[1];
    const p = await c.post(`/tramites/${refused}`, { csrf, motivo: 'no' });
    assert.equal(p.status, 409);
  });

  test('anular: reason required; Anulado with its event, notice and audit; only once', async () => {
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    const page = await c.get(`/tramites/${dai}`);
    const csrf = /name="csrf" value="([0-9a-f]{64})"/.exec(page.text)[1];
    let r = await c.post(`/tramites/${dai}`, { csrf, motivo: '   ' });
    assert.equal(r.status, 400);
    assert.equal(byId(r.text, 'motivo-err'), 'Motivo de la anulación: ingrese este dato.');
    assert.equal(srv.sql(`select state from document where id = ${dai}`)[0][0], 'Registrado');
    r = await c.post(`/tramites/${dai}`, { csrf: 'f'.repeat(64), motivo: 'x' });
    assert.equal(r.status, 403, 'the form\'s token is required');
    r = await c.post(`/tramites/${dai}`, { csrf, motivo: 'x'.repeat(501) });
    assert.equal(r.status, 400, 'a reason over 500 characters is refused, not cut');
    r = await c.post(`/tramites/${dai}`, { csrf, motivo: 'Valor FOB mal declarado' });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/tramites/${dai}?hecho=anulado`);
    r = await c.get(r.location);
    assert.match(textOf(r.text), /El documento fue anulado\./);
    assert.equal(meta(r.text)['Estado del Documento'], 'Anulado');
    const hist = tableRows(r.text, 'Historial');
    assert.deepEqual(hist[1].slice(1), ['Registrado', 'Anulado', 'agente', 'Valor FOB mal declarado']);
    assert.deepEqual(srv.sql(`select state, version from document where id = ${dai}`)[0], ['Anulado', '2']);
    const numero = srv.sql(`select numero from document where id = ${dai}`)[0][0];
    assert.equal(srv.sql(`select count(*) from audit where event = 'edoc_anulado' and detail = '${numero}'`)[0][0], '1');
    const main = await c.get('/principal');
    assert.equal(noticeRows(main.text)[0].asunto, `Anulación de e-Doc. DAI ${numero}`);
    r = await c.post(`/tramites/${dai}`, { csrf, motivo: 'otra vez' });
    assert.equal(r.status, 409, 'an Anulado document cannot be cancelled again');
    assert.match(textOf(r.text), /ya no puede anularse/);
    assert.equal(srv.sql(`select count(*) from document_event where document_id = ${dai}`)[0][0], '2');
  });

  test('a manifest: transport documents with their containers', async () => {
    const c = srv.client();
    await c.enter(NAVIERA, '05909025');
    const r = await c.get(`/tramites/${manifest}`);
    assert.equal(r.status, 200);
    assert.equal(meta(r.text, 'Transportista')['Código del transportista'], 'MSCU');
    const rows = tableRows(r.text, 'Documentos de transporte');
    assert.equal(rows.length, 2);
    assert.equal(rows[0][1], 'MSCUSH2600123');
    assert.equal(rows[0][2], 'MASTER (documento madre)');
    assert.equal(rows[0][3], '—', 'no master number');
    assert.equal(rows[0][10], 'MSCU1234566, MEDU3001127');
  });

  test('nobody else sees a document: another OCE code of the same RUC, another RUC, signed out', async () => {
    const other = srv.client();
    await other.enter(NAVIERA, '05909026');
    const imp = srv.client();
    await imp.enter(IMPORTADOR, '29000001');
    for (const c of [other, imp]) {
      for (const id of [dai, refused, manifest]) {
        assert.equal((await c.get(`/tramites/${id}`)).status, 404);
        assert.equal((await c.get(`/tramites/${id}.xml`)).status, 404);
        const csrf = /name="csrf" value="([0-9a-f]{64})"/.exec((await c.get('/tramites')).text)[1];
        assert.equal((await c.post(`/tramites/${id}`, { csrf, motivo: 'x' })).status, 404);
      }
    }
    assert.equal(srv.sql(`select state from document where id = ${manifest}`)[0][0], 'Registrado');
    const anon = srv.client();
    const r = await anon.get(`/tramites/${manifest}`);
    assert.equal(r.status, 303);
    for (const bad of ['0', '01', 'abc', '1.json', '99999999', `${manifest}.xml.xml`, '-1', '9'.repeat(30)]) {
      const c = srv.client();
      await c.enter(NAVIERA, '05909025');
      assert.equal((await c.get(`/tramites/${bad}`)).status, 404, bad);
    }
  });
});
