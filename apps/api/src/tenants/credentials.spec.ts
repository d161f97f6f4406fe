import { credentialOf, matchesAny } from './credentials';

describe('credentialOf', () => {
  it('reads a bearer token, X-API-Key, and X-Auth-Token only on Judge0 routes', () => {
    expect(credentialOf({ authorization: 'Bearer abc' }, {}, false)).toBe('abc');
    expect(credentialOf({ authorization: 'bearer   abc ' }, {}, false)).toBe('abc');
    expect(credentialOf({ authorization: 'Basic abc' }, {}, false)).toBeNull();
    expect(credentialOf({ 'x-api-key': 'k' }, {}, false)).toBe('k');
    expect(credentialOf({ 'x-auth-token': 't' }, {}, false)).toBeNull();
    expect(credentialOf({ 'x-auth-token': 't' }, {}, true)).toBe('t');
    expect(credentialOf({}, { 'X-Auth-Token': 'q' }, true)).toBe('q');
    expect(credentialOf({}, { 'X-Auth-Token': 'q' }, false)).toBeNull();
  });

  it('compares secrets whole', () => {
    expect(matchesAny('abc', ['x', 'abc'])).toBe(true);
    expect(matchesAny('ab', ['abc'])).toBe(false);
    expect(matchesAny('', [])).toBe(false);
  });
});
