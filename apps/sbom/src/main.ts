/**
 * `npm run sbom`: a CycloneDX SBOM for every judgebox image, read from what is in the image.
 *
 *   npm run sbom [-- [--out DIR] [--check] [IMAGE...]]
 *       IMAGE defaults to every image scripts/build-images.sh builds (and deploy/images/ ones);
 *       DIR defaults to $JUDGEBOX_CACHE_DIR/sbom (/var/cache/judgebox/sbom), beside the build logs.
 *       --check: exit 1 unless every image exists and its io.judgebox.sbom.sha256 label matches.
 *   ... --from-rootfs DIR | --from-image REF  --image NAME [--version V] [--build H] [--out DIR]
 *       one SBOM (used by scripts/build-images.sh); prints its sha256, the image label's value.
 * See docs/images.md.
 */
import Docker from 'dockerode';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BomSubject } from './cyclonedx-bom';
import { discoverImages } from './image-discovery';
import { sbomOfImage, sbomOfRootfs, writeImageSbom } from './image-sbom';
import { defaultSbomDir, writeSbom } from './sbom-store';

const REPO_ROOT = join(__dirname, '..', '..', '..');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    check: { type: 'boolean', default: false },
    'from-rootfs': { type: 'string' },
    'from-image': { type: 'string' },
    image: { type: 'string' },
    version: { type: 'string' },
    build: { type: 'string' },
  },
});
const outDir = values.out ?? defaultSbomDir(process.env.JUDGEBOX_CACHE_DIR || undefined);
const docker = new Docker();

async function one(): Promise<void> {
  if (!values.image) throw new Error('--image NAME is required with --from-rootfs / --from-image');
  const subject: BomSubject = {
    image: values.image,
    version: values.version ?? null,
    build: values.build ?? null,
  };
  const json = values['from-rootfs']
    ? await sbomOfRootfs(values['from-rootfs'], subject)
    : (await sbomOfImage(docker, values['from-image']!, subject)).json;
  process.stdout.write(`${writeSbom(outDir, values.image, json).sha256}\n`);
}

async function exists(image: string): Promise<boolean> {
  return docker
    .getImage(image)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

async function all(): Promise<boolean> {
  const images = positionals.length > 0 ? positionals : discoverImages(REPO_ROOT);
  let ok = true;
  for (const image of images) {
    if (!(await exists(image))) {
      console.log(`${image.padEnd(24)} missing (build it: bash scripts/build-images.sh)`);
      ok = false;
      continue;
    }
    const w = await writeImageSbom(docker, image, outDir);
    console.log(
      `${image.padEnd(24)} ${String(w.components).padStart(5)} components  label ${w.label.padEnd(10)} ${w.path}`,
    );
    if (w.label !== 'matches') ok = false;
  }
  return ok;
}

async function main(): Promise<void> {
  if (values['from-rootfs'] || values['from-image']) return one();
  const ok = await all();
  if (values.check && !ok) {
    console.error(
      'sbom --check: some images are missing or their io.judgebox.sbom.sha256 label does not match',
    );
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
