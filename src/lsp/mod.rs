//! `infrac lsp`: a language server over stdio — diagnostics as you type (compile errors,
//! then lint findings), go to definition on references, hover with an item's role, and
//! completion of kinds and attributes from the schema.
//!
//! Protocol framing and types come from lsp-server and lsp-types; every answer is
//! computed from the document text the editor last sent.

mod complete;
mod diagnostics;
mod navigate;
mod position;

use crate::lint::Config;
use lsp_server::{Connection, Message, Notification, Request, Response};
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
use std::collections::HashMap;

/// Serve until the editor shuts the server down.
pub fn run(config: Config) -> Result<(), String> {
    let (connection, io) = Connection::stdio();
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions::default()),
        ..ServerCapabilities::default()
    };
    let capabilities = serde_json::to_value(capabilities).map_err(|e| e.to_string())?;
    connection
        .initialize(capabilities)
        .map_err(|e| e.to_string())?;
    let mut documents: HashMap<String, String> = HashMap::new();
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection
                    .handle_shutdown(&request)
                    .map_err(|e| e.to_string())?
                {
                    break;
                }
                let response = answer(&documents, request);
                connection
                    .sender
                    .send(Message::Response(response))
                    .map_err(|e| e.to_string())?;
            }
            Message::Notification(note) => {
                if let Some((uri, text)) = changed(&mut documents, note) {
                    let name = uri.as_str().trim_start_matches("file://").to_string();
                    let params = PublishDiagnosticsParams {
                        diagnostics: text
                            .as_deref()
                            .map_or_else(Vec::new, |t| diagnostics::diagnostics(&name, t, &config)),
                        uri,
                        version: None,
                    };
                    let note = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
                    connection
                        .sender
                        .send(Message::Notification(note))
                        .map_err(|e| e.to_string())?;
                }
            }
            Message::Response(_) => {}
        }
    }
    drop(connection);
    io.join().map_err(|e| e.to_string())
}

/// Track open documents; returns the document to re-check (`None` text: closed).
fn changed(
    documents: &mut HashMap<String, String>,
    note: Notification,
) -> Option<(Uri, Option<String>)> {
    match note.method.as_str() {
        DidOpenTextDocument::METHOD => {
            let p: lsp_types::DidOpenTextDocumentParams =
                serde_json::from_value(note.params).ok()?;
            documents.insert(
                p.text_document.uri.as_str().to_string(),
                p.text_document.text.clone(),
            );
            Some((p.text_document.uri, Some(p.text_document.text)))
        }
        DidChangeTextDocument::METHOD => {
            let p: lsp_types::DidChangeTextDocumentParams =
                serde_json::from_value(note.params).ok()?;
            let text = p.content_changes.into_iter().last()?.text;
            documents.insert(p.text_document.uri.as_str().to_string(), text.clone());
            Some((p.text_document.uri, Some(text)))
        }
        DidCloseTextDocument::METHOD => {
            let p: lsp_types::DidCloseTextDocumentParams =
                serde_json::from_value(note.params).ok()?;
            documents.remove(p.text_document.uri.as_str());
            Some((p.text_document.uri, None))
        }
        _ => None,
    }
}

fn answer(documents: &HashMap<String, String>, request: Request) -> Response {
    let id = request.id.clone();
    let result = match request.method.as_str() {
        HoverRequest::METHOD => serde_json::from_value::<lsp_types::HoverParams>(request.params)
            .ok()
            .and_then(|p| {
                let at = p.text_document_position_params;
                let text = documents.get(at.text_document.uri.as_str())?;
                let hover = navigate::hover(text, position::offset(text, at.position))?;
                serde_json::to_value(hover).ok()
            }),
        GotoDefinition::METHOD => {
            serde_json::from_value::<lsp_types::GotoDefinitionParams>(request.params)
                .ok()
                .and_then(|p| {
                    let at = p.text_document_position_params;
                    let text = documents.get(at.text_document.uri.as_str())?;
                    let range = navigate::definition(text, position::offset(text, at.position))?;
                    let location = Location {
                        uri: at.text_document.uri.clone(),
                        range,
                    };
                    serde_json::to_value(GotoDefinitionResponse::Scalar(location)).ok()
                })
        }
        Completion::METHOD => serde_json::from_value::<lsp_types::CompletionParams>(request.params)
            .ok()
            .and_then(|p| {
                let at = p.text_document_position;
                let text = documents.get(at.text_document.uri.as_str())?;
                let items = complete::completions(text, position::offset(text, at.position));
                serde_json::to_value(CompletionResponse::Array(items)).ok()
            }),
        _ => {
            return Response::new_err(
                id,
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("{} is not supported", request.method),
            );
        }
    };
    Response::new_ok(id, result.unwrap_or(serde_json::Value::Null))
}
