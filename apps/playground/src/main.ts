import { JudgeboxClient, type LanguageView, type SubmissionBody } from '@judgebox/client';
import { byId, el } from './dom';
import { createEditor } from './editor';
import { JudgePanel } from './judge-panel';
import { RunPanel } from './run-panel';
import { SAMPLES } from './samples';
import { fromHash, toHash, type PageState } from './url-state';

const client = new JudgeboxClient({ url: location.origin });
const languageSelect = byId<HTMLSelectElement>('language');
const stdinBox = byId<HTMLTextAreaElement>('stdin');
const argsBox = byId<HTMLTextAreaElement>('args');
const limitInputs = {
  cpuTimeMs: byId<HTMLInputElement>('cpu'),
  wallTimeMs: byId<HTMLInputElement>('wall'),
  memoryMb: byId<HTMLInputElement>('memory'),
};

let saveTimer: number | undefined;
const saveSoon = (): void => {
  window.clearTimeout(saveTimer);
  saveTimer = window.setTimeout(() => history.replaceState(null, '', toHash(state())), 300);
};

const editor = createEditor(
  byId('editor'),
  saveSoon,
  () => void (activeTab() === 'judge' ? judge.judge() : run.run()),
);

function body(): SubmissionBody {
  const limits = Object.fromEntries(
    Object.entries(limitInputs)
      .filter(([, input]) => input.value !== '')
      .map(([name, input]) => [name, Number(input.value)]),
  );
  const args = argsBox.value.split('\n').filter((a) => a.length > 0);
  return { language: languageSelect.value, source: editor.text(), stdin: stdinBox.value, args, limits };
}

const run = new RunPanel(client, body);
const judge = new JudgePanel(client, body, saveSoon);

function state(): PageState {
  return {
    language: languageSelect.value,
    source: editor.text(),
    stdin: stdinBox.value,
    args: argsBox.value,
    tests: judge.tests(),
  };
}

function setLanguage(id: string, loadSample: boolean): void {
  languageSelect.value = id;
  editor.setLanguage(id);
  if (loadSample) editor.setText(SAMPLES[id] ?? '');
}

/** Tabs as the ARIA pattern has them: arrow keys move between them, the panel follows. */
function activeTab(): string {
  return document.querySelector('[role=tab][aria-selected=true]')?.id.replace('tab-', '') ?? 'run';
}

function selectTab(name: string): void {
  for (const tab of document.querySelectorAll<HTMLButtonElement>('[role=tab]')) {
    const selected = tab.id === `tab-${name}`;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    byId(tab.getAttribute('aria-controls') ?? '').hidden = !selected;
    if (selected) tab.focus();
  }
}

function setUpTabs(): void {
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role=tab]')];
  for (const [i, tab] of tabs.entries()) {
    tab.addEventListener('click', () => selectTab(tab.id.replace('tab-', '')));
    tab.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (step !== 0) selectTab(tabs[(i + step + tabs.length) % tabs.length].id.replace('tab-', ''));
    });
  }
}

function setUpTheme(): void {
  const stored = localStorage.getItem('judgebox-theme');
  const apply = (dark: boolean): void => {
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    byId('theme').setAttribute('aria-pressed', String(dark));
    editor.setDark(dark);
  };
  apply(stored ? stored === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches);
  byId('theme').addEventListener('click', () => {
    const dark = document.documentElement.dataset.theme !== 'dark';
    localStorage.setItem('judgebox-theme', dark ? 'dark' : 'light');
    apply(dark);
  });
}

function setUpShare(): void {
  byId('share').addEventListener('click', () => {
    history.replaceState(null, '', toHash(state()));
    void navigator.clipboard?.writeText(location.href).catch(() => undefined);
    byId('share-status').textContent =
      'Link copied: it holds the language, the program, its input and tests.';
  });
}

async function start(): Promise<void> {
  setUpTabs();
  setUpTheme();
  setUpShare();
  const saved = fromHash(location.hash);
  let languages: LanguageView[] = [];
  try {
    languages = await client.languages();
  } catch (err) {
    byId('run-status').textContent = `The API did not answer: ${(err as Error).message}`;
  }
  languageSelect.replaceChildren(
    ...languages.map((l) => el('option', { value: l.id }, l.version ? `${l.name} (${l.version})` : l.name)),
  );
  const initial = languages.some((l) => l.id === saved.language) ? saved.language! : 'python';
  setLanguage(initial, saved.source === undefined);
  if (saved.source !== undefined) editor.setText(saved.source);
  stdinBox.value = saved.stdin ?? '';
  argsBox.value = saved.args ?? '';
  judge.setTests(saved.tests ?? [{ stdin: '', expected: '' }]);
  languageSelect.addEventListener('change', () => {
    const text = editor.text().trim();
    setLanguage(languageSelect.value, text === '' || Object.values(SAMPLES).some((s) => s.trim() === text));
    saveSoon();
  });
  for (const input of [stdinBox, argsBox]) input.addEventListener('input', saveSoon);
  document.body.dataset.ready = 'true';
}

void start();
