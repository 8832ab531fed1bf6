// `aduana routes`: the route table as JSON, which the security suite
// (tests/security) reads to cover every route without naming them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { cli } from './lib.mjs';

describe('aduana routes', () => {
  const r = cli(['routes']);
  const dump = r.status === 0 ? JSON.parse(r.stdout) : null;
  const find = (method, p) => dump.routes.find((x) => x.method === method && x.path === p);

  test('prints the table as JSON, exit 0', () => {
    assert.equal(r.status, 0, r.stderr);
    assert.ok(Array.isArray(dump.routes) && dump.routes.length > 20, 'every feature\'s routes');
    for (const x of dump.routes) {
      assert.ok(['GET', 'POST'].includes(x.method), `${x.path}: method ${x.method}`);
      assert.ok(x.path.startsWith('/'), x.path);
      assert.ok(['none', 'session', 'pre'].includes(x.csrf), `${x.path}: csrf ${x.csrf}`);
      assert.ok(x.roles.length > 0, `${x.path}: roles`);
    }
  });

  test('an officer\'s act: roles, session CSRF, form body and its parameters', () => {
    const b = find('POST', '/bandeja/{}');
    assert.ok(b, 'POST /bandeja/{} is listed');
    assert.deepEqual(b.roles, ['officer', 'admin']);
    assert.equal(b.csrf, 'session');
    assert.equal(b.body, 'form');
    assert.equal(b.answer, 'html');
    assert.ok(b.flags.includes('form_errors'));
    const p = Object.fromEntries(b.params.map((x) => [x.name, x]));
    assert.deepEqual(Object.keys(p), ['accion', 'version', 'motivo', 'canal', 'distrito', 'solicitud']);
    assert.equal(p.version.kind, 'int');
    assert.equal(p.version.required, true);
    assert.equal(p.motivo.kind, 'text');
    assert.equal(p.motivo.multiline, true);
    assert.equal(p.motivo.max, 1000);
    assert.equal(p.distrito.kind, 'digits');
    assert.equal(p.distrito.max, 3);
    assert.ok(p.accion.one_of.includes('aceptar'));
  });

  test('the sign-in form takes the pre-session token; the health endpoint answers JSON', () => {
    const l = find('POST', '/login');
    assert.equal(l.csrf, 'pre');
    assert.ok(l.flags.includes('slow'));
    assert.deepEqual(l.params.map((x) => x.name), ['ruc', 'usuario', 'clave']);
    assert.equal(l.params[2].raw, true);
    assert.equal(find('GET', '/api/v1/salud').answer, 'json');
    assert.ok(find('GET', '/static/{}').flags.includes('static'));
  });

  test('extra arguments are a usage error', () => {
    assert.equal(cli(['routes', 'x']).status, 2);
  });
});
