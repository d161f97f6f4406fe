import { byCodeUnits } from './sort';

/** One installed Debian package, as dpkg itself records it in /var/lib/dpkg/status. */
export interface DebPackage {
  name: string;
  /** The full Debian version, epoch included (`1:2.3-4`): what security trackers compare. */
  version: string;
  /** `amd64`, `all`, ... */
  architecture: string;
  /** Source package: Debian's security tracker files vulnerabilities under it, not the binary. */
  source: string;
  /** The source's version; differs from `version` for binary-only rebuilds (`+b1`). */
  sourceVersion: string;
}

type Paragraph = Map<string, string>;

/** Splits a deb822 file into paragraphs of `Field: value` (continuation lines are folded in). */
function paragraphs(text: string): Paragraph[] {
  const result: Paragraph[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const fields: Paragraph = new Map();
    let last: string | null = null;
    for (const line of block.split('\n')) {
      if (/^\s/.test(line) && last !== null) {
        fields.set(last, `${fields.get(last)}\n${line.trim()}`);
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon).trim();
      fields.set(last, line.slice(colon + 1).trim());
    }
    if (fields.size > 0) result.push(fields);
  }
  return result;
}

/** `Source: gcc-12 (12.2.0-14)` names the source and, when it differs, its version. */
function sourceOf(p: Paragraph, name: string, version: string): [string, string] {
  const raw = p.get('Source');
  if (!raw) return [name, version];
  const m = /^(\S+)(?:\s+\(([^)]+)\))?$/.exec(raw);
  if (!m) return [name, version];
  return [m[1], m[2] ?? version];
}

/**
 * The packages dpkg considers installed (`Status: ... installed`); removed packages whose
 * configuration files linger (`config-files`) and half-installed ones are left out.
 */
export function parseDpkgStatus(text: string): DebPackage[] {
  const packages: DebPackage[] = [];
  for (const p of paragraphs(text)) {
    const name = p.get('Package');
    const version = p.get('Version');
    const state = (p.get('Status') ?? '').split(/\s+/).pop();
    if (!name || !version || state !== 'installed') continue;
    const [source, sourceVersion] = sourceOf(p, name, version);
    packages.push({ name, version, architecture: p.get('Architecture') ?? 'all', source, sourceVersion });
  }
  return packages.sort((a, b) => byCodeUnits(a.name, b.name) || byCodeUnits(a.architecture, b.architecture));
}
