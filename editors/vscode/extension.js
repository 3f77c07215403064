// Starts `infrac lsp` for .infra files. Everything the editor shows beyond colours —
// diagnostics, hover, definition, completion, quick fixes, formatting, symbols — comes
// from the language server, so this file only says how to run it.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/** @param {vscode.ExtensionContext} context */
function activate(context) {
  const command = vscode.workspace.getConfiguration('infrac').get('path') || 'infrac';
  const server = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient('infrac', 'infrac language server', server, {
    documentSelector: [
      { scheme: 'file', language: 'infra' },
      { scheme: 'untitled', language: 'infra' },
    ],
  });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
