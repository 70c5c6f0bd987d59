// A CodeMirror editor over each <textarea data-code-editor>. serve.py bundles this
// file with esbuild into static/vendor/editor/ (built, never committed).
//
// The textarea stays the model the page's Python reads and writes: the editor
// copies every edit into it and fires "input"; Python fires "kl-code-set" on
// the textarea after it replaces the text (reset, restore), and the editor follows.
// The editor lives in a shadow root because CodeMirror then adopts its styles
// as constructed style sheets; in the document it would add a <style> element,
// which the page's Content-Security-Policy (style-src 'self') refuses.
import { EditorState, Transaction } from "@codemirror/state";
import {
  EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  HighlightStyle, bracketMatching, indentOnInput, indentUnit, syntaxHighlighting,
} from "@codemirror/language";
import { python } from "@codemirror/lang-python";
import { tags } from "@lezer/highlight";

// Colours come from custom properties in site.css, which reach into the shadow root.
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword, tags.moduleKeyword,
          tags.operatorKeyword, tags.self, tags.bool, tags.null], color: "var(--code-keyword)", fontWeight: "bold" },
  { tag: [tags.function(tags.definition(tags.variableName)), tags.definition(tags.className)],
    color: "var(--code-def)" },
  { tag: [tags.string, tags.special(tags.string)], color: "var(--code-string)" },
  { tag: tags.comment, color: "var(--code-comment)", fontStyle: "italic" },
  { tag: tags.number, color: "var(--code-number)" },
]);

const theme = EditorView.theme({
  "&": {
    color: "var(--fg)", backgroundColor: "var(--bg)", border: "1px solid var(--muted)",
    borderRadius: "4px", fontSize: "0.88rem",
  },
  "&.cm-focused": { outline: "3px solid var(--focus)", outlineOffset: "2px" },
  ".cm-scroller": {
    fontFamily: '"DejaVu Sans Mono", ui-monospace, monospace', lineHeight: "1.5", maxHeight: "32rem",
  },
  ".cm-content, .cm-gutter": { minHeight: "14rem" },
  ".cm-content": { caretColor: "var(--fg)", padding: "0.5rem 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--fg)" },
  ".cm-gutters": { backgroundColor: "var(--panel)", color: "var(--muted)", borderRight: "1px solid var(--rule)" },
  ".cm-activeLine": { backgroundColor: "color-mix(in srgb, var(--fg) 5%, transparent)" },
  ".cm-activeLineGutter": { backgroundColor: "color-mix(in srgb, var(--fg) 10%, transparent)", color: "var(--fg)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {
    backgroundColor: "color-mix(in srgb, var(--link) 30%, transparent)",
  },
  "&.cm-focused .cm-matchingBracket": { backgroundColor: "color-mix(in srgb, var(--good) 30%, transparent)" },
});

// Marks edits that come from the textarea, so they are not echoed back as "input".
const FROM_TEXTAREA = "kl.from-textarea";

// Typing over a selection is applied here, not by the browser: Chromium's own edit of a
// selection across lines writes style="" attributes, which the page's CSP refuses.
const typeOverSelection = EditorView.domEventHandlers({
  beforeinput(event, view) {
    const replacing = view.state.selection.ranges.some((range) => !range.empty);
    if (event.inputType !== "insertText" || event.isComposing || !replacing || event.data == null) {
      return false;
    }
    event.preventDefault();
    view.dispatch(view.state.replaceSelection(event.data), {
      userEvent: "input.type", scrollIntoView: true,
    });
    return true;
  },
});

function enhance(textarea) {
  const host = document.createElement("div");
  host.className = "code-editor-host";
  const root = host.attachShadow({ mode: "open" });
  const label = textarea.labels && textarea.labels[0];
  const view = new EditorView({
    root,
    parent: root,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), drawSelection(),
        history(), indentOnInput(), bracketMatching(), indentUnit.of("    "),
        EditorState.tabSize.of(4),
        python(), syntaxHighlighting(highlight), theme, typeOverSelection,
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.contentAttributes.of({
          "aria-label": label ? label.textContent.trim() : "Code",
          tabindex: "0", // already focusable; said outright so checkers see the scroller's focusable content
          spellcheck: "false", autocorrect: "off", autocapitalize: "off",
        }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          textarea.value = update.state.doc.toString();
          const external = update.transactions.some((tr) => tr.annotation(Transaction.userEvent) === FROM_TEXTAREA);
          if (!external) textarea.dispatchEvent(new Event("input", { bubbles: true }));
        }),
      ],
    }),
  });
  // The keyboard help above the editor describes it too, across the shadow boundary.
  const describedBy = textarea.getAttribute("aria-describedby");
  if (describedBy && "ariaDescribedByElements" in view.contentDOM) {
    view.contentDOM.ariaDescribedByElements = describedBy.split(/\s+/)
      .map((id) => document.getElementById(id)).filter(Boolean);
  }
  textarea.addEventListener("kl-code-set", () => {
    const text = textarea.value;
    if (text === view.state.doc.toString()) return;
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: text },
      annotations: Transaction.userEvent.of(FROM_TEXTAREA),
    });
  });
  const hadFocus = document.activeElement === textarea;
  textarea.after(host);
  textarea.hidden = true;
  if (label) label.addEventListener("click", () => view.focus());
  if (hadFocus) view.focus();
  textarea.closest("[data-editor]")?.setAttribute("data-editor", "ready");
}

// Built only once its section is rendered: inside a section that content-visibility
// skips, CodeMirror would measure nothing and keep a wrong minimum width.
function enhanceWhenRendered(textarea) {
  const rendered = () => textarea.checkVisibility({ contentVisibilityAuto: true });
  if (rendered()) {
    enhance(textarea);
    return;
  }
  const onChange = (event) => {
    if (!event.skipped && event.target.contains(textarea) && rendered()) {
      document.removeEventListener("contentvisibilityautostatechange", onChange, true);
      enhance(textarea);
    }
  };
  document.addEventListener("contentvisibilityautostatechange", onChange, true);
}

for (const textarea of document.querySelectorAll("textarea[data-code-editor]")) {
  enhanceWhenRendered(textarea);
}
