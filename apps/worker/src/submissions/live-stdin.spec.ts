import { LiveStdin } from './live-stdin';

const text = (r: IteratorResult<Buffer>): string | null => (r.done ? null : r.value.toString());

describe('LiveStdin', () => {
  it('yields what was pushed before and after the read, then ends after what is left', async () => {
    const s = new LiveStdin();
    s.push(Buffer.from('a'));
    expect(text(await s.next())).toBe('a');
    const pending = s.next();
    s.push(Buffer.from('b'));
    expect(text(await pending)).toBe('b');
    s.push(Buffer.from('c'));
    s.end();
    s.push(Buffer.from('ignored'));
    expect(text(await s.next())).toBe('c');
    expect(text(await s.next())).toBeNull();
  });

  it('return() ends a read that is still waiting', async () => {
    const s = new LiveStdin();
    const pending = s.next();
    await s.return();
    expect(text(await pending)).toBeNull();
  });
});
