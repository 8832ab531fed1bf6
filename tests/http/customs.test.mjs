// The customs side, on the test's engine: officers sign in on their own page
// and work their district's queue; every act of the state machine, refused
// by role, reason, district and stale version; the canal de aforo by the
// rules in force (electronic acceptance, automatic release), the
// liquidation, the operator's notices, the request to change the channel,
// the correction of a document returned for it, the admin's rules, and
// `aduana officer add`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  AGENTE, NAVIERA, ROOT, byId, edocFormValues, formField, noticeRows, sampleXml, selectOptions, textOf, startServer,
  uploadEdoc,
} from './lib.mjs';
import path from 'node:path';

const OFFICERS = {
  recepcion: { usuario: 'recepcion', clave: 'Recepcion.2026' },
  aforo: { usuario: 'aforo', clave: 'Aforo.2026' },
  supervisor: { usuario: 'supervisor', clave: 'Supervisor.2026' },
  admin: { usuario: 'admin', clave: 'Admin.2026' },
};

/** GET /funcionarios, POST it with its csrf. */
async function officerSignIn(c, who) {
  const page = await c.get('/funcionarios');
  assert.equal(page.status, 200);
  return c.post('/funcionarios', { usuario: who.usuario, clave: who.clave, csrf: formField(page.text, 'csrf') });
}

async function officer(srv, who) {
  const c = srv.client();
  const r = await officerSignIn(c, who);
  assert.equal(r.status, 303, `officer ${who.usuario} signs in: ${textOf(r.text).slice(0, 200)}`);
  assert.equal(r.location, '/bandeja');
  return c;
}

/** The officer's form on the document: its csrf and version. */
async function actForm(c, id) {
  const r = await c.get(`/bandeja/${id}`);
  assert.equal(r.status, 200, `GET /bandeja/${id}`);
  return { csrf: formField(r.text, 'csrf'), version: formField(r.text, 'version'), html: r.text };
}

async function act(c, id, form) {
  const f = await actForm(c, id);
  return c.post(`/bandeja/${id}`, { csrf: f.csrf, version: f.version, ...form });
}

/** The DAI sample with a customs value under the shipped USD 100.000 rule, and other subpartidas. */
function smallDai(sub = '8471300000') {
  return sampleXml('DAI')
    .replace('<FOBValueCents>12812563</FOBValueCents>', '<FOBValueCents>212563</FOBValueCents>')
    .replace(/<Items>[\s\S]*<\/Items>/, `<Items>
    <Item>
      <SequenceNumber>1</SequenceNumber>
      <Subpartida>${sub}</Subpartida>
      <Description>Mercancía de prueba</Description>
      <Quantity>10</Quantity>
      <Unit>C62</Unit>
      <Packages>47</Packages>
      <PackageType>CT</PackageType>
      <GrossWeightKg>1470.75</GrossWeightKg>
      <NetWeightKg>1315.25</NetWeightKg>
      <FOBValueCents>212563</FOBValueCents>
      <OriginCountry>CN</OriginCountry>
    </Item>
  </Items>`);
}

const docState = (srv, id) => srv.sql(`select state, coalesce(canal, ''), version from document where id = ${id}`)[0];

describe('customs: officers, the state machine, the channel, the liquidation', () => {
  let srv, broker;
  const sent = async (xml) => {
    const r = await uploadEdoc(broker, xml);
    assert.equal(r.status, 200, textOf(r.text).slice(0, 400));
    return srv.sql('select max(id) from document')[0][0];
  };

  before(async () => {
    srv = await startServer();
    const r = srv.cli(['catalog', 'import', '--data', path.join(ROOT, 'data')]);
    assert.equal(r.status, 0, r.stderr);
    broker = srv.client();
    await broker.enter(AGENTE, '23902040');
  });
  after(async () => { await srv.stop(); });

  test('officers sign in on their own page; operators and officers never cross', async () => {
    const c = srv.client();
    const page = await c.get('/funcionarios');
    assert.match(page.text, /<label for="usuario">ID\. Usuario<\/label>/);
    assert.match(page.text, /<label for="clave">Contraseña<\/label>/);
    let r = await officerSignIn(c, { usuario: 'recepcion', clave: 'mala.clave.1' });
    assert.equal(r.status, 401);
    assert.equal(byId(r.text, 'form-err'), 'ID. Usuario o Contraseña incorrectos. Revise los datos e inténtelo de nuevo.');
    assert.equal(srv.sql("select count(*) from audit where event = 'login_failed' and usuario = 'recepcion'")[0][0], '1');
    r = await officerSignIn(c, { usuario: 'agente', clave: AGENTE.clave });
    assert.equal(r.status, 401, 'an operator is no officer');
    r = await officerSignIn(c, OFFICERS.recepcion);
    assert.equal(r.status, 303);
    assert.equal(r.location, '/bandeja');
    assert.equal((await c.get('/')).location, '/bandeja');
    for (const p of ['/principal', '/tramites', '/elaboracion', '/oce', '/estados', '/enviados']) {
      const x = await c.get(p);
      assert.ok([403, 303].includes(x.status) && x.location !== '/principal', `${p} is not for officers (${x.status})`);
      assert.notEqual(x.status, 200, p);
    }
    assert.equal((await c.get('/reglas')).status, 403, 'rules: admins only');
    for (const p of ['/bandeja', '/bandeja/1', '/reglas'])
      assert.equal((await broker.get(p)).status, 403, `${p} is not for operators`);
    assert.equal((await srv.client().get('/bandeja')).status, 303, 'signed out: to sign in');
  });

  test('a DAI over the value rule: accepted at once by the system, canal documental, liquidation, notices', async () => {
    const id = await sent(sampleXml('DAI'));
    const [state, canal] = docState(srv, id);
    assert.deepEqual([state, canal], ['Aceptado', 'documental']);
    const k = srv.sql(`select declaration, liquidation, risk_rule, customs_value, total from document_customs where document_id = ${id}`)[0];
    assert.match(k[0], /^028-\d{4}-10-\d{8}$/);
    assert.match(k[1], /^028-\d{4}-L-\d{8}$/);
    assert.equal(k[2], '4');
    assert.equal(k[3], '13226626');
    const d = await broker.get(`/tramites/${id}`);
    const t = textOf(d.text);
    assert.equal(byId(d.text, 'declaracion'), k[0]);
    assert.equal(byId(d.text, 'canal-actual'), 'Documental');
    assert.match(t, /Valor en aduana \(CIF\) USD 132\.266,26/);
    assert.match(t, /tarifas de demostración/);
    assert.doesNotMatch(t, /Regla aplicada|Regla 4/, 'the operator sees the channel, not the rule');
    const notices = noticeRows((await broker.get('/principal')).text).map((n) => n.asunto);
    const numero = srv.sql(`select numero from document where id = ${id}`)[0][0];
    assert.ok(notices.includes(`Notificación de Aceptado - DAI ${numero}`), notices.join('\n'));
    assert.ok(notices.includes(`Notificación de Canal de Aforo - DAI ${numero}`));
    const estados = textOf((await broker.get(`/estados?periodo=hoy&numero=${numero}`)).text);
    assert.match(estados, /Registrado\s+Aceptado/);
  });

  test('a small DAI: canal automático, Aprobado by the system with no officer', async () => {
    const id = await sent(smallDai());
    assert.deepEqual(docState(srv, id).slice(0, 2), ['Aprobado', 'automatico']);
    assert.equal(srv.sql(`select count(*) from document_event where document_id = ${id} and user_id is null`)[0][0], '2');
    const numero = srv.sql(`select numero from document where id = ${id}`)[0][0];
    const notices = noticeRows((await broker.get('/principal')).text).map((n) => n.asunto);
    assert.ok(notices.includes(`Autorización de salida - DAI ${numero}`));
    const list = textOf((await broker.get(`/tramites?numero=${numero}`)).text);
    assert.match(list, /Aprobado/);
    const hist = textOf((await broker.get(`/tramites/${id}`)).text);
    assert.match(hist, /Registrado\s+Aceptado\s+Sistema\s+Declaración 028-\d{4}-10-\d{8}; canal de aforo Automático/);
    assert.match(hist, /Aceptado\s+Aprobado\s+Sistema\s+Canal automático: salida autorizada/);
  });

  test('aforo: the queue, the rule shown to the officer, approval needs the inspection result', async () => {
    const id = await sent(sampleXml('DAI'));
    const c = await officer(srv, OFFICERS.aforo);
    const q = await c.get('/bandeja');
    assert.equal(q.status, 200);
    assert.equal(selectOptions(q.text, 'estado').find((o) => o.selected).value, 'Aceptado', 'aforo starts at Aceptado');
    assert.match(q.text, new RegExp(`href="/bandeja/${id}"`));
    const f = await actForm(c, id);
    assert.match(byId(f.html, 'regla'), /^Regla 4 \(Valor en aduana desde\) de la versión 1: el valor en aduana USD 132\.266,26/);
    assert.deepEqual([...f.html.matchAll(/name="accion" value="([a-z_]+)"/g)].map((m) => m[1]), ['aprobar', 'negar']);
    let r = await c.post(`/bandeja/${id}`, { csrf: f.csrf, version: f.version, accion: 'aprobar', motivo: '' });
    assert.equal(r.status, 400);
    assert.equal(byId(r.text, 'motivo-err'), 'Escriba el resultado del aforo.');
    r = await c.post(`/bandeja/${id}`, { csrf: f.csrf, version: f.version, accion: 'aceptar' });
    assert.equal(r.status, 403, 'aforo does not accept');
    r = await c.post(`/bandeja/${id}`, { csrf: f.csrf, version: f.version, accion: 'aprobar', motivo: 'Documentos conformes' });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/bandeja/${id}?hecho=aprobado`);
    assert.equal(docState(srv, id)[0], 'Aprobado');
    const numero = srv.sql(`select numero from document where id = ${id}`)[0][0];
    assert.ok(noticeRows((await broker.get('/principal')).text).some((n) => n.asunto === `Autorización de salida - DAI ${numero}`));
  });

  test('recepción by hand: the admin turns electronic acceptance off; accept, reject with a reason the operator reads', async () => {
    const adm = await officer(srv, OFFICERS.admin);
    let page = await adm.get('/reglas');
    assert.equal(page.status, 200);
    let r = await adm.post('/reglas', { csrf: formField(page.text, 'csrf'), version: byId(page.text, 'version'),
      accion: 'ajustes', omision: 'automatico' });
    assert.equal(r.status, 303);
    assert.equal(srv.sql('select max(version), (select auto_accept from risk_ruleset order by version desc limit 1) from risk_ruleset')[0].join(), '2,0');
    const a = await sent(smallDai());
    const b = await sent(smallDai());
    assert.equal(docState(srv, a)[0], 'Registrado');
    const rec = await officer(srv, OFFICERS.recepcion);
    const q = await rec.get('/bandeja');
    assert.match(textOf(q.text), /Resultado : 2/);
    r = await act(rec, a, { accion: 'aceptar' });
    assert.equal(r.status, 303);
    assert.deepEqual(docState(srv, a).slice(0, 2), ['Aprobado', 'automatico'], 'accepted by hand, released by the rules');
    r = await act(rec, b, { accion: 'rechazar', motivo: '' });
    assert.equal(r.status, 400);
    assert.equal(byId(r.text, 'motivo-err'), 'Escriba el motivo.');
    r = await act(rec, b, { accion: 'rechazar', motivo: 'Falta la factura comercial' });
    assert.equal(r.status, 303);
    assert.equal(docState(srv, b)[0], 'Rechazado');
    const numero = srv.sql(`select numero from document where id = ${b}`)[0][0];
    const n = noticeRows((await broker.get('/principal')).text).find((x) => x.asunto === `Notificación de Rechazo - DAI ${numero}`);
    assert.ok(n, 'the rejection notice');
    const d = textOf((await broker.get(`/tramites/${b}`)).text);
    assert.match(d, /Registrado\s+Rechazado\s+recepcion\s+Falta la factura comercial/);
  });

  test('two officers on one document: the second is told it changed, nothing is written', async () => {
    const id = await sent(smallDai());
    const one = await officer(srv, OFFICERS.recepcion);
    const two = await officer(srv, OFFICERS.supervisor);
    const f1 = await actForm(one, id);
    const f2 = await actForm(two, id);
    let r = await one.post(`/bandeja/${id}`, { csrf: f1.csrf, version: f1.version, accion: 'observar', motivo: 'Adjunte el certificado de origen' });
    assert.equal(r.status, 303);
    const events = srv.sql(`select count(*) from document_event where document_id = ${id}`)[0][0];
    r = await two.post(`/bandeja/${id}`, { csrf: f2.csrf, version: f2.version, accion: 'aceptar' });
    assert.equal(r.status, 409);
    assert.match(textOf(r.text), /El documento cambió mientras usted lo revisaba/);
    assert.equal(srv.sql(`select count(*) from document_event where document_id = ${id}`)[0][0], events);
    assert.equal(docState(srv, id)[0], 'Subsanación');
  });

  test('Subsanación: the operator corrects it in the form and re-sends it with the same número', async () => {
    const id = srv.sql("select max(id) from document where state = 'Subsanación'")[0][0];
    const numero = srv.sql(`select numero from document where id = ${id}`)[0][0];
    const d = await broker.get(`/tramites/${id}`);
    assert.match(d.text, new RegExp(`href="/elaboracion/DAI\\?desde=${id}&amp;corrige=${id}"`));
    const form = await broker.get(`/elaboracion/DAI?desde=${id}&corrige=${id}`);
    assert.equal(form.status, 200);
    assert.match(textOf(form.text), /conservará su número de entrega/);
    const v = edocFormValues(form.text);
    assert.equal(v.corrige, String(id));
    v['f.items.1.description'] = 'Mercancía de prueba, con certificado de origen';
    const r = await broker.post('/elaboracion/DAI', { ...v, accion: 'enviar' });
    assert.equal(r.status, 303, textOf(r.text).slice(0, 300));
    assert.equal(r.location, `/tramites/${id}?hecho=corregido`);
    assert.equal(docState(srv, id)[0], 'Registrado', 'electronic acceptance is off: back to the queue');
    assert.equal(srv.sql(`select numero from document where id = ${id}`)[0][0], numero);
    assert.match(srv.sql(`select count(*) from document where xml like '%con certificado de origen%'`)[0][0], /^1$/);
    const again = await broker.post('/elaboracion/DAI', { ...v, accion: 'enviar' });
    assert.equal(again.status, 409, 'not in Subsanación any more');
  });

  test('districts: an officer of another district neither lists nor opens it; a national one does', async () => {
    const r = srv.cli(['officer', 'add', '--usuario', 'quito1', '--nombre', 'Funcionaria de Quito', '--email',
      'q@aduana.example', '--distrito', '055', '--rol', 'recepcion,supervisor'], { input: 'Cumbre.Nevada.Andina.26\n' });
    assert.equal(r.status, 0, r.stderr);
    const id = srv.sql("select max(id) from document where state = 'Registrado'")[0][0];
    const q = await officer(srv, { usuario: 'quito1', clave: 'Cumbre.Nevada.Andina.26' });
    assert.doesNotMatch((await q.get('/bandeja?estado=')).text, new RegExp(`/bandeja/${id}"`));
    assert.equal((await q.get(`/bandeja/${id}`)).status, 404);
    assert.equal((await q.get(`/bandeja/${id}.xml`)).status, 404);
    assert.equal((await q.get('/bandeja?distrito=028')).status, 200, 'asking for another district gives their own');
    assert.doesNotMatch((await q.get('/bandeja?distrito=028&estado=')).text, new RegExp(`/bandeja/${id}"`));
    const adm = await officer(srv, OFFICERS.admin);   // admin,nacional
    assert.match((await adm.get('/bandeja?estado=')).text, new RegExp(`/bandeja/${id}"`));
    const x = await adm.get(`/bandeja/${id}.xml`);
    assert.equal(x.status, 200);
    assert.match(x.text, /<DAI xmlns=/);
  });

  test('reassign and the declarant\'s request for a physical channel, decided by a supervisor', async () => {
    const sup = await officer(srv, OFFICERS.supervisor);
    const id = srv.sql("select max(id) from document where state = 'Registrado'")[0][0];
    let r = await act(sup, id, { accion: 'reasignar', distrito: '999', motivo: 'x' });
    assert.equal(r.status, 400);
    r = await act(sup, id, { accion: 'aceptar' });
    assert.equal(r.status, 303);
    assert.deepEqual(docState(srv, id).slice(0, 2), ['Aprobado', 'automatico']);

    const big = await sent(sampleXml('DAI'));    // electronic acceptance off: Registrado
    r = await act(sup, big, { accion: 'aceptar' });
    assert.equal(r.status, 303);
    assert.deepEqual(docState(srv, big).slice(0, 2), ['Aceptado', 'documental']);
    let d = await broker.get(`/tramites/${big}`);
    assert.deepEqual(selectOptions(d.text, 'canal').map((o) => o.value), ['fisico_no_intrusivo', 'fisico_intrusivo']);
    r = await broker.post(`/tramites/${big}`, { csrf: formField(d.text, 'csrf'), accion: 'solicitar_canal',
      canal: 'fisico_intrusivo', motivo: '' });
    assert.equal(r.status, 400);
    r = await broker.post(`/tramites/${big}`, { csrf: formField(d.text, 'csrf'), accion: 'solicitar_canal',
      canal: 'fisico_intrusivo', motivo: 'Mercancía frágil: prefiero el aforo en presencia' });
    assert.equal(r.status, 303);
    d = await broker.get(`/tramites/${big}`);
    assert.equal(selectOptions(d.text, 'canal'), null, 'one request at a time');
    const q = await sup.get('/bandeja?solicitud=1&estado=');
    assert.match(q.text, new RegExp(`/bandeja/${big}"`));
    const f = await actForm(sup, big);
    const solicitud = formField(f.html, 'solicitud');
    r = await sup.post(`/bandeja/${big}`, { csrf: f.csrf, version: f.version, solicitud, accion: 'conceder', motivo: 'De acuerdo' });
    assert.equal(r.status, 303);
    assert.equal(docState(srv, big)[1], 'fisico_intrusivo');
    assert.equal(srv.sql(`select state from canal_request where document_id = ${big}`)[0][0], 'Concedida');
    r = await act(sup, big, { accion: 'reasignar', distrito: '055', motivo: 'Aforo en Quito' });
    assert.equal(r.status, 303);
    assert.equal(srv.sql(`select district from document where id = ${big}`)[0][0], '055');
    assert.equal((await sup.get(`/bandeja/${big}`)).status, 404, 'now Quito\'s');
  });

  test('the admin adds a rule (a new version): a new DAI gets the channel it asks for; errors and stale pages refused', async () => {
    const adm = await officer(srv, OFFICERS.admin);
    let page = await adm.get('/reglas');
    const version = byId(page.text, 'version');
    const csrf = formField(page.text, 'csrf');
    let r = await adm.post('/reglas', { csrf, version, accion: 'agregar', tipo: 'hs', documento: 'DAI', codigo: '847', valor: '', canal: 'fisico_intrusivo', nota: '' });
    assert.equal(r.status, 400);
    assert.equal(byId(r.text, 'codigo-err'), 'Escriba un capítulo (2 dígitos) o una subpartida de 4, 6, 8 o 10 dígitos.');
    r = await adm.post('/reglas', { csrf, version, accion: 'agregar', tipo: 'hs', documento: 'DAI', codigo: '8471', valor: '', canal: 'fisico_intrusivo', nota: 'Computadoras: inspección' });
    assert.equal(r.status, 303);
    r = await adm.post('/reglas', { csrf, version, accion: 'agregar', tipo: 'origen', documento: '', codigo: 'VN', valor: '', canal: 'documental', nota: '' });
    assert.equal(r.status, 409, 'saved from a page of an older version');
    r = await adm.post('/reglas', { csrf, version: String(Number(version) + 1), accion: 'ajustes', automatica: '1', omision: 'automatico' });
    assert.equal(r.status, 303);
    page = await adm.get('/reglas');
    assert.match(textOf(page.text), /subpartida que empieza con 8471/);
    const id = await sent(smallDai('8471300000'));
    assert.deepEqual(docState(srv, id).slice(0, 2), ['Aceptado', 'fisico_intrusivo']);
    const rule = srv.sql(`select risk_version, risk_rule from document_customs where document_id = ${id}`)[0];
    assert.deepEqual(rule, [String(Number(version) + 2), '6']);
    assert.equal((await (await officer(srv, OFFICERS.recepcion)).get('/reglas')).status, 403);
  });

  test('aduana officer add: checks the district, the roles and the password policy', () => {
    const base = ['officer', 'add', '--usuario', 'nuevo1', '--nombre', 'Nuevo', '--email', 'n@aduana.example'];
    let r = srv.cli([...base, '--distrito', '999', '--rol', 'aforo'], { input: 'Una.Clave.Larga.1\n' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /999 is not a customs district/);
    r = srv.cli([...base, '--distrito', '028', '--rol', 'aforo,jefe'], { input: 'Una.Clave.Larga.1\n' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--rol must be/);
    r = srv.cli([...base, '--distrito', '028', '--rol', 'aforo'], { input: 'Aduana.123456\n' });
    assert.equal(r.status, 1, 'a common password (the policy, domain/pwpolicy.h)');
    assert.match(r.stderr, /too common/);
    r = srv.cli([...base, '--distrito', '028', '--rol', 'aforo'], { input: 'Una.Clave.Larga.1\n' });
    assert.equal(r.status, 0, r.stderr);
    r = srv.cli([...base, '--distrito', '028', '--rol', 'aforo'], { input: 'Una.Clave.Larga.1\n' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /already exists/);
  });

  test('an officer is blocked after the failures allowed, as operators are, and audited', async () => {
    const r = srv.cli(['officer', 'add', '--usuario', 'bloqueo1', '--nombre', 'Prueba de bloqueo', '--email',
      'b@aduana.example', '--distrito', '019', '--rol', 'aforo'], { input: 'Candado.Cerrado.2026\n' });
    assert.equal(r.status, 0, r.stderr);
    const c = srv.client();
    for (let i = 0; i < 4; i++)
      assert.equal((await officerSignIn(c, { usuario: 'bloqueo1', clave: `mala.${i}.clave` })).status, 401);
    const x = await officerSignIn(c, { usuario: 'bloqueo1', clave: 'mala.5.clave' });
    assert.equal(x.status, 403);
    assert.match(byId(x.text, 'form-err'), /^Su cuenta está bloqueada por superar el número de intentos fallidos/);
    const y = await officerSignIn(c, { usuario: 'bloqueo1', clave: 'Candado.Cerrado.2026' });
    assert.equal(y.status, 403, 'blocked: not even the right password');
    assert.equal(srv.sql("select count(*) from audit where usuario = 'bloqueo1' and event = 'block'")[0][0], '1');
  });

  test('a long reason in characters of three bytes reaches the notice whole', async () => {
    const rec = await officer(srv, OFFICERS.recepcion);
    const adm = await officer(srv, OFFICERS.admin);
    let page = await adm.get('/reglas');
    await adm.post('/reglas', { csrf: formField(page.text, 'csrf'), version: byId(page.text, 'version'),
      accion: 'ajustes', omision: 'automatico' });   // electronic acceptance off: it waits for recepción
    const id = await sent(smallDai());
    const reason = '€'.repeat(999) + 'ñ';   // 1,000 characters, 2,999 bytes
    const r = await act(rec, id, { accion: 'rechazar', motivo: reason });
    assert.equal(r.status, 303);
    const numero = srv.sql(`select numero from document where id = ${id}`)[0][0];
    assert.deepEqual(srv.sql(`select count(*) from notice where subject = 'Notificación de Rechazo - DAI ${numero}'` +
      ` and body like '%Motivo: ${reason}'`), [['1']], 'the whole reason, not cut');
    const over = await act(rec, await sent(smallDai()), { accion: 'rechazar', motivo: reason + 'x' });
    assert.equal(over.status, 400, 'past 1,000 characters: refused, not cut');
  });

  test('manifests: accepted by recepción with no number and no channel', async () => {
    const nav = srv.client();
    await nav.enter(NAVIERA, '05909025');
    const r = await uploadEdoc(nav, sampleXml('MANIFIESTO'));
    assert.equal(r.status, 200);
    const id = srv.sql('select max(id) from document')[0][0];
    const rec = await officer(srv, OFFICERS.recepcion);
    const q = await rec.get('/bandeja?titulo=MANIFIESTO');
    assert.match(q.text, new RegExp(`/bandeja/${id}"`));
    const x = await act(rec, id, { accion: 'aceptar' });
    assert.equal(x.status, 303);
    assert.deepEqual(docState(srv, id).slice(0, 2), ['Aceptado', '']);
    assert.equal(srv.sql(`select count(*) from document_customs where document_id = ${id}`)[0][0], '0');
  });
});
