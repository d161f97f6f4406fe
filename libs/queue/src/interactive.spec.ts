import { decodeInput, decodeOutput, encodeLive, entriesOf } from './interactive';

describe('interactive stream messages', () => {
  it('round-trip, bytes included', () => {
    const data = Buffer.from([0, 255, 10]);
    expect(decodeInput(encodeLive({ type: 'stdin', data }))).toEqual({ type: 'stdin', data });
    expect(decodeInput(encodeLive({ type: 'kill', reason: 'signal' }))).toEqual({
      type: 'kill',
      reason: 'signal',
    });
    expect(decodeOutput(encodeLive({ type: 'data', stream: 'stderr', data }))).toEqual({
      type: 'data',
      stream: 'stderr',
      data,
    });
    expect(decodeOutput(encodeLive({ type: 'done', error: null }))).toEqual({ type: 'done', error: null });
  });

  it('anything else is null, never thrown', () => {
    for (const text of [
      '',
      '{',
      '1',
      'null',
      '{"type":"stdin"}',
      '{"type":"data","stream":"stdin","data":""}',
      '{"type":"stage","stage":"x"}',
    ])
      expect([decodeInput(text), decodeOutput(text)]).toEqual([null, null]);
  });

  it('reads the m fields of an XREAD reply', () => {
    expect(entriesOf(null)).toEqual({ lastId: null, texts: [] });
    expect(
      entriesOf([
        [
          'k',
          [
            ['1-0', ['m', 'a']],
            ['2-0', ['x', 'y', 'm', 'b']],
          ],
        ],
      ]),
    ).toEqual({ lastId: '2-0', texts: ['a', 'b'] });
  });
});
