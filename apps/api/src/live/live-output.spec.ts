import { incompleteTail, LiveOutput } from './live-output';

describe('LiveOutput', () => {
  it('holds a character cut between two chunks and sends it whole', () => {
    const out = new LiveOutput({ run: 100, compile: 100 });
    const e = Buffer.from('é');
    expect(out.add('stdout', Buffer.concat([Buffer.from('a'), e.subarray(0, 1)]))).toEqual([
      { stream: 'stdout', data: 'a', encoding: 'utf8' },
    ]);
    expect(out.add('stdout', e.subarray(1))).toEqual([{ stream: 'stdout', data: 'é', encoding: 'utf8' }]);
  });

  it('sends bytes that are not UTF-8 as base64', () => {
    const out = new LiveOutput({ run: 100, compile: 100 });
    expect(out.add('stderr', Buffer.from([0xff, 0xfe]))).toEqual([
      { stream: 'stderr', data: '//4=', encoding: 'base64' },
    ]);
  });

  it('keeps each stream within its phase cap, and a new phase starts over', () => {
    const out = new LiveOutput({ run: 4, compile: 2 });
    out.startStage('compile');
    expect(out.add('stdout', Buffer.from('abc'))).toEqual([
      { stream: 'stdout', data: 'ab', encoding: 'utf8' },
    ]);
    expect(out.add('stdout', Buffer.from('d'))).toEqual([]);
    out.startStage('run');
    expect(out.add('stdout', Buffer.from('efghij'))).toEqual([
      { stream: 'stdout', data: 'efgh', encoding: 'utf8' },
    ]);
  });

  it('flushes a held partial character at the end of a phase as base64', () => {
    const out = new LiveOutput({ run: 100, compile: 100 });
    out.add('stdout', Buffer.from([0xe2, 0x82]));
    expect(out.flush()).toEqual([
      { stream: 'stdout', data: Buffer.from([0xe2, 0x82]).toString('base64'), encoding: 'base64' },
    ]);
  });

  it.each([
    ['abc', 0],
    ['€', 0],
  ])('incompleteTail(%s) = %i', (text, n) => expect(incompleteTail(Buffer.from(text))).toBe(n));
  it('counts the bytes of an unfinished sequence', () => {
    expect(incompleteTail(Buffer.from([0x61, 0xe2, 0x82]))).toBe(2);
    expect(incompleteTail(Buffer.from([0xf0, 0x9f, 0x98]))).toBe(3);
    expect(incompleteTail(Buffer.from([0xff]))).toBe(0);
  });
});
