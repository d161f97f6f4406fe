import type Docker from 'dockerode';
import { buildBom, serializeBom, type BomSubject } from './cyclonedx-bom';
import { readImageFacts } from './image-reader';
import { readRootfsFacts } from './rootfs-reader';
import { SBOM_LABEL, writeSbom } from './sbom-store';

/** How an image's SBOM label relates to the SBOM just written from the image's contents. */
export type LabelState = 'matches' | 'unlabelled' | 'differs';

export interface WrittenSbom {
  image: string;
  path: string;
  sha256: string;
  components: number;
  label: LabelState;
}

/** The SBOM of a root filesystem on disk: what the chroot builder calls before it imports the tree. */
export async function sbomOfRootfs(dir: string, subject: BomSubject): Promise<string> {
  return serializeBom(buildBom(await readRootfsFacts(dir), subject));
}

/**
 * The SBOM of an image in the engine, read offline (see readImageFacts). `subject` defaults to
 * the image's own name and labels; the Dockerfile builder names a temporary tag's final name.
 * Labels and files are read from one image id, even if the tag moves meanwhile.
 */
export async function sbomOfImage(
  docker: Docker,
  image: string,
  subject?: BomSubject,
): Promise<{ json: string; labels: Record<string, string> }> {
  const info = await docker.getImage(image).inspect();
  const labels = info.Config.Labels ?? {};
  const facts = await readImageFacts(docker, info.Id);
  const json = serializeBom(
    buildBom(
      facts,
      subject ?? {
        image,
        version: labels['io.judgebox.version'] ?? null,
        build: labels['io.judgebox.build'] ?? null,
      },
    ),
  );
  return { json, labels };
}

/** Writes the SBOM of one image into `dir` and compares it with the image's label. */
export async function writeImageSbom(docker: Docker, image: string, dir: string): Promise<WrittenSbom> {
  const { json, labels } = await sbomOfImage(docker, image);
  const written = writeSbom(dir, image, json);
  const label = labels[SBOM_LABEL];
  const components = (JSON.parse(json) as { components?: unknown[] }).components?.length ?? 0;
  return {
    image,
    ...written,
    components,
    label: !label ? 'unlabelled' : label === written.sha256 ? 'matches' : 'differs',
  };
}
