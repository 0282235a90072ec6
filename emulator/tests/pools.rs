//! Pools, their origination identities, and keywords on phone numbers and pools.

mod common;

use sms_voice::pinpointsmsvoicev2::*;

async fn number(running: &common::Running, country: &str, message_type: MessageType) -> String {
    common::request_number(
        running,
        country,
        message_type,
        vec![NumberCapability::Sms, NumberCapability::Voice],
        RequestPhoneNumberNumberType::LongCode,
    )
    .await
    .phone_number_id
    .unwrap_or_default()
}

/// Associates `identity` of `country` with pool `pool`.
async fn associate(
    running: &common::Running,
    pool: &str,
    identity: &str,
    country: &str,
) -> common::Answer<AssociateOriginationIdentityResult, errors::AssociateOriginationIdentityError> {
    running
        .v2
        .associate_origination_identity()
        .pool_id(pool)
        .origination_identity(identity)
        .iso_country_code(country)
        .send()
        .await
}

/// Takes `identity` of `country` out of pool `pool`.
async fn disassociate(
    running: &common::Running,
    pool: &str,
    identity: &str,
    country: &str,
) -> common::Answer<
    DisassociateOriginationIdentityResult,
    errors::DisassociateOriginationIdentityError,
> {
    running
        .v2
        .disassociate_origination_identity()
        .pool_id(pool)
        .origination_identity(identity)
        .iso_country_code(country)
        .send()
        .await
}

/// Puts `keyword` with its reply `message` on `identity`.
async fn keyword(
    running: &common::Running,
    identity: &str,
    keyword: &str,
    message: &str,
) -> common::Answer<PutKeywordResult, errors::PutKeywordError> {
    running
        .v2
        .put_keyword()
        .origination_identity(identity)
        .keyword(keyword)
        .keyword_message(message)
        .send()
        .await
}

async fn sender(running: &common::Running, id: &str, country: &str) -> String {
    running
        .v2
        .request_sender_id()
        .sender_id(id)
        .iso_country_code(country)
        .send()
        .await
        .expect("request sender id")
        .sender_id_arn
        .unwrap_or_default()
}

async fn phone(running: &common::Running, id: &str) -> PhoneNumberInformation {
    running
        .v2
        .describe_phone_numbers()
        .phone_number_ids(vec![id.to_owned()])
        .send()
        .await
        .expect("describe phone number")
        .phone_numbers
        .unwrap_or_default()
        .remove(0)
}

#[tokio::test]
async fn create_pool_takes_the_identity_settings() {
    let running = common::start().await;
    let id = number(&running, "US", MessageType::Transactional).await;
    running
        .v2
        .create_opt_out_list()
        .opt_out_list_name("Alerts")
        .send()
        .await
        .expect("list");
    running
        .v2
        .update_phone_number()
        .phone_number_id(&id)
        .opt_out_list_name("Alerts")
        .self_managed_opt_outs_enabled(true)
        .send()
        .await
        .expect("update");
    keyword(&running, &id, "INFO", "Visit example.com")
        .await
        .expect("keyword");
    let created = running
        .v2
        .create_pool()
        .origination_identity(&id)
        .iso_country_code("US")
        .message_type(MessageType::Transactional)
        .deletion_protection_enabled(true)
        .tags(vec![common::tag("k", "v")])
        .send()
        .await
        .expect("create");
    let pool_id = created.pool_id.clone().unwrap_or_default();
    assert!(pool_id.starts_with("pool-"), "{pool_id}");
    assert_eq!(created.status, Some(PoolInformationStatus::Active));
    assert_eq!(created.opt_out_list_name.as_deref(), Some("Alerts"));
    assert_eq!(created.self_managed_opt_outs_enabled, Some(true));
    assert_eq!(created.deletion_protection_enabled, Some(true));
    assert_eq!(created.shared_routes_enabled, Some(false));
    assert_eq!(created.tags.map(|t| t.len()), Some(1));
    assert_eq!(
        phone(&running, &id).await.pool_id.as_deref(),
        Some(pool_id.as_str())
    );
    // The pool has the number's keywords.
    let keywords = running
        .v2
        .describe_keywords()
        .origination_identity(created.pool_arn.clone().unwrap_or_default())
        .send()
        .await
        .expect("pool keywords");
    assert_eq!(
        keywords.origination_identity.as_deref(),
        Some(pool_id.as_str())
    );
    let words: Vec<String> = keywords
        .keywords
        .unwrap_or_default()
        .into_iter()
        .map(|k| k.keyword)
        .collect();
    assert_eq!(words, ["HELP", "INFO", "STOP"]);
    let described = running
        .v2
        .describe_pools()
        .pool_ids(vec![pool_id.clone()])
        .send()
        .await
        .expect("describe")
        .pools
        .unwrap_or_default();
    assert_eq!(described.len(), 1);
    assert_eq!(described[0].pool_arn, created.pool_arn.unwrap_or_default());
    assert_eq!(described[0].message_type, MessageType::Transactional);
}

#[tokio::test]
async fn create_pool_errors() {
    let running = common::start().await;
    common::assert_failure(
        running
            .v2
            .create_pool()
            .origination_identity("phone-missing")
            .iso_country_code("US")
            .message_type(MessageType::Transactional)
            .send()
            .await,
        "ResourceNotFoundException",
        "phone-missing",
    );
    let id = number(&running, "US", MessageType::Transactional).await;
    common::assert_failure(
        running
            .v2
            .create_pool()
            .origination_identity(&id)
            .iso_country_code("CA")
            .message_type(MessageType::Transactional)
            .send()
            .await,
        "ValidationException",
        "COUNTRY_CODE_MISMATCH",
    );
    common::assert_failure(
        running
            .v2
            .create_pool()
            .origination_identity(&id)
            .iso_country_code("US")
            .message_type(MessageType::Promotional)
            .send()
            .await,
        "ConflictException",
        "MESSAGE_TYPE_MISMATCH",
    );
    common::create_pool(&running, &id, "US").await;
    common::assert_failure(
        running
            .v2
            .create_pool()
            .origination_identity(&id)
            .iso_country_code("US")
            .message_type(MessageType::Transactional)
            .send()
            .await,
        "ConflictException",
        "PHONE_NUMBER_ASSOCIATED_TO_POOL",
    );
    let pools = running.v2.describe_pools().send().await.expect("describe");
    assert_eq!(pools.pools.unwrap_or_default().len(), 1);
}

#[tokio::test]
async fn create_pool_quota() {
    let running = common::start().await;
    let arn = sender(&running, "Many", "GB").await;
    let mut created = 0;
    let code = loop {
        let result = running
            .v2
            .create_pool()
            .origination_identity(&arn)
            .iso_country_code("GB")
            .message_type(MessageType::Transactional)
            .send()
            .await;
        match result {
            Ok(_) => created += 1,
            Err(_) => break common::failure(result).0,
        }
        assert!(created <= 100, "no pool limit");
    };
    assert_eq!(code, "ServiceQuotaExceededException");
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
                .find(|l| l.name.as_str() == "POOLS")
                .map(|l| l.max)
        })
        .unwrap_or(10);
    assert_eq!(created, limit);
}

#[tokio::test]
async fn delete_pool_frees_its_numbers() {
    let running = common::start().await;
    let id = number(&running, "GB", MessageType::Transactional).await;
    let created = running
        .v2
        .create_pool()
        .origination_identity(&id)
        .iso_country_code("GB")
        .message_type(MessageType::Transactional)
        .deletion_protection_enabled(true)
        .send()
        .await
        .expect("create");
    let pool_id = created.pool_id.unwrap_or_default();
    common::assert_failure(
        running.v2.delete_pool().pool_id(&pool_id).send().await,
        "ConflictException",
        "DELETION_PROTECTION_ENABLED",
    );
    running
        .v2
        .update_pool()
        .pool_id(&pool_id)
        .deletion_protection_enabled(false)
        .send()
        .await
        .expect("unprotect");
    let deleted = running
        .v2
        .delete_pool()
        .pool_id(created.pool_arn.unwrap_or_default())
        .send()
        .await
        .expect("delete by ARN");
    assert_eq!(deleted.pool_id.as_deref(), Some(pool_id.as_str()));
    assert_eq!(deleted.status, Some(PoolInformationStatus::Deleting));
    assert_eq!(phone(&running, &id).await.pool_id, None);
    common::assert_failure(
        running
            .v2
            .describe_pools()
            .pool_ids(vec![pool_id.clone()])
            .send()
            .await,
        "ResourceNotFoundException",
        "pool",
    );
    assert_eq!(
        common::code(running.v2.delete_pool().pool_id(&pool_id).send().await),
        "ResourceNotFoundException"
    );
    // The freed number can be released now.
    running
        .v2
        .release_phone_number()
        .phone_number_id(&id)
        .send()
        .await
        .expect("release");
}

#[tokio::test]
async fn update_pool_changes_it_and_its_numbers() {
    let running = common::start().await;
    let id = number(&running, "US", MessageType::Transactional).await;
    let pool_id = common::create_pool(&running, &id, "US")
        .await
        .pool_id
        .unwrap_or_default();
    running
        .v2
        .create_opt_out_list()
        .opt_out_list_name("PoolList")
        .send()
        .await
        .expect("list");
    let updated = running
        .v2
        .update_pool()
        .pool_id(&pool_id)
        .opt_out_list_name("PoolList")
        .shared_routes_enabled(true)
        .two_way_enabled(true)
        .two_way_channel_arn("arn:aws:sns:us-east-1:123456789012:replies")
        .send()
        .await
        .expect("update");
    assert_eq!(updated.opt_out_list_name.as_deref(), Some("PoolList"));
    assert_eq!(updated.shared_routes_enabled, Some(true));
    assert_eq!(updated.two_way_enabled, Some(true));
    let described = running
        .v2
        .describe_pools()
        .pool_ids(vec![pool_id])
        .send()
        .await
        .expect("describe")
        .pools
        .unwrap_or_default();
    assert_eq!(described[0].opt_out_list_name, "PoolList");
    assert!(described[0].shared_routes_enabled);
    let member = phone(&running, &id).await;
    assert_eq!(member.opt_out_list_name, "PoolList");
    assert!(member.two_way_enabled);
}

#[tokio::test]
async fn update_pool_errors() {
    let running = common::start().await;
    let refused = running
        .v2
        .update_pool()
        .pool_id("pool-missing")
        .shared_routes_enabled(true)
        .send()
        .await;
    assert_eq!(common::code(refused), "ResourceNotFoundException");
    let id = number(&running, "US", MessageType::Transactional).await;
    let pool_id = common::create_pool(&running, &id, "US")
        .await
        .pool_id
        .unwrap_or_default();
    common::assert_failure(
        running
            .v2
            .update_pool()
            .pool_id(&pool_id)
            .opt_out_list_name("Nope")
            .send()
            .await,
        "ResourceNotFoundException",
        "opt-out-list",
    );
}

#[tokio::test]
async fn describe_pools_pages_and_filters() {
    let running = common::start().await;
    let arn = sender(&running, "Brand", "GB").await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let created = running
            .v2
            .create_pool()
            .origination_identity(&arn)
            .iso_country_code("GB")
            .message_type(MessageType::Transactional)
            .deletion_protection_enabled(i % 2 == 0)
            .send()
            .await
            .expect("pool");
        ids.push(created.pool_id.unwrap_or_default());
    }
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut req = running.v2.describe_pools().max_results(2);
        if let Some(next) = token.take() {
            req = req.next_token(next);
        }
        let page = req.send().await.expect("page");
        pages += 1;
        seen.extend(
            page.pools
                .unwrap_or_default()
                .into_iter()
                .map(|p| p.pool_id),
        );
        match page.next_token {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ids);
    let filter = |name: PoolFilterName, values: &[&str]| {
        PoolFilter::builder()
            .name(name)
            .values(values.iter().map(|v| v.to_string()).collect::<Vec<_>>())
            .build()
            .expect("filter")
    };
    let protected = running
        .v2
        .describe_pools()
        .filters(vec![
            filter(PoolFilterName::DeletionProtectionEnabled, &["true"]),
            filter(PoolFilterName::MessageType, &["TRANSACTIONAL"]),
            filter(PoolFilterName::Status, &["ACTIVE"]),
        ])
        .send()
        .await
        .expect("filtered")
        .pools
        .unwrap_or_default();
    let protected: Vec<String> = protected.into_iter().map(|p| p.pool_id).collect();
    assert_eq!(protected, [ids[0].clone(), ids[2].clone(), ids[4].clone()]);
    let other_list = running
        .v2
        .describe_pools()
        .filters(vec![filter(PoolFilterName::OptOutListName, &["Other"])])
        .send()
        .await
        .expect("filtered")
        .pools
        .unwrap_or_default();
    assert!(other_list.is_empty());
    let refused = running
        .v2
        .describe_pools()
        .pool_ids(vec!["pool-nothere".to_owned()])
        .send()
        .await;
    assert_eq!(common::code(refused), "ResourceNotFoundException");
    let refused = running
        .v2
        .describe_pools()
        .owner(Owner::Self_)
        .pool_ids(vec![ids[0].clone()])
        .send()
        .await;
    assert_eq!(common::code(refused), "ValidationException");
}

#[tokio::test]
async fn associate_and_list_origination_identities() {
    let running = common::start().await;
    let first = number(&running, "US", MessageType::Transactional).await;
    let second = number(&running, "US", MessageType::Transactional).await;
    let gb = sender(&running, "Brand", "GB").await;
    let created = common::create_pool(&running, &first, "US").await;
    let pool_id = created.pool_id.unwrap_or_default();
    let associated = associate(&running, &pool_id, &second, "US")
        .await
        .expect("associate number");
    assert_eq!(
        associated.origination_identity.as_deref(),
        Some(second.as_str())
    );
    assert_eq!(associated.pool_id.as_deref(), Some(pool_id.as_str()));
    assert_eq!(
        phone(&running, &second).await.pool_id.as_deref(),
        Some(pool_id.as_str())
    );
    let associated = running
        .v2
        .associate_origination_identity()
        .pool_id(created.pool_arn.clone().unwrap_or_default())
        .origination_identity("Brand")
        .iso_country_code("GB")
        .send()
        .await
        .expect("associate sender id");
    assert_eq!(associated.origination_identity.as_deref(), Some("Brand"));
    assert_eq!(
        associated.origination_identity_arn.as_deref(),
        Some(gb.as_str())
    );
    // A sender ID may be in several pools.
    let other = common::create_pool(&running, "Brand", "GB").await;
    assert!(other.pool_id.is_some());

    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut req = running
            .v2
            .list_pool_origination_identities()
            .pool_id(&pool_id)
            .max_results(2);
        if let Some(next) = token.take() {
            req = req.next_token(next);
        }
        let page = req.send().await.expect("page");
        assert_eq!(page.pool_id.as_deref(), Some(pool_id.as_str()));
        seen.extend(
            page.origination_identities
                .unwrap_or_default()
                .into_iter()
                .map(|o| o.origination_identity),
        );
        match page.next_token {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, [first.clone(), second.clone(), "Brand".to_owned()]);
    let voice = running
        .v2
        .list_pool_origination_identities()
        .pool_id(&pool_id)
        .filters(vec![PoolOriginationIdentitiesFilter::builder()
            .name(PoolOriginationIdentitiesFilterName::NumberCapability)
            .values(vec!["VOICE".to_owned()])
            .build()
            .expect("filter")])
        .send()
        .await
        .expect("voice")
        .origination_identities
        .unwrap_or_default();
    assert_eq!(voice.len(), 2);
    assert!(voice.iter().all(|o| o.phone_number.is_some()));
    let gb_only = running
        .v2
        .list_pool_origination_identities()
        .pool_id(&pool_id)
        .filters(vec![PoolOriginationIdentitiesFilter::builder()
            .name(PoolOriginationIdentitiesFilterName::IsoCountryCode)
            .values(vec!["GB".to_owned()])
            .build()
            .expect("filter")])
        .send()
        .await
        .expect("gb")
        .origination_identities
        .unwrap_or_default();
    assert_eq!(gb_only.len(), 1);
    assert_eq!(gb_only[0].origination_identity_arn, gb);
}

#[tokio::test]
async fn associate_origination_identity_errors() {
    let running = common::start().await;
    let first = number(&running, "US", MessageType::Transactional).await;
    let second = number(&running, "US", MessageType::Transactional).await;
    let promo = number(&running, "US", MessageType::Promotional).await;
    let pool_a = common::create_pool(&running, &first, "US")
        .await
        .pool_id
        .unwrap_or_default();
    let pool_b = common::create_pool(&running, &second, "US")
        .await
        .pool_id
        .unwrap_or_default();
    common::assert_failure(
        associate(&running, &pool_b, &first, "US").await,
        "ConflictException",
        "PHONE_NUMBER_ASSOCIATED_TO_POOL",
    );
    common::assert_failure(
        associate(&running, &pool_a, &promo, "US").await,
        "ConflictException",
        "MESSAGE_TYPE_MISMATCH",
    );
    common::assert_failure(
        associate(&running, "pool-missing", &promo, "US").await,
        "ResourceNotFoundException",
        "pool-missing",
    );
    let refused = associate(&running, &pool_a, "phone-missing", "US").await;
    assert_eq!(common::code(refused), "ResourceNotFoundException");
    let refused = associate(&running, &pool_a, &promo, "GB").await;
    assert_eq!(common::code(refused), "ValidationException");
    assert_eq!(phone(&running, &promo).await.pool_id, None);
}

#[tokio::test]
async fn disassociate_origination_identity() {
    let running = common::start().await;
    let first = number(&running, "US", MessageType::Transactional).await;
    let second = number(&running, "US", MessageType::Transactional).await;
    let pool_id = common::create_pool(&running, &first, "US")
        .await
        .pool_id
        .unwrap_or_default();
    associate(&running, &pool_id, &second, "US")
        .await
        .expect("associate");
    let out = disassociate(&running, &pool_id, &first, "US")
        .await
        .expect("disassociate");
    assert_eq!(out.origination_identity.as_deref(), Some(first.as_str()));
    assert_eq!(phone(&running, &first).await.pool_id, None);
    let members = running
        .v2
        .list_pool_origination_identities()
        .pool_id(&pool_id)
        .send()
        .await
        .expect("list")
        .origination_identities
        .unwrap_or_default();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].origination_identity, second);

    // Not in the pool; the last one; an unknown pool.
    common::assert_failure(
        disassociate(&running, &pool_id, &first, "US").await,
        "ConflictException",
        "PHONE_NUMBER_NOT_ASSOCIATED_TO_POOL",
    );
    common::assert_failure(
        disassociate(&running, &pool_id, &second, "US").await,
        "ConflictException",
        "LAST_PHONE_NUMBER",
    );
    let refused = disassociate(&running, "pool-gone", &second, "US").await;
    assert_eq!(common::code(refused), "ResourceNotFoundException");
}

#[tokio::test]
async fn list_pool_origination_identities_errors() {
    let running = common::start().await;
    common::assert_failure(
        running
            .v2
            .list_pool_origination_identities()
            .pool_id("pool-unknown")
            .send()
            .await,
        "ResourceNotFoundException",
        "pool-unknown",
    );
    let refused = running
        .v2
        .list_pool_origination_identities()
        .pool_id("pool-unknown")
        .max_results(1000)
        .send()
        .await;
    assert_eq!(common::code(refused), "ValidationException");
}

#[tokio::test]
async fn put_and_describe_keywords() {
    let running = common::start().await;
    let id = number(&running, "US", MessageType::Transactional).await;
    let put = keyword(&running, &id, "Deals", "20% off today")
        .await
        .expect("put");
    assert_eq!(put.keyword.as_deref(), Some("Deals"));
    assert_eq!(put.keyword_action, Some(KeywordAction::AutomaticResponse));
    assert_eq!(put.origination_identity.as_deref(), Some(id.as_str()));
    // The same keyword in another case is the same keyword: updated.
    keyword(&running, &id, "DEALS", "30% off today")
        .await
        .expect("update");
    running
        .v2
        .put_keyword()
        .origination_identity(&id)
        .keyword("JOIN")
        .keyword_message("Welcome back")
        .keyword_action(KeywordAction::OptIn)
        .send()
        .await
        .expect("opt in");
    // STOP's message may change, not its action.
    keyword(&running, &id, "stop", "Bye")
        .await
        .expect("stop message");

    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut req = running
            .v2
            .describe_keywords()
            .origination_identity(&id)
            .max_results(3);
        if let Some(next) = token.take() {
            req = req.next_token(next);
        }
        let page = req.send().await.expect("page");
        seen.extend(page.keywords.unwrap_or_default());
        match page.next_token {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    let words: Vec<&str> = seen.iter().map(|k| k.keyword.as_str()).collect();
    assert_eq!(words, ["DEALS", "HELP", "JOIN", "STOP"]);
    assert_eq!(seen[0].keyword_message, "30% off today");
    assert_eq!(seen[3].keyword_message, "Bye");
    assert_eq!(seen[3].keyword_action, KeywordAction::OptOut);
    let opt_out = running
        .v2
        .describe_keywords()
        .origination_identity(&id)
        .filters(vec![KeywordFilter::builder()
            .name(KeywordFilterName::KeywordAction)
            .values(vec!["OPT_OUT".to_owned(), "OPT_IN".to_owned()])
            .build()
            .expect("filter")])
        .send()
        .await
        .expect("filtered")
        .keywords
        .unwrap_or_default();
    let words: Vec<&str> = opt_out.iter().map(|k| k.keyword.as_str()).collect();
    assert_eq!(words, ["JOIN", "STOP"]);
    let chosen = running
        .v2
        .describe_keywords()
        .origination_identity(&id)
        .keywords(vec!["help".to_owned()])
        .send()
        .await
        .expect("chosen")
        .keywords
        .unwrap_or_default();
    assert_eq!(chosen.len(), 1);
    assert_eq!(chosen[0].keyword, "HELP");
    let refused = running
        .v2
        .describe_keywords()
        .origination_identity(&id)
        .keywords(vec!["NOTHERE".to_owned()])
        .send()
        .await;
    assert_eq!(common::code(refused), "ResourceNotFoundException");
    let refused = running
        .v2
        .describe_keywords()
        .origination_identity("phone-unknown")
        .send()
        .await;
    assert_eq!(common::code(refused), "ResourceNotFoundException");
}

#[tokio::test]
async fn put_keyword_errors() {
    let running = common::start().await;
    common::assert_failure(
        keyword(&running, "pool-unknown", "HI", "Hello").await,
        "ResourceNotFoundException",
        "\"pool\"",
    );
    let id = number(&running, "US", MessageType::Transactional).await;
    common::assert_failure(
        running
            .v2
            .put_keyword()
            .origination_identity(&id)
            .keyword("STOP")
            .keyword_message("Welcome")
            .keyword_action(KeywordAction::OptIn)
            .send()
            .await,
        "ConflictException",
        "RESOURCE_MODIFICATION_NOT_ALLOWED",
    );
    // HELP and STOP count towards the limit of keywords.
    let mut added = 0;
    let code = loop {
        let result = keyword(&running, &id, &format!("WORD{added}"), "Thanks").await;
        match result {
            Ok(_) => added += 1,
            Err(_) => break common::failure(result),
        }
        assert!(added <= 1000, "no keyword limit");
    };
    assert_eq!(code.0, "ServiceQuotaExceededException");
    assert!(code.1.contains("KEYWORDS_PER_PHONE_NUMBER"), "{}", code.1);
    assert_eq!(added, 28);
    // Changing an existing keyword is still allowed at the limit.
    keyword(&running, &id, "WORD0", "Changed")
        .await
        .expect("update at the limit");
}

#[tokio::test]
async fn delete_keyword() {
    let running = common::start().await;
    let id = number(&running, "US", MessageType::Transactional).await;
    let pool_out = common::create_pool(&running, &id, "US").await;
    let pool_id = pool_out.pool_id.unwrap_or_default();
    keyword(&running, &pool_id, "PROMO", "Deals")
        .await
        .expect("put");
    let deleted = running
        .v2
        .delete_keyword()
        .origination_identity(pool_out.pool_arn.unwrap_or_default())
        .keyword("promo")
        .send()
        .await
        .expect("delete");
    assert_eq!(deleted.keyword.as_deref(), Some("PROMO"));
    assert_eq!(
        deleted.origination_identity.as_deref(),
        Some(pool_id.as_str())
    );
    let left = running
        .v2
        .describe_keywords()
        .origination_identity(&pool_id)
        .send()
        .await
        .expect("describe")
        .keywords
        .unwrap_or_default();
    assert!(left.iter().all(|k| k.keyword != "PROMO"));
    let refused = running
        .v2
        .delete_keyword()
        .origination_identity(&pool_id)
        .keyword("PROMO")
        .send()
        .await;
    assert_eq!(common::code(refused), "ResourceNotFoundException");
    common::assert_failure(
        running
            .v2
            .delete_keyword()
            .origination_identity(&id)
            .keyword("HELP")
            .send()
            .await,
        "ConflictException",
        "RESOURCE_DELETION_NOT_ALLOWED",
    );
    let refused = running
        .v2
        .delete_keyword()
        .origination_identity("phone-missing")
        .keyword("X")
        .send()
        .await;
    assert_eq!(common::code(refused), "ResourceNotFoundException");
}
