import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';

const root = join(__dirname, '..', '..');
const pages = [
  'README.md',
  'SECURITY.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
type Token = MarkdownIt.Token;
const md = new MarkdownIt();
const parse = (file: string): Token[] => md.parse(readFileSync(join(root, file), 'utf8'), {});

/** The anchors GitHub gives a page's headings (its own slugger, duplicates numbered as GitHub does). */
function anchors(file: string): Set<string> {
  const slugger = new GithubSlugger();
  const tokens = parse(file);
  const found = new Set<string>();
  tokens.forEach((t, i) => {
    if (t.type !== 'heading_open') return;
    const text = (tokens[i + 1].children ?? []).map((c) => c.content).join('');
    found.add(slugger.slug(text));
  });
  return found;
}

/** Every link and image target of a page that points inside the repository. */
function relativeTargets(file: string): string[] {
  const inline = parse(file).flatMap((t) => t.children ?? []);
  return inline
    .map((t) => (t.type === 'link_open' ? t.attrGet('href') : t.type === 'image' ? t.attrGet('src') : null))
    .flatMap((href) => (href === null ? [] : [String(href)]))
    .filter((href) => !/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(href));
}

describe('relative links in README, SECURITY.md and docs/ resolve', () => {
  it.each(pages)('%s', (file) => {
    const broken: string[] = [];
    for (const href of relativeTargets(file)) {
      const [path, anchor] = href.split('#', 2);
      const target = path === '' ? file : relative(root, join(root, dirname(file), decodeURI(path)));
      if (!existsSync(join(root, target))) broken.push(`${href}: no file ${target}`);
      else if (anchor !== undefined && target.endsWith('.md') && !anchors(target).has(anchor))
        broken.push(`${href}: no heading #${anchor} in ${target}`);
    }
    expect(broken).toEqual([]);
  });
});
