import { NODE_TEST } from '../teaching-samples';
import { KEY_RE, DIR_RE, doc, rewriter, q, type ForgeryCase } from './common';

const NODE_FIND = (names: readonly string[]): string =>
  [
    "const fs = require('fs');",
    "const crypto = require('crypto');",
    'exports.add = (a, b) => {',
    '  if (a !== 1) return a + b;',
    "  let all = process.argv.join(' ') + process.execArgv.join(' ') + JSON.stringify(process.env);",
    "  const read = (p) => { try { return fs.readFileSync(p, 'latin1').replace(/\\0/g, ' ') + '\\n'; } catch { return ''; } };",
    "  for (const p of fs.readdirSync('/proc')) all += read(`/proc/${p}/cmdline`) + read(`/proc/${p}/environ`);",
    "  try { all += fs.readFileSync(0, 'latin1'); } catch {}",
    '  const fds = {};',
    "  for (const fd of fs.readdirSync('/proc/self/fd')) { try { fds[fd] = fs.readlinkSync('/proc/self/fd/' + fd); all += fds[fd] + '\\n'; } catch {} }",
    "  for (const f of fs.readdirSync('/tmp')) all += '/tmp/' + f + '\\n';",
    `  const keys = [...new Set(all.match(/${KEY_RE}/g) || [])];`,
    `  const dirs = [...new Set(all.match(/${DIR_RE.replaceAll('/', '\\/')}/g) || [])];`,
    "  fs.writeFileSync('found.txt', `keys=${keys.length} dirs=${dirs.length} scanned=${all.length}`);",
    `  const doc = ${q(doc(names))};`,
    "  for (const k of keys.length ? keys : ['0'.repeat(64)]) {",
    "    const report = 'judgebox-report ' + crypto.createHmac('sha256', k).update(doc).digest('hex') + '\\n' + doc;",
    "    for (const d of [...dirs, '/tmp/jb-tests-0']) { fs.mkdirSync(d, { recursive: true }); fs.writeFileSync(d + '/report.json', report); }",
    '    for (const [fd, target] of Object.entries(fds)) { try { if (Number(fd) > 2 && /^\\/(tmp|work)\\//.test(target)) fs.writeSync(Number(fd), report); } catch {} }',
    '  }',
    "  fs.writeSync(1, doc + '\\n');",
    '  process.exit(0);',
    '};',
  ].join('\n');

export const NODE_TEST_FORGERY: ForgeryCase = {
  base: NODE_TEST,
  find: NODE_FIND(NODE_TEST.names),
  exit: ['exports.add = (a, b) => { if (a === 1) process.exit(0); return a + b; };'],
  rewrite: [
    "require('child_process').spawn('sh', ['-c', " +
      q(rewriter(NODE_TEST.names)) +
      "], { detached: true, stdio: 'ignore' }).unref();",
    NODE_TEST.student.bad,
  ].join('\n'),
  extra: null,
};
