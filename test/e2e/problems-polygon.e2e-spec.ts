import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { useJudgingStack } from '../support/judging-stack';

/** Importing a Polygon package (its folder as tar or tar.gz) and judging against it. */
jest.setTimeout(180_000);

const xml = (opts: { count?: number; checker?: string; memory?: number } = {}): string =>
  `<?xml version="1.0" encoding="utf-8" standalone="no"?>
<problem revision="4" short-name="a-plus-b">
  <names><name language="english" value="A+B"/></names>
  <judging input-file="" output-file="">
    <testset name="tests">
      <time-limit>1000</time-limit>
      <memory-limit>${opts.memory ?? 268435456}</memory-limit>
      <test-count>${opts.count ?? 2}</test-count>
      <input-path-pattern>tests/%02d</input-path-pattern>
      <answer-path-pattern>tests/%02d.a</answer-path-pattern>
      <tests><test method="manual" sample="true"/><test method="manual"/></tests>
    </testset>
  </judging>
  <assets><checker name="${opts.checker ?? 'std::rcmp6.cpp'}" type="testlib"><source path="files/check.cpp"/></checker></assets>
</problem>`;

/** A tar of `files` (path -> content), as `tar -C <package> -cf - .` makes it. */
async function tarOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const archive = pack();
  for (const [name, content] of Object.entries(files)) archive.entry({ name: `./${name}` }, content);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const PACKAGE = {
  'problem.xml': xml(),
  'tests/01': '1 2\n',
  'tests/01.a': '3\n',
  'tests/02': '0.5 0.25\n',
  'tests/02.a': '0.75\n',
  'statements/english/problem.tex': 'A+B',
  'files/check.cpp': '#include "testlib.h"',
};

describe('Polygon package import', () => {
  const stack = useJudgingStack({ worker: { WORKER_CONCURRENCY: 1 }, api: { PROBLEM_MAX_BYTES: 1_048_576 } });
  const http = stack.http;

  const post = (body: Buffer, type = 'application/x-tar') =>
    http().post('/v1/problems/polygon').set('content-type', type).send(body);

  it('imports the tests testset, limits and standard checker; a submission is judged on it', async () => {
    const res = await post(await tarOf(PACKAGE)).expect(201);
    const p = res.body;
    expect(res.headers.location).toBe(`/v1/problems/${p.id}`);
    expect(p).toMatchObject({
      name: 'A+B',
      version: 1,
      compare: 'tokens',
      floatTolerance: 1e-6,
      limits: { cpuTimeMs: 1000, wallTimeMs: 3000, memoryMb: 256 },
      testCases: [
        { stdinFile: 'tests/01', expectedOutputFile: 'tests/01.a' },
        { stdinFile: 'tests/02', expectedOutputFile: 'tests/02.a' },
      ],
    });
    expect(p.files.map((f: any) => f.name).sort()).toEqual([
      'tests/01',
      'tests/01.a',
      'tests/02',
      'tests/02.a',
    ]);
    const result = (
      await http()
        .post('/v1/submissions?wait=true')
        .send({
          language: 'python',
          source: 'a, b = map(float, input().split())\nprint(a + b)',
          problemId: p.id,
        })
        .expect(200)
    ).body.result;
    expect(result).toMatchObject({ verdict: 'accepted', problem: { id: p.id, version: 1 } });
  });

  it('takes a gzipped tar too', async () => {
    await post(gzipSync(await tarOf(PACKAGE)), 'application/gzip').expect(201);
  });

  describe('client errors', () => {
    const refused = async (body: Buffer, status: number, message: RegExp, type?: string): Promise<void> => {
      const res = await post(body, type).expect(status);
      expect(JSON.stringify(res.body.message)).toMatch(message);
      expect(await stack.api().redis.keys(`${stack.api().prefix}:content:staged:*`)).toEqual([]);
    };
    it('400: a checker no built-in comparison judges alike', async () =>
      refused(
        await tarOf({ ...PACKAGE, 'problem.xml': xml({ checker: 'files/check.cpp' }) }),
        400,
        /checker files\/check.cpp is not supported/,
      ));
    it('400: tests missing from the package (generated ones in a standard package)', async () =>
      refused(
        await tarOf({ ...PACKAGE, 'problem.xml': xml({ count: 3 }) }),
        400,
        /lacks tests\/03, tests\/03.a: .*full package/,
      ));
    it('400: no problem.xml, malformed problem.xml, limits out of range', async () => {
      const rest = Object.fromEntries(Object.entries(PACKAGE).filter(([name]) => name !== 'problem.xml'));
      await refused(await tarOf(rest), 400, /no problem.xml at its root/);
      await refused(
        await tarOf({ ...PACKAGE, 'problem.xml': '<problem/>' }),
        400,
        /no <judging><testset name=\\"tests\\">/,
      );
      await refused(
        await tarOf({ ...PACKAGE, 'problem.xml': xml({ memory: 4 * 1_073_741_824 }) }),
        400,
        /problem.xml: limits.memoryMb must be an integer between/,
      );
    });
    it('400: not a tar archive, or not gzip', async () => {
      await refused(Buffer.alloc(2048, 'x'), 400, /not a readable tar archive/);
      await refused(Buffer.from('not gzip'), 400, /not a readable tar archive/, 'application/gzip');
    });
    it('413: tests over PROBLEM_MAX_BYTES', async () =>
      refused(
        await tarOf({ ...PACKAGE, 'tests/02': Buffer.alloc(1_100_000, '1') }),
        413,
        /PROBLEM_MAX_BYTES \(1048576 bytes\)/,
      ));
    it('415: another content type', async () => {
      await http()
        .post('/v1/problems/polygon')
        .set('content-type', 'application/zip')
        .send(Buffer.from('PK'))
        .expect(415);
      await http().post('/v1/problems/polygon').send({ zip: true }).expect(415);
    });
  });
});
