//! The web page: the messages, newest first, 50 a page with links to older pages, searched
//! by destination, origination, configuration set and text, and updated live (a small
//! script listens to `/_emulator/stream` and fetches the new messages' HTML from
//! `/fragments/messages`); each message's own page at `/messages/{id}` with its events and
//! one-time code. Below the messages: the opt-out lists, phone numbers, pools and verified
//! destination numbers. Server-rendered from queries, no external assets, readable on a
//! phone-width window.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State as AxumState};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use sms_voice::runtime::Timestamp;

use super::{Page, Search};
use crate::error::EmuError;
use crate::ops::numbers;
use crate::ops::sending::Message;
use crate::store::MessageQuery;
use crate::{Emulator, State, Tx};

/// How many messages a page shows.
const PAGE_SIZE: usize = 50;

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

/// `text` for a URL's query string.
fn url_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
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
.message a.open{color:inherit;text-decoration:none}
.message a.open:hover .body{text-decoration:underline}
.code{display:inline-block;font:700 1rem/1.2 ui-monospace,SFMono-Regular,Menlo,monospace;letter-spacing:.12em;padding:.1rem .5rem;border-radius:6px;background:var(--bg);border:1px solid var(--accent);color:var(--accent)}
.code.big{font-size:1.8rem;padding:.3rem .9rem}
.pages{display:flex;gap:.6rem;margin:1rem 0}
.live{font-size:.8rem;color:var(--ok)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1rem;margin:0}
dt{color:var(--muted);font-size:.85rem}
dd{margin:0;word-break:break-word}
@media (max-width:640px){header{padding:1rem}main{padding:.6rem 1rem 2rem}input{min-width:0;width:100%}label{flex:1 1 100%}form button,form .button{flex:1}}
";

/// The script that shows new messages without a reload: on each `message` event of the
/// stream, it asks for the messages newer than the newest shown (with the page's search)
/// and puts them on top.
const LIVE_SCRIPT: &str = r#"
(function () {
  var list = document.getElementById("message-list");
  if (!list || !window.EventSource) return;
  var busy = false, again = false;
  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    var params = new URLSearchParams(list.dataset.search);
    params.set("after", list.dataset.newest);
    fetch("/fragments/messages?" + params.toString())
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        if (html) {
          var box = document.createElement("ol");
          box.innerHTML = html;
          var items = Array.prototype.slice.call(box.children);
          items.reverse().forEach(function (li) { list.insertBefore(li, list.firstChild); });
          var top = list.firstElementChild;
          if (top && top.dataset.seq) list.dataset.newest = top.dataset.seq;
          var empty = document.getElementById("no-messages");
          if (empty) empty.remove();
        }
      })
      .finally(function () { busy = false; if (again) { again = false; refresh(); } });
  }
  var source = new EventSource("/_emulator/stream");
  source.addEventListener("message", refresh);
  source.onopen = function () {
    document.body.dataset.live = "on";
    var live = document.getElementById("live");
    if (live) live.textContent = "· live";
  };
})();
"#;

fn page_head(page: &mut String, title: &str) {
    let _ = write!(
        page,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>",
        esc(title)
    );
}

fn html_error(status: StatusCode, message: &str) -> Response {
    let mut page = String::new();
    page_head(&mut page, "SMS and voice emulator");
    let _ = write!(
        page,
        "<header><h1><a href=\"/\" class=\"open\">SMS and voice emulator</a></h1></header>\
         <main><p class=\"empty\">{}</p></main></body></html>",
        esc(message)
    );
    (status, Html(page)).into_response()
}

/// The search as a query string (without the cursor), for links and the live updates.
fn search_params(query: &MessageQuery) -> String {
    let mut parts = Vec::new();
    for (name, value) in [
        ("destination", &query.destination),
        ("origination", &query.origination),
        ("configuration_set", &query.configuration_set),
        ("text", &query.text),
    ] {
        if let Some(value) = value {
            parts.push(format!("{name}={}", url_text(value)));
        }
    }
    parts.join("&")
}

pub(super) async fn index(
    AxumState(emulator): AxumState<Emulator>,
    search: Result<Query<Search>, QueryRejection>,
) -> Response {
    let Query(search) = match search {
        Ok(search) => search,
        Err(e) => return html_error(StatusCode::BAD_REQUEST, &e.body_text()),
    };
    let query = match search.query(true, PAGE_SIZE) {
        Ok(query) => query,
        Err(e) => return html_error(StatusCode::BAD_REQUEST, &e),
    };
    let sandbox = emulator.sandbox();
    let rendered = emulator
        .blocking(move |emu| emu.query(|tx| render(tx, &query, sandbox)))
        .await;
    match rendered.and_then(|rendered| rendered) {
        Ok(html) => Html(html).into_response(),
        Err(e) => html_error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

fn render(tx: &Tx<'_>, query: &MessageQuery, sandbox: bool) -> Result<String, EmuError> {
    let mut page = String::with_capacity(32 * 1024);
    let total = tx.message_count()?;
    let shown = Page::of(tx, query)?;
    page_head(&mut page, "SMS and voice emulator");
    let _ = write!(
        page,
        "<header><h1>SMS and voice emulator</h1><p>Account {} · {} · {total} message{} stored \
         <span class=\"live\" id=\"live\"></span></p></header><main>",
        crate::ACCOUNT_ID,
        if sandbox { "sandbox" } else { "production" },
        if total == 1 { "" } else { "s" },
    );

    // The search.
    let field = |value: &Option<String>| esc(value.as_deref().unwrap_or_default());
    let _ = write!(
        page,
        "<section id=\"messages\"><h2>Messages</h2>\
         <form method=\"get\" action=\"/\" role=\"search\">\
         <label>Destination<input name=\"destination\" value=\"{}\" placeholder=\"+12065550100\"></label>\
         <label>Origination<input name=\"origination\" value=\"{}\" placeholder=\"number, sender ID, id or ARN\"></label>\
         <label>Configuration set<input name=\"configuration_set\" value=\"{}\"></label>\
         <label>Text<input name=\"text\" value=\"{}\" placeholder=\"words in the message\"></label>\
         <button type=\"submit\">Search</button><a class=\"button secondary\" href=\"/\">Clear</a></form>",
        field(&query.destination),
        field(&query.origination),
        field(&query.configuration_set),
        field(&query.text),
    );
    let params = search_params(query);
    let searching = !params.is_empty();
    // The first page follows new messages; an older page stays as it is.
    let live = query.cursor.is_none();
    let newest = shown
        .messages
        .first()
        .map_or(0, |(seq, _)| *seq)
        .max(if live { tx.newest_seq()? } else { 0 });
    let _ = write!(
        page,
        "<ol class=\"messages\" id=\"{}\" data-newest=\"{newest}\" data-search=\"{}\">",
        if live { "message-list" } else { "older-list" },
        esc(&params)
    );
    for (seq, message) in &shown.messages {
        render_message(&mut page, *seq, message);
    }
    page.push_str("</ol>");
    if shown.messages.is_empty() {
        page.push_str(match (total, searching || !live) {
            (0, _) => "<p class=\"empty\" id=\"no-messages\">No messages yet.</p>",
            (_, true) => "<p class=\"empty\" id=\"no-messages\">No message matches.</p>",
            _ => "<p class=\"empty\" id=\"no-messages\">No messages.</p>",
        });
    }
    // Paging: newest first; the next page holds older messages.
    page.push_str("<nav class=\"pages\">");
    if !live {
        let _ = write!(
            page,
            "<a class=\"button secondary\" href=\"/?{}\" rel=\"first\">Newest</a>",
            esc(&params)
        );
    }
    if let Some(next) = shown.next.filter(|_| shown.more) {
        let sep = if params.is_empty() { "" } else { "&" };
        let _ = write!(
            page,
            "<a class=\"button secondary\" href=\"/?{}{sep}cursor={next}\" rel=\"next\">Older messages</a>",
            esc(&params)
        );
    }
    page.push_str("</nav></section>");

    render_opt_outs(&mut page, tx)?;
    render_phone_numbers(&mut page, tx);
    render_pools(&mut page, tx);
    render_verified(&mut page, tx);
    page.push_str("</main>");
    if live {
        let _ = write!(page, "<script>{LIVE_SCRIPT}</script>");
    }
    page.push_str("</body></html>");
    Ok(page)
}

/// The messages newer than `after` that the search selects, newest first, as the list's
/// items: what the live script puts on top of the page.
pub(super) async fn fragment(
    AxumState(emulator): AxumState<Emulator>,
    search: Result<Query<Fragment>, QueryRejection>,
) -> Response {
    let Query(fragment) = match search {
        Ok(search) => search,
        Err(e) => return (StatusCode::BAD_REQUEST, e.body_text()).into_response(),
    };
    let mut query = match fragment.search.query(false, PAGE_SIZE) {
        Ok(query) => query,
        Err(e) => return (StatusCode::BAD_REQUEST, e).into_response(),
    };
    query.cursor = Some(fragment.after.max(0));
    let rendered = emulator
        .blocking(move |emu| {
            emu.query(|tx| -> Result<String, EmuError> {
                let mut html = String::new();
                let found = tx.find_messages(&query)?;
                for (seq, message) in found.iter().take(PAGE_SIZE).rev() {
                    render_message(&mut html, *seq, message);
                }
                Ok(html)
            })
        })
        .await;
    match rendered.and_then(|rendered| rendered) {
        Ok(html) => Html(html).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// The query of [`fragment`]: the page's search and the newest message it shows.
#[derive(Debug, serde::Deserialize)]
pub(super) struct Fragment {
    after: i64,
    #[serde(flatten)]
    search: Search,
}

fn event_is_bad(kind: &str) -> bool {
    [
        "INVALID",
        "FAILED",
        "BLOCKED",
        "UNREACHABLE",
        "EXPIRED",
        "SPAM",
    ]
    .iter()
    .any(|w| kind.contains(w))
}

fn render_message(page: &mut String, seq: i64, m: &Message) {
    let inbound = m.direction == "INBOUND";
    let _ = write!(
        page,
        "<li class=\"message {}\" data-seq=\"{seq}\" data-message-id=\"{}\">\
         <a class=\"open\" href=\"/messages/{}\"><div class=\"meta\">\
         <span class=\"channel\">{} {}</span>\
         <span>from <b class=\"origination\">{}</b></span>\
         <span>to <b class=\"destination\">{}</b></span>\
         <time datetime=\"{}\">{}</time></div>",
        if inbound { "inbound" } else { "outbound" },
        esc(&m.message_id),
        url_text(&m.message_id),
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
    page.push_str("</a>");
    if let Some(code) = &m.code {
        let _ = write!(
            page,
            "<p>Code <span class=\"code\">{}</span></p>",
            esc(code)
        );
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
            let _ = write!(
                page,
                "<li class=\"{}\" title=\"{}\">{}</li>",
                if event_is_bad(kind) { "bad" } else { "ok" },
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

/// A message's own page: every field, its events and its one-time code.
pub(super) async fn message(
    AxumState(emulator): AxumState<Emulator>,
    Path(id): Path<String>,
) -> Response {
    let lookup = id.clone();
    let found = emulator
        .blocking(move |emu| emu.query(|tx| tx.message(&lookup)))
        .await
        .and_then(|found| found);
    let m = match found {
        Ok(Some(m)) => m,
        Ok(None) => {
            return html_error(
                StatusCode::NOT_FOUND,
                &format!("No message has the id {id}."),
            )
        }
        Err(e) => return html_error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    };
    let mut page = String::with_capacity(8 * 1024);
    page_head(&mut page, &format!("Message {}", m.message_id));
    let _ = write!(
        page,
        "<header><h1>{} message {}</h1><p><a href=\"/\">All messages</a></p></header><main>",
        esc(&m.channel),
        if m.direction == "INBOUND" {
            "received"
        } else {
            "sent"
        },
    );
    if let Some(body) = &m.body {
        let _ = write!(
            page,
            "<section class=\"message\"><p class=\"body\">{}</p></section>",
            esc(body)
        );
    }
    if let Some(code) = &m.code {
        let _ = write!(
            page,
            "<section><h2>One-time code</h2><p><span class=\"code big\" id=\"code\">{}</span></p></section>",
            esc(code)
        );
    }
    page.push_str("<section><h2>Details</h2><dl>");
    let mut row = |name: &str, value: String| {
        if !value.is_empty() {
            let _ = write!(page, "<dt>{}</dt><dd>{value}</dd>", esc(name));
        }
    };
    row("Message id", format!("<code>{}</code>", esc(&m.message_id)));
    row("From", esc(&m.origination));
    row("Origination identity", esc(&m.origination_arn));
    row("To", esc(&m.destination));
    row(
        "Country",
        esc(m.destination_country.as_deref().unwrap_or_default()),
    );
    row("Accepted", time(m.timestamp));
    row(
        "Message type",
        esc(m.message_type.as_deref().unwrap_or_default()),
    );
    row(
        "Configuration set",
        esc(m.configuration_set.as_deref().unwrap_or_default()),
    );
    if m.direction != "INBOUND" {
        row(
            "Price",
            format!(
                "{:.5} USD ({} part{})",
                m.price,
                m.parts,
                if m.parts == 1 { "" } else { "s" }
            ),
        );
    }
    row("Time to live", format!("{} s", m.time_to_live));
    row("Keyword", esc(m.keyword.as_deref().unwrap_or_default()));
    row("Voice", esc(m.voice_id.as_deref().unwrap_or_default()));
    row(
        "Language",
        esc(m.language_code.as_deref().unwrap_or_default()),
    );
    row(
        "Protect configuration",
        esc(m.protect_configuration_id.as_deref().unwrap_or_default()),
    );
    row(
        "Feedback",
        esc(m.message_feedback_status.as_deref().unwrap_or_default()),
    );
    row("Sent with", esc(&m.api));
    for (k, v) in &m.context {
        row(&format!("Context {k}"), esc(v));
    }
    for url in &m.media_urls {
        row("Media", format!("<code>{}</code>", esc(url)));
    }
    page.push_str("</dl></section><section><h2>Events</h2>");
    if m.events.is_empty() {
        page.push_str("<p class=\"empty\">None.</p>");
    } else {
        page.push_str("<div class=\"scroll\"><table id=\"events\"><thead><tr><th>Event</th><th>Time</th></tr></thead><tbody>");
        for (kind, at) in &m.events {
            let _ = write!(
                page,
                "<tr class=\"{}\"><td>{}</td><td>{}</td></tr>",
                if event_is_bad(kind) { "bad" } else { "ok" },
                esc(kind),
                time(*at)
            );
        }
        page.push_str("</tbody></table></div>");
    }
    page.push_str("</section></main></body></html>");
    Html(page).into_response()
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
