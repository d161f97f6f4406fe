import type Docker from 'dockerode';
import { extract } from 'tar-stream';
import { pipeline } from 'node:stream/promises';
import { FactsCollector, type ImageFacts } from './image-facts';

/** Label on the short-lived container a read creates (it is never started). */
export const LABEL_SBOM_READER = 'io.judgebox.sbom-reader';

/** A dpkg status of a large image is a few MB; anything far larger is not a file we want in memory. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

async function readEntry(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Collects the wanted files from a tar stream of a whole filesystem. */
export async function factsFromTar(tar: NodeJS.ReadableStream): Promise<ImageFacts> {
  const collector = new FactsCollector();
  const untar = extract();
  untar.on('entry', (header, stream, next) => {
    const wanted =
      header.type === 'file' && (header.size ?? 0) <= MAX_FILE_BYTES && collector.wants(header.name);
    if (!wanted) {
      stream.on('end', () => next());
      stream.resume();
      return;
    }
    readEntry(stream).then(
      (text) => {
        collector.add(header.name, text);
        next();
      },
      (err: Error) => next(err),
    );
  });
  await pipeline(tar, untar);
  return collector.facts();
}

/**
 * Facts of an existing image, offline and without running any of its programs: a container is
 * created (never started), its filesystem exported as a tar stream and read, the container removed.
 */
export async function readImageFacts(docker: Docker, image: string): Promise<ImageFacts> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: ['/nonexistent'],
    Entrypoint: [],
    NetworkDisabled: true,
    Labels: { [LABEL_SBOM_READER]: '1' },
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    return await factsFromTar(await container.export());
  } finally {
    await container.remove({ force: true });
  }
}
