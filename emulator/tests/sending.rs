//! Sending text, voice and media messages (v2 and v1), message feedback, carrier lookups, and
//! verified destination numbers with their verification codes: happy paths and the refusals
//! the reference gives (unknown identity or configuration set, opted-out destination, the
//! sandbox, the monthly spend limit, MaxPrice), and dry runs.

mod common;

use sms_voice::pinpointsmsvoice as v1;
use sms_voice::pinpointsmsvoicev2::*;
use sms_voice_emulator::Options;

/// Requests a US long code with these capabilities: its id and number.
async fn number(
    running: &common::Running,
    capabilities: Vec<NumberCapability>,
) -> (String, String) {
    let out = common::request_number(
        running,
        "US",
        MessageType::Transactional,
        capabilities,
        RequestPhoneNumberNumberType::LongCode,
    )
    .await;
    (
        out.phone_number_id.expect("id"),
        out.phone_number.expect("number"),
    )
}

/// Sends a text message `body` from `from` to `to`.
async fn send_text(
    running: &common::Running,
    from: &str,
    to: &str,
    body: &str,
) -> common::Answer<SendTextMessageResult, errors::SendTextMessageError> {
    running
        .v2
        .send_text_message()
        .origination_identity(from)
        .destination_phone_number(to)
        .message_body(body)
        .send()
        .await
}

/// Sends a voice message `body` from `from` to `to`.
async fn send_voice(
    running: &common::Running,
    from: &str,
    to: &str,
    body: &str,
) -> common::Answer<SendVoiceMessageResult, errors::SendVoiceMessageError> {
    running
        .v2
        .send_voice_message()
        .origination_identity(from)
        .destination_phone_number(to)
        .message_body(body)
        .send()
        .await
}

/// The messages the emulator recorded, oldest first (a macro: their type is not public).
macro_rules! messages {
    ($running:expr) => {
        $running
            .emulator
            .query(|tx| tx.messages().expect("the messages"))
    };
}

const HANDSET: &str = "+12065550142";

#[tokio::test]
async fn send_text_message_records_the_message_with_its_events() {
    let running = common::start().await;
    let (id, from) = number(&running, vec![NumberCapability::Sms]).await;
    common::create_configuration_set(&running.v2, "alerts").await;
    let out = running
        .v2
        .send_text_message()
        .origination_identity(&id)
        .destination_phone_number(HANDSET)
        .message_body("Your order has shipped")
        .configuration_set_name("alerts")
        .message_type(MessageType::Promotional)
        .context(std::collections::BTreeMap::from([(
            "order".to_owned(),
            "1234".to_owned(),
        )]))
        .time_to_live(600)
        .send()
        .await
        .expect("send");
    let message_id = out.message_id.expect("a message id");

    let sent = messages!(&running);
    assert_eq!(sent.len(), 1);
    let m = &sent[0];
    assert_eq!(m.message_id, message_id);
    assert_eq!(m.channel, "SMS");
    assert_eq!(m.direction, "OUTBOUND");
    assert_eq!(m.origination, from);
    assert_eq!(m.origination_id, id);
    assert_eq!(m.destination, HANDSET);
    assert_eq!(m.body.as_deref(), Some("Your order has shipped"));
    assert_eq!(m.configuration_set.as_deref(), Some("alerts"));
    assert_eq!(m.message_type.as_deref(), Some("PROMOTIONAL"));
    assert_eq!(m.time_to_live, 600);
    assert_eq!(m.context.get("order").map(String::as_str), Some("1234"));
    let events: Vec<&str> = m.events.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(
        events,
        ["TEXT_PENDING", "TEXT_SUCCESSFUL", "TEXT_DELIVERED"]
    );
    assert_eq!(m.parts, 1);
    assert!(m.price > 0.0);

    // The same number by its E.164 form and by its ARN.
    let arn = running
        .emulator
        .read(|s| s.numbers.phone_numbers[&id].phone_number_arn.clone());
    for identity in [from.as_str(), arn.as_str()] {
        send_text(&running, identity, HANDSET, "again")
            .await
            .expect("send by another name");
    }
    assert_eq!(messages!(&running).len(), 3);
}

#[tokio::test]
async fn a_long_or_unicode_text_is_sent_in_parts() {
    let running = common::start().await;
    let (id, _) = number(&running, vec![NumberCapability::Sms]).await;
    for body in ["a".repeat(161), "é".repeat(160), "日本".repeat(40)] {
        send_text(&running, &id, HANDSET, &body)
            .await
            .expect("send");
    }
    let parts: Vec<u32> = messages!(&running).iter().map(|m| m.parts).collect();
    // 161 GSM characters: 2 parts of 153; é is GSM too (1 part); 80 UCS-2 characters: 2 of 67.
    assert_eq!(parts, [2, 1, 2]);
}

#[tokio::test]
async fn without_an_identity_a_text_goes_from_a_number_then_the_default_sender_id() {
    let running = common::start().await;
    // Nothing in the account: the generic sender ID.
    running
        .v2
        .send_text_message()
        .destination_phone_number(HANDSET)
        .message_body("one")
        .send()
        .await
        .expect("send");
    // The configuration set's default sender ID.
    common::create_configuration_set(&running.v2, "brand").await;
    running
        .v2
        .set_default_sender_id()
        .configuration_set_name("brand")
        .sender_id("ACME")
        .send()
        .await
        .expect("default sender id");
    running
        .v2
        .send_text_message()
        .destination_phone_number(HANDSET)
        .configuration_set_name("brand")
        .message_body("two")
        .send()
        .await
        .expect("send");
    // A dedicated number of the destination's country comes first.
    let (_, from) = number(&running, vec![NumberCapability::Sms]).await;
    running
        .v2
        .send_text_message()
        .destination_phone_number(HANDSET)
        .configuration_set_name("brand")
        .message_body("three")
        .send()
        .await
        .expect("send");
    // A US number does not send to the UK unless it may send abroad: the generic sender ID.
    running
        .v2
        .send_text_message()
        .destination_phone_number("+447700900123")
        .message_body("four")
        .send()
        .await
        .expect("send");
    let origins: Vec<String> = messages!(&running)
        .iter()
        .map(|m| m.origination.clone())
        .collect();
    assert_eq!(
        origins,
        [
            "NOTICE".to_owned(),
            "ACME".to_owned(),
            from,
            "NOTICE".to_owned()
        ]
    );
}

#[tokio::test]
async fn unknown_identity_or_configuration_set_is_resource_not_found() {
    let running = common::start().await;
    let (id, _) = number(&running, vec![NumberCapability::Sms]).await;
    common::assert_failure(
        send_text(
            &running,
            "phone-0000000000000000000000000000000a",
            HANDSET,
            "hi",
        )
        .await,
        "ResourceNotFoundException",
        "phone-number",
    );
    common::assert_failure(
        send_voice(
            &running,
            "pool-0000000000000000000000000000000a",
            HANDSET,
            "hi",
        )
        .await,
        "ResourceNotFoundException",
        "pool",
    );
    common::assert_failure(
        running
            .v2
            .send_text_message()
            .origination_identity(&id)
            .configuration_set_name("missing-set")
            .destination_phone_number(HANDSET)
            .message_body("hi")
            .send()
            .await,
        "ResourceNotFoundException",
        "configuration-set",
    );
    assert!(messages!(&running).is_empty());
}

#[tokio::test]
async fn an_opted_out_destination_is_refused_for_every_channel() {
    let running = common::start().await;
    let (id, _) = number(
        &running,
        vec![
            NumberCapability::Sms,
            NumberCapability::Voice,
            NumberCapability::Mms,
        ],
    )
    .await;
    running
        .v2
        .put_opted_out_number()
        .opt_out_list_name("Default")
        .opted_out_number(HANDSET)
        .send()
        .await
        .expect("opt out");
    common::assert_failure(
        send_text(&running, &id, HANDSET, "hi").await,
        "ConflictException",
        "DESTINATION_PHONE_NUMBER_OPTED_OUT",
    );
    let voice = send_voice(&running, &id, HANDSET, "hi").await;
    assert_eq!(common::code(voice), "ConflictException");
    let media = running
        .v2
        .send_media_message()
        .origination_identity(&id)
        .destination_phone_number(HANDSET)
        .media_urls(vec!["s3://bucket-name/cat.jpg".to_owned()])
        .send()
        .await;
    assert_eq!(common::code(media), "ConflictException");
    // Even a dry run says so.
    let dry = running
        .v2
        .send_text_message()
        .origination_identity(&id)
        .destination_phone_number(HANDSET)
        .message_body("hi")
        .dry_run(true)
        .send()
        .await;
    assert_eq!(common::code(dry), "ConflictException");
    assert!(messages!(&running).is_empty());
    // Another handset is fine.
    send_text(&running, &id, "+12065550143", "hi")
        .await
        .expect("send");
}

#[tokio::test]
async fn a_pool_sends_from_a_member_and_applies_its_opt_out_list() {
    let running = common::start().await;
    let (id, from) = number(&running, vec![NumberCapability::Sms]).await;
    let pool = common::pool_with_opt_out_list(&running, &id, "pool-list").await;
    send_text(&running, &pool, HANDSET, "from the pool")
        .await
        .expect("send from pool");
    let sent = messages!(&running);
    assert_eq!(sent[0].origination, from);
    assert_eq!(sent[0].origination_kind, "pool");
    assert_eq!(sent[0].origination_id, pool);

    running
        .v2
        .put_opted_out_number()
        .opt_out_list_name("pool-list")
        .opted_out_number(HANDSET)
        .send()
        .await
        .expect("opt out");
    let refused = send_text(&running, &pool, HANDSET, "again").await;
    assert_eq!(common::code(refused), "ConflictException");
}

#[tokio::test]
async fn an_identity_must_support_the_channel() {
    let running = common::start().await;
    let (sms_only, _) = number(&running, vec![NumberCapability::Sms]).await;
    let (voice_only, _) = number(&running, vec![NumberCapability::Voice]).await;
    common::assert_failure(
        send_voice(&running, &sms_only, HANDSET, "hello").await,
        "ValidationException",
        "VOICE_CAPABILITY_NOT_AVAILABLE",
    );
    let media = running
        .v2
        .send_media_message()
        .origination_identity(&sms_only)
        .destination_phone_number(HANDSET)
        .media_urls(vec!["s3://bucket-name/cat.jpg".to_owned()])
        .send()
        .await;
    assert_eq!(common::code(media), "ValidationException");
    let text = send_text(&running, &voice_only, HANDSET, "hi").await;
    assert_eq!(common::code(text), "ValidationException");
    assert!(messages!(&running).is_empty());
}

#[tokio::test]
async fn send_voice_and_media_messages() {
    let running = common::start().await;
    let (id, from) = number(
        &running,
        vec![NumberCapability::Voice, NumberCapability::Mms],
    )
    .await;
    let voice = running
        .v2
        .send_voice_message()
        .origination_identity(&id)
        .destination_phone_number(HANDSET)
        .message_body(
            "<speak>Your code is <say-as interpret-as=\"characters\">1234</say-as></speak>",
        )
        .message_body_text_type(MessageBodyTextType::Ssml)
        .send()
        .await
        .expect("voice")
        .message_id
        .expect("id");
    let media = running
        .v2
        .send_media_message()
        .origination_identity(&id)
        .destination_phone_number(HANDSET)
        .media_urls(vec!["s3://bucket-name/cat.jpg".to_owned()])
        .message_body("a cat")
        .send()
        .await
        .expect("media")
        .message_id
        .expect("id");
    let sent = messages!(&running);
    assert_eq!(sent[0].message_id, voice);
    assert_eq!(sent[0].channel, "VOICE");
    assert_eq!(sent[0].origination, from);
    assert_eq!(sent[0].voice_id.as_deref(), Some("MATTHEW"));
    let events: Vec<&str> = sent[0].events.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(
        events,
        [
            "VOICE_INITIATED",
            "VOICE_RINGING",
            "VOICE_ANSWERED",
            "VOICE_COMPLETED"
        ]
    );
    assert_eq!(sent[1].message_id, media);
    assert_eq!(sent[1].channel, "MEDIA");
    assert_eq!(sent[1].media_urls, ["s3://bucket-name/cat.jpg"]);
    let events: Vec<&str> = sent[1].events.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(
        events,
        ["MEDIA_PENDING", "MEDIA_SUCCESSFUL", "MEDIA_DELIVERED"]
    );

    // A media message needs media or a body.
    let empty = running
        .v2
        .send_media_message()
        .origination_identity(&id)
        .destination_phone_number(HANDSET)
        .send()
        .await;
    assert_eq!(common::code(empty), "ValidationException");
}

#[tokio::test]
async fn a_dry_run_checks_but_records_nothing() {
    let running = common::start().await;
    let (id, _) = number(&running, vec![NumberCapability::Sms]).await;
    let out = running
        .v2
        .send_text_message()
        .origination_identity(&id)
        .destination_phone_number(HANDSET)
        .message_body("hi")
        .dry_run(true)
        .send()
        .await
        .expect("dry run");
    assert_eq!(out.message_id, None);
    assert!(messages!(&running).is_empty());
    let unknown = running
        .v2
        .send_text_message()
        .origination_identity("+19995550100")
        .destination_phone_number(HANDSET)
        .message_body("hi")
        .dry_run(true)
        .send()
        .await;
    assert_eq!(common::code(unknown), "ResourceNotFoundException");
}

#[tokio::test]
async fn max_price_below_the_price_is_refused() {
    let running = common::start().await;
    let (id, _) = number(&running, vec![NumberCapability::Sms]).await;
    common::assert_failure(
        running
            .v2
            .send_text_message()
            .origination_identity(&id)
            .destination_phone_number(HANDSET)
            .message_body("hi")
            .max_price("0.001")
            .send()
            .await,
        "ValidationException",
        "PRICE_OVER_THRESHOLD",
    );
    running
        .v2
        .send_text_message()
        .origination_identity(&id)
        .destination_phone_number(HANDSET)
        .message_body("hi")
        .max_price("0.05")
        .send()
        .await
        .expect("within MaxPrice");
    assert_eq!(messages!(&running).len(), 1);
}

#[tokio::test]
async fn the_monthly_spend_limit_stops_a_channel() {
    let running = common::start().await;
    let (id, _) = number(
        &running,
        vec![NumberCapability::Sms, NumberCapability::Voice],
    )
    .await;
    running
        .v2
        .set_text_message_spend_limit_override()
        .monthly_limit(1)
        .send()
        .await
        .expect("override");
    // 1600 GSM characters: 11 parts, 0.06391 USD to the US; 15 fit in 1 USD, not 16.
    let long = "x".repeat(1600);
    for _ in 0..15 {
        send_text(&running, &id, HANDSET, &long)
            .await
            .expect("within the limit");
    }
    common::assert_failure(
        send_text(&running, &id, HANDSET, &long).await,
        "ServiceQuotaExceededException",
        "MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT",
    );
    assert_eq!(messages!(&running).len(), 15);
    // Voice has its own limit.
    send_voice(&running, &id, HANDSET, "hello")
        .await
        .expect("voice is not limited by the text limit");
    running
        .v2
        .set_voice_message_spend_limit_override()
        .monthly_limit(0)
        .send()
        .await
        .expect("override");
    common::assert_failure(
        send_voice(&running, &id, HANDSET, "hello").await,
        "ServiceQuotaExceededException",
        "MONTHLY_SPEND_LIMIT_REACHED_FOR_VOICE",
    );
}

#[tokio::test]
async fn put_message_feedback_sets_the_status_of_a_sent_message() {
    let running = common::start().await;
    let (id, _) = number(&running, vec![NumberCapability::Sms]).await;
    let message_id = running
        .v2
        .send_text_message()
        .origination_identity(&id)
        .destination_phone_number(HANDSET)
        .message_body("did you get it?")
        .message_feedback_enabled(true)
        .send()
        .await
        .expect("send")
        .message_id
        .expect("id");
    let out = running
        .v2
        .put_message_feedback()
        .message_id(&message_id)
        .message_feedback_status(MessageFeedbackStatus::Received)
        .send()
        .await
        .expect("feedback");
    assert_eq!(out.message_id.as_deref(), Some(message_id.as_str()));
    assert_eq!(
        out.message_feedback_status,
        Some(MessageFeedbackStatus::Received)
    );
    let sent = messages!(&running);
    assert!(sent[0].message_feedback_enabled);
    assert_eq!(sent[0].message_feedback_status.as_deref(), Some("RECEIVED"));

    common::assert_failure(
        running
            .v2
            .put_message_feedback()
            .message_id("no-such-message")
            .message_feedback_status(MessageFeedbackStatus::Failed)
            .send()
            .await,
        "ResourceNotFoundException",
        "message",
    );
}

#[tokio::test]
async fn carrier_lookup_answers_deterministically() {
    let running = common::start().await;
    let us = running
        .v2
        .carrier_lookup()
        .phone_number("+1 (206) 555-0100")
        .send()
        .await
        .expect("lookup");
    assert_eq!(us.e164_phone_number.as_deref(), Some("+12065550100"));
    assert_eq!(us.iso_country_code.as_deref(), Some("US"));
    assert_eq!(us.country.as_deref(), Some("United States"));
    assert_eq!(us.dialing_country_code.as_deref(), Some("1"));
    assert!(us.carrier.is_some());
    let again = running
        .v2
        .carrier_lookup()
        .phone_number("+12065550100")
        .send()
        .await
        .expect("lookup");
    assert_eq!(again, us);

    let uk = running
        .v2
        .carrier_lookup()
        .phone_number("+44 7700 900123")
        .send()
        .await
        .expect("lookup");
    assert_eq!(uk.iso_country_code.as_deref(), Some("GB"));
    assert_eq!(uk.phone_number_type, Some(PhoneNumberType::Mobile));
    assert_eq!(uk.mcc.as_deref(), Some("234"));
    assert!(uk.mnc.is_some() && uk.carrier.is_some());

    let landline = running
        .v2
        .carrier_lookup()
        .phone_number("+442079460000")
        .send()
        .await
        .expect("lookup");
    assert_eq!(landline.phone_number_type, Some(PhoneNumberType::Landline));
    assert_eq!(landline.mcc, None);

    let canada = running
        .v2
        .carrier_lookup()
        .phone_number("+14165550123")
        .send()
        .await
        .expect("lookup");
    assert_eq!(canada.iso_country_code.as_deref(), Some("CA"));

    let short = running
        .v2
        .carrier_lookup()
        .phone_number("+4420")
        .send()
        .await
        .expect("lookup");
    assert_eq!(short.phone_number_type, Some(PhoneNumberType::Invalid));

    let bad = running
        .v2
        .carrier_lookup()
        .phone_number("not a number")
        .send()
        .await;
    assert_eq!(common::code(bad), "ValidationException");
}

#[tokio::test]
async fn verified_destination_numbers_create_describe_delete() {
    let running = common::start().await;
    let created = running
        .v2
        .create_verified_destination_number()
        .destination_phone_number(HANDSET)
        .tags(vec![common::tag("team", "qa")])
        .client_token("token-1")
        .send()
        .await
        .expect("create");
    let id = created.verified_destination_number_id.clone().expect("id");
    assert_eq!(
        created.status,
        Some(VerifiedDestinationNumberInformationStatus::Pending)
    );
    assert_eq!(created.destination_phone_number.as_deref(), Some(HANDSET));
    assert_eq!(created.tags.as_ref().map(Vec::len), Some(1));
    let arn = created
        .verified_destination_number_arn
        .clone()
        .expect("arn");
    let tags = running
        .v2
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .expect("tags");
    assert_eq!(tags.tags.map(|t| t.len()), Some(1));

    // The same call with the same client token: the same answer, nothing new.
    let again = running
        .v2
        .create_verified_destination_number()
        .destination_phone_number(HANDSET)
        .tags(vec![common::tag("team", "qa")])
        .client_token("token-1")
        .send()
        .await
        .expect("idempotent create");
    assert_eq!(
        again.verified_destination_number_id.as_deref(),
        Some(id.as_str())
    );
    // The same number without the token: a conflict.
    common::assert_failure(
        running
            .v2
            .create_verified_destination_number()
            .destination_phone_number(HANDSET)
            .send()
            .await,
        "ConflictException",
        "RESOURCE_ALREADY_EXISTS",
    );

    for n in 1..=3 {
        running
            .v2
            .create_verified_destination_number()
            .destination_phone_number(format!("+1206555020{n}"))
            .send()
            .await
            .expect("create");
    }
    let all = running
        .v2
        .describe_verified_destination_numbers()
        .send()
        .await
        .expect("describe");
    assert_eq!(
        all.verified_destination_numbers.as_ref().map(Vec::len),
        Some(4)
    );

    // Pages of one, in a stable order.
    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let mut request = running
            .v2
            .describe_verified_destination_numbers()
            .max_results(1);
        if let Some(t) = &token {
            request = request.next_token(t);
        }
        let page = request.send().await.expect("page");
        let items = page.verified_destination_numbers.unwrap_or_default();
        assert_eq!(items.len(), 1);
        seen.push(items[0].verified_destination_number_id.clone());
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    let ids: Vec<String> = all
        .verified_destination_numbers
        .unwrap_or_default()
        .into_iter()
        .map(|v| v.verified_destination_number_id)
        .collect();
    assert_eq!(seen, ids);

    // By id, by number, by status.
    let by_id = running
        .v2
        .describe_verified_destination_numbers()
        .verified_destination_number_ids(vec![id.clone()])
        .send()
        .await
        .expect("by id");
    assert_eq!(by_id.verified_destination_numbers.map(|v| v.len()), Some(1));
    let by_number = running
        .v2
        .describe_verified_destination_numbers()
        .destination_phone_numbers(vec!["+12065550202".to_owned()])
        .send()
        .await
        .expect("by number");
    assert_eq!(
        by_number.verified_destination_numbers.unwrap_or_default()[0].destination_phone_number,
        "+12065550202"
    );
    let verified = running
        .v2
        .describe_verified_destination_numbers()
        .filters(vec![VerifiedDestinationNumberFilter::builder()
            .name(VerifiedDestinationNumberFilterName::Status)
            .values(vec!["VERIFIED".to_owned()])
            .build()
            .expect("filter")])
        .send()
        .await
        .expect("by status");
    assert_eq!(
        verified.verified_destination_numbers.map(|v| v.len()),
        Some(0)
    );
    let unknown = running
        .v2
        .describe_verified_destination_numbers()
        .verified_destination_number_ids(vec!["verifieddestinationnumber-missing".to_owned()])
        .send()
        .await;
    assert_eq!(common::code(unknown), "ResourceNotFoundException");

    let deleted = running
        .v2
        .delete_verified_destination_number()
        .verified_destination_number_id(&id)
        .send()
        .await
        .expect("delete");
    assert_eq!(deleted.destination_phone_number.as_deref(), Some(HANDSET));
    common::assert_failure(
        running
            .v2
            .delete_verified_destination_number()
            .verified_destination_number_id(&id)
            .send()
            .await,
        "ResourceNotFoundException",
        "verified-destination-number",
    );
    let tags = running
        .v2
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await;
    assert_eq!(common::code(tags), "ResourceNotFoundException");
}

#[tokio::test]
async fn verified_destination_numbers_have_a_quota() {
    let running = common::start().await;
    for n in 0..10 {
        running
            .v2
            .create_verified_destination_number()
            .destination_phone_number(format!("+1206555030{n}"))
            .send()
            .await
            .expect("create");
    }
    common::assert_failure(
        running
            .v2
            .create_verified_destination_number()
            .destination_phone_number("+12065550399")
            .send()
            .await,
        "ServiceQuotaExceededException",
        "VERIFIED_DESTINATION_NUMBERS_PER_ACCOUNT",
    );
}

/// Creates a verified destination number for `number`: its id.
async fn verified_number(running: &common::Running, number: &str) -> String {
    running
        .v2
        .create_verified_destination_number()
        .destination_phone_number(number)
        .send()
        .await
        .expect("create")
        .verified_destination_number_id
        .expect("id")
}

/// Sends the verification code of verified destination number `id` by `channel`.
async fn send_code(
    running: &common::Running,
    id: &str,
    channel: VerificationChannel,
) -> common::Answer<
    SendDestinationNumberVerificationCodeResult,
    errors::SendDestinationNumberVerificationCodeError,
> {
    running
        .v2
        .send_destination_number_verification_code()
        .verified_destination_number_id(id)
        .verification_channel(channel)
        .send()
        .await
}

/// Verifies verified destination number `id` with `code`.
async fn verify(
    running: &common::Running,
    id: &str,
    code: &str,
) -> common::Answer<VerifyDestinationNumberResult, errors::VerifyDestinationNumberError> {
    running
        .v2
        .verify_destination_number()
        .verified_destination_number_id(id)
        .verification_code(code)
        .send()
        .await
}

/// The code in the last message sent to `number` (as the handset would read it).
fn last_code_sent_to(running: &common::Running, number: &str) -> String {
    let sent = messages!(running);
    let message = sent
        .iter()
        .rev()
        .find(|m| m.destination == number)
        .expect("a message to the number");
    message
        .body
        .as_deref()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

#[tokio::test]
async fn the_sandbox_sends_only_to_verified_numbers_after_the_verification_flow() {
    let running = common::start_with(Options {
        sandbox: true,
        ..Options::default()
    })
    .await;
    let (id, _) = number(&running, vec![NumberCapability::Sms]).await;
    let send = || {
        running
            .v2
            .send_text_message()
            .origination_identity(&id)
            .destination_phone_number(HANDSET)
            .message_body("hello from the sandbox")
            .send()
    };
    common::assert_failure(
        send().await,
        "ConflictException",
        "DESTINATION_PHONE_NUMBER_NOT_VERIFIED",
    );

    let vdn = verified_number(&running, HANDSET).await;
    // Still pending: still refused.
    assert_eq!(common::code(send().await), "ConflictException");

    // Verifying before any code was sent fails.
    let early = verify(&running, &vdn, "123456").await;
    assert_eq!(common::code(early), "ValidationException");

    let sent = send_code(&running, &vdn, VerificationChannel::Text)
        .await
        .expect("code sent")
        .message_id
        .expect("id");
    let code_sent = last_code_sent_to(&running, HANDSET);
    assert_eq!(code_sent.len(), 6);
    assert!(messages!(&running).iter().any(|m| m.message_id == sent));

    let wrong = if code_sent == "000000" {
        "111111"
    } else {
        "000000"
    };
    common::assert_failure(
        verify(&running, &vdn, wrong).await,
        "ValidationException",
        "VERIFICATION_CODE_MISMATCH",
    );

    let verified = verify(&running, &vdn, &code_sent).await.expect("verify");
    assert_eq!(
        verified.status,
        Some(VerifiedDestinationNumberInformationStatus::Verified)
    );
    let described = running
        .v2
        .describe_verified_destination_numbers()
        .verified_destination_number_ids(vec![vdn.clone()])
        .send()
        .await
        .expect("describe");
    assert_eq!(
        described.verified_destination_numbers.unwrap_or_default()[0].status,
        VerifiedDestinationNumberInformationStatus::Verified
    );
    send().await.expect("a verified number receives messages");

    // Once verified: no more codes, no second verification.
    common::assert_failure(
        send_code(&running, &vdn, VerificationChannel::Text).await,
        "ConflictException",
        "VERIFICATION_ALREADY_COMPLETE",
    );
    let twice = verify(&running, &vdn, &code_sent).await;
    assert_eq!(common::code(twice), "ConflictException");
}

#[tokio::test]
async fn verification_codes_by_voice_in_a_language_and_for_unknown_numbers() {
    let running = common::start().await;
    let vdn = verified_number(&running, HANDSET).await;
    running
        .v2
        .send_destination_number_verification_code()
        .verified_destination_number_id(&vdn)
        .verification_channel(VerificationChannel::Voice)
        .language_code(LanguageCode::DeDe)
        .send()
        .await
        .expect("voice code");
    let sent = messages!(&running);
    assert_eq!(sent[0].channel, "VOICE");
    assert!(
        sent[0]
            .body
            .as_deref()
            .unwrap_or_default()
            .starts_with("Ihr Bestätigungscode"),
        "{:?}",
        sent[0].body
    );
    let code = last_code_sent_to(&running, HANDSET);
    verify(&running, &vdn, &code).await.expect("verify");

    common::assert_failure(
        send_code(
            &running,
            "verifieddestinationnumber-missing",
            VerificationChannel::Text,
        )
        .await,
        "ResourceNotFoundException",
        "verified-destination-number",
    );
    let unknown = verify(&running, "verifieddestinationnumber-missing", "123456").await;
    assert_eq!(common::code(unknown), "ResourceNotFoundException");
}

#[tokio::test]
async fn an_expired_verification_code_is_refused() {
    let running = common::start().await;
    let vdn = verified_number(&running, HANDSET).await;
    send_code(&running, &vdn, VerificationChannel::Text)
        .await
        .expect("code");
    let code = last_code_sent_to(&running, HANDSET);
    // Two days pass.
    running
        .emulator
        .write(|state| {
            for sent in state.sending.verification_codes.values_mut() {
                sent.sent_at -= 2.0 * 86_400.0;
            }
            Ok(())
        })
        .expect("age the code");
    common::assert_failure(
        verify(&running, &vdn, &code).await,
        "ConflictException",
        "VERIFICATION_CODE_EXPIRED",
    );
}

fn plain(text: &str) -> v1::VoiceMessageContent {
    v1::VoiceMessageContent::builder()
        .plain_text_message(
            v1::PlainTextMessageType::builder()
                .text(text)
                .voice_id("Joanna")
                .language_code("en-US")
                .build()
                .expect("plain text"),
        )
        .build()
}

#[tokio::test]
async fn v1_send_voice_message() {
    let running = common::start().await;
    let (_, from) = number(&running, vec![NumberCapability::Voice]).await;
    let out = running
        .v1
        .send_voice_message()
        .origination_phone_number(&from)
        .destination_phone_number(HANDSET)
        .content(plain("Hello from version one"))
        .send()
        .await
        .expect("v1 send");
    let id = out.message_id.expect("id");
    let sent = messages!(&running);
    assert_eq!(sent[0].message_id, id);
    assert_eq!(sent[0].channel, "VOICE");
    assert_eq!(sent[0].api, "v1");
    assert_eq!(sent[0].origination, from);
    assert_eq!(sent[0].voice_id.as_deref(), Some("Joanna"));
    assert_eq!(sent[0].body.as_deref(), Some("Hello from version one"));

    // A number that is not the account's, no content, an opted-out destination.
    let unknown = running
        .v1
        .send_voice_message()
        .origination_phone_number("+12065559999")
        .destination_phone_number(HANDSET)
        .content(plain("hi"))
        .send()
        .await;
    assert_eq!(common::code(unknown), "BadRequestException");
    let empty = running
        .v1
        .send_voice_message()
        .origination_phone_number(&from)
        .destination_phone_number(HANDSET)
        .send()
        .await;
    assert_eq!(common::code(empty), "BadRequestException");
    running
        .v2
        .put_opted_out_number()
        .opt_out_list_name("Default")
        .opted_out_number(HANDSET)
        .send()
        .await
        .expect("opt out");
    let opted_out = running
        .v1
        .send_voice_message()
        .origination_phone_number(&from)
        .destination_phone_number(HANDSET)
        .content(plain("hi"))
        .send()
        .await;
    assert_eq!(common::code(opted_out), "BadRequestException");
    assert_eq!(messages!(&running).len(), 1);
}

#[tokio::test]
async fn a_protect_configuration_blocks_a_country_and_an_unknown_one_is_not_found() {
    let running = common::start().await;
    let (id, _) = number(&running, vec![NumberCapability::Sms]).await;
    let protect = common::create_protect_configuration(&running.v2).await;
    let rule = ProtectConfigurationCountryRuleSetInformation::builder()
        .protect_status(ProtectStatus::Block)
        .build()
        .expect("rule");
    running
        .v2
        .update_protect_configuration_country_rule_set()
        .protect_configuration_id(&protect)
        .number_capability(NumberCapability::Sms)
        .country_rule_set_updates(std::collections::BTreeMap::from([("CA".to_owned(), rule)]))
        .send()
        .await
        .expect("block Canada");
    for to in ["+14165550123", HANDSET] {
        running
            .v2
            .send_text_message()
            .origination_identity(&id)
            .destination_phone_number(to)
            .message_body("hello")
            .protect_configuration_id(&protect)
            .send()
            .await
            .expect("accepted");
    }
    let sent = messages!(&running);
    let events: Vec<&str> = sent[0].events.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(events, ["TEXT_PENDING", "TEXT_PROTECT_BLOCKED"]);
    assert_eq!(sent[0].price, 0.0);
    assert_eq!(
        sent[0].protect_configuration_id.as_deref(),
        Some(protect.as_str())
    );
    assert_eq!(
        sent[1].events.last().map(|(e, _)| e.as_str()),
        Some("TEXT_DELIVERED")
    );

    common::assert_failure(
        running
            .v2
            .send_text_message()
            .origination_identity(&id)
            .destination_phone_number(HANDSET)
            .message_body("hello")
            .protect_configuration_id("protect-00000000000000000000000000000000")
            .send()
            .await,
        "ResourceNotFoundException",
        "protect-configuration",
    );
}
