// Tokenizes .infra files with the TextMate engine VS Code itself uses (vscode-textmate
// with the Oniguruma regex engine) and checks the grammar:
//   1. every character that is not a blank gets a scope of its own (nothing is left as
//      plain `source.infra`), in every file given;
//   2. the tokens of examples/2-secured_and_monitored_web_infrastructure.infra that
//      matter get the scopes a theme colours (kinds, names, keys, values, flows).
//
//   node test/tokenize.mjs FILE...
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const here = path.dirname(fileURLToPath(import.meta.url));
const grammarPath = path.join(here, '..', 'syntaxes', 'infra.tmLanguage.json');
const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));

const registry = new vsctm.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
    createOnigString: (s) => new oniguruma.OnigString(s),
  }),
  loadGrammar: async (scopeName) => scopeName === 'source.infra'
    ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
    : null,
});
const grammar = await registry.loadGrammar('source.infra');

/** Every token of a text: { line, text, scopes }. */
function tokenize(text) {
  const out = [];
  let state = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((line, index) => {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) {
      out.push({ line: index + 1, text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    }
    state = result.ruleStack;
  });
  return out;
}

let failures = 0;
function fail(message) {
  failures += 1;
  console.error(`FAIL ${message}`);
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node test/tokenize.mjs FILE...');
  process.exit(2);
}
let tokens = 0;
for (const file of files) {
  for (const token of tokenize(fs.readFileSync(file, 'utf8'))) {
    tokens += 1;
    if (token.text.trim() !== '' && token.scopes.length < 2) {
      fail(`${file}:${token.line}: ${JSON.stringify(token.text)} has no scope`);
    }
  }
}

// What a theme must be able to colour, on the task 2 example.
const example = path.join(here, '..', '..', '..', 'examples', '2-secured_and_monitored_web_infrastructure.infra');
const expectations = [
  // [line containing, token text, scope the token must carry]
  ['# Task 2', null, 'comment.line.number-sign.infra'],
  ['title', 'title', 'variable.other.property.infra'],
  ['title', '=', 'keyword.operator.assignment.infra'],
  ['domain foobar.com', 'domain', 'storage.type.infra'],
  ['domain foobar.com', 'foobar.com', 'entity.name.type.infra'],
  ['record www', 'record', 'storage.type.infra'],
  ['record www', 'www', 'entity.name.type.infra'],
  ['record www', 'A', 'variable.other.reference.infra'],
  ['certificate www_cert', 'certificate', 'storage.type.infra'],
  ['expires', '2027-03-01', 'constant.numeric.date.infra'],
  ['url =', 'https://www.sumologic.com', 'string.quoted.double.infra'],
  ['issuer', 'Let\'s Encrypt', 'string.quoted.double.infra'],
  ['server lb1', 'server', 'storage.type.infra'],
  ['server lb1', 'lb1', 'entity.name.type.infra'],
  ['public_ip', '8.8.8.8', 'constant.numeric.ip.infra'],
  ['load_balancer', 'load_balancer', 'storage.type.infra'],
  ['load_balancer', 'haproxy', 'entity.name.type.infra'],
  ['algorithm', 'algorithm', 'variable.other.property.infra'],
  ['algorithm', 'round_robin', 'variable.other.reference.infra'],
  ['replica_of', 'web1.mysql', 'variable.other.reference.infra'],
  ['external', 'true', 'constant.language.boolean.infra'],
  ['internet ->', 'internet', 'variable.language.internet.infra'],
  ['internet ->', '->', 'keyword.operator.arrow.infra'],
  ['internet ->', 'https', 'support.constant.protocol.infra'],
  ['access = read', '{', 'punctuation.section.block.begin.infra'],
  ['access = read', 'access', 'variable.other.property.infra'],
  ['access = read', 'mysql', 'support.constant.protocol.infra'],
];
const exampleTokens = tokenize(fs.readFileSync(example, 'utf8'));
const lines = fs.readFileSync(example, 'utf8').split(/\r?\n/);
for (const [contains, text, scope] of expectations) {
  const line = lines.findIndex((l) => l.includes(contains)) + 1;
  if (line === 0) {
    fail(`no line of the example contains ${JSON.stringify(contains)}`);
    continue;
  }
  const onLine = exampleTokens.filter((t) => t.line === line);
  const hit = onLine.find((t) => (text === null || t.text === text || t.text.includes(text)) && t.scopes.includes(scope));
  if (!hit) {
    const seen = onLine.map((t) => `${JSON.stringify(t.text)}=${t.scopes.slice(1).join(' ')}`).join(', ');
    fail(`line ${line} (${contains}): ${JSON.stringify(text)} should be ${scope}; tokens: ${seen}`);
  }
}

// A flow body on a flow without a protocol is not a block header.
const flowBody = tokenize('a -> b { access = read }\n');
if (flowBody.some((t) => t.scopes.includes('storage.type.infra'))) {
  fail(`a flow's body was taken for a block: ${JSON.stringify(flowBody)}`);
}
// IPv6 values and a name with a hyphen before an arrow.
const values = tokenize('ip = 2001:db8::1\nweb-1->web-2 : http/8080\n');
const scopeOf = (text) => values.find((t) => t.text === text)?.scopes.at(-1);
for (const [text, scope] of [['2001:db8::1', 'constant.numeric.ipv6.infra'], ['web-1', 'variable.other.reference.infra'],
  ['web-2', 'variable.other.reference.infra'], ['8080', 'constant.numeric.port.infra']]) {
  if (scopeOf(text) !== scope) fail(`${JSON.stringify(text)} should be ${scope}, is ${scopeOf(text)}`);
}

console.log(`TextMate grammar: ${files.length} files, ${tokens} tokens, ${expectations.length + 5} expectations, ${failures} failures`);
process.exit(failures === 0 ? 0 : 1);
