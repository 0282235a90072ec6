//! v2 configuration sets: create, describe (by name or ARN, filters, pages), delete; event
//! destinations; defaults; protect configuration links.

mod common;

use sms_voice::pinpointsmsvoicev2::{
    self as v2, CloudWatchLogsDestination, ConfigurationSetFilter, ConfigurationSetFilterName,
    DefaultMessageType, KinesisFirehoseDestination, MatchingEventType, MessageType, SnsDestination,
};

fn cloud_watch() -> CloudWatchLogsDestination {
    CloudWatchLogsDestination::builder()
        .iam_role_arn("arn:aws:iam::123456789012:role/events")
        .log_group_arn("arn:aws:logs:us-east-1:123456789012:log-group:sms")
        .build()
        .unwrap()
}

fn firehose() -> KinesisFirehoseDestination {
    KinesisFirehoseDestination::builder()
        .delivery_stream_arn("arn:aws:firehose:us-east-1:123456789012:deliverystream/sms")
        .iam_role_arn("arn:aws:iam::123456789012:role/events")
        .build()
        .unwrap()
}

fn sns() -> SnsDestination {
    SnsDestination::builder()
        .topic_arn("arn:aws:sns:us-east-1:123456789012:sms-events")
        .build()
        .unwrap()
}

async fn describe_one(client: &v2::Client, name: &str) -> v2::ConfigurationSetInformation {
    let mut sets = client
        .describe_configuration_sets()
        .configuration_set_names(vec![name.to_owned()])
        .send()
        .await
        .unwrap()
        .configuration_sets
        .unwrap();
    assert_eq!(sets.len(), 1);
    sets.remove(0)
}

#[tokio::test]
async fn create_configuration_set_stores_it_with_its_tags() {
    let running = common::start().await;
    let out = running
        .v2
        .create_configuration_set()
        .configuration_set_name("alerts")
        .tags(vec![common::tag("team", "ops")])
        .send()
        .await
        .unwrap();
    let arn = out.configuration_set_arn.unwrap();
    assert_eq!(
        arn,
        "arn:aws:sms-voice:us-east-1:123456789012:configuration-set/alerts"
    );
    assert_eq!(out.configuration_set_name.as_deref(), Some("alerts"));
    assert!(out.created_timestamp.is_some());
    assert_eq!(out.tags.unwrap()[0].key, "team");

    let set = describe_one(&running.v2, "alerts").await;
    assert_eq!(set.configuration_set_arn, arn);
    assert!(set.event_destinations.is_empty());
    assert_eq!(set.default_message_feedback_enabled, Some(false));
    let tags = running
        .v2
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap()
        .tags
        .unwrap();
    assert_eq!(tags.len(), 1);
    assert_eq!(
        (tags[0].key.as_str(), tags[0].value.as_str()),
        ("team", "ops")
    );
}

#[tokio::test]
async fn create_configuration_set_twice_conflicts() {
    let running = common::start().await;
    common::create_configuration_set(&running.v2, "alerts").await;
    let again = running
        .v2
        .create_configuration_set()
        .configuration_set_name("alerts")
        .send()
        .await;
    let (code, text) = common::failure(again);
    assert_eq!(code, "ConflictException");
    assert!(text.contains("RESOURCE_ALREADY_EXISTS"), "{text}");
    assert!(text.contains("configuration-set"), "{text}");
}

#[tokio::test]
async fn create_configuration_set_beyond_the_account_limit_is_refused() {
    let running = common::start().await;
    for i in 0..25 {
        common::create_configuration_set(&running.v2, &format!("set-{i:02}")).await;
    }
    let over = running
        .v2
        .create_configuration_set()
        .configuration_set_name("one-too-many")
        .send()
        .await;
    common::assert_failure(
        over,
        "ServiceQuotaExceededException",
        "CONFIGURATION_SETS_PER_ACCOUNT",
    );
    // Nothing was created.
    let missing = running
        .v2
        .describe_configuration_sets()
        .configuration_set_names(vec!["one-too-many".to_owned()])
        .send()
        .await;
    assert_eq!(common::code(missing), "ResourceNotFoundException");
}

#[tokio::test]
async fn delete_configuration_set_by_arn_answers_what_it_held_and_forgets_it() {
    let running = common::start().await;
    let arn = common::create_configuration_set(&running.v2, "alerts").await;
    running
        .v2
        .create_event_destination()
        .configuration_set_name("alerts")
        .event_destination_name("logs")
        .matching_event_types(vec![MatchingEventType::All])
        .cloud_watch_logs_destination(cloud_watch())
        .send()
        .await
        .unwrap();
    running
        .v2
        .set_default_sender_id()
        .configuration_set_name("alerts")
        .sender_id("MYCO")
        .send()
        .await
        .unwrap();
    running
        .v2
        .tag_resource()
        .resource_arn(&arn)
        .tags(vec![common::tag("k", "v")])
        .send()
        .await
        .unwrap();

    let out = running
        .v2
        .delete_configuration_set()
        .configuration_set_name(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(out.configuration_set_name.as_deref(), Some("alerts"));
    assert_eq!(out.configuration_set_arn.as_deref(), Some(arn.as_str()));
    assert_eq!(out.default_sender_id.as_deref(), Some("MYCO"));
    assert_eq!(
        out.event_destinations.unwrap()[0].event_destination_name,
        "logs"
    );

    let gone = running
        .v2
        .describe_configuration_sets()
        .configuration_set_names(vec!["alerts".to_owned()])
        .send()
        .await;
    assert_eq!(common::code(gone), "ResourceNotFoundException");
    // Its tags went with it.
    let tags = running
        .v2
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await;
    assert_eq!(common::code(tags), "ResourceNotFoundException");
}

#[tokio::test]
async fn delete_configuration_set_unknown_is_not_found() {
    let running = common::start().await;
    let out = running
        .v2
        .delete_configuration_set()
        .configuration_set_name("nope")
        .send()
        .await;
    common::assert_failure(out, "ResourceNotFoundException", "nope");
}

#[tokio::test]
async fn describe_configuration_sets_by_name_or_arn_in_pages() {
    let running = common::start().await;
    let c_arn = common::create_configuration_set(&running.v2, "c-set").await;
    common::create_configuration_set(&running.v2, "a-set").await;
    common::create_configuration_set(&running.v2, "b-set").await;

    // All, in name order, two at a time.
    let first = running
        .v2
        .describe_configuration_sets()
        .max_results(2)
        .send()
        .await
        .unwrap();
    let names: Vec<_> = first
        .configuration_sets
        .unwrap()
        .into_iter()
        .map(|c| c.configuration_set_name)
        .collect();
    assert_eq!(names, ["a-set", "b-set"]);
    let token = first.next_token.expect("a second page");
    let second = running
        .v2
        .describe_configuration_sets()
        .max_results(2)
        .next_token(token)
        .send()
        .await
        .unwrap();
    let names: Vec<_> = second
        .configuration_sets
        .unwrap()
        .into_iter()
        .map(|c| c.configuration_set_name)
        .collect();
    assert_eq!(names, ["c-set"]);
    assert!(second.next_token.is_none());

    // Named by ARN and by name.
    let named = running
        .v2
        .describe_configuration_sets()
        .configuration_set_names(vec![c_arn, "a-set".to_owned()])
        .send()
        .await
        .unwrap()
        .configuration_sets
        .unwrap();
    let names: Vec<_> = named
        .iter()
        .map(|c| c.configuration_set_name.as_str())
        .collect();
    assert_eq!(names, ["a-set", "c-set"]);
}

#[tokio::test]
async fn describe_configuration_sets_filters() {
    let running = common::start().await;
    let protect = common::create_protect_configuration(&running.v2).await;
    common::create_configuration_set(&running.v2, "plain").await;
    common::create_configuration_set(&running.v2, "rich").await;
    let v2c = &running.v2;
    v2c.create_event_destination()
        .configuration_set_name("rich")
        .event_destination_name("to-sns")
        .matching_event_types(vec![MatchingEventType::TextDelivered])
        .sns_destination(sns())
        .send()
        .await
        .unwrap();
    v2c.set_default_message_type()
        .configuration_set_name("rich")
        .message_type(MessageType::Promotional)
        .send()
        .await
        .unwrap();
    v2c.set_default_sender_id()
        .configuration_set_name("rich")
        .sender_id("RICH")
        .send()
        .await
        .unwrap();
    v2c.set_default_message_feedback_enabled()
        .configuration_set_name("rich")
        .message_feedback_enabled(true)
        .send()
        .await
        .unwrap();
    v2c.associate_protect_configuration()
        .configuration_set_name("rich")
        .protect_configuration_id(&protect)
        .send()
        .await
        .unwrap();

    let cases = [
        (
            ConfigurationSetFilterName::EventDestinationName,
            "to-sns",
            "rich",
        ),
        (
            ConfigurationSetFilterName::MatchingEventTypes,
            "TEXT_DELIVERED",
            "rich",
        ),
        (
            ConfigurationSetFilterName::DefaultMessageType,
            "PROMOTIONAL",
            "rich",
        ),
        (ConfigurationSetFilterName::DefaultSenderId, "RICH", "rich"),
        (
            ConfigurationSetFilterName::DefaultMessageFeedbackEnabled,
            "true",
            "rich",
        ),
        (
            ConfigurationSetFilterName::DefaultMessageFeedbackEnabled,
            "false",
            "plain",
        ),
        (
            ConfigurationSetFilterName::ProtectConfigurationId,
            protect.as_str(),
            "rich",
        ),
    ];
    for (name, value, expected) in cases {
        let sets = v2c
            .describe_configuration_sets()
            .filters(vec![ConfigurationSetFilter::builder()
                .name(name.clone())
                .values(vec![value.to_owned()])
                .build()
                .unwrap()])
            .send()
            .await
            .unwrap()
            .configuration_sets
            .unwrap();
        let names: Vec<_> = sets
            .iter()
            .map(|c| c.configuration_set_name.as_str())
            .collect();
        assert_eq!(names, [expected], "filter {name:?} = {value}");
    }
    // Filters together must all match.
    let none = v2c
        .describe_configuration_sets()
        .filters(vec![
            ConfigurationSetFilter::builder()
                .name(ConfigurationSetFilterName::DefaultSenderId)
                .values(vec!["RICH".to_owned()])
                .build()
                .unwrap(),
            ConfigurationSetFilter::builder()
                .name(ConfigurationSetFilterName::DefaultMessageType)
                .values(vec!["TRANSACTIONAL".to_owned()])
                .build()
                .unwrap(),
        ])
        .send()
        .await
        .unwrap()
        .configuration_sets
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn describe_configuration_sets_errors() {
    let running = common::start().await;
    common::create_configuration_set(&running.v2, "alerts").await;
    let unknown = running
        .v2
        .describe_configuration_sets()
        .configuration_set_names(vec!["alerts".to_owned(), "nope".to_owned()])
        .send()
        .await;
    common::assert_failure(unknown, "ResourceNotFoundException", "nope");
    let bad_token = running
        .v2
        .describe_configuration_sets()
        .next_token("not-a-token")
        .send()
        .await;
    assert_eq!(common::code(bad_token), "ValidationException");
    let bad_max = running
        .v2
        .describe_configuration_sets()
        .max_results(0)
        .send()
        .await;
    assert_eq!(common::code(bad_max), "ValidationException");
}

#[tokio::test]
async fn create_event_destination_of_each_kind() {
    let running = common::start().await;
    let arn = common::create_configuration_set(&running.v2, "alerts").await;
    let out = running
        .v2
        .create_event_destination()
        .configuration_set_name(&arn)
        .event_destination_name("logs")
        .matching_event_types(vec![MatchingEventType::TextAll, MatchingEventType::TextAll])
        .cloud_watch_logs_destination(cloud_watch())
        .send()
        .await
        .unwrap();
    assert_eq!(out.configuration_set_name.as_deref(), Some("alerts"));
    let created = out.event_destination.unwrap();
    assert!(created.enabled);
    assert_eq!(created.matching_event_types, [MatchingEventType::TextAll]);
    assert!(created.cloud_watch_logs_destination.is_some());
    running
        .v2
        .create_event_destination()
        .configuration_set_name("alerts")
        .event_destination_name("stream")
        .matching_event_types(vec![MatchingEventType::VoiceAll])
        .kinesis_firehose_destination(firehose())
        .send()
        .await
        .unwrap();
    running
        .v2
        .create_event_destination()
        .configuration_set_name("alerts")
        .event_destination_name("topic")
        .matching_event_types(vec![MatchingEventType::MediaAll])
        .sns_destination(sns())
        .send()
        .await
        .unwrap();

    let set = describe_one(&running.v2, "alerts").await;
    let names: Vec<_> = set
        .event_destinations
        .iter()
        .map(|d| d.event_destination_name.as_str())
        .collect();
    assert_eq!(names, ["logs", "stream", "topic"]);
    assert!(set.event_destinations[1]
        .kinesis_firehose_destination
        .is_some());
    assert_eq!(
        set.event_destinations[2]
            .sns_destination
            .as_ref()
            .unwrap()
            .topic_arn,
        "arn:aws:sns:us-east-1:123456789012:sms-events"
    );
}

#[tokio::test]
async fn create_event_destination_errors() {
    let running = common::start().await;
    common::create_configuration_set(&running.v2, "alerts").await;
    let create = |name: &str| {
        running
            .v2
            .create_event_destination()
            .configuration_set_name("alerts")
            .event_destination_name(name)
            .matching_event_types(vec![MatchingEventType::All])
    };
    for i in 0..5 {
        create(&format!("d{i}"))
            .sns_destination(sns())
            .send()
            .await
            .unwrap();
    }
    // A name already in the set.
    common::assert_failure(
        create("d0").sns_destination(sns()).send().await,
        "ConflictException",
        "event-destination",
    );
    // A sixth destination.
    common::assert_failure(
        create("d5").sns_destination(sns()).send().await,
        "ServiceQuotaExceededException",
        "EVENT_DESTINATIONS_PER_CONFIGURATION_SET",
    );
    // An unknown set.
    let unknown = running
        .v2
        .create_event_destination()
        .configuration_set_name("nope")
        .event_destination_name("x")
        .matching_event_types(vec![MatchingEventType::All])
        .sns_destination(sns())
        .send()
        .await;
    assert_eq!(common::code(unknown), "ResourceNotFoundException");

    common::create_configuration_set(&running.v2, "other").await;
    let other = |name: &str| {
        running
            .v2
            .create_event_destination()
            .configuration_set_name("other")
            .event_destination_name(name)
    };
    // No destination, two destinations, TEXT_SENT.
    let none = other("x")
        .matching_event_types(vec![MatchingEventType::All])
        .send()
        .await;
    assert_eq!(common::code(none), "ValidationException");
    let two = other("x")
        .matching_event_types(vec![MatchingEventType::All])
        .sns_destination(sns())
        .cloud_watch_logs_destination(cloud_watch())
        .send()
        .await;
    assert_eq!(common::code(two), "ValidationException");
    let text_sent = other("x")
        .matching_event_types(vec![MatchingEventType::TextSent])
        .sns_destination(sns())
        .send()
        .await;
    assert_eq!(common::code(text_sent), "ValidationException");
    assert!(describe_one(&running.v2, "other")
        .await
        .event_destinations
        .is_empty());
}

#[tokio::test]
async fn update_event_destination_changes_what_it_is_given() {
    let running = common::start().await;
    common::create_configuration_set(&running.v2, "alerts").await;
    running
        .v2
        .create_event_destination()
        .configuration_set_name("alerts")
        .event_destination_name("logs")
        .matching_event_types(vec![MatchingEventType::All])
        .cloud_watch_logs_destination(cloud_watch())
        .send()
        .await
        .unwrap();
    let out = running
        .v2
        .update_event_destination()
        .configuration_set_name("alerts")
        .event_destination_name("logs")
        .enabled(false)
        .matching_event_types(vec![
            MatchingEventType::TextDelivered,
            MatchingEventType::TextBlocked,
        ])
        .sns_destination(sns())
        .send()
        .await
        .unwrap();
    let updated = out.event_destination.unwrap();
    assert!(!updated.enabled);
    assert!(updated.cloud_watch_logs_destination.is_none());
    assert!(updated.sns_destination.is_some());

    let set = describe_one(&running.v2, "alerts").await;
    let stored = &set.event_destinations[0];
    assert!(!stored.enabled);
    assert_eq!(
        stored.matching_event_types,
        [
            MatchingEventType::TextDelivered,
            MatchingEventType::TextBlocked
        ]
    );
    assert!(stored.sns_destination.is_some());
    assert!(stored.cloud_watch_logs_destination.is_none());

    // Only Enabled: the rest stays.
    running
        .v2
        .update_event_destination()
        .configuration_set_name("alerts")
        .event_destination_name("logs")
        .enabled(true)
        .send()
        .await
        .unwrap();
    let stored = describe_one(&running.v2, "alerts")
        .await
        .event_destinations
        .remove(0);
    assert!(stored.enabled);
    assert!(stored.sns_destination.is_some());
    assert_eq!(stored.matching_event_types.len(), 2);
}

#[tokio::test]
async fn update_event_destination_errors() {
    let running = common::start().await;
    common::create_configuration_set(&running.v2, "alerts").await;
    let unknown = running
        .v2
        .update_event_destination()
        .configuration_set_name("alerts")
        .event_destination_name("nope")
        .enabled(false)
        .send()
        .await;
    common::assert_failure(unknown, "ResourceNotFoundException", "event-destination");
    let unknown_set = running
        .v2
        .update_event_destination()
        .configuration_set_name("nope")
        .event_destination_name("logs")
        .enabled(false)
        .send()
        .await;
    assert_eq!(common::code(unknown_set), "ResourceNotFoundException");
}

#[tokio::test]
async fn delete_event_destination_removes_it() {
    let running = common::start().await;
    common::create_configuration_set(&running.v2, "alerts").await;
    for name in ["one", "two"] {
        running
            .v2
            .create_event_destination()
            .configuration_set_name("alerts")
            .event_destination_name(name)
            .matching_event_types(vec![MatchingEventType::All])
            .sns_destination(sns())
            .send()
            .await
            .unwrap();
    }
    let out = running
        .v2
        .delete_event_destination()
        .configuration_set_name("alerts")
        .event_destination_name("one")
        .send()
        .await
        .unwrap();
    assert_eq!(out.event_destination.unwrap().event_destination_name, "one");
    let set = describe_one(&running.v2, "alerts").await;
    let names: Vec<_> = set
        .event_destinations
        .iter()
        .map(|d| d.event_destination_name.as_str())
        .collect();
    assert_eq!(names, ["two"]);

    let again = running
        .v2
        .delete_event_destination()
        .configuration_set_name("alerts")
        .event_destination_name("one")
        .send()
        .await;
    assert_eq!(common::code(again), "ResourceNotFoundException");
}

#[tokio::test]
async fn default_message_type_set_and_delete() {
    let running = common::start().await;
    let arn = common::create_configuration_set(&running.v2, "alerts").await;
    let out = running
        .v2
        .set_default_message_type()
        .configuration_set_name(&arn)
        .message_type(MessageType::Transactional)
        .send()
        .await
        .unwrap();
    assert_eq!(out.message_type, Some(MessageType::Transactional));
    assert_eq!(out.configuration_set_name.as_deref(), Some("alerts"));
    assert_eq!(
        describe_one(&running.v2, "alerts")
            .await
            .default_message_type,
        Some(DefaultMessageType::Transactional)
    );
    let deleted = running
        .v2
        .delete_default_message_type()
        .configuration_set_name("alerts")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.message_type, Some(MessageType::Transactional));
    assert_eq!(
        describe_one(&running.v2, "alerts")
            .await
            .default_message_type,
        None
    );
}

#[tokio::test]
async fn default_message_type_errors() {
    let running = common::start().await;
    let set = running
        .v2
        .set_default_message_type()
        .configuration_set_name("nope")
        .message_type(MessageType::Promotional)
        .send()
        .await;
    assert_eq!(common::code(set), "ResourceNotFoundException");
    let delete = running
        .v2
        .delete_default_message_type()
        .configuration_set_name("nope")
        .send()
        .await;
    assert_eq!(common::code(delete), "ResourceNotFoundException");
    common::create_configuration_set(&running.v2, "alerts").await;
    let bad = running
        .v2
        .set_default_message_type()
        .configuration_set_name("alerts")
        .message_type(MessageType::from("BULK"))
        .send()
        .await;
    assert_eq!(common::code(bad), "ValidationException");
}

#[tokio::test]
async fn default_sender_id_set_and_delete() {
    let running = common::start().await;
    common::create_configuration_set(&running.v2, "alerts").await;
    let out = running
        .v2
        .set_default_sender_id()
        .configuration_set_name("alerts")
        .sender_id("MYCO")
        .send()
        .await
        .unwrap();
    assert_eq!(out.sender_id.as_deref(), Some("MYCO"));
    assert_eq!(
        describe_one(&running.v2, "alerts")
            .await
            .default_sender_id
            .as_deref(),
        Some("MYCO")
    );
    let deleted = running
        .v2
        .delete_default_sender_id()
        .configuration_set_name("alerts")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.sender_id.as_deref(), Some("MYCO"));
    assert_eq!(
        describe_one(&running.v2, "alerts").await.default_sender_id,
        None
    );
}

#[tokio::test]
async fn default_sender_id_errors() {
    let running = common::start().await;
    let set = running
        .v2
        .set_default_sender_id()
        .configuration_set_name("nope")
        .sender_id("MYCO")
        .send()
        .await;
    assert_eq!(common::code(set), "ResourceNotFoundException");
    let delete = running
        .v2
        .delete_default_sender_id()
        .configuration_set_name("nope")
        .send()
        .await;
    assert_eq!(common::code(delete), "ResourceNotFoundException");
    common::create_configuration_set(&running.v2, "alerts").await;
    let too_long = running
        .v2
        .set_default_sender_id()
        .configuration_set_name("alerts")
        .sender_id("ABCDEFGHIJKL")
        .send()
        .await;
    assert_eq!(common::code(too_long), "ValidationException");
}

#[tokio::test]
async fn default_message_feedback_enabled() {
    let running = common::start().await;
    common::create_configuration_set(&running.v2, "alerts").await;
    let out = running
        .v2
        .set_default_message_feedback_enabled()
        .configuration_set_name("alerts")
        .message_feedback_enabled(true)
        .send()
        .await
        .unwrap();
    assert_eq!(out.message_feedback_enabled, Some(true));
    assert_eq!(
        describe_one(&running.v2, "alerts")
            .await
            .default_message_feedback_enabled,
        Some(true)
    );
    let unknown = running
        .v2
        .set_default_message_feedback_enabled()
        .configuration_set_name("nope")
        .message_feedback_enabled(true)
        .send()
        .await;
    assert_eq!(common::code(unknown), "ResourceNotFoundException");
}

#[tokio::test]
async fn protect_configuration_associate_and_disassociate() {
    let running = common::start().await;
    let created = running
        .v2
        .create_protect_configuration()
        .send()
        .await
        .unwrap();
    let id = created.protect_configuration_id.unwrap();
    let protect_arn = created.protect_configuration_arn.unwrap();
    common::create_configuration_set(&running.v2, "alerts").await;

    // By the protect configuration's ARN.
    let out = running
        .v2
        .associate_protect_configuration()
        .configuration_set_name("alerts")
        .protect_configuration_id(&protect_arn)
        .send()
        .await
        .unwrap();
    assert_eq!(out.protect_configuration_id.as_deref(), Some(id.as_str()));
    assert_eq!(
        out.protect_configuration_arn.as_deref(),
        Some(protect_arn.as_str())
    );
    assert_eq!(
        describe_one(&running.v2, "alerts")
            .await
            .protect_configuration_id,
        Some(id.clone())
    );

    let out = running
        .v2
        .disassociate_protect_configuration()
        .configuration_set_name("alerts")
        .protect_configuration_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(out.configuration_set_name.as_deref(), Some("alerts"));
    assert_eq!(
        describe_one(&running.v2, "alerts")
            .await
            .protect_configuration_id,
        None
    );
}

#[tokio::test]
async fn protect_configuration_link_errors() {
    let running = common::start().await;
    let id = common::create_protect_configuration(&running.v2).await;
    common::create_configuration_set(&running.v2, "alerts").await;
    let unknown_protect = running
        .v2
        .associate_protect_configuration()
        .configuration_set_name("alerts")
        .protect_configuration_id("protect-nope")
        .send()
        .await;
    common::assert_failure(
        unknown_protect,
        "ResourceNotFoundException",
        "protect-configuration",
    );
    let unknown_set = running
        .v2
        .associate_protect_configuration()
        .configuration_set_name("nope")
        .protect_configuration_id(&id)
        .send()
        .await;
    assert_eq!(common::code(unknown_set), "ResourceNotFoundException");
    // Not associated.
    let not_linked = running
        .v2
        .disassociate_protect_configuration()
        .configuration_set_name("alerts")
        .protect_configuration_id(&id)
        .send()
        .await;
    common::assert_failure(
        not_linked,
        "ConflictException",
        "PROTECT_CONFIGURATION_NOT_ASSOCIATED_WITH_CONFIGURATION_SET",
    );
}

/// Patterns are matched against the whole value, as the service does: `[A-Za-z0-9_-]+`
/// occurs in `bad name!` but does not match all of it. The generated client searches by
/// default, so the request reaches the emulator, whose answer the client reads as a typed
/// `ValidationException` naming the member.
#[tokio::test]
async fn names_must_match_their_pattern_whole() {
    let running = common::start().await;
    let refused = running
        .v2
        .create_configuration_set()
        .configuration_set_name("bad name!")
        .send()
        .await
        .unwrap_err()
        .into_service_error()
        .expect("a service error");
    let v2::errors::CreateConfigurationSetError::ValidationException(error) = refused else {
        panic!("expected a ValidationException, got {refused:?}");
    };
    assert_eq!(error.reason.as_deref(), Some("FIELD_VALIDATION_FAILED"));
    let fields = error.fields.expect("the fields are named");
    assert_eq!(fields.len(), 1, "{fields:?}");
    assert_eq!(fields[0].name, "/ConfigurationSetName");
    assert!(
        fields[0]
            .message
            .ends_with("Member must satisfy regular expression pattern: [A-Za-z0-9_-]+"),
        "{}",
        fields[0].message
    );
    // The same name in a sender ID and an opt-out list name.
    let sender = running
        .v2
        .request_sender_id()
        .sender_id("MY SHOP")
        .iso_country_code("GB")
        .send()
        .await;
    assert_eq!(common::code(sender), "ValidationException");
    running
        .v2
        .create_configuration_set()
        .configuration_set_name("good_name-1")
        .send()
        .await
        .expect("a name that matches whole is accepted");
}
