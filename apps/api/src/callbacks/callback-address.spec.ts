import { isSpecialAddress, resolveCallbackHost } from './callback-address';

describe('callback addresses', () => {
  it.each([
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.1',
    '127.0.0.1',
    '127.1.2.3',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    'fc00::2',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    'ff02::1',
    '2001:db8::1',
    'nonsense',
  ])('refuses %s', (address) => expect(isSpecialAddress(address)).toBe(true));

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.15.0.1',
    '172.32.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
  ])('allows %s', (address) => expect(isSpecialAddress(address)).toBe(false));

  it('refuses names resolving to loopback unless the host is allowed exactly', async () => {
    expect(await resolveCallbackHost('localhost', [])).toEqual({
      error: expect.stringMatching(/private, loopback/),
    });
    expect(await resolveCallbackHost('127.0.0.1', [])).toEqual({
      error: expect.stringMatching(/private, loopback/),
    });
    expect(await resolveCallbackHost('[::1]', [])).toEqual({
      error: expect.stringMatching(/private, loopback/),
    });
    expect(await resolveCallbackHost('127.0.0.1', ['127.0.0.1'])).toEqual({
      address: '127.0.0.1',
      family: 4,
    });
    expect(await resolveCallbackHost('10.1.2.3', ['127.0.0.1'])).toEqual({
      error: expect.stringMatching(/private/),
    });
  });

  it.each([
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://0x7f.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a00:1]/',
  ])('sees through other spellings of private addresses: %s', async (url) =>
    expect(await resolveCallbackHost(new URL(url).hostname, [])).toEqual({
      error: expect.stringMatching(/private/),
    }),
  );
});
