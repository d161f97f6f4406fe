/**
 * An image's `io.judgebox.version` label is one line printed by its `version.sh`: the image's
 * version, then optionally ` <language id>=<version>` items for languages of that image whose
 * runtime has a version of its own (dash and AWK in the Bash image, Elixir in the BEAM image).
 */
export interface ImageVersion {
  image: string;
  languages: Readonly<Record<string, string>>;
}

export function parseVersionLabel(label: string): ImageVersion {
  const [image = '', ...items] = label.trim().split(/\s+/);
  const languages: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq > 0) languages[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return { image, languages };
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
