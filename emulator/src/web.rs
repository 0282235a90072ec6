//! The web page at `/` and the emulator's own JSON API under `/_emulator/`.
//!
//! The page (server-rendered, no script, no external assets) shows the messages sent and
//! received, newest first, with their events; a form filters them by destination and
//! origination (`/?destination=…&origination=…`: messages whose destination, or origination
//! number, sender ID, id or ARN, contains the text). Below them: the opt-out lists with their
//! numbers, the phone numbers, the pools and the verified destination numbers.
//!
//! The JSON API, for tests:
//! - `GET /_emulator/messages` lists the messages, oldest first, with the same `destination`
//!   and `origination` filters;
//! - `DELETE /_emulator/messages` forgets them all;
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
//!   `TooManyRequestsException`, 429, and `InternalServerErrorException`, 500), before the
//!   operation does anything; `GET` lists the faults waiting, `DELETE` forgets them.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::fmt::Write as _;

use axum::body::Bytes;
use axum::extract::{Query, Request, State as AxumState};
use axum::http::{Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use sms_voice::runtime::Timestamp;
use tower::{Service, ServiceExt};

use crate::error::EmuError;
use crate::faults::Fault;
use crate::ops::numbers;
use crate::ops::sending::{self, Message};
use crate::{Ctx, Emulator, State, Tx};

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
        .route("/", get(index))
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
        .route(
            "/_emulator/messages",
            get(list_messages).delete(clear_messages),
        )
        .route("/_emulator/inbound", post(inbound))
        .route(
            "/_emulator/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .fallback_service(aws)
        .with_state(emulator)
}

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

/// The `destination` and `origination` filters of the page and of `GET /_emulator/messages`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MessageFilter {
    destination: Option<String>,
    origination: Option<String>,
}

impl MessageFilter {
    fn destination(&self) -> Option<&str> {
        self.destination
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    fn origination(&self) -> Option<&str> {
        self.origination
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    fn accepts(&self, message: &Message) -> bool {
        let destination = self
            .destination()
            .map_or(true, |d| message.destination.contains(d));
        let origination = self.origination().map_or(true, |o| {
            message.origination.contains(o)
                || message.origination_id == o
                || (!message.origination_arn.is_empty() && message.origination_arn == o)
        });
        destination && origination
    }
}

// ---------------------------------------------------------------------------------------------
// The JSON API
// ---------------------------------------------------------------------------------------------

/// A message as the JSON API shows it: its fields, with events as objects.
fn message_json(message: &Message) -> Value {
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

async fn list_messages(
    AxumState(emulator): AxumState<Emulator>,
    Query(filter): Query<MessageFilter>,
) -> Response {
    let listed = emulator
        .blocking(move |emu| {
            emu.query(|tx| -> Result<Vec<Value>, EmuError> {
                Ok(tx
                    .messages()?
                    .iter()
                    .filter(|m| filter.accepts(m))
                    .map(message_json)
                    .collect())
            })
        })
        .await;
    match listed.and_then(|listed| listed) {
        Ok(messages) => Json(json!({ "messages": messages })).into_response(),
        Err(e) => emu_error(&e),
    }
}

async fn list_faults(AxumState(emulator): AxumState<Emulator>) -> Response {
    Json(json!({ "faults": emulator.faults().list() })).into_response()
}

async fn add_fault(AxumState(emulator): AxumState<Emulator>, body: Bytes) -> Response {
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

async fn clear_faults(AxumState(emulator): AxumState<Emulator>) -> Response {
    Json(json!({ "deleted": emulator.faults().clear() })).into_response()
}

async fn clear_messages(AxumState(emulator): AxumState<Emulator>) -> Response {
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

async fn inbound(AxumState(emulator): AxumState<Emulator>, body: Bytes) -> Response {
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

// ---------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------

/// `text` with HTML's special characters escaped.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Epoch seconds as `2024-05-01 12:34:56 UTC`.
fn time(epoch: f64) -> String {
    let ((y, mo, d), (h, mi, s)) = Timestamp::from_secs(epoch.floor() as i64).to_utc();
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC")
}

const STYLE: &str = "
:root{color-scheme:light dark;--fg:#1d2330;--muted:#667085;--line:#d9dee8;--bg:#f6f7fb;--card:#fff;--accent:#2458d6;--ok:#137a3a;--bad:#b42318}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9f0;--muted:#98a2b3;--line:#2e3646;--bg:#12161f;--card:#1a202c;--accent:#7ea2ff;--ok:#5fd08c;--bad:#ff8a80}}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--fg);background:var(--bg)}
header{padding:1.2rem 2rem;border-bottom:1px solid var(--line);background:var(--card)}
header h1{margin:0;font-size:1.35rem}
header p{margin:.2rem 0 0;color:var(--muted)}
main{max-width:1100px;margin:0 auto;padding:1rem 2rem 3rem}
h2{font-size:1.1rem;margin:2rem 0 .6rem}
form{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin-bottom:1rem}
label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
input{font:inherit;padding:.35rem .5rem;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg);min-width:14rem}
button,.button{font:inherit;padding:.38rem .9rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none}
.button.secondary{background:transparent;color:var(--accent)}
ol.messages{list-style:none;margin:0;padding:0;display:grid;gap:.7rem}
.message{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:8px;padding:.7rem 1rem}
.message.inbound{border-left-color:var(--ok)}
.meta{display:flex;flex-wrap:wrap;gap:.4rem 1rem;font-size:.85rem;color:var(--muted)}
.meta b{color:var(--fg);font-weight:600}
.channel{font-weight:700;letter-spacing:.04em;color:var(--accent)}
.inbound .channel{color:var(--ok)}
.body{margin:.45rem 0;white-space:pre-wrap;word-break:break-word}
.events{display:flex;flex-wrap:wrap;gap:.3rem;margin:.3rem 0 0;padding:0;list-style:none}
.events li{font-size:.75rem;padding:.05rem .45rem;border-radius:99px;border:1px solid var(--line)}
.events li.bad{color:var(--bad);border-color:var(--bad)}
.details{font-size:.78rem;color:var(--muted);margin-top:.3rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line);border-radius:8px;overflow:hidden;font-size:.88rem}
th,td{text-align:left;padding:.4rem .7rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.empty{color:var(--muted);font-style:italic}
code{font-size:.85em}
td code{word-break:break-all}
";

async fn index(
    AxumState(emulator): AxumState<Emulator>,
    Query(filter): Query<MessageFilter>,
) -> Response {
    let sandbox = emulator.sandbox();
    let rendered = emulator
        .blocking(move |emu| emu.query(|tx| render(tx, &filter, sandbox)))
        .await;
    match rendered.and_then(|rendered| rendered) {
        Ok(html) => Html(html).into_response(),
        Err(e) => emu_error(&e),
    }
}

fn render(tx: &Tx<'_>, filter: &MessageFilter, sandbox: bool) -> Result<String, EmuError> {
    let mut page = String::with_capacity(16 * 1024);
    let messages = tx.messages()?;
    let total = messages.len();
    let shown: Vec<&Message> = messages
        .iter()
        .rev()
        .filter(|m| filter.accepts(m))
        .collect();
    let _ = write!(
        page,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>SMS and voice emulator</title><style>{STYLE}</style></head><body>\
         <header><h1>SMS and voice emulator</h1><p>Account {} · {} · {total} message{}</p></header><main>",
        crate::ACCOUNT_ID,
        if sandbox { "sandbox" } else { "production" },
        if total == 1 { "" } else { "s" },
    );

    // Messages.
    let destination = filter.destination().unwrap_or_default();
    let origination = filter.origination().unwrap_or_default();
    let _ = write!(
        page,
        "<section id=\"messages\"><h2>Messages</h2>\
         <form method=\"get\" action=\"/\">\
         <label>Destination contains<input name=\"destination\" value=\"{}\" placeholder=\"+12065550100\"></label>\
         <label>Origination contains<input name=\"origination\" value=\"{}\" placeholder=\"number, sender ID, id or ARN\"></label>\
         <button type=\"submit\">Filter</button><a class=\"button secondary\" href=\"/\">Clear</a></form>",
        esc(destination),
        esc(origination),
    );
    if shown.is_empty() {
        page.push_str(if total == 0 {
            "<p class=\"empty\">No messages yet.</p>"
        } else {
            "<p class=\"empty\">No message matches the filter.</p>"
        });
    } else {
        if shown.len() != total {
            let _ = write!(
                page,
                "<p class=\"details\">{} of {total} messages match.</p>",
                shown.len()
            );
        }
        page.push_str("<ol class=\"messages\">");
        for message in shown {
            render_message(&mut page, message);
        }
        page.push_str("</ol>");
    }
    page.push_str("</section>");

    render_opt_outs(&mut page, tx)?;
    render_phone_numbers(&mut page, tx);
    render_pools(&mut page, tx);
    render_verified(&mut page, tx);
    page.push_str("</main></body></html>");
    Ok(page)
}

fn render_message(page: &mut String, m: &Message) {
    let inbound = m.direction == "INBOUND";
    let _ = write!(
        page,
        "<li class=\"message {}\" data-message-id=\"{}\"><div class=\"meta\">\
         <span class=\"channel\">{} {}</span>\
         <span>from <b class=\"origination\">{}</b></span>\
         <span>to <b class=\"destination\">{}</b></span>\
         <time datetime=\"{}\">{}</time></div>",
        if inbound { "inbound" } else { "outbound" },
        esc(&m.message_id),
        esc(&m.channel),
        if inbound { "received" } else { "sent" },
        esc(&m.origination),
        esc(&m.destination),
        m.timestamp,
        time(m.timestamp),
    );
    if let Some(body) = &m.body {
        let _ = write!(page, "<p class=\"body\">{}</p>", esc(body));
    }
    for url in &m.media_urls {
        let _ = write!(
            page,
            "<p class=\"details\">Media: <code>{}</code></p>",
            esc(url)
        );
    }
    if !m.events.is_empty() {
        page.push_str("<ul class=\"events\">");
        for (kind, at) in &m.events {
            let bad = [
                "INVALID",
                "FAILED",
                "BLOCKED",
                "UNREACHABLE",
                "EXPIRED",
                "SPAM",
            ]
            .iter()
            .any(|w| kind.contains(w));
            let _ = write!(
                page,
                "<li class=\"{}\" title=\"{}\">{}</li>",
                if bad { "bad" } else { "ok" },
                time(*at),
                esc(kind)
            );
        }
        page.push_str("</ul>");
    }
    let mut details = vec![format!("id <code>{}</code>", esc(&m.message_id))];
    match m.api.as_str() {
        "auto-reply" => details.push("automatic reply".to_owned()),
        "v1" => details.push("sent with the v1 API".to_owned()),
        _ => {}
    }
    if !inbound {
        details.push(format!("{:.5} USD", m.price));
    }
    if let Some(t) = &m.message_type {
        details.push(esc(t));
    }
    if let Some(c) = &m.configuration_set {
        details.push(format!("configuration set {}", esc(c)));
    }
    if let Some(v) = &m.voice_id {
        details.push(format!("voice {}", esc(v)));
    }
    if let Some(f) = &m.message_feedback_status {
        details.push(format!("feedback {}", esc(f)));
    }
    for (k, v) in &m.context {
        details.push(format!("{}={}", esc(k), esc(v)));
    }
    let _ = write!(
        page,
        "<div class=\"details\">{}</div></li>",
        details.join(" · ")
    );
}

fn table(page: &mut String, id: &str, title: &str, headers: &[&str], rows: Vec<Vec<String>>) {
    let _ = write!(page, "<section id=\"{id}\"><h2>{}</h2>", esc(title));
    if rows.is_empty() {
        page.push_str("<p class=\"empty\">None.</p></section>");
        return;
    }
    page.push_str("<div class=\"scroll\"><table><thead><tr>");
    for h in headers {
        let _ = write!(page, "<th>{}</th>", esc(h));
    }
    page.push_str("</tr></thead><tbody>");
    for row in rows {
        page.push_str("<tr>");
        for cell in row {
            // Cells are escaped by the caller.
            let _ = write!(page, "<td>{cell}</td>");
        }
        page.push_str("</tr>");
    }
    page.push_str("</tbody></table></div></section>");
}

fn render_opt_outs(page: &mut String, tx: &Tx<'_>) -> Result<(), EmuError> {
    let mut lists: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for name in tx.numbers.opt_out_lists.keys() {
        lists.entry(name.as_str()).or_default();
    }
    let opted_out = tx.all_opted_out_numbers()?;
    for (name, number) in &opted_out {
        lists
            .entry(name.as_str())
            .or_default()
            .push(number.as_str());
    }
    let rows = lists
        .into_iter()
        .map(|(name, numbers)| {
            let numbers = if numbers.is_empty() {
                "<span class=\"empty\">empty</span>".to_owned()
            } else {
                numbers
                    .iter()
                    .map(|n| format!("<span class=\"opted-out\">{}</span>", esc(n)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            vec![esc(name), numbers]
        })
        .collect();
    table(
        page,
        "opt-out-lists",
        "Opt-out lists",
        &["List", "Opted-out numbers"],
        rows,
    );
    Ok(())
}

fn render_phone_numbers(page: &mut String, state: &State) {
    let rows = state
        .numbers
        .phone_numbers
        .iter()
        .map(|(id, p)| {
            let caps = p
                .number_capabilities
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect::<Vec<_>>()
                .join(", ");
            vec![
                format!(
                    "<b>{}</b><br><code>{}</code>",
                    esc(&p.phone_number),
                    esc(id)
                ),
                esc(&format!(
                    "{} {}",
                    p.iso_country_code,
                    p.number_type.as_str()
                )),
                esc(&caps),
                esc(p.message_type.as_str()),
                esc(p.status.as_str()),
                esc(p.pool_id.as_deref().unwrap_or("")),
                esc(&p.opt_out_list_name),
                if p.two_way_enabled { "yes" } else { "no" }.to_owned(),
            ]
        })
        .collect();
    table(
        page,
        "phone-numbers",
        "Phone numbers",
        &[
            "Number",
            "Country and type",
            "Capabilities",
            "Message type",
            "Status",
            "Pool",
            "Opt-out list",
            "Two-way",
        ],
        rows,
    );
}

fn render_pools(page: &mut String, state: &State) {
    let rows = state
        .numbers
        .pools
        .iter()
        .map(|(id, p)| {
            let members = state
                .numbers
                .pool_members
                .get(id)
                .map(|members| {
                    members
                        .iter()
                        .map(|arn| {
                            numbers::resolve_origination(state, arn)
                                .map(|o| o.display)
                                .unwrap_or_else(|| arn.clone())
                        })
                        .map(|m| esc(&m))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            vec![
                format!("<code>{}</code>", esc(id)),
                esc(p.status.as_str()),
                esc(p.message_type.as_str()),
                esc(&p.opt_out_list_name),
                members,
            ]
        })
        .collect();
    table(
        page,
        "pools",
        "Pools",
        &["Pool", "Status", "Message type", "Opt-out list", "Members"],
        rows,
    );
}

fn render_verified(page: &mut String, state: &State) {
    let rows = state
        .sending
        .verified_destination_numbers
        .iter()
        .map(|(id, v)| {
            vec![
                esc(&v.destination_phone_number),
                format!("<code>{}</code>", esc(id)),
                esc(v.status.as_str()),
            ]
        })
        .collect();
    table(
        page,
        "verified-destination-numbers",
        "Verified destination numbers",
        &["Number", "Id", "Status"],
        rows,
    );
}
