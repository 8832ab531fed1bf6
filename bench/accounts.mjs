// accounts.mjs — the account lifecycle's timings (issue 9), against a real
// `aduana serve` on a fresh SQLite store (tests/http/lib.mjs), mail to the
// server's maildir.  Run from the repository root: `make bench-accounts`.
//
//   1. Reiniciar clave, no enumeration: POST /clave for a matching account
//      (a link queued: one commit) and for unknown users (an audit row: one
//      commit), interleaved, ROUNDS each; prints each side's p50 and p90 and
//      the ratio of the medians and their difference (the answer is the same;
//      what is left is the two rows a link writes more, a fraction of a
//      millisecond, below a network's jitter).
//   2. Nuevo registro's forms against the sign-in page served the same way:
//      GET /registro and GET / (ratio of medians), and POST /registro up to the
//      code (an Argon2id hash: its median in ms).
// Medians, not single timings: the machine is shared.
import { performance } from 'node:perf_hooks';

import { AGENTE, NAVIERA, IMPORTADOR, formField, startServer } from '../tests/http/lib.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 60);
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const fmt = (x) => x.toFixed(2);

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const srv = await startServer({ env: { ADUANA_ACCESS_LOG: '0', ADUANA_SIGNIN_ADDR_FAILURES: '0' } });
try {
  const c = srv.client();
  const home = await c.get('/clave');
  const csrf = formField(home.text, 'csrf');
  // Each account gets at most 3 links per 15 minutes: rotate over the demo
  // users and move their clock back (the store's rows) so every request of the
  // known side really queues a link.
  const known = [[NAVIERA.ruc, 'naviera', 'operaciones@naviera.example'], [AGENTE.ruc, 'agente', 'agente@andina.example'],
    [IMPORTADOR.ruc, 'importador', 'mfquishpe@correo.example']];
  const k = [];
  const u = [];
  for (let i = 0; i < ROUNDS; i++) {
    const [ruc, usuario, email] = known[i % known.length];
    if (i % known.length === 0) srv.sql('UPDATE verification SET created_at = created_at - 3600');
    k.push(await timed(() => c.post('/clave', { csrf, ruc, usuario, email })));
    u.push(await timed(() => c.post('/clave', { csrf, ruc, usuario: `nadie${i}`, email })));
  }
  const links = srv.sql("SELECT count(*) FROM verification WHERE purpose = 'clave'")[0][0];
  console.log(`reset known   p50 ${fmt(pct(k, 0.5))} ms  p90 ${fmt(pct(k, 0.9))} ms  (${links} links queued)`);
  console.log(`reset unknown p50 ${fmt(pct(u, 0.5))} ms  p90 ${fmt(pct(u, 0.9))} ms`);
  console.log(`reset ratio of medians known/unknown ${fmt(pct(k, 0.5) / pct(u, 0.5))}, difference ${fmt(pct(k, 0.5) - pct(u, 0.5))} ms`);

  const g = [];
  const r = [];
  for (let i = 0; i < ROUNDS; i++) {
    g.push(await timed(() => c.get('/')));
    r.push(await timed(() => c.get('/registro')));
  }
  console.log(`GET /registro p50 ${fmt(pct(r, 0.5))} ms; GET / p50 ${fmt(pct(g, 0.5))} ms; ratio ${fmt(pct(r, 0.5) / pct(g, 0.5))}`);

  const reg = await c.get('/registro');
  const rcsrf = formField(reg.text, 'csrf');
  const p = [];
  for (let i = 0; i < Math.min(ROUNDS, 30); i++) {
    p.push(await timed(async () => {
      const res = await c.post('/registro', {
        csrf: rcsrf, clase: 'general', ruc: '', cedula: '0601234560', nombre: 'Bench', email: `bench${i}@e.test`,
        telefono: '0991234567', usuario: `bench.reg${i}`, clave: 'caballo bateria grapa correcta',
        clave2: 'caballo bateria grapa correcta', convenio: '1', accion: 'enviar',
      });
      if (res.status !== 303) throw new Error(`registration ${i}: ${res.status}`);
    }));
  }
  console.log(`POST /registro (Argon2id + code queued) p50 ${fmt(pct(p, 0.5))} ms  p90 ${fmt(pct(p, 0.9))} ms`);
} finally {
  await srv.stop();
}
