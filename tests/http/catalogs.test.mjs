// 2.6 Catálogos: aduana catalog import loads the code lists (on the test's
// engine), and the public screens list them and search them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ROOT, NAVIERA, assertSecurityHeaders, byId, formField, textOf, startServer } from './lib.mjs';
import path from 'node:path';

/** The code cells of the entries table, in order. */
function codes(html) {
  return [...html.matchAll(/<td data-label="(?:Código|Code)" class="code">([^<]*)<\/td>/g)].map((m) => m[1]);
}

describe('code lists', () => {
  let srv;
  before(async () => {
    srv = await startServer();
    const r = srv.cli(['catalog', 'import', '--data', path.join(ROOT, 'data')]);
    assert.equal(r.status, 0, r.stderr);
    // One line per list on standard output (the bar goes to a terminal only).
    assert.match(r.stdout, /^hs: 6936 entries imported \(4 rows skipped/m);
    assert.match(r.stdout, /^locode: 130 entries imported/m);
    assert.match(r.stdout, /^package: 378 entries imported$/m);
    assert.ok(!/\r/.test(r.stderr), 'no progress bar when standard error is not a terminal');
  });
  after(async () => { await srv.stop(); });

  test('the list of lists, public, with counts, origin and licence', async () => {
    const r = await srv.client().get('/catalogos');
    assert.equal(r.status, 200);
    assertSecurityHeaders(r, 'catalogos');
    const text = textOf(r.text);
    assert.match(text, /Sistema Armonizado 2022 \(capítulos, partidas y subpartidas\) 6936 UN Comtrade/);
    assert.match(text, /Incoterms 2020 11 .* con el esquema/);
    assert.match(text, /Países \(ISO 3166-1\) \d{3} Debian iso-codes .* LGPL-2\.1\+/);
    for (const l of ['hs', 'locode', 'country', 'currency', 'unit', 'package', 'transport', 'incoterm'])
      assert.match(r.text, new RegExp(`href="/catalogos/${l}"`), l);
  });

  test('the home page\'s menu links 2.6 Catálogos', async () => {
    const r = await srv.client().get('/');
    assert.match(r.text, /<a href="\/catalogos"><span class="num">2\.6<\/span> Catálogos<\/a>/);
  });

  test('search by a code\'s beginning or part of a name, without accents or case', async () => {
    const c = srv.client();
    let r = await c.get('/catalogos/country?q=ALEMANIA');
    assert.equal(r.status, 200);
    assert.equal(byId(r.text, 'resultado'), 'Resultado : 1');
    assert.deepEqual(codes(r.text), ['DE']);
    assert.equal(formField(r.text, 'q'), 'ALEMANIA', 'the box keeps the search');
    r = await c.get(`/catalogos/locode?q=${encodeURIComponent('caraquez')}`);
    assert.deepEqual(codes(r.text), ['ECBHA']);
    assert.match(textOf(r.text), /Bahía de Caráquez/);
    r = await c.get('/catalogos/hs?q=0101');
    assert.deepEqual(codes(r.text), ['0101', '010121', '010129', '010130', '010190']);
    r = await c.get('/catalogos/incoterm?q=fob');
    assert.deepEqual(codes(r.text), ['FOB']);
    r = await c.get(`/catalogos/package?q=${encodeURIComponent('<b>%_')}`);
    assert.equal(byId(r.text, 'resultado'), 'Resultado : 0');
    assert.match(r.text, /Ningún código coincide con la búsqueda\./);
    assert.ok(!r.text.includes('<b>%_'), 'the search is escaped');
  });

  test('paging by code walks the whole list once, and keeps the search', async () => {
    const c = srv.client();
    const seen = [];
    let url = '/catalogos/unit';
    for (let i = 0; url && i < 60; i++) {
      const r = await c.get(url);
      assert.equal(r.status, 200);
      seen.push(...codes(r.text));
      const m = /href="([^"]*)" rel="next"/.exec(r.text);
      url = m ? m[1].replaceAll('&amp;', '&') : null;
    }
    assert.equal(seen.length, 1827);
    assert.equal(new Set(seen).size, 1827, 'no code twice');
    assert.deepEqual(seen, [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), 'in code order');
    const r = await c.get('/catalogos/hs?q=horses');
    const next = /href="([^"]*)" rel="next"/.exec(r.text);
    assert.equal(next, null, 'a short result has no next page');
    const many = await c.get('/catalogos/hs?q=animals');
    assert.match(/href="([^"]*)" rel="next"/.exec(many.text)?.[1] ?? '', /q=animals&amp;despues=/);
  });

  test('an unknown list is 404; a search longer than its limit is 400', async () => {
    const c = srv.client();
    assert.equal((await c.get('/catalogos/nada')).status, 404);
    assert.equal((await c.get('/catalogos/hs/x')).status, 404);
    assert.equal((await c.get(`/catalogos/hs?q=${'a'.repeat(101)}`)).status, 400);
  });

  test('in English, and for a signed-in operator too', async () => {
    const c = srv.client();
    await c.enter(NAVIERA, '05909025');
    c.setCookie('aduana_lang', 'en');
    const r = await c.get('/catalogos/currency?q=usd');
    assert.equal(r.status, 200);
    assert.match(r.text, /<h1 id="t-cat">Currencies \(ISO 4217\)<\/h1>/);
    assert.equal(byId(r.text, 'resultado'), 'Results : 1');
    assert.match(textOf(r.text), /Dólar estadounidense US Dollar 840/);
  });

  test('a failed import says where and changes nothing', async () => {
    const r = srv.cli(['catalog', 'import', 'hs', '--data', '/nonexistent']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /hs was not imported \(it is as it was\): \/nonexistent\/hs2022\.csv: No such file/);
    assert.equal(srv.sql("select entries from catalog where code = 'hs'")[0][0], '6936');
    const bad = srv.cli(['catalog', 'import', 'tariff']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /tariff is not a list catalog import knows/);
  });
});
