import { splitArgs } from './split-args';

describe('splitArgs', () => {
  it.each([
    ['', []],
    ['   ', []],
    ['-O3 -Wall', ['-O3', '-Wall']],
    ['  a   b\tc\n', ['a', 'b', 'c']],
    ['"hello world" x', ['hello world', 'x']],
    ['\'a "b" $HOME\' c', ['a "b" $HOME', 'c']],
    ['"a \\"q\\" \\n"', ['a "q" \\n']],
    ['a\\ b', ['a b']],
    ['""', ['']],
    ['$(rm -rf /); echo `id` | cat > /x', ['$(rm', '-rf', '/);', 'echo', '`id`', '|', 'cat', '>', '/x']],
  ])('%j', (text, argv) => expect(splitArgs(text)).toEqual(argv));

  it('refuses an unterminated quote', () => {
    expect(splitArgs('"abc')).toEqual({ error: 'has an unterminated " quote' });
  });
});
