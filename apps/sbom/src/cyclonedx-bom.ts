import * as CDX from '@cyclonedx/cyclonedx-library';
import { PackageURL } from 'packageurl-js';
import { createHash } from 'node:crypto';
import type { DebPackage } from './dpkg-status';
import type { ImageFacts, OsInfo } from './image-facts';
import type { NpmPackage } from './npm-packages';

/** The CycloneDX version every SBOM is written in. */
export const SBOM_SPEC = CDX.Spec.Spec1dot6;

/** Tool that wrote the SBOM (kept constant so that an unchanged image gives the same bytes). */
const TOOL = { name: 'judgebox-sbom', version: '1' };

/** What the SBOM describes: the image, with the labels scripts/build-images.sh gives it. */
export interface BomSubject {
  /** `judgebox/python` */
  image: string;
  /** io.judgebox.version: the runtime version /v1/languages reports. */
  version: string | null;
  /** io.judgebox.build: the hash of the inputs the image was built from. */
  build: string | null;
}

// Trivy compares a Debian package by its source package (the security tracker's unit); these
// property names are the ones its CycloneDX reader takes them from. Grype reads the purl's
// `upstream` qualifier instead.
const TRIVY_SRC_NAME = 'aquasecurity:trivy:SrcName';
const TRIVY_SRC_VERSION = 'aquasecurity:trivy:SrcVersion';

function debPurl(p: DebPackage, os: OsInfo | null): string {
  const qualifiers: Record<string, string> = { arch: p.architecture };
  if (os) qualifiers.distro = `${os.id}-${os.versionId}`;
  if (p.source !== p.name || p.sourceVersion !== p.version) {
    qualifiers.upstream = p.sourceVersion === p.version ? p.source : `${p.source}@${p.sourceVersion}`;
  }
  return new PackageURL('deb', os?.id ?? 'debian', p.name, p.version, qualifiers, undefined).toString();
}

function debComponent(p: DebPackage, os: OsInfo | null): CDX.Models.Component {
  const purl = debPurl(p, os);
  return new CDX.Models.Component(CDX.Enums.ComponentType.Library, p.name, {
    bomRef: purl,
    version: p.version,
    purl,
    properties: new CDX.Models.PropertyRepository([
      new CDX.Models.Property(TRIVY_SRC_NAME, p.source),
      new CDX.Models.Property(TRIVY_SRC_VERSION, p.sourceVersion),
    ]),
  });
}

// Expressions ("MIT OR Apache-2.0") are kept as named licenses rather than parsed.
const licenses = new CDX.Contrib.License.Factories.LicenseFactory(() => {
  throw new Error('not parsed');
});

function npmComponent(p: NpmPackage): CDX.Models.Component {
  const slash = p.name.startsWith('@') ? p.name.indexOf('/') : -1;
  const group = slash > 0 ? p.name.slice(0, slash) : undefined;
  const name = slash > 0 ? p.name.slice(slash + 1) : p.name;
  const purl = new PackageURL('npm', group, name, p.version, undefined, undefined).toString();
  const component = new CDX.Models.Component(CDX.Enums.ComponentType.Library, name, {
    bomRef: purl,
    group,
    version: p.version,
    purl,
    properties: new CDX.Models.PropertyRepository(
      p.paths.map((path) => new CDX.Models.Property('judgebox:path', path)),
    ),
  });
  if (p.license) component.licenses.add(licenses.makeDisjunctive(p.license));
  return component;
}

function subjectComponent(subject: BomSubject): CDX.Models.Component {
  const properties = new CDX.Models.PropertyRepository();
  if (subject.build) properties.add(new CDX.Models.Property('io.judgebox.build', subject.build));
  return new CDX.Models.Component(CDX.Enums.ComponentType.Container, subject.image, {
    bomRef: subject.image,
    version: subject.version ?? undefined,
    properties,
  });
}

/**
 * The image as a CycloneDX BOM: the image is the root; it depends on its operating system (which
 * depends on every Debian package, the shape Trivy reads OS packages from) and its npm packages.
 */
export function buildBom(facts: ImageFacts, subject: BomSubject): CDX.Models.Bom {
  const bom = new CDX.Models.Bom();
  const root = subjectComponent(subject);
  bom.metadata.component = root;
  bom.metadata.tools.components.add(
    new CDX.Models.Component(CDX.Enums.ComponentType.Application, TOOL.name, {
      bomRef: TOOL.name,
      version: TOOL.version,
    }),
  );
  // Without an os-release there is no OS component; the packages then hang off the image itself.
  let debParent = root;
  if (facts.os) {
    debParent = new CDX.Models.Component(CDX.Enums.ComponentType.OperatingSystem, facts.os.id, {
      bomRef: `os:${facts.os.id}@${facts.os.release}`,
      version: facts.os.release,
    });
    bom.components.add(debParent);
    root.dependencies.add(debParent.bomRef);
  }
  for (const deb of facts.debs) {
    const c = debComponent(deb, facts.os);
    bom.components.add(c);
    debParent.dependencies.add(c.bomRef);
  }
  for (const pkg of facts.npm) {
    const c = npmComponent(pkg);
    bom.components.add(c);
    root.dependencies.add(c.bomRef);
  }
  return bom;
}

const serializer = new CDX.Serialize.JsonSerializer(new CDX.Serialize.JSON.Normalize.Factory(SBOM_SPEC));

/** A name-based (version 5) UUID: the same content always gets the same serial number. */
function uuidV5(name: string): string {
  // RFC 9562's URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
  const namespace = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const h = createHash('sha1').update(namespace).update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The BOM as JSON, reproducibly: sorted lists, no timestamp, and a serial number derived from
 * the content, so an unchanged image always yields the same bytes (and the same sha256, which
 * the image's label records).
 */
export function serializeBom(bom: CDX.Models.Bom): string {
  bom.serialNumber = undefined;
  const body = serializer.serialize(bom, { sortLists: true, space: 2 });
  bom.serialNumber = `urn:uuid:${uuidV5(`judgebox-sbom:${createHash('sha256').update(body).digest('hex')}`)}`;
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`;
}
