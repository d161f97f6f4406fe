/** What the page's URL holds, so a link shows the same program to whoever opens it. */
export interface PageState {
  language: string;
  source: string;
  stdin: string;
  /** One argument per line. */
  args: string;
  tests: { stdin: string; expected: string }[];
}

/** The state as the URL's fragment (never sent to the server): each field base64url of UTF-8. */
export function toHash(state: PageState): string {
  const params = new URLSearchParams({ lang: state.language, src: encode(state.source) });
  if (state.stdin) params.set('stdin', encode(state.stdin));
  if (state.args) params.set('args', encode(state.args));
  if (state.tests.length > 0) params.set('tests', encode(JSON.stringify(state.tests)));
  return `#${params.toString()}`;
}

/** What a fragment holds; fields it lacks (or cannot decode) are absent. */
export function fromHash(hash: string): Partial<PageState> {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const out: Partial<PageState> = {};
  const lang = params.get('lang');
  if (lang) out.language = lang;
  for (const key of ['src', 'stdin', 'args'] as const) {
    const text = decode(params.get(key));
    if (text !== null) out[key === 'src' ? 'source' : key] = text;
  }
  const tests = decode(params.get('tests'));
  try {
    const parsed: unknown = tests === null ? null : JSON.parse(tests);
    if (Array.isArray(parsed))
      out.tests = parsed.filter(isTest).map((t) => ({ stdin: t.stdin, expected: t.expected }));
  } catch {
    // a damaged link keeps the default tests
  }
  return out;
}

function isTest(value: unknown): value is { stdin: string; expected: string } {
  const t = value as { stdin?: unknown; expected?: unknown } | null;
  return typeof t?.stdin === 'string' && typeof t.expected === 'string';
}

function encode(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decode(value: string | null): string | null {
  if (value === null) return null;
  try {
    const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}
