//! The JSON API under `/_emulator/`, for tests:
//! - `GET /_emulator/messages` lists the messages, oldest first (`order=newest` turns it),
//!   100 a page (`limit`, at most 1,000), searched by `destination`, `origination`,
//!   `configuration_set` and `text`; the answer's `next` is the `cursor` of the next page.
//!   With `wait=S` (seconds, at most 30), a search that finds nothing waits until a matching
//!   message is stored (or the time is up) instead of answering an empty page: a test passes
//!   the `next` it got before its application sent, and gets the new message as soon as it is
//!   stored. Every message carries the one-time `code` in its text, or `null`.
//! - `GET /_emulator/messages/{id}` is one message;
//! - `DELETE /_emulator/messages` forgets them all;
//! - `GET /_emulator/stream` is a stream of server-sent events, one `message` event (data:
//!   `{"seq": N}`) whenever new messages are stored, which the page listens to;
//! - `POST /_emulator/inbound` with `{"from": "+1…", "to": "+1…", "body": "…"}` simulates a
//!   handset's message to one of the account's phone numbers (`to` may also be its
//!   `PhoneNumberId` or ARN). The message is recorded (`INBOUND`); its first word is matched
//!   against the number's keywords (its pool's first when it is in a pool): an `OPT_OUT`
//!   keyword, or any of the opt-out words (`STOP`, `UNSUBSCRIBE`, `CANCEL`…), puts the
//!   handset in the opt-out list, an `OPT_IN` keyword takes it out, and a configured keyword's
//!   message is recorded as the reply. With self-managed opt-outs the emulator neither opts
//!   out nor answers `HELP` and `STOP`, as the service does not.
//! - `POST /_emulator/faults` with `{"operation": "SendTextMessage", "error":
//!   "ThrottlingException", "count": 2}` makes the next `count` calls of the operation (of
//!   every operation without `operation`; `"service": "v1"` or `"v2"` narrows it) fail with
//!   `ThrottlingException`, `AccessDeniedException` or `InternalServerException` (v1:
//!   `TooManyRequestsException`, 429, and `InternalServiceErrorException`, 500), before the
//!   operation does anything; `GET` lists the faults waiting, `DELETE` forgets them.

use std::convert::Infallible;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State as AxumState};
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{emu_error, json_error, message_json, Page, Search};
use crate::error::EmuError;
use crate::faults::Fault;
use crate::ops::{numbers, sending};
use crate::{Ctx, Emulator, Tx};

/// How many messages a page of the API holds when the request does not say.
const DEFAULT_LIMIT: usize = 100;

/// Words a handset replies with to opt out, besides any keyword configured with `OPT_OUT`.
const OPT_OUT_WORDS: &[&str] = &[
    "STOP",
    "UNSUBSCRIBE",
    "CANCEL",
    "END",
    "QUIT",
    "OPTOUT",
    "OPT-OUT",
    "STOPALL",
    "ARRET",
    "REVOKE",
    "REMOVE",
];

/// The reply to an opt-out word when the number has no `STOP` keyword of its own.
const STOP_REPLY: &str =
    "You have been unsubscribed and will receive no further messages from this number.";

pub(super) async fn list_messages(
    AxumState(emulator): AxumState<Emulator>,
    search: Result<Query<Search>, QueryRejection>,
) -> Response {
    let Query(search) = match search {
        Ok(search) => search,
        Err(e) => return json_error(StatusCode::BAD_REQUEST, e.body_text()),
    };
    let (query, wait) = match search
        .query(false, DEFAULT_LIMIT)
        .and_then(|q| Ok((q, search.wait()?)))
    {
        Ok(parsed) => parsed,
        Err(e) => return json_error(StatusCode::BAD_REQUEST, e),
    };
    let deadline = tokio::time::Instant::now() + wait;
    let mut stored = emulator.store().newest_message();
    let mut last_try = wait.is_zero();
    loop {
        // Marked seen before the search: a message stored after it wakes the wait below.
        stored.borrow_and_update();
        let search = query.clone();
        let page = emulator
            .blocking(move |emu| emu.query(|tx| Page::of(tx, &search)))
            .await
            .and_then(|page| page);
        let page = match page {
            Ok(page) => page,
            Err(e) => return emu_error(&e),
        };
        if !page.messages.is_empty() || last_try {
            let messages: Vec<Value> = page.messages.iter().map(|(_, m)| message_json(m)).collect();
            return Json(json!({
                "messages": messages,
                "next": page.next.map(|n| n.to_string()),
                "more": page.more,
            }))
            .into_response();
        }
        tokio::select! {
            changed = tokio::time::timeout_at(deadline, stored.changed()) => {
                // The time is up: one last search, answered whatever it finds.
                if !matches!(changed, Ok(Ok(()))) {
                    last_try = true;
                }
            }
            // The server is stopping: answer now.
            () = emulator.closed() => last_try = true,
        }
    }
}

pub(super) async fn get_message(
    AxumState(emulator): AxumState<Emulator>,
    Path(id): Path<String>,
) -> Response {
    let found = emulator
        .blocking(move |emu| emu.query(|tx| tx.message(&id).map(|m| (id.clone(), m))))
        .await
        .and_then(|found| found);
    match found {
        Ok((_, Some(message))) => Json(message_json(&message)).into_response(),
        Ok((id, None)) => json_error(
            StatusCode::NOT_FOUND,
            format!("no message has the id {id:?}"),
        ),
        Err(e) => emu_error(&e),
    }
}

/// Server-sent events: `message` with `{"seq": N}` (the newest message's) whenever messages
/// are stored; a comment every 15 s keeps the connection open through proxies.
pub(super) async fn stream(AxumState(emulator): AxumState<Emulator>) -> Response {
    let stored = emulator.store().newest_message();
    let events =
        futures_util::stream::unfold((emulator, stored), |(emulator, mut stored)| async move {
            // The stream ends when the server stops, so that a clean stop does not wait for it.
            tokio::select! {
                changed = stored.changed() => changed.ok()?,
                () = emulator.closed() => return None,
            }
            let seq = *stored.borrow_and_update();
            let event = Event::default()
                .event("message")
                .data(json!({ "seq": seq }).to_string());
            Some((Ok::<_, Infallible>(event), (emulator, stored)))
        });
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

pub(super) async fn list_faults(AxumState(emulator): AxumState<Emulator>) -> Response {
    Json(json!({ "faults": emulator.faults().list() })).into_response()
}

pub(super) async fn add_fault(AxumState(emulator): AxumState<Emulator>, body: Bytes) -> Response {
    let fault: Fault = match serde_json::from_slice(&body) {
        Ok(fault) => fault,
        Err(e) => return json_error(StatusCode::BAD_REQUEST, format!("invalid fault: {e}")),
    };
    if let Err(e) = fault.check() {
        return json_error(StatusCode::BAD_REQUEST, format!("invalid fault: {e}"));
    }
    emulator.faults().add(fault);
    (
        StatusCode::CREATED,
        Json(json!({ "faults": emulator.faults().list() })),
    )
        .into_response()
}

pub(super) async fn clear_faults(AxumState(emulator): AxumState<Emulator>) -> Response {
    Json(json!({ "deleted": emulator.faults().clear() })).into_response()
}

pub(super) async fn clear_messages(AxumState(emulator): AxumState<Emulator>) -> Response {
    let cleared = emulator
        .blocking(|emu| emu.write(|tx| tx.clear_messages()))
        .await;
    match cleared.and_then(|cleared| cleared) {
        Ok(deleted) => Json(json!({ "deleted": deleted })).into_response(),
        Err(e) => emu_error(&e),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Inbound {
    from: String,
    to: String,
    body: String,
}

/// `number` as E.164 if it is a phone number (formatting characters allowed).
fn handset_number(number: &str) -> Option<String> {
    let cleaned: String = number
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
        .collect();
    let digits = cleaned.strip_prefix('+').unwrap_or(&cleaned);
    let valid = (2..=19).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0');
    valid.then(|| format!("+{digits}"))
}

pub(super) async fn inbound(AxumState(emulator): AxumState<Emulator>, body: Bytes) -> Response {
    let request: Inbound = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => {
            return json_error(
                StatusCode::BAD_REQUEST,
                format!(
                    "the body must be JSON {{\"from\": handset number, \"to\": phone number, \"body\": text}}: {e}"
                ),
            )
        }
    };
    let Some(from) = handset_number(&request.from) else {
        return json_error(
            StatusCode::BAD_REQUEST,
            format!(
                "\"from\" {:?} is not a phone number in E.164 format",
                request.from
            ),
        );
    };
    if request.body.trim().is_empty() {
        return json_error(StatusCode::BAD_REQUEST, "\"body\" is empty");
    }
    let ctx = Ctx::internal();
    let to = request.to.clone();
    let outcome = emulator
        .blocking(move |emu| emu.write(|tx| receive(tx, &ctx, &from, &to, &request.body)))
        .await;
    match outcome.and_then(|outcome| outcome) {
        Ok(Received::Done(value)) => Json(value).into_response(),
        Ok(Received::UnknownNumber) => json_error(
            StatusCode::NOT_FOUND,
            format!(
                "\"to\" {:?} is not a phone number of the account (give the number, its PhoneNumberId or its ARN)",
                request.to
            ),
        ),
        Err(e) => emu_error(&e),
    }
}

enum Received {
    Done(Value),
    UnknownNumber,
}

/// Records a handset's message and acts on its keyword.
fn receive(
    state: &mut Tx<'_>,
    ctx: &Ctx,
    from: &str,
    to: &str,
    body: &str,
) -> Result<Received, EmuError> {
    let Some(phone) = numbers::resolve_origination(state, to).filter(|o| o.kind == "phone-number")
    else {
        return Ok(Received::UnknownNumber);
    };
    let info = state.numbers.phone_numbers.get(&phone.id).cloned();
    let pool = info
        .as_ref()
        .and_then(|p| p.pool_id.clone())
        .and_then(|id| numbers::resolve_origination(state, &id))
        .filter(|o| o.kind == "pool");
    // The pool's opt-out list, keywords and opt-out setting rule a pooled number.
    let self_managed = match &pool {
        Some(pool) => state
            .numbers
            .pools
            .get(&pool.id)
            .is_some_and(|p| p.self_managed_opt_outs_enabled),
        None => info
            .as_ref()
            .is_some_and(|p| p.self_managed_opt_outs_enabled),
    };
    let list = pool
        .as_ref()
        .map(|p| p.opt_out_list_name.clone())
        .unwrap_or_else(|| phone.opt_out_list_name.clone());

    let inbound = sending::record_inbound(state, from, &phone, body)?;
    let word = body
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_uppercase();
    let configured = pool
        .as_ref()
        .and_then(|p| numbers::inbound_keyword(state, &p.id, body))
        .or_else(|| numbers::inbound_keyword(state, &phone.id, body));
    let opt_out_word = OPT_OUT_WORDS.contains(&word.as_str());

    let (keyword, action, reply_text) = match configured {
        Some(k) => (
            Some(k.keyword.clone()),
            Some(k.keyword_action.as_str().to_owned()),
            Some(k.keyword_message.clone()),
        ),
        None if opt_out_word => (
            Some(word.clone()),
            Some("OPT_OUT".to_owned()),
            Some(STOP_REPLY.to_owned()),
        ),
        None => (None, None, None),
    };
    // With self-managed opt-outs, HELP and STOP (and opting out) are the owner's business.
    let automatic = !self_managed
        || !(opt_out_word
            || word == "HELP"
            || action.as_deref() == Some("OPT_OUT")
            || action.as_deref() == Some("OPT_IN"));
    let mut opted_out = false;
    let mut opted_in = false;
    if automatic {
        match action.as_deref() {
            Some("OPT_OUT") => {
                numbers::opt_out(state, ctx, &list, from)?;
                opted_out = true;
            }
            Some("OPT_IN") => {
                opted_in = state.remove_opted_out_number(&list, from)?.is_some();
            }
            _ => {}
        }
    }
    let reply = match reply_text.filter(|text| automatic && !text.trim().is_empty()) {
        Some(text) => Some(message_json(&sending::record_reply(
            state, &phone, from, &text,
        )?)),
        None => None,
    };
    Ok(Received::Done(json!({
        "message": message_json(&inbound),
        "keyword": keyword,
        "action": action,
        "opt_out_list": list,
        "opted_out": opted_out,
        "opted_in": opted_in,
        "reply": reply,
    })))
}
