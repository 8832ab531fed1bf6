// kill -9 while documents are being sent, 30 times, on the test's engine:
// after each restart every document whose número was answered is there, with
// its events and its customs decision, the store passes its integrity check,
// and the números de entrega of the OCE code have no gaps.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';

import { AGENTE, ENGINE, ROOT, byId, sampleXml, sleep, startServer, uploadEdoc } from './lib.mjs';

const ROUNDS = 30;
const SENDERS = 3;

describe('durability under kill -9', () => {
  test(`${ROUNDS} kills while ${SENDERS} clients send: nothing answered is lost, no gaps, the store is sound`, { timeout: 600000 }, async () => {
    let srv = await startServer();
    assert.equal(srv.cli(['catalog', 'import', '--data', path.join(ROOT, 'data')]).status, 0);
    const acknowledged = new Set();
    let refused = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const clients = [];
        for (let i = 0; i < SENDERS; i++) {
          const c = srv.client();
          await c.enter(AGENTE, '23902040');
          clients.push(c);
        }
        let stop = false;
        const senders = clients.map(async (c) => {
          while (!stop) {
            let r;
            try {
              r = await uploadEdoc(c, sampleXml('DAI'));
            } catch {
              return;   // the server was killed under this request: not acknowledged
            }
            if (r.status === 200 && byId(r.text, 'numero')) acknowledged.add(byId(r.text, 'numero'));
            else refused++;
          }
        });
        await sleep(150 + (round * 37) % 250);   // a different moment of the sending each round
        const store = await srv.kill();
        stop = true;
        await Promise.all(senders);
        srv = await startServer({ store });

        const rows = srv.sql("select numero from document where oce_code = '23902040' and numero is not null order by numero");
        const have = new Set(rows.map((r) => r[0]));
        for (const n of acknowledged)
          assert.ok(have.has(n), `round ${round + 1}: the acknowledged número ${n} is missing after kill -9`);
        // Gapless: the sequence of this year runs 1..count.
        const seqs = rows.map((r) => Number(r[0].slice(12, 20)));
        seqs.forEach((s, i) => assert.equal(s, i + 1, `round ${round + 1}: gap or double at ${rows[i][0]}`));
        // Every received document is whole: its first event, and (electronic acceptance) its decision.
        assert.deepEqual(srv.sql("select count(*) from document d where d.numero is not null and not exists" +
          " (select 1 from document_event e where e.document_id = d.id)"), [['0']]);
        assert.deepEqual(srv.sql("select count(*) from document d where d.state in ('Aceptado', 'Aprobado') and not exists" +
          " (select 1 from document_customs k where k.document_id = d.id)"), [['0']]);
        if (ENGINE === 'sqlite')
          assert.deepEqual(srv.sql('PRAGMA integrity_check'), [['ok']], `round ${round + 1}: integrity`);
        else
          assert.deepEqual(srv.sql("select count(*) from document_customs k left join document d on d.id = k.document_id where d.id is null"), [['0']]);
      }
      assert.equal(refused, 0, 'no sending was refused while the server was up');
      assert.ok(acknowledged.size >= ROUNDS, `documents were acknowledged in the rounds (${acknowledged.size})`);
    } finally {
      await srv.stop();
    }
  });
});
