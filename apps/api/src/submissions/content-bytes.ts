import type { FileEncoding } from '@judgebox/domain';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Standard base64 with padding, the form Judge0 and browsers' btoa produce. */
export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64.test(text);
}

/** Bytes `content` occupies once decoded, without decoding it. */
export function contentBytes(content: string, encoding: FileEncoding | undefined): number {
  if (encoding !== 'base64') return Buffer.byteLength(content, 'utf8');
  const padding = content.endsWith('==') ? 2 : content.endsWith('=') ? 1 : 0;
  return (content.length / 4) * 3 - padding;
}
