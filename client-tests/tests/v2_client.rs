//! The v2 (awsJson1_0) client against a replaying transport: requests as the protocol wants
//! them, and every path of the client error type.

use std::time::Duration;

use sms_voice::client_runtime::{
    Config, PatternMatch, ReplayClient, RetryConfig, SdkError, TimeoutConfig,
};
use sms_voice::pinpointsmsvoicev2::errors::{DescribePhoneNumbersError, SendTextMessageError};
use sms_voice::pinpointsmsvoicev2::{Client, MessageType};

fn client(replay: &ReplayClient) -> Client {
    Client::new(
        Config::builder()
            .region("us-east-1")
            .endpoint_url("http://127.0.0.1:9")
            .credentials(sms_voice::client_runtime::Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                None,
                None,
                "test",
            ))
            .retry(RetryConfig {
                max_attempts: 3,
                initial_backoff: Duration::from_millis(1),
                max_backoff: Duration::from_millis(2),
            })
            .http_client(replay.clone())
            .build(),
    )
}

fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body).expect("a JSON body")
}

#[tokio::test]
async fn send_text_message_is_a_signed_json_rpc_call() {
    let replay = ReplayClient::new().respond(
        200,
        &[
            ("x-amzn-RequestId", "req-1"),
            ("content-type", "application/x-amz-json-1.0"),
        ],
        r#"{"MessageId": "msg-1"}"#,
    );
    let out = client(&replay)
        .send_text_message()
        .destination_phone_number("+14255550100")
        .message_body("hi")
        .message_type(MessageType::Transactional)
        .send()
        .await
        .expect("sends");
    assert_eq!(out.message_id.as_deref(), Some("msg-1"));

    let requests = replay.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method(), "POST");
    assert_eq!(r.uri().path(), "/");
    assert_eq!(
        r.headers()["x-amz-target"],
        "PinpointSMSVoiceV2.SendTextMessage"
    );
    assert_eq!(r.headers()["content-type"], "application/x-amz-json-1.0");
    let auth = r.headers()["authorization"].to_str().unwrap();
    assert!(
        auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
        "{auth}"
    );
    assert!(auth.contains("/us-east-1/sms-voice/aws4_request"), "{auth}");
    assert_eq!(
        json(r.body()),
        serde_json::json!({
            "DestinationPhoneNumber": "+14255550100",
            "MessageBody": "hi",
            "MessageType": "TRANSACTIONAL"
        })
    );
}

#[tokio::test]
async fn empty_input_is_sent_as_an_empty_object() {
    let replay = ReplayClient::new().respond(200, &[], r#"{"MonthlyLimit": 5}"#);
    let out = client(&replay)
        .delete_text_message_spend_limit_override()
        .send()
        .await
        .expect("sends");
    assert_eq!(out.monthly_limit, Some(5));
    assert_eq!(json(replay.requests()[0].body()), serde_json::json!({}));
}

#[tokio::test]
async fn idempotency_tokens_are_filled_when_unset() {
    let replay = ReplayClient::new()
        .respond(200, &[], "{}")
        .respond(200, &[], "{}");
    let c = client(&replay);
    c.create_pool()
        .iso_country_code("US")
        .message_type(MessageType::Promotional)
        .origination_identity("+12065550100")
        .send()
        .await
        .expect("sends");
    c.create_pool()
        .iso_country_code("US")
        .message_type(MessageType::Promotional)
        .origination_identity("+12065550100")
        .client_token("mine")
        .send()
        .await
        .expect("sends");
    let requests = replay.requests();
    let first = json(requests[0].body());
    let token = first["ClientToken"]
        .as_str()
        .expect("a token was filled in");
    assert_eq!(token.len(), 36, "a UUID: {token}");
    assert_eq!(json(requests[1].body())["ClientToken"], "mine");
}

#[tokio::test]
async fn invalid_input_is_caught_before_sending() {
    let replay = ReplayClient::new();
    let err = client(&replay)
        .send_text_message()
        .destination_phone_number("not a number")
        .send()
        .await
        .unwrap_err();
    match err {
        SdkError::InvalidInput(v) => {
            assert_eq!(v.0.len(), 1, "{v}");
            assert_eq!(v.0[0].path, "/DestinationPhoneNumber");
            assert!(v.0[0].message.contains(r"\+?[1-9][0-9]{1,18}"), "{v}");
        }
        other => panic!("{other:?}"),
    }
    // A required member left unset is invalid input too.
    let err = client(&replay)
        .send_text_message()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, SdkError::InvalidInput(v) if v.0[0].path == "/DestinationPhoneNumber"),
        "{err:?}"
    );
    assert!(replay.requests().is_empty());
}

#[tokio::test]
async fn patterns_are_searched_unless_the_config_asks_for_the_whole_value() {
    // The phone number's pattern, `\+?[1-9][0-9]{1,18}`, is found in this value but does
    // not match all of it.
    let number = "+14255550100 ext 2";
    let replay = ReplayClient::new().respond(200, &[], r#"{"MessageId": "m"}"#);
    client(&replay)
        .send_text_message()
        .destination_phone_number(number)
        .send()
        .await
        .expect("a search finds the pattern, so the client sends");
    assert_eq!(
        json(replay.requests()[0].body())["DestinationPhoneNumber"],
        number
    );

    let replay = ReplayClient::new();
    let whole = Client::new(
        Config::builder()
            .region("us-east-1")
            .endpoint_url("http://127.0.0.1:9")
            .credentials(sms_voice::client_runtime::Credentials::new(
                "a", "b", None, None, "t",
            ))
            .pattern_match(PatternMatch::WholeValue)
            .http_client(replay.clone())
            .build(),
    );
    let err = whole
        .send_text_message()
        .destination_phone_number(number)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, SdkError::InvalidInput(v) if v.0.len() == 1 && v.0[0].path == "/DestinationPhoneNumber"),
        "{err:?}"
    );
    assert!(replay.requests().is_empty());
}

#[tokio::test]
async fn validation_can_be_turned_off() {
    let replay = ReplayClient::new().respond(200, &[], "{}");
    let c = Client::new(
        Config::builder()
            .region("us-east-1")
            .endpoint_url("http://127.0.0.1:9")
            .credentials(sms_voice::client_runtime::Credentials::new(
                "a", "b", None, None, "t",
            ))
            .validate_input(false)
            .http_client(replay.clone())
            .build(),
    );
    c.send_text_message()
        .destination_phone_number("not a number")
        .send()
        .await
        .expect("sent without validation");
    assert_eq!(replay.requests().len(), 1);
}

#[tokio::test]
async fn modelled_errors_are_typed_and_keep_the_request_id() {
    let replay = ReplayClient::new().respond(
        400,
        &[("x-amzn-RequestId", "req-9")],
        r#"{"__type": "com.amazonaws.pinpointsmsvoicev2#ValidationException", "Message": "bad", "Reason": "FIELD_VALIDATION_FAILED", "Fields": [{"Name": "MessageBody", "Message": "too long"}]}"#,
    );
    let err = client(&replay)
        .send_text_message()
        .destination_phone_number("+14255550100")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.request_id(), Some("req-9"));
    match err.into_service_error() {
        Some(SendTextMessageError::ValidationException(e)) => {
            assert_eq!(e.message.as_deref(), Some("bad"));
            let fields = e.fields.expect("fields");
            assert_eq!(fields[0].name, "MessageBody");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(replay.requests().len(), 1, "client errors are not retried");
}

#[tokio::test]
async fn unmodelled_errors_keep_code_message_and_status() {
    let replay = ReplayClient::new().respond(
        403,
        &[("x-amzn-ErrorType", "InvalidClientTokenId:http://internal/")],
        r#"{"message": "no such key"}"#,
    );
    let err = client(&replay)
        .send_text_message()
        .destination_phone_number("+14255550100")
        .send()
        .await
        .unwrap_err();
    match err.as_service_error() {
        Some(SendTextMessageError::Unhandled(e)) => {
            use sms_voice::ServiceError as _;
            assert_eq!(e.code(), "InvalidClientTokenId");
            assert_eq!(e.message(), Some("no such key"));
            assert_eq!(e.http_status(), 403);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn unreadable_responses_keep_status_and_body() {
    let replay = ReplayClient::new().respond(200, &[], "<html>not json</html>");
    let err = client(&replay)
        .send_text_message()
        .destination_phone_number("+14255550100")
        .send()
        .await
        .unwrap_err();
    match &err {
        SdkError::Unparseable { raw, message } => {
            assert_eq!(raw.status, 200);
            assert_eq!(&raw.body[..], b"<html>not json</html>");
            assert!(message.contains("JSON"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("not json"));
}

#[tokio::test]
async fn throttling_and_server_errors_are_retried() {
    let replay = ReplayClient::new()
        .respond(400, &[], r#"{"__type": "ThrottlingException"}"#)
        .respond(503, &[], "{}")
        .respond(200, &[], r#"{"MessageId": "m"}"#);
    let out = client(&replay)
        .send_text_message()
        .destination_phone_number("+14255550100")
        .send()
        .await
        .expect("third time lucky");
    assert_eq!(out.message_id.as_deref(), Some("m"));
    assert_eq!(replay.requests().len(), 3);
}

#[tokio::test]
async fn transport_failures_and_timeouts_surface_after_retries() {
    let replay = ReplayClient::new()
        .fail("refused")
        .fail("refused")
        .fail("refused");
    let err = client(&replay)
        .describe_account_attributes()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
    assert_eq!(replay.requests().len(), 3);

    #[derive(Debug)]
    struct Never;
    impl sms_voice::client_runtime::HttpClient for Never {
        fn send(
            &self,
            _: sms_voice::client_runtime::HttpRequest,
        ) -> sms_voice::client_runtime::transport::BoxFuture<
            '_,
            Result<
                sms_voice::client_runtime::HttpResponse,
                sms_voice::client_runtime::TransportError,
            >,
        > {
            Box::pin(std::future::pending())
        }
    }
    let c = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(sms_voice::client_runtime::Credentials::new(
                "a", "b", None, None, "t",
            ))
            .timeout(TimeoutConfig {
                attempt: None,
                operation: Some(Duration::from_millis(20)),
            })
            .http_client(Never)
            .build(),
    );
    let err = c.describe_account_attributes().send().await.unwrap_err();
    assert!(matches!(err, SdkError::Timeout(_)), "{err:?}");
}

#[tokio::test]
async fn pagination_follows_tokens_across_three_pages() {
    let page = |ids: &[&str], next: Option<&str>| {
        let numbers: Vec<serde_json::Value> = ids
            .iter()
            .map(|id| serde_json::json!({
                "PhoneNumberArn": format!("arn:aws:sms-voice:us-east-1:1:phone-number/{id}"),
                "PhoneNumber": "+12065550100", "Status": "ACTIVE", "IsoCountryCode": "US",
                "MessageType": "TRANSACTIONAL", "NumberCapabilities": ["SMS"], "NumberType": "LONG_CODE",
                "MonthlyLeasingPrice": "1.00", "TwoWayEnabled": false, "SelfManagedOptOutsEnabled": false,
                "OptOutListName": "Default", "DeletionProtectionEnabled": false,
                "CreatedTimestamp": 1700000000, "PhoneNumberId": id
            }))
            .collect();
        let mut body = serde_json::json!({ "PhoneNumbers": numbers });
        if let Some(n) = next {
            body["NextToken"] = n.into();
        }
        body.to_string()
    };
    let replay = ReplayClient::new()
        .respond(200, &[], page(&["a", "b"], Some("t1")))
        .respond(200, &[], page(&["c"], Some("t2")))
        .respond(200, &[], page(&["d"], None));
    let items = sms_voice::client_runtime::paginate::try_collect(
        client(&replay)
            .describe_phone_numbers()
            .max_results(2)
            .into_items(),
    )
    .await
    .expect("all pages");
    let ids: Vec<&str> = items
        .iter()
        .map(|p| p.phone_number_id.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    let tokens: Vec<serde_json::Value> = replay
        .requests()
        .iter()
        .map(|r| json(r.body())["NextToken"].clone())
        .collect();
    assert_eq!(tokens, [serde_json::Value::Null, "t1".into(), "t2".into()]);
    assert!(replay
        .requests()
        .iter()
        .all(|r| json(r.body())["MaxResults"] == 2));
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let replay = ReplayClient::new().respond(
        400,
        &[],
        r#"{"__type": "AccessDeniedException", "Message": "no"}"#,
    );
    let result = sms_voice::client_runtime::paginate::try_collect(
        client(&replay).describe_phone_numbers().into_paginator(),
    )
    .await;
    match result {
        Err(e) => assert!(matches!(
            e.as_service_error(),
            Some(DescribePhoneNumbersError::AccessDeniedException(_))
        )),
        Ok(pages) => panic!("{pages:?}"),
    }
}
