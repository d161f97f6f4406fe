import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JudgeSpec } from '@judgebox/domain';
import { inlineCaseData, storedCaseData } from './case-data';

describe('case data', () => {
  const judge = (testCases: JudgeSpec['testCases']): JudgeSpec => ({
    testCases,
    compare: 'exact',
    floatTolerance: 0,
    stopOnFirstFailure: false,
  });

  it('inline: decodes stdin and expected output; no expected output is null', () => {
    const data = inlineCaseData(
      judge([
        { stdin: 'aGk=', expectedOutput: 'b2s=', encoding: 'base64' },
        { stdin: 'x', expectedOutput: null, encoding: 'utf8' },
      ]),
    );
    expect(data.stdin(0)).toEqual(Buffer.from('hi'));
    expect(data.input(0)).toEqual(Buffer.from('hi'));
    expect(data.expected(0)).toEqual(Buffer.from('ok'));
    expect(data.expected(1)).toBeNull();
  });

  it('stored: stdin streams from the open file, as often as asked; expected output read whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'case-data-'));
    try {
      const content = Buffer.alloc(300_000, 'z');
      const sha256 = createHash('sha256').update(content).digest('hex');
      writeFileSync(join(dir, sha256), content);
      const ref = { sha256, bytes: content.length };
      const handles = new Map([[sha256, await open(join(dir, sha256), 'r')]]);
      const data = storedCaseData(
        judge([{ stdin: '', expectedOutput: null, encoding: 'utf8', stdinRef: ref, expectedOutputRef: ref }]),
        handles,
      );
      for (let round = 0; round < 2; round++) {
        const chunks: Buffer[] = [];
        for await (const chunk of data.stdin(0) as AsyncIterable<Buffer>) chunks.push(chunk);
        expect(Buffer.concat(chunks).equals(content)).toBe(true);
      }
      expect(data.expected(0)?.equals(content)).toBe(true);
      expect(data.input(0).equals(content)).toBe(true);
      await data.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
