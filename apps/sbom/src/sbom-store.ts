import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Image label holding the sha256 of the image's SBOM (set by scripts/build-images.sh). */
export const SBOM_LABEL = 'io.judgebox.sbom.sha256';

/** Default folder: beside the image build logs of scripts/build-images.sh. */
export function defaultSbomDir(cacheDir = '/var/cache/judgebox'): string {
  return join(cacheDir, 'sbom');
}

/** `judgebox/python` -> `python.cdx.json`; any other image name keeps its path as dashes. */
export function sbomFileName(image: string): string {
  const name = image.replace(/:latest$/, '').replace(/^judgebox\//, '');
  return `${name.replace(/[^A-Za-z0-9._-]/g, '-')}.cdx.json`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Writes atomically (a reader never sees half a file); returns the path and the content's sha256. */
export function writeSbom(dir: string, image: string, json: string): { path: string; sha256: string } {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, sbomFileName(image));
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, json);
  renameSync(tmp, path);
  return { path, sha256: sha256(json) };
}
