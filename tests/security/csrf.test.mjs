// CSRF: every state-changing route of `aduana routes` (every POST) is refused — 403, and
// nothing in the store changes — when it comes
//   (a) without a token,
//   (b) with another session's valid token (for the sign-in forms: another visitor's
//       pre-session token),
//   (c) cross-site: Origin https://evil.example and Sec-Fetch-Site cross-site, with the
//       victim's cookie and no valid token, and
//   (d) cross-site with the victim's valid token (src/web/dispatch.c refuses a request
//       another site made the browser send, whatever it carries);
// while the same request with the session's own token from the same origin is not
// refused (so the refusals above are the token's and the origin's doing).
//
// "Nothing changes" is the whole store but the session table (a session's last use is
// written on every request), dumped before and after each refused request.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { ORIGINALS, concretePath, crawlAll, ownSession, routeKey, routeRole, routeTable, send, startTarget, validValue, withField } from './lib.mjs';

const ROUTES = routeTable();
const EVIL = { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' };

function dump(db) {
  const r = spawnSync('sqlite3', ['-batch', '-cmd', '.timeout 5000', db, '.dump'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => !/^INSERT INTO "?session"? /.test(l)).join('\n');
}

/* Mail a genuine request queued is delivered by the server's sender in the
 * background (it marks the outbox row sent): wait until it is, so that the
 * store compared before and after a forged request changes only by that. */
async function quietOutbox(db) {
  for (let i = 0; i < 100; i++) {
    const r = spawnSync('sqlite3', ['-batch', '-cmd', '.timeout 5000', db,
      'SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL'], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim() === '0') return;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.fail('the outbox did not empty within 10 s');
}

describe('CSRF: every state-changing route refuses a forged request', () => {
  let t;
  const sites = {};
  before(async () => {
    t = await startTarget();
    Object.assign(sites, await crawlAll(t));
  });
  after(async () => { await t?.stop(); });

  test('the table has state-changing routes, each declaring a token', () => {
    const posts = ROUTES.filter((r) => r.method === 'POST');
    assert.ok(posts.length >= 5, `${posts.length} POST routes`);
    for (const r of posts) assert.notEqual(r.csrf, 'none', `${routeKey(r)} declares no CSRF token`);
  });

  for (const route of ROUTES.filter((r) => r.method === 'POST')) {
    test(routeKey(route), async () => {
      const role = routeRole(route);
      const p = concretePath(route, sites[role]);
      const victim = await ownSession(t, route, p, sites[role]);
      const other = await ownSession(t, route, p, sites[role]);
      const token = (x) => x.base.fields.find(([k]) => k === 'csrf')?.[1];
      assert.ok(token(victim), `${routeKey(route)}: the form on ${victim.base.page} carries a csrf field`);
      assert.notEqual(token(victim), token(other), 'two sessions, two tokens');
      let fields = victim.base.fields;
      for (const q of route.params)
        if (!q.prefix && !fields.some(([k, v]) => k === q.name && v !== '')) fields = withField(fields, q.name, validValue(q));
      if (route.csrf === 'pre') {
        const who = route.params.some((x) => x.kind === 'ruc') ? t.throwaway : t.throwawayOfficer;
        for (const [k, v] of [['ruc', who.ruc], ['usuario', who.usuario], ['clave', who.clave]])
          if (route.params.some((x) => x.name === k)) fields = withField(fields, k, v);
      }
      for (const [k, v] of Object.entries(ORIGINALS[routeKey(route)] ?? {})) fields = withField(fields, k, v);
      const noToken = fields.filter(([k]) => k !== 'csrf');
      const cases = [
        ['without a token', noToken, {}],
        ["with another session's token", withField(noToken, 'csrf', token(other)), {}],
        ['cross-site without a valid token', withField(noToken, 'csrf', 'a'.repeat(64)), EVIL],
        ['cross-site, no token at all', noToken, EVIL],
        ['cross-site with the valid token', fields, EVIL],
        ['from another origin (Origin only) with the valid token', fields, { Origin: 'https://evil.example' }],
      ];
      for (const [what, f, headers] of cases) {
        await quietOutbox(t.srv.db);
        const before = dump(t.srv.db);
        const r = await send(victim.client, route, p, f, { files: victim.base.files, headers });
        assert.equal(r.status, 403, `${routeKey(route)} ${what}: ${r.status} ${r.location ?? ''}`);
        assert.ok(before === dump(t.srv.db), `${routeKey(route)} ${what}: the store changed`);
      }
      const ok = await send(victim.client, route, p, fields, { files: victim.base.files,
        headers: { Origin: t.srv.url, 'Sec-Fetch-Site': 'same-origin' } });
      assert.notEqual(ok.status, 403, `${routeKey(route)}: the genuine request is refused too, so the refusals prove nothing`);
    });
  }
});
