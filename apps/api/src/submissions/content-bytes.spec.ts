import { contentBytes, isBase64 } from './content-bytes';

describe('content bytes', () => {
  it.each(['', 'YQ==', 'YWI=', 'YWJj', Buffer.from([0, 255, 1, 2, 3]).toString('base64')])(
    'accepts base64 %j',
    (text) => {
      expect(isBase64(text)).toBe(true);
      expect(contentBytes(text, 'base64')).toBe(Buffer.from(text, 'base64').length);
    },
  );

  it.each(['YQ', 'Y===', 'YQ=a', 'not base64!', 'YW Jj', 'YWJj\n'])('refuses %j', (text) => {
    expect(isBase64(text)).toBe(false);
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(contentBytes('łódź', 'utf8')).toBe(7);
    expect(contentBytes('łódź', undefined)).toBe(7);
  });
});
