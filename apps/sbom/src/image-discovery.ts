import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every image an SBOM is written for, by name (`judgebox/python`). */
export function discoverImages(repoRoot: string): string[] {
  return [
    ...sandboxImages(join(repoRoot, 'sandbox-images')),
    ...deployImages(join(repoRoot, 'deploy', 'images')),
  ];
}

function subfolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/**
 * The images scripts/build-images.sh builds, found the way it finds them (list_languages):
 * judgebox/base, and one per folder holding packages.txt or version.sh, except base/ and jbinit/.
 */
export function sandboxImages(imagesDir: string): string[] {
  const langs = subfolders(imagesDir).filter(
    (name) =>
      name !== 'base' &&
      name !== 'jbinit' &&
      (existsSync(join(imagesDir, name, 'packages.txt')) || existsSync(join(imagesDir, name, 'version.sh'))),
  );
  return ['base', ...langs].map((name) => `judgebox/${name}`);
}

/** The service's own images (API/worker, Redis), one per deploy/images/ folder, where a checkout has them. */
export function deployImages(deployDir: string): string[] {
  return subfolders(deployDir).map((name) => `judgebox/${name}`);
}
