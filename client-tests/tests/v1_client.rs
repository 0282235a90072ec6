//! The v1 (restJson1) client against a replaying transport: URI labels, query strings,
//! bodies only where the operation has body members, and errors by code or by status.

use sms_voice::client_runtime::{Config, Credentials, ReplayClient, RetryConfig, SdkError};
use sms_voice::pinpointsmsvoice::errors::{
    CreateConfigurationSetError, DeleteConfigurationSetError,
};
use sms_voice::pinpointsmsvoice::{
    Client, EventDestinationDefinition, EventType, PlainTextMessageType, SnsDestination,
    VoiceMessageContent,
};

fn client(replay: &ReplayClient) -> Client {
    Client::new(
        Config::builder()
            .region("eu-west-1")
            .endpoint_url("http://127.0.0.1:9/")
            .credentials(Credentials::new(
                "AKID",
                "secret",
                Some("session".into()),
                None,
                "test",
            ))
            .retry(RetryConfig::disabled())
            .http_client(replay.clone())
            .build(),
    )
}

fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body).expect("a JSON body")
}

#[tokio::test]
async fn labels_are_encoded_and_body_members_sent() {
    let replay = ReplayClient::new().respond(200, &[], "{}");
    client(&replay)
        .create_configuration_set_event_destination()
        .configuration_set_name("my set/1")
        .event_destination_name("sns")
        .event_destination(
            EventDestinationDefinition::builder()
                .enabled(true)
                .matching_event_types(vec![EventType::Answered, EventType::Failed])
                .sns_destination(
                    SnsDestination::builder()
                        .topic_arn("arn:aws:sns:eu-west-1:1:t")
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("sends");
    let r = &replay.requests()[0];
    assert_eq!(r.method(), "POST");
    assert_eq!(
        r.uri().path(),
        "/v1/sms-voice/configuration-sets/my%20set%2F1/event-destinations"
    );
    assert_eq!(r.headers()["content-type"], "application/json");
    assert_eq!(r.headers()["x-amz-security-token"], "session");
    assert_eq!(
        json(r.body()),
        serde_json::json!({
            "EventDestinationName": "sns",
            "EventDestination": {
                "Enabled": true,
                "MatchingEventTypes": ["ANSWERED", "FAILED"],
                "SnsDestination": {"TopicArn": "arn:aws:sns:eu-west-1:1:t"}
            }
        })
    );
}

#[tokio::test]
async fn query_members_go_in_the_query_string_and_no_body_is_sent() {
    let replay = ReplayClient::new().respond(
        200,
        &[],
        r#"{"ConfigurationSets": ["a", "b"], "NextToken": "n2"}"#,
    );
    let out = client(&replay)
        .list_configuration_sets()
        .page_size("10")
        .next_token("n 1")
        .send()
        .await
        .expect("sends");
    assert_eq!(out.configuration_sets.unwrap(), ["a", "b"]);
    let r = &replay.requests()[0];
    assert_eq!(r.method(), "GET");
    assert_eq!(
        r.uri().path_and_query().unwrap().as_str(),
        "/v1/sms-voice/configuration-sets?PageSize=10&NextToken=n%201"
    );
    assert!(r.body().is_empty());
    assert!(!r.headers().contains_key("content-type"));
}

#[tokio::test]
async fn send_voice_message_posts_its_content() {
    let replay = ReplayClient::new().respond(200, &[], r#"{"MessageId": "v-1"}"#);
    let out = client(&replay)
        .send_voice_message()
        .origination_phone_number("+12065550100")
        .destination_phone_number("+12065550111")
        .content(
            VoiceMessageContent::builder()
                .plain_text_message(
                    PlainTextMessageType::builder()
                        .text("Hello")
                        .voice_id("Joanna")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .expect("sends");
    assert_eq!(out.message_id.as_deref(), Some("v-1"));
    let r = &replay.requests()[0];
    assert_eq!(r.uri().path(), "/v1/sms-voice/voice/message");
    assert_eq!(
        json(r.body())["Content"]["PlainTextMessage"]["VoiceId"],
        "Joanna"
    );
}

#[tokio::test]
async fn errors_come_from_the_error_type_header_or_else_the_status() {
    let replay = ReplayClient::new()
        .respond(
            409,
            &[("X-Amzn-ErrorType", "AlreadyExistsException")],
            r#"{"Message": "exists"}"#,
        )
        .respond(404, &[], r#"{"message": "gone"}"#);
    let c = client(&replay);
    let err = c
        .create_configuration_set()
        .configuration_set_name("a")
        .send()
        .await
        .unwrap_err();
    match err.as_service_error() {
        Some(CreateConfigurationSetError::AlreadyExistsException(e)) => {
            assert_eq!(e.message.as_deref(), Some("exists"))
        }
        other => panic!("{other:?}"),
    }
    let err = c
        .delete_configuration_set()
        .configuration_set_name("a")
        .send()
        .await
        .unwrap_err();
    match &err {
        SdkError::Service {
            error: DeleteConfigurationSetError::NotFoundException(e),
            raw,
        } => {
            assert_eq!(raw.status, 404);
            assert_eq!(e.message.as_deref(), Some("gone"));
        }
        other => panic!("{other:?}"),
    }
    let r = &replay.requests()[1];
    assert_eq!(r.method(), "DELETE");
    assert_eq!(r.uri().path(), "/v1/sms-voice/configuration-sets/a");
}
