//! What every case of the conformance harness shares: the client configuration, the request
//! comparison, the member-by-member comparison of outputs (`Same`), the server side's capture
//! of inputs and comparison of responses, and the report.
//!
//! `cargo xtask conformance` copies this file into the harness crate it generates, beside the
//! `main.rs` it writes.

use std::any::Any;
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::future::Future;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use servicemodel_runtime_client::transport::BoxFuture;
use servicemodel_runtime_client::{
    Config, ConfigBuilder, Credentials, HttpClient, HttpRequest, HttpResponse, ReplayClient, RetryConfig,
    TransportError,
};
use servicemodel_runtime_server::bytes::Bytes;
use servicemodel_runtime_server::{http, Dispatch, Router};

/// What a case found: nothing (`Ok`), or every difference.
pub type Outcome = Result<(), Vec<String>>;

/// The idempotency token the suites expect a client to generate.
pub const IDEMPOTENCY_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// A client configuration for a case: fixed region and credentials, no retries, the suites'
/// idempotency token, and the replaying transport.
pub fn config(replay: &ReplayClient, endpoint: &str) -> Config {
    config_builder(endpoint).http_client(replay.clone()).build()
}

/// A client configuration whose transport is `server`.
pub fn server_config(server: &ToServer) -> Config {
    config_builder("https://example.com")
        .http_client(server.clone())
        .build()
}

fn config_builder(endpoint: &str) -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .endpoint_url(endpoint)
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            "SECRET",
            None,
            None,
            "conformance",
        ))
        .retry(RetryConfig::disabled())
        .idempotency_token_provider(|| IDEMPOTENCY_TOKEN.to_owned())
}

/// Runs a case as its own task, so that a panic fails the case rather than the harness.
pub async fn run<F: Future<Output = Outcome> + Send + 'static>(case: F) -> Outcome {
    match tokio::spawn(case).await {
        Ok(outcome) => outcome,
        Err(error) => Err(vec![format!("the case panicked: {error}")]),
    }
}

/// What a generated server's implementation in the harness saw and is to answer: the input
/// the server decoded (the operation was called), and the answer it gives (`Ok` with an
/// output, or `Err` with an error), each of the operation's own type.
#[derive(Default)]
pub struct Capture {
    input: Mutex<Option<Box<dyn Any + Send>>>,
    answer: Mutex<Option<Box<dyn Any + Send>>>,
}

impl Capture {
    pub fn put_input<T: Any + Send>(&self, input: T) {
        *lock(&self.input) = Some(Box::new(input));
    }

    /// The decoded input, if the operation was called (and took an input of type `T`).
    pub fn take_input<T: Any>(&self) -> Option<T> {
        lock(&self.input).take()?.downcast().ok().map(|input| *input)
    }

    pub fn set_answer<T: Any + Send>(&self, answer: T) {
        *lock(&self.answer) = Some(Box::new(answer));
    }

    /// The answer set for the operation, if it is of type `T`.
    pub fn take_answer<T: Any>(&self) -> Option<T> {
        lock(&self.answer).take()?.downcast().ok().map(|answer| *answer)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A client transport that hands each request to a generated server's router and keeps the
/// response it wrote, as it wrote it.
#[derive(Clone)]
pub struct ToServer {
    send: Arc<dyn Fn(HttpRequest) -> BoxFuture<'static, HttpResponse> + Send + Sync>,
    responses: Arc<Mutex<Vec<HttpResponse>>>,
}

impl std::fmt::Debug for ToServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ToServer").finish_non_exhaustive()
    }
}

impl ToServer {
    pub fn new<D: Dispatch>(router: Router<D>) -> Self {
        let router = Arc::new(router);
        Self {
            send: Arc::new(move |request| {
                let router = Arc::clone(&router);
                Box::pin(async move { serve(&router, request).await })
            }),
            responses: Arc::default(),
        }
    }

    /// The responses the server wrote, in order.
    pub fn responses(&self) -> Vec<HttpResponse> {
        lock(&self.responses).clone()
    }
}

impl HttpClient for ToServer {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let response = (self.send)(request).await;
            lock(&self.responses).push(response.clone());
            Ok(response)
        })
    }
}

/// One request through `router`, with the response's body read.
pub async fn serve<D: Dispatch>(router: &Router<D>, request: HttpRequest) -> HttpResponse {
    let response = router
        .handle(request.map(http_body_util::Full::new))
        .await;
    let (parts, body) = response.into_parts();
    // The router's answers to these (buffered) operations are bytes in memory; a body that
    // could not be read shows as such in the case's differences.
    let body = match body.collect().await {
        Ok(bytes) => bytes,
        Err(error) => Bytes::from(format!("the answer's body could not be read: {error}")),
    };
    http::Response::from_parts(parts, body)
}

/// The request of an input case's `serialized`, as a client sends it: the case's method, URI,
/// headers and body, with the headers of `sent` (the generated client's request for the same
/// case, which passed the client side) that the case does not name, since a case lists only
/// the headers it tests (`X-Amz-Target` and `Content-Type` are often left out).
pub fn case_request(
    expected: &ExpectedRequest<'_>,
    sent: Option<&HttpRequest>,
) -> Result<HttpRequest, String> {
    let mut builder = http::Request::builder()
        .method(expected.method)
        .uri(expected.uri);
    for (name, value) in expected.headers {
        builder = builder.header(*name, *value);
    }
    if let Some(host) = expected.host {
        builder = builder.header("host", host.split('/').next().unwrap_or(host));
    }
    let named = |name: &str| {
        expected.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
            || expected.forbid.iter().any(|n| n.eq_ignore_ascii_case(name))
    };
    for (name, value) in sent.map(|r| r.headers().iter()).into_iter().flatten() {
        if !named(name.as_str()) {
            builder = builder.header(name, value);
        }
    }
    let body = Bytes::copy_from_slice(expected.body.unwrap_or("").as_bytes());
    builder
        .body(body)
        .map_err(|e| format!("the case's request is not valid HTTP: {e}"))
}

/// A response a case expects (the suites' `response`).
#[derive(Debug)]
pub struct ExpectedResponse<'a> {
    pub status: u16,
    /// Headers that must be present with these values (names in any case).
    pub headers: &'a [(&'a str, &'a str)],
    /// The body: compared as JSON values when the expected body is JSON, else as bytes.
    pub body: &'a str,
    /// The error code, for an error case: the response must name it (in `X-Amzn-Errortype`
    /// or the body's `__type` or `code`), in any of the forms the protocols allow (with a
    /// namespace before `#`, a URI after `:`), and the body's other members are compared.
    pub error_code: Option<&'a str>,
}

/// The error code of a type name in any of its written forms: `ns#Code:uri` → `Code`.
fn bare_code(text: &str) -> &str {
    let text = text.split(':').next().unwrap_or(text);
    text.rsplit('#').next().unwrap_or(text).trim()
}

/// Compares the response a generated server wrote with `expected`: the status, each header
/// the case names (`Content-Length` against the body the server wrote, as the HTTP layer sets
/// it from the body), and the body, as JSON by value under the equivalences of [`json_diffs`]
/// (an empty body and `{}` both stand for an output with no body members).
pub fn check_response(response: &HttpResponse, expected: &ExpectedResponse<'_>) -> Outcome {
    let mut diffs = Vec::new();
    if response.status().as_u16() != expected.status {
        diffs.push(format!(
            "status: got {}, expected {} (body {:?})",
            response.status().as_u16(),
            expected.status,
            String::from_utf8_lossy(response.body())
        ));
    }
    for (name, value) in expected.headers {
        let got: Vec<&str> = response
            .headers()
            .get_all(*name)
            .iter()
            .map(|v| v.to_str().unwrap_or("<not text>"))
            .collect();
        let got = got.join(", ");
        let same = if name.eq_ignore_ascii_case("x-amzn-errortype") {
            bare_code(&got) == bare_code(value)
        } else if name.eq_ignore_ascii_case("content-length") {
            value.parse() == Ok(response.body().len())
        } else {
            got == *value
        };
        if !same {
            diffs.push(format!("header {name}: got {got:?}, expected {value:?}"));
        }
    }
    let json = |text: &[u8]| -> Result<serde_json::Value, String> {
        if text.iter().all(u8::is_ascii_whitespace) {
            return Ok(serde_json::Value::Object(Default::default()));
        }
        serde_json::from_slice(text).map_err(|e| e.to_string())
    };
    let (got, want) = match (json(response.body()), json(expected.body.as_bytes())) {
        (Ok(got), Ok(want)) => (got, want),
        (_, Err(_)) => {
            // Not JSON (a blob or text payload): the bytes.
            if response.body().as_ref() != expected.body.as_bytes() {
                diffs.push(format!(
                    "body: got {:?}, expected {:?}",
                    String::from_utf8_lossy(response.body()),
                    expected.body
                ));
            }
            return outcome(diffs);
        }
        (Err(error), Ok(_)) => {
            diffs.push(format!(
                "body: not JSON ({error}): {:?}, expected {:?}",
                String::from_utf8_lossy(response.body()),
                expected.body
            ));
            return outcome(diffs);
        }
    };
    let type_keys = ["__type", "code"];
    match expected.error_code {
        None => json_diffs(&got, &want, "body", &mut diffs),
        Some(code) => {
            let header = response
                .headers()
                .get("x-amzn-errortype")
                .and_then(|v| v.to_str().ok());
            // A query-compatible service's answer names its query code first.
            let query = response
                .headers()
                .get("x-amzn-query-error")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(';').next());
            let named = query
                .into_iter()
                .chain(header)
                .chain(type_keys.iter().filter_map(|key| got.get(*key)?.as_str()))
                .map(bare_code)
                .collect::<Vec<_>>();
            if !named.contains(&code) {
                diffs.push(format!(
                    "error code: expected {code:?}, the response names {named:?}"
                ));
            }
            let without_type = |value: serde_json::Value| match value {
                serde_json::Value::Object(mut object) => {
                    for key in type_keys {
                        object.remove(key);
                    }
                    serde_json::Value::Object(object)
                }
                other => other,
            };
            json_diffs(&without_type(got), &without_type(want), "error body", &mut diffs);
        }
    }
    outcome(diffs)
}

/// Records where `got` (what a server wrote) and `want` (a case's response) differ as JSON
/// values, with the equivalences the JSON protocols give readers: a member whose value is
/// `null` is an absent member; a `__type` inside a nested object (a union's type hint, which
/// readers ignore) is not compared; numbers compare by value (`1` and `1.0`); two RFC 3339
/// date-times compare as instants (`23:48:18Z` and `22:48:18-01:00`).
pub fn json_diffs(
    got: &serde_json::Value,
    want: &serde_json::Value,
    path: &str,
    diffs: &mut Vec<String>,
) {
    use serde_json::Value;
    let nested = path.contains('.');
    match (got, want) {
        (Value::Object(got), Value::Object(want)) => {
            let skip = |key: &str| nested && key == "__type";
            for (key, w) in want {
                if skip(key) {
                    continue;
                }
                match got.get(key) {
                    Some(g) => json_diffs(g, w, &format!("{path}.{key}"), diffs),
                    None if w.is_null() => {}
                    None => diffs.push(format!("{path}.{key}: missing, expected {w}")),
                }
            }
            for (key, g) in got {
                if !want.contains_key(key) && !g.is_null() && !skip(key) {
                    diffs.push(format!("{path}.{key}: got {g}, expected nothing"));
                }
            }
        }
        (Value::Array(got), Value::Array(want)) if got.len() == want.len() => {
            for (i, (g, w)) in got.iter().zip(want).enumerate() {
                json_diffs(g, w, &format!("{path}[{i}]"), diffs);
            }
        }
        (Value::Number(g), Value::Number(w)) if g.as_f64() == w.as_f64() => {}
        (Value::String(g), Value::String(w)) if g == w => {}
        (Value::String(g), Value::String(w))
            if servicemodel_runtime::Timestamp::parse_iso8601(g).is_some()
                && servicemodel_runtime::Timestamp::parse_iso8601(g)
                    == servicemodel_runtime::Timestamp::parse_iso8601(w) => {}
        (g, w) if g == w => {}
        (g, w) => diffs.push(format!("{path}: got {g}, expected {w}")),
    }
}


/// `Ok` when there are no differences.
pub fn outcome(diffs: Vec<String>) -> Outcome {
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs)
    }
}

/// The request a case expects (the suites' `serialized`).
#[derive(Debug)]
pub struct ExpectedRequest<'a> {
    pub method: &'a str,
    /// The path and query: the path must match exactly; the query parameters as a multiset,
    /// each `key=value` as sent (Smithy's `queryParams` leave the order free).
    pub uri: &'a str,
    /// Headers that must be present with these values (names in any case).
    pub headers: &'a [(&'a str, &'a str)],
    /// Headers that must be absent.
    pub forbid: &'a [&'a str],
    /// Headers that must be present, with any value.
    pub require: &'a [&'a str],
    /// The body: compared as JSON values when the expected body is JSON, else as bytes.
    pub body: Option<&'a str>,
    /// The host the request goes to (with a path, as in `example.com/custom`: its host part).
    pub host: Option<&'a str>,
}

/// Compares the one request the client sent with `expected`; `failure` is why the call failed
/// (the replayed response need not fit the operation's output).
pub fn check_request(
    replay: &ReplayClient,
    failure: Option<String>,
    expected: &ExpectedRequest<'_>,
) -> Outcome {
    let requests = replay.requests();
    let request = match requests.as_slice() {
        [request] => request,
        [] => {
            return Err(vec![format!(
                "no request was sent: {}",
                failure.unwrap_or_else(|| "no error either".to_owned())
            )])
        }
        more => {
            return Err(vec![format!(
                "{} requests were sent, expected one",
                more.len()
            )])
        }
    };
    let mut diffs = Vec::new();
    if request.method().as_str() != expected.method {
        diffs.push(format!(
            "method: got {}, expected {}",
            request.method(),
            expected.method
        ));
    }
    let (path, query) = match expected.uri.split_once('?') {
        Some((path, query)) => (path, query),
        None => (expected.uri, ""),
    };
    if request.uri().path() != path {
        diffs.push(format!(
            "path: got {:?}, expected {path:?}",
            request.uri().path()
        ));
    }
    let mut got = query_pairs(request.uri().query().unwrap_or(""));
    let want = query_pairs(query);
    got.sort();
    let mut want_sorted = want.clone();
    want_sorted.sort();
    if got != want_sorted {
        diffs.push(format!(
            "query: got {:?}, expected {:?}",
            request.uri().query().unwrap_or(""),
            query
        ));
    }
    for (name, value) in expected.headers {
        let values: Vec<&str> = request
            .headers()
            .get_all(*name)
            .iter()
            .map(|v| v.to_str().unwrap_or("<not text>"))
            .collect();
        if values.is_empty() {
            diffs.push(format!("header {name}: missing, expected {value:?}"));
        } else if values.join(", ") != *value {
            diffs.push(format!(
                "header {name}: got {:?}, expected {value:?}",
                values.join(", ")
            ));
        }
    }
    for name in expected.forbid {
        if let Some(value) = request.headers().get(*name) {
            diffs.push(format!("header {name}: must be absent, got {value:?}"));
        }
    }
    for name in expected.require {
        if !request.headers().contains_key(*name) {
            diffs.push(format!("header {name}: missing, it is required"));
        }
    }
    if let Some(body) = expected.body {
        check_body(request.body(), body, &mut diffs);
    }
    if let Some(host) = expected.host {
        let host = host.split('/').next().unwrap_or(host);
        let authority = request.uri().authority().map(|a| a.as_str()).unwrap_or("");
        if authority != host {
            diffs.push(format!("host: got {authority:?}, expected {host:?}"));
        }
    }
    outcome(diffs)
}

fn query_pairs(query: &str) -> Vec<&str> {
    query.split('&').filter(|pair| !pair.is_empty()).collect()
}

fn check_body(actual: &[u8], expected: &str, diffs: &mut Vec<String>) {
    if expected.is_empty() {
        if !actual.is_empty() {
            diffs.push(format!(
                "body: expected none, got {:?}",
                String::from_utf8_lossy(actual)
            ));
        }
        return;
    }
    match serde_json::from_str::<serde_json::Value>(expected) {
        Ok(want) => match serde_json::from_slice::<serde_json::Value>(actual) {
            Ok(got) if got == want => {}
            Ok(got) => diffs.push(format!(
                "body (as JSON):\n  got      {}\n  expected {}",
                serde_json::to_string(&got).unwrap_or_default(),
                serde_json::to_string(&want).unwrap_or_default()
            )),
            Err(error) => diffs.push(format!(
                "body: not JSON ({error}): {:?}, expected {expected:?}",
                String::from_utf8_lossy(actual)
            )),
        },
        Err(_) => {
            if actual != expected.as_bytes() {
                diffs.push(format!(
                    "body: got {:?}, expected {expected:?}",
                    String::from_utf8_lossy(actual)
                ));
            }
        }
    }
}

/// Compares two values of a generated type member by member, recording each difference with
/// its path. Floats compare `NaN` as equal to `NaN`; blobs compare their bytes.
pub trait Same {
    fn same(&self, other: &Self, path: &str, diffs: &mut Vec<String>);
}

/// `==`, recording a difference with both values' `Debug`.
pub fn same_eq<T: PartialEq + Debug>(a: &T, b: &T, path: &str, diffs: &mut Vec<String>) {
    if a != b {
        diffs.push(format!("{path}: got {a:?}, expected {b:?}"));
    }
}

macro_rules! same_by_eq {
    ($($t:ty),*) => {$(
        impl Same for $t {
            fn same(&self, other: &Self, path: &str, diffs: &mut Vec<String>) {
                same_eq(self, other, path, diffs);
            }
        }
    )*};
}

same_by_eq!((), bool, i32, i64, String, servicemodel_runtime::Timestamp);

macro_rules! same_float {
    ($($t:ty),*) => {$(
        impl Same for $t {
            fn same(&self, other: &Self, path: &str, diffs: &mut Vec<String>) {
                if !(self == other || (self.is_nan() && other.is_nan())) {
                    diffs.push(format!("{path}: got {self:?}, expected {other:?}"));
                }
            }
        }
    )*};
}

same_float!(f32, f64);

impl Same for servicemodel_runtime::Blob {
    fn same(&self, other: &Self, path: &str, diffs: &mut Vec<String>) {
        if self.as_bytes() != other.as_bytes() {
            diffs.push(format!(
                "{path}: got blob {:?}, expected blob {:?}",
                String::from_utf8_lossy(self.as_bytes()),
                String::from_utf8_lossy(other.as_bytes())
            ));
        }
    }
}

impl Same for servicemodel_runtime::Document {
    fn same(&self, other: &Self, path: &str, diffs: &mut Vec<String>) {
        same_eq(self, other, path, diffs);
    }
}

impl<T: Same> Same for Box<T> {
    fn same(&self, other: &Self, path: &str, diffs: &mut Vec<String>) {
        (**self).same(other, path, diffs);
    }
}

impl<T: Same + Debug> Same for Option<T> {
    fn same(&self, other: &Self, path: &str, diffs: &mut Vec<String>) {
        match (self, other) {
            (Some(a), Some(b)) => a.same(b, path, diffs),
            (None, None) => {}
            (a, b) => diffs.push(format!("{path}: got {a:?}, expected {b:?}")),
        }
    }
}

impl<T: Same + Debug> Same for Vec<T> {
    fn same(&self, other: &Self, path: &str, diffs: &mut Vec<String>) {
        if self.len() != other.len() {
            diffs.push(format!("{path}: got {self:?}, expected {other:?}"));
            return;
        }
        for (i, (a, b)) in self.iter().zip(other).enumerate() {
            a.same(b, &format!("{path}[{i}]"), diffs);
        }
    }
}

impl<K: Ord + Debug, V: Same + Debug> Same for BTreeMap<K, V> {
    fn same(&self, other: &Self, path: &str, diffs: &mut Vec<String>) {
        if !self.keys().eq(other.keys()) {
            diffs.push(format!(
                "{path}: got keys {:?}, expected keys {:?}",
                self.keys().collect::<Vec<_>>(),
                other.keys().collect::<Vec<_>>()
            ));
            return;
        }
        for ((key, a), b) in self.iter().zip(other.values()) {
            a.same(b, &format!("{path}[{key:?}]"), diffs);
        }
    }
}

/// The side of a case: the generated client, or the generated server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Client,
    Server,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Server => "server",
        }
    }
}

/// Counts and prints: every skipped case with its reason, every failure with its differences,
/// then one summary line per side.
pub struct Report {
    skipped: &'static [(Side, &'static str, &'static str)],
    passed: Vec<Side>,
    failed: Vec<(Side, &'static str, Vec<String>)>,
}

impl Report {
    pub fn new(skipped: &'static [(Side, &'static str, &'static str)]) -> Self {
        Self {
            skipped,
            passed: Vec::new(),
            failed: Vec::new(),
        }
    }

    pub fn record(&mut self, side: Side, label: &'static str, outcome: Outcome) {
        match outcome {
            Ok(()) => self.passed.push(side),
            Err(diffs) => self.failed.push((side, label, diffs)),
        }
    }

    pub fn finish(self) -> ExitCode {
        for (side, label, reason) in self.skipped {
            println!("SKIP {} {label}: {reason}", side.name());
        }
        for (side, label, diffs) in &self.failed {
            println!("FAIL {} {label}", side.name());
            for diff in diffs {
                for line in diff.lines() {
                    println!("    {line}");
                }
            }
        }
        for side in [Side::Client, Side::Server] {
            println!(
                "{}: {} passed, {} failed, {} skipped",
                side.name(),
                self.passed.iter().filter(|s| **s == side).count(),
                self.failed.iter().filter(|(s, ..)| *s == side).count(),
                self.skipped.iter().filter(|(s, ..)| *s == side).count()
            );
        }
        if self.failed.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}
