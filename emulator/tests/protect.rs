//! Protect configurations: create, describe, update, delete, country rule sets, number
//! overrides and the account default.

mod common;

use std::collections::BTreeMap;

use sms_voice::pinpointsmsvoicev2::{
    self as v2, errors, Action, NumberCapability, ProtectConfigurationCountryRuleSetInformation,
    ProtectConfigurationFilter, ProtectConfigurationFilterName,
    ProtectConfigurationRuleSetNumberOverrideFilterItem,
    ProtectConfigurationRuleSetNumberOverrideFilterItemName, ProtectStatus, Tag,
};
use sms_voice::runtime::Timestamp;

async fn create(running: &common::Running, protected: bool) -> (String, String) {
    let out = running
        .v2
        .create_protect_configuration()
        .deletion_protection_enabled(protected)
        .send()
        .await
        .expect("create protect configuration");
    (
        out.protect_configuration_id.expect("id"),
        out.protect_configuration_arn.expect("arn"),
    )
}

async fn delete(
    running: &common::Running,
    id: &str,
) -> common::Answer<v2::DeleteProtectConfigurationResult, errors::DeleteProtectConfigurationError> {
    running
        .v2
        .delete_protect_configuration()
        .protect_configuration_id(id)
        .send()
        .await
}

async fn set_default(
    running: &common::Running,
    id: &str,
) -> common::Answer<
    v2::SetAccountDefaultProtectConfigurationResult,
    errors::SetAccountDefaultProtectConfigurationError,
> {
    running
        .v2
        .set_account_default_protect_configuration()
        .protect_configuration_id(id)
        .send()
        .await
}

/// The country rule set of configuration `id` for `capability`.
async fn rule_set(
    running: &common::Running,
    id: &str,
    capability: NumberCapability,
) -> common::Answer<
    v2::GetProtectConfigurationCountryRuleSetResult,
    errors::GetProtectConfigurationCountryRuleSetError,
> {
    running
        .v2
        .get_protect_configuration_country_rule_set()
        .protect_configuration_id(id)
        .number_capability(capability)
        .send()
        .await
}

/// Puts a number override without an expiration.
async fn put_override(
    running: &common::Running,
    id: &str,
    number: &str,
    action: Action,
) -> common::Answer<
    v2::PutProtectConfigurationRuleSetNumberOverrideResult,
    errors::PutProtectConfigurationRuleSetNumberOverrideError,
> {
    running
        .v2
        .put_protect_configuration_rule_set_number_override()
        .protect_configuration_id(id)
        .destination_phone_number(number)
        .action(action)
        .send()
        .await
}

/// Every protect configuration of the account.
async fn all(running: &common::Running) -> Vec<v2::ProtectConfigurationInformation> {
    running
        .v2
        .describe_protect_configurations()
        .send()
        .await
        .unwrap()
        .protect_configurations
        .unwrap_or_default()
}

fn rule(status: ProtectStatus) -> ProtectConfigurationCountryRuleSetInformation {
    ProtectConfigurationCountryRuleSetInformation::builder()
        .protect_status(status)
        .build()
        .expect("rule")
}

#[tokio::test]
async fn create_answers_the_configuration_and_keeps_its_tags() {
    let running = common::start().await;
    let tag = common::tag("Name", "alerts");
    let out = running
        .v2
        .create_protect_configuration()
        .tags(vec![tag])
        .client_token("token-1")
        .send()
        .await
        .unwrap();
    let id = out.protect_configuration_id.clone().unwrap();
    let arn = out.protect_configuration_arn.clone().unwrap();
    assert!(id.starts_with("protect-"), "{id}");
    assert!(
        arn.ends_with(&format!(":protect-configuration/{id}")),
        "{arn}"
    );
    assert_eq!(out.account_default, Some(false));
    assert_eq!(out.deletion_protection_enabled, Some(false));
    assert_eq!(out.tags.as_ref().map(Vec::len), Some(1));

    // The same call with the same client token answers the same configuration.
    let again = running
        .v2
        .create_protect_configuration()
        .tags(vec![common::tag("Name", "alerts")])
        .client_token("token-1")
        .send()
        .await
        .unwrap();
    assert_eq!(again.protect_configuration_id.as_deref(), Some(id.as_str()));

    let tags = running
        .v2
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap();
    let tags = tags.tags.unwrap_or_default();
    assert_eq!(tags.len(), 1);
    assert_eq!(
        (tags[0].key.as_str(), tags[0].value.as_str()),
        ("Name", "alerts")
    );

    assert_eq!(all(&running).await.len(), 1);
}

#[tokio::test]
async fn create_refuses_too_many_tags() {
    let running = common::start().await;
    let tags: Vec<Tag> = (0..201)
        .map(|i| common::tag(&format!("k{i}"), "v"))
        .collect();
    let result = running
        .v2
        .create_protect_configuration()
        .tags(tags)
        .send()
        .await;
    assert_eq!(common::code(result), "ValidationException");
    assert!(all(&running).await.is_empty());
}

#[tokio::test]
async fn delete_removes_the_configuration() {
    let running = common::start().await;
    let (id, arn) = create(&running, false).await;
    // By ARN.
    let out = delete(&running, &arn).await.unwrap();
    assert_eq!(out.protect_configuration_id.as_deref(), Some(id.as_str()));
    let result = running
        .v2
        .describe_protect_configurations()
        .protect_configuration_ids(vec![id.clone()])
        .send()
        .await;
    assert_eq!(common::code(result), "ResourceNotFoundException");
    let again = delete(&running, &id).await;
    assert_eq!(common::code(again), "ResourceNotFoundException");
}

#[tokio::test]
async fn delete_is_refused_with_deletion_protection_as_default_or_in_a_configuration_set() {
    let running = common::start().await;
    let (protected, _) = create(&running, true).await;
    let result = delete(&running, &protected).await;
    assert_eq!(common::code(result), "ConflictException");

    let (default, _) = create(&running, false).await;
    set_default(&running, &default).await.unwrap();
    let result = delete(&running, &default).await;
    assert_eq!(common::code(result), "ConflictException");

    let (used, _) = create(&running, false).await;
    common::create_configuration_set(&running.v2, "uses-protect").await;
    running
        .v2
        .associate_protect_configuration()
        .configuration_set_name("uses-protect")
        .protect_configuration_id(&used)
        .send()
        .await
        .unwrap();
    let result = delete(&running, &used).await;
    assert_eq!(common::code(result), "ConflictException");

    // All three are still there.
    assert_eq!(all(&running).await.len(), 3);
}

#[tokio::test]
async fn describe_filters_and_pages() {
    let running = common::start().await;
    let (a, _) = create(&running, true).await;
    let (b, _) = create(&running, false).await;
    let (c, _) = create(&running, false).await;
    set_default(&running, &b).await.unwrap();

    let filter = |name: ProtectConfigurationFilterName, value: &str| {
        ProtectConfigurationFilter::builder()
            .name(name)
            .values(vec![value.to_owned()])
            .build()
            .unwrap()
    };
    let protected = running
        .v2
        .describe_protect_configurations()
        .filters(vec![filter(
            ProtectConfigurationFilterName::from("deletion-protection-enabled"),
            "true",
        )])
        .send()
        .await
        .unwrap()
        .protect_configurations
        .unwrap_or_default();
    assert_eq!(protected.len(), 1);
    assert_eq!(protected[0].protect_configuration_id, a);

    let default = running
        .v2
        .describe_protect_configurations()
        .filters(vec![filter(
            ProtectConfigurationFilterName::from("account-default"),
            "true",
        )])
        .send()
        .await
        .unwrap()
        .protect_configurations
        .unwrap_or_default();
    assert_eq!(default.len(), 1);
    assert_eq!(default[0].protect_configuration_id, b);
    assert!(default[0].account_default);

    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let mut request = running.v2.describe_protect_configurations().max_results(2);
        if let Some(token) = token.clone() {
            request = request.next_token(token);
        }
        let page = request.send().await.unwrap();
        let items = page.protect_configurations.unwrap_or_default();
        assert!(items.len() <= 2);
        seen.extend(items.into_iter().map(|p| p.protect_configuration_id));
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    let mut expected = vec![a, b, c];
    expected.sort();
    assert_eq!(seen, expected);

    let bad = running
        .v2
        .describe_protect_configurations()
        .filters(vec![filter(
            ProtectConfigurationFilterName::from("account-default"),
            "maybe",
        )])
        .send()
        .await;
    assert_eq!(common::code(bad), "ValidationException");
    let bad = running
        .v2
        .describe_protect_configurations()
        .max_results(0)
        .send()
        .await;
    assert_eq!(common::code(bad), "ValidationException");
}

#[tokio::test]
async fn update_changes_deletion_protection() {
    let running = common::start().await;
    let (id, _) = create(&running, true).await;
    let out = running
        .v2
        .update_protect_configuration()
        .protect_configuration_id(&id)
        .deletion_protection_enabled(false)
        .send()
        .await
        .unwrap();
    assert_eq!(out.deletion_protection_enabled, Some(false));
    // Now it can be deleted.
    delete(&running, &id).await.unwrap();

    let missing = running
        .v2
        .update_protect_configuration()
        .protect_configuration_id("protect-missing")
        .deletion_protection_enabled(true)
        .send()
        .await;
    assert_eq!(common::code(missing), "ResourceNotFoundException");
}

#[tokio::test]
async fn country_rule_sets_default_to_allow_and_update_per_capability() {
    let running = common::start().await;
    let (id, _) = create(&running, false).await;
    let sms = rule_set(&running, &id, NumberCapability::Sms)
        .await
        .unwrap();
    let set = sms.country_rule_set.unwrap();
    assert!(set.len() > 200, "{}", set.len());
    assert!(set
        .values()
        .all(|r| r.protect_status == ProtectStatus::Allow));

    let mut updates = BTreeMap::new();
    updates.insert("CA".to_owned(), rule(ProtectStatus::Block));
    updates.insert("GB".to_owned(), rule(ProtectStatus::Monitor));
    updates.insert("FR".to_owned(), rule(ProtectStatus::Filter));
    let out = running
        .v2
        .update_protect_configuration_country_rule_set()
        .protect_configuration_id(&id)
        .number_capability(NumberCapability::Sms)
        .country_rule_set_updates(updates)
        .send()
        .await
        .unwrap();
    let set = out.country_rule_set.unwrap();
    assert_eq!(set["CA"].protect_status, ProtectStatus::Block);
    assert_eq!(set["US"].protect_status, ProtectStatus::Allow);

    let sms = rule_set(&running, &id, NumberCapability::Sms)
        .await
        .unwrap()
        .country_rule_set
        .unwrap();
    assert_eq!(sms["CA"].protect_status, ProtectStatus::Block);
    assert_eq!(sms["GB"].protect_status, ProtectStatus::Monitor);
    assert_eq!(sms["FR"].protect_status, ProtectStatus::Filter);
    // Other capabilities are untouched.
    let voice = rule_set(&running, &id, NumberCapability::Voice)
        .await
        .unwrap()
        .country_rule_set
        .unwrap();
    assert_eq!(voice["CA"].protect_status, ProtectStatus::Allow);
}

#[tokio::test]
async fn country_rule_sets_refuse_unknown_configurations_and_countries() {
    let running = common::start().await;
    let missing = rule_set(&running, "protect-missing", NumberCapability::Mms).await;
    assert_eq!(common::code(missing), "ResourceNotFoundException");

    let (id, _) = create(&running, false).await;
    let mut updates = BTreeMap::new();
    updates.insert("US".to_owned(), rule(ProtectStatus::Block));
    updates.insert("QQ".to_owned(), rule(ProtectStatus::Block));
    let bad = running
        .v2
        .update_protect_configuration_country_rule_set()
        .protect_configuration_id(&id)
        .number_capability(NumberCapability::Sms)
        .country_rule_set_updates(updates.clone())
        .send()
        .await;
    assert_eq!(common::code(bad), "ValidationException");
    // Nothing changed: US is still allowed.
    let sms = rule_set(&running, &id, NumberCapability::Sms)
        .await
        .unwrap()
        .country_rule_set
        .unwrap();
    assert_eq!(sms["US"].protect_status, ProtectStatus::Allow);

    let missing = running
        .v2
        .update_protect_configuration_country_rule_set()
        .protect_configuration_id("protect-missing")
        .number_capability(NumberCapability::Sms)
        .country_rule_set_updates(BTreeMap::new())
        .send()
        .await;
    assert_eq!(common::code(missing), "ResourceNotFoundException");
}

#[tokio::test]
async fn number_overrides_put_list_filter_and_delete() {
    let running = common::start().await;
    let (id, arn) = create(&running, false).await;
    let later = Timestamp::from_secs(Timestamp::now().secs() + 3600);
    let out = running
        .v2
        .put_protect_configuration_rule_set_number_override()
        .protect_configuration_id(&arn)
        .destination_phone_number("+447700900123")
        .action(Action::Block)
        .expiration_timestamp(later)
        .send()
        .await
        .unwrap();
    assert_eq!(out.iso_country_code.as_deref(), Some("GB"));
    assert_eq!(
        out.expiration_timestamp.map(|t| t.secs()),
        Some(later.secs())
    );
    assert_eq!(out.protect_configuration_id.as_deref(), Some(id.as_str()));
    put_override(&running, &id, "+12065550100", Action::Allow)
        .await
        .unwrap();
    // Putting again updates in place.
    let updated = put_override(&running, &id, "+12065550100", Action::Block)
        .await
        .unwrap();
    assert_eq!(updated.action, Some(Action::Block));
    assert_eq!(updated.iso_country_code.as_deref(), Some("US"));

    let all = running
        .v2
        .list_protect_configuration_rule_set_number_overrides()
        .protect_configuration_id(&id)
        .send()
        .await
        .unwrap();
    let all = all.rule_set_number_overrides.unwrap_or_default();
    assert_eq!(all.len(), 2);

    let filter = |name: &str, value: &str| {
        ProtectConfigurationRuleSetNumberOverrideFilterItem::builder()
            .name(ProtectConfigurationRuleSetNumberOverrideFilterItemName::from(name))
            .values(vec![value.to_owned()])
            .build()
            .unwrap()
    };
    let list = |filters| {
        let running = &running;
        let id = id.clone();
        async move {
            running
                .v2
                .list_protect_configuration_rule_set_number_overrides()
                .protect_configuration_id(id)
                .filters(filters)
                .send()
                .await
                .map(|out| {
                    out.rule_set_number_overrides
                        .unwrap_or_default()
                        .into_iter()
                        .map(|o| o.destination_phone_number)
                        .collect::<Vec<_>>()
                })
        }
    };
    assert_eq!(
        list(vec![filter("iso-country-code", "GB")]).await.unwrap(),
        vec!["+447700900123"]
    );
    assert_eq!(
        list(vec![filter(
            "destination-phone-number-begins-with",
            "+1206"
        )])
        .await
        .unwrap(),
        vec!["+12065550100"]
    );
    assert_eq!(
        list(vec![filter("action", "ALLOW")]).await.unwrap().len(),
        0
    );
    let soon = (Timestamp::now().secs() + 7200).to_string();
    assert_eq!(
        list(vec![filter("expires-before", &soon)]).await.unwrap(),
        vec!["+447700900123"]
    );
    assert_eq!(
        list(vec![filter("created-after", "2020-01-01T00:00:00Z")])
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        list(vec![filter("created-before", "2020-01-01")])
            .await
            .unwrap()
            .len(),
        0
    );
    let bad = list(vec![filter("expires-after", "yesterday")]).await;
    assert_eq!(common::code(bad), "ValidationException");

    // Paging.
    let first = running
        .v2
        .list_protect_configuration_rule_set_number_overrides()
        .protect_configuration_id(&id)
        .max_results(1)
        .send()
        .await
        .unwrap();
    assert_eq!(first.rule_set_number_overrides.unwrap().len(), 1);
    let second = running
        .v2
        .list_protect_configuration_rule_set_number_overrides()
        .protect_configuration_id(&id)
        .max_results(1)
        .next_token(first.next_token.expect("a second page"))
        .send()
        .await
        .unwrap();
    assert_eq!(second.rule_set_number_overrides.unwrap().len(), 1);
    assert!(second.next_token.is_none());

    let deleted = running
        .v2
        .delete_protect_configuration_rule_set_number_override()
        .protect_configuration_id(&id)
        .destination_phone_number("+12065550100")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.action, Some(Action::Block));
    let left = list(vec![]).await.unwrap();
    assert_eq!(left, vec!["+447700900123"]);
    let again = running
        .v2
        .delete_protect_configuration_rule_set_number_override()
        .protect_configuration_id(&id)
        .destination_phone_number("+12065550100")
        .send()
        .await;
    assert_eq!(common::code(again), "ResourceNotFoundException");
}

#[tokio::test]
async fn number_overrides_refuse_past_expirations_unknown_configurations_and_too_many() {
    let running = common::start().await;
    let (id, _) = create(&running, false).await;
    let past = running
        .v2
        .put_protect_configuration_rule_set_number_override()
        .protect_configuration_id(&id)
        .destination_phone_number("+12065550100")
        .action(Action::Block)
        .expiration_timestamp(Timestamp::from_secs(1_000_000_000))
        .send()
        .await;
    assert_eq!(common::code(past), "ValidationException");

    let missing = put_override(&running, "protect-missing", "+12065550100", Action::Block).await;
    assert_eq!(common::code(missing), "ResourceNotFoundException");
    let missing = running
        .v2
        .list_protect_configuration_rule_set_number_overrides()
        .protect_configuration_id("protect-missing")
        .send()
        .await;
    assert_eq!(common::code(missing), "ResourceNotFoundException");

    for i in 0..100 {
        put_override(&running, &id, &format!("+1206555{i:04}"), Action::Allow)
            .await
            .unwrap();
    }
    let over = put_override(&running, &id, "+12065559999", Action::Allow).await;
    assert_eq!(common::code(over), "ServiceQuotaExceededException");
    // An existing one can still be updated.
    put_override(&running, &id, "+12065550000", Action::Block)
        .await
        .unwrap();
}

#[tokio::test]
async fn account_default_is_set_replaced_and_deleted() {
    let running = common::start().await;
    let (a, a_arn) = create(&running, false).await;
    let (b, _) = create(&running, false).await;
    let out = set_default(&running, &a_arn).await.unwrap();
    assert_eq!(
        out.default_protect_configuration_id.as_deref(),
        Some(a.as_str())
    );
    assert_eq!(
        out.default_protect_configuration_arn.as_deref(),
        Some(a_arn.as_str())
    );
    set_default(&running, &b).await.unwrap();
    let all = running
        .v2
        .describe_protect_configurations()
        .send()
        .await
        .unwrap()
        .protect_configurations
        .unwrap();
    for p in &all {
        assert_eq!(p.account_default, p.protect_configuration_id == b);
    }

    let deleted = running
        .v2
        .delete_account_default_protect_configuration()
        .send()
        .await
        .unwrap();
    assert_eq!(
        deleted.default_protect_configuration_id.as_deref(),
        Some(b.as_str())
    );
    let all = running
        .v2
        .describe_protect_configurations()
        .send()
        .await
        .unwrap()
        .protect_configurations
        .unwrap();
    assert!(all.iter().all(|p| !p.account_default));
    // Not the default any more, so it can be deleted.
    delete(&running, &b).await.unwrap();
}

#[tokio::test]
async fn account_default_refuses_unknown_configurations_and_a_missing_default() {
    let running = common::start().await;
    let missing = set_default(&running, "protect-missing").await;
    assert_eq!(common::code(missing), "ResourceNotFoundException");
    let none = running
        .v2
        .delete_account_default_protect_configuration()
        .send()
        .await;
    assert_eq!(common::code(none), "ResourceNotFoundException");
}
