// 1.3 Integración de estados del trámite and 1.8 Consulta de e-Docs enviados,
// on the test's engine: only the OCE code in use, filters, search, paging.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { AGENTE, NAVIERA, ROOT, byId, formField, textOf, startServer } from './lib.mjs';

const sample = (t) => readFileSync(path.join(ROOT, 'schemas', 'samples', `${t}.xml`), 'utf8');

async function upload(c, xml) {
  const token = await c.sessionCsrf('/edocumentos');
  const fd = new FormData();
  fd.append('csrf', token);
  fd.append('archivo', new Blob([xml], { type: 'text/xml' }), 'doc.xml');
  return c.request('POST', '/edocumentos', { body: fd });
}

function rows(html) {
  const tb = /<table class="list">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html);
  assert.ok(tb, 'the result table');
  return [...tb[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((tr) => [...tr[1].matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].map((m) => textOf(m[1])))
    .filter((c) => c.length > 1);
}
const resultado = (html) => Number(/Resultado : (\d+)/.exec(textOf(html))?.[1]);
const ecDay = (t) => new Date((t - 5 * 3600) * 1000).toISOString().slice(0, 10);

describe('1.3 and 1.8', () => {
  let srv;
  const nums = [];
  before(async () => {
    srv = await startServer();
    const r = srv.cli(['catalog', 'import', '--data', path.join(ROOT, 'data')]);
    assert.equal(r.status, 0, r.stderr);
    const nav = srv.client();
    await nav.enter(NAVIERA, '05909025');
    for (let i = 0; i < 2; i++) nums.push(byId((await upload(nav, sample('MANIFIESTO'))).text, 'numero'));
    const id = srv.sql(`select id from document where numero = '${nums[1]}'`)[0][0];
    const page = await nav.get(`/tramites/${id}`);
    const p = await nav.post(`/tramites/${id}`, { csrf: formField(page.text, 'csrf'), motivo: 'Duplicado por ERROR de digitación' });
    assert.equal(p.status, 303);
    const ag = srv.client();
    await ag.enter(AGENTE, '23902040');
    assert.equal((await upload(ag, sample('DAI'))).status, 200);
    assert.equal((await upload(ag, sample('DAI').replace('<Currency>USD</Currency>', '<Currency>QQQ</Currency>'))).status, 422);
  });
  after(async () => { await srv.stop(); });

  test('1.3: the state changes of the OCE code in use, newest first', async () => {
    const c = srv.client();
    await c.enter(NAVIERA, '05909025');
    const main = await c.get('/principal');
    assert.match(main.text, /<a href="\/estados"><span class="num">1\.3<\/span>/);
    const r = await c.get('/estados');
    assert.equal(r.status, 200);
    assert.equal(resultado(r.text), 3);
    const t = rows(r.text);
    assert.deepEqual(t.map((x) => [x[1], x[3], x[4]]), [[nums[1], 'Registrado', 'Anulado'], [nums[1], '—', 'Registrado'],
      [nums[0], '—', 'Registrado']]);
    assert.equal(t[0][5], 'Duplicado por ERROR de digitación');
    assert.equal(t[0][6], 'naviera');
    assert.equal(t[0][2], 'Manifiesto de carga');
    assert.match(r.text, new RegExp(`<a href="/tramites/\\d+">${nums[1]}</a>`));
    const other = srv.client();
    await other.enter(NAVIERA, '05909026');
    assert.equal(resultado((await other.get('/estados')).text), 0, 'another OCE code of the same RUC sees none');
  });

  test('1.3: by número, by a search without regard to accents or case, by day or week', async () => {
    const c = srv.client();
    await c.enter(NAVIERA, '05909025');
    assert.equal(resultado((await c.get(`/estados?numero=${nums[0]}`)).text), 1);
    assert.equal(resultado((await c.get('/estados?q=anulado')).text), 1, 'the new state');
    assert.equal(resultado((await c.get('/estados?q=digitacion')).text), 1, 'the reason, accents aside');
    assert.equal(resultado((await c.get('/estados?q=error')).text), 1, 'case aside');
    assert.equal(resultado((await c.get(`/estados?q=${nums[0].slice(12)}`)).text), 1, 'a piece of the número');
    assert.equal(resultado((await c.get('/estados?q=manifiesto')).text), 3, 'the type');
    assert.equal(resultado((await c.get('/estados?q=100%25')).text), 0, '% is a character, not a wildcard');
    const now = Math.floor(Date.now() / 1000);
    srv.sql(`update document_event set at = at - 3 * 86400 where document_id = (select id from document where numero = '${nums[0]}')`);
    assert.equal(resultado((await c.get('/estados')).text), 2, 'today');
    assert.equal(resultado((await c.get(`/estados?fecha=${ecDay(now - 3 * 86400)}`)).text), 1, 'that day');
    assert.equal(resultado((await c.get('/estados?alcance=semana')).text), 3, 'the week up to today');
    const bad = await c.get('/estados?fecha=2026-02-30');
    assert.equal(bad.status, 400);
    assert.equal(byId(bad.text, 'fecha-err'), 'Fecha de registro: ingrese una fecha válida (dd/mm/aaaa).');
    assert.equal((await c.get('/estados?numero=abc')).status, 400);
    assert.equal((await c.get('/estados?alcance=mes')).status, 400);
    assert.equal((await c.get(`/estados?q=${'x'.repeat(201)}`)).status, 400, 'a search over 200 characters is refused');
  });

  test('1.3: pages of 20, by key', async () => {
    const c = srv.client();
    await c.enter(NAVIERA, '05909026');
    for (let i = 0; i < 21; i++)
      assert.equal((await upload(c, sample('MANIFIESTO').replace('<OCECode>05909025</OCECode>', '<OCECode>05909026</OCECode>'))).status, 200);
    const r = await c.get('/estados');
    assert.equal(resultado(r.text), 21);
    assert.equal(rows(r.text).length, 20);
    const next = /<a href="([^"]*)" rel="next">/.exec(r.text)[1].replaceAll('&amp;', '&');
    const r2 = await c.get(next);
    assert.equal(rows(r2.text).length, 1);
    assert.ok(!/rel="next"/.test(r2.text));
  });

  test('1.8: every sending with its transmission, errors counted; filters', async () => {
    const c = srv.client();
    await c.enter(AGENTE, '23902040');
    const main = await c.get('/principal');
    assert.match(main.text, /<a href="\/enviados"><span class="num">1\.8<\/span>/);
    let r = await c.get('/enviados');
    assert.equal(r.status, 200);
    assert.equal(resultado(r.text), 2);
    const t = rows(r.text);
    assert.deepEqual(t.map((x) => [x[0], x[2], x[4], x[5]]), [['1', 'Declaración Aduanera de Importación', 'Portal', 'Error'],
      ['2', 'Declaración Aduanera de Importación', 'Portal', 'Recibido']]);
    assert.ok(Number(t[0][6]) >= 1, 'the refused one has its errors');
    assert.equal(t[1][6], '0');
    assert.equal(t[0][3], 'Ver errores');
    assert.match(t[1][3], /^23902040\d{12}P$/);
    r = await c.get('/enviados?transmision=Error');
    assert.equal(resultado(r.text), 1);
    assert.equal(resultado((await c.get('/enviados?transmision=Recibido')).text), 1);
    assert.equal(resultado((await c.get('/enviados?titulo=DAE')).text), 0);
    assert.equal(resultado((await c.get('/enviados?periodo=mes')).text), 2);
    assert.equal((await c.get('/enviados?transmision=Perdido')).status, 400);
    assert.equal((await c.get('/enviados?periodo=rango&desde=ayer')).status, 400);
    const nav = srv.client();
    await nav.enter(NAVIERA, '05909025');
    assert.equal(resultado((await nav.get('/enviados')).text), 2, 'the shipping line sees its own two only');
    assert.equal((await srv.client().get('/enviados')).status, 303, 'signed out: to sign in');
  });
});
