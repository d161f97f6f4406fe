import { byCodeUnits } from './sort';

/** One npm package found installed in an image (a `node_modules/<name>/package.json`). */
export interface NpmPackage {
  /** Full name, scope included (`@types/node`). */
  name: string;
  version: string;
  /** The package.json's `license` when it is a plain string (SPDX id or expression). */
  license: string | null;
  /** Absolute paths of its directories in the image: the same package may be installed twice. */
  paths: string[];
}

/**
 * Only a package's own manifest counts: `.../node_modules/name/package.json` or
 * `.../node_modules/@scope/name/package.json`. Other package.json files inside a package
 * (`lib/package.json` marking a module type, test fixtures) describe nothing installed.
 */
const MANIFEST = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/@.][^/]*)\/package\.json$/;

export function isNpmManifestPath(path: string): boolean {
  return MANIFEST.test(path);
}

interface Manifest {
  name?: unknown;
  version?: unknown;
  license?: unknown;
}

/** The package a manifest describes, or null when it is not a manifest or names no version. */
export function npmPackageFrom(path: string, content: string): NpmPackage | null {
  const m = MANIFEST.exec(path);
  if (!m) return null;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(content) as Manifest;
  } catch {
    return null;
  }
  const { name, version, license } = manifest;
  if (typeof version !== 'string' || version === '') return null;
  return {
    // The folder name is what `require` resolves; the manifest's name is normally the same.
    name: typeof name === 'string' && name !== '' ? name : m[1],
    version,
    license: typeof license === 'string' && license !== '' ? license : null,
    paths: ['/' + path.replace(/^(\.\/|\/)+/, '').replace(/\/package\.json$/, '')],
  };
}

/** One entry per name and version, with every place it is installed (sorted, stable output). */
export function mergeNpmPackages(found: NpmPackage[]): NpmPackage[] {
  const byKey = new Map<string, NpmPackage>();
  for (const p of found) {
    const key = `${p.name}@${p.version}`;
    const seen = byKey.get(key);
    if (seen) seen.paths.push(...p.paths);
    else byKey.set(key, { ...p, paths: [...p.paths] });
  }
  const merged = [...byKey.values()];
  for (const p of merged) p.paths.sort(byCodeUnits);
  return merged.sort((a, b) => byCodeUnits(a.name, b.name) || byCodeUnits(a.version, b.version));
}
