/**
 * Splits a Judge0 `compiler_options` / `command_line_arguments` string into argv items the way a
 * POSIX shell would split words, so clients' quoting keeps working, but nothing is ever run by a
 * shell: no expansion, no substitution, no redirection; `$`, `*`, `;`, `|` are plain characters.
 * Supports '...' (literal), "..." (with \" \\ \$ \` escapes) and \x outside quotes.
 * Written by hand: a dozen lines, and no argv-splitting package is among our dependencies.
 */
export function splitArgs(text: string): string[] | { error: string } {
  const out: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) word += text[++i];
      else word += c;
    } else if (/\s/.test(c)) {
      if (word !== null) out.push(word);
      word = null;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i];
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) return { error: `has an unterminated ${quote} quote` };
  if (word !== null) out.push(word);
  return out;
}
