import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import {
  bracketMatching,
  defaultHighlightStyle,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { modeFor } from './modes';

export interface Editor {
  text(): string;
  setText(text: string): void;
  setLanguage(language: string): void;
  setDark(dark: boolean): void;
  focus(): void;
}

/**
 * The code editor. Tab is left to the page (moving focus), as keyboard users expect; no
 * autocompletion or bracket closing, so what is typed is what is run.
 */
export function createEditor(parent: HTMLElement, onChange: () => void, onRun: () => void): Editor {
  const language = new Compartment();
  let languageAsked = 0;
  const theme = new Compartment();
  const extensions: Extension[] = [
    lineNumbers(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    highlightActiveLine(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    keymap.of([{ key: 'Mod-Enter', run: () => (onRun(), true) }, ...defaultKeymap, ...historyKeymap]),
    language.of([]),
    theme.of([]),
    EditorView.contentAttributes.of({ 'aria-label': 'Source code' }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange();
    }),
  ];
  const view = new EditorView({ state: EditorState.create({ doc: '', extensions }), parent });
  return {
    text: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    setLanguage: (id) => {
      const asked = ++languageAsked; // a later choice wins over a slower chunk
      void modeFor(id).then((mode) => {
        if (asked === languageAsked) view.dispatch({ effects: language.reconfigure(mode) });
      });
    },
    setDark: (dark) => view.dispatch({ effects: theme.reconfigure(dark ? oneDark : []) }),
    focus: () => view.focus(),
  };
}
