import { isNpmManifestPath, mergeNpmPackages, npmPackageFrom } from './npm-packages';

describe('npm packages', () => {
  it.each([
    ['usr/local/lib/node_modules/typescript/package.json', true],
    ['/app/node_modules/@types/node/package.json', true],
    ['app/node_modules/a/node_modules/b/package.json', true],
    ['usr/local/lib/node_modules/typescript/lib/package.json', false],
    ['app/node_modules/@types/package.json', false],
    ['app/node_modules/.bin/package.json', false],
    ['app/package.json', false],
  ])('%s is a package manifest: %s', (path, expected) => {
    expect(isNpmManifestPath(path)).toBe(expected);
  });

  it('reads name, version and a string license; skips manifests without a version', () => {
    const json = JSON.stringify({ name: '@types/node', version: '18.19.130', license: 'MIT' });
    expect(npmPackageFrom('./app/node_modules/@types/node/package.json', json)).toEqual({
      name: '@types/node',
      version: '18.19.130',
      license: 'MIT',
      paths: ['/app/node_modules/@types/node'],
    });
    expect(npmPackageFrom('a/node_modules/x/package.json', '{"name":"x"}')).toBeNull();
    expect(npmPackageFrom('a/node_modules/x/package.json', 'not json')).toBeNull();
    expect(
      npmPackageFrom('a/node_modules/x/package.json', '{"version":"1.0.0","license":{"type":"MIT"}}'),
    ).toEqual({ name: 'x', version: '1.0.0', license: null, paths: ['/a/node_modules/x'] });
  });

  it('merges the same package installed twice into one entry with both paths', () => {
    const a = npmPackageFrom('b/node_modules/x/package.json', '{"name":"x","version":"1.0.0"}')!;
    const b = npmPackageFrom('a/node_modules/x/package.json', '{"name":"x","version":"1.0.0"}')!;
    const c = npmPackageFrom(
      'a/node_modules/x/node_modules/x/package.json',
      '{"name":"x","version":"0.9.0"}',
    )!;
    expect(mergeNpmPackages([a, c, b])).toEqual([
      { name: 'x', version: '0.9.0', license: null, paths: ['/a/node_modules/x/node_modules/x'] },
      { name: 'x', version: '1.0.0', license: null, paths: ['/a/node_modules/x', '/b/node_modules/x'] },
    ]);
  });
});
