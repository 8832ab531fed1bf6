#!/usr/bin/env node
// common_passwords.mjs — derives data/common_passwords.txt (see data/README.md).
//
//   npm pack @zxcvbn-ts/language-common@4.1.3 && tar xzf zxcvbn-ts-language-common-4.1.3.tgz
//   node scripts/common_passwords.mjs package/src/passwords.json > data/common_passwords.txt
//
// Inputs: the password list of @zxcvbn-ts/language-common (MIT; 49,233
// passwords by frequency, from the xato corpus), the hand-written supplement
// data/common_passwords_es.txt, and the keyboard walks and digit runs made
// below.  Each entry is folded as src/core/fold.c folds (lower case, accents
// removed: ñ → n) and its spaces dropped, as src/domain/pwpolicy.c compares.
//
// Only entries that src/domain/pwpolicy.c can ever match are kept:
//   - 12 characters or more: a whole password;
//   - 6 to 11 characters ending in a letter: the "core" of a password once
//     the digits and symbols around it are stripped ("Password2026!!" →
//     "password"); a core is at least 6 characters and ends in a letter, so a
//     shorter entry, or one ending in a digit or symbol, could never match.
// Output: one per line, unique, sorted bytewise (the C lookup is a binary
// search over the lines).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
if (process.argv.length < 3) {
  console.error('usage: node scripts/common_passwords.mjs PATH/TO/passwords.json');
  process.exit(2);
}
const upstream = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const supplement = readFileSync(join(here, '..', 'data', 'common_passwords_es.txt'), 'utf8')
  .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

// Keyboard walks and digit runs: every prefix of 12 characters or more.
const walks = [
  'qwertyuiopasdfghjklzxcvbnm', 'qwertyuiopasdfghjklñzxcvbnm', 'azertyuiopqsdfghjklmwxcvbn',
  'qwertzuiopasdfghjklyxcvbnm', 'zxcvbnmasdfghjklqwertyuiop', 'asdfghjklqwertyuiopzxcvbnm',
  'qazwsxedcrfvtgbyhnujmikolp', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
  'zaq1xsw2cde3vfr4bgt5nhy6mju7', '1q2w3e4r5t6y7u8i9o0p', 'q1w2e3r4t5y6u7i8o9p0',
  'qweasdzxcrtyfghvbnuiojklm', 'abcdefghijklmnopqrstuvwxyz', 'zyxwvutsrqponmlkjihgfedcba',
  '12345678901234567890', '09876543210987654321', '98765432109876543210',
  '01234567890123456789', 'abc123abc123abc123', 'a1b2c3d4e5f6g7h8i9j0',
];
const generated = [];
for (const w of walks)
  for (let n = 12; n <= [...w].length; n++) generated.push([...w].slice(0, n).join(''));

// As fold_text: ASCII lower case, Latin-1 letters to their base letter.
const special = { 'ß': 'ss', 'æ': 'ae', 'ø': 'o', 'þ': 'th', 'ð': 'd' };
function fold(s) {
  let out = '';
  for (const ch of s.toLowerCase()) {
    if (special[ch]) out += special[ch];
    else if (ch >= '\u00e0' && ch <= '\u00ff') out += ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    else if (ch.codePointAt(0) > 0x7f) throw new Error(`not handled by this script: ${s}`);
    else out += ch;
  }
  return out.replaceAll(' ', '');
}
const isLetter = (c) => /[a-z]/.test(c);

const keep = new Set();
for (const raw of [...upstream, ...supplement, ...generated]) {
  const e = fold(raw);
  if (!/^[\x21-\x7e]+$/.test(e)) throw new Error(`unexpected entry: ${JSON.stringify(raw)}`);
  if (e.length >= 12 || (e.length >= 6 && isLetter(e[e.length - 1]))) keep.add(e);
}
const sorted = [...keep].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
process.stdout.write(sorted.join('\n') + '\n');
