import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { catalogImages, FIRST_TIER_IMAGES, firstTierLanguages, isFirstTier } from './image-tiers';

const IMAGES_DIR = join(__dirname, '..', '..', '..', 'sandbox-images');

describe('image tiers', () => {
  it('names catalog images only, once each, each with its folder', () => {
    expect(new Set(FIRST_TIER_IMAGES).size).toBe(FIRST_TIER_IMAGES.length);
    for (const image of FIRST_TIER_IMAGES) {
      expect(catalogImages()).toContain(image);
      expect(existsSync(join(IMAGES_DIR, image, 'packages.txt'))).toBe(true);
    }
  });

  it('holds the most used languages and the image of the worker start-up probe', () => {
    const ids = firstTierLanguages().map((l) => l.id);
    for (const id of ['python', 'c', 'cpp', 'java', 'javascript', 'typescript', 'bash']) {
      expect(ids).toContain(id);
    }
  });

  it('leaves the large and rarely used images to the background', () => {
    for (const image of ['haskell', 'kotlin', 'octave', 'racket', 'python-ml', 'native']) {
      expect(isFirstTier(image)).toBe(false);
    }
    expect(FIRST_TIER_IMAGES.length).toBeLessThan(catalogImages().length / 3);
  });
});
