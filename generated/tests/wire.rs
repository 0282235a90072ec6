//! Serialization of the real services' shapes exactly as the wire expects: member names as in
//! the models, absent optional members omitted, unknown members ignored, enums as strings
//! (unknown values kept), timestamps as epoch seconds, blobs as base64, maps and lists; and
//! error answers decoded into each operation's error enum.

use std::collections::BTreeMap;

use serde_json::json;
use sms_voice::pinpointsmsvoice as v1;
use sms_voice::pinpointsmsvoicev2 as v2;
use sms_voice::runtime::{Blob, Timestamp};
use sms_voice::ServiceError;

fn round_trip<T>(value: &T, expected: serde_json::Value)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let json = serde_json::to_value(value).unwrap();
    assert_eq!(json, expected);
    let back: T = serde_json::from_value(json).unwrap();
    assert_eq!(&back, value);
}

#[test]
fn structures_with_maps_enums_and_scalars() {
    let request = v2::SendTextMessageRequest::builder()
        .destination_phone_number("+12065550100")
        .message_body("Hello")
        .message_type(v2::MessageType::Promotional)
        .dry_run(true)
        .time_to_live(600)
        .context(BTreeMap::from([
            ("b".to_owned(), "2".to_owned()),
            ("a".to_owned(), "1".to_owned()),
        ]))
        .destination_country_parameters(BTreeMap::from([(
            v2::DestinationCountryParameterKey::InEntityId,
            "1234".to_owned(),
        )]))
        .build()
        .unwrap();
    round_trip(
        &request,
        json!({
            "Context": {"a": "1", "b": "2"},
            "DestinationCountryParameters": {"IN_ENTITY_ID": "1234"},
            "DestinationPhoneNumber": "+12065550100",
            "DryRun": true,
            "MessageBody": "Hello",
            "MessageType": "PROMOTIONAL",
            "TimeToLive": 600
        }),
    );
    // Map keys come out sorted, so the text is deterministic.
    let text = serde_json::to_string(&request.context).unwrap();
    assert_eq!(text, r#"{"a":"1","b":"2"}"#);
}

#[test]
fn absent_optional_members_are_omitted_and_unknown_members_ignored() {
    let request = v2::SendTextMessageRequest::builder()
        .destination_phone_number("+12065550100")
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_string(&request).unwrap(),
        r#"{"DestinationPhoneNumber":"+12065550100"}"#
    );
    let parsed: v2::SendTextMessageRequest = serde_json::from_str(
        r#"{"DestinationPhoneNumber":"+12065550100","NewMember":{"x":[1]},"MessageBody":null}"#,
    )
    .unwrap();
    assert_eq!(parsed, request);
}

#[test]
fn lists_of_structures_and_longs() {
    let request = v2::TagResourceRequest::builder()
        .resource_arn("arn:aws:sms-voice:us-east-1:123456789012:pool/pool-1")
        .tags(vec![
            v2::Tag::builder().key("team").value("a").build().unwrap(),
            v2::Tag::builder().key("env").value("").build().unwrap(),
        ])
        .build()
        .unwrap();
    round_trip(
        &request,
        json!({
            "ResourceArn": "arn:aws:sms-voice:us-east-1:123456789012:pool/pool-1",
            "Tags": [{"Key": "team", "Value": "a"}, {"Key": "env", "Value": ""}]
        }),
    );
    let limit = v2::SetTextMessageSpendLimitOverrideRequest::builder()
        .monthly_limit(1_000_000_000_i64)
        .build()
        .unwrap();
    round_trip(&limit, json!({"MonthlyLimit": 1_000_000_000_i64}));
}

#[test]
fn blobs_are_base64() {
    let request = v2::CreateRegistrationAttachmentRequest::builder()
        .attachment_body(Blob::new(b"%PDF-1.7".to_vec()))
        .build();
    round_trip(&request, json!({"AttachmentBody": "JVBERi0xLjc="}));
    assert!(
        serde_json::from_value::<v2::CreateRegistrationAttachmentRequest>(
            json!({"AttachmentBody": "not base64!"})
        )
        .is_err()
    );
}

#[test]
fn timestamps_are_epoch_seconds_and_unknown_enum_values_survive() {
    let answer = json!({
        "ConfigurationSetArn": "arn:aws:sms-voice:us-east-1:1:configuration-set/cs",
        "ConfigurationSetName": "cs",
        "EventDestinations": [],
        "CreatedTimestamp": 1_515_531_081.25,
        "DefaultMessageType": "SOMETHING_NEW"
    });
    let info: v2::ConfigurationSetInformation = serde_json::from_value(answer.clone()).unwrap();
    assert_eq!(info.created_timestamp.secs(), 1_515_531_081);
    assert_eq!(info.created_timestamp.subsec_nanos(), 250_000_000);
    let message_type = info.default_message_type.as_ref().unwrap();
    assert!(!message_type.is_known());
    assert_eq!(message_type.as_str(), "SOMETHING_NEW");
    assert_eq!(serde_json::to_value(&info).unwrap(), answer);
    let whole = v2::PutProtectConfigurationRuleSetNumberOverrideRequest::builder()
        .action(v2::Action::Allow)
        .destination_phone_number("+12065550100")
        .protect_configuration_id("pc-1")
        .expiration_timestamp(Timestamp::from_secs(1_700_000_000))
        .build()
        .unwrap();
    assert_eq!(
        serde_json::to_value(&whole).unwrap()["ExpirationTimestamp"],
        json!(1_700_000_000)
    );
}

#[test]
fn rest_json_members_bound_to_the_uri_or_query_are_not_in_the_body() {
    let request = v1::CreateConfigurationSetEventDestinationRequest::builder()
        .configuration_set_name("cs")
        .event_destination_name("ed")
        .event_destination(
            v1::EventDestinationDefinition::builder()
                .matching_event_types(vec![v1::EventType::Answered, v1::EventType::from("NEW")])
                .enabled(true)
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let body = serde_json::to_value(&request).unwrap();
    assert_eq!(
        body,
        json!({
            "EventDestinationName": "ed",
            "EventDestination": {"Enabled": true, "MatchingEventTypes": ["ANSWERED", "NEW"]}
        })
    );
    // The HTTP layer sets the bound members after decoding the body.
    let mut decoded: v1::CreateConfigurationSetEventDestinationRequest =
        serde_json::from_value(body).unwrap();
    assert_eq!(decoded.configuration_set_name, "");
    decoded.configuration_set_name = "cs".to_owned();
    assert_eq!(decoded, request);
    let list = v1::ListConfigurationSetsRequest::builder()
        .page_size("10")
        .build();
    assert_eq!(serde_json::to_string(&list).unwrap(), "{}");
}

#[test]
fn empty_structures_are_empty_objects() {
    let response = v1::CreateConfigurationSetResponse::builder().build();
    round_trip(&response, json!({}));
}

#[test]
fn builders_name_the_missing_required_members() {
    let error = v1::CreateConfigurationSetEventDestinationRequest::builder()
        .event_destination_name("ed")
        .build()
        .unwrap_err();
    assert_eq!(
        error.missing(),
        ["ConfigurationSetName", "EventDestination"]
    );
}

#[test]
fn error_answers_decode_into_the_operation_error() {
    use v2::errors::SendTextMessageError as E;
    let error = E::from_response(
        "com.amazonaws.pinpointsmsvoicev2#ValidationException:http://internal",
        400,
        br#"{"Message": "bad", "Reason": "FIELD_VALIDATION_FAILED", "Fields": [{"Name": "/X", "Message": "m"}]}"#,
    );
    let E::ValidationException(inner) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(inner.fields.as_ref().unwrap()[0].name, "/X");
    assert_eq!(error.to_string(), "ValidationException: bad");
    assert!(!error.is_retryable());

    let throttled = E::from_response("ThrottlingException", 400, br#"{"message": "slow down"}"#);
    assert!(matches!(throttled, E::ThrottlingException(_)));
    assert!(throttled.is_retryable(), "the model marks it as throttling");
    assert_eq!(throttled.message(), Some("slow down"));

    let internal = E::from_response("InternalServerException", 500, b"");
    assert!(internal.is_retryable());
    assert_eq!(internal.http_status(), 500);

    let other = E::from_response("IncompleteSignature", 400, br#"{"message": "sign it"}"#);
    assert!(matches!(&other, E::Unhandled(_)));
    assert_eq!(
        (other.code(), other.message()),
        ("IncompleteSignature", Some("sign it"))
    );

    use v1::errors::SendVoiceMessageError as V1;
    let v1 = V1::from_response("TooManyRequestsException", 429, br#"{"Message": "wait"}"#);
    assert!(v1.is_retryable());
    assert_eq!(v1.http_status(), 429);
    let not_listed = V1::from_response("NotFoundException", 404, b"{}");
    assert!(
        matches!(not_listed, V1::Unhandled(_)),
        "SendVoiceMessage does not list it"
    );
    assert_eq!(v1::NotFoundException::HTTP_STATUS, 404);
}
