import { unzipSync } from 'fflate';
import { fileNameProblem, folderClashes, JUDGE0_BOUNDS } from '@judgebox/domain';
import { isBase64 } from '../../submissions/content-bytes';

export interface ExtraFile {
  name: string;
  /** base64 */
  content: string;
}

/**
 * Unpacks Judge0's `additional_files` (a base64 zip) into native files. Every entry's name must be a
 * native file name (relative, no `..`, at most one folder level), so no entry can land outside the
 * work dir (zip slip); folders are implied. Caps are checked on the sizes the zip claims before
 * anything is inflated, and fflate inflates into a buffer of the claimed size, so a lying entry is
 * cut short rather than allowed to grow (zip bombs).
 */
export function unpackAdditionalFiles(
  base64: string,
  reserved: string | null,
): ExtraFile[] | { error: string } {
  if (!isBase64(base64)) return { error: 'must be a base64-encoded zip archive' };
  const zip = Buffer.from(base64, 'base64');
  const { zipBytes, zipFiles: maxFiles, zipUnpackedBytes: maxBytes } = JUDGE0_BOUNDS;
  if (zip.length > zipBytes) return { error: `must be at most ${zipBytes} bytes (zip)` };
  let entries = 0;
  let claimed = 0;
  let refused: string | null = null;
  let unpacked: Record<string, Uint8Array>;
  try {
    unpacked = unzipSync(zip, {
      filter: (file) => {
        if (refused || file.name.endsWith('/')) return false;
        refused =
          entryProblem(file.name, reserved) ??
          (++entries > maxFiles ? `must hold at most ${maxFiles} files` : null);
        claimed += file.originalSize;
        if (!refused && claimed > maxBytes) refused = `must unpack to at most ${maxBytes} bytes`;
        return refused === null;
      },
    });
  } catch (err) {
    return { error: `is not a valid zip archive (${err instanceof Error ? err.message : String(err)})` };
  }
  if (refused) return { error: refused };
  const clash = folderClashes(Object.keys(unpacked));
  if (clash.length > 0)
    return { error: `must not hold a file and a folder of the same name: ${clash.join(', ')}` };
  return Object.entries(unpacked).map(([name, bytes]) => ({
    name,
    content: Buffer.from(bytes).toString('base64'),
  }));
}

function entryProblem(name: string, reserved: string | null): string | null {
  const problem = fileNameProblem(name);
  if (problem) return `entry ${JSON.stringify(name.slice(0, 64))} ${problem}`;
  return name === reserved ? `must not contain ${reserved}, the name of the source file` : null;
}
