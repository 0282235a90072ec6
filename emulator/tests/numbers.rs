//! Phone numbers and sender IDs: requesting, updating, describing (filters and pages) and
//! releasing them, with the errors the reference gives.

mod common;

use sms_voice::pinpointsmsvoicev2::*;

async fn request(
    running: &common::Running,
    country: &str,
    number_type: RequestPhoneNumberNumberType,
) -> RequestPhoneNumberResult {
    common::request_number(
        running,
        country,
        MessageType::Transactional,
        vec![NumberCapability::Sms],
        number_type,
    )
    .await
}

#[tokio::test]
async fn request_phone_number_gives_plausible_unique_numbers() {
    let running = common::start().await;
    let out = running
        .v2
        .request_phone_number()
        .iso_country_code("US")
        .message_type(MessageType::Promotional)
        .number_capabilities(vec![NumberCapability::Sms, NumberCapability::Voice])
        .number_type(RequestPhoneNumberNumberType::TenDlc)
        .deletion_protection_enabled(true)
        .tags(vec![common::tag("team", "growth")])
        .send()
        .await
        .expect("request");
    let number = out.phone_number.clone().expect("number");
    assert!(number.starts_with("+1") && number.len() == 12, "{number}");
    assert!(!matches!(&number[2..3], "0" | "1"), "area code {number}");
    let id = out.phone_number_id.clone().expect("id");
    assert!(id.starts_with("phone-"), "{id}");
    assert_eq!(
        out.phone_number_arn.as_deref(),
        Some(format!("arn:aws:sms-voice:us-east-1:123456789012:phone-number/{id}").as_str())
    );
    assert_eq!(out.status, Some(PhoneNumberInformationStatus::Active));
    assert_eq!(out.opt_out_list_name.as_deref(), Some("Default"));
    assert_eq!(out.number_type, Some(RequestPhoneNumberNumberType::TenDlc));
    assert_eq!(out.message_type, Some(MessageType::Promotional));
    assert_eq!(out.deletion_protection_enabled, Some(true));
    assert_eq!(out.two_way_enabled, Some(false));
    assert!(out.monthly_leasing_price.is_some());
    assert_eq!(out.tags.as_ref().map(|t| t.len()), Some(1));

    let gb = request(&running, "GB", RequestPhoneNumberNumberType::LongCode).await;
    assert!(
        gb.phone_number.as_deref().unwrap_or("").starts_with("+447"),
        "{gb:?}"
    );
    let toll_free = request(&running, "US", RequestPhoneNumberNumberType::TollFree).await;
    let tf = toll_free.phone_number.unwrap_or_default();
    assert!(
        ["+1800", "+1833", "+1844", "+1855", "+1866", "+1877", "+1888"]
            .iter()
            .any(|p| tf.starts_with(p)),
        "{tf}"
    );
    let mut numbers = vec![number, gb.phone_number.unwrap_or_default(), tf];
    for _ in 0..5 {
        let more = request(&running, "US", RequestPhoneNumberNumberType::LongCode).await;
        numbers.push(more.phone_number.unwrap_or_default());
    }
    let mut unique = numbers.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), numbers.len(), "{numbers:?}");

    // Describe shows the number as requested, by id and by ARN.
    let described = running
        .v2
        .describe_phone_numbers()
        .phone_number_ids(vec![out.phone_number_arn.clone().unwrap_or_default()])
        .send()
        .await
        .expect("describe");
    let phones = described.phone_numbers.unwrap_or_default();
    assert_eq!(phones.len(), 1);
    assert_eq!(phones[0].phone_number_id.as_deref(), Some(id.as_str()));
    assert_eq!(phones[0].number_type, NumberType::TenDlc);
    assert_eq!(
        phones[0].number_capabilities,
        vec![NumberCapability::Sms, NumberCapability::Voice]
    );
    // Every number starts with the HELP and STOP keywords.
    let keywords = running
        .v2
        .describe_keywords()
        .origination_identity(id)
        .send()
        .await
        .expect("keywords")
        .keywords
        .unwrap_or_default();
    let words: Vec<&str> = keywords.iter().map(|k| k.keyword.as_str()).collect();
    assert_eq!(words, ["HELP", "STOP"]);
}

#[tokio::test]
async fn request_phone_number_refuses_what_the_country_or_account_cannot_have() {
    let running = common::start().await;
    let base = || {
        running
            .v2
            .request_phone_number()
            .iso_country_code("US")
            .message_type(MessageType::Transactional)
            .number_capabilities(vec![NumberCapability::Sms])
            .number_type(RequestPhoneNumberNumberType::LongCode)
    };
    common::assert_failure(
        base().pool_id("pool-missing").send().await,
        "ResourceNotFoundException",
        "\"pool\"",
    );
    common::assert_failure(
        base().opt_out_list_name("Nope").send().await,
        "ResourceNotFoundException",
        "opt-out-list",
    );
    assert_eq!(
        common::code(base().registration_id("registration-missing").send().await),
        "ResourceNotFoundException"
    );
    let refused = base()
        .iso_country_code("GB")
        .number_type(RequestPhoneNumberNumberType::TollFree)
        .send()
        .await;
    assert_eq!(common::code(refused), "ValidationException");
    let refused = base()
        .number_type(RequestPhoneNumberNumberType::Simulator)
        .message_type(MessageType::Promotional)
        .send()
        .await;
    assert_eq!(common::code(refused), "ValidationException");
    assert_eq!(
        common::code(base().iso_country_code("ZZ").send().await),
        "ValidationException"
    );

    // The account holds at most the PHONE_NUMBERS limit.
    let limit = running
        .v2
        .describe_account_limits()
        .send()
        .await
        .ok()
        .and_then(|l| l.account_limits)
        .and_then(|limits| {
            limits
                .iter()
                .find(|l| l.name.as_str() == "PHONE_NUMBERS")
                .map(|l| l.max)
        })
        .unwrap_or(10);
    for _ in 0..limit {
        base().send().await.expect("within the limit");
    }
    common::assert_failure(
        base().send().await,
        "ServiceQuotaExceededException",
        "PHONE_NUMBERS_PER_ACCOUNT",
    );
    // Nothing of the failed requests was kept.
    let all = running
        .v2
        .describe_phone_numbers()
        .send()
        .await
        .expect("describe");
    assert_eq!(all.phone_numbers.unwrap_or_default().len() as i64, limit);
}

#[tokio::test]
async fn release_phone_number_honours_deletion_protection() {
    let running = common::start().await;
    let protected = running
        .v2
        .request_phone_number()
        .iso_country_code("CA")
        .message_type(MessageType::Transactional)
        .number_capabilities(vec![NumberCapability::Sms])
        .number_type(RequestPhoneNumberNumberType::LongCode)
        .deletion_protection_enabled(true)
        .send()
        .await
        .expect("request");
    let id = protected.phone_number_id.clone().unwrap_or_default();
    common::assert_failure(
        running
            .v2
            .release_phone_number()
            .phone_number_id(&id)
            .send()
            .await,
        "ConflictException",
        "DELETION_PROTECTION_ENABLED",
    );

    running
        .v2
        .update_phone_number()
        .phone_number_id(&id)
        .deletion_protection_enabled(false)
        .send()
        .await
        .expect("unprotect");
    let released = running
        .v2
        .release_phone_number()
        .phone_number_id(protected.phone_number_arn.clone().unwrap_or_default())
        .send()
        .await
        .expect("release by ARN");
    assert_eq!(released.status, Some(PhoneNumberInformationStatus::Deleted));
    assert_eq!(released.phone_number, protected.phone_number);
    let refused = running
        .v2
        .describe_phone_numbers()
        .phone_number_ids(vec![id.clone()])
        .send()
        .await;
    assert_eq!(common::code(refused), "ResourceNotFoundException");
    common::assert_failure(
        running
            .v2
            .release_phone_number()
            .phone_number_id(&id)
            .send()
            .await,
        "ResourceNotFoundException",
        "phone-number",
    );
}

#[tokio::test]
async fn release_phone_number_refuses_a_number_in_a_pool() {
    let running = common::start().await;
    let number = request(&running, "US", RequestPhoneNumberNumberType::LongCode).await;
    let id = number.phone_number_id.unwrap_or_default();
    common::create_pool(&running, &id, "US").await;
    common::assert_failure(
        running
            .v2
            .release_phone_number()
            .phone_number_id(&id)
            .send()
            .await,
        "ConflictException",
        "PHONE_NUMBER_ASSOCIATED_TO_POOL",
    );
}

#[tokio::test]
async fn update_phone_number_changes_its_settings() {
    let running = common::start().await;
    let number = request(&running, "US", RequestPhoneNumberNumberType::TollFree).await;
    let id = number.phone_number_id.unwrap_or_default();
    running
        .v2
        .create_opt_out_list()
        .opt_out_list_name("Marketing")
        .send()
        .await
        .expect("list");
    let updated = running
        .v2
        .update_phone_number()
        .phone_number_id(&id)
        .opt_out_list_name("Marketing")
        .self_managed_opt_outs_enabled(true)
        .two_way_enabled(true)
        .two_way_channel_arn("arn:aws:sns:us-east-1:123456789012:inbound")
        .deletion_protection_enabled(true)
        .international_sending_enabled(true)
        .send()
        .await
        .expect("update");
    assert_eq!(updated.opt_out_list_name.as_deref(), Some("Marketing"));
    assert_eq!(updated.self_managed_opt_outs_enabled, Some(true));
    assert_eq!(updated.two_way_enabled, Some(true));
    assert_eq!(updated.deletion_protection_enabled, Some(true));
    assert_eq!(updated.international_sending_enabled, Some(true));
    let described = running
        .v2
        .describe_phone_numbers()
        .phone_number_ids(vec![id.clone()])
        .send()
        .await
        .expect("describe")
        .phone_numbers
        .unwrap_or_default();
    assert_eq!(described[0].opt_out_list_name, "Marketing");
    assert_eq!(
        described[0].two_way_channel_arn.as_deref(),
        Some("arn:aws:sns:us-east-1:123456789012:inbound")
    );
    assert!(described[0].deletion_protection_enabled);
}

#[tokio::test]
async fn update_phone_number_errors() {
    let running = common::start().await;
    common::assert_failure(
        running
            .v2
            .update_phone_number()
            .phone_number_id("phone-missing")
            .deletion_protection_enabled(true)
            .send()
            .await,
        "ResourceNotFoundException",
        "phone-missing",
    );
    let number = request(&running, "US", RequestPhoneNumberNumberType::LongCode).await;
    let id = number.phone_number_id.unwrap_or_default();
    let refused = running
        .v2
        .update_phone_number()
        .phone_number_id(&id)
        .opt_out_list_name("Missing")
        .send()
        .await;
    assert_eq!(common::code(refused), "ResourceNotFoundException");
    common::assert_failure(
        running
            .v2
            .update_phone_number()
            .phone_number_id(&id)
            .two_way_enabled(true)
            .send()
            .await,
        "ValidationException",
        "TWO_WAY_CHANNEL_NOT_PRESENT",
    );
    // A number in a pool follows the pool's opt-out settings.
    common::create_pool(&running, &id, "US").await;
    let refused = running
        .v2
        .update_phone_number()
        .phone_number_id(&id)
        .self_managed_opt_outs_enabled(true)
        .send()
        .await;
    assert_eq!(common::code(refused), "ConflictException");
    // Nothing changed.
    let described = running
        .v2
        .describe_phone_numbers()
        .phone_number_ids(vec![id])
        .send()
        .await
        .expect("describe")
        .phone_numbers
        .unwrap_or_default();
    assert!(!described[0].two_way_enabled);
    assert!(!described[0].self_managed_opt_outs_enabled);
}

#[tokio::test]
async fn describe_phone_numbers_pages_and_filters() {
    let running = common::start().await;
    let mut ids = Vec::new();
    for (country, number_type) in [
        ("US", RequestPhoneNumberNumberType::LongCode),
        ("US", RequestPhoneNumberNumberType::TollFree),
        ("GB", RequestPhoneNumberNumberType::LongCode),
        ("US", RequestPhoneNumberNumberType::TenDlc),
        ("AU", RequestPhoneNumberNumberType::Simulator),
    ] {
        let out = request(&running, country, number_type).await;
        ids.push(out.phone_number_id.unwrap_or_default());
    }
    // Pages of two, in creation order, with every number once.
    let mut seen = Vec::new();
    let mut token = None;
    let mut pages = 0;
    loop {
        let mut req = running.v2.describe_phone_numbers().max_results(2);
        if let Some(next) = token.take() {
            req = req.next_token(next);
        }
        let page = req.send().await.expect("page");
        pages += 1;
        let numbers = page.phone_numbers.unwrap_or_default();
        assert!(numbers.len() <= 2);
        seen.extend(numbers.into_iter().filter_map(|p| p.phone_number_id));
        match page.next_token {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ids);

    let filter = |name: PhoneNumberFilterName, values: &[&str]| {
        PhoneNumberFilter::builder()
            .name(name)
            .values(values.iter().map(|v| v.to_string()).collect::<Vec<_>>())
            .build()
            .expect("filter")
    };
    let found = |out: DescribePhoneNumbersResult| -> Vec<String> {
        out.phone_numbers
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| p.phone_number_id)
            .collect()
    };
    let us = running
        .v2
        .describe_phone_numbers()
        .filters(vec![filter(PhoneNumberFilterName::IsoCountryCode, &["US"])])
        .send()
        .await
        .expect("by country");
    assert_eq!(found(us), [ids[0].clone(), ids[1].clone(), ids[3].clone()]);
    let typed = running
        .v2
        .describe_phone_numbers()
        .filters(vec![
            filter(PhoneNumberFilterName::IsoCountryCode, &["US", "AU"]),
            filter(
                PhoneNumberFilterName::NumberType,
                &["TOLL_FREE", "SIMULATOR"],
            ),
        ])
        .send()
        .await
        .expect("by country and type");
    assert_eq!(found(typed), [ids[1].clone(), ids[4].clone()]);
    let none = running
        .v2
        .describe_phone_numbers()
        .filters(vec![filter(
            PhoneNumberFilterName::DeletionProtectionEnabled,
            &["true"],
        )])
        .send()
        .await
        .expect("protected");
    assert!(found(none).is_empty());
    let all = running
        .v2
        .describe_phone_numbers()
        .filters(vec![
            filter(PhoneNumberFilterName::Status, &["ACTIVE"]),
            filter(PhoneNumberFilterName::OptOutListName, &["Default"]),
            filter(PhoneNumberFilterName::NumberCapability, &["SMS"]),
            filter(PhoneNumberFilterName::TwoWayEnabled, &["false"]),
        ])
        .send()
        .await
        .expect("all");
    assert_eq!(found(all).len(), 5);
    let shared = running
        .v2
        .describe_phone_numbers()
        .owner(Owner::Shared)
        .send()
        .await
        .expect("shared");
    assert!(found(shared).is_empty());
}

#[tokio::test]
async fn describe_phone_numbers_errors() {
    let running = common::start().await;
    common::assert_failure(
        running
            .v2
            .describe_phone_numbers()
            .phone_number_ids(vec!["phone-unknown".to_owned()])
            .send()
            .await,
        "ResourceNotFoundException",
        "phone-unknown",
    );
    let refused = running
        .v2
        .describe_phone_numbers()
        .max_results(0)
        .send()
        .await;
    assert_eq!(common::code(refused), "ValidationException");
    let refused = running
        .v2
        .describe_phone_numbers()
        .next_token("not-a-token")
        .send()
        .await;
    assert_eq!(common::code(refused), "ValidationException");
    let number = request(&running, "US", RequestPhoneNumberNumberType::LongCode).await;
    common::assert_failure(
        running
            .v2
            .describe_phone_numbers()
            .owner(Owner::Self_)
            .phone_number_ids(vec![number.phone_number_id.unwrap_or_default()])
            .send()
            .await,
        "ValidationException",
        "PARAMETERS_CANNOT_BE_USED_TOGETHER",
    );
    let refused = running
        .v2
        .describe_phone_numbers()
        .filters(vec![PhoneNumberFilter::builder()
            .name(PhoneNumberFilterName::TwoWayEnabled)
            .values(vec!["maybe".to_owned()])
            .build()
            .expect("filter")])
        .send()
        .await;
    assert_eq!(common::code(refused), "ValidationException");
}

async fn sender(running: &common::Running, id: &str, country: &str) -> RequestSenderIdResult {
    running
        .v2
        .request_sender_id()
        .sender_id(id)
        .iso_country_code(country)
        .send()
        .await
        .expect("request sender id")
}

#[tokio::test]
async fn request_sender_id_and_describe_it() {
    let running = common::start().await;
    let out = running
        .v2
        .request_sender_id()
        .sender_id("MyBrand")
        .iso_country_code("GB")
        .message_types(vec![MessageType::Transactional])
        .tags(vec![common::tag("env", "test")])
        .send()
        .await
        .expect("request");
    assert_eq!(out.sender_id.as_deref(), Some("MyBrand"));
    assert_eq!(out.iso_country_code.as_deref(), Some("GB"));
    assert_eq!(out.registered, Some(false));
    assert_eq!(out.message_types, Some(vec![MessageType::Transactional]));
    assert_eq!(
        out.sender_id_arn.as_deref(),
        Some("arn:aws:sms-voice:us-east-1:123456789012:sender-id/MyBrand/GB")
    );
    assert_eq!(out.tags.map(|t| t.len()), Some(1));
    // The same sender ID in another country is another resource.
    let fr = sender(&running, "MyBrand", "FR").await;
    assert_eq!(
        fr.message_types,
        Some(vec![MessageType::Transactional, MessageType::Promotional])
    );
    let described = running
        .v2
        .describe_sender_ids()
        .sender_ids(vec![SenderIdAndCountry::builder()
            .sender_id("MyBrand")
            .iso_country_code("GB")
            .build()
            .expect("pair")])
        .send()
        .await
        .expect("describe")
        .sender_ids
        .unwrap_or_default();
    assert_eq!(described.len(), 1);
    assert_eq!(described[0].iso_country_code, "GB");
    assert_eq!(described[0].monthly_leasing_price, "0.00");
}

#[tokio::test]
async fn request_sender_id_errors() {
    let running = common::start().await;
    sender(&running, "Acme", "DE").await;
    common::assert_failure(
        running
            .v2
            .request_sender_id()
            .sender_id("Acme")
            .iso_country_code("DE")
            .send()
            .await,
        "ConflictException",
        "RESOURCE_ALREADY_EXISTS",
    );
    common::assert_failure(
        running
            .v2
            .request_sender_id()
            .sender_id("Acme")
            .iso_country_code("US")
            .send()
            .await,
        "ValidationException",
        "SENDER_ID_NOT_SUPPORTED",
    );
    let refused = running
        .v2
        .request_sender_id()
        .sender_id("12345")
        .iso_country_code("DE")
        .send()
        .await;
    assert_eq!(common::code(refused), "ValidationException");
    let refused = running
        .v2
        .request_sender_id()
        .sender_id("Far-too-long-sender")
        .iso_country_code("DE")
        .send()
        .await;
    assert_eq!(common::code(refused), "ValidationException");
    let refused = running
        .v2
        .request_sender_id()
        .sender_id("Acme Ltd")
        .iso_country_code("DE")
        .send()
        .await;
    assert_eq!(common::code(refused), "ValidationException");
}

#[tokio::test]
async fn update_and_release_sender_id() {
    let running = common::start().await;
    sender(&running, "Shop", "IE").await;
    let updated = running
        .v2
        .update_sender_id()
        .sender_id("Shop")
        .iso_country_code("IE")
        .deletion_protection_enabled(true)
        .send()
        .await
        .expect("update");
    assert_eq!(updated.deletion_protection_enabled, Some(true));
    common::assert_failure(
        running
            .v2
            .release_sender_id()
            .sender_id("Shop")
            .iso_country_code("IE")
            .send()
            .await,
        "ConflictException",
        "DELETION_PROTECTION_ENABLED",
    );
    running
        .v2
        .update_sender_id()
        .sender_id("Shop")
        .iso_country_code("IE")
        .deletion_protection_enabled(false)
        .send()
        .await
        .expect("unprotect");
    let released = running
        .v2
        .release_sender_id()
        .sender_id("arn:aws:sms-voice:us-east-1:123456789012:sender-id/Shop/IE")
        .iso_country_code("IE")
        .send()
        .await
        .expect("release by ARN");
    assert_eq!(released.sender_id.as_deref(), Some("Shop"));
    let left = running
        .v2
        .describe_sender_ids()
        .send()
        .await
        .expect("describe")
        .sender_ids
        .unwrap_or_default();
    assert!(left.is_empty());
}

#[tokio::test]
async fn update_and_release_sender_id_errors() {
    let running = common::start().await;
    common::assert_failure(
        running
            .v2
            .update_sender_id()
            .sender_id("Ghost")
            .iso_country_code("IE")
            .deletion_protection_enabled(true)
            .send()
            .await,
        "ResourceNotFoundException",
        "sender-id",
    );
    let refused = running
        .v2
        .release_sender_id()
        .sender_id("Ghost")
        .iso_country_code("IE")
        .send()
        .await;
    assert_eq!(common::code(refused), "ResourceNotFoundException");
    // A sender ID in a pool stays until it leaves the pool.
    sender(&running, "Pooled", "GB").await;
    common::create_pool(&running, "Pooled", "GB").await;
    common::assert_failure(
        running
            .v2
            .release_sender_id()
            .sender_id("Pooled")
            .iso_country_code("GB")
            .send()
            .await,
        "ConflictException",
        "SENDER_ID_ASSOCIATED_TO_POOL",
    );
}

#[tokio::test]
async fn describe_sender_ids_pages_and_filters() {
    let running = common::start().await;
    for (id, country) in [
        ("Alpha", "GB"),
        ("Beta", "GB"),
        ("Gamma", "DE"),
        ("Delta", "FR"),
    ] {
        sender(&running, id, country).await;
    }
    running
        .v2
        .update_sender_id()
        .sender_id("Beta")
        .iso_country_code("GB")
        .deletion_protection_enabled(true)
        .send()
        .await
        .expect("protect");
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut req = running.v2.describe_sender_ids().max_results(3);
        if let Some(next) = token.take() {
            req = req.next_token(next);
        }
        let page = req.send().await.expect("page");
        let ids = page.sender_ids.unwrap_or_default();
        assert!(ids.len() <= 3);
        seen.extend(
            ids.into_iter()
                .map(|s| format!("{}/{}", s.sender_id, s.iso_country_code)),
        );
        match page.next_token {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, ["Alpha/GB", "Beta/GB", "Delta/FR", "Gamma/DE"]);
    let filter = |name: SenderIdFilterName, values: &[&str]| {
        SenderIdFilter::builder()
            .name(name)
            .values(values.iter().map(|v| v.to_string()).collect::<Vec<_>>())
            .build()
            .expect("filter")
    };
    let gb_unprotected = running
        .v2
        .describe_sender_ids()
        .filters(vec![
            filter(SenderIdFilterName::IsoCountryCode, &["GB"]),
            filter(SenderIdFilterName::DeletionProtectionEnabled, &["false"]),
        ])
        .send()
        .await
        .expect("filtered")
        .sender_ids
        .unwrap_or_default();
    assert_eq!(gb_unprotected.len(), 1);
    assert_eq!(gb_unprotected[0].sender_id, "Alpha");
    let named = running
        .v2
        .describe_sender_ids()
        .filters(vec![
            filter(SenderIdFilterName::SenderId, &["Gamma", "Delta"]),
            filter(SenderIdFilterName::MessageType, &["PROMOTIONAL"]),
            filter(SenderIdFilterName::Registered, &["false"]),
        ])
        .send()
        .await
        .expect("named")
        .sender_ids
        .unwrap_or_default();
    assert_eq!(named.len(), 2);
    let refused = running
        .v2
        .describe_sender_ids()
        .sender_ids(vec![SenderIdAndCountry::builder()
            .sender_id("Alpha")
            .iso_country_code("FR")
            .build()
            .expect("pair")])
        .send()
        .await;
    assert_eq!(common::code(refused), "ResourceNotFoundException");
}
