//! The account: attributes, limits, spend limits and their overrides, resource policies, tags.

mod common;

use sms_voice::pinpointsmsvoicev2::{
    self as v2, AccountAttributeName, AccountLimitName, SpendLimitName,
};
use sms_voice_emulator::Options;

/// Sends a v2 request for `operation` with `body` as is, the way a careless client might, and
/// answers the status line and body of the response.
async fn raw_v2(running: &common::Running, operation: &str, body: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(running.addr).await.unwrap();
    let request = format!(
        "POST / HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\
         content-type: application/x-amz-json-1.0\r\n\
         x-amz-target: PinpointSMSVoiceV2.{operation}\r\n\
         x-amz-date: 20240101T000000Z\r\n\
         authorization: AWS4-HMAC-SHA256 Credential=AKIDEMULATOR/20240101/us-east-1/sms-voice/aws4_request, SignedHeaders=host;x-amz-date, Signature={sig}\r\n\
         content-length: {len}\r\n\r\n{body}",
        addr = running.addr,
        sig = "0".repeat(64),
        len = body.len(),
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).await.unwrap();
    out
}

async fn attributes(client: &v2::Client) -> Vec<(String, String)> {
    client
        .describe_account_attributes()
        .send()
        .await
        .unwrap()
        .account_attributes
        .unwrap()
        .into_iter()
        .map(|a| (a.name.as_str().to_owned(), a.value))
        .collect()
}

#[tokio::test]
async fn describe_account_attributes_tier_and_default_protect_configuration() {
    let running = common::start().await;
    assert_eq!(
        attributes(&running.v2).await,
        [("ACCOUNT_TIER".to_owned(), "PRODUCTION".to_owned())]
    );
    let id = common::create_protect_configuration(&running.v2).await;
    running
        .v2
        .set_account_default_protect_configuration()
        .protect_configuration_id(&id)
        .send()
        .await
        .unwrap();
    let out = running
        .v2
        .describe_account_attributes()
        .send()
        .await
        .unwrap()
        .account_attributes
        .unwrap();
    assert_eq!(out.len(), 2);
    assert_eq!(
        out[1].name,
        AccountAttributeName::DefaultProtectConfigurationId
    );
    assert_eq!(out[1].value, id);

    let sandbox = common::start_with(Options {
        sandbox: true,
        ..Options::default()
    })
    .await;
    assert_eq!(
        attributes(&sandbox.v2).await,
        [("ACCOUNT_TIER".to_owned(), "SANDBOX".to_owned())]
    );
}

#[tokio::test]
async fn describe_account_attributes_refuses_bad_paging() {
    let running = common::start().await;
    let zero = running
        .v2
        .describe_account_attributes()
        .max_results(0)
        .send()
        .await;
    assert_eq!(common::code(zero), "ValidationException");
    let token = running
        .v2
        .describe_account_attributes()
        .next_token("page-99")
        .send()
        .await;
    assert_eq!(common::code(token), "ValidationException");
}

async fn limits(client: &v2::Client) -> Vec<(AccountLimitName, i64, i64)> {
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let mut request = client.describe_account_limits().max_results(3);
        if let Some(t) = token.take() {
            request = request.next_token(t);
        }
        let page = request.send().await.unwrap();
        let limits = page.account_limits.unwrap();
        assert!(limits.len() <= 3);
        out.extend(limits.into_iter().map(|l| (l.name, l.used, l.max)));
        match page.next_token {
            Some(t) => token = Some(t),
            None => return out,
        }
    }
}

#[tokio::test]
async fn describe_account_limits_counts_what_each_area_holds() {
    let running = common::start().await;
    let before = limits(&running.v2).await;
    let names: Vec<_> = before.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "PHONE_NUMBERS",
            "POOLS",
            "CONFIGURATION_SETS",
            "OPT_OUT_LISTS",
            "SENDER_IDS",
            "REGISTRATIONS",
            "REGISTRATION_ATTACHMENTS",
            "VERIFIED_DESTINATION_NUMBERS",
        ]
    );
    let find = |list: &[(AccountLimitName, i64, i64)], name: AccountLimitName| {
        list.iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, used, max)| (*used, *max))
            .unwrap()
    };
    assert_eq!(find(&before, AccountLimitName::ConfigurationSets), (0, 25));
    // The Default opt-out list is there from the start.
    assert_eq!(find(&before, AccountLimitName::OptOutLists), (1, 25));

    for name in ["one", "two"] {
        common::create_configuration_set(&running.v2, name).await;
    }
    running
        .v2
        .create_opt_out_list()
        .opt_out_list_name("marketing")
        .send()
        .await
        .unwrap();
    running
        .v2
        .create_registration()
        .registration_type("US_TEN_DLC_BRAND_REGISTRATION")
        .send()
        .await
        .unwrap();
    running
        .v2
        .create_registration_attachment()
        .attachment_url("s3://brand-docs/logo.png")
        .send()
        .await
        .unwrap();
    let after = limits(&running.v2).await;
    for name in [
        AccountLimitName::Registrations,
        AccountLimitName::RegistrationAttachments,
    ] {
        assert_eq!(find(&after, name.clone()).0, find(&before, name).0 + 1);
    }
    assert_eq!(find(&after, AccountLimitName::ConfigurationSets), (2, 25));
    assert_eq!(
        find(&after, AccountLimitName::OptOutLists).0,
        find(&before, AccountLimitName::OptOutLists).0 + 1
    );
    assert_eq!(
        find(&after, AccountLimitName::Pools),
        find(&before, AccountLimitName::Pools)
    );
}

#[tokio::test]
async fn describe_account_limits_refuses_bad_paging() {
    let running = common::start().await;
    let over = running
        .v2
        .describe_account_limits()
        .max_results(101)
        .send()
        .await;
    assert_eq!(common::code(over), "ValidationException");
    let token = running
        .v2
        .describe_account_limits()
        .next_token("garbage")
        .send()
        .await;
    assert_eq!(common::code(token), "ValidationException");
}

async fn spend_limits(client: &v2::Client) -> Vec<v2::SpendLimit> {
    client
        .describe_spend_limits()
        .send()
        .await
        .unwrap()
        .spend_limits
        .unwrap()
}

#[tokio::test]
async fn describe_spend_limits_shows_defaults_and_overrides() {
    let running = common::start().await;
    let limits = spend_limits(&running.v2).await;
    let names: Vec<_> = limits.iter().map(|l| l.name.clone()).collect();
    assert_eq!(
        names,
        [
            SpendLimitName::TextMessageMonthlySpendLimit,
            SpendLimitName::VoiceMessageMonthlySpendLimit,
            SpendLimitName::MediaMessageMonthlySpendLimit,
        ]
    );
    for limit in &limits {
        assert_eq!((limit.enforced_limit, limit.max_limit), (1_000, 1_000));
        assert!(!limit.overridden);
    }
    running
        .v2
        .set_voice_message_spend_limit_override()
        .monthly_limit(40)
        .send()
        .await
        .unwrap();
    let limits = spend_limits(&running.v2).await;
    assert_eq!(limits[1].enforced_limit, 40);
    assert!(limits[1].overridden);
    assert!(!limits[0].overridden);

    let zero = running
        .v2
        .describe_spend_limits()
        .max_results(0)
        .send()
        .await;
    assert_eq!(common::code(zero), "ValidationException");
}

#[tokio::test]
async fn spend_limit_overrides_set_and_delete() {
    let running = common::start().await;
    let set = running
        .v2
        .set_text_message_spend_limit_override()
        .monthly_limit(250)
        .send()
        .await
        .unwrap();
    assert_eq!(set.monthly_limit, Some(250));
    let set = running
        .v2
        .set_voice_message_spend_limit_override()
        .monthly_limit(0)
        .send()
        .await
        .unwrap();
    assert_eq!(set.monthly_limit, Some(0));
    let set = running
        .v2
        .set_media_message_spend_limit_override()
        .monthly_limit(1_000)
        .send()
        .await
        .unwrap();
    assert_eq!(set.monthly_limit, Some(1_000));
    let limits = spend_limits(&running.v2).await;
    let enforced: Vec<_> = limits
        .iter()
        .map(|l| (l.enforced_limit, l.overridden))
        .collect();
    assert_eq!(enforced, [(250, true), (0, true), (1_000, true)]);

    let deleted = running
        .v2
        .delete_text_message_spend_limit_override()
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.monthly_limit, Some(1_000));
    let deleted = running
        .v2
        .delete_voice_message_spend_limit_override()
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.monthly_limit, Some(1_000));
    let deleted = running
        .v2
        .delete_media_message_spend_limit_override()
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.monthly_limit, Some(1_000));
    let limits = spend_limits(&running.v2).await;
    assert!(limits
        .iter()
        .all(|l| l.enforced_limit == 1_000 && !l.overridden));
}

#[tokio::test]
async fn spend_limit_overrides_above_the_maximum_are_refused() {
    let running = common::start().await;
    let text = running
        .v2
        .set_text_message_spend_limit_override()
        .monthly_limit(1_001)
        .send()
        .await;
    common::assert_failure(text, "ValidationException", "MonthlyLimit");
    let voice = running
        .v2
        .set_voice_message_spend_limit_override()
        .monthly_limit(20_000)
        .send()
        .await;
    assert_eq!(common::code(voice), "ValidationException");
    let media = running
        .v2
        .set_media_message_spend_limit_override()
        .monthly_limit(-1)
        .send()
        .await;
    assert_eq!(common::code(media), "ValidationException");
    // Nothing changed.
    assert!(spend_limits(&running.v2)
        .await
        .iter()
        .all(|l| l.enforced_limit == 1_000 && !l.overridden));
}

#[tokio::test]
async fn spend_limit_override_deletions_refuse_a_malformed_body() {
    let running = common::start().await;
    for operation in [
        "DeleteTextMessageSpendLimitOverride",
        "DeleteVoiceMessageSpendLimitOverride",
        "DeleteMediaMessageSpendLimitOverride",
    ] {
        let answer = raw_v2(&running, operation, "[1, 2]").await;
        assert!(answer.starts_with("HTTP/1.1 400"), "{operation}: {answer}");
        assert!(
            answer.contains("SerializationException"),
            "{operation}: {answer}"
        );
    }
    // The same request with a proper body succeeds.
    let answer = raw_v2(&running, "DeleteTextMessageSpendLimitOverride", "{}").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"MonthlyLimit\":1000"), "{answer}");
}

async fn opt_out_list(client: &v2::Client, name: &str) -> String {
    client
        .create_opt_out_list()
        .opt_out_list_name(name)
        .send()
        .await
        .unwrap()
        .opt_out_list_arn
        .unwrap()
}

const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sms-voice:DescribeOptOutLists","Resource":"*"}]}"#;

#[tokio::test]
async fn resource_policy_put_get_delete() {
    let running = common::start().await;
    let arn = opt_out_list(&running.v2, "shared").await;
    let put = running
        .v2
        .put_resource_policy()
        .resource_arn(&arn)
        .policy(POLICY)
        .send()
        .await
        .unwrap();
    assert_eq!(put.resource_arn.as_deref(), Some(arn.as_str()));
    assert_eq!(put.policy.as_deref(), Some(POLICY));
    let created = put.created_timestamp.unwrap();

    let got = running
        .v2
        .get_resource_policy()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(got.policy.as_deref(), Some(POLICY));
    assert_eq!(got.created_timestamp, Some(created));

    let deleted = running
        .v2
        .delete_resource_policy()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.policy.as_deref(), Some(POLICY));
    let after = running
        .v2
        .get_resource_policy()
        .resource_arn(&arn)
        .send()
        .await;
    common::assert_failure(after, "ResourceNotFoundException", "policy");
}

#[tokio::test]
async fn resource_policy_errors() {
    let running = common::start().await;
    let unknown = "arn:aws:sms-voice:us-east-1:123456789012:pool/pool-nope";
    let put = running
        .v2
        .put_resource_policy()
        .resource_arn(unknown)
        .policy(POLICY)
        .send()
        .await;
    common::assert_failure(put, "ResourceNotFoundException", "pool-nope");
    let get = running
        .v2
        .get_resource_policy()
        .resource_arn(unknown)
        .send()
        .await;
    assert_eq!(common::code(get), "ResourceNotFoundException");
    let delete = running
        .v2
        .delete_resource_policy()
        .resource_arn(unknown)
        .send()
        .await;
    assert_eq!(common::code(delete), "ResourceNotFoundException");

    // A resource that takes no policy, and a policy that is not JSON.
    let set_arn = common::create_configuration_set(&running.v2, "alerts").await;
    let wrong_kind = running
        .v2
        .put_resource_policy()
        .resource_arn(&set_arn)
        .policy(POLICY)
        .send()
        .await;
    assert_eq!(common::code(wrong_kind), "ValidationException");
    let list_arn = opt_out_list(&running.v2, "shared").await;
    let not_json = running
        .v2
        .put_resource_policy()
        .resource_arn(&list_arn)
        .policy("allow everyone")
        .send()
        .await;
    assert_eq!(common::code(not_json), "ValidationException");
    // No policy yet on an existing resource.
    let none = running
        .v2
        .delete_resource_policy()
        .resource_arn(&list_arn)
        .send()
        .await;
    assert_eq!(common::code(none), "ResourceNotFoundException");
}

async fn tags_of(client: &v2::Client, arn: &str) -> Vec<(String, String)> {
    client
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .unwrap()
        .tags
        .unwrap()
        .into_iter()
        .map(|t| (t.key, t.value))
        .collect()
}

#[tokio::test]
async fn tags_add_overwrite_list_and_remove() {
    let running = common::start().await;
    let arn = common::create_configuration_set(&running.v2, "alerts").await;
    assert!(tags_of(&running.v2, &arn).await.is_empty());
    running
        .v2
        .tag_resource()
        .resource_arn(&arn)
        .tags(vec![common::tag("team", "ops"), common::tag("env", "test")])
        .send()
        .await
        .unwrap();
    running
        .v2
        .tag_resource()
        .resource_arn(&arn)
        .tags(vec![common::tag("env", "prod")])
        .send()
        .await
        .unwrap();
    let listed = running
        .v2
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.resource_arn.as_deref(), Some(arn.as_str()));
    let pairs: Vec<_> = listed
        .tags
        .unwrap()
        .into_iter()
        .map(|t| (t.key, t.value))
        .collect();
    assert_eq!(
        pairs,
        [
            ("env".to_owned(), "prod".to_owned()),
            ("team".to_owned(), "ops".to_owned())
        ]
    );
    running
        .v2
        .untag_resource()
        .resource_arn(&arn)
        .tag_keys(vec!["env".to_owned(), "absent".to_owned()])
        .send()
        .await
        .unwrap();
    assert_eq!(
        tags_of(&running.v2, &arn).await,
        [("team".to_owned(), "ops".to_owned())]
    );
}

#[tokio::test]
async fn tags_on_an_unknown_resource_are_not_found() {
    let running = common::start().await;
    let arn = "arn:aws:sms-voice:us-east-1:123456789012:configuration-set/nope";
    let tag_it = running
        .v2
        .tag_resource()
        .resource_arn(arn)
        .tags(vec![common::tag("k", "v")])
        .send()
        .await;
    common::assert_failure(tag_it, "ResourceNotFoundException", "configuration-set");
    let untag = running
        .v2
        .untag_resource()
        .resource_arn(arn)
        .tag_keys(vec!["k".to_owned()])
        .send()
        .await;
    assert_eq!(common::code(untag), "ResourceNotFoundException");
    let list = running
        .v2
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await;
    assert_eq!(common::code(list), "ResourceNotFoundException");
}

#[tokio::test]
async fn tags_beyond_the_per_resource_limit_are_refused() {
    let running = common::start().await;
    let arn = common::create_configuration_set(&running.v2, "alerts").await;
    let many: Vec<_> = (0..200)
        .map(|i| common::tag(&format!("k{i:03}"), "v"))
        .collect();
    running
        .v2
        .tag_resource()
        .resource_arn(&arn)
        .tags(many)
        .send()
        .await
        .unwrap();
    // Overwriting an existing key stays within the limit.
    running
        .v2
        .tag_resource()
        .resource_arn(&arn)
        .tags(vec![common::tag("k000", "w")])
        .send()
        .await
        .unwrap();
    let over = running
        .v2
        .tag_resource()
        .resource_arn(&arn)
        .tags(vec![common::tag("one-more", "v")])
        .send()
        .await;
    common::assert_failure(over, "ServiceQuotaExceededException", "TAGS_PER_RESOURCE");
    let tags = tags_of(&running.v2, &arn).await;
    assert_eq!(tags.len(), 200);
    assert!(tags.iter().all(|(k, _)| k != "one-more"));
}
