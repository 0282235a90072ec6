//! What every case of the conformance harness shares: the client configuration, the request
//! comparison, the member-by-member comparison of outputs (`Same`), and the report.
//!
//! `cargo xtask conformance` copies this file into the harness crate it generates, beside the
//! `main.rs` it writes.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::future::Future;
use std::process::ExitCode;

use servicemodel_runtime_client::{Config, Credentials, ReplayClient, RetryConfig};

/// What a case found: nothing (`Ok`), or every difference.
pub type Outcome = Result<(), Vec<String>>;

/// The idempotency token the suites expect a client to generate.
pub const IDEMPOTENCY_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// A client configuration for a case: fixed region and credentials, no retries, the suites'
/// idempotency token, and the replaying transport.
pub fn config(replay: &ReplayClient, endpoint: &str) -> Config {
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
        .http_client(replay.clone())
        .build()
}

/// Runs a case as its own task, so that a panic fails the case rather than the harness.
pub async fn run<F: Future<Output = Outcome> + Send + 'static>(case: F) -> Outcome {
    match tokio::spawn(case).await {
        Ok(outcome) => outcome,
        Err(error) => Err(vec![format!("the case panicked: {error}")]),
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

/// Counts and prints: every skipped case with its reason, every failure with its differences,
/// then one summary line.
pub struct Report {
    skipped: &'static [(&'static str, &'static str)],
    passed: usize,
    failed: Vec<(&'static str, Vec<String>)>,
}

impl Report {
    pub fn new(skipped: &'static [(&'static str, &'static str)]) -> Self {
        Self {
            skipped,
            passed: 0,
            failed: Vec::new(),
        }
    }

    pub fn record(&mut self, label: &'static str, outcome: Outcome) {
        match outcome {
            Ok(()) => self.passed += 1,
            Err(diffs) => self.failed.push((label, diffs)),
        }
    }

    pub fn finish(self) -> ExitCode {
        for (label, reason) in self.skipped {
            println!("SKIP {label}: {reason}");
        }
        for (label, diffs) in &self.failed {
            println!("FAIL {label}");
            for diff in diffs {
                for line in diff.lines() {
                    println!("    {line}");
                }
            }
        }
        println!(
            "conformance: {} passed, {} failed, {} skipped",
            self.passed,
            self.failed.len(),
            self.skipped.len()
        );
        if self.failed.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}
