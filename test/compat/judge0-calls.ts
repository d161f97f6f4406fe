import type { TestApi } from '../support/api';

export const b64 = (text: string | Uint8Array): string => Buffer.from(text).toString('base64');
export const unb64 = (text: string): string => Buffer.from(text, 'base64').toString('utf8');
/** Base64 wrapped at 60 characters, as Ruby's encode64 (and Judge0 itself) writes it. */
export const wrapped = (text: string): string => b64(text).replace(/.{60}/g, '$&\n');

/** The Judge0 calls the contract suites share, through a stack's API. */
export function judge0Calls(api: () => TestApi): {
  submitAndWait: (body: object, query?: string) => Promise<any>;
  waitForAll: (tokens: string[], query?: string) => Promise<any[]>;
} {
  return {
    submitAndWait: async (body, query = '') => {
      const res = await api().request.post(`/submissions?wait=true${query}`).send(body).expect(201);
      return res.body;
    },
    /** Polls GET /submissions/batch until no submission is In Queue or Processing. */
    waitForAll: async (tokens, query = '') => {
      const deadline = Date.now() + 90_000;
      for (;;) {
        const res = await api()
          .request.get(`/submissions/batch?tokens=${tokens.join(',')}${query}`)
          .expect(200);
        const subs: any[] = res.body.submissions;
        if (subs.every((s) => s === null || s.status.id > 2)) return subs;
        if (Date.now() > deadline) throw new Error(`still running: ${JSON.stringify(subs)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
  };
}
