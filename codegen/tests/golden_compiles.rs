//! The golden files of `tests/golden/` compile without a warning, and the code in them does
//! what the emitters promise: keywords as member names, shapes named like `std` types,
//! recursion through boxes and lists, empty structures, maps with enum keys, blobs,
//! timestamps, floats, sensitive members, builders, errors and validators.

#![deny(warnings)]

#[path = "golden/src/exampleedge/mod.rs"]
pub mod exampleedge;
#[path = "golden/src/examplejson/mod.rs"]
pub mod examplejson;
#[path = "golden/src/examplenames/mod.rs"]
pub mod examplenames;
#[path = "golden/src/examplerest/mod.rs"]
pub mod examplerest;

use serde_json::json;
use servicemodel_runtime::{Blob, ServiceError, Timestamp};

fn edge_input() -> exampleedge::EverythingInput {
    exampleedge::EverythingInput::builder()
        .r#type(exampleedge::Result::builder().ok("fine").build())
        .kind("TEXT_ALL")
        .tree(exampleedge::Tree::builder().build())
        .build()
        .unwrap()
}

#[test]
fn keywords_and_std_names_round_trip() {
    let mut input = edge_input();
    input.self_ = Some("me".to_owned());
    input.r#match = Some(true);
    input.r#async = Some(vec!["a".to_owned()]);
    input.foo1 = Some("1".to_owned());
    input.foo_1 = Some("_1".to_owned());
    let value = serde_json::to_value(&input).unwrap();
    assert_eq!(
        value,
        json!({
            "Type": {"Ok": "fine"},
            "Self": "me",
            "Match": true,
            "Async": ["a"],
            "Foo1": "1",
            "Foo_1": "_1",
            "Kind": "TEXT_ALL",
            "Tree": {}
        })
    );
    let back: exampleedge::EverythingInput = serde_json::from_value(value).unwrap();
    assert_eq!(back, input);
    let option: exampleedge::Option =
        serde_json::from_value(json!({"Some": "x", "None": false, "Extra": 1})).unwrap();
    assert_eq!(option.some.as_deref(), Some("x"));
}

#[test]
fn recursive_structures_are_boxed_and_round_trip() {
    let leaf = exampleedge::Tree::builder().value(1).build();
    let tree = exampleedge::Tree::builder()
        .left(leaf.clone())
        .children(vec![leaf.clone(), leaf])
        .build();
    let left: Box<exampleedge::Tree> = tree.left.clone().unwrap();
    assert_eq!(left.value, Some(1));
    let json = serde_json::to_value(&tree).unwrap();
    assert_eq!(
        json,
        json!({"Left": {"Value": 1}, "Children": [{"Value": 1}, {"Value": 1}]})
    );
    assert_eq!(
        serde_json::from_value::<exampleedge::Tree>(json).unwrap(),
        tree
    );
}

#[test]
fn empty_structures_are_empty_objects() {
    let empty = exampleedge::Empty::builder().build();
    assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
    let _: exampleedge::Empty = serde_json::from_str(r#"{"Ignored": [1, 2]}"#).unwrap();
}

#[test]
fn maps_blobs_timestamps_and_floats_use_their_wire_forms() {
    let mut input = edge_input();
    let mut by_kind = std::collections::BTreeMap::new();
    by_kind.insert(exampleedge::Kind::V3des, vec!["x".to_owned()]);
    by_kind.insert(exampleedge::Kind::from("NEW_KIND"), vec![]);
    input.by_kind = Some(by_kind);
    input.payload = Some(Blob::new(b"abc".to_vec()));
    input.at = Some(Timestamp::from_secs(1_515_531_081));
    input.ratio = Some(f64::NAN);
    input.weight = Some(f32::INFINITY);
    input.offset = Some(i64::MIN);
    let value = serde_json::to_value(&input).unwrap();
    assert_eq!(value["ByKind"], json!({"3DES": ["x"], "NEW_KIND": []}));
    assert_eq!(value["Payload"], json!("YWJj"));
    assert_eq!(value["At"], json!(1_515_531_081));
    assert_eq!(value["Ratio"], json!("NaN"));
    assert_eq!(value["Weight"], json!("Infinity"));
    assert_eq!(value["Offset"], json!(i64::MIN));
    let back: exampleedge::EverythingInput = serde_json::from_value(value).unwrap();
    assert!(back.ratio.unwrap().is_nan());
    assert_eq!(back.by_kind, input.by_kind);
    assert_eq!(back.payload, input.payload);

    // rest-json: an iso8601 timestamp member is text; bound members stay out of the body.
    let response: examplerest::GetThingResponse =
        serde_json::from_value(json!({"When": "2018-01-09T21:31:21Z", "Type": "t"})).unwrap();
    assert_eq!(response.when, Some(Timestamp::from_secs(1_515_533_481)));
    let request = examplerest::GetThingRequest::builder()
        .thing_id("id-1")
        .trace("abc")
        .build()
        .unwrap();
    assert_eq!(serde_json::to_value(&request).unwrap(), json!({}));
}

#[test]
fn enums_keep_unknown_values_and_name_the_catch_all_apart() {
    let kind: exampleedge::Kind = serde_json::from_str("\"UNKNOWN\"").unwrap();
    assert_eq!(kind, exampleedge::Kind::Unknown2);
    assert!(kind.is_known());
    let new: exampleedge::Kind = serde_json::from_str("\"BRAND_NEW\"").unwrap();
    assert!(matches!(new, exampleedge::Kind::Unknown(_)));
    assert_eq!(new.as_str(), "BRAND_NEW");
    assert_eq!(serde_json::to_string(&new).unwrap(), "\"BRAND_NEW\"");
    assert_eq!(
        "self".parse::<exampleedge::Kind>().unwrap(),
        exampleedge::Kind::Self_
    );
    assert_eq!(exampleedge::Kind::V3des.to_string(), "3DES");
    assert_eq!(examplejson::ThingType::VALUES.len(), 5);
}

#[test]
fn debug_redacts_sensitive_members() {
    let mut input = edge_input();
    input.secret = Some("hunter2".to_owned());
    input.secrets = Some(vec!["pw".to_owned()]);
    let text = format!("{input:?}");
    assert!(
        !text.contains("hunter2") && !text.contains("\"pw\""),
        "{text}"
    );
    assert!(
        text.contains("secret: *** Sensitive Data Redacted ***"),
        "{text}"
    );
    let builder = examplejson::PutThingRequest::builder().description("private words");
    assert!(!format!("{builder:?}").contains("private words"));
}

#[test]
fn builders_name_every_missing_required_member() {
    let error = exampleedge::EverythingInput::builder()
        .kind("self")
        .build()
        .unwrap_err();
    assert_eq!(error.missing(), ["Type", "Tree"]);
    assert_eq!(
        error.to_string(),
        "cannot build EverythingInput: missing required members Type, Tree"
    );
}

/// Without required members `build()` cannot fail, so it returns the value; setters take
/// anything that converts (a blob from a slice, an array, text or `Bytes`; an enum from text;
/// a timestamp from `SystemTime`).
#[test]
fn builders_without_required_members_build_values_and_setters_convert() {
    let tree: exampleedge::Tree = exampleedge::Tree::builder().value(2).build();
    assert_eq!(tree.value, Some(2));
    let from = |blob: exampleedge::builders::EverythingInputBuilder| blob.build().unwrap().payload;
    let base = || {
        exampleedge::EverythingInput::builder()
            .r#type(exampleedge::Result::builder().build())
            .kind("TEXT_ALL")
            .tree(tree.clone())
    };
    let expected = Some(Blob(b"ab".to_vec()));
    assert_eq!(from(base().payload(&b"ab"[..])), expected);
    assert_eq!(from(base().payload(b"ab")), expected);
    assert_eq!(from(base().payload("ab")), expected);
    assert_eq!(
        from(base().payload(bytes::Bytes::from_static(b"ab"))),
        expected
    );
    assert_eq!(from(base().payload(vec![b'a', b'b'])), expected);
    let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(7);
    let choice = exampleedge::Choice::At(at.into());
    assert!(matches!(choice, exampleedge::Choice::At(t) if t == Timestamp::from_secs(7)));
}

#[test]
fn validators_check_every_constraint_kind_with_paths() {
    let mut input = edge_input();
    input.kind = exampleedge::Kind::from("NOPE");
    input.super_ = Some(11);
    input.r#async = Some(vec![]);
    input.payload = Some(Blob::new(b"12345".to_vec()));
    input.ratio = Some(-2.0);
    input.weight = Some(-0.5);
    input.offset = Some(0);
    input.secret = Some("abc".to_owned());
    input.matrix = Some(vec![vec!["a".to_owned()], vec![]]);
    input.format = Some("XML".to_owned());
    let mut deep = exampleedge::Tree::builder().value(-1).build();
    deep.children = Some(vec![
        exampleedge::Tree::builder().build(),
        exampleedge::Tree::builder().value(99).build(),
        exampleedge::Tree::builder().build(),
    ]);
    input.tree.left = Some(Box::new(deep));
    let mut by_kind = std::collections::BTreeMap::new();
    by_kind.insert(exampleedge::Kind::from("BAD"), vec!["x".to_owned()]);
    input.by_kind = Some(by_kind);
    let violations = input.validate().unwrap_err();
    let found: Vec<(&str, &str)> = violations
        .iter()
        .map(|v| (v.path.as_str(), v.message.split(" failed").next().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("/Super", "Value 11 at '/Super'"),
            ("/Async", "Value with length 0 at '/Async'"),
            ("/Kind", "Value at '/Kind'"),
            ("/Tree/Left/Value", "Value -1 at '/Tree/Left/Value'"),
            (
                "/Tree/Left/Children",
                "Value with length 3 at '/Tree/Left/Children'"
            ),
            (
                "/Tree/Left/Children/1/Value",
                "Value 99 at '/Tree/Left/Children/1/Value'"
            ),
            ("/ByKind/BAD", "Value at '/ByKind/BAD'"),
            ("/Payload", "Value with length 5 at '/Payload'"),
            ("/Ratio", "Value -2 at '/Ratio'"),
            ("/Weight", "Value -0.5 at '/Weight'"),
            ("/Offset", "Value 0 at '/Offset'"),
            ("/Secret", "Value with length 3 at '/Secret'"),
            ("/Matrix/1", "Value with length 0 at '/Matrix/1'"),
            ("/Format", "Value at '/Format'"),
        ]
    );
    assert!(violations.iter().any(|v| v
        .message
        .ends_with("must satisfy enum value set: [YAML, JSON]")));
    assert!(edge_input().validate().is_ok());
    let mut json = edge_input();
    json.format = Some("JSON".to_owned());
    assert!(json.validate().is_ok());
}

/// Java's `(?i)^[a-z]+\z` is checked with its meaning: case-insensitive, to the very end.
#[test]
fn translated_patterns_keep_their_meaning() {
    let mut input = edge_input();
    input.pin = Some("AbC".to_owned());
    assert!(input.validate().is_ok());
    input.pin = Some("ab1".to_owned());
    let violations = input.validate().unwrap_err();
    assert_eq!(
        violations
            .iter()
            .map(|v| v.path.as_str())
            .collect::<Vec<_>>(),
        ["/Pin"]
    );
}

/// What the model says of operations, errors and members reaches the generated code: an
/// operation marked `noAuth` is sent unsigned, the others with the service's schemes, and a
/// sensitive integer is redacted.
#[test]
fn unsigned_operations_and_sensitive_members() {
    use servicemodel_runtime::AuthScheme::{Bearer, SigV4};
    use servicemodel_runtime_client::Operation;
    assert!(<exampleedge::client::NothingInput as Operation>::AUTH.is_empty());
    assert_eq!(
        <exampleedge::EverythingInput as Operation>::AUTH,
        [SigV4, Bearer]
    );
    assert_eq!(exampleedge::client::SERVICE.auth, [SigV4, Bearer]);
    assert_eq!(<examplejson::PutThingRequest as Operation>::AUTH, [SigV4]);
    // Each operation has an input type of its own, though the model shares one.
    assert_eq!(
        <exampleedge::EverythingAgainInput as Operation>::NAME,
        "EverythingAgain"
    );
    let mut input = edge_input();
    input.code = Some(1234);
    assert!(!format!("{input:?}").contains("1234"));
}

#[test]
fn patterns_ranges_and_lengths_in_the_json_model() {
    let ok = examplejson::PutThingRequest::builder()
        .name("thing_1")
        .r#type("TEXT_ALL")
        .build()
        .unwrap();
    assert!(ok.validate().is_ok());
    let mut bad = ok.clone();
    bad.name = "no spaces".to_owned();
    bad.count = Some(-6);
    bad.score = Some(1.6);
    bad.client_token = Some(" padded".to_owned());
    bad.description = Some("   ".to_owned());
    // In the model's member order.
    let violations = bad.validate().unwrap_err();
    let messages: Vec<&str> = violations.iter().map(|v| v.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "Value at '/Name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[A-Za-z0-9_-]+$",
            "Value 1.6 at '/Score' failed to satisfy constraint: Member must be between 0 and 1.5, inclusive",
            "Value -6 at '/Count' failed to satisfy constraint: Member must be between -5 and 5, inclusive",
            "Value at '/Description' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!\\s*$)[\\s\\S]+",
            "Value at '/ClientToken' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!\\s)^[\\s\\S]+(?<!\\s)",
        ]
    );
}

#[test]
fn violations_become_the_service_validation_error() {
    let mut bad = examplejson::ListThingsRequest::builder().build();
    bad.max_results = Some(0);
    let violations = bad.validate().unwrap_err();
    // example-json: ValidationException { Message, Reason }.
    let error: examplejson::errors::ListThingsError = violations.clone().into();
    let examplejson::errors::ListThingsError::ValidationException(inner) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(inner.reason.as_deref(), Some("FIELD_VALIDATION_FAILED"));
    assert_eq!(error.http_status(), 400);
    assert!(error
        .message()
        .unwrap()
        .starts_with("1 validation error detected: Value 0 at '/MaxResults'"));
    // example-edge: InvalidRequestException has a required member the rule cannot fill, so
    // violations become an unhandled error with its code and status.
    let error: exampleedge::errors::EverythingError = violations.clone().into();
    assert_eq!(error.code(), "InvalidRequestException");
    assert_eq!(error.http_status(), 422);
    // example-rest has no validation error at all.
    let error: examplerest::errors::GetThingError = violations.into();
    assert_eq!(
        (error.code(), error.http_status()),
        ("ValidationException", 400)
    );
}

#[test]
fn operation_errors_decode_answers_and_know_their_status() {
    use exampleedge::errors::EverythingError;
    let error = EverythingError::from_response("ns#SlowDown:http://x", 400, b"{}");
    assert!(matches!(error, EverythingError::SlowDown(_)));
    assert!(error.is_retryable(), "throttling");
    let error = EverythingError::from_response(
        "InvalidRequestException",
        422,
        br#"{"message": "bad", "Details": {"Ok": "no"}}"#,
    );
    assert_eq!(error.message(), Some("bad"));
    assert_eq!(error.to_string(), "InvalidRequestException: bad");
    assert!(!error.is_retryable());
    let error = EverythingError::from_response("Broken", 503, br#"{"Message": "down"}"#);
    assert!(error.is_retryable(), "5xx");
    assert_eq!(exampleedge::Broken::HTTP_STATUS, 503);
    let error = EverythingError::from_response("Mystery", 500, br#"{"message": "?"}"#);
    assert!(matches!(&error, EverythingError::Unhandled(e) if e.message() == Some("?")));
    assert!(error.is_retryable());
    assert!(std::error::Error::source(&error).is_some());
    // A body that does not fit the error shape is unhandled, not a panic.
    let error =
        EverythingError::from_response("InvalidRequestException", 422, br#"{"Details": 5}"#);
    assert!(matches!(error, EverythingError::Unhandled(_)));
    // One that leaves out a required member is read, the member at its zero value (client
    // error correction).
    let error = EverythingError::from_response("InvalidRequestException", 422, b"{}");
    match error {
        EverythingError::InvalidRequestException(error) => {
            assert_eq!(error.details, exampleedge::Result::builder().build())
        }
        other => panic!("expected InvalidRequestException, got {other:?}"),
    }
    // The JSON model's error reads `Message` from `message` too.
    let error = examplejson::errors::PutThingError::from_response(
        "ThrottlingException",
        429,
        br#"{"message": "slow"}"#,
    );
    assert_eq!(error.message(), Some("slow"));
}

/// Client error correction: a response that leaves out required members (or sends them as
/// `null`) is read with each at its type's zero value, as the Smithy specification asks of
/// clients, however deeply nested; members that are sent keep their values. Servers stay
/// strict.
#[test]
fn clients_correct_missing_required_members_of_every_kind() {
    use servicemodel_runtime_client::{Operation, RawResponse};
    let response = |body: &'static str| RawResponse {
        status: 200,
        headers: Default::default(),
        body: body.into(),
    };
    let parse = |body: &'static str| {
        <exampleedge::client::CompleteInput as Operation>::parse_output(&response(body))
    };
    let zero = parse("{}").expect("an empty answer is corrected");
    assert_eq!(zero.text, "");
    assert_eq!((zero.count, zero.big), (0, 0));
    assert_eq!((zero.ratio, zero.weight), (0.0, 0.0));
    assert!(!zero.flag);
    assert_eq!(zero.at, Timestamp::from_secs(0));
    assert_eq!(zero.iso_at, Timestamp::from_secs(0));
    assert_eq!(zero.bytes, Blob(Vec::new()));
    assert!(zero.items.is_empty());
    assert!(zero.by_kind.is_empty());
    assert!(!zero.kind.is_known());
    assert_eq!(zero.kind.as_str(), "");
    // A structure gets its own corrected value: required members zero, the rest unset.
    assert_eq!(zero.pair.key, "");
    assert_eq!(zero.pair.value, None);
    assert!(matches!(zero.choice, exampleedge::Choice::Unknown(_)));
    assert_eq!(zero.doc, servicemodel_runtime::Document::Null);
    assert_eq!(zero.secret, "");
    assert_eq!(zero.note, None);
    // `null` counts as absent; what is sent is kept, at any depth.
    let sent = parse(
        r#"{"Text": null, "Count": 7, "Pair": {"Value": "v"}, "Choice": {"Text": "t"},
            "Items": ["a"], "Kind": "TEXT_ALL", "Note": "n"}"#,
    )
    .expect("a partial answer is corrected");
    assert_eq!(sent.text, "");
    assert_eq!(sent.count, 7);
    assert_eq!(
        (sent.pair.key.as_str(), sent.pair.value.as_deref()),
        ("", Some("v"))
    );
    assert!(matches!(&sent.choice, exampleedge::Choice::Text(t) if t == "t"));
    assert_eq!(sent.items, ["a"]);
    assert_eq!(sent.kind, exampleedge::Kind::TextAll);
    assert_eq!(sent.note.as_deref(), Some("n"));
    // A value of the wrong type is still unreadable.
    assert!(parse(r#"{"Count": "seven"}"#).is_err());
    // Outside a client's reading, a missing required member stays an error.
    assert!(serde_json::from_str::<exampleedge::Complete>("{}").is_err());
    assert!(servicemodel_runtime::json::decode::<exampleedge::Pair>(b"{}").is_err());
}

#[test]
fn decoding_reports_missing_required_members_as_violations() {
    let violations = servicemodel_runtime::json::decode_input::<examplejson::PutThingRequest>(
        br#"{"Type": "TEXT_ALL", "Tree": {"Children": [{}, {"Partner": {}}]}}"#,
    )
    .unwrap_err();
    assert_eq!(
        violations.0[0].message,
        "Value null at '/Name' failed to satisfy constraint: Member must not be null"
    );
}

/// The items of a list, one at a time: the events (and exceptions) a test server streams.
struct Items<T>(std::collections::VecDeque<T>);

impl<T: Unpin> servicemodel_runtime_client::Stream for Items<T> {
    type Item = T;
    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<T>> {
        std::task::Poll::Ready(self.get_mut().0.pop_front())
    }
}

/// A generated router served on 127.0.0.1 until [`Running::stop`].
struct Running {
    addr: std::net::SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<()>,
}

impl Running {
    async fn start<D: servicemodel_runtime_server::Dispatch>(
        router: servicemodel_runtime_server::Router<D>,
    ) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(servicemodel_runtime_server::serve_with_shutdown(
            listener,
            router,
            async {
                let _ = stopped.await;
            },
        ));
        Self { addr, stop, server }
    }

    /// A client configuration for the server: a region, the key `AKID`, no retries.
    fn config(&self) -> servicemodel_runtime_client::ConfigBuilder {
        servicemodel_runtime_client::Config::builder()
            .region("us-east-1")
            .endpoint_url(format!("http://{}", self.addr))
            .credentials(servicemodel_runtime_client::Credentials::new(
                "AKID", "secret", None, None, "test",
            ))
            .retry(servicemodel_runtime_client::RetryConfig::disabled())
    }

    async fn stop(self) {
        let _ = self.stop.send(());
        self.server.await.unwrap();
    }
}

/// The JSON 1.1 service's generated client calls its generated server over a socket on
/// 127.0.0.1: both speak JSON 1.1 (the server once answered its own client's content type
/// with 415), and a success, a modelled error, a validation failure and an operation left
/// unimplemented (501) reach the client as such.
#[tokio::test]
async fn json_1_1_client_calls_its_server() {
    use servicemodel_runtime::ServiceError as _;
    use servicemodel_runtime_client::{Config, Credentials, SdkError};
    use servicemodel_runtime_server::{NoAuth, RequestContext};

    struct Edge;
    impl exampleedge::server::ExampleEdgeApi for Edge {
        async fn everything(
            &self,
            context: RequestContext,
            input: exampleedge::EverythingInput,
        ) -> Result<exampleedge::Option, exampleedge::errors::EverythingError> {
            // A large input came compressed (`requestcompression`): its body on the wire is
            // far shorter than what was decoded.
            if let Some(long) = &input.foo1 {
                let sent: usize = context.headers
                    [servicemodel_runtime_server::http::header::CONTENT_LENGTH]
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                let compressed = sent < long.len() / 10;
                let asked = long.starts_with('z');
                return Ok(exampleedge::Option::builder()
                    .some(format!(
                        "{} compressed: {compressed}, asked: {asked}",
                        long.len()
                    ))
                    .build());
            }
            if input.kind == exampleedge::Kind::TextAll {
                Ok(exampleedge::Option::builder().some("done").build())
            } else {
                Err(exampleedge::errors::EverythingError::SlowDown(
                    exampleedge::SlowDown::builder().build(),
                ))
            }
        }
    }

    let running = Running::start(
        exampleedge::server::router(Edge)
            .authenticator(NoAuth)
            .build(),
    )
    .await;
    let addr = running.addr;
    let config = |validate: bool| running.config().validate_input(validate).build();
    let client = exampleedge::Client::new(config(true));

    let output = client.execute(edge_input()).await.expect("a success");
    assert_eq!(output.some.as_deref(), Some("done"));

    // Bodies from 10,240 bytes are gzipped and the server reads them; smaller ones, or any
    // with compression turned off, go as they are.
    for (len, client, compressed) in [
        (20_000, &client, true),
        (1_000, &client, false),
        (
            20_000,
            &exampleedge::Client::new(
                Config::builder()
                    .region("us-east-1")
                    .endpoint_url(format!("http://{addr}"))
                    .credentials(Credentials::new("AKID", "secret", None, None, "test"))
                    .disable_request_compression(true)
                    .build(),
            ),
            false,
        ),
    ] {
        let mut long = edge_input();
        long.foo1 = Some("z".repeat(len));
        let output = client.execute(long).await.expect("a success");
        assert_eq!(
            output.some.as_deref(),
            Some(format!("{len} compressed: {compressed}, asked: true").as_str())
        );
    }

    let mut slow = edge_input();
    slow.kind = exampleedge::Kind::V3des;
    match client.execute(slow).await {
        Err(SdkError::Service {
            error: exampleedge::errors::EverythingError::SlowDown(_),
            raw,
        }) => assert_eq!(raw.status, 400),
        other => panic!("expected SlowDown, got {other:?}"),
    }

    // Validation is the server's when the client's is off: every violation, in the
    // service's validation error (whose required `Details` the server cannot fill, so it
    // answers with its code and status).
    let mut invalid = edge_input();
    invalid.super_ = Some(11);
    let unchecked = exampleedge::Client::new(config(false));
    match unchecked.execute(invalid).await {
        Err(SdkError::Service { error, raw }) => {
            assert_eq!(raw.status, 422);
            assert_eq!(error.code(), "InvalidRequestException");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }

    // The model deprecates `Nothing`: calling it warns, as users' code would be told.
    #[allow(deprecated)]
    let nothing = client.nothing().await;
    match nothing {
        Err(SdkError::Service { error, raw }) => {
            assert_eq!(raw.status, 501);
            assert_eq!(error.code(), "NotImplemented");
        }
        other => panic!("expected NotImplemented, got {other:?}"),
    }
    running.stop().await;
}

/// A service that takes SigV4 and bearer tokens (`auth` lists both, as Amazon Bedrock's
/// does): the generated client sends a token or a signature as configured, the generated
/// server checks either, and the operation the model marks `noAuth` goes through with
/// neither. Over a socket on 127.0.0.1.
#[tokio::test]
async fn bearer_tokens_and_signatures_reach_the_server() {
    use servicemodel_runtime::{AuthScheme, ServiceError as _};
    use servicemodel_runtime_client::{Config, Credentials, RetryConfig, SdkError};
    use servicemodel_runtime_server::{
        BearerAuthenticator, ByScheme, RequestContext, SigV4Authenticator,
    };

    struct Edge;
    impl exampleedge::server::ExampleEdgeApi for Edge {
        async fn everything(
            &self,
            context: RequestContext,
            _input: exampleedge::EverythingInput,
        ) -> Result<exampleedge::Option, exampleedge::errors::EverythingError> {
            let caller = context.caller.expect("an authenticated caller");
            Ok(exampleedge::Option::builder()
                .some(format!("{} {}", caller.scheme, caller.id))
                .build())
        }
    }

    async fn serve(
        router: exampleedge::server::RouterBuilder<exampleedge::server::Dispatcher<Edge>>,
    ) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(servicemodel_runtime_server::serve_with_shutdown(
            listener,
            router.build(),
            async {
                let _ = stopped.await;
            },
        ));
        (addr, stop)
    }
    let (addr, stop) = serve(
        exampleedge::server::router(Edge).authenticator(
            ByScheme::new()
                .sigv4(SigV4Authenticator::new("edge").with_key("AKID", "secret"))
                .bearer(BearerAuthenticator::new().with_token("alice", "tok-alice")),
        ),
    )
    .await;
    let base = || {
        Config::builder()
            .region("us-east-1")
            .endpoint_url(format!("http://{addr}"))
            .retry(RetryConfig::disabled())
    };
    let credentials = Credentials::new("AKID", "secret", None, None, "test");
    let called_as = |config: Config| async move {
        let client = exampleedge::Client::new(config);
        match client.execute(edge_input()).await {
            Ok(output) => output.some.unwrap(),
            Err(SdkError::Service { error, raw }) => format!("{} {}", raw.status, error.code()),
            Err(other) => panic!("{other:?}"),
        }
    };
    assert_eq!(
        called_as(base().bearer_token("tok-alice").build()).await,
        "httpBearerAuth alice"
    );
    assert_eq!(
        called_as(base().credentials(credentials.clone()).build()).await,
        "sigv4 AKID"
    );
    // The model's order (SigV4 first) unless the config prefers otherwise.
    let both = || {
        base()
            .credentials(credentials.clone())
            .bearer_token("tok-alice")
    };
    assert_eq!(called_as(both().build()).await, "sigv4 AKID");
    assert_eq!(
        called_as(both().auth_scheme_preference([AuthScheme::Bearer]).build()).await,
        "httpBearerAuth alice"
    );
    assert_eq!(
        called_as(base().bearer_token("tok-mallory").build()).await,
        "403 InvalidClientTokenId"
    );
    // `Nothing` is `noAuth`: it reaches the implementation (which leaves it unimplemented)
    // with no identity configured, where another operation is refused before it is sent.
    let anonymous = exampleedge::Client::new(base().build());
    #[allow(deprecated)]
    match anonymous.nothing().await {
        Err(SdkError::Service { raw, .. }) => assert_eq!(raw.status, 501),
        other => panic!("expected NotImplemented, got {other:?}"),
    }
    match anonymous.execute(edge_input()).await {
        Err(SdkError::Construction(message)) => {
            assert!(message.contains("no credentials"), "{message}")
        }
        other => panic!("expected no credentials, got {other:?}"),
    }
    let _ = stop.send(());

    // The generated router's own authenticator knows no key and no token.
    let (addr, stop) = serve(exampleedge::server::router(Edge)).await;
    let client = exampleedge::Client::new(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(format!("http://{addr}"))
            .bearer_token("tok-alice")
            .build(),
    );
    match client.execute(edge_input()).await {
        Err(SdkError::Service { error, raw }) => {
            assert_eq!((raw.status, error.code()), (403, "InvalidClientTokenId"))
        }
        other => panic!("expected InvalidClientTokenId, got {other:?}"),
    }
    let _ = stop.send(());
}

/// The REST service's generated client calls its generated server over a socket on 127.0.0.1
/// with payload members: a blob body with its `Content-Type` from a member and a `jsonvalue`
/// header, and a structure body; both come back the same way. The blob operation has a host
/// prefix, which an IP-address endpoint does not take.
#[tokio::test]
async fn rest_client_and_server_carry_payloads() {
    use servicemodel_runtime_server::{NoAuth, RequestContext};

    struct Echo;
    impl examplerest::server::ExampleRestApi for Echo {
        async fn put_blob(
            &self,
            context: RequestContext,
            input: examplerest::PutBlobRequest,
        ) -> Result<examplerest::PutBlobResponse, examplerest::errors::PutBlobError> {
            // The header went base64-encoded; the handler sees the JSON text.
            if input.settings.is_some() {
                let encoded = context
                    .headers
                    .get("x-settings")
                    .and_then(|v| v.to_str().ok());
                assert_eq!(encoded, Some("eyJhIjogMX0="));
            }
            let data = input.data.map(|blob| {
                let mut bytes = blob.as_bytes().to_vec();
                bytes.reverse();
                Blob::new(bytes)
            });
            let mut output = examplerest::PutBlobResponse::builder().build();
            output.content_type = input.content_type;
            output.settings = input.settings;
            output.data = data;
            Ok(output)
        }

        async fn put_tree(
            &self,
            _: RequestContext,
            input: examplerest::PutTreeRequest,
        ) -> Result<examplerest::PutTreeResponse, examplerest::errors::PutTreeError> {
            assert_eq!(input.label.as_deref(), Some("twice"));
            let mut tree = examplerest::Tree::builder().build();
            tree.value = input.tree.value.map(|v| v * 2);
            Ok(examplerest::PutTreeResponse::builder().tree(tree).build())
        }
    }

    let running = Running::start(
        examplerest::server::router(Echo)
            .authenticator(NoAuth)
            .build(),
    )
    .await;
    let client = examplerest::Client::new(running.config().build());

    let output = client
        .put_blob()
        .name("photos")
        .content_type("image/png")
        .settings(r#"{"a": 1}"#)
        .data(Blob::new(b"abc".to_vec()))
        .send()
        .await
        .expect("a success");
    assert_eq!(output.data, Some(Blob::new(b"cba".to_vec())));
    assert_eq!(output.content_type.as_deref(), Some("image/png"));
    assert_eq!(output.settings.as_deref(), Some(r#"{"a": 1}"#));

    // Without data: no body, and none back.
    let output = client
        .put_blob()
        .name("empty")
        .send()
        .await
        .expect("a success");
    assert_eq!(output.data, None);

    // A host label that cannot be part of a host name is refused before anything is sent.
    let refused = client.put_blob().name("no/such host").send().await;
    assert!(
        matches!(
            refused,
            Err(servicemodel_runtime_client::SdkError::InvalidInput(_))
        ),
        "{refused:?}"
    );

    let output = client
        .put_tree()
        .label("twice")
        .tree(examplerest::Tree::builder().value(21).build())
        .send()
        .await
        .expect("a success");
    assert_eq!(output.tree.and_then(|tree| tree.value), Some(42));

    running.stop().await;
}

/// Chunks of bytes, one at a time: a stream of unknown content for `ByteStream::from_stream`.
struct Chunks(std::collections::VecDeque<bytes::Bytes>);

impl Chunks {
    fn of(count: usize, size: usize) -> Self {
        Self(
            (0..count)
                .map(|i| bytes::Bytes::from(vec![b'a' + (i % 26) as u8; size]))
                .collect(),
        )
    }
}

impl servicemodel_runtime_client::Stream for Chunks {
    type Item = Result<bytes::Bytes, std::io::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.0.pop_front().map(Ok))
    }
}

/// Streaming blobs over a socket on 127.0.0.1, through the generated client and server: an
/// upload whose length must be known (`requiresLength`) is read by the handler a chunk at a
/// time, and refused by the client when its length is not known; a download streams 1 MiB in
/// chunks with its headers bound to the output; an echo sends a chunked stream of unknown
/// length and gets it back as the server passes it on; a modelled error of a streaming
/// operation is typed.
#[tokio::test]
async fn streams_travel_through_the_generated_client_and_server() {
    use servicemodel_runtime::{ByteStream, UnhandledError};
    use servicemodel_runtime_client::SdkError;
    use servicemodel_runtime_server::{PermissiveSigV4, RequestContext};

    const DOWNLOAD: usize = 1 << 20;

    struct Streams;
    impl examplerest::server::ExampleRestApi for Streams {
        async fn upload_stream(
            &self,
            context: RequestContext,
            input: examplerest::UploadStreamRequest,
        ) -> Result<examplerest::UploadStreamResponse, examplerest::errors::UploadStreamError>
        {
            assert_eq!(input.content_type.as_deref(), Some("text/plain"));
            let length = context
                .headers
                .get("content-length")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let mut body = input.body;
            let mut size = 0;
            while let Some(chunk) = body.next().await {
                let chunk =
                    chunk.map_err(|e| UnhandledError::new("BadBody", Some(e.to_string()), 400))?;
                size += chunk.len() as i64;
            }
            let mut output = examplerest::UploadStreamResponse::builder().build();
            output.size = Some(size);
            output.e_tag = length.map(|length| format!("\"{}:{length}\"", input.name));
            Ok(output)
        }

        async fn download_stream(
            &self,
            _: RequestContext,
            input: examplerest::DownloadStreamRequest,
        ) -> Result<examplerest::DownloadStreamResponse, examplerest::errors::DownloadStreamError>
        {
            if input.name == "missing" {
                return Err(examplerest::NotFoundException::builder()
                    .message("no such stream")
                    .build()
                    .into());
            }
            assert_eq!(input.range.as_deref(), Some("all"));
            let mut output = examplerest::DownloadStreamResponse::builder()
                .body(ByteStream::from_stream(
                    Chunks::of(DOWNLOAD / 4096, 4096),
                    Some(DOWNLOAD as u64),
                ))
                .build();
            output.content_type = Some("text/plain".to_owned());
            Ok(output)
        }

        async fn echo_stream(
            &self,
            _: RequestContext,
            input: examplerest::EchoStreamRequest,
        ) -> Result<examplerest::EchoStreamResponse, examplerest::errors::EchoStreamError> {
            let mut output = examplerest::EchoStreamResponse::builder()
                .body(input.body)
                .build();
            output.tag = Some(input.name);
            Ok(output)
        }
    }

    let running = Running::start(
        examplerest::server::router(Streams)
            .authenticator(PermissiveSigV4)
            .build(),
    )
    .await;
    let client = examplerest::Client::new(running.config().build());
    let calls = async {
        // A stream of known length, read by the handler a chunk at a time.
        let output = client
            .upload_stream()
            .name("notes")
            .content_type("text/plain")
            .body(ByteStream::from_stream(Chunks::of(3, 5), Some(15)))
            .send()
            .await
            .expect("an upload");
        assert_eq!(output.size, Some(15));
        assert_eq!(output.e_tag.as_deref(), Some("\"notes:15\""));

        // Bytes in memory are a stream of known length too.
        let output = client
            .upload_stream()
            .name("small")
            .content_type("text/plain")
            .body(b"hello".to_vec())
            .send()
            .await
            .expect("an upload");
        assert_eq!(output.size, Some(5));

        // `requiresLength`: a stream of unknown length is refused before anything is sent.
        let refused = client
            .upload_stream()
            .name("notes")
            .body(ByteStream::from_stream(Chunks::of(3, 5), None))
            .send()
            .await;
        match refused {
            Err(SdkError::Construction(message)) => {
                assert!(message.contains("requiresLength"), "{message}")
            }
            other => panic!("expected a construction error, got {other:?}"),
        }

        // 1 MiB read at the caller's pace, with the head's members bound.
        let output = client
            .download_stream()
            .name("big")
            .range("all")
            .send()
            .await
            .expect("a download");
        assert_eq!(output.content_type.as_deref(), Some("text/plain"));
        assert_eq!(output.content_length, Some(DOWNLOAD as i64));
        let mut body = output.body;
        let (mut total, mut chunks) = (0, 0);
        while let Some(chunk) = body.next().await {
            total += chunk.expect("a chunk").len();
            chunks += 1;
        }
        assert_eq!(total, DOWNLOAD);
        assert!(chunks > 1, "read in one piece");

        // A modelled error of a streaming operation.
        let missing = client
            .download_stream()
            .name("missing")
            .send()
            .await
            .expect_err("not found");
        assert!(
            matches!(
                missing.as_service_error(),
                Some(examplerest::errors::DownloadStreamError::NotFoundException(
                    _
                ))
            ),
            "{missing:?}"
        );

        // A chunked stream of unknown length, passed back by the server as it comes.
        let output = client
            .echo_stream()
            .name("twice")
            .body(ByteStream::from_stream(Chunks::of(40, 1000), None))
            .send()
            .await
            .expect("an echo");
        assert_eq!(output.tag.as_deref(), Some("twice"));
        let echoed = output.body.collect().await.expect("the echo");
        assert_eq!(echoed.len(), 40_000);
        assert_eq!(&echoed[..1000], &[b'a'; 1000][..]);
        assert_eq!(&echoed[39_000..], &[b'a' + 13; 1000][..]);

        // An empty stream is an empty body.
        let output = client
            .echo_stream()
            .name("none")
            .send()
            .await
            .expect("an echo");
        assert!(output.body.collect().await.unwrap().is_empty());
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), calls)
        .await
        .expect("the calls end");
    running.stop().await;
}

/// A snapshot with every kind of member: its payload, and headers of a string, a long (its
/// one required member) and an enum.
fn first_snapshot() -> examplerest::Snapshot {
    examplerest::Snapshot::builder()
        .data(Blob::new(vec![0, 1, 2]))
        .label("first")
        .sequence(i64::MIN)
        .format(examplerest::SnapshotFormat::Gzip)
        .build()
        .unwrap()
}

/// An event stream over a socket on 127.0.0.1, through the generated client and server: the
/// output's header member and its events (a JSON event, a blob payload with members in the
/// message's headers, a text payload, and an event type the client does not know, kept as it
/// came) read at the client's pace; a modelled exception ends the stream and is typed; an
/// event whose header is of another type than its member's ends it with an error; an
/// operation error before any event is the operation's.
#[tokio::test]
async fn event_streams_travel_through_the_generated_client_and_server() {
    use servicemodel_runtime::eventstream::{
        event_message, EventError, EventStream, Header, HeaderValue,
    };
    use servicemodel_runtime_client::SdkError;
    use servicemodel_runtime_server::{NoAuth, RequestContext};

    struct Watch;
    impl examplerest::server::ExampleRestApi for Watch {
        async fn watch_things(
            &self,
            _: RequestContext,
            input: examplerest::WatchThingsRequest,
        ) -> Result<examplerest::WatchThingsResponse, examplerest::errors::WatchThingsError>
        {
            if input.thing_id == "missing" {
                return Err(examplerest::NotFoundException::builder()
                    .message("no such thing")
                    .build()
                    .into());
            }
            if input.since == Some(98) {
                // A snapshot whose `seq` header is a string, not the long its member is.
                let mistyped = event_message(
                    "snapshot",
                    Some("application/octet-stream"),
                    bytes::Bytes::from_static(b"\x00"),
                )
                .add_header(Header::new("seq", HeaderValue::String("7".into())));
                return Ok(examplerest::WatchThingsResponse::builder()
                    .events(EventStream::from_events([
                        examplerest::ThingEvents::Unknown(mistyped),
                        examplerest::ThingEvents::Note(
                            examplerest::NoteEvent::builder().text("never read").build(),
                        ),
                    ]))
                    .build());
            }
            let mut events: Vec<Result<examplerest::ThingEvents, examplerest::ThingEventsError>> = vec![
                Ok(examplerest::ThingEvents::Changed(
                    examplerest::ThingChanged::builder()
                        .version(2)
                        .tags(vec!["red".to_owned()])
                        .build()
                        .unwrap(),
                )),
                Ok(examplerest::ThingEvents::Snapshot(first_snapshot())),
                Ok(examplerest::ThingEvents::Note(
                    examplerest::NoteEvent::builder().text("hello").build(),
                )),
                Ok(examplerest::ThingEvents::Unknown(event_message(
                    "renamed",
                    Some("application/json"),
                    bytes::Bytes::from_static(b"{\"To\":\"x\"}"),
                ))),
            ];
            if input.since == Some(99) {
                events.push(Err(examplerest::ThingEventsError::Throttled(
                    examplerest::ThrottledException::builder()
                        .message("slow down")
                        .build(),
                )));
                events.push(Ok(examplerest::ThingEvents::Note(
                    examplerest::NoteEvent::builder().text("never sent").build(),
                )));
            }
            let mut output = examplerest::WatchThingsResponse::builder()
                .events(EventStream::from_stream(Items(events.into())))
                .build();
            output.watcher = Some("w-1".to_owned());
            Ok(output)
        }
    }

    let running = Running::start(
        examplerest::server::router(Watch)
            .authenticator(NoAuth)
            .build(),
    )
    .await;
    let client = examplerest::Client::new(running.config().build());
    let calls = async {
        let output = client
            .watch_things()
            .thing_id("t-1")
            .send()
            .await
            .expect("a stream");
        assert_eq!(output.watcher.as_deref(), Some("w-1"));
        let mut events = output.events;
        match events.recv().await {
            Some(Ok(examplerest::ThingEvents::Changed(changed))) => {
                assert_eq!(changed.version, 2);
                assert_eq!(changed.tags, Some(vec!["red".to_owned()]));
            }
            other => panic!("expected a change, got {other:?}"),
        }
        match events.recv().await {
            Some(Ok(examplerest::ThingEvents::Snapshot(snapshot))) => {
                assert_eq!(snapshot, first_snapshot())
            }
            other => panic!("expected a snapshot, got {other:?}"),
        }
        match events.recv().await {
            Some(Ok(examplerest::ThingEvents::Note(note))) => {
                assert_eq!(note.text.as_deref(), Some("hello"))
            }
            other => panic!("expected a note, got {other:?}"),
        }
        match events.recv().await {
            Some(Ok(examplerest::ThingEvents::Unknown(message))) => assert_eq!(
                servicemodel_runtime::eventstream::header_str(&message, ":event-type"),
                Some("renamed")
            ),
            other => panic!("expected an unknown event, got {other:?}"),
        }
        assert!(events.recv().await.is_none());

        // A modelled exception ends the stream.
        let output = client
            .watch_things()
            .thing_id("t-1")
            .since(99)
            .send()
            .await
            .expect("a stream");
        let mut events = output.events;
        let mut seen = 0;
        let ended = loop {
            match events.recv().await {
                Some(Ok(_)) => seen += 1,
                other => break other,
            }
        };
        assert_eq!(seen, 4);
        match ended {
            Some(Err(EventError::Exception(examplerest::ThingEventsError::Throttled(error)))) => {
                assert_eq!(error.message.as_deref(), Some("slow down"))
            }
            other => panic!("expected the exception, got {other:?}"),
        }
        assert!(events.recv().await.is_none());

        // A header of another type than its member's ends the stream with an error.
        let output = client
            .watch_things()
            .thing_id("t-1")
            .since(98)
            .send()
            .await
            .expect("a stream");
        let mut events = output.events;
        match events.recv().await {
            Some(Err(EventError::Stream(error))) => assert!(
                error
                    .to_string()
                    .contains(r#"the header "seq" is a string, not a long"#),
                "{error}"
            ),
            other => panic!("expected the error, got {other:?}"),
        }
        assert!(events.recv().await.is_none());

        // An error before the stream starts is the operation's.
        let missing = client
            .watch_things()
            .thing_id("missing")
            .send()
            .await
            .expect_err("not found");
        assert!(
            matches!(
                missing,
                SdkError::Service {
                    error: examplerest::errors::WatchThingsError::NotFoundException(_),
                    ..
                }
            ),
            "{missing:?}"
        );
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), calls)
        .await
        .expect("the calls end");
    running.stop().await;
}

/// An event's members in its message's headers are read by type: a header of another type
/// than its member's, or a required one missing, makes the message an error, not a panic or
/// a value of the wrong type; an optional one missing is `None`.
#[test]
fn event_headers_of_another_type_or_missing_are_errors() {
    use servicemodel_runtime::eventstream::{event_message, EventUnion, Header, HeaderValue};
    let read = |event_type: &str, headers: Vec<(&'static str, HeaderValue)>| {
        let message = headers.into_iter().fold(
            event_message(event_type, None, bytes::Bytes::new()),
            |message, (name, value)| message.add_header(Header::new(name, value)),
        );
        <examplerest::ThingEvents as EventUnion>::from_event(event_type, &message)
            .map_err(|error| error.to_string())
    };
    match read("snapshot", vec![("seq", HeaderValue::Int64(5))]) {
        Ok(examplerest::ThingEvents::Snapshot(snapshot)) => {
            assert_eq!(snapshot.sequence, 5);
            assert_eq!(
                (snapshot.data, snapshot.label, snapshot.format),
                (None, None, None)
            );
        }
        other => panic!("expected a snapshot, got {other:?}"),
    }
    let error = read("snapshot", vec![]).unwrap_err();
    assert!(
        error.contains(r#"an event without its header "seq""#),
        "{error}"
    );
    // An integer of another width is another type too.
    let error = read("snapshot", vec![("seq", HeaderValue::Int32(5))]).unwrap_err();
    assert!(
        error.contains(r#"the header "seq" is an integer, not a long"#),
        "{error}"
    );
    let error = read(
        "snapshot",
        vec![
            ("seq", HeaderValue::Int64(5)),
            ("format", HeaderValue::Bool(true)),
        ],
    )
    .unwrap_err();
    assert!(
        error.contains(r#"the header "format" is a boolean, not a string"#),
        "{error}"
    );
}

/// An event stream of a JSON RPC protocol over a socket on 127.0.0.1: the output's other
/// members travel in the stream's first message (an `initial-response` event), which the
/// client reads before handing the events over; a modelled exception ends the stream.
#[tokio::test]
async fn json_rpc_event_streams_start_with_the_initial_response() {
    use servicemodel_runtime::eventstream::{EventError, EventStream};
    use servicemodel_runtime_server::{NoAuth, RequestContext};

    struct Topics;
    impl examplejson::server::ExampleJsonApi for Topics {
        async fn subscribe(
            &self,
            _: RequestContext,
            input: examplejson::SubscribeRequest,
        ) -> Result<examplejson::SubscribeResponse, examplejson::errors::SubscribeError> {
            let published = |seq: i64, text: Option<&str>| {
                let mut event = examplejson::Published::builder().seq(seq).build().unwrap();
                event.text = text.map(str::to_owned);
                examplejson::TopicEvents::Published(event)
            };
            let events = if input.topic == "busy" {
                EventStream::from_stream(Items(
                    vec![
                        Ok(published(1, None)),
                        Err(examplejson::TopicEventsError::ThrottlingException(
                            examplejson::ThrottlingException::builder()
                                .message("too many")
                                .build(),
                        )),
                    ]
                    .into(),
                ))
            } else {
                EventStream::from_events([published(1, Some("a")), published(2, None)])
            };
            let mut output = examplejson::SubscribeResponse::builder()
                .events(events)
                .build();
            output.topic = Some(format!("topic/{}", input.topic));
            Ok(output)
        }
    }

    let running = Running::start(
        examplejson::server::router(Topics)
            .authenticator(NoAuth)
            .build(),
    )
    .await;
    let client = examplejson::Client::new(running.config().build());
    let calls = async {
        let output = client
            .subscribe()
            .topic("news")
            .send()
            .await
            .expect("a stream");
        assert_eq!(output.topic.as_deref(), Some("topic/news"));
        let mut events = output.events;
        let mut seen = Vec::new();
        while let Some(event) = events.recv().await {
            match event.expect("an event") {
                examplejson::TopicEvents::Published(event) => seen.push((event.seq, event.text)),
                other => panic!("expected a publication, got {other:?}"),
            }
        }
        assert_eq!(seen, [(1, Some("a".to_owned())), (2, None)]);

        let output = client
            .subscribe()
            .topic("busy")
            .send()
            .await
            .expect("a stream");
        let mut events = output.events;
        assert!(matches!(events.recv().await, Some(Ok(_))));
        match events.recv().await {
            Some(Err(EventError::Exception(
                examplejson::TopicEventsError::ThrottlingException(error),
            ))) => assert_eq!(error.message.as_deref(), Some("too many")),
            other => panic!("expected the exception, got {other:?}"),
        }
        assert!(events.recv().await.is_none());
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), calls)
        .await
        .expect("the calls end");
    running.stop().await;
}

/// Checksums over a socket on 127.0.0.1: `PutBlob` (`httpChecksum`) gets a CRC-32 of its body
/// unless the caller names another algorithm or the config computes only required ones, and
/// its response a checksum the client validates; `PutTree` (`httpChecksumRequired`) always
/// gets `Content-MD5`, and the generated server refuses a request without it or with a wrong
/// one.
#[tokio::test]
async fn checksums_travel_between_client_and_server() {
    use servicemodel_runtime_client::{ChecksumWhen, ReplayClient, SdkError};
    use servicemodel_runtime_server::{NoAuth, RequestContext};

    /// Answers with the checksum headers its request carried, and the body reversed.
    struct Checked;
    impl examplerest::server::ExampleRestApi for Checked {
        async fn put_blob(
            &self,
            context: RequestContext,
            input: examplerest::PutBlobRequest,
        ) -> Result<examplerest::PutBlobResponse, examplerest::errors::PutBlobError> {
            let mut seen: Vec<String> = context
                .headers
                .iter()
                .filter(|(name, _)| name.as_str().contains("checksum"))
                .map(|(name, value)| format!("{name}={}", value.to_str().unwrap()))
                .collect();
            seen.sort();
            let mut output = examplerest::PutBlobResponse::builder().build();
            output.settings = Some(seen.join(" "));
            output.data = input.data;
            Ok(output)
        }

        async fn put_tree(
            &self,
            context: RequestContext,
            input: examplerest::PutTreeRequest,
        ) -> Result<examplerest::PutTreeResponse, examplerest::errors::PutTreeError> {
            assert!(context.headers.contains_key("content-md5"));
            Ok(examplerest::PutTreeResponse::builder()
                .tree(input.tree)
                .build())
        }
    }

    let running = Running::start(
        examplerest::server::router(Checked)
            .authenticator(NoAuth)
            .build(),
    )
    .await;
    let addr = running.addr;
    let config = || running.config();
    let client = examplerest::Client::new(config().build());
    let hello = || Blob::new(b"Hello world".to_vec());

    // The config's default: a CRC-32 named in the algorithm member, validation asked for.
    let output = client
        .put_blob()
        .name("a")
        .data(hello())
        .send()
        .await
        .unwrap();
    assert_eq!(
        output.settings.as_deref(),
        Some("x-amz-checksum-crc32=i9aeUg== x-amz-checksum-mode=ENABLED x-amz-sdk-checksum-algorithm=CRC32")
    );
    let output = client
        .put_blob()
        .name("a")
        .data(hello())
        .checksum_algorithm(examplerest::ChecksumAlgorithm::Sha1)
        .send()
        .await
        .unwrap();
    assert_eq!(
        output.settings.as_deref(),
        Some("x-amz-checksum-mode=ENABLED x-amz-checksum-sha1=e1AsOh9IyGCa4hLN+2Od7jlnP14= x-amz-sdk-checksum-algorithm=SHA1")
    );
    let only_required = examplerest::Client::new(
        config()
            .request_checksum_calculation(ChecksumWhen::WhenRequired)
            .response_checksum_validation(ChecksumWhen::WhenRequired)
            .build(),
    );
    let output = only_required
        .put_blob()
        .name("a")
        .data(hello())
        .send()
        .await
        .unwrap();
    assert_eq!(output.settings.as_deref(), Some(""));

    // The server answered with a CRC-32 (the first of the model's response algorithms in the
    // SDKs' order); the client checks it, and refuses a wrong one.
    let transport = config().build().http_client();
    let mut request =
        servicemodel_runtime_client::http::Request::put(format!("http://{addr}/v1/blobs/a"))
            .header("x-amz-checksum-mode", "ENABLED")
            .body(bytes::Bytes::from_static(b"Hello world"))
            .unwrap();
    request
        .headers_mut()
        .insert("host", addr.to_string().parse().unwrap());
    let answer = transport.send(request).await.unwrap();
    assert_eq!(answer.headers()["x-amz-checksum-crc32"], "i9aeUg==");
    let tampered =
        ReplayClient::new().respond(200, &[("x-amz-checksum-crc32", "AAAAAA==")], "Hello world");
    let fooled = examplerest::Client::new(config().http_client(tampered).build());
    match fooled.put_blob().name("a").data(hello()).send().await {
        Err(SdkError::Unparseable { message, .. }) => {
            assert!(message.contains("x-amz-checksum-crc32"), "{message}")
        }
        other => panic!("expected a checksum mismatch, got {other:?}"),
    }

    // `httpChecksumRequired`: Content-MD5, which the server demands and checks.
    let tree = || examplerest::Tree::builder().value(7).build();
    let output = client.put_tree().tree(tree()).send().await.unwrap();
    assert_eq!(output.tree.and_then(|tree| tree.value), Some(7));
    for md5 in [None, Some("iB0/3YSo7maijL0IGOgA9g==")] {
        let mut request =
            servicemodel_runtime_client::http::Request::post(format!("http://{addr}/v1/trees"))
                .header("content-type", "application/json")
                .header("host", addr.to_string())
                .body(bytes::Bytes::from_static(br#"{"Value":7}"#))
                .unwrap();
        if let Some(md5) = md5 {
            request
                .headers_mut()
                .insert("content-md5", md5.parse().unwrap());
        }
        let answer = transport.send(request).await.unwrap();
        let code = answer.headers()["x-amzn-errortype"]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            (answer.status().as_u16(), code.as_str()),
            (
                400,
                if md5.is_some() {
                    "BadDigest"
                } else {
                    "InvalidRequest"
                }
            )
        );
    }

    running.stop().await;
}

/// Names that collide are given out by one rule: the generator's own first, then the model's
/// in its order, numbered when taken. The builder keeps `send`, `build`, `sender`...; the
/// client keeps `execute`; the module keeps `Client`; enums keep `Unknown` and operation
/// errors `Unhandled`.
#[test]
fn colliding_names_are_numbered() {
    use examplenames as names;
    let input = names::SendMessageRequest::builder()
        .body("hello")
        .send_2("a")
        .sender_2("b")
        .build_2("c")
        .builder("d")
        .with_sender_2("e")
        .into_paginator_2("f")
        .into_items_2("g")
        .foo_bar("h")
        .foo_bar_2("i")
        .self_("j")
        .r#type(names::Kind::InvalidRequest2)
        .message(names::SmsMessage::builder().text("k").build())
        .other(names::SmsMessage2::builder().text("l").build())
        .build()
        .unwrap();
    let value = serde_json::to_value(&input).unwrap();
    assert_eq!(
        value,
        json!({"Body": "hello", "Send": "a", "Sender": "b", "Build": "c", "Builder": "d",
            "WithSender": "e", "IntoPaginator": "f", "IntoItems": "g", "FooBar": "h",
            "foo_bar": "i", "Self": "j", "Type": "INVALID_REQUEST",
            "Message": {"Text": "k"}, "Other": {"Text": "l"}})
    );
    let kind: names::Kind = serde_json::from_str("\"invalid_request\"").unwrap();
    assert_eq!(kind, names::Kind::InvalidRequest);
    let kind: names::Kind = serde_json::from_str("\"UNKNOWN\"").unwrap();
    assert_eq!(kind, names::Kind::Unknown2);
    let kind: names::Kind = serde_json::from_str("\"NEW\"").unwrap();
    assert!(matches!(kind, names::Kind::Unknown(_)));
    // The validation error's member is `message`, lowercase: it carries the violations.
    let mut invalid = input.clone();
    invalid.body = "NOT LOWERCASE".to_owned();
    let violations = invalid.validate().unwrap_err();
    let error = names::ValidationException::from(violations);
    assert!(
        error
            .message
            .as_deref()
            .is_some_and(|m| m.contains("/Body")),
        "{error:?}"
    );
    let client: names::Client2 = names::Client2::builder().name("n").build();
    assert_eq!(client.name.as_deref(), Some("n"));
    let error =
        names::errors::SendMessageError::from_response("Unhandled", 409, br#"{"Message": "x"}"#);
    assert!(matches!(
        error,
        names::errors::SendMessageError::Unhandled2(_)
    ));
    let other = names::errors::SendMessageError::from_response("Other", 418, b"{}");
    assert!(matches!(
        other,
        names::errors::SendMessageError::Unhandled(_)
    ));
    // Operations named like the client's own methods and like generated modules.
    let _execute = names::Client::execute_2;
    let _errors = names::Client::errors;
    let _server = names::Client::server;
    let _: fn(&names::Client) -> names::builders::LowerRequestBuilder<names::Client> =
        names::Client::send_message_2;
}

/// A union is an enum: exactly one member on the wire, `__type` ignored, a member a newer
/// service sends kept and written back, its member's constraints checked, sensitive
/// members redacted.
#[test]
fn unions_hold_exactly_one_member() {
    use exampleedge::Choice;
    let choice: Choice = serde_json::from_value(json!({"__type": "Choice", "Text": "hi"})).unwrap();
    assert_eq!(choice, Choice::Text("hi".to_owned()));
    assert_eq!(
        serde_json::to_value(&choice).unwrap(),
        json!({"Text": "hi"})
    );
    let at: Choice = serde_json::from_value(json!({"At": "2024-01-02T03:04:05Z"})).unwrap();
    assert_eq!(
        serde_json::to_value(&at).unwrap(),
        json!({"At": "2024-01-02T03:04:05Z"})
    );
    let nested: Choice = serde_json::from_value(json!({"Nested": {"Ratio": "NaN"}})).unwrap();
    assert!(
        matches!(&nested, Choice::Nested(inner) if matches!(**inner, Choice::Ratio(r) if r.is_nan()))
    );
    assert_eq!(
        serde_json::to_value(&nested).unwrap(),
        json!({"Nested": {"Ratio": "NaN"}})
    );
    let later: Choice = serde_json::from_value(json!({"Later": [1, 2]})).unwrap();
    assert!(matches!(&later, Choice::Unknown(member) if member.name() == "Later"));
    assert_eq!(
        serde_json::to_value(&later).unwrap(),
        json!({"Later": [1, 2]})
    );
    for bad in [
        json!({}),
        json!({"Text": "a", "Type": "b"}),
        json!({"Text": null}),
    ] {
        assert!(
            serde_json::from_value::<Choice>(bad.clone()).is_err(),
            "{bad}"
        );
    }
    assert_eq!(
        format!("{:?}", Choice::Secret("hunter2".to_owned())),
        "Secret(*** Sensitive Data Redacted ***)"
    );

    let mut input = edge_input();
    input.choice = Some(Choice::Nested(Box::new(Choice::Secret("abc".to_owned()))));
    let paths: Vec<String> = input
        .validate()
        .unwrap_err()
        .iter()
        .map(|v| v.path.clone())
        .collect();
    assert_eq!(paths, ["/Choice/Nested/Secret"]);
    input.choice = Some(later);
    let violations = input.validate().unwrap_err();
    assert_eq!(violations.iter().next().unwrap().path, "/Choice/Later");
    input.choice = Some(Choice::Ratio(1.0));
    assert!(input.validate().is_ok());
}

/// A document is the runtime's `Document`: any JSON value, carried as it is, in structures
/// and unions alike.
#[test]
fn documents_carry_any_value() {
    let mut input = edge_input();
    input.anything = Some(servicemodel_runtime::Document::from(
        json!({"a": [1, -2, 2.5, null, "x"]}),
    ));
    let value = serde_json::to_value(&input).unwrap();
    assert_eq!(value["Anything"], json!({"a": [1, -2, 2.5, null, "x"]}));
    let back: exampleedge::EverythingInput = serde_json::from_value(value).unwrap();
    assert_eq!(back.anything, input.anything);
    assert!(back.validate().is_ok());
    let doc: exampleedge::Choice = serde_json::from_value(json!({"Doc": false})).unwrap();
    assert_eq!(
        doc,
        exampleedge::Choice::Doc(servicemodel_runtime::Document::Bool(false))
    );
}

/// Paginators follow any kind of token: a map (DynamoDB's `LastEvaluatedKey`, sent back as
/// `ExclusiveStartKey`) across three pages, and a string that stops as soon as a page says
/// `Truncated: false`, whatever token it carries (KMS). Client and server are generated, over
/// 127.0.0.1.
#[tokio::test]
async fn paginators_follow_map_tokens_and_more_results() {
    use examplejson::errors::{ListMarkersError, ScanThingsError};
    use servicemodel_runtime_client::paginate::try_collect;
    use servicemodel_runtime_client::{Config, Credentials};
    use servicemodel_runtime_server::{NoAuth, RequestContext};
    use std::collections::BTreeMap;

    struct Pages;
    impl examplejson::server::ExampleJsonApi for Pages {
        async fn scan_things(
            &self,
            _: RequestContext,
            input: examplejson::ScanThingsRequest,
        ) -> Result<examplejson::ScanThingsResult, ScanThingsError> {
            let at: usize = input
                .exclusive_start_key
                .as_ref()
                .map_or(0, |key| key["at"].parse().unwrap());
            let limit = input.limit.unwrap_or(2) as usize;
            let names = ["a", "b", "c", "d", "e"];
            let end = (at + limit).min(names.len());
            let items: Vec<examplejson::Node> = names[at..end]
                .iter()
                .map(|name| examplejson::Node::builder().name(*name).build())
                .collect();
            let mut out = examplejson::ScanThingsResult::builder().items(items);
            if end < names.len() {
                out = out.last_evaluated_key(BTreeMap::from([("at".to_owned(), end.to_string())]));
            }
            Ok(out.build())
        }

        async fn list_markers(
            &self,
            _: RequestContext,
            input: examplejson::ListMarkersRequest,
        ) -> Result<examplejson::ListMarkersResult, ListMarkersError> {
            // Every page carries a marker; the second says it is the last.
            let (name, truncated) = match input.marker.as_deref() {
                None => ("first", true),
                Some("m1") => ("second", false),
                Some(other) => panic!("the paginator sent {other} after the last page"),
            };
            Ok(examplejson::ListMarkersResult::builder()
                .names(vec![name.to_owned()])
                .next_marker(if truncated { "m1" } else { "m2" })
                .truncated(truncated)
                .build()
                .unwrap())
        }
    }

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = examplejson::server::router(Pages)
        .authenticator(NoAuth)
        .build();
    let server = tokio::spawn(servicemodel_runtime_server::serve(listener, router));
    let client = examplejson::Client::new(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(format!("http://{addr}"))
            .credentials(Credentials::new("AKID", "secret", None, None, "test"))
            .build(),
    );

    let pages = try_collect(client.scan_things().limit(2).into_paginator())
        .await
        .expect("three pages");
    assert_eq!(pages.len(), 3);
    let keys: Vec<_> = pages.iter().map(|p| p.last_evaluated_key.clone()).collect();
    assert_eq!(keys[2], None);
    let items = try_collect(client.scan_things().limit(2).into_items())
        .await
        .expect("every item");
    let names: Vec<_> = items.iter().filter_map(|n| n.name.as_deref()).collect();
    assert_eq!(names, ["a", "b", "c", "d", "e"]);

    let names = try_collect(client.list_markers().into_items())
        .await
        .expect("two pages");
    assert_eq!(names, ["first", "second"]);
    server.abort();
}

/// A query-compatible service (`awsQueryCompatible`, the JSON model's ThrottlingException has
/// the query code `Throttling`): the generated client says `x-amzn-query-mode: true`, the
/// generated server answers the error with `x-amzn-query-error: Throttling;Sender` and
/// `__type` still its name, and the client reads it as the typed error whose code is the
/// query code, retrying it as throttling. Over a socket on 127.0.0.1.
#[tokio::test]
async fn query_compatible_errors_carry_their_query_code() {
    use examplejson::errors::PutThingError;
    use servicemodel_runtime::ServiceError as _;
    use servicemodel_runtime_client::{Config, Credentials, RetryConfig, SdkError};
    use servicemodel_runtime_server::{NoAuth, RequestContext};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    struct Busy(Arc<AtomicUsize>);
    impl examplejson::server::ExampleJsonApi for Busy {
        async fn put_thing(
            &self,
            context: RequestContext,
            _: examplejson::PutThingRequest,
        ) -> Result<examplejson::PutThingResult, PutThingError> {
            assert_eq!(context.headers["x-amzn-query-mode"], "true");
            self.0.fetch_add(1, Ordering::SeqCst);
            Err(PutThingError::ThrottlingException(
                examplejson::ThrottlingException::builder()
                    .message("slow down")
                    .build(),
            ))
        }
    }

    let calls = Arc::new(AtomicUsize::new(0));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = examplejson::server::router(Busy(Arc::clone(&calls)))
        .authenticator(NoAuth)
        .build();
    let server = tokio::spawn(servicemodel_runtime_server::serve(listener, router));
    let client = |attempts: u32| {
        examplejson::Client::new(
            Config::builder()
                .region("us-east-1")
                .endpoint_url(format!("http://{addr}"))
                .credentials(Credentials::new("AKID", "secret", None, None, "test"))
                .retry(RetryConfig {
                    max_attempts: attempts,
                    initial_backoff: std::time::Duration::from_millis(1),
                    max_backoff: std::time::Duration::from_millis(2),
                })
                .build(),
        )
    };
    let put = |client: examplejson::Client| async move {
        client
            .put_thing()
            .name("thing_1")
            .r#type("TEXT_ALL")
            .send()
            .await
    };
    match put(client(1)).await {
        Err(SdkError::Service { error, raw }) => {
            assert!(
                matches!(error, PutThingError::ThrottlingException(_)),
                "{error:?}"
            );
            assert_eq!(error.code(), "Throttling");
            assert_eq!(raw.headers["x-amzn-query-error"], "Throttling;Sender");
            let body: serde_json::Value = serde_json::from_slice(&raw.body).unwrap();
            assert_eq!(body["__type"], "ThrottlingException");
        }
        other => panic!("expected the throttling error, got {other:?}"),
    }
    assert_eq!(calls.swap(0, Ordering::SeqCst), 1);
    assert!(put(client(3)).await.is_err());
    assert_eq!(calls.load(Ordering::SeqCst), 3, "retried");
    server.abort();
}

/// The items a test sends as they come, from a channel.
struct Channel<T>(tokio::sync::mpsc::Receiver<T>);

impl<T> servicemodel_runtime_client::Stream for Channel<T> {
    type Item = T;
    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<T>> {
        self.get_mut().0.poll_recv(cx)
    }
}

/// A transport that changes one byte of the `nth` message (from 0) of a request's event
/// stream, its checksums made good again, as someone on the way could: only the signature
/// can tell.
#[derive(Debug)]
struct Tamper {
    inner: servicemodel_runtime_client::HyperClient,
    nth: usize,
}

impl servicemodel_runtime_client::HttpClient for Tamper {
    fn send(
        &self,
        request: servicemodel_runtime_client::HttpRequest,
    ) -> servicemodel_runtime_client::transport::BoxFuture<
        '_,
        Result<
            servicemodel_runtime_client::HttpResponse,
            servicemodel_runtime_client::TransportError,
        >,
    > {
        self.inner.send(request)
    }

    fn send_streaming(
        &self,
        request: servicemodel_runtime_client::StreamingRequest,
    ) -> servicemodel_runtime_client::transport::BoxFuture<
        '_,
        Result<
            servicemodel_runtime_client::StreamingResponse,
            servicemodel_runtime_client::TransportError,
        >,
    > {
        struct Changed {
            body: servicemodel_runtime::ByteStream,
            index: usize,
            nth: usize,
        }
        impl servicemodel_runtime_client::Stream for Changed {
            type Item = Result<bytes::Bytes, servicemodel_runtime::ByteStreamError>;
            fn poll_next(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Option<Self::Item>> {
                use servicemodel_runtime::eventstream::{decode, encode, Message};
                let this = self.get_mut();
                let chunk = std::task::ready!(std::pin::Pin::new(&mut this.body).poll_next(cx));
                let index = this.index;
                this.index += 1;
                std::task::Poll::Ready(chunk.map(|chunk| {
                    let chunk = chunk?;
                    if index != this.nth {
                        return Ok(chunk);
                    }
                    // Each chunk is one signed envelope.
                    let envelope = decode(chunk).expect("an envelope");
                    let mut payload = envelope.payload().to_vec();
                    payload[20] ^= 0x20;
                    let mut changed = Message::new(payload);
                    for header in envelope.headers() {
                        changed = changed.add_header(header.clone());
                    }
                    Ok(encode(&changed).expect("encodes"))
                }))
            }
        }
        let (parts, body) = request.into_parts();
        let body = servicemodel_runtime::ByteStream::from_stream(
            Changed {
                body,
                index: 0,
                nth: self.nth,
            },
            None,
        );
        self.inner
            .send_streaming(servicemodel_runtime_client::http::Request::from_parts(
                parts, body,
            ))
    }
}

/// An input event stream and an output one at once (a conversation), through the generated
/// client and server over a socket on 127.0.0.1, with SigV4: the client signs each message
/// it sends, chained to the request's signature, and the server checks each before its
/// implementation sees it. Each line is answered before the next is sent, so both streams are
/// open together; members in the messages' headers (a boolean, a timestamp, an integer and
/// bytes beside a JSON payload; a string, a long and an enum beside a blob payload) arrive as
/// they were sent, both ways. A message changed on the way is refused, and nothing of it
/// reaches the implementation.
#[tokio::test]
async fn input_event_streams_are_signed_message_by_message() {
    use servicemodel_runtime::eventstream::{EventError, EventStream};
    use servicemodel_runtime_server::{RequestContext, SigV4Authenticator};
    use std::sync::{Arc, Mutex};

    type Heard = Arc<Mutex<Vec<String>>>;
    type Received = Arc<Mutex<Vec<examplerest::ChatLine>>>;

    /// Answers each line with a note, and a refused message with an exception; keeps the
    /// lines.
    struct Echoes {
        lines: EventStream<examplerest::ChatLines>,
        heard: Heard,
        received: Received,
    }
    impl servicemodel_runtime_client::Stream for Echoes {
        type Item = Result<examplerest::ThingEvents, examplerest::ThingEventsError>;
        fn poll_next(
            self: std::pin::Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            let this = self.get_mut();
            let line = std::task::ready!(std::pin::Pin::new(&mut this.lines).poll_next(cx));
            let mut heard = this.heard.lock().unwrap();
            std::task::Poll::Ready(line.map(|line| match line {
                Ok(examplerest::ChatLines::Line(line)) => {
                    heard.push(line.text.clone());
                    this.received.lock().unwrap().push(line.clone());
                    Ok(examplerest::ThingEvents::Note(
                        examplerest::NoteEvent::builder()
                            .text(format!("heard: {}", line.text))
                            .build(),
                    ))
                }
                Ok(examplerest::ChatLines::Snapshot(snapshot)) => {
                    heard.push("a snapshot".to_owned());
                    Ok(examplerest::ThingEvents::Snapshot(snapshot))
                }
                Ok(other) => panic!("an unknown event: {other:?}"),
                Err(error) => {
                    heard.push(format!("refused: {error}"));
                    Err(examplerest::ThingEventsError::Throttled(
                        examplerest::ThrottledException::builder()
                            .message(error.to_string())
                            .build(),
                    ))
                }
            }))
        }
    }

    struct Chat(Heard, Received);
    impl examplerest::server::ExampleRestApi for Chat {
        async fn chat_about_thing(
            &self,
            _: RequestContext,
            input: examplerest::ChatAboutThingRequest,
        ) -> Result<examplerest::ChatAboutThingResponse, examplerest::errors::ChatAboutThingError>
        {
            assert_eq!(input.thing_id, "t-1");
            let echoes = Echoes {
                lines: input.lines,
                heard: self.0.clone(),
                received: self.1.clone(),
            };
            Ok(examplerest::ChatAboutThingResponse::builder()
                .events(EventStream::from_stream(echoes))
                .build())
        }
    }

    fn line(text: &str) -> Result<examplerest::ChatLines, examplerest::ChatLinesError> {
        Ok(examplerest::ChatLines::Line(chat_line(text)))
    }
    /// A line; `two` with every member in a header, to the millisecond the framing keeps.
    fn chat_line(text: &str) -> examplerest::ChatLine {
        let line = examplerest::ChatLine::builder().text(text);
        let line = if text == "two" {
            line.tags(vec!["x".to_owned()])
                .urgent(true)
                .sent_at(Timestamp::from_secs_and_nanos(-1_700_000_000, 250_000_000))
                .priority(-3)
                .token(Blob::new(vec![0xff, 0, 7]))
        } else {
            line
        };
        line.build().unwrap()
    }

    let heard = Heard::default();
    let received = Received::default();
    let running = Running::start(
        examplerest::server::router(Chat(heard.clone(), received.clone()))
            .authenticator(SigV4Authenticator::new("example").with_key("AKID", "secret"))
            .build(),
    )
    .await;
    let calls = async {
        // A conversation: each line answered before the next goes.
        let client = examplerest::Client::new(running.config().build());
        let (lines, sent) = tokio::sync::mpsc::channel(1);
        let output = client
            .chat_about_thing()
            .thing_id("t-1")
            .lines(EventStream::from_stream(Channel(sent)))
            .send()
            .await
            .expect("a conversation");
        let mut answers = output.events;
        for text in ["one", "two", "three"] {
            lines.send(line(text)).await.unwrap();
            match answers.recv().await {
                Some(Ok(examplerest::ThingEvents::Note(note))) => {
                    assert_eq!(
                        note.text.as_deref(),
                        Some(format!("heard: {text}").as_str())
                    )
                }
                other => panic!("expected a note, got {other:?}"),
            }
        }
        assert_eq!(
            *received.lock().unwrap(),
            ["one", "two", "three"].map(chat_line)
        );
        // An enum value the model does not list travels as it is.
        let snapshot = examplerest::Snapshot::builder()
            .data(Blob::new(vec![7; 100_000]))
            .label("echo")
            .sequence(42)
            .format(examplerest::SnapshotFormat::from("zstd"))
            .build()
            .unwrap();
        lines
            .send(Ok(examplerest::ChatLines::Snapshot(snapshot.clone())))
            .await
            .unwrap();
        match answers.recv().await {
            Some(Ok(examplerest::ThingEvents::Snapshot(echoed))) => assert_eq!(echoed, snapshot),
            other => panic!("expected the snapshot, got {other:?}"),
        }
        // The input's end (its closing signed message) ends the answers.
        drop(lines);
        assert!(answers.recv().await.is_none());
        assert_eq!(
            *heard.lock().unwrap(),
            ["one", "two", "three", "a snapshot"]
        );
        heard.lock().unwrap().clear();

        // The second message changed on the way: the first is heard, the second refused.
        let tampering = examplerest::Client::new(
            running
                .config()
                .http_client(Tamper {
                    inner: servicemodel_runtime_client::HyperClient::new(),
                    nth: 1,
                })
                .build(),
        );
        let output = tampering
            .chat_about_thing()
            .thing_id("t-1")
            .lines(EventStream::from_events([
                line("fine").unwrap(),
                line("changed").unwrap(),
                line("never heard").unwrap(),
            ]))
            .send()
            .await
            .expect("a conversation");
        let mut answers = output.events;
        assert!(matches!(
            answers.recv().await,
            Some(Ok(examplerest::ThingEvents::Note(_)))
        ));
        match answers.recv().await {
            Some(Err(EventError::Exception(examplerest::ThingEventsError::Throttled(error)))) => {
                let message = error.message.unwrap_or_default();
                assert!(message.contains("signature"), "{message}");
            }
            other => panic!("expected the refusal, got {other:?}"),
        }
        assert!(answers.recv().await.is_none());
        let heard = heard.lock().unwrap().clone();
        assert_eq!(heard.len(), 2, "{heard:?}");
        assert_eq!(heard[0], "fine");
        assert!(heard[1].starts_with("refused: "), "{heard:?}");
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), calls)
        .await
        .expect("the calls end");
    running.stop().await;
}
