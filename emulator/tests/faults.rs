//! Injected faults: the JSON API makes the next calls of an operation fail with a throttling,
//! access-denied or internal error, for testing an application's error handling.

mod common;

use serde_json::{json, Value};
use sms_voice::pinpointsmsvoicev2::errors::DescribePoolsError;
use sms_voice::ServiceError;

async fn add_fault(running: &common::Running, fault: Value) -> (u16, Value) {
    let (status, body) = common::http(
        running,
        "POST",
        "/_emulator/faults",
        Some(&fault.to_string()),
    )
    .await;
    (status, serde_json::from_str(&body).expect("JSON answer"))
}

#[tokio::test]
async fn a_fault_fails_the_next_calls_of_its_operation_then_goes() {
    let running = common::start().await;
    let (status, body) = add_fault(
        &running,
        json!({ "operation": "DescribePools", "error": "ThrottlingException", "count": 2 }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["faults"][0]["count"], 2);

    // Another operation is not affected.
    running
        .v2
        .describe_opt_out_lists()
        .send()
        .await
        .expect("DescribeOptOutLists");
    for _ in 0..2 {
        let err = running
            .v2
            .describe_pools()
            .send()
            .await
            .expect_err("throttled");
        let service = err.as_service_error().expect("a service error");
        assert!(
            matches!(service, DescribePoolsError::ThrottlingException(_)),
            "{service:?}"
        );
        assert!(service.is_retryable());
        assert_eq!(
            service.message(),
            Some("Injected by the emulator's fault API.")
        );
    }
    running
        .v2
        .describe_pools()
        .send()
        .await
        .expect("the fault is used up");
    let (_, body) = common::http(&running, "GET", "/_emulator/faults", None).await;
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["faults"],
        json!([])
    );
}

#[tokio::test]
async fn a_fault_without_operation_fails_every_operation_and_can_be_cleared() {
    let running = common::start().await;
    let (status, _) = add_fault(
        &running,
        json!({ "error": "AccessDeniedException", "count": 5, "message": "account disabled" }),
    )
    .await;
    assert_eq!(status, 201);
    let v2 = running.v2.describe_account_attributes().send().await;
    assert_eq!(common::code(v2), "AccessDeniedException");
    // v1 does not model AccessDeniedException; it still arrives, unmodelled, with its code.
    let v1 = running.v1.list_configuration_sets().send().await;
    let err = v1.expect_err("denied");
    let service = err.as_service_error().expect("a service error");
    assert_eq!(service.code(), "AccessDeniedException");
    assert_eq!(service.message(), Some("account disabled"));

    let (status, body) = common::http(&running, "DELETE", "/_emulator/faults", None).await;
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["deleted"], 1);
    running
        .v2
        .describe_account_attributes()
        .send()
        .await
        .expect("cleared");
}

#[tokio::test]
async fn v1_faults_use_v1_codes_and_statuses() {
    let running = common::start().await;
    add_fault(
        &running,
        json!({ "operation": "ListConfigurationSets", "service": "v1", "error": "ThrottlingException" }),
    )
    .await;
    add_fault(
        &running,
        json!({ "operation": "ListConfigurationSets", "error": "InternalServiceErrorException" }),
    )
    .await;
    let err = running
        .v1
        .list_configuration_sets()
        .send()
        .await
        .expect_err("throttled");
    let service = err.as_service_error().expect("a service error");
    assert_eq!(
        (service.code(), service.http_status()),
        ("TooManyRequestsException", 429)
    );
    let err = running
        .v1
        .list_configuration_sets()
        .send()
        .await
        .expect_err("failing");
    let service = err.as_service_error().expect("a service error");
    assert_eq!(
        (service.code(), service.http_status()),
        ("InternalServiceErrorException", 500)
    );
    running
        .v1
        .list_configuration_sets()
        .send()
        .await
        .expect("both used up");
}

#[tokio::test]
async fn a_bad_fault_is_refused_naming_the_problem() {
    let running = common::start().await;
    for (fault, expected) in [
        (
            json!({ "operation": "SendTextMesage", "error": "ThrottlingException" }),
            "SendTextMesage",
        ),
        (
            json!({ "operation": "SendTextMessage", "service": "v1", "error": "ThrottlingException" }),
            "SendTextMessage",
        ),
        (json!({ "error": "ConflictException" }), "ConflictException"),
        (
            json!({ "error": "ThrottlingException", "count": 0 }),
            "count",
        ),
        (
            json!({ "error": "ThrottlingException", "extra": 1 }),
            "extra",
        ),
    ] {
        let (status, body) = add_fault(&running, fault).await;
        assert_eq!(status, 400, "{body}");
        let message = body["error"].as_str().unwrap_or_default();
        assert!(message.contains(expected), "{message}");
    }
    let (status, body) = common::http(&running, "POST", "/_emulator/faults", Some("{")).await;
    assert_eq!(status, 400, "{body}");
    // Nothing was added: calls go through.
    running.v2.describe_pools().send().await.expect("no fault");
}
