/**
 * An image's `io.judgebox.version` label is one line printed by its `version.sh`: the image's
 * version, then optionally ` <language id>=<version>` items for languages of that image whose
 * runtime has a version of its own (dash and AWK in the Bash image, Elixir in the BEAM image).
 */
const LANGUAGE_ITEM = /^[a-z][a-z0-9+-]*=\S+$/;

export interface ImageVersion {
  image: string;
  languages: Readonly<Record<string, string>>;
}

/** Splits a label into the image's version (any text) and the trailing `<id>=<version>` items. */
export function parseVersionLabel(label: string): ImageVersion {
  const words = label.trim().split(/\s+/);
  const languages: Record<string, string> = {};
  while (words.length > 1 && LANGUAGE_ITEM.test(words[words.length - 1])) {
    const [id, version] = words.pop()!.split('=', 2);
    languages[id] = version;
  }
  return { image: words.join(' '), languages };
}

/** The version of `lang` given its image's label (null when no worker has reported the image). */
export function languageVersion(
  lang: { id: string; image: string },
  labels: Readonly<Record<string, string>>,
): string | null {
  const label = labels[lang.image];
  if (label === undefined) return null;
  const parsed = parseVersionLabel(label);
  return parsed.languages[lang.id] ?? parsed.image;
}
