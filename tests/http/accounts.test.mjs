// The account lifecycle (issue 9) against a real `aduana serve`, with the
// mail received by a real SMTP server on loopback (mail.mjs, aiosmtpd):
// Nuevo registro and its security code, Reiniciar clave, Datos del usuario
// (e-mail, password, homologación, the yearly update), 3.2.3 Modificar
// información del uso (approval, options, "No está asignado el permiso al
// usuario"), the administrators' accounts screen and CLI.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  AGENTE, IMPORTADOR, NAVIERA, byId, cli, formField, sleep, startServer, textOf,
} from './lib.mjs';
import { startMailSink } from './mail.mjs';

const GOOD = 'caballo bateria grapa correcta';
const OTHER = 'tortuga gigante de galapagos';

/** The csrf of an anonymous form page. */
async function formCsrf(c, p) {
  const r = await c.get(p);
  assert.equal(r.status, 200, `GET ${p}`);
  const csrf = formField(r.text, 'csrf');
  assert.ok(csrf, `${p} carries a csrf field`);
  return csrf;
}

function regForm(over = {}) {
  return {
    clase: 'representante', ruc: AGENTE.ruc, cedula: '1712345675', nombre: 'Luis Andrade',
    email: 'luis@andina.example', telefono: '02 234 5678', usuario: 'landrade',
    clave: GOOD, clave2: GOOD, convenio: '1', accion: 'enviar', ...over,
  };
}

/** POST /registro; returns the response. */
async function register(c, over) {
  const csrf = await formCsrf(c, '/registro');
  return c.post('/registro', { ...regForm(over), csrf });
}

const codeOf = (m) => /\b(\d{6})\b/.exec(m.text)[1];

/** Registers and confirms with the code from the mail; returns the final page. */
async function registerFully(srv, sink, over) {
  const c = srv.client();
  const r = await register(c, over);
  assert.equal(r.status, 303, `registration accepted: ${textOf(r.text).slice(0, 400)}`);
  const m = await sink.waitFor((x) => x.to === regForm(over).email && /registro/.test(x.subject));
  const csrf = await formCsrf(c, r.location);
  const done = await c.post(r.location, { csrf, codigo: codeOf(m) });
  assert.equal(done.status, 200);
  return { c, done, location: r.location };
}

describe('the account lifecycle', () => {
  let sink;
  let srv;

  before(async () => {
    sink = await startMailSink();
    srv = await startServer({ env: { ...sink.env } });
  });
  after(async () => {
    await srv.stop();
    await sink.stop();
  });

  describe('Nuevo registro', () => {
    test('the sign-in page links to Nuevo registro and Reiniciar clave; the form shows the convenio in full', async () => {
      const c = srv.client();
      const home = await c.get('/');
      assert.match(home.text, /<a href="\/registro">Nuevo registro<\/a>/);
      assert.match(home.text, /<a href="\/clave">Reiniciar clave<\/a>/);
      const r = await c.get('/registro');
      assert.equal(r.status, 200);
      assert.match(r.text, /<label for="usuario">ID de usuario<\/label>/);
      assert.match(r.text, /Comprobar disponibilidad/);
      assert.match(textOf(r.text), /CONVENIO DE USO DEL PORTAL.*8\. Suspensión/s);
    });

    test('Comprobar disponibilidad says whether the ID is free under the RUC, whatever its case', async () => {
      const c = srv.client();
      const csrf = await formCsrf(c, '/registro');
      let r = await c.post('/registro', { ...regForm({ usuario: 'AGENTE', accion: 'comprobar' }), csrf });
      assert.equal(r.status, 200);
      assert.match(byId(r.text, 'disponibilidad'), /agente no está disponible/);
      r = await c.post('/registro', { ...regForm({ usuario: 'nuevo.usuario', accion: 'comprobar' }), csrf });
      assert.match(byId(r.text, 'disponibilidad'), /nuevo\.usuario está disponible/);
    });

    test('a representante legal registers with the code from the mail, then signs in with the RUC\'s OCE codes', async () => {
      const { done } = await registerFully(srv, sink, {});
      assert.match(byId(done.text, 'resultado'), /Su cuenta fue creada/);
      const m = sink.messages().find((x) => x.to === 'luis@andina.example' && /registro/.test(x.subject));
      assert.match(m.text, /código de seguridad/);
      assert.match(m.html, /<p style="[^"]*">Estimado\(a\) Luis Andrade:/, "the message has an HTML part");
      const u = srv.sql("SELECT clase, estado, cedula FROM app_user WHERE usuario = 'landrade'");
      assert.deepEqual(u, [['representante', 'activo', '1712345675']]);
      const c = srv.client();
      await c.enter({ ruc: AGENTE.ruc, usuario: 'landrade', clave: GOOD }, '23902040');
      assert.equal(srv.sql("SELECT count(*) FROM audit WHERE event = 'register'")[0][0] >= '1', true);
      await sink.waitFor((x) => x.to === 'luis@andina.example' && /BIENVENIDO/.test(x.subject));
    });

    test('the rules: company classes need a registered operator, a representative its cédula on record', async () => {
      const c = srv.client();
      let r = await register(c, { ruc: '1791234567001', usuario: 'x1234', email: 'x1@e.test' });
      assert.equal(r.status, 400);
      assert.match(textOf(r.text), /no corresponde a un operador de comercio exterior registrado/);
      r = await register(c, { cedula: '1804567897', usuario: 'x1235', email: 'x2@e.test' });
      assert.equal(r.status, 400);
      assert.match(textOf(r.text), /no corresponde al representante legal registrado/);
      r = await register(c, { clase: 'empleado', ruc: '', usuario: 'x1236', email: 'x3@e.test' });
      assert.equal(r.status, 400);
      assert.match(textOf(r.text), /Ingrese el RUC de la empresa/);
    });

    test('bad input is refused with what to fix, and nothing is stored or sent', async () => {
      const before = sink.messages().length;
      const c = srv.client();
      const cases = [
        [{ clave: 'corta123', clave2: 'corta123' }, 'clave', /al menos 12 caracteres/],
        [{ clave: 'password1234', clave2: 'password1234' }, 'clave', /común/],
        [{ clave: 'landrade2026!!', clave2: 'landrade2026!!', usuario: 'landrade' }, 'clave', /datos/],
        [{ clave2: OTHER }, 'clave2', /no coinciden/],
        [{ convenio: '' }, 'convenio', /aceptar el convenio/],
        [{ email: 'no-es-correo' }, 'email', /nombre@empresa/],
        [{ telefono: '12' }, 'telefono', /de 7 a 15 dígitos/],
        [{ usuario: 'a b' }, 'usuario', /letras, números/],
        [{ cedula: '1712345676' }, 'cedula', /dígito verificador/i],
        [{ ruc: '1712345675' }, 'ruc', /13 dígitos/],
      ];
      for (const [over, field, re] of cases) {
        const form = over.convenio === '' ? (({ convenio, ...rest }) => rest)(regForm(over)) : regForm(over);
        const csrf = await formCsrf(c, '/registro');
        const r = await c.post('/registro', { ...form, usuario: form.usuario === 'landrade' ? 'landrade' : form.usuario, csrf });
        assert.equal(r.status, 400, `${JSON.stringify(over)} → 400`);
        assert.match(byId(r.text, `${field}-err`) ?? '', re, `${JSON.stringify(over)}: message at ${field}`);
        assert.doesNotMatch(r.text, new RegExp(GOOD), 'the password is never echoed');
      }
      await sleep(300);
      assert.equal(sink.messages().length, before, 'no mail for a refused form');
    });

    test('a taken ID is refused at sending too (409), and a wrong code five times voids the code', async () => {
      const c = srv.client();
      let r = await register(c, { usuario: 'Agente', email: 'otro@e.test' });
      assert.equal(r.status, 409);
      r = await register(c, { usuario: 'cinco.fallos', email: 'cinco@e.test' });
      assert.equal(r.status, 303);
      const m = await sink.waitFor((x) => x.to === 'cinco@e.test');
      const right = codeOf(m);
      const wrong = right === '000000' ? '111111' : '000000';
      const csrf = await formCsrf(c, r.location);
      for (let i = 1; i <= 4; i++) {
        const w = await c.post(r.location, { csrf, codigo: wrong });
        assert.equal(w.status, 400);
        assert.match(byId(w.text, 'codigo-err'), new RegExp(`Le quedan ${5 - i} intentos`));
      }
      const fifth = await c.post(r.location, { csrf, codigo: wrong });
      assert.equal(fifth.status, 410);
      assert.match(textOf(fifth.text), /anulado por demasiados intentos/);
      const late = await c.post(r.location, { csrf, codigo: right });
      assert.equal(late.status, 410, 'the right code no longer works');
      assert.equal(srv.sql("SELECT count(*) FROM app_user WHERE usuario = 'cinco.fallos'")[0][0], '0');
    });

    test('a used code cannot create the account twice; an unknown handle is 404', async () => {
      const { c, location } = await registerFully(srv, sink, { usuario: 'dos.veces', email: 'dos@e.test', clase: 'empleado', ruc: NAVIERA.ruc, cedula: '0923456784' });
      const csrf = await formCsrf(srv.client(), '/registro');
      const again = await c.post(location, { csrf: formField((await c.get('/registro')).text, 'csrf') ?? csrf, codigo: '123456' });
      assert.equal(again.status, 410);
      const unknown = await c.get(`/registro/confirmar/${'ab'.repeat(32)}`);
      assert.equal(unknown.status, 404);
    });

    test('at most three codes per address in the code\'s lifetime: the fourth is refused 429', async () => {
      const c = srv.client();
      for (let i = 0; i < 3; i++) {
        const r = await register(c, { usuario: `limite${i}`, email: 'limite@e.test', clase: 'general', ruc: '', cedula: '0601234560' });
        assert.equal(r.status, 303, `code ${i + 1}`);
      }
      const r = await register(c, { usuario: 'limite9', email: 'limite@e.test', clase: 'general', ruc: '', cedula: '0601234560' });
      assert.equal(r.status, 429);
      assert.match(textOf(r.text), /Ya enviamos varios códigos/);
    });
  });

  describe('an employee and the representative (3.2.3)', () => {
    const EMP = { ruc: NAVIERA.ruc, usuario: 'asistente', clave: GOOD };

    test('an employee registers: pending, refused at sign-in; the representative is told', async () => {
      const { done } = await registerFully(srv, sink, {
        clase: 'empleado', ruc: NAVIERA.ruc, cedula: '1804567897', usuario: 'asistente', email: 'asistente@naviera.example', nombre: 'Ana Asistente',
      });
      assert.match(byId(done.text, 'resultado'), /representante legal de la empresa debe aprobar/);
      await sink.waitFor((x) => x.to === 'operaciones@naviera.example' && /APROBACIÓN DE EMPLEADO/.test(x.subject));
      const r = await srv.client().signIn(EMP.ruc, EMP.usuario, EMP.clave);
      assert.equal(r.status, 403);
      assert.match(byId(r.text, 'form-err'), /espera la aprobación del representante legal/);
    });

    test('only a representative opens 3.2.3; another user gets "No está asignado el permiso al usuario"', async () => {
      const rep = srv.client();
      await rep.enter(NAVIERA, '05909025');
      const r = await rep.get('/uso');
      assert.equal(r.status, 200);
      assert.match(textOf(r.text), /asistente.*Ana Asistente.*Empleado.*Pendiente de aprobación/s);
      const emp = srv.client();
      await emp.signInOk({ ruc: AGENTE.ruc, usuario: 'landrade', clave: GOOD });
      // landrade is a representative of AGENTE: sees its own company only.
      const own = await emp.get('/uso');
      assert.doesNotMatch(own.text, /asistente/);
      const id = srv.sql("SELECT id FROM app_user WHERE usuario = 'asistente'")[0][0];
      const other = await emp.get(`/uso/${id}`);
      assert.equal(other.status, 404, 'another company\'s employee is not found');
    });

    test('approve and grant 1.3: the employee sees only 1.3 and is refused 1.8 with the real message', async () => {
      const rep = srv.client();
      await rep.enter(NAVIERA, '05909025');
      const id = srv.sql("SELECT id FROM app_user WHERE usuario = 'asistente'")[0][0];
      const page = await rep.get(`/uso/${id}`);
      const csrf = formField(page.text, 'csrf');
      let r = await rep.post(`/uso/${id}`, { csrf, accion: 'aprobar' });
      assert.equal(r.status, 200);
      assert.match(byId(r.text, 'estado'), /Activo/);
      await sink.waitFor((x) => x.to === 'asistente@naviera.example' && /aprobó su cuenta/.test(x.text));
      r = await rep.post(`/uso/${id}`, { csrf, accion: 'permisos', 'op.1.3': '1' });
      assert.equal(r.status, 200);
      assert.match(r.text, /name="op\.1\.3" value="1" checked/);

      const emp = srv.client();
      await emp.enter(EMP, '05909025');
      const main = await emp.get('/principal');
      assert.match(main.text, /Integración de estados del trámite/);
      assert.doesNotMatch(main.text, /Consulta de e-Docs enviados/);
      assert.doesNotMatch(main.text, /Elaboración de e-Doc/);
      assert.equal((await emp.get('/estados')).status, 200);
      const refused = await emp.get('/enviados');
      assert.equal(refused.status, 403);
      assert.match(textOf(refused.text), /No está asignado el permiso al usuario/);
      assert.equal((await emp.get('/uso')).status, 403);

      // Withdrawn: refused again at once.
      r = await rep.post(`/uso/${id}`, { csrf, accion: 'permisos' });
      assert.equal(r.status, 200);
      assert.equal((await emp.get('/estados')).status, 403);
      const audit = srv.sql(`SELECT event FROM audit WHERE user_id = ${id} ORDER BY id`).map((x) => x[0]);
      for (const e of ['register', 'employee_approve', 'permission_grant', 'permission_revoke'])
        assert.ok(audit.includes(e), `audit has ${e}: ${audit}`);
    });

    test('a rejected employee is told so at sign-in, and by e-mail', async () => {
      await registerFully(srv, sink, {
        clase: 'empleado', ruc: NAVIERA.ruc, cedula: '0601234560', usuario: 'rechazado', email: 'rechazado@e.test', nombre: 'Rafael Rechazado',
      });
      const rep = srv.client();
      await rep.enter(NAVIERA, '05909025');
      const id = srv.sql("SELECT id FROM app_user WHERE usuario = 'rechazado'")[0][0];
      const csrf = formField((await rep.get(`/uso/${id}`)).text, 'csrf');
      const r = await rep.post(`/uso/${id}`, { csrf, accion: 'rechazar' });
      assert.match(byId(r.text, 'estado'), /Rechazado/);
      await sink.waitFor((x) => x.to === 'rechazado@e.test' && /no aprobó su cuenta/.test(x.text));
      const s = await srv.client().signIn(NAVIERA.ruc, 'rechazado', GOOD);
      assert.equal(s.status, 403);
      assert.match(byId(s.text, 'form-err'), /no aprobó su cuenta/);
      const again = await rep.post(`/uso/${id}`, { csrf, accion: 'rechazar' });
      assert.match(byId(again.text, 'resultado'), /No hubo nada que cambiar/);
    });

    test('the representative disables the employee: its sessions end, it cannot sign in', async () => {
      const emp = srv.client();
      await emp.signInOk(EMP);
      const rep = srv.client();
      await rep.enter(NAVIERA, '05909025');
      const id = srv.sql("SELECT id FROM app_user WHERE usuario = 'asistente'")[0][0];
      const csrf = formField((await rep.get(`/uso/${id}`)).text, 'csrf');
      const r = await rep.post(`/uso/${id}`, { csrf, accion: 'deshabilitar' });
      assert.match(byId(r.text, 'estado'), /Deshabilitado/);
      assert.equal((await emp.get('/oce')).status, 303, 'the session is gone');
      const again = await srv.client().signIn(EMP.ruc, EMP.usuario, EMP.clave);
      assert.equal(again.status, 403);
      await rep.post(`/uso/${id}`, { csrf, accion: 'habilitar' });
      await srv.client().signInOk(EMP);
    });
  });

  describe('Reiniciar clave', () => {
    test('the same answer whatever is typed; a mail only when RUC, ID and e-mail match', async () => {
      const c = srv.client();
      const answers = [];
      for (const form of [
        { ruc: IMPORTADOR.ruc, usuario: 'importador', email: 'mfquishpe@correo.example' },
        { ruc: IMPORTADOR.ruc, usuario: 'importador', email: 'otra@correo.example' },
        { ruc: IMPORTADOR.ruc, usuario: 'nadie', email: 'mfquishpe@correo.example' },
        { ruc: '1790011674001', usuario: 'importador', email: 'mfquishpe@correo.example' },
      ]) {
        const csrf = await formCsrf(c, '/clave');
        const r = await c.post('/clave', { ...form, csrf });
        assert.equal(r.status, 200);
        answers.push(byId(r.text, 'resultado'));
      }
      assert.ok(answers.every((a) => a === answers[0]), 'one answer for all');
      assert.match(answers[0], /Si los datos corresponden a una cuenta/);
      await sink.waitFor((x) => x.to === 'mfquishpe@correo.example' && /Reinicio/.test(x.subject));
      await sleep(400);
      const resets = sink.messages().filter((x) => /Reinicio/.test(x.subject));
      assert.equal(resets.length, 1, 'one mail, for the matching request only');
      assert.equal(srv.sql("SELECT count(*) FROM audit WHERE event = 'reset_request_refused'")[0][0], '3');
    });

    test('similar time for an unknown user (enumeration)', async () => {
      const c = srv.client();
      const csrf = await formCsrf(c, '/clave');
      const time = async (form) => {
        const t0 = process.hrtime.bigint();
        const r = await c.post('/clave', { ...form, csrf });
        assert.equal(r.status, 200);
        return Number(process.hrtime.bigint() - t0) / 1e6;
      };
      const known = [];
      const unknown = [];
      // Different known accounts (each has its own budget of 3 links).
      const accounts = [[NAVIERA.ruc, 'naviera', 'operaciones@naviera.example'],
        [AGENTE.ruc, 'agente', 'agente@andina.example']];
      for (let i = 0; i < 6; i++) {
        const [ruc, usuario, email] = accounts[i % 2];
        if (i < 4) known.push(await time({ ruc, usuario, email }));
        unknown.push(await time({ ruc, usuario: `nadie${i}`, email }));
      }
      const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
      const diff = Math.abs(med(known) - med(unknown));
      assert.ok(diff < 50, `medians ${med(known).toFixed(1)} ms and ${med(unknown).toFixed(1)} ms differ by ${diff.toFixed(1)} ms`);
    });

    test('the link sets a new password once, lifts a block, ends every session and tells the user', async () => {
      const who = { ruc: IMPORTADOR.ruc, usuario: 'importador', clave: IMPORTADOR.clave };
      const old = srv.client();
      await old.signInOk(who);
      // Someone else's guesses block the account.
      for (let i = 0; i < 5; i++) await srv.client().signIn(who.ruc, who.usuario, 'mal adivinada');
      const blocked = await srv.client().signIn(who.ruc, who.usuario, who.clave);
      assert.equal(blocked.status, 403);
      const m = sink.messages().find((x) => x.to === 'mfquishpe@correo.example' && /Reinicio/.test(x.subject));
      const link = new URL(/https?:\/\/\S+\/clave\/nueva\/[0-9a-f]{64}/.exec(m.text)[0]).pathname;
      const c = srv.client();
      let r = await c.get(link);
      assert.equal(r.status, 200);
      assert.match(textOf(r.text), /importador/);
      const csrf = formField(r.text, 'csrf');
      r = await c.post(link, { csrf, clave: 'importador12345', clave2: 'importador12345' });
      assert.equal(r.status, 400, 'the policy holds');
      r = await c.post(link, { csrf, clave: OTHER, clave2: OTHER });
      assert.equal(r.status, 200);
      assert.match(byId(r.text, 'resultado'), /Su contraseña fue cambiada/);
      assert.equal((await old.get('/oce')).status, 303, 'the old session ended');
      await srv.client().signInOk({ ...who, clave: OTHER });
      assert.equal((await srv.client().signIn(who.ruc, who.usuario, who.clave)).status, 401);
      const again = await c.post(link, { csrf, clave: GOOD, clave2: GOOD });
      assert.equal(again.status, 410, 'single use');
      await sink.waitFor((x) => x.to === 'mfquishpe@correo.example' && /CAMBIO DE CONTRASEÑA/.test(x.subject));
      assert.match(srv.sql(`SELECT subject FROM notice WHERE subject LIKE '%CAMBIO DE CONTRASEÑA%'`)[0][0], /CONTRASEÑA/);
      assert.doesNotMatch(srv.stderr, /[0-9a-f]{64}/, 'no token in the log');
    });
  });

  describe('Datos del usuario', () => {
    test('a new e-mail is confirmed by a code sent to it; both addresses are told', async () => {
      const c = srv.client();
      await c.signInOk({ ruc: AGENTE.ruc, usuario: 'landrade', clave: GOOD });
      let page = await c.get('/cuenta');
      assert.equal(page.status, 200);
      assert.match(byId(page.text, 'correo-actual'), /luis@andina\.example/);
      const csrf = formField(page.text, 'csrf');
      let r = await c.post('/cuenta/correo', { csrf, email: 'bad' });
      assert.equal(r.status, 400);
      r = await c.post('/cuenta/correo', { csrf, email: 'luis.nuevo@andina.example' });
      assert.equal(r.status, 303);
      const m = await sink.waitFor((x) => x.to === 'luis.nuevo@andina.example');
      r = await c.post('/cuenta/correo/codigo', { csrf, codigo: codeOf(m) === '000000' ? '111111' : '000000' });
      assert.equal(r.status, 400);
      assert.match(byId(r.text, 'codigo-err'), /Le quedan 4 intentos/);
      r = await c.post('/cuenta/correo/codigo', { csrf, codigo: codeOf(m) });
      assert.equal(r.status, 303);
      page = await c.get(r.location);
      assert.match(byId(page.text, 'correo-actual'), /luis\.nuevo@andina\.example/);
      await sink.waitFor((x) => x.to === 'luis@andina.example' && /CAMBIO DE CORREO/.test(x.subject));
      await sink.waitFor((x) => x.to === 'luis.nuevo@andina.example' && /CAMBIO DE CORREO/.test(x.subject));
    });

    test('the password changes with the current one; the other sessions end', async () => {
      const who = { ruc: AGENTE.ruc, usuario: 'landrade', clave: GOOD };
      const other = srv.client();
      await other.signInOk(who);
      const c = srv.client();
      await c.signInOk(who);
      const csrf = formField((await c.get('/cuenta')).text, 'csrf');
      let r = await c.post('/cuenta/clave', { csrf, actual: 'no es la clave', clave: OTHER, clave2: OTHER });
      assert.equal(r.status, 400);
      assert.match(byId(r.text, 'actual-err'), /no es correcta/);
      r = await c.post('/cuenta/clave', { csrf, actual: GOOD, clave: OTHER, clave2: OTHER });
      assert.equal(r.status, 303);
      assert.equal((await c.get('/cuenta')).status, 200, 'this session stays');
      assert.equal((await other.get('/oce')).status, 303, 'the other one ended');
      await srv.client().signInOk({ ...who, clave: OTHER });
    });

    test('homologación con RUC: a user registered under a cédula signs in with the RUC afterwards', async () => {
      // A usuario general without RUC: the cédula of IMPORTADOR's owner.
      await registerFully(srv, sink, {
        clase: 'general', ruc: '', cedula: '1710034065', usuario: 'mquishpe', email: 'mq@correo.example', nombre: 'María Quishpe',
      });
      const c = srv.client();
      await c.signInOk({ ruc: '1710034065', usuario: 'mquishpe', clave: GOOD });
      const page = await c.get('/cuenta');
      assert.match(page.text, /Homologación con RUC/);
      const csrf = formField(page.text, 'csrf');
      let r = await c.post('/cuenta/homologar', { csrf, ruc: '1791234567001' });
      assert.equal(r.status, 400);
      r = await c.post('/cuenta/homologar', { csrf, ruc: IMPORTADOR.ruc });
      assert.equal(r.status, 303);
      assert.equal(r.location, '/?homologado=1');
      assert.equal((await c.get('/cuenta')).status, 303, 'signed out');
      await srv.client().enter({ ruc: IMPORTADOR.ruc, usuario: 'mquishpe', clave: GOOD }, '29000001');
      assert.equal((await srv.client().signIn('1710034065', 'mquishpe', GOOD)).status, 401, 'the cédula no longer signs in');
      const row = srv.sql("SELECT clase, estado FROM app_user WHERE usuario = 'mquishpe'");
      assert.deepEqual(row, [['representante', 'activo']]);
      assert.equal(srv.sql("SELECT count(*) FROM audit WHERE event = 'homologacion'")[0][0], '1');
      await sink.waitFor((x) => x.to === 'mq@correo.example' && /HOMOLOGACIÓN/.test(x.subject));
    });

    test('the yearly update is asked at sign-in before anything else', async () => {
      srv.sql("UPDATE app_user SET confirmed_at = 1000 WHERE usuario = 'agente'");
      const c = srv.client();
      await c.signInOk(AGENTE);
      let r = await c.get('/oce');
      assert.equal(r.status, 303);
      assert.equal(r.location, '/cuenta/actualizar');
      r = await c.get('/cuenta/actualizar');
      assert.equal(r.status, 200);
      const csrf = formField(r.text, 'csrf');
      r = await c.post('/cuenta/actualizar', { csrf, nombre: 'Agencia Aduanera Andina Cía. Ltda.', telefono: '1' });
      assert.equal(r.status, 400);
      r = await c.post('/cuenta/actualizar', { csrf, nombre: 'Agencia Aduanera Andina Cía. Ltda.', telefono: '+593 2 245 6789' });
      assert.equal(r.status, 303);
      assert.equal((await c.get('/oce')).status, 200);
    });
  });

  describe('administrators', () => {
    const ADMIN = { usuario: 'admin', clave: 'Admin.2026' };

    async function adminClient() {
      const c = srv.client();
      const page = await c.get('/funcionarios');
      const r = await c.post('/funcionarios', { ...ADMIN, csrf: formField(page.text, 'csrf') });
      assert.equal(r.status, 303);
      return c;
    }

    test('the accounts screen lists, searches, disables and enables, with the audit trail; others get 403', async () => {
      const c = await adminClient();
      let r = await c.get('/usuarios?q=andina');
      assert.equal(r.status, 200);
      assert.match(textOf(r.text), /agente/);
      assert.doesNotMatch(textOf(r.text), /naviera\b/);
      const id = srv.sql("SELECT id FROM app_user WHERE usuario = 'importador'")[0][0];
      r = await c.get(`/usuarios/${id}`);
      assert.equal(r.status, 200);
      assert.match(textOf(r.text), /reset/);
      const csrf = formField(r.text, 'csrf');
      r = await c.post(`/usuarios/${id}`, { csrf, accion: 'deshabilitar' });
      assert.match(byId(r.text, 'estado'), /Deshabilitado/);
      assert.equal((await srv.client().signIn(IMPORTADOR.ruc, 'importador', OTHER)).status, 403);
      await sink.waitFor((x) => x.to === 'mfquishpe@correo.example' && /deshabilitó/.test(x.text));
      r = await c.post(`/usuarios/${id}`, { csrf, accion: 'habilitar' });
      assert.match(byId(r.text, 'estado'), /Activo/);
      const events = srv.sql(`SELECT event, detail FROM audit WHERE user_id = ${id} AND event IN ('disable', 'enable')`);
      assert.deepEqual(events, [['disable', 'admin'], ['enable', 'admin']]);
      const op = srv.client();
      await op.enter(NAVIERA, '05909025');
      assert.equal((await op.get('/usuarios')).status, 403);
    });

    test('an administrator unblocks an account: the user is told in the mailbox and by e-mail', async () => {
      srv.sql("UPDATE app_user SET blocked_at = 1000, failures = 5 WHERE usuario = 'agente'");
      const c = await adminClient();
      const id = srv.sql("SELECT id FROM app_user WHERE usuario = 'agente'")[0][0];
      let r = await c.get(`/usuarios/${id}`);
      assert.match(byId(r.text, 'estado'), /Bloqueado/);
      r = await c.post(`/usuarios/${id}`, { csrf: formField(r.text, 'csrf'), accion: 'desbloquear' });
      assert.match(byId(r.text, 'resultado'), /desbloqueada/);
      await sink.waitFor((x) => x.to === 'agente@andina.example' && /ALERTA DE DESBLOQUEO/.test(x.subject));
      await srv.client().signInOk(AGENTE);
    });

    test('aduana user list / audit / disable / enable', () => {
      let r = srv.cli(['user', 'list', '--buscar', 'naviera']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /0992339411001\s+naviera\s+representante\s+activo/);
      assert.match(r.stdout, /asistente\s+empleado/);
      r = srv.cli(['user', 'audit', '--ruc', NAVIERA.ruc, '--usuario', 'asistente']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /employee_approve/);
      r = srv.cli(['user', 'disable', '--ruc', NAVIERA.ruc, '--usuario', 'asistente']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(srv.cli(['user', 'list']).stdout, /asistente\s+empleado\s+deshabilit/);
      r = srv.cli(['user', 'enable', '--ruc', NAVIERA.ruc, '--usuario', 'asistente']);
      assert.equal(r.status, 0, r.stderr);
      r = srv.cli(['operator', 'rep', '--ruc', '1791234567001', '--cedula', '1804567897']);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /not a registered operator/);
      r = srv.cli(['operator', 'rep', '--ruc', AGENTE.ruc, '--cedula', '1804567897']);
      assert.equal(r.status, 0, r.stderr);
    });
  });
});

describe('codes expire', () => {
  test('a code past its time is refused and the account not created', async () => {
    const sink = await startMailSink();
    const srv = await startServer({ env: { ...sink.env, ADUANA_CODE_SECONDS: '2' } });
    try {
      const c = srv.client();
      const r = await register(c, { usuario: 'tarde', email: 'tarde@e.test' });
      assert.equal(r.status, 303);
      const m = await sink.waitFor((x) => x.to === 'tarde@e.test');
      await sleep(2300);
      const csrf = await formCsrf(c, '/registro');
      const late = await c.post(r.location, { csrf, codigo: codeOf(m) });
      assert.equal(late.status, 410);
      assert.match(textOf(late.text), /expiró/);
      assert.equal(srv.sql("SELECT count(*) FROM app_user WHERE usuario = 'tarde'")[0][0], '0');
    } finally {
      await srv.stop();
      await sink.stop();
    }
  });
});

void cli;
