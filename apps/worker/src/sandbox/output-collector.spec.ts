import { OutputCollector } from './output-collector';

describe('OutputCollector', () => {
  it('keeps at most the cap and reports the overflow once', async () => {
    const overflow = jest.fn();
    const c = new OutputCollector(10, overflow);
    for (const s of ['12345', '67890', 'abc', 'def']) await new Promise<void>((r) => c.write(Buffer.from(s), () => r()));
    expect(c.bytes().toString()).toBe('1234567890');
    expect(c.truncated).toBe(true);
    expect(overflow).toHaveBeenCalledTimes(1);
  });
});
