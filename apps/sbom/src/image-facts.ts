import { parseDpkgStatus, type DebPackage } from './dpkg-status';
import { isNpmManifestPath, mergeNpmPackages, npmPackageFrom, type NpmPackage } from './npm-packages';

/** The operating system of an image, from its own files. */
export interface OsInfo {
  /** `debian` (os-release ID). */
  id: string;
  /** Major release (os-release VERSION_ID), e.g. `12`: the purl's `distro=debian-12`. */
  versionId: string;
  /** Point release (`/etc/debian_version`, e.g. `12.15`), falling back to versionId. */
  release: string;
}

/** What an SBOM is made of: read from an image's files, never by running anything in it. */
export interface ImageFacts {
  os: OsInfo | null;
  debs: DebPackage[];
  npm: NpmPackage[];
}

// Paths are relative to the image's root, without a leading slash. os-release is a symlink into
// usr/lib on Debian; readers never follow links (a link could point outside a rootfs on disk).
const DPKG_STATUS = 'var/lib/dpkg/status';
const OS_RELEASE = ['usr/lib/os-release', 'etc/os-release'];
const DEBIAN_VERSION = 'etc/debian_version';

/** Normalizes a tar or walk path (`./etc/x`, `/etc/x`) to `etc/x`. */
export function relativePath(path: string): string {
  return path.replace(/^(\.\/|\/)+/, '');
}

function parseOsRelease(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) values.set(m[1], m[2].replace(/^(["'])(.*)\1$/, '$2'));
  }
  return values;
}

/** Collects the files that matter as a reader walks an image, then turns them into facts. */
export class FactsCollector {
  private readonly files = new Map<string, string>();
  private readonly npm: NpmPackage[] = [];

  /** Whether a regular file at this (relative) path should be read and passed to add(). */
  wants(path: string): boolean {
    const rel = relativePath(path);
    return (
      rel === DPKG_STATUS || rel === DEBIAN_VERSION || OS_RELEASE.includes(rel) || isNpmManifestPath(rel)
    );
  }

  add(path: string, content: string): void {
    const rel = relativePath(path);
    if (isNpmManifestPath(rel)) {
      const pkg = npmPackageFrom(rel, content);
      if (pkg) this.npm.push(pkg);
      return;
    }
    this.files.set(rel, content);
  }

  facts(): ImageFacts {
    const status = this.files.get(DPKG_STATUS);
    return {
      os: this.os(),
      debs: status === undefined ? [] : parseDpkgStatus(status),
      npm: mergeNpmPackages(this.npm),
    };
  }

  private os(): OsInfo | null {
    const text = OS_RELEASE.map((p) => this.files.get(p)).find((t) => t !== undefined);
    if (text === undefined) return null;
    const values = parseOsRelease(text);
    const id = values.get('ID');
    const versionId = values.get('VERSION_ID');
    if (!id || !versionId) return null;
    const release = this.files.get(DEBIAN_VERSION)?.trim();
    return { id, versionId, release: release && /^[\d.]+$/.test(release) ? release : versionId };
  }
}
