/**
 * The reference the engine knows a catalog image by: `judgebox/<folder>:latest` (domain's
 * imageName, the name the worker uses everywhere as the image's identity) with the tag set by
 * SANDBOX_IMAGE_TAG. Applied only where a container is created and where images are looked up.
 */
export function imageRef(catalogName: string, tag: string): string {
  return catalogName.replace(/:latest$/, `:${tag}`);
}

/** `judgebox/python:latest` -> `python`: the image folder of a catalog image name. */
export function imageFolder(catalogName: string): string {
  return catalogName.replace(/^judgebox\//, '').replace(/:[^:/]*$/, '');
}
