//! The server half over a real socket on 127.0.0.1, answered to the real client half: SigV4
//! signing by the client and verification by the server, protocol errors as a client reads
//! them, panics, limits, restJson1 routing, tower layers and graceful shutdown.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use aws_credential_types::Credentials;
use bytes::Bytes;
use servicemodel_runtime_client::{
    send, Config, HttpClient as _, HyperClient, OperationRequest, RawResponse, RetryConfig,
    ServiceInfo,
};
use servicemodel_runtime_server::{
    decode_input, input_from_object, json_response, json_rpc_operation, parse_json_object,
    serve_with_shutdown, Protocol, RequestContext, Router, Routes, ServerError, SigV4Authenticator,
};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

const AKID: &str = "AKIDSERVERTEST";
const SECRET: &str = "server/test/secret/key";
const SERVICE: ServiceInfo = ServiceInfo {
    service_id: "Test Service",
    signing_name: "sms-voice",
    auth: &[servicemodel_runtime_client::AuthScheme::SigV4],
    endpoint_prefix: "sms-voice",
    retryable_codes: &[],
    query_compatible: false,
};
/// Every wait in these tests is bounded by this.
const LIMIT: Duration = Duration::from_secs(20);

#[derive(serde::Deserialize, serde::Serialize, Debug)]
struct Greeting {
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "Times", default)]
    times: Option<u32>,
}

impl servicemodel_runtime::Validate for Greeting {
    fn validate_into(&self, validator: &mut servicemodel_runtime::Validator) {
        validator.member("Name", |v| v.string_length(&self.name, Some(1), Some(20)));
    }
}

fn validation_error(violations: servicemodel_runtime::Violations) -> ServerError {
    ServerError::from_violations(400, "ValidationException", &violations)
}

async fn json_rpc(
    request: http::Request<Bytes>,
    ctx: RequestContext,
) -> Result<http::Response<Bytes>, ServerError> {
    match json_rpc_operation(&request, "TestService")? {
        "Greet" => {
            let input: Greeting =
                decode_input(&ctx, Protocol::AwsJson1_0, request.body(), validation_error)?;
            let caller = ctx.caller.map(|c| c.id).unwrap_or_default();
            let text = format!("hello {}", input.name).repeat(input.times.unwrap_or(1) as usize);
            json_response(
                Protocol::AwsJson1_0,
                200,
                &serde_json::json!({"Text": text, "Caller": caller}),
            )
        }
        "Crash" => panic!("a handler bug"),
        "Slow" => {
            tokio::time::sleep(Duration::from_millis(300)).await;
            json_response(Protocol::AwsJson1_0, 200, &serde_json::json!({}))
        }
        other => Err(ServerError::unknown_operation(format!(
            "Unknown operation TestService.{other}"
        ))),
    }
}

struct Server {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Server {
    async fn start<S, B>(service: S) -> Self
    where
        S: tower_service::Service<
                http::Request<hyper::body::Incoming>,
                Response = http::Response<B>,
                Error = Infallible,
            > + Clone
            + Send
            + 'static,
        S::Future: Send + 'static,
        B: http_body::Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve_with_shutdown(listener, service, async {
            let _ = stopped.await;
        }));
        Self {
            address,
            stop: Some(stop),
            task,
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(LIMIT, self.task)
            .await
            .expect("the server stops in time")
            .expect("the server task ends cleanly");
    }
}

fn signed_v2_server() -> Router<impl servicemodel_runtime_server::Dispatch> {
    Router::builder(Protocol::AwsJson1_0, json_rpc)
        .authenticator(
            SigV4Authenticator::new("sms-voice")
                .with_key(AKID, SECRET)
                .with_region("us-east-1"),
        )
        .body_limit(64 * 1024)
        .internal_error(ServerError::new(
            500,
            "InternalServerException",
            "Internal server error",
        ))
        .build()
}

fn client(server: &Server, akid: &str, secret: &str) -> Config {
    Config::builder()
        .region("us-east-1")
        .endpoint_url(server.url())
        .credentials(Credentials::new(akid, secret, None, None, "test"))
        .retry(RetryConfig::disabled())
        .build()
}

fn v2_request(operation: &str, body: impl Into<Bytes>) -> OperationRequest {
    OperationRequest {
        method: http::Method::POST,
        path_and_query: "/".into(),
        headers: vec![
            (
                http::HeaderName::from_static("x-amz-target"),
                http::HeaderValue::from_str(&format!("TestService.{operation}")).unwrap(),
            ),
            (
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/x-amz-json-1.0"),
            ),
        ],
        body: body.into(),
        host_prefix: None,
    }
}

async fn call(config: &Config, request: OperationRequest) -> RawResponse {
    tokio::time::timeout(LIMIT, send(config, &SERVICE, request))
        .await
        .expect("an answer in time")
        .expect("an HTTP answer")
}

fn json(raw: &RawResponse) -> serde_json::Value {
    serde_json::from_slice(&raw.body).unwrap_or_else(|_| panic!("JSON body: {}", raw.body_text()))
}

/// The error type as a client reads it, after checking that body and header agree.
fn error_type(raw: &RawResponse) -> String {
    let header = raw.headers["x-amzn-errortype"].to_str().unwrap().to_owned();
    assert_eq!(json(raw)["__type"], header.as_str(), "{}", raw.body_text());
    header
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_requests_from_the_client_are_verified() {
    let server = Server::start(signed_v2_server()).await;
    let config = client(&server, AKID, SECRET);

    let raw = call(&config, v2_request("Greet", r#"{"Name":"Ada","Times":2}"#)).await;
    assert_eq!(raw.status, 200, "{}", raw.body_text());
    assert_eq!(
        json(&raw),
        serde_json::json!({"Text": "hello Adahello Ada", "Caller": AKID})
    );
    assert_eq!(raw.headers["content-type"], "application/x-amz-json-1.0");
    assert_eq!(raw.request_id().map(str::len), Some(36));

    let wrong_secret = call(
        &client(&server, AKID, "not-the-secret"),
        v2_request("Greet", r#"{"Name":"Ada"}"#),
    )
    .await;
    assert_eq!(wrong_secret.status, 403);
    assert_eq!(error_type(&wrong_secret), "SignatureDoesNotMatch");
    assert!(wrong_secret.request_id().is_some());

    let unknown_key = call(
        &client(&server, "AKIDNOBODY", SECRET),
        v2_request("Greet", "{}"),
    )
    .await;
    assert_eq!(
        (unknown_key.status, error_type(&unknown_key).as_str()),
        (403, "InvalidClientTokenId")
    );

    let unsigned = HyperClient::new()
        .send(
            http::Request::post(format!("{}/", server.url()))
                .header("x-amz-target", "TestService.Greet")
                .header("content-type", "application/x-amz-json-1.0")
                .body(Bytes::from_static(b"{}"))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 403);
    assert_eq!(
        unsigned.headers()["x-amzn-errortype"],
        "MissingAuthenticationToken"
    );
    assert!(unsigned.headers().contains_key("x-amzn-requestid"));

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protocol_errors_reach_the_client_well_formed() {
    let server = Server::start(signed_v2_server()).await;
    let config = client(&server, AKID, SECRET);

    for (operation, body, status, code) in [
        ("Nope", "{}".to_owned(), 400, "UnknownOperationException"),
        (
            "Greet",
            r#"{"Name": "#.to_owned(),
            400,
            "SerializationException",
        ),
        (
            "Greet",
            r#"{"Name": 7}"#.to_owned(),
            400,
            "SerializationException",
        ),
        ("Greet", "[1, 2]".to_owned(), 400, "SerializationException"),
        (
            "Greet",
            r#"{"Times": 1}"#.to_owned(),
            400,
            "ValidationException",
        ),
        (
            "Greet",
            r#"{"Name": ""}"#.to_owned(),
            400,
            "ValidationException",
        ),
        (
            "Greet",
            format!(r#"{{"Name": "{}"}}"#, "x".repeat(70_000)),
            413,
            "RequestEntityTooLargeException",
        ),
        // Nesting a recursive parser would overflow its stack on.
        (
            "Greet",
            format!(
                r#"{{"Name": {}1{}}}"#,
                "[".repeat(30_000),
                "]".repeat(30_000)
            ),
            400,
            "SerializationException",
        ),
        ("Crash", "{}".to_owned(), 500, "InternalServerException"),
    ] {
        let raw = call(&config, v2_request(operation, body)).await;
        assert_eq!(
            (raw.status, error_type(&raw).as_str()),
            (status, code),
            "{operation}: {}",
            raw.body_text()
        );
        assert!(raw.request_id().is_some());
        let info = servicemodel_runtime_client::protocol::parse_error(&raw.headers, &raw.body);
        assert_eq!(info.code.as_deref(), Some(code));
        assert!(info.message.is_some(), "{}", raw.body_text());
    }
    let raw = call(&config, v2_request("Greet", r#"{"Name": 7}"#)).await;
    assert!(
        json(&raw)["message"].as_str().unwrap().contains("'/Name'"),
        "{}",
        raw.body_text()
    );

    let mut wrong_type = v2_request("Greet", r#"{"Name":"Ada"}"#);
    wrong_type.headers[1].1 = http::HeaderValue::from_static("application/json");
    let raw = call(&config, wrong_type).await;
    assert_eq!(
        (raw.status, error_type(&raw).as_str()),
        (415, "UnsupportedMediaTypeException")
    );

    // After all that, including a panic, the same server still answers.
    let raw = call(&config, v2_request("Greet", r#"{"Name":"again"}"#)).await;
    assert_eq!(raw.status, 200);

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_on_the_wire_does_not_stop_the_server() {
    let server = Server::start(signed_v2_server()).await;
    let mut stream = tokio::net::TcpStream::connect(server.address)
        .await
        .unwrap();
    stream.write_all(b"NOT HTTP AT ALL\r\n\r\n").await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(LIMIT, stream.read_to_end(&mut answer))
        .await
        .expect("the server answers or closes");
    assert!(
        answer.is_empty() || answer.starts_with(b"HTTP/1.1 400"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    let raw = call(
        &client(&server, AKID, SECRET),
        v2_request("Greet", r#"{"Name":"Ada"}"#),
    )
    .await;
    assert_eq!(raw.status, 200);
    server.stop().await;
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Create,
    List,
    Get,
    Put,
}

fn rest_routes() -> Routes<Op> {
    Routes::new()
        .route(http::Method::POST, "/v1/things", Op::Create)
        .unwrap()
        .route(http::Method::GET, "/v1/things", Op::List)
        .unwrap()
        .route(http::Method::GET, "/v1/things/{ThingName}", Op::Get)
        .unwrap()
        .route(
            http::Method::PUT,
            "/v1/things/{ThingName}/parts/{PartPath+}",
            Op::Put,
        )
        .unwrap()
}

#[derive(serde::Deserialize, Debug)]
struct PutPart {
    #[serde(rename = "ThingName")]
    thing: String,
    #[serde(rename = "PartPath")]
    path: String,
    #[serde(rename = "Size")]
    size: u32,
}

impl servicemodel_runtime::Validate for PutPart {}

fn rest_server() -> Router<impl servicemodel_runtime_server::Dispatch> {
    rest_server_with(servicemodel_runtime_server::NoAuth)
}

fn rest_server_with(
    authenticator: impl servicemodel_runtime_server::Authenticator,
) -> Router<impl servicemodel_runtime_server::Dispatch> {
    let routes = std::sync::Arc::new(rest_routes());
    Router::builder(Protocol::RestJson1, move |request: http::Request<Bytes>, ctx: RequestContext| {
        let routes = routes.clone();
        async move {
            let found = routes.find(request.method(), request.uri())?;
            match *found.value {
                Op::Create => json_response(Protocol::RestJson1, 201, &serde_json::json!({"Created": true})),
                Op::List => json_response(
                    Protocol::RestJson1,
                    200,
                    &serde_json::json!({"Tags": found.query.get_all("Tag").collect::<Vec<_>>()}),
                ),
                Op::Get => json_response(Protocol::RestJson1, 200, &serde_json::json!({"ThingName": found.labels.get("ThingName")})),
                Op::Put => {
                    let mut object = parse_json_object(&ctx, Protocol::RestJson1, request.body())?;
                    for (name, value) in found.labels.iter() {
                        object.insert(name.to_owned(), value.into());
                    }
                    let input: PutPart = input_from_object(&ctx, object, |v| ServerError::from_violations(400, "BadRequestException", &v))?;
                    json_response(
                        Protocol::RestJson1,
                        200,
                        &serde_json::json!({"Thing": input.thing, "Path": input.path, "Size": input.size}),
                    )
                }
            }
        }
    })
    .authenticator(authenticator)
    .internal_error(ServerError::new(500, "InternalServiceErrorException", "Internal error"))
    .build()
}

async fn rest_call(
    server: &Server,
    method: &str,
    path: &str,
    body: &'static str,
) -> http::Response<Bytes> {
    let mut request = http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", server.url()));
    if !body.is_empty() {
        request = request.header("content-type", "application/json");
    }
    let request = request.body(Bytes::from_static(body.as_bytes())).unwrap();
    tokio::time::timeout(LIMIT, HyperClient::new().send(request))
        .await
        .expect("an answer in time")
        .expect("an HTTP answer")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rest_json_routes_over_the_socket() {
    let server = Server::start(rest_server()).await;

    let created = rest_call(&server, "POST", "/v1/things", "").await;
    assert_eq!(created.status(), 201);
    let listed = rest_call(&server, "GET", "/v1/things?Tag=a&Tag=b%20c", "").await;
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(listed.body()).unwrap()["Tags"],
        serde_json::json!(["a", "b c"])
    );
    let got = rest_call(&server, "GET", "/v1/things/my%20thing", "").await;
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(got.body()).unwrap()["ThingName"],
        "my thing"
    );
    let put = rest_call(
        &server,
        "PUT",
        "/v1/things/t/parts/a/b%2Fc/d",
        r#"{"Size": 3}"#,
    )
    .await;
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(put.body()).unwrap(),
        serde_json::json!({"Thing": "t", "Path": "a/b/c/d", "Size": 3})
    );

    let missing = rest_call(&server, "PUT", "/v1/things/t/parts/p", "{}").await;
    assert_eq!(missing.status(), 400);
    assert_eq!(missing.headers()["x-amzn-errortype"], "BadRequestException");
    let not_found = rest_call(&server, "GET", "/v2/elsewhere", "").await;
    assert_eq!(not_found.status(), 404);
    assert_eq!(
        not_found.headers()["x-amzn-errortype"],
        "UnknownOperationException"
    );
    assert_eq!(not_found.headers()["content-type"], "application/json");
    let body: serde_json::Value = serde_json::from_slice(not_found.body()).unwrap();
    assert!(
        body.get("__type").is_none() && body["message"].is_string(),
        "{body}"
    );
    let wrong_method = rest_call(&server, "DELETE", "/v1/things", "").await;
    assert_eq!(wrong_method.status(), 405);
    assert_eq!(wrong_method.headers()["allow"], "POST, GET");
    assert!(wrong_method.headers().contains_key("x-amzn-requestid"));

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn layered_routers_serve_and_shut_down_gracefully() {
    let layered = tower::ServiceBuilder::new()
        .map_response(
            |mut response: http::Response<servicemodel_runtime_server::ByteStream>| {
                response
                    .headers_mut()
                    .insert("x-served-by", http::HeaderValue::from_static("layer"));
                response
            },
        )
        .service(signed_v2_server());
    let server = Server::start(layered).await;
    let config = client(&server, AKID, SECRET);
    let raw = call(&config, v2_request("Greet", r#"{"Name":"Ada"}"#)).await;
    assert_eq!(raw.status, 200);
    assert_eq!(raw.headers["x-served-by"], "layer");

    // A request under way when shutdown begins still gets its answer.
    let slow = {
        let config = config.clone();
        tokio::spawn(async move { call(&config, v2_request("Slow", "{}")).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    let address = server.address;
    server.stop().await;
    let raw = tokio::time::timeout(LIMIT, slow).await.unwrap().unwrap();
    assert_eq!(raw.status, 200);
    // Stopped means no longer listening.
    assert!(tokio::net::TcpStream::connect(address).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_rest_json_requests_with_encoded_labels_and_queries_verify() {
    let server = Server::start(rest_server_with(
        SigV4Authenticator::new("sms-voice").with_key(AKID, SECRET),
    ))
    .await;
    let config = client(&server, AKID, SECRET);
    let get = |path_and_query: &str| OperationRequest {
        method: http::Method::GET,
        path_and_query: path_and_query.into(),
        headers: Vec::new(),
        body: Bytes::new(),
        host_prefix: None,
    };

    let raw = call(&config, get("/v1/things/my%20thing%2Fwith%2Bsigns")).await;
    assert_eq!(raw.status, 200, "{}", raw.body_text());
    assert_eq!(json(&raw)["ThingName"], "my thing/with+signs");

    let raw = call(&config, get("/v1/things?Tag=b&Tag=a%2Fz&Tag=%C3%A9")).await;
    assert_eq!(raw.status, 200, "{}", raw.body_text());
    assert_eq!(json(&raw)["Tags"], serde_json::json!(["b", "a/z", "é"]));

    let put = OperationRequest {
        method: http::Method::PUT,
        path_and_query: "/v1/things/t/parts/a/b".into(),
        headers: vec![(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        )],
        body: Bytes::from_static(br#"{"Size": 9}"#),
        host_prefix: None,
    };
    let raw = call(&config, put).await;
    assert_eq!(raw.status, 200, "{}", raw.body_text());
    assert_eq!(json(&raw)["Path"], "a/b");

    let raw = call(&client(&server, AKID, "wrong"), get("/v1/things/x")).await;
    assert_eq!(raw.status, 403);
    assert_eq!(raw.headers["x-amzn-errortype"], "SignatureDoesNotMatch");
    assert!(json(&raw).get("__type").is_none());

    server.stop().await;
}

/// A dispatcher whose `PUT` and `POST` stream: each reads the request body a chunk at a time
/// (counting, keeping nothing) and answers with a body it makes as it is read; the `PUT`'s
/// request streams too, the `POST`'s is read whole first. Other requests go the buffered way.
struct Streams;

impl servicemodel_runtime_server::Dispatch for Streams {
    fn dispatch(
        &self,
        _request: http::Request<Bytes>,
        _context: RequestContext,
    ) -> servicemodel_runtime_server::BoxFuture<'static, Result<http::Response<Bytes>, ServerError>>
    {
        Box::pin(async { Ok(http::Response::new(Bytes::from_static(b"buffered"))) })
    }

    fn streams(&self, request: &http::request::Parts) -> bool {
        request.method == http::Method::PUT || request.method == http::Method::POST
    }

    fn request_streams(&self, request: &http::request::Parts) -> bool {
        request.method == http::Method::PUT
    }

    fn dispatch_streaming(
        &self,
        request: http::Request<servicemodel_runtime_server::ByteStream>,
        context: RequestContext,
    ) -> servicemodel_runtime_server::BoxFuture<
        'static,
        Result<http::Response<servicemodel_runtime_server::ByteStream>, ServerError>,
    > {
        Box::pin(async move {
            let caller = context.caller.map(|c| c.id).unwrap_or_default();
            let mut body = request.into_body();
            let mut read = 0u64;
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(|e| ServerError::new(400, "BadBody", e.to_string()))?;
                read += chunk.len() as u64;
            }
            // An answer of `read` bytes, made a chunk at a time as the client reads it.
            let chunks = read.div_ceil(1 << 20);
            let made = futures_stream(chunks, read);
            let mut response = http::Response::new(
                servicemodel_runtime_server::ByteStream::from_stream(made, Some(read)),
            );
            response
                .headers_mut()
                .insert("x-caller", caller.parse().unwrap());
            Ok(response)
        })
    }
}

/// `chunks` chunks of zeros, `total` bytes in all, made as they are read.
fn futures_stream(
    chunks: u64,
    total: u64,
) -> impl servicemodel_runtime::stream::Stream<Item = Result<Bytes, Infallible>> {
    struct Made(u64, u64, u64);
    impl servicemodel_runtime::stream::Stream for Made {
        type Item = Result<Bytes, Infallible>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            if self.0 == self.1 {
                return std::task::Poll::Ready(None);
            }
            let size = (self.2 - self.0 * (1 << 20)).min(1 << 20);
            self.0 += 1;
            std::task::Poll::Ready(Some(Ok(Bytes::from(vec![0u8; size as usize]))))
        }
    }
    Made(0, chunks, total)
}

/// Streaming operations get their body unread, past the body limit, authenticated before it
/// is read (against the hash the request claims, or unsigned as it says), and answer with a
/// stream; a body that does not match its claimed hash fails as it is read.
#[tokio::test]
async fn streaming_operations_read_and_answer_streams() {
    use servicemodel_runtime_client::{send_streaming, ByteStream};
    let router = Router::builder(Protocol::RestJson1, Streams)
        .authenticator(SigV4Authenticator::new("sms-voice").with_key(AKID, SECRET))
        .body_limit(64 * 1024)
        .build();
    let server = Server::start(router).await;
    let config = Config::builder()
        .region("us-east-1")
        .endpoint_url(server.url())
        .credentials(Credentials::new(AKID, SECRET, None, None, "test"))
        .retry(RetryConfig::disabled())
        .build();
    let put = |body: ByteStream| OperationRequest {
        method: http::Method::PUT,
        path_and_query: "/objects/a".to_owned(),
        headers: Vec::new(),
        body,
        host_prefix: None,
    };
    // 8 MiB, far past the 64 KiB limit, unsigned and chunked; and bytes in memory, hashed.
    let stream = ByteStream::from_stream(futures_stream(8, 8 << 20), None);
    for (body, length) in [
        (stream, 8u64 << 20),
        (ByteStream::from(vec![7u8; 100_000]), 100_000),
    ] {
        let response = tokio::time::timeout(
            LIMIT,
            send_streaming(&config, &SERVICE, put(body), SERVICE.auth),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["x-caller"], AKID);
        let mut body = response.into_body();
        assert_eq!(body.length(), Some(length));
        let mut read = 0;
        while let Some(chunk) = tokio::time::timeout(LIMIT, body.next()).await.unwrap() {
            read += chunk.unwrap().len() as u64;
        }
        assert_eq!(read, length);
    }

    // A body that is not the one its signed hash claims: refused as it is read.
    // (Of the same length: the signature covers `Content-Length`.)
    let forged = Bytes::from_static(b"what was forged");
    let head = {
        let signed = OperationRequest {
            method: http::Method::PUT,
            path_and_query: "/objects/a".to_owned(),
            headers: Vec::new(),
            body: ByteStream::from(b"what was signed".as_slice()),
            host_prefix: None,
        };
        let replay = servicemodel_runtime_client::ReplayClient::new().respond(200, &[], "");
        let recording = servicemodel_runtime_client::ConfigBuilder::from(config.clone())
            .http_client(replay.clone())
            .build();
        send_streaming(&recording, &SERVICE, signed, SERVICE.auth)
            .await
            .unwrap();
        replay.requests().remove(0)
    };
    let (parts, _) = head.into_parts();
    let answer = HyperClient::new()
        .send(http::Request::from_parts(parts, forged))
        .await
        .unwrap();
    assert_eq!(answer.status(), 400, "{answer:?}");
    assert!(
        String::from_utf8_lossy(answer.body()).contains("XAmzContentSHA256Mismatch"),
        "{answer:?}"
    );

    // A streaming request that names no hash cannot be checked before it is read.
    // (Signed as a buffered request is: the hash in the signature only.)
    let replay = servicemodel_runtime_client::ReplayClient::new().respond(200, &[], "");
    let recording = servicemodel_runtime_client::ConfigBuilder::from(config.clone())
        .http_client(replay.clone())
        .build();
    let buffered = OperationRequest {
        method: http::Method::PUT,
        path_and_query: "/objects/a".to_owned(),
        headers: Vec::new(),
        body: Bytes::from_static(b"what was signed"),
        host_prefix: None,
    };
    send(&recording, &SERVICE, buffered).await.unwrap();
    let unclaimed = replay.requests().remove(0);
    assert!(!unclaimed.headers().contains_key("x-amz-content-sha256"));
    let answer = HyperClient::new().send(unclaimed).await.unwrap();
    assert_eq!(answer.status(), 400);
    assert!(
        String::from_utf8_lossy(answer.body()).contains("x-amz-content-sha256"),
        "{answer:?}"
    );

    // Where only the answer streams, the request is read and authenticated as any other:
    // signed the buffered way (no hash header, as boto3 signs), held to the body limit.
    for (size, status) in [(1000usize, 200u16), (100_000, 413)] {
        let post = OperationRequest {
            method: http::Method::POST,
            path_and_query: "/objects/a".to_owned(),
            headers: Vec::new(),
            body: Bytes::from(vec![1u8; size]),
            host_prefix: None,
        };
        let answer = call(&config, post).await;
        assert_eq!(
            answer.status,
            status,
            "{size} bytes: {}",
            answer.body_text()
        );
        if status == 200 {
            assert_eq!(answer.body.len(), size);
            assert_eq!(answer.headers["x-caller"], AKID);
        }
    }
    server.stop().await;
}

/// With the `http2` feature, one port takes HTTP/1.1 and HTTP/2 with prior knowledge (h2c),
/// told apart by the connection's first bytes, and the client's transport sends a request
/// that asks for HTTP/2 over HTTP/2 and any other over HTTP/1.1.
#[cfg(feature = "http2")]
#[tokio::test]
async fn http2_with_prior_knowledge_and_http1_share_a_port() {
    let versions = tower::service_fn(|request: http::Request<hyper::body::Incoming>| async move {
        let version = format!("{:?}", request.version());
        Ok::<_, Infallible>(http::Response::new(http_body_util::Full::new(Bytes::from(
            version,
        ))))
    });
    let server = Server::start(versions).await;
    let client = HyperClient::new();
    for (asked, expected) in [
        (http::Version::HTTP_11, "HTTP/1.1"),
        (http::Version::HTTP_2, "HTTP/2.0"),
        (http::Version::HTTP_2, "HTTP/2.0"),
    ] {
        let request = http::Request::builder()
            .uri(format!("{}/", server.url()))
            .version(asked)
            .body(servicemodel_runtime::ByteStream::empty())
            .unwrap();
        let answer = tokio::time::timeout(LIMIT, client.send_streaming(request))
            .await
            .expect("answered in time")
            .expect("answered");
        assert_eq!(answer.version(), asked);
        let body = answer.into_body().collect().await.unwrap();
        assert_eq!(body, expected);
    }
    server.stop().await;
}
