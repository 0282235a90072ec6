//! Shared by the emulator's tests: an emulator on a free loopback port, and generated clients
//! of both services pointed at it, as a user's program would have.

#![allow(dead_code)]

pub mod models;

use std::net::SocketAddr;
use std::path::PathBuf;

use sms_voice::client_runtime::{
    Config, Credentials, HttpClient, HttpRequest, HttpResponse, HyperClient, RetryConfig,
    TransportError,
};
use sms_voice::pinpointsmsvoice as v1;
use sms_voice::pinpointsmsvoicev2 as v2;
use sms_voice_emulator::{Emulator, Options};

/// A running emulator and clients of it. The server stops when this is dropped.
pub struct Running {
    pub emulator: Emulator,
    pub addr: SocketAddr,
    pub v2: v2::Client,
    pub v1: v1::Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Running {
    /// The base URL, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The client configuration for an emulator at `addr`. Client-side validation is off, so that
/// invalid input reaches the emulator and its `ValidationException` can be tested. Every answer
/// is checked against the model on its way back ([`ModelChecked`]).
pub fn config(addr: SocketAddr) -> Config {
    Config::builder()
        .http_client(ModelChecked::default())
        .region("us-east-1")
        .endpoint_url(format!("http://{addr}"))
        .credentials(Credentials::new(
            "AKIDEMULATOR",
            "emulator-secret",
            None,
            None,
            "test",
        ))
        .retry(RetryConfig::disabled())
        .validate_input(false)
        .build()
}

/// An emulator with its state in memory.
pub async fn start() -> Running {
    start_with(Options::default()).await
}

/// An emulator with `options`.
pub async fn start_with(options: Options) -> Running {
    let emulator = Emulator::new(&options).expect("emulator starts");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = emulator.clone();
    tokio::spawn(async move {
        let _ = server
            .serve(listener, async move {
                let _ = stopped.await;
            })
            .await;
    });
    Running {
        v2: v2::Client::new(config(addr)),
        v1: v1::Client::new(config(addr)),
        emulator,
        addr,
        stop: Some(stop),
    }
}

/// A fresh temporary folder under the target directory's tmp (removed by the caller if it
/// cares); unique per call.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "sms-voice-emulator-{name}-{}-{:x}",
        std::process::id(),
        fastrand_u64()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn fastrand_u64() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

/// The error code of a failed call's service error (panics with the error otherwise).
pub fn code<E: sms_voice::runtime::OperationError, R: std::fmt::Debug>(
    result: Result<R, sms_voice::client_runtime::SdkError<E>>,
) -> String {
    match result {
        Ok(output) => panic!("expected an error, got {output:?}"),
        Err(e) => match e.as_service_error() {
            Some(service) => sms_voice::ServiceError::code(service).to_owned(),
            None => panic!("expected a service error, got {e:?}"),
        },
    }
}

/// The answer of a call: its output or its error.
pub type Answer<O, E> = Result<O, sms_voice::client_runtime::SdkError<E>>;

/// The code of a failed call's service error and the error's debug text, which names its reason,
/// resource type and resource id (panics with the answer if the call did not fail so).
pub fn failure<R: std::fmt::Debug, E: sms_voice::runtime::OperationError>(
    result: Result<R, sms_voice::client_runtime::SdkError<E>>,
) -> (String, String) {
    match result {
        Ok(output) => panic!("expected an error, got {output:?}"),
        Err(e) => match e.into_service_error() {
            Some(service) => (
                sms_voice::ServiceError::code(&service).to_owned(),
                format!("{service:?}"),
            ),
            None => panic!("expected a service error"),
        },
    }
}

/// Asserts that a call failed with the service error `code`, and that the error's debug text
/// (its reason, resource type or resource id) contains `detail`.
#[track_caller]
pub fn assert_failure<R: std::fmt::Debug, E: sms_voice::runtime::OperationError>(
    result: Result<R, sms_voice::client_runtime::SdkError<E>>,
    code: &str,
    detail: &str,
) {
    let (actual, text) = failure(result);
    assert_eq!(actual, code, "{text}");
    assert!(text.contains(detail), "{text}");
}

/// A v2 tag.
pub fn tag(key: &str, value: &str) -> v2::Tag {
    v2::Tag::builder()
        .key(key)
        .value(value)
        .build()
        .expect("tag")
}

/// Requests a phone number: the whole answer.
pub async fn request_number(
    running: &Running,
    country: &str,
    message_type: v2::MessageType,
    capabilities: Vec<v2::NumberCapability>,
    number_type: v2::RequestPhoneNumberNumberType,
) -> v2::RequestPhoneNumberResult {
    running
        .v2
        .request_phone_number()
        .iso_country_code(country)
        .message_type(message_type)
        .number_capabilities(capabilities)
        .number_type(number_type)
        .send()
        .await
        .expect("request phone number")
}

/// Requests a US long code for transactional SMS, the commonest number in the tests: the whole
/// answer.
pub async fn sms_long_code(running: &Running) -> v2::RequestPhoneNumberResult {
    request_number(
        running,
        "US",
        v2::MessageType::Transactional,
        vec![v2::NumberCapability::Sms],
        v2::RequestPhoneNumberNumberType::LongCode,
    )
    .await
}

/// Creates a pool of transactional messages from `identity` in `country`: the whole answer.
pub async fn create_pool(running: &Running, identity: &str, country: &str) -> v2::CreatePoolResult {
    running
        .v2
        .create_pool()
        .origination_identity(identity)
        .iso_country_code(country)
        .message_type(v2::MessageType::Transactional)
        .send()
        .await
        .expect("create pool")
}

/// Creates opt-out list `list` and a US pool of `identity` that uses it: the pool's id.
pub async fn pool_with_opt_out_list(running: &Running, identity: &str, list: &str) -> String {
    running
        .v2
        .create_opt_out_list()
        .opt_out_list_name(list)
        .send()
        .await
        .expect("opt-out list");
    let pool = create_pool(running, identity, "US")
        .await
        .pool_id
        .expect("pool id");
    running
        .v2
        .update_pool()
        .pool_id(&pool)
        .opt_out_list_name(list)
        .send()
        .await
        .expect("update pool");
    pool
}

/// Creates a v2 configuration set: its ARN.
pub async fn create_configuration_set(client: &v2::Client, name: &str) -> String {
    client
        .create_configuration_set()
        .configuration_set_name(name)
        .send()
        .await
        .expect("create configuration set")
        .configuration_set_arn
        .expect("configuration set ARN")
}

/// Creates a protect configuration: its id.
pub async fn create_protect_configuration(client: &v2::Client) -> String {
    client
        .create_protect_configuration()
        .send()
        .await
        .expect("create protect configuration")
        .protect_configuration_id
        .expect("protect configuration id")
}

/// A plain HTTP/1.1 exchange with the emulator (or any peer on 127.0.0.1, chromedriver too):
/// status and body.
pub async fn http(
    running: &Running,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> (u16, String) {
    http_at(running.addr, method, path, body).await
}

/// [`http`] with the emulator at `addr`.
pub async fn http_at(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> (u16, String) {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        addr,
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    // The head line by line; then the body by its length when the answer gives one (a peer
    // that keeps the connection open, such as chromedriver, needs that), else to the end.
    let mut reader = tokio::io::BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).await.expect("status line");
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{method} {path}: no status in {line:?}"));
    let (mut length, mut chunked) = (None, false);
    loop {
        line.clear();
        reader.read_line(&mut line).await.expect("header");
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = Some(value.trim().parse::<usize>().expect("a length"));
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.trim().eq_ignore_ascii_case("chunked");
            }
        }
    }
    let mut raw = Vec::new();
    match length {
        Some(length) => {
            raw.resize(length, 0);
            reader.read_exact(&mut raw).await.expect("body");
        }
        None => {
            reader.read_to_end(&mut raw).await.expect("body");
        }
    }
    let text = String::from_utf8(raw).expect("utf-8 answer");
    let body = if chunked { dechunk(&text) } else { text };
    (status, body)
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).expect("chunk size");
        if size == 0 {
            break;
        }
        out.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    out
}

/// The default transport, checking every answer of the emulator against the models
/// ([`models`]): each member of an output or of an error the model defines must be one the
/// model allows (its type, length, range, whole-value pattern, enum value; no unknown
/// members; every required member). A finding fails the test that made the call, naming the
/// operation, the model and the member.
#[derive(Debug, Default)]
pub struct ModelChecked(HyperClient);

impl HttpClient for ModelChecked {
    fn send(
        &self,
        request: HttpRequest,
    ) -> sms_voice::client_runtime::transport::BoxFuture<'_, Result<HttpResponse, TransportError>>
    {
        let method = request.method().to_string();
        let path = request.uri().path().to_owned();
        let target = request
            .headers()
            .get("x-amz-target")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Box::pin(async move {
            let response = self.0.send(request).await?;
            check_answer(&method, &path, target.as_deref(), &response);
            Ok(response)
        })
    }
}

/// Panics with the findings if the answer to `method path` is not one the models allow.
pub fn check_answer(method: &str, path: &str, target: Option<&str>, response: &HttpResponse) {
    let Some((service, operation)) = models::operation_for(method, path, target) else {
        return;
    };
    let error = response
        .headers()
        .get("x-amzn-errortype")
        .and_then(|v| v.to_str().ok());
    let findings = models::findings(
        &service,
        &operation,
        response.status().as_u16(),
        error,
        response.body(),
    );
    assert!(
        findings.is_empty(),
        "the answer of {service} {operation} is not one the models allow:\n  {}\nbody: {}",
        findings.join("\n  "),
        String::from_utf8_lossy(response.body()),
    );
}
