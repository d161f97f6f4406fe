import { parsePoolSizes } from './sandbox-pool';

describe('parsePoolSizes', () => {
  it('reads image=N pairs with a * default', () => {
    expect([...parsePoolSizes('python=2, gcc=1,*=0')]).toEqual([
      ['python', 2],
      ['gcc', 1],
      ['*', 0],
    ]);
    expect(parsePoolSizes('').size).toBe(0);
  });
});
