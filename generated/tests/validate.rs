//! The validators of the real services: every kind of constraint the two models use, with
//! JSON-pointer paths and the messages AWS services send, and the conversion of violations
//! into each service's own validation error.

use std::collections::BTreeMap;

use sms_voice::pinpointsmsvoice as v1;
use sms_voice::pinpointsmsvoicev2 as v2;
use sms_voice::runtime::{json, Blob, Violations};
use sms_voice::ServiceError;

fn send(phone: &str) -> v2::SendTextMessageRequest {
    v2::SendTextMessageRequest::builder()
        .destination_phone_number(phone)
        .build()
        .expect("the phone number is the only required member")
}

fn messages(violations: &Violations) -> Vec<&str> {
    violations.iter().map(|v| v.message.as_str()).collect()
}

#[test]
fn a_valid_request_passes() {
    let mut request = send("+12065550100");
    request.message_body = Some("Hello".to_owned());
    request.message_type = Some(v2::MessageType::Transactional);
    request.max_price = Some("0.05".to_owned());
    request.time_to_live = Some(300);
    request.context = Some(BTreeMap::from([("order".to_owned(), "a b".to_owned())]));
    assert_eq!(request.validate(), Ok(()));
}

#[test]
fn patterns_are_ecma_262_and_not_anchored() {
    let violations = send("phone").validate().unwrap_err();
    assert_eq!(
        messages(&violations),
        [
            r"Value at '/DestinationPhoneNumber' failed to satisfy constraint: Member must satisfy regular expression pattern: \+?[1-9][0-9]{1,18}"
        ]
    );
    assert_eq!(violations.0[0].path, "/DestinationPhoneNumber");
    // Not anchored: a match anywhere in the value is enough.
    assert_eq!(send("x+1206555").validate(), Ok(()));
}

#[test]
fn look_around_patterns_of_context_values_and_message_bodies() {
    // ContextValue: (?!\s)^[\s\S]+(?<!\s) — no leading whitespace (the pattern is not
    // anchored at the end, so it matches a prefix of a value with trailing whitespace).
    for (value, ok) in [
        ("a b", true),
        (" a", false),
        ("\ta", false),
        ("a ", true),
        ("x", true),
    ] {
        let mut request = send("+12065550100");
        request.context = Some(BTreeMap::from([("key".to_owned(), value.to_owned())]));
        assert_eq!(request.validate().is_ok(), ok, "{value:?}");
    }
    let mut request = send("+12065550100");
    request.context = Some(BTreeMap::from([("key".to_owned(), " padded".to_owned())]));
    assert_eq!(
        messages(&request.validate().unwrap_err()),
        [
            r"Value at '/Context/key' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!\s)^[\s\S]+(?<!\s)"
        ]
    );
    // MessageBody: (?!\s*$)[\s\S]+ — not blank.
    for (body, ok) in [
        (" hi ", true),
        ("   ", false),
        ("\n", false),
        ("a\nb", true),
    ] {
        let mut request = send("+12065550100");
        request.message_body = Some(body.to_owned());
        assert_eq!(request.validate().is_ok(), ok, "{body:?}");
    }
    let mut request = send("+12065550100");
    request.message_body = Some("  ".to_owned());
    assert_eq!(
        messages(&request.validate().unwrap_err()),
        [
            r"Value at '/MessageBody' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!\s*$)[\s\S]+"
        ]
    );
}

#[test]
fn string_lengths_count_unicode_scalar_values() {
    let mut request = send("+12065550100");
    // 1600 scalar values, far more bytes: within the limit.
    request.message_body = Some("é".repeat(1600));
    assert_eq!(request.validate(), Ok(()));
    request.message_body = Some("😀".repeat(1601));
    assert_eq!(
        messages(&request.validate().unwrap_err()),
        ["Value with length 1601 at '/MessageBody' failed to satisfy constraint: Member must have length between 1 and 1600, inclusive"]
    );
    let mut request = send("+12065550100");
    request.message_body = Some(String::new());
    let violations = request.validate().unwrap_err();
    // An empty body breaks both its length and its pattern.
    assert_eq!(violations.0.len(), 2);
    assert!(violations.0[0]
        .message
        .starts_with("Value with length 0 at '/MessageBody'"));
}

#[test]
fn numeric_ranges() {
    let mut request = send("+12065550100");
    request.time_to_live = Some(4);
    assert_eq!(
        messages(&request.validate().unwrap_err()),
        ["Value 4 at '/TimeToLive' failed to satisfy constraint: Member must be between 5 and 259200, inclusive"]
    );
    let limit = v2::SetTextMessageSpendLimitOverrideRequest::builder()
        .monthly_limit(-1_i64)
        .build()
        .unwrap();
    assert_eq!(
        messages(&limit.validate().unwrap_err()),
        ["Value -1 at '/MonthlyLimit' failed to satisfy constraint: Member must be between 0 and 1000000000, inclusive"]
    );
    let list = v2::DescribePhoneNumbersRequest::builder()
        .max_results(101)
        .build();
    assert_eq!(list.validate().unwrap_err().0[0].path, "/MaxResults");
}

#[test]
fn enum_membership() {
    let mut request = send("+12065550100");
    request.message_type = Some(v2::MessageType::from("SOMETIMES"));
    assert_eq!(
        messages(&request.validate().unwrap_err()),
        ["Value at '/MessageType' failed to satisfy constraint: Member must satisfy enum value set: [TRANSACTIONAL, PROMOTIONAL]"]
    );
    // Map keys that are enums are checked too.
    let mut request = send("+12065550100");
    request.destination_country_parameters = Some(BTreeMap::from([(
        v2::DestinationCountryParameterKey::from("IN_SOMETHING"),
        "1".to_owned(),
    )]));
    let violations = request.validate().unwrap_err();
    assert_eq!(
        violations.0[0].path,
        "/DestinationCountryParameters/IN_SOMETHING"
    );
}

#[test]
fn list_and_map_sizes() {
    let mut request = send("+12065550100");
    request.context = Some((0..6).map(|i| (format!("k{i}"), "v".to_owned())).collect());
    assert_eq!(
        messages(&request.validate().unwrap_err()),
        ["Value with length 6 at '/Context' failed to satisfy constraint: Member must have length between 0 and 5, inclusive"]
    );
    let filters = (0..21)
        .map(|_| {
            v2::PhoneNumberFilter::builder()
                .name("status")
                .values(vec!["ACTIVE".to_owned()])
                .build()
                .unwrap()
        })
        .collect::<Vec<_>>();
    let request = v2::DescribePhoneNumbersRequest::builder()
        .filters(filters)
        .build();
    assert_eq!(
        messages(&request.validate().unwrap_err()),
        ["Value with length 21 at '/Filters' failed to satisfy constraint: Member must have length between 0 and 20, inclusive"]
    );
}

#[test]
fn nested_lists_have_json_pointer_paths() {
    let filter = |values: &[&str]| {
        v2::PhoneNumberFilter::builder()
            .name(v2::PhoneNumberFilterName::IsoCountryCode)
            .values(values.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>())
            .build()
            .unwrap()
    };
    let request = v2::DescribePhoneNumbersRequest::builder()
        .filters(vec![filter(&["US", "CA", "%%"]), filter(&[])])
        .build();
    let violations = request.validate().unwrap_err();
    let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(paths, ["/Filters/0/Values/2", "/Filters/1/Values"]);
    assert_eq!(
        violations.0[0].message,
        "Value at '/Filters/0/Values/2' failed to satisfy constraint: Member must satisfy regular expression pattern: [/\\.:A-Za-z0-9+_-]+"
    );
}

#[test]
fn blob_lengths_count_bytes() {
    let request = v2::CreateRegistrationAttachmentRequest::builder()
        .attachment_body(Blob::new(Vec::new()))
        .build();
    assert_eq!(
        messages(&request.validate().unwrap_err()),
        ["Value with length 0 at '/AttachmentBody' failed to satisfy constraint: Member must have length between 1 and 1572864, inclusive"]
    );
}

#[test]
fn every_violation_is_reported_at_once() {
    let mut request = send("nope");
    request.time_to_live = Some(0);
    request.message_body = Some(" ".to_owned());
    request.max_price = Some("abc".to_owned());
    let violations = request.validate().unwrap_err();
    let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/DestinationPhoneNumber",
            "/MaxPrice",
            "/MessageBody",
            "/TimeToLive"
        ]
    );
    assert!(violations
        .to_string()
        .starts_with("4 validation errors detected: "));
}

#[test]
fn missing_required_members_are_reported_when_decoding() {
    let violations =
        json::decode_input::<v2::SendTextMessageRequest>(br#"{"MessageBody": "hi"}"#).unwrap_err();
    assert_eq!(
        messages(&violations),
        ["Value null at '/DestinationPhoneNumber' failed to satisfy constraint: Member must not be null"]
    );
    let violations = json::decode_input::<v2::DescribePhoneNumbersRequest>(
        br#"{"Filters": [{"Name": "status", "Values": ["ACTIVE"]}, {"Name": "status"}]}"#,
    )
    .unwrap_err();
    assert_eq!(violations.0[0].path, "/Filters/1/Values");
    // Decoding also validates.
    let violations =
        json::decode_input::<v2::SendTextMessageRequest>(br#"{"DestinationPhoneNumber": "x"}"#)
            .unwrap_err();
    assert_eq!(violations.0[0].path, "/DestinationPhoneNumber");
    let ok = json::decode_input::<v2::SendTextMessageRequest>(
        br#"{"DestinationPhoneNumber": "+12065550100", "Unknown": 1}"#,
    );
    assert!(ok.is_ok());
}

#[test]
fn v2_violations_become_a_validation_exception_with_fields() {
    let violations = send("phone").validate().unwrap_err();
    let exception = v2::ValidationException::from(violations.clone());
    assert_eq!(exception.reason.as_deref(), Some("FIELD_VALIDATION_FAILED"));
    let fields = exception.fields.as_ref().unwrap();
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].name, "/DestinationPhoneNumber");
    assert_eq!(fields[0].message, violations.0[0].message);
    assert!(exception
        .message
        .as_deref()
        .unwrap()
        .starts_with("1 validation error detected: "));
    let wire = serde_json::to_value(&exception).unwrap();
    assert_eq!(wire["Fields"][0]["Name"], "/DestinationPhoneNumber");
    let error = v2::errors::SendTextMessageError::from(violations);
    assert!(matches!(
        error,
        v2::errors::SendTextMessageError::ValidationException(_)
    ));
    assert_eq!(error.code(), "ValidationException");
    assert_eq!(error.http_status(), 400);
}

#[test]
fn v1_violations_become_a_bad_request_exception() {
    let mut request = v1::SendVoiceMessageRequest::builder()
        .origination_phone_number("+12065550100")
        .destination_phone_number("+12065550101")
        .build()
        .unwrap();
    // v1 has no constraints of its own beyond required members; convert a violation made
    // by the runtime the way a server would for a missing member.
    request.caller_id = None;
    assert_eq!(request.validate(), Ok(()));
    let violations =
        json::decode::<v1::SendVoiceMessageRequest>(br#"{"OriginationPhoneNumber": "+1"}"#)
            .unwrap_err();
    let error = v1::errors::SendVoiceMessageError::from(violations);
    let v1::errors::SendVoiceMessageError::BadRequestException(inner) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(
        inner.message.as_deref(),
        Some("1 validation error detected: Value null at '/DestinationPhoneNumber' failed to satisfy constraint: Member must not be null")
    );
    assert_eq!(error.http_status(), 400);
}
