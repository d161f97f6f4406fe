import { createHmac } from 'node:crypto';
import { SIGNATURE_HEADER, signatureHeader, webhookHeaders } from './webhook-signature';

describe('webhook signature', () => {
  it('is t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const body = '{"id":"x"}';
    const expected = createHmac('sha256', 'k'.repeat(16)).update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader('k'.repeat(16), body, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('changes with the body, the timestamp and the secret', () => {
    const base = signatureHeader('s'.repeat(16), 'a', 1);
    expect(signatureHeader('s'.repeat(16), 'b', 1)).not.toBe(base);
    expect(signatureHeader('s'.repeat(16), 'a', 2)).not.toBe(base);
    expect(signatureHeader('t'.repeat(16), 'a', 1)).not.toBe(base);
  });

  it('headers carry the signature of now, the submission id and the try', () => {
    const headers = webhookHeaders('s'.repeat(16), 'a', 'id-1', 2, 5_000_999);
    expect(headers[SIGNATURE_HEADER]).toBe(signatureHeader('s'.repeat(16), 'a', 5_000));
    expect(headers).toMatchObject({ 'Judgebox-Submission-Id': 'id-1', 'Judgebox-Delivery-Attempt': '2' });
  });
});
