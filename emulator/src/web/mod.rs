//! The web page at `/` and the emulator's own JSON API under `/_emulator/`.
//!
//! The page ([`page`]) shows the messages, newest first, 50 at a time, searchable, and
//! updated live; the JSON API ([`api`]) lets tests list, search and wait for messages, send
//! a handset's reply, and inject faults. Both read the store through queries, never by
//! loading every message.

mod api;
mod page;

use std::convert::Infallible;

use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use tower::{Service, ServiceExt};

use crate::error::EmuError;
use crate::ops::sending::Message;
use crate::store::MessageQuery;
use crate::Emulator;

/// The application: the page and the API, with every other request going to `aws` (the two
/// generated routers).
pub(crate) fn routes<S>(emulator: Emulator, aws: S) -> axum::Router
where
    S: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
    S::Response: IntoResponse + 'static,
    S::Future: Send + 'static,
{
    // `/` is the page for a browser's GET and v2's endpoint for everything else; a plain
    // service rather than a method router, so that API answers carry no `Allow` header.
    let page = axum::Router::new()
        .route("/", get(page::index))
        .with_state(emulator.clone());
    let api = aws.clone();
    let root = tower::service_fn(move |request: Request| {
        let page = page.clone();
        let api = api.clone();
        async move {
            let is_page = matches!(*request.method(), Method::GET | Method::HEAD);
            Ok::<_, Infallible>(if is_page {
                page.oneshot(request).await.into_response()
            } else {
                api.oneshot(request).await.into_response()
            })
        }
    });
    axum::Router::new()
        .route_service("/", root)
        .route("/messages/{id}", get(page::message))
        .route("/fragments/messages", get(page::fragment))
        .route(
            "/_emulator/messages",
            get(api::list_messages).delete(api::clear_messages),
        )
        .route("/_emulator/messages/{id}", get(api::get_message))
        .route("/_emulator/stream", get(api::stream))
        .route("/_emulator/inbound", post(api::inbound))
        .route(
            "/_emulator/faults",
            get(api::list_faults)
                .post(api::add_fault)
                .delete(api::clear_faults),
        )
        .fallback_service(aws)
        .with_state(emulator)
}

/// The search of the page and of `GET /_emulator/messages`: which messages, and which page
/// of them. Every parameter is optional; empty ones count as not given.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Search {
    /// A whole number in E.164 (`+12065550100`) matches exactly; part of one matches as a
    /// substring.
    destination: Option<String>,
    /// Part of the origination (number or sender ID), or the identity's id or ARN.
    origination: Option<String>,
    /// The configuration set's name.
    configuration_set: Option<String>,
    /// Part of the text, without regard to case.
    text: Option<String>,
    /// Where the page starts: the `next` of the page before.
    cursor: Option<String>,
    /// `oldest` (the API's default) or `newest` (the page's) first.
    order: Option<String>,
    /// How many messages a page holds.
    limit: Option<String>,
    /// Seconds to wait, if no message matches yet, for one that does (the API only).
    wait: Option<String>,
}

/// The most messages one page may hold.
const MAX_LIMIT: usize = 1000;

/// The longest wait for a message.
const MAX_WAIT_SECONDS: f64 = 30.0;

fn given(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

impl Search {
    /// The store's query; an error names the parameter that is wrong.
    fn query(
        &self,
        newest_first_by_default: bool,
        default_limit: usize,
    ) -> Result<MessageQuery, String> {
        let newest_first = match given(&self.order).as_deref() {
            None => newest_first_by_default,
            Some("oldest") => false,
            Some("newest") => true,
            Some(other) => return Err(format!("order must be oldest or newest, not {other:?}")),
        };
        let cursor = given(&self.cursor)
            .map(|text| {
                text.parse::<i64>()
                    .ok()
                    .filter(|n| *n >= 0)
                    .ok_or_else(|| format!("cursor {text:?} is not one this API gave (its next)"))
            })
            .transpose()?;
        let limit = given(&self.limit)
            .map(|text| {
                text.parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or_else(|| {
                        format!("limit must be a number from 1 to {MAX_LIMIT}, not {text:?}")
                    })
            })
            .transpose()?
            .unwrap_or(default_limit);
        Ok(MessageQuery {
            destination: given(&self.destination),
            origination: given(&self.origination),
            configuration_set: given(&self.configuration_set),
            text: given(&self.text),
            newest_first,
            cursor,
            limit,
        })
    }

    /// How long to wait for a message (`wait`, in seconds, at most 30).
    fn wait(&self) -> Result<std::time::Duration, String> {
        let Some(text) = given(&self.wait) else {
            return Ok(std::time::Duration::ZERO);
        };
        text.parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && (0.0..=MAX_WAIT_SECONDS).contains(s))
            .map(std::time::Duration::from_secs_f64)
            .ok_or_else(|| format!("wait must be a number of seconds from 0 to 30, not {text:?}"))
    }
}

/// One page of messages, newest or oldest first, and where the next page starts.
#[derive(Debug)]
struct Page {
    messages: Vec<(i64, Message)>,
    /// Whether more messages match beyond this page.
    more: bool,
    /// The cursor of the next page. Oldest first, at the end, it is the newest message
    /// stored: passed back (with `wait`), it asks for the messages that come after now.
    next: Option<i64>,
}

impl Page {
    fn of(tx: &crate::Tx<'_>, query: &MessageQuery) -> Result<Self, EmuError> {
        let mut messages = tx.find_messages(query)?;
        let more = messages.len() > query.limit;
        messages.truncate(query.limit);
        let last = messages.last().map(|(seq, _)| *seq);
        let next = if query.newest_first {
            last.filter(|_| more)
        } else if more {
            last
        } else {
            let newest = tx.newest_seq()?;
            Some(newest.max(last.unwrap_or(0)).max(query.cursor.unwrap_or(0)))
        };
        Ok(Self {
            messages,
            more,
            next,
        })
    }
}

/// A message as the JSON API shows it: its fields, with events as objects, and its `code`.
pub(crate) fn message_json(message: &Message) -> Value {
    let mut value = serde_json::to_value(message).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        let events = message
            .events
            .iter()
            .map(|(kind, at)| json!({ "type": kind, "timestamp": at }))
            .collect();
        map.insert("events".to_owned(), Value::Array(events));
    }
    value
}

fn json_error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

/// An operation's error as the JSON API answers it: its status, code and message.
fn emu_error(error: &EmuError) -> Response {
    let (code, status, body) = error.wire();
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let message = body
        .get("Message")
        .and_then(Value::as_str)
        .unwrap_or(code)
        .to_owned();
    (status, Json(json!({ "error": message, "code": code }))).into_response()
}
