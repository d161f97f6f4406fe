import type Docker from 'dockerode';
import type { AppConfig } from '@judgebox/config';
import { findLanguage } from '@judgebox/domain';
import { LanguageVersions, VERSION_LABEL } from './language-versions.service';

const image = (ref: string, version: string): Docker.ImageInfo =>
  ({ RepoTags: [ref], Labels: { [VERSION_LABEL]: version } }) as unknown as Docker.ImageInfo;

describe('LanguageVersions', () => {
  const listImages = jest.fn<Promise<Docker.ImageInfo[]>, []>();
  const versions = (tag = 'latest'): LanguageVersions =>
    new LanguageVersions({ listImages } as unknown as Docker, { SANDBOX_IMAGE_TAG: tag } as AppConfig);

  beforeEach(() => listImages.mockReset());

  it('reads the images under the configured tag, and tells what appeared and what went', async () => {
    const v = versions('pinned');
    listImages.mockResolvedValue([
      image('judgebox/python:pinned', '3.11.2'),
      image('judgebox/lua:latest', '5.4.4'),
    ]);
    expect(await v.load()).toEqual({ appeared: ['python'], gone: [] });
    expect(v.has('python')).toBe(true);
    expect(v.has('lua')).toBe(false);
    expect(v.versionOf(findLanguage('python')!)).toBe('3.11.2');
    expect(v.missing()).toContain('lua');

    listImages.mockResolvedValue([image('judgebox/lua:pinned', '5.4.4')]);
    expect(await v.load()).toEqual({ appeared: ['lua'], gone: ['python'] });
    expect(v.versionOf(findLanguage('python')!)).toBeNull();
  });

  it('reads the engine again only when the last read is older than asked', async () => {
    const v = versions();
    listImages.mockResolvedValue([]);
    await v.load();
    await v.fresh(60_000);
    expect(listImages).toHaveBeenCalledTimes(1);
    await v.fresh(0);
    expect(listImages).toHaveBeenCalledTimes(2);
  });
});
