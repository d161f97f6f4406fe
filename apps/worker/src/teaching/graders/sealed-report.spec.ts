import { newRunSeal, openSealedReport, sealedStdin, signReport } from './sealed-report';

describe('sealed reports', () => {
  const seal = newRunSeal();

  it('gives every run its own key and report path', () => {
    const other = newRunSeal();
    expect(seal.key).toMatch(/^[0-9a-f]{64}$/);
    expect(seal.reportPath).toMatch(/^\/tmp\/jb-tests-[0-9a-f]{32}\/report\.json$/);
    expect([other.key, other.reportPath]).not.toContain(seal.key);
    expect(other.reportPath).not.toBe(seal.reportPath);
  });

  it("puts the seal line before the program's stdin, given whole, empty or live", async () => {
    const line = `${seal.key} ${seal.reportPath}\n`;
    expect((sealedStdin(seal, null) as Buffer).toString()).toBe(line);
    expect((sealedStdin(seal, Buffer.from('in')) as Buffer).toString()).toBe(`${line}in`);
    const live = sealedStdin(
      seal,
      (async function* () {
        yield Buffer.from('a');
        yield await Promise.resolve(Buffer.from('b'));
      })(),
    ) as AsyncIterable<Buffer>;
    const chunks: string[] = [];
    for await (const c of live) chunks.push(c.toString());
    expect(chunks).toEqual([line, 'a', 'b']);
  });

  it('opens only a report signed with the key, unchanged', () => {
    const signed = signReport(seal.key, '{"a":1}');
    expect(openSealedReport(seal.key, Buffer.from(signed))).toBe('{"a":1}');
    expect(openSealedReport(newRunSeal().key, Buffer.from(signed))).toBeNull();
    expect(openSealedReport(seal.key, Buffer.from(`${signed} `))).toBeNull();
    expect(openSealedReport(seal.key, Buffer.from('{"a":1}'))).toBeNull();
    expect(openSealedReport(seal.key, Buffer.from('judgebox-report zz\n{"a":1}'))).toBeNull();
  });
});
