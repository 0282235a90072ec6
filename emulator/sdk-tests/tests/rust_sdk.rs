//! The emulator driven by the official AWS SDK for Rust (`aws-sdk-pinpointsmsvoicev2` and
//! `aws-sdk-pinpointsmsvoice`), as an application under test would: resources of every kind,
//! paginators, the typed errors with their members, sends that show up on
//! `/_emulator/messages`, and the generated client working in the same binary.
//!
//! The SDK brings rustls with the `aws-lc-rs` provider and the generated client (feature
//! `tls-ring` here) rustls with `ring`, so rustls cannot pick a process-wide provider by itself; nothing here installs one,
//! and the generated client must work anyway.
//!
//! An interceptor records each operation the SDK sent and the answer it got, so the test
//! counts the operations it really covered, and checks every answer against the models
//! (`emulator/tests/common/models.rs`: the shipped ones and botocore's; types, lengths,
//! ranges, whole-value patterns, enum values, members).

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use aws_sdk_pinpointsmsvoice as sdk_v1;
use aws_sdk_pinpointsmsvoicev2 as sdk_v2;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::AfterDeserializationInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use sdk_v2::types::{
    CloudWatchLogsDestination, ConflictExceptionReason, EventType, MessageType, NumberCapability,
    RequestableNumberType, ResourceType, ValidationExceptionReason,
};

// The emulator's test helpers: an emulator on a free loopback port, and the models its
// answers are checked against.
#[path = "../../tests/common/mod.rs"]
mod common;

/// One answer the SDK got.
#[derive(Debug, Clone)]
struct Call {
    /// The model's `serviceId` (the SDK's service name).
    service: String,
    operation: String,
    status: u16,
    /// `X-Amzn-ErrorType`, for an error.
    error: Option<String>,
    body: Vec<u8>,
}

/// Each call the SDK sent and the answer it got back.
#[derive(Debug, Clone, Default)]
struct Calls(Arc<Mutex<Vec<Call>>>);

impl Calls {
    /// The distinct operations that got an answer, as `service.Operation`.
    fn operations(&self) -> BTreeSet<String> {
        let calls = self.0.lock().unwrap();
        calls
            .iter()
            .map(|call| format!("{}.{}", call.service, call.operation))
            .collect()
    }

    /// Every call that got an answer of 500 or more: none should.
    fn server_errors(&self) -> Vec<String> {
        let calls = self.0.lock().unwrap();
        calls
            .iter()
            .filter(|call| call.status >= 500)
            .map(|call| {
                format!(
                    "{} {}: {}",
                    call.operation,
                    call.status,
                    String::from_utf8_lossy(&call.body)
                )
            })
            .collect()
    }

    /// Every answer checked against the models (the shipped ones, and botocore's when
    /// downloaded): each finding, naming the call.
    fn findings(&self) -> Vec<String> {
        let calls = self.0.lock().unwrap();
        calls
            .iter()
            .flat_map(|call| {
                common::models::findings(
                    &call.service,
                    &call.operation,
                    call.status,
                    call.error.as_deref(),
                    &call.body,
                )
                .into_iter()
                .map(move |f| format!("{} ({}): {f}", call.operation, call.status))
            })
            .collect()
    }
}

impl Intercept for Calls {
    fn name(&self) -> &'static str {
        "Calls"
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let metadata = cfg.load::<Metadata>().expect("the SDK names its operation");
        let response = context.response();
        self.0.lock().unwrap().push(Call {
            service: metadata.service().to_owned(),
            operation: metadata.name().to_owned(),
            status: response.status().as_u16(),
            error: response
                .headers()
                .get("x-amzn-errortype")
                .map(str::to_owned),
            body: response.body().bytes().expect("the body was read").to_vec(),
        });
        Ok(())
    }
}

const ACCESS_KEY: &str = "AKIDSDKTEST";
const SECRET_KEY: &str = "sdk-test-secret";
const ALICE: &str = "+14255550100";
const BOB: &str = "+14255550111";

fn v2_client(addr: SocketAddr, calls: &Calls) -> sdk_v2::Client {
    let config = sdk_v2::Config::builder()
        .region(sdk_v2::config::Region::new("us-east-1"))
        .endpoint_url(format!("http://{addr}"))
        .credentials_provider(sdk_v2::config::Credentials::new(
            ACCESS_KEY, SECRET_KEY, None, None, "test",
        ))
        .interceptor(calls.clone())
        .build();
    sdk_v2::Client::from_conf(config)
}

fn v1_client(addr: SocketAddr, calls: &Calls) -> sdk_v1::Client {
    let config = sdk_v1::Config::builder()
        .region(sdk_v1::config::Region::new("us-east-1"))
        .endpoint_url(format!("http://{addr}"))
        .credentials_provider(sdk_v1::config::Credentials::new(
            ACCESS_KEY, SECRET_KEY, None, None, "test",
        ))
        .interceptor(calls.clone())
        .build();
    sdk_v1::Client::from_conf(config)
}

/// `GET path` on the emulator: the status and the JSON body.
async fn get_json(addr: SocketAddr, path: &str) -> (u16, serde_json::Value) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("read");
    let answer = String::from_utf8(answer).expect("UTF-8");
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "the emulator's API answers with a length"
    );
    (status, serde_json::from_str(body).expect("a JSON body"))
}

/// The messages the emulator stored for `destination`, oldest first.
async fn messages_to(addr: SocketAddr, destination: &str) -> Vec<serde_json::Value> {
    let path = format!(
        "/_emulator/messages?destination={}",
        destination.replace('+', "%2B")
    );
    let (status, body) = get_json(addr, &path).await;
    assert_eq!(status, 200, "{body}");
    body["messages"]
        .as_array()
        .expect("a list of messages")
        .clone()
}

/// A timestamp the SDK read as a time of the last hour.
fn assert_recent(time: &aws_smithy_types::DateTime) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!((now - 3600..=now + 60).contains(&time.secs()), "{time}");
}

/// A v1 event destination to CloudWatch Logs of completed calls.
fn v1_destination(enabled: bool) -> sdk_v1::types::EventDestinationDefinition {
    sdk_v1::types::EventDestinationDefinition::builder()
        .enabled(enabled)
        .matching_event_types(sdk_v1::types::EventType::CompletedCall)
        .cloud_watch_logs_destination(
            sdk_v1::types::CloudWatchLogsDestination::builder()
                .iam_role_arn("arn:aws:iam::123456789012:role/sdk-events")
                .log_group_arn("arn:aws:logs:us-east-1:123456789012:log-group:sdk-events")
                .build(),
        )
        .build()
}

fn cloud_watch() -> CloudWatchLogsDestination {
    CloudWatchLogsDestination::builder()
        .iam_role_arn("arn:aws:iam::123456789012:role/sdk-events")
        .log_group_arn("arn:aws:logs:us-east-1:123456789012:log-group:sdk-events")
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_rust_sdk_drives_both_services() {
    let running = common::start().await;
    let addr = running.addr;
    let calls = Calls::default();
    let v2 = v2_client(addr, &calls);
    let v1 = v1_client(addr, &calls);

    // The account.
    let attributes = v2
        .describe_account_attributes()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .expect("DescribeAccountAttributes");
    assert!(
        attributes
            .iter()
            .any(|a| a.name().as_str() == "ACCOUNT_TIER"),
        "{attributes:?}"
    );
    let limits = v2
        .describe_account_limits()
        .send()
        .await
        .expect("DescribeAccountLimits");
    assert!(!limits.account_limits().is_empty());
    let spend = v2
        .describe_spend_limits()
        .send()
        .await
        .expect("DescribeSpendLimits");
    assert!(!spend.spend_limits().is_empty());
    v2.set_text_message_spend_limit_override()
        .monthly_limit(1)
        .send()
        .await
        .expect("SetTextMessageSpendLimitOverride");

    // Configuration sets, paged five at a time.
    for i in 0..12 {
        let out = v2
            .create_configuration_set()
            .configuration_set_name(format!("sdk-set-{i:02}"))
            .send()
            .await
            .expect("CreateConfigurationSet");
        assert!(out
            .configuration_set_arn()
            .unwrap_or_default()
            .starts_with("arn:aws:sms-voice:"));
    }
    let sets = v2
        .describe_configuration_sets()
        .max_results(5)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .expect("DescribeConfigurationSets");
    let names: Vec<&str> = sets.iter().map(|s| s.configuration_set_name()).collect();
    let expected: Vec<String> = (0..12).map(|i| format!("sdk-set-{i:02}")).collect();
    assert_eq!(names, expected);
    let pages = v2
        .describe_configuration_sets()
        .max_results(5)
        .into_paginator()
        .send()
        .try_collect()
        .await
        .expect("DescribeConfigurationSets pages");
    assert_eq!(pages.len(), 3, "12 sets five at a time");

    // ConflictException with its Reason, ResourceType and ResourceId.
    let conflict = v2
        .create_configuration_set()
        .configuration_set_name("sdk-set-00")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let sdk_v2::operation::create_configuration_set::CreateConfigurationSetError::ConflictException(
        conflict,
    ) = conflict
    else {
        panic!("expected a ConflictException, got {conflict:?}");
    };
    assert_eq!(
        conflict.reason(),
        Some(&ConflictExceptionReason::ResourceAlreadyExists)
    );
    assert_eq!(
        conflict.resource_type(),
        Some(&ResourceType::ConfigurationSet)
    );
    assert_eq!(conflict.resource_id(), Some("sdk-set-00"));

    // ValidationException with its Fields: the SDK checks no patterns, the emulator checks
    // the whole value as the service does.
    let invalid = v2
        .create_configuration_set()
        .configuration_set_name("bad name!")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let sdk_v2::operation::create_configuration_set::CreateConfigurationSetError::ValidationException(invalid) = invalid else {
        panic!("expected a ValidationException, got {invalid:?}");
    };
    assert_eq!(
        invalid.reason(),
        Some(&ValidationExceptionReason::FieldValidationFailed)
    );
    assert_eq!(invalid.fields().len(), 1, "{invalid:?}");
    assert!(
        invalid.fields()[0].name().contains("ConfigurationSetName"),
        "{invalid:?}"
    );
    assert!(
        invalid.fields()[0]
            .message()
            .contains("regular expression pattern"),
        "{invalid:?}"
    );

    // ResourceNotFoundException with its ResourceType and ResourceId.
    let missing = v2
        .describe_configuration_sets()
        .configuration_set_names("no-such-set")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let sdk_v2::operation::describe_configuration_sets::DescribeConfigurationSetsError::ResourceNotFoundException(missing) = missing else {
        panic!("expected a ResourceNotFoundException, got {missing:?}");
    };
    assert_eq!(
        missing.resource_type(),
        Some(&ResourceType::ConfigurationSet)
    );
    assert_eq!(missing.resource_id(), Some("no-such-set"));

    // Event destinations and defaults.
    let created = v2
        .create_event_destination()
        .configuration_set_name("sdk-set-00")
        .event_destination_name("logs")
        .matching_event_types(EventType::All)
        .cloud_watch_logs_destination(cloud_watch())
        .send()
        .await
        .expect("CreateEventDestination");
    assert_eq!(
        created
            .event_destination()
            .map(|d| d.event_destination_name()),
        Some("logs")
    );
    let updated = v2
        .update_event_destination()
        .configuration_set_name("sdk-set-00")
        .event_destination_name("logs")
        .enabled(false)
        .send()
        .await
        .expect("UpdateEventDestination");
    assert_eq!(
        updated.event_destination().map(|d| d.enabled()),
        Some(false)
    );
    v2.set_default_message_type()
        .configuration_set_name("sdk-set-00")
        .message_type(MessageType::Transactional)
        .send()
        .await
        .expect("SetDefaultMessageType");
    v2.set_default_sender_id()
        .configuration_set_name("sdk-set-00")
        .sender_id("SDKTEST")
        .send()
        .await
        .expect("SetDefaultSenderId");
    let described = v2
        .describe_configuration_sets()
        .configuration_set_names("sdk-set-00")
        .send()
        .await
        .expect("DescribeConfigurationSets by name");
    let set = &described.configuration_sets()[0];
    assert_recent(set.created_timestamp());
    assert_eq!(
        set.event_destinations()[0].matching_event_types(),
        [EventType::All]
    );
    assert_eq!(
        set.default_message_type(),
        Some(&MessageType::Transactional)
    );
    assert_eq!(set.default_sender_id(), Some("SDKTEST"));
    assert_eq!(set.event_destinations().len(), 1);
    v2.delete_default_message_type()
        .configuration_set_name("sdk-set-00")
        .send()
        .await
        .expect("DeleteDefaultMessageType");

    // Phone numbers and pools.
    let number = v2
        .request_phone_number()
        .iso_country_code("US")
        .message_type(MessageType::Transactional)
        .number_capabilities(NumberCapability::Sms)
        .number_capabilities(NumberCapability::Voice)
        .number_type(RequestableNumberType::LongCode)
        .send()
        .await
        .expect("RequestPhoneNumber");
    let number_id = number
        .phone_number_id()
        .expect("a phone number id")
        .to_owned();
    let phone_number = number.phone_number().expect("a phone number").to_owned();
    assert!(phone_number.starts_with("+1"), "{phone_number}");
    let numbers = v2
        .describe_phone_numbers()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .expect("DescribePhoneNumbers");
    let listed = numbers
        .iter()
        .find(|n| n.phone_number_id() == Some(number_id.as_str()))
        .expect("the new number is listed");
    // Enums the SDK knows by name: a value it does not know would read as `Unknown`.
    assert_eq!(listed.status(), &sdk_v2::types::NumberStatus::Active);
    assert_eq!(listed.message_type(), &MessageType::Transactional);
    assert_eq!(listed.number_type(), &sdk_v2::types::NumberType::LongCode);
    assert_eq!(
        listed.number_capabilities(),
        [NumberCapability::Sms, NumberCapability::Voice]
    );
    assert_recent(listed.created_timestamp());
    v2.update_phone_number()
        .phone_number_id(&number_id)
        .self_managed_opt_outs_enabled(true)
        .send()
        .await
        .expect("UpdatePhoneNumber");
    let pool = v2
        .create_pool()
        .origination_identity(&number_id)
        .iso_country_code("US")
        .message_type(MessageType::Transactional)
        .send()
        .await
        .expect("CreatePool");
    let pool_id = pool.pool_id().expect("a pool id").to_owned();
    let pools = v2
        .describe_pools()
        .pool_ids(&pool_id)
        .send()
        .await
        .expect("DescribePools");
    assert_eq!(pools.pools().len(), 1);
    assert_eq!(
        pools.pools()[0].status(),
        &sdk_v2::types::PoolStatus::Active
    );
    assert_recent(pools.pools()[0].created_timestamp());
    let identities = v2
        .list_pool_origination_identities()
        .pool_id(&pool_id)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .expect("ListPoolOriginationIdentities");
    assert_eq!(identities.len(), 1);
    assert_eq!(identities[0].phone_number(), Some(phone_number.as_str()));

    // Opt-outs.
    v2.create_opt_out_list()
        .opt_out_list_name("sdk-list")
        .send()
        .await
        .expect("CreateOptOutList");
    v2.put_opted_out_number()
        .opt_out_list_name("sdk-list")
        .opted_out_number(BOB)
        .send()
        .await
        .expect("PutOptedOutNumber");
    let opted_out = v2
        .describe_opted_out_numbers()
        .opt_out_list_name("sdk-list")
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .expect("DescribeOptedOutNumbers");
    assert_eq!(
        opted_out
            .iter()
            .map(|n| n.opted_out_number())
            .collect::<Vec<_>>(),
        [BOB]
    );
    v2.delete_opted_out_number()
        .opt_out_list_name("sdk-list")
        .opted_out_number(BOB)
        .send()
        .await
        .expect("DeleteOptedOutNumber");

    // Tags.
    let set_arn = set.configuration_set_arn().to_owned();
    v2.tag_resource()
        .resource_arn(&set_arn)
        .tags(
            sdk_v2::types::Tag::builder()
                .key("team")
                .value("sdk")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("TagResource");
    let tags = v2
        .list_tags_for_resource()
        .resource_arn(&set_arn)
        .send()
        .await
        .expect("ListTagsForResource");
    assert_eq!(tags.tags().len(), 1);
    v2.untag_resource()
        .resource_arn(&set_arn)
        .tag_keys("team")
        .send()
        .await
        .expect("UntagResource");

    // Sends, seen on /_emulator/messages.
    let sent = v2
        .send_text_message()
        .destination_phone_number(ALICE)
        .origination_identity(&pool_id)
        .message_body("Your code is 482913")
        .message_type(MessageType::Transactional)
        .configuration_set_name("sdk-set-00")
        .send()
        .await
        .expect("SendTextMessage");
    let text_id = sent.message_id().expect("a message id").to_owned();
    let voice = v2
        .send_voice_message()
        .destination_phone_number(ALICE)
        .origination_identity(&number_id)
        .message_body("Hello from the SDK")
        .send()
        .await
        .expect("SendVoiceMessage");
    let voice_id = voice.message_id().expect("a message id").to_owned();
    let stored = messages_to(addr, ALICE).await;
    let ids: Vec<&str> = stored
        .iter()
        .filter_map(|m| m["message_id"].as_str())
        .collect();
    assert_eq!(ids, [text_id.as_str(), voice_id.as_str()], "{stored:?}");
    assert_eq!(stored[0]["code"], "482913", "{:?}", stored[0]);

    // Cleaning up.
    v2.delete_event_destination()
        .configuration_set_name("sdk-set-00")
        .event_destination_name("logs")
        .send()
        .await
        .expect("DeleteEventDestination");
    v2.delete_configuration_set()
        .configuration_set_name("sdk-set-11")
        .send()
        .await
        .expect("DeleteConfigurationSet");
    v2.delete_pool()
        .pool_id(&pool_id)
        .send()
        .await
        .expect("DeletePool");

    // v1 (restJson1).
    v1.create_configuration_set()
        .configuration_set_name("sdk-v1")
        .send()
        .await
        .expect("v1 CreateConfigurationSet");
    v1.create_configuration_set_event_destination()
        .configuration_set_name("sdk-v1")
        .event_destination_name("logs")
        .event_destination(v1_destination(true))
        .send()
        .await
        .expect("v1 CreateConfigurationSetEventDestination");
    v1.update_configuration_set_event_destination()
        .configuration_set_name("sdk-v1")
        .event_destination_name("logs")
        .event_destination(v1_destination(false))
        .send()
        .await
        .expect("v1 UpdateConfigurationSetEventDestination");
    let destinations = v1
        .get_configuration_set_event_destinations()
        .configuration_set_name("sdk-v1")
        .send()
        .await
        .expect("v1 GetConfigurationSetEventDestinations");
    let destinations = destinations.event_destinations();
    assert_eq!(destinations.len(), 1);
    assert_eq!(destinations[0].name(), Some("logs"));
    assert_eq!(destinations[0].enabled(), Some(false));
    let listed = v1
        .list_configuration_sets()
        .send()
        .await
        .expect("v1 ListConfigurationSets");
    assert!(
        listed.configuration_sets().iter().any(|s| s == "sdk-v1"),
        "{listed:?}"
    );
    let v1_sent = v1
        .send_voice_message()
        .destination_phone_number(BOB)
        .origination_phone_number(&phone_number)
        .configuration_set_name("sdk-v1")
        .content(
            sdk_v1::types::VoiceMessageContent::builder()
                .plain_text_message(
                    sdk_v1::types::PlainTextMessageType::builder()
                        .text("Hello from v1")
                        .language_code("en-US")
                        .voice_id("Matthew")
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .expect("v1 SendVoiceMessage");
    let v1_id = v1_sent.message_id().expect("a message id").to_owned();
    let stored = messages_to(addr, BOB).await;
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0]["message_id"], v1_id.as_str());
    let not_found = v1
        .get_configuration_set_event_destinations()
        .configuration_set_name("no-such-set")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(not_found.is_not_found_exception(), "{not_found:?}");
    v1.delete_configuration_set_event_destination()
        .configuration_set_name("sdk-v1")
        .event_destination_name("logs")
        .send()
        .await
        .expect("v1 DeleteConfigurationSetEventDestination");
    v1.delete_configuration_set()
        .configuration_set_name("sdk-v1")
        .send()
        .await
        .expect("v1 DeleteConfigurationSet");
    v2.release_phone_number()
        .phone_number_id(&number_id)
        .send()
        .await
        .expect("ReleasePhoneNumber");

    let covered = calls.operations();
    println!(
        "covered ({}): {}",
        covered.len(),
        covered.iter().cloned().collect::<Vec<_>>().join(", ")
    );
    assert!(
        covered.len() >= 25,
        "only {} operations: {covered:?}",
        covered.len()
    );
    let v1_operations = covered
        .iter()
        .filter(|op| op.starts_with("Pinpoint SMS Voice."))
        .count();
    assert_eq!(v1_operations, 8, "every v1 operation: {covered:?}");
    assert_eq!(
        calls.server_errors(),
        Vec::<String>::new(),
        "no call got a 5xx answer"
    );
    // Every answer, outputs and errors, holds only values the model allows.
    assert_eq!(calls.findings(), Vec::<String>::new());
}

/// The generated client in the same binary as the SDK, with no rustls provider installed by
/// the application: it builds its transport with its own provider and sends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_generated_client_works_beside_the_sdk() {
    use sms_voice::client_runtime::{Config, Credentials};
    use sms_voice::pinpointsmsvoicev2 as ours;

    let running = common::start().await;
    let addr = running.addr;
    let client = ours::Client::new(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(format!("http://{addr}"))
            .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "test"))
            .build(),
    );
    let sent = client
        .send_text_message()
        .destination_phone_number(ALICE)
        .message_body("sent by the generated client")
        .message_type(ours::MessageType::Transactional)
        .send()
        .await
        .expect("the generated client sends without a process-wide provider");
    // The SDK in the same process reads what ours sent.
    let calls = Calls::default();
    let sdk = v2_client(addr, &calls);
    sdk.describe_account_attributes()
        .send()
        .await
        .expect("the SDK works too");
    let stored = messages_to(addr, ALICE).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0]["message_id"],
        sent.message_id.expect("a message id").as_str()
    );
    assert_eq!(stored[0]["body"], "sent by the generated client");
}
