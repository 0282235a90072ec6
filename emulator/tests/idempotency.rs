//! A call repeated with the same `ClientToken` (a client's retry after a lost answer) answers
//! the first call's result and does not act twice.

mod common;

use sms_voice::pinpointsmsvoicev2::{MessageType, NumberCapability, RequestPhoneNumberNumberType};

#[tokio::test]
async fn a_repeated_token_answers_the_first_result() {
    let running = common::start().await;
    let request = || {
        running
            .v2
            .request_phone_number()
            .iso_country_code("US")
            .message_type(MessageType::Transactional)
            .number_capabilities(vec![NumberCapability::Sms])
            .number_type(RequestPhoneNumberNumberType::LongCode)
            .client_token("retry-1")
    };
    let first = request().send().await.expect("RequestPhoneNumber");
    let again = request().send().await.expect("the same call again");
    assert_eq!(first.phone_number_id, again.phone_number_id);
    assert_eq!(first.phone_number, again.phone_number);
    let numbers = running
        .v2
        .describe_phone_numbers()
        .send()
        .await
        .expect("DescribePhoneNumbers")
        .phone_numbers
        .unwrap_or_default();
    assert_eq!(numbers.len(), 1, "one number, not two: {numbers:?}");

    // Without the token, or with another, it acts again.
    let other = request()
        .client_token("retry-2")
        .send()
        .await
        .expect("another token");
    assert_ne!(other.phone_number_id, first.phone_number_id);

    // A name that exists is a conflict, but the retry of the call that made it is not.
    let create = |token: &str| {
        running
            .v2
            .create_configuration_set()
            .configuration_set_name("retried")
            .client_token(token)
    };
    let made = create("set-1")
        .send()
        .await
        .expect("CreateConfigurationSet");
    let retried = create("set-1").send().await.expect("its retry");
    assert_eq!(made.configuration_set_arn, retried.configuration_set_arn);
    assert_eq!(
        common::code(create("set-2").send().await),
        "ConflictException"
    );
}

#[tokio::test]
async fn a_token_reused_with_other_parameters_is_a_conflict() {
    let running = common::start().await;
    running
        .v2
        .create_opt_out_list()
        .opt_out_list_name("first")
        .client_token("shared")
        .send()
        .await
        .expect("CreateOptOutList");
    let reused = running
        .v2
        .create_opt_out_list()
        .opt_out_list_name("second")
        .client_token("shared")
        .send()
        .await;
    assert_eq!(common::code(reused), "ConflictException");
    let lists = running
        .v2
        .describe_opt_out_lists()
        .send()
        .await
        .expect("DescribeOptOutLists")
        .opt_out_lists
        .unwrap_or_default();
    assert!(
        lists.iter().all(|l| l.opt_out_list_name != "second"),
        "{lists:?}"
    );
}
