import { OutputCollector } from './output-collector';

describe('OutputCollector', () => {
  it('keeps at most the cap and reports the overflow once', () => {
    const overflow = jest.fn();
    const c = new OutputCollector(10, overflow);
    for (const s of ['12345', '67890', 'abc', 'def']) c.add(Buffer.from(s));
    expect(c.bytes().toString()).toBe('1234567890');
    expect(c.truncated).toBe(true);
    expect(overflow).toHaveBeenCalledTimes(1);
  });

  it('does not call a stream that ends exactly at the cap truncated', () => {
    const overflow = jest.fn();
    const c = new OutputCollector(4, overflow);
    c.add(Buffer.from('ab'));
    c.add(Buffer.from('cd'));
    expect(c.truncated).toBe(false);
    expect(overflow).not.toHaveBeenCalled();
  });
});

describe('OutputCollector, live', () => {
  it('hands on each kept piece as it comes, and nothing past the cap', () => {
    const kept: string[] = [];
    const c = new OutputCollector(8, () => undefined, (chunk) => kept.push(chunk.toString()));
    for (const s of ['1234', '5678', '9']) c.add(Buffer.from(s));
    expect(kept).toEqual(['1234', '5678']);
  });
});
