//! What the server does with each method, computed from the document text the editor
//! last sent. Parameters that do not fit a method's shape get `InvalidParams`.

use super::jsonrpc::{ErrorCode, notification};
use super::{complete, diagnostics, navigate, position};
use crate::lint::Config;
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{Completion, GotoDefinition, HoverRequest, Request as _};
use lsp_types::{
    CompletionOptions, CompletionResponse, GotoDefinitionResponse, Location, OneOf,
    PublishDiagnosticsParams, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    Uri,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;

/// Open documents by URI.
pub type Documents = HashMap<String, String>;

pub type Failure = (ErrorCode, String);

pub fn initialize_result() -> Value {
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions::default()),
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
            let Some(text) = documents.get(at.text_document.uri.as_str()) else {
                return Ok(Value::Null);
            };
            navigate::hover(text, position::offset(text, at.position))
                .map_or(Ok(Value::Null), to_json)
        }
        GotoDefinition::METHOD => {
            let p: lsp_types::GotoDefinitionParams = params(method, raw)?;
            let at = p.text_document_position_params;
            let Some(text) = documents.get(at.text_document.uri.as_str()) else {
                return Ok(Value::Null);
            };
            match navigate::definition(text, position::offset(text, at.position)) {
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
            let Some(text) = documents.get(at.text_document.uri.as_str()) else {
                return Ok(Value::Null);
            };
            let items = complete::completions(text, position::offset(text, at.position));
            to_json(CompletionResponse::Array(items))
        }
        _ => Err((
            ErrorCode::MethodNotFound,
            format!("{method} is not supported"),
        )),
    }
}

/// Track open documents and answer with their diagnostics. Notifications have no reply,
/// so one that cannot be read is dropped (as the specification says).
pub fn notify(documents: &mut Documents, config: &Config, method: &str, raw: Value) -> Vec<Value> {
    let Some((uri, text)) = changed(documents, method, raw) else {
        return Vec::new();
    };
    let name = uri.as_str().trim_start_matches("file://").to_string();
    let params = PublishDiagnosticsParams {
        diagnostics: text
            .as_deref()
            .map_or_else(Vec::new, |t| diagnostics::diagnostics(&name, t, config)),
        uri,
        version: None,
    };
    to_json(params)
        .map(|p| vec![notification(PublishDiagnostics::METHOD, p)])
        .unwrap_or_default()
}

/// The document to re-check (`None` text: closed).
fn changed(documents: &mut Documents, method: &str, raw: Value) -> Option<(Uri, Option<String>)> {
    match method {
        DidOpenTextDocument::METHOD => {
            let p: lsp_types::DidOpenTextDocumentParams = serde_json::from_value(raw).ok()?;
            let document = p.text_document;
            documents.insert(document.uri.as_str().to_string(), document.text.clone());
            Some((document.uri, Some(document.text)))
        }
        DidChangeTextDocument::METHOD => {
            let p: lsp_types::DidChangeTextDocumentParams = serde_json::from_value(raw).ok()?;
            let text = p.content_changes.into_iter().last()?.text;
            documents.insert(p.text_document.uri.as_str().to_string(), text.clone());
            Some((p.text_document.uri, Some(text)))
        }
        DidCloseTextDocument::METHOD => {
            let p: lsp_types::DidCloseTextDocumentParams = serde_json::from_value(raw).ok()?;
            documents.remove(p.text_document.uri.as_str());
            Some((p.text_document.uri, None))
        }
        _ => None,
    }
}
