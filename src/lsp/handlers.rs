//! What the server does with each method, computed from the document text the editor
//! last sent: hover, definition, completion, formatting, document symbols, quick fixes,
//! and versioned diagnostics. Parameters that do not fit a method's shape get `InvalidParams`.

use super::jsonrpc::{ErrorCode, notification};
use super::model::Good;
use super::{complete, diagnostics, edit, navigate, position, rename, symbols};
use crate::lint::Config;
use crate::syntax::incremental::Reparser;
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    PrepareRenameRequest, References, Rename, Request as _,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    CompletionResponse, DocumentSymbolResponse, GotoDefinitionResponse, Location, OneOf,
    PrepareRenameResponse, PublishDiagnosticsParams, RenameOptions, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri, WorkspaceEdit,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;

/// An open document as the editor last sent it.
pub struct Document {
    pub text: String,
    pub version: Option<i32>,
    /// Its last text that compiled, kept from check to check, so the answers go on
    /// while the file has errors.
    pub good: Option<Good>,
    /// Its last text that parsed and its syntax tree: a check parses again only what
    /// the edits since changed.
    pub reparser: Reparser,
}

/// Open documents by URI.
pub type Documents = HashMap<String, Document>;

pub type Failure = (ErrorCode, String);

fn text_of<'a>(documents: &'a Documents, uri: &Uri) -> Option<&'a str> {
    documents.get(uri.as_str()).map(|d| d.text.as_str())
}

fn good_of<'a>(documents: &'a Documents, uri: &Uri) -> Option<&'a Good> {
    documents.get(uri.as_str()).and_then(|d| d.good.as_ref())
}

pub fn initialize_result() -> Value {
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions::default()),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    };
    serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": { "name": "infrac", "version": env!("CARGO_PKG_VERSION") },
    })
}

fn params<P: DeserializeOwned>(method: &str, params: Value) -> Result<P, Failure> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, format!("{method}: {e}")))
}

fn to_json(value: impl serde::Serialize) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

/// The result of a request while running.
pub fn request(documents: &Documents, method: &str, raw: Value) -> Result<Value, Failure> {
    match method {
        HoverRequest::METHOD => {
            let p: lsp_types::HoverParams = params(method, raw)?;
            let at = p.text_document_position_params;
            let Some(text) = text_of(documents, &at.text_document.uri) else {
                return Ok(Value::Null);
            };
            let good = good_of(documents, &at.text_document.uri);
            navigate::hover(text, good, position::offset(text, at.position))
                .map_or(Ok(Value::Null), to_json)
        }
        GotoDefinition::METHOD => {
            let p: lsp_types::GotoDefinitionParams = params(method, raw)?;
            let at = p.text_document_position_params;
            let Some(text) = text_of(documents, &at.text_document.uri) else {
                return Ok(Value::Null);
            };
            let good = good_of(documents, &at.text_document.uri);
            match navigate::definition(text, good, position::offset(text, at.position)) {
                Some(range) => to_json(GotoDefinitionResponse::Scalar(Location {
                    uri: at.text_document.uri.clone(),
                    range,
                })),
                None => Ok(Value::Null),
            }
        }
        Completion::METHOD => {
            let p: lsp_types::CompletionParams = params(method, raw)?;
            let at = p.text_document_position;
            let Some(text) = text_of(documents, &at.text_document.uri) else {
                return Ok(Value::Null);
            };
            let good = good_of(documents, &at.text_document.uri);
            let items = complete::completions(text, good, position::offset(text, at.position));
            to_json(CompletionResponse::Array(items))
        }
        Formatting::METHOD => {
            let p: lsp_types::DocumentFormattingParams = params(method, raw)?;
            let Some(text) = text_of(documents, &p.text_document.uri) else {
                return Ok(Value::Null);
            };
            to_json(edit::format(text))
        }
        DocumentSymbolRequest::METHOD => {
            let p: lsp_types::DocumentSymbolParams = params(method, raw)?;
            let Some(text) = text_of(documents, &p.text_document.uri) else {
                return Ok(Value::Null);
            };
            to_json(symbols::symbols(text).map(DocumentSymbolResponse::Nested))
        }
        CodeActionRequest::METHOD => {
            let p: lsp_types::CodeActionParams = params(method, raw)?;
            to_json(edit::quick_fixes(
                &p.text_document.uri,
                &p.context.diagnostics,
            ))
        }
        References::METHOD => {
            let p: lsp_types::ReferenceParams = params(method, raw)?;
            let at = p.text_document_position;
            let uri = &at.text_document.uri;
            let Some(text) = text_of(documents, uri) else {
                return Ok(Value::Null);
            };
            let offset = position::offset(text, at.position);
            let Some(mut spans) = rename::references(text, good_of(documents, uri), offset) else {
                return Ok(Value::Null);
            };
            if !p.context.include_declaration {
                spans.remove(0);
            }
            let lines = position::Lines::new(text);
            let locations: Vec<Location> = spans
                .into_iter()
                .map(|(start, end)| Location {
                    uri: uri.clone(),
                    range: lines.range(start, end),
                })
                .collect();
            to_json(locations)
        }
        PrepareRenameRequest::METHOD => {
            let p: lsp_types::TextDocumentPositionParams = params(method, raw)?;
            let Some(text) = text_of(documents, &p.text_document.uri) else {
                return Ok(Value::Null);
            };
            let offset = position::offset(text, p.position);
            match rename::prepare(text, offset) {
                Ok((start, end)) => to_json(PrepareRenameResponse::Range(position::range(
                    text, start, end,
                ))),
                Err(reason) => Err((ErrorCode::RequestFailed, reason)),
            }
        }
        Rename::METHOD => {
            let p: lsp_types::RenameParams = params(method, raw)?;
            let at = p.text_document_position;
            let uri = &at.text_document.uri;
            let Some(text) = text_of(documents, uri) else {
                return Ok(Value::Null);
            };
            let offset = position::offset(text, at.position);
            let spans = rename::rename(text, offset, &p.new_name)
                .map_err(|reason| (ErrorCode::RequestFailed, reason))?;
            let lines = position::Lines::new(text);
            let edits = spans
                .into_iter()
                .map(|(start, end)| TextEdit {
                    range: lines.range(start, end),
                    new_text: p.new_name.clone(),
                })
                .collect();
            to_json(WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), edits)])),
                ..WorkspaceEdit::default()
            })
        }
        _ => Err((
            ErrorCode::MethodNotFound,
            format!("{method} is not supported"),
        )),
    }
}

/// The diagnostics of the document at `uri` as the editor last sent it (none once it is
/// closed), with the version they are for. A text that compiles becomes the
/// document's last good one.
pub fn publish(documents: &mut Documents, config: &Config, uri: &str) -> Option<Value> {
    let parsed: Uri = uri.parse().ok()?;
    let document = documents.get_mut(uri);
    let name = uri.trim_start_matches("file://").to_string();
    let version = document.as_ref().and_then(|d| d.version);
    let diagnostics = match document {
        None => Vec::new(),
        Some(d) => {
            let (diagnostics, design) =
                diagnostics::diagnostics(&name, &d.text, &mut d.reparser, config);
            if let Some(design) = design {
                d.good = Some(Good {
                    text: d.text.clone(),
                    design,
                });
            }
            diagnostics
        }
    };
    let params = PublishDiagnosticsParams {
        diagnostics,
        uri: parsed,
        version,
    };
    to_json(params)
        .ok()
        .map(|p| notification(PublishDiagnostics::METHOD, p))
}

/// Track open documents; the URI of one that changed or closed, to be checked. A
/// notification that cannot be read is dropped (it has no reply, as the specification
/// says).
pub fn update(documents: &mut Documents, method: &str, raw: Value) -> Option<String> {
    match method {
        DidOpenTextDocument::METHOD => {
            let p: lsp_types::DidOpenTextDocumentParams = serde_json::from_value(raw).ok()?;
            let document = p.text_document;
            let uri = document.uri.as_str().to_string();
            documents.insert(
                uri.clone(),
                Document {
                    text: document.text,
                    version: Some(document.version),
                    good: None,
                    reparser: Reparser::default(),
                },
            );
            Some(uri)
        }
        DidChangeTextDocument::METHOD => {
            let p: lsp_types::DidChangeTextDocumentParams = serde_json::from_value(raw).ok()?;
            let text = p.content_changes.into_iter().last()?.text;
            let uri = p.text_document.uri.as_str().to_string();
            let (good, reparser) = documents
                .remove(&uri)
                .map_or((None, Reparser::default()), |d| (d.good, d.reparser));
            documents.insert(
                uri.clone(),
                Document {
                    text,
                    version: Some(p.text_document.version),
                    good,
                    reparser,
                },
            );
            Some(uri)
        }
        DidCloseTextDocument::METHOD => {
            let p: lsp_types::DidCloseTextDocumentParams = serde_json::from_value(raw).ok()?;
            let uri = p.text_document.uri.as_str().to_string();
            documents.remove(&uri);
            Some(uri)
        }
        _ => None,
    }
}
