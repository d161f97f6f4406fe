import tiers from './image-tier-list.json';
import { LANGUAGES, type LanguageSpec } from './languages';
import type { SubmissionRequest } from './submission';

/**
 * Image folders `npm start` builds before it starts serving; the rest are built afterwards, in the
 * background. The list lives in image-tier-list.json so scripts/start.sh reads the same one (with
 * plain `node`, before anything is compiled). Chosen as the most used languages on judges and in
 * teaching (C, C++, Java, Python, JavaScript, TypeScript) with what shares their images (Fortran,
 * D, Groovy, Clojure, CoffeeScript, ...), plus `bash`: the worker's start-up probe runs in it.
 * Why these and what they cost: docs/languages.md, "Images first and later".
 */
export const FIRST_TIER_IMAGES: readonly string[] = tiers.firstTier;

/** Whether `npm start` builds this image folder before it serves. */
export function isFirstTier(image: string): boolean {
  return FIRST_TIER_IMAGES.includes(image);
}

/** Catalog languages whose image is in the first tier. */
export function firstTierLanguages(): LanguageSpec[] {
  return LANGUAGES.filter((l) => isFirstTier(l.image));
}

/** Every image folder of the catalog, once each, in catalog order. */
export function catalogImages(): string[] {
  return [...new Set(LANGUAGES.map((l) => l.image))];
}

/** Ids of the languages a submission runs: its own, its checker's and its interactor's. */
export function requestLanguages(request: Pick<SubmissionRequest, 'language' | 'judge'>): string[] {
  const judge = request.judge;
  const ids = [request.language, judge?.checker?.language, judge?.interactor?.language];
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}
