import type { JudgeboxClient, SubmissionBody, TestCaseResult } from '@judgebox/client';
import { byId, el, mib, ms } from './dom';

export interface TestInput {
  stdin: string;
  expected: string;
}

/** The Judge tab: test cases to edit, each one's verdict, time and memory as it finishes. */
export class JudgePanel {
  private readonly cases = byId<HTMLOListElement>('cases');
  private readonly results = byId<HTMLTableSectionElement>('results');
  private readonly status = byId<HTMLElement>('judge-status');
  private readonly judgeButton = byId<HTMLButtonElement>('judge');

  constructor(
    private readonly client: JudgeboxClient,
    private readonly body: () => SubmissionBody,
    private readonly onChange: () => void,
  ) {
    byId('add-case').addEventListener('click', () => {
      this.addCase({ stdin: '', expected: '' });
      this.onChange();
      this.cases.querySelector<HTMLTextAreaElement>('li:last-child textarea')?.focus();
    });
    this.judgeButton.addEventListener('click', () => void this.judge());
  }

  tests(): TestInput[] {
    return [...this.cases.querySelectorAll('li')].map((li) => ({
      stdin: li.querySelector<HTMLTextAreaElement>('.case-stdin')?.value ?? '',
      expected: li.querySelector<HTMLTextAreaElement>('.case-expected')?.value ?? '',
    }));
  }

  setTests(tests: TestInput[]): void {
    this.cases.replaceChildren();
    for (const t of tests) this.addCase(t);
  }

  async judge(): Promise<void> {
    const tests = this.tests();
    if (tests.length === 0) return this.say('Add a test case first.');
    this.judgeButton.disabled = true;
    this.results.replaceChildren(...tests.map((_, i) => row(i, 'pending…')));
    this.say('Judging…');
    try {
      const testCases = tests.map((t) => ({ stdin: t.stdin, expectedOutput: t.expected }));
      const view = await this.client.judge(
        { ...this.body(), stdin: undefined, testCases },
        { onTestCase: (tc) => this.show(tc) },
      );
      const result = view.result;
      for (const tc of result?.testCases ?? []) this.show(tc);
      const compileOutput =
        `${result?.verdict}` === 'compile_error' ? `\n${result?.compile?.stderr ?? ''}` : '';
      this.say(
        `${result?.verdict ?? 'finished'}${result?.message ? ` · ${result.message}` : ''}${compileOutput}`,
        result?.verdict,
      );
    } catch (err) {
      this.say((err as Error).message, 'error');
    } finally {
      this.judgeButton.disabled = false;
    }
  }

  private show(tc: TestCaseResult): void {
    this.results.children[tc.index]?.replaceWith(row(tc.index, tc.verdict, tc));
  }

  private addCase(test: TestInput): void {
    const n = this.cases.children.length + 1;
    const li = el('li', { class: 'case' });
    const stdin = el('textarea', { class: 'case-stdin', rows: '2', 'aria-label': `Test ${n} input` });
    const expected = el('textarea', {
      class: 'case-expected',
      rows: '2',
      'aria-label': `Test ${n} expected output`,
    });
    stdin.value = test.stdin;
    expected.value = test.expected;
    const remove = el('button', { type: 'button', class: 'remove', 'aria-label': `Remove test ${n}` }, '✕');
    remove.addEventListener('click', () => {
      li.remove();
      this.onChange();
    });
    for (const area of [stdin, expected]) area.addEventListener('input', this.onChange);
    li.append(labelled('input', stdin), labelled('expected', expected), remove);
    this.cases.append(li);
  }

  private say(text: string, verdict?: string): void {
    this.status.textContent = text;
    this.status.dataset.verdict = verdict ?? '';
  }
}

function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  const label = el('label', {}, text);
  label.append(control);
  return label;
}

function row(index: number, verdict: string, tc?: TestCaseResult): HTMLTableRowElement {
  const tr = el('tr', { 'data-verdict': verdict });
  tr.append(
    el('td', {}, String(index + 1)),
    el('td', { class: 'verdict' }, verdict),
    el('td', {}, ms(tc?.cpuTimeMs)),
    el('td', {}, mib(tc?.peakMemoryBytes)),
  );
  return tr;
}
