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

describe('OutputCollector, a flood of tiny chunks', () => {
  it('keeps a million 1-byte pieces in one buffer no larger than the cap', () => {
    const cap = 1 << 20;
    const overflow = jest.fn();
    const c = new OutputCollector(cap, overflow);
    const one = Buffer.from('x');
    for (let i = 0; i < cap + 10; i++) c.add(one);
    expect(c.bytes()).toEqual(Buffer.alloc(cap, 'x'));
    expect(c.capacity).toBe(cap);
    expect(overflow).toHaveBeenCalledTimes(1);
  });

  it('grows geometrically: capacity stays under twice the kept bytes past the first allocation', () => {
    const c = new OutputCollector(8 << 20, () => undefined);
    const piece = Buffer.alloc(100, 'y');
    for (let i = 0; i < 5000; i++) {
      c.add(piece);
      expect(c.capacity).toBeLessThanOrEqual(Math.max(16 * 1024, 2 * c.bytes().length));
    }
    expect(c.bytes().length).toBe(500_000);
  });

  it('copies what it keeps: a reused source buffer does not change the output', () => {
    const c = new OutputCollector(16, () => undefined);
    const source = Buffer.from('ab');
    c.add(source);
    source.write('zz');
    c.add(source);
    expect(c.bytes().toString()).toBe('abzz');
  });
});

describe('OutputCollector, live', () => {
  it('hands on each kept piece as it comes, and nothing past the cap', () => {
    const kept: string[] = [];
    const c = new OutputCollector(
      8,
      () => undefined,
      (chunk) => kept.push(chunk.toString()),
    );
    for (const s of ['1234', '5678', '9']) c.add(Buffer.from(s));
    expect(kept).toEqual(['1234', '5678']);
  });
});
