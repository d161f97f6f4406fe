import {
  exitCodeOf,
  filesFrames,
  goFrame,
  holdFrame,
  INIT_PROTOCOL_VERSION,
  InitFrameDecoder,
  runFrame,
  STDIN_CHUNK,
  stdinFrames,
} from './init-protocol';

function frame(type: string, payload: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

describe('init protocol', () => {
  it('encodes a run as the output cap, the fd 3 path and NUL-terminated arguments', () => {
    const f = runFrame(['python3', '-c', 'print(1)'], 1024);
    expect(f.subarray(0, 1).toString()).toBe('R');
    expect(f.readUInt32BE(1)).toBe(f.length - 5);
    expect(f.readUInt32BE(5)).toBe(1024);
    expect(f.subarray(9).toString()).toBe('\0python3\0-c\0print(1)\0');
    expect(runFrame(['bwrap'], 1, '/tmp/f').subarray(9).toString()).toBe('/tmp/f\0bwrap\0');
  });

  it('refuses arguments jbinit could not tell apart', () => {
    expect(() => runFrame([], 1)).toThrow();
    expect(() => runFrame(['a\0b'], 1)).toThrow();
    expect(() => runFrame(['a'], 1, 'x\0')).toThrow();
  });

  it('encodes a held command as a run frame of type P, and its go as the cap and arguments only', () => {
    const held = holdFrame(['bwrap', '--', '/usr/local/bin/jbwait'], '/tmp/f');
    expect(held.subarray(0, 1).toString()).toBe('P');
    expect(held.readUInt32BE(1)).toBe(held.length - 5);
    expect(held.subarray(9).toString()).toBe('/tmp/f\0bwrap\0--\0/usr/local/bin/jbwait\0');
    const go = goFrame(['python3', 'a.py'], 4096);
    expect(go.subarray(0, 1).toString()).toBe('G');
    expect(go.readUInt32BE(5)).toBe(4096);
    expect(go.subarray(9).toString()).toBe('python3\0a.py\0');
    expect(() => goFrame([], 1)).toThrow();
    expect(() => goFrame(['a\0b'], 1)).toThrow();
    expect(() => holdFrame([])).toThrow();
    expect(() => goFrame(['x'.repeat(1 << 20)], 1)).toThrow(/too long/);
  });

  it('encodes files as entries: kind, mode, size, path, bytes', () => {
    const [f, ...more] = filesFrames([
      { path: '/work/d', mode: 0o700 },
      { path: '/work/d/a.py', mode: 0o644, content: Buffer.from('hi') },
    ]);
    expect(more).toEqual([]);
    expect(f.subarray(0, 1).toString()).toBe('U');
    expect(f.readUInt32BE(1)).toBe(f.length - 5);
    const p = f.subarray(5);
    expect([p.subarray(0, 1).toString(), p.readUInt32BE(1), p.readUInt32BE(5)]).toEqual(['d', 0o700, 0]);
    expect(p.subarray(9, 17).toString()).toBe('/work/d\0');
    const q = p.subarray(17);
    expect([q.subarray(0, 1).toString(), q.readUInt32BE(1), q.readUInt32BE(5)]).toEqual(['f', 0o644, 2]);
    expect(q.subarray(9).toString()).toBe('/work/d/a.py\0hi');
  });

  it('encodes a removal as kind x, the directory, and the name prefix as its bytes', () => {
    const [f] = filesFrames([
      { path: '/work', mode: 0, removeNamesStartingWith: '' },
      { path: '/tmp', mode: 0, removeNamesStartingWith: 'jb-' },
    ]);
    const p = f.subarray(5);
    expect([p.subarray(0, 1).toString(), p.readUInt32BE(5)]).toEqual(['x', 0]);
    expect(p.subarray(9, 15).toString()).toBe('/work\0');
    const q = p.subarray(15);
    expect([q.subarray(0, 1).toString(), q.readUInt32BE(5)]).toEqual(['x', 3]);
    expect(q.subarray(9).toString()).toBe('/tmp\0jb-');
  });

  it('splits a file larger than a frame into appends, every frame under the 1 MiB jbinit takes', () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 5, 7);
    const frames = filesFrames([{ path: '/work/big', mode: 0o644, content: big }]);
    expect(frames.length).toBeGreaterThan(3);
    expect(frames.every((f) => f.length - 5 <= 1 << 20)).toBe(true);
    const kinds = frames.map((f) => f.subarray(5, 6).toString());
    expect(kinds).toEqual(['f', ...kinds.slice(1).map(() => 'a')]);
    const sizes = frames.reduce((n, f) => n + f.readUInt32BE(10), 0);
    expect(sizes).toBe(big.length);
    expect(filesFrames([])).toEqual([]);
  });

  it('decodes the answer to files frames', () => {
    const a = Buffer.concat([Buffer.from([0, 0, 0, 28]), Buffer.from('/work/x: No space left on device')]);
    expect(new InitFrameDecoder().push(frame('A', a))).toEqual([
      { type: 'files', errno: 28, message: '/work/x: No space left on device' },
    ]);
  });

  it("decodes a held command's start: the cgroup's CPU ns, or unknown (all ones)", () => {
    const at = Buffer.alloc(8);
    at.writeBigUInt64BE(98_765_432_100n, 0);
    expect(new InitFrameDecoder().push(frame('S', at))).toEqual([{ type: 'started', cpuNs: 98_765_432_100 }]);
    expect(new InitFrameDecoder().push(frame('S', Buffer.alloc(8, 0xff)))).toEqual([
      { type: 'started', cpuNs: null },
    ]);
  });

  it('splits stdin into chunks', () => {
    const frames = stdinFrames(Buffer.alloc(STDIN_CHUNK * 2 + 1, 1));
    expect(frames.map((f) => f.readUInt32BE(1))).toEqual([STDIN_CHUNK, STDIN_CHUNK, 1]);
    expect(stdinFrames(Buffer.alloc(0))).toEqual([]);
  });

  it('decodes frames split across chunks at any byte', () => {
    const exit = Buffer.alloc(12);
    exit.writeInt32BE(3 << 8, 0);
    exit.writeBigUInt64BE(12_345_678n, 4);
    const hello = Buffer.alloc(4);
    hello.writeUInt32BE(INIT_PROTOCOL_VERSION, 0);
    const all = Buffer.concat([
      frame('H', hello),
      frame('O', Buffer.from('hi')),
      frame('E', Buffer.from('')),
      frame('X', exit),
    ]);
    const d = new InitFrameDecoder();
    const events = [...all].flatMap((b) => d.push(Buffer.from([b])));
    expect(events).toEqual([
      { type: 'hello', version: INIT_PROTOCOL_VERSION },
      { type: 'stdout', data: Buffer.from('hi') },
      { type: 'stderr', data: Buffer.from('') },
      { type: 'exit', status: 3 << 8, elapsedNs: 12_345_678 },
    ]);
  });

  it('rejects a corrupt stream', () => {
    const bad = Buffer.from([0x4f, 0xff, 0xff, 0xff, 0xff]);
    expect(() => new InitFrameDecoder().push(bad)).toThrow(/corrupt/);
    expect(() => new InitFrameDecoder().push(frame('Z', Buffer.alloc(0)))).toThrow(/unknown/);
  });

  it('reports exit codes as the engine does: the code, or 128 + the signal', () => {
    expect(exitCodeOf(0)).toBe(0);
    expect(exitCodeOf(3 << 8)).toBe(3);
    expect(exitCodeOf(9)).toBe(137);
    expect(exitCodeOf(11 | 0x80)).toBe(139); // core-dump flag set
  });
});
