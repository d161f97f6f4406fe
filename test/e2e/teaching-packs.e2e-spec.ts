import { useJudgingStack } from '../support/judging-stack';

/**
 * Library packs and output files through the real stack (API, worker, Docker): each library of
 * python-ml imported and used, a matplotlib plot returned as PNG, and output files read through
 * the sandbox's own init, never by following what the program left in its work dir.
 */
jest.setTimeout(120_000);

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const USE_EVERY_LIBRARY = `
import numpy as np, pandas as pd, scipy.optimize, sympy, sklearn.linear_model
import matplotlib, matplotlib.pyplot as plt
a = np.arange(10)
df = pd.DataFrame({"x": a, "y": 2 * a + 1})
root = scipy.optimize.brentq(lambda x: x * x - 2, 0, 2)
x = sympy.Symbol("x")
model = sklearn.linear_model.LinearRegression().fit(df[["x"]], df["y"])
plt.plot(df["x"], df["y"])
plt.savefig("plot.png")
print(int(a.sum()), int(df["y"].sum()), round(root, 6), sympy.integrate(x**2, x), round(float(model.coef_[0]), 6), matplotlib.get_backend())
`;

describe('teaching: library packs and output files', () => {
  const stack = useJudgingStack({ worker: { SANDBOX_POOL: [{ image: '*', size: 0 }] } });
  const http = stack.http;

  const submit = stack.judge;

  it('python-ml imports and uses numpy, pandas, scipy, sympy, scikit-learn, matplotlib; the plot comes back as PNG', async () => {
    const r = await submit({ language: 'python-ml', source: USE_EVERY_LIBRARY, outputFiles: ['plot.png'] });
    expect(r).toMatchObject({ verdict: 'ok', run: { stdout: '45 100 1.414214 x**3/3 2.0 agg\n' } });
    expect(r.outputFiles).toHaveLength(1);
    const [plot] = r.outputFiles;
    expect(plot).toMatchObject({ name: 'plot.png', problem: null });
    const png = Buffer.from(plot.content, 'base64');
    expect(png.subarray(0, 8)).toEqual(PNG_MAGIC);
    expect(plot.bytes).toBe(png.length);
  });

  it('/v1/languages lists the packs with the libraries and versions read from their images', async () => {
    const res = await http().get('/v1/languages').expect(200);
    const byId = new Map((res.body as any[]).map((l) => [l.id, l]));
    expect(byId.get('python-ml')).toMatchObject({
      version: expect.stringMatching(/^3\./),
      testFrameworks: ['pytest'],
    });
    expect(Object.keys(byId.get('python-ml').libraries)).toEqual(
      expect.arrayContaining(['numpy', 'pandas', 'scipy', 'matplotlib', 'scikit-learn', 'sympy', 'pytest']),
    );
    expect(byId.get('java-junit').libraries).toEqual({ junit: expect.stringMatching(/^5\./) });
    expect(byId.get('cpp-gtest').libraries).toEqual({ googletest: expect.stringMatching(/^1\./) });
    expect(byId.get('javascript')).toMatchObject({ libraries: {}, testFrameworks: ['node_test'] });
    expect(byId.get('python')).toMatchObject({ libraries: {}, testFrameworks: [] });
  });

  it('hostile: symlinks to /etc/shadow and to the host, a fifo, a directory, a missing and a too large file are refused', async () => {
    const script = [
      'ln -s /etc/shadow shadow',
      'ln -s /proc/1/root/etc/hostname host',
      'ln -s /proc/self/cwd/../../ up',
      'mkfifo fifo',
      'mkdir dir',
      'head -c 1048577 /dev/zero > big',
      'printf ok > fine.txt',
    ].join('\n');
    const names = ['shadow', 'host', 'up', 'fifo', 'dir', 'missing', 'big', 'fine.txt'];
    const r = await submit({ language: 'bash', source: script, outputFiles: names });
    expect(r.verdict).toBe('ok');
    const got = Object.fromEntries(r.outputFiles.map((f: any) => [f.name, [f.problem, f.content]]));
    expect(got).toEqual({
      shadow: ['not a regular file', null],
      host: ['not a regular file', null],
      up: ['not a regular file', null],
      fifo: ['not a regular file', null],
      dir: ['not a regular file', null],
      missing: ['not found', null],
      big: ['larger than 1048576 bytes', null],
      'fine.txt': [null, Buffer.from('ok').toString('base64')],
    });
  });

  it('files past the total cap come back with a problem', async () => {
    const script = [
      'head -c 1000000 /dev/zero > a',
      'head -c 1000000 /dev/zero > b',
      'head -c 1000000 /dev/zero > c',
    ].join('\n');
    const r = await submit({ language: 'bash', source: script, outputFiles: ['a', 'b', 'c'] });
    expect(r.outputFiles.map((f: any) => [f.name, f.problem, f.bytes])).toEqual([
      ['a', null, 1_000_000],
      ['b', null, 1_000_000],
      ['c', 'the files together exceed 2097152 bytes', 1_000_000],
    ]);
  });

  it('a compile error returns no files; an invalid name is refused by the API', async () => {
    const r = await submit({ language: 'c', source: 'int main( {', outputFiles: ['out.txt'] });
    expect(r.verdict).toBe('compile_error');
    expect(r.outputFiles).toEqual([
      { name: 'out.txt', content: null, bytes: null, problem: 'the program did not run' },
    ]);
    for (const bad of [['../etc/passwd'], ['/etc/shadow'], ['a/b'], [], Array(9).fill('x'), ['a', 'a']]) {
      const res = await http()
        .post('/v1/submissions')
        .send({ language: 'bash', source: 'true', outputFiles: bad });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/outputFiles/);
    }
  });
});
