//! v1 (Amazon Pinpoint SMS and Voice) configuration sets and event destinations.

mod common;

use sms_voice::pinpointsmsvoice::{
    self as v1, errors, CloudWatchLogsDestination, EventDestinationDefinition, EventType,
    KinesisFirehoseDestination, SnsDestination,
};

fn sns() -> SnsDestination {
    SnsDestination::builder()
        .topic_arn("arn:aws:sns:us-east-1:123456789012:voice-events")
        .build()
        .unwrap()
}

fn cloud_watch() -> CloudWatchLogsDestination {
    CloudWatchLogsDestination::builder()
        .iam_role_arn("arn:aws:iam::123456789012:role/events")
        .log_group_arn("arn:aws:logs:us-east-1:123456789012:log-group:voice")
        .build()
        .unwrap()
}

fn firehose() -> KinesisFirehoseDestination {
    KinesisFirehoseDestination::builder()
        .delivery_stream_arn("arn:aws:firehose:us-east-1:123456789012:deliverystream/voice")
        .iam_role_arn("arn:aws:iam::123456789012:role/events")
        .build()
        .unwrap()
}

fn to_sns(enabled: bool, types: Vec<EventType>) -> EventDestinationDefinition {
    EventDestinationDefinition::builder()
        .enabled(enabled)
        .matching_event_types(types)
        .sns_destination(sns())
        .build()
        .unwrap()
}

async fn create_set(client: &v1::Client, name: &str) {
    client
        .create_configuration_set()
        .configuration_set_name(name)
        .send()
        .await
        .unwrap();
}

async fn list_all(client: &v1::Client) -> Vec<String> {
    client
        .list_configuration_sets()
        .page_size("100")
        .send()
        .await
        .unwrap()
        .configuration_sets
        .unwrap_or_default()
}

async fn destinations(client: &v1::Client, set: &str) -> Vec<v1::EventDestination> {
    client
        .get_configuration_set_event_destinations()
        .configuration_set_name(set)
        .send()
        .await
        .unwrap()
        .event_destinations
        .unwrap_or_default()
}

/// Creates event destination `name` of configuration set `set` with `definition`.
async fn create_destination(
    client: &v1::Client,
    set: &str,
    name: &str,
    definition: EventDestinationDefinition,
) -> common::Answer<
    v1::CreateConfigurationSetEventDestinationResponse,
    errors::CreateConfigurationSetEventDestinationError,
> {
    client
        .create_configuration_set_event_destination()
        .configuration_set_name(set)
        .event_destination_name(name)
        .event_destination(definition)
        .send()
        .await
}

/// Replaces the definition of event destination `name` of configuration set `set`.
async fn update_destination(
    client: &v1::Client,
    set: &str,
    name: &str,
    definition: EventDestinationDefinition,
) -> common::Answer<
    v1::UpdateConfigurationSetEventDestinationResponse,
    errors::UpdateConfigurationSetEventDestinationError,
> {
    client
        .update_configuration_set_event_destination()
        .configuration_set_name(set)
        .event_destination_name(name)
        .event_destination(definition)
        .send()
        .await
}

async fn add_destination(client: &v1::Client, set: &str, name: &str) {
    create_destination(
        client,
        set,
        name,
        to_sns(true, vec![EventType::CompletedCall]),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn create_configuration_set_then_list_it() {
    let running = common::start().await;
    create_set(&running.v1, "voice").await;
    assert_eq!(list_all(&running.v1).await, ["voice"]);
    assert!(destinations(&running.v1, "voice").await.is_empty());
    // v1's sets are not v2's.
    let v2 = running
        .v2
        .describe_configuration_sets()
        .send()
        .await
        .unwrap()
        .configuration_sets
        .unwrap();
    assert!(v2.is_empty());
}

#[tokio::test]
async fn create_configuration_set_errors() {
    let running = common::start().await;
    create_set(&running.v1, "voice").await;
    let again = running
        .v1
        .create_configuration_set()
        .configuration_set_name("voice")
        .send()
        .await;
    assert_eq!(common::code(again), "AlreadyExistsException");
    let bad = running
        .v1
        .create_configuration_set()
        .configuration_set_name("no spaces allowed")
        .send()
        .await;
    assert_eq!(common::code(bad), "BadRequestException");
    for i in 1..25 {
        create_set(&running.v1, &format!("set-{i:02}")).await;
    }
    let over = running
        .v1
        .create_configuration_set()
        .configuration_set_name("one-too-many")
        .send()
        .await;
    assert_eq!(common::code(over), "LimitExceededException");
    assert_eq!(list_all(&running.v1).await.len(), 25);
}

#[tokio::test]
async fn delete_configuration_set_removes_it() {
    let running = common::start().await;
    create_set(&running.v1, "voice").await;
    create_set(&running.v1, "other").await;
    running
        .v1
        .delete_configuration_set()
        .configuration_set_name("voice")
        .send()
        .await
        .unwrap();
    assert_eq!(list_all(&running.v1).await, ["other"]);
    let gone = running
        .v1
        .get_configuration_set_event_destinations()
        .configuration_set_name("voice")
        .send()
        .await;
    assert_eq!(common::code(gone), "NotFoundException");
}

#[tokio::test]
async fn delete_configuration_set_unknown_is_not_found() {
    let running = common::start().await;
    let out = running
        .v1
        .delete_configuration_set()
        .configuration_set_name("nope")
        .send()
        .await;
    assert_eq!(common::code(out), "NotFoundException");
}

#[tokio::test]
async fn list_configuration_sets_in_pages() {
    let running = common::start().await;
    for name in ["c", "a", "e", "b", "d"] {
        create_set(&running.v1, name).await;
    }
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut request = running.v1.list_configuration_sets().page_size("2");
        if let Some(t) = token.take() {
            request = request.next_token(t);
        }
        let page = request.send().await.unwrap();
        let names = page.configuration_sets.unwrap_or_default();
        assert!(names.len() <= 2);
        seen.extend(names);
        pages += 1;
        match page.next_token {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn list_configuration_sets_refuses_bad_paging() {
    let running = common::start().await;
    create_set(&running.v1, "voice").await;
    for size in ["0", "two", "-1"] {
        let out = running
            .v1
            .list_configuration_sets()
            .page_size(size)
            .send()
            .await;
        assert_eq!(common::code(out), "BadRequestException", "page size {size}");
    }
    let token = running
        .v1
        .list_configuration_sets()
        .next_token("not-a-token")
        .send()
        .await;
    assert_eq!(common::code(token), "BadRequestException");
}

#[tokio::test]
async fn create_event_destinations_of_each_kind() {
    let running = common::start().await;
    create_set(&running.v1, "voice").await;
    add_destination(&running.v1, "voice", "topic").await;
    running
        .v1
        .create_configuration_set_event_destination()
        .configuration_set_name("voice")
        .event_destination_name("logs")
        .event_destination(
            EventDestinationDefinition::builder()
                .enabled(false)
                .matching_event_types(vec![EventType::Busy, EventType::Failed, EventType::Busy])
                .cloud_watch_logs_destination(cloud_watch())
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    running
        .v1
        .create_configuration_set_event_destination()
        .configuration_set_name("voice")
        .event_destination_name("stream")
        .event_destination(
            EventDestinationDefinition::builder()
                .matching_event_types(vec![EventType::Answered])
                .kinesis_firehose_destination(firehose())
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();

    let all = destinations(&running.v1, "voice").await;
    let names: Vec<_> = all.iter().map(|d| d.name.as_deref().unwrap()).collect();
    assert_eq!(names, ["topic", "logs", "stream"]);
    assert_eq!(all[0].enabled, Some(true));
    assert_eq!(
        all[0].sns_destination.as_ref().unwrap().topic_arn,
        "arn:aws:sns:us-east-1:123456789012:voice-events"
    );
    assert_eq!(all[1].enabled, Some(false));
    assert_eq!(
        all[1].matching_event_types.as_deref(),
        Some(&[EventType::Busy, EventType::Failed][..])
    );
    assert!(all[1].cloud_watch_logs_destination.is_some());
    assert!(all[2].kinesis_firehose_destination.is_some());
}

#[tokio::test]
async fn create_event_destination_errors() {
    let running = common::start().await;
    let unknown = create_destination(
        &running.v1,
        "nope",
        "topic",
        to_sns(true, vec![EventType::Ringing]),
    )
    .await;
    assert_eq!(common::code(unknown), "NotFoundException");

    create_set(&running.v1, "voice").await;
    for i in 0..10 {
        add_destination(&running.v1, "voice", &format!("d{i}")).await;
    }
    let again = create_destination(
        &running.v1,
        "voice",
        "d3",
        to_sns(true, vec![EventType::Ringing]),
    )
    .await;
    assert_eq!(common::code(again), "AlreadyExistsException");
    let eleventh = create_destination(
        &running.v1,
        "voice",
        "d10",
        to_sns(true, vec![EventType::Ringing]),
    )
    .await;
    assert_eq!(common::code(eleventh), "LimitExceededException");

    create_set(&running.v1, "other").await;
    let two = running
        .v1
        .create_configuration_set_event_destination()
        .configuration_set_name("other")
        .event_destination_name("both")
        .event_destination(
            EventDestinationDefinition::builder()
                .matching_event_types(vec![EventType::Ringing])
                .sns_destination(sns())
                .cloud_watch_logs_destination(cloud_watch())
                .build()
                .unwrap(),
        )
        .send()
        .await;
    assert_eq!(common::code(two), "BadRequestException");
    let none = running
        .v1
        .create_configuration_set_event_destination()
        .configuration_set_name("other")
        .event_destination_name("none")
        .event_destination(
            EventDestinationDefinition::builder()
                .matching_event_types(vec![EventType::Ringing])
                .build()
                .unwrap(),
        )
        .send()
        .await;
    assert_eq!(common::code(none), "BadRequestException");
    let no_types = running
        .v1
        .create_configuration_set_event_destination()
        .configuration_set_name("other")
        .event_destination_name("empty")
        .event_destination(to_sns(true, Vec::new()))
        .send()
        .await;
    assert_eq!(common::code(no_types), "BadRequestException");
    assert!(destinations(&running.v1, "other").await.is_empty());
}

#[tokio::test]
async fn update_event_destination_replaces_its_definition() {
    let running = common::start().await;
    create_set(&running.v1, "voice").await;
    add_destination(&running.v1, "voice", "events").await;
    running
        .v1
        .update_configuration_set_event_destination()
        .configuration_set_name("voice")
        .event_destination_name("events")
        .event_destination(
            EventDestinationDefinition::builder()
                .enabled(false)
                .matching_event_types(vec![EventType::NoAnswer])
                .kinesis_firehose_destination(firehose())
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let all = destinations(&running.v1, "voice").await;
    assert_eq!(all.len(), 1);
    let d = &all[0];
    assert_eq!(d.name.as_deref(), Some("events"));
    assert_eq!(d.enabled, Some(false));
    assert_eq!(
        d.matching_event_types.as_deref(),
        Some(&[EventType::NoAnswer][..])
    );
    assert!(d.sns_destination.is_none());
    assert!(d.kinesis_firehose_destination.is_some());
}

#[tokio::test]
async fn update_event_destination_errors() {
    let running = common::start().await;
    create_set(&running.v1, "voice").await;
    let unknown = update_destination(
        &running.v1,
        "voice",
        "nope",
        to_sns(true, vec![EventType::Ringing]),
    )
    .await;
    assert_eq!(common::code(unknown), "NotFoundException");
    let unknown_set = update_destination(
        &running.v1,
        "nope",
        "events",
        to_sns(true, vec![EventType::Ringing]),
    )
    .await;
    assert_eq!(common::code(unknown_set), "NotFoundException");
    add_destination(&running.v1, "voice", "events").await;
    let invalid = running
        .v1
        .update_configuration_set_event_destination()
        .configuration_set_name("voice")
        .event_destination_name("events")
        .event_destination(to_sns(true, Vec::new()))
        .send()
        .await;
    assert_eq!(common::code(invalid), "BadRequestException");
    // The destination is unchanged.
    let d = destinations(&running.v1, "voice").await.remove(0);
    assert_eq!(
        d.matching_event_types.as_deref(),
        Some(&[EventType::CompletedCall][..])
    );
}

#[tokio::test]
async fn delete_event_destination_removes_it() {
    let running = common::start().await;
    create_set(&running.v1, "voice").await;
    add_destination(&running.v1, "voice", "one").await;
    add_destination(&running.v1, "voice", "two").await;
    running
        .v1
        .delete_configuration_set_event_destination()
        .configuration_set_name("voice")
        .event_destination_name("one")
        .send()
        .await
        .unwrap();
    let names: Vec<_> = destinations(&running.v1, "voice")
        .await
        .into_iter()
        .map(|d| d.name.unwrap())
        .collect();
    assert_eq!(names, ["two"]);
    let again = running
        .v1
        .delete_configuration_set_event_destination()
        .configuration_set_name("voice")
        .event_destination_name("one")
        .send()
        .await;
    assert_eq!(common::code(again), "NotFoundException");
}

#[tokio::test]
async fn get_event_destinations_of_an_unknown_set_is_not_found() {
    let running = common::start().await;
    let out = running
        .v1
        .get_configuration_set_event_destinations()
        .configuration_set_name("nope")
        .send()
        .await;
    assert_eq!(common::code(out), "NotFoundException");
}
