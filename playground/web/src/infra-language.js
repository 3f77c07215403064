// .infra syntax highlighting for CodeMirror 6, as a stream tokenizer: the language is
// three statement forms (blocks, attributes, flows) and comments, so a line-oriented
// tokenizer with a little state (are we at a statement's start? after a flow's `:`?)
// colours it exactly. Kind keywords come from infrac's schema (the same list the
// completion offers).

import { StreamLanguage } from "@codemirror/language";

const KINDS = new Set([
  "server", "web_server", "app_server", "database", "load_balancer", "monitoring_agent",
  "firewall", "allow", "deny", "certificate", "cluster", "domain", "record", "service",
]);

const IP = /^(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?/;
const DATE = /^\d{4}-\d{2}-\d{2}/;
const NUMBER = /^\d+(?:\.\d+)?(?:ms|s|m|h|d)?\b/;
const WORD = /^[A-Za-z_@*][\w.*-]*/;

export const infra = StreamLanguage.define({
  name: "infra",
  startState: () => ({ statementStart: true, afterColon: false, afterEquals: false }),
  token(stream, state) {
    if (stream.sol()) {
      state.statementStart = true;
      state.afterColon = false;
      state.afterEquals = false;
    }
    if (stream.eatSpace()) return null;
    if (stream.match("#") || stream.match("//")) {
      stream.skipToEnd();
      return "comment";
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) {
      state.statementStart = false;
      return "string";
    }
    if (stream.match("->")) {
      state.statementStart = false;
      return "operator";
    }
    const ch = stream.peek();
    if (ch === "{" || ch === "}" || ch === ",") {
      stream.next();
      state.statementStart = true;
      state.afterColon = false;
      state.afterEquals = false;
      return ch === "," ? "punctuation" : "brace";
    }
    if (ch === "[" || ch === "]") {
      stream.next();
      return "squareBracket";
    }
    if (ch === "=") {
      stream.next();
      state.afterEquals = true;
      return "definitionOperator";
    }
    if (ch === ":") {
      stream.next();
      state.afterColon = true;
      return "punctuation";
    }
    if (stream.match(IP) || stream.match(DATE) || stream.match(NUMBER)) {
      state.statementStart = false;
      return "number";
    }
    if (stream.match(WORD)) {
      const word = stream.current();
      const start = state.statementStart;
      state.statementStart = false;
      if (state.afterColon) return "typeName"; // a flow's protocol
      if (word === "true" || word === "false") return "bool";
      if (word === "internet") return "atom";
      if (start && KINDS.has(word)) return "keyword";
      if (start && stream.match(/^\s*=/, false)) return "propertyName";
      return state.afterEquals ? "variableName.special" : "variableName";
    }
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: "#" } },
});
