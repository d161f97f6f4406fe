import { parseDpkgStatus } from './dpkg-status';

const STATUS = `Package: libssl3
Status: install ok installed
Architecture: amd64
Multi-Arch: same
Source: openssl
Version: 3.0.17-1~deb12u2
Description: Secure Sockets Layer toolkit - shared libraries
 This package is part of the OpenSSL project's implementation.
 .
 It provides the libssl and libcrypto shared libraries.

Package: bash
Essential: yes
Status: install ok installed
Architecture: amd64
Source: bash (5.2.15-2)
Version: 5.2.15-2+b13
Conffiles:
 /etc/bash.bashrc 89269e1298235f1b12b4c16e4065ad0d

Package: gone
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1

Package: broken
Status: install reinstreq half-installed
Architecture: amd64
Version: 2.0-1

Package: libgmp10
Status: install ok installed
Architecture: amd64
Source: gmp
Version: 2:6.2.1+dfsg1-1.1

Package: tzdata
Status: install ok installed
Architecture: all
Version: 2025b-0+deb12u2
`;

describe('parseDpkgStatus', () => {
  const pkgs = parseDpkgStatus(STATUS);

  it('keeps only installed packages, sorted by name', () => {
    expect(pkgs.map((p) => p.name)).toEqual(['bash', 'libgmp10', 'libssl3', 'tzdata']);
  });

  it('reads the source package and, for binary rebuilds, its own version', () => {
    expect(pkgs.find((p) => p.name === 'bash')).toEqual({
      name: 'bash',
      version: '5.2.15-2+b13',
      architecture: 'amd64',
      source: 'bash',
      sourceVersion: '5.2.15-2',
    });
    expect(pkgs.find((p) => p.name === 'libssl3')).toMatchObject({
      source: 'openssl',
      sourceVersion: '3.0.17-1~deb12u2',
    });
  });

  it('keeps the epoch in the version and defaults the source to the package itself', () => {
    expect(pkgs.find((p) => p.name === 'libgmp10')?.version).toBe('2:6.2.1+dfsg1-1.1');
    expect(pkgs.find((p) => p.name === 'tzdata')).toMatchObject({ architecture: 'all', source: 'tzdata' });
  });

  it('reads CRLF-free files with no trailing newline and empty input', () => {
    expect(parseDpkgStatus('Package: a\nStatus: install ok installed\nVersion: 1')).toHaveLength(1);
    expect(parseDpkgStatus('')).toEqual([]);
  });
});
