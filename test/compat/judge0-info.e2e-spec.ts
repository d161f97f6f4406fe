import { useJudgingStack } from '../support/judging-stack';

/** Judge0 CE (v1.13.1) contract from its public documentation: languages, statuses and information routes. */
jest.setTimeout(120_000);

describe('Judge0 CE compatibility', () => {
  const stack = useJudgingStack();
  const http = stack.http;

  describe('languages, statuses and information', () => {
    it('GET /languages lists Judge0 ids and names for the languages we have', async () => {
      const res = await http().get('/languages').expect(200);
      const ids = res.body.map((l: any) => l.id);
      expect(ids).toEqual(
        expect.arrayContaining([
          71, 63, 50, 54, 62, 60, 73, 46, 74, 51, 72, 68, 85, 64, 61, 65, 67, 59, 80, 82, 78, 81, 56,
        ]),
      );
      for (const l of res.body) expect(Object.keys(l).sort()).toEqual(['id', 'name']);
      expect(res.body.find((l: any) => l.id === 71).name).toMatch(/^Python/);
      expect(res.body.find((l: any) => l.id === 54).name).toMatch(/^C\+\+/);
    });

    it('GET /languages/{id} and /languages/all', async () => {
      const one = await http().get('/languages/50').expect(200);
      expect(one.body).toMatchObject({ id: 50, is_archived: false, source_file: 'main.c' });
      expect(one.body.name).toMatch(/^C /);
      expect(one.body.compile_cmd).toMatch(/^gcc /);
      expect(one.body.run_cmd).toBe('./main');
      const py = await http().get('/languages/71').expect(200);
      expect(py.body.compile_cmd).toBeNull();
      await http().get('/languages/9999').expect(404);
      const all = await http().get('/languages/all').expect(200);
      expect(all.body.every((l: any) => l.is_archived === false)).toBe(true);
    });

    it("GET /statuses is exactly Judge0's list", async () => {
      const res = await http().get('/statuses').expect(200);
      expect(res.body).toEqual([
        { id: 1, description: 'In Queue' },
        { id: 2, description: 'Processing' },
        { id: 3, description: 'Accepted' },
        { id: 4, description: 'Wrong Answer' },
        { id: 5, description: 'Time Limit Exceeded' },
        { id: 6, description: 'Compilation Error' },
        { id: 7, description: 'Runtime Error (SIGSEGV)' },
        { id: 8, description: 'Runtime Error (SIGXFSZ)' },
        { id: 9, description: 'Runtime Error (SIGFPE)' },
        { id: 10, description: 'Runtime Error (SIGABRT)' },
        { id: 11, description: 'Runtime Error (NZEC)' },
        { id: 12, description: 'Runtime Error (Other)' },
        { id: 13, description: 'Internal Error' },
        { id: 14, description: 'Exec Format Error' },
      ]);
    });

    it('GET /about, /config_info, /workers', async () => {
      expect((await http().get('/about').expect(200)).body).toMatchObject({ version: '1.13.1' });
      const config = (await http().get('/config_info').expect(200)).body;
      expect(config).toMatchObject({
        cpu_time_limit: 5,
        max_cpu_time_limit: 15,
        cpu_extra_time: 1,
        max_cpu_extra_time: 5,
        wall_time_limit: 10,
        max_wall_time_limit: 20,
        memory_limit: 128000,
        max_memory_limit: 512000,
        stack_limit: 64000,
        max_stack_limit: 128000,
        max_processes_and_or_threads: 60,
        max_max_processes_and_or_threads: 120,
        max_file_size: 1024,
        max_max_file_size: 4096,
        number_of_runs: 1,
        max_number_of_runs: 20,
        enable_submission_delete: false,
        max_submission_batch_size: 20,
        enable_network: false,
        allow_enable_network: false,
      });
      const workers = (await http().get('/workers').expect(200)).body;
      expect(workers).toEqual([
        expect.objectContaining({
          queue: 'submissions',
          size: expect.any(Number),
          available: expect.any(Number),
        }),
      ]);
    });
  });
});
