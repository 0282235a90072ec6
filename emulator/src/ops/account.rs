//! The account: its attributes (tier, default protect configuration), its limits with what
//! each area uses of them, its monthly spend limits and their overrides, and, for every
//! resource of every area (found by ARN through [`State::has_arn`](crate::State::has_arn)),
//! tags and resource-based policies.
//!
//! Tags are kept here by ARN for all areas: a create operation with `Tags` stores them, a
//! delete removes them. Resource-based policies attach only to phone numbers, sender IDs,
//! pools and opt-out lists, as the service allows.

use sms_voice::pinpointsmsvoicev2::*;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::EmuError;
use crate::{Ctx, Emulator};

/// This area's part of the [`State`](crate::state::State).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountState {
    /// Spend limit overrides by `SpendLimitName` (`TEXT_MESSAGE_MONTHLY_SPEND_LIMIT`...), in whole US dollars.
    pub spend_limit_overrides: BTreeMap<String, i64>,
    /// Resource policies by resource ARN.
    pub resource_policies: BTreeMap<String, String>,
    /// When each resource policy (by resource ARN) was attached.
    pub resource_policy_created: BTreeMap<String, sms_voice::runtime::Timestamp>,
    /// Tags by resource ARN: key to value.
    pub tags: BTreeMap<String, BTreeMap<String, String>>,
}

impl AccountState {
    /// Whether a resource of this area has this ARN (for tags and resource policies).
    pub(crate) fn has_arn(&self, arn: &str) -> bool {
        let _ = arn;
        false
    }
}

/// The account limits `DescribeAccountLimits` reports: name and maximum. Every create or
/// request operation of the resource answers `ServiceQuotaExceededException` when the account
/// already holds the maximum, with the reason the service gives: the limit's name and
/// `_PER_ACCOUNT` (`PHONE_NUMBERS_PER_ACCOUNT`).
pub(crate) const LIMITS: &[(&str, i64)] = &[
    ("PHONE_NUMBERS", 10),
    ("POOLS", 10),
    ("CONFIGURATION_SETS", 25),
    ("OPT_OUT_LISTS", 25),
    ("SENDER_IDS", 20),
    ("REGISTRATIONS", 10),
    ("REGISTRATION_ATTACHMENTS", 10),
    ("VERIFIED_DESTINATION_NUMBERS", 10),
];

/// The maximum of limit `name` (one of [`LIMITS`]).
pub(crate) fn limit(name: &str) -> i64 {
    LIMITS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, max)| *max)
        .unwrap_or(i64::MAX)
}

/// `Ok` if an account holding `current` resources under limit `name` may add one more, else
/// the `ServiceQuotaExceededException` to answer.
pub(crate) fn check_limit(name: &str, current: usize) -> Result<(), EmuError> {
    let max = limit(name);
    if i64::try_from(current).unwrap_or(i64::MAX) >= max {
        Err(EmuError::quota(
            &format!("{name}_PER_ACCOUNT"),
            format!("The account limit {name} of {max} has been reached."),
        ))
    } else {
        Ok(())
    }
}

/// The highest monthly spend limit an override may set, in US dollars (the service's
/// `MaxLimit`).
pub(crate) const MAX_SPEND_LIMIT: i64 = 1_000;

/// The monthly spend limit of an account that has not overridden it: as the docs say of
/// deleting an override, the enforced limit is then the `MaxLimit`.
pub(crate) const DEFAULT_SPEND_LIMIT: i64 = MAX_SPEND_LIMIT;

/// The spend limit in force for `name` (a `SpendLimitName`), in US dollars.
pub(crate) fn enforced_spend_limit(state: &crate::State, name: &str) -> i64 {
    state
        .account
        .spend_limit_overrides
        .get(name)
        .copied()
        .unwrap_or(DEFAULT_SPEND_LIMIT)
}

/// The page size of the Describe operations of this area when a request gives no `MaxResults`.
const DEFAULT_PAGE_SIZE: usize = 10;

/// The most tags one resource may carry.
pub(crate) const MAX_TAGS_PER_RESOURCE: usize = 200;

/// The kinds of resource that accept a resource-based policy (the resource type in their ARN).
const POLICY_RESOURCE_TYPES: &[&str] = &["phone-number", "sender-id", "pool", "opt-out-list"];

/// The resource type of an ARN (`pool` for `arn:aws:sms-voice:…:pool/pool-…`), or `resource`
/// when the ARN has no recognisable resource part.
fn resource_type(arn: &str) -> &str {
    arn.splitn(6, ':')
        .nth(5)
        .and_then(|resource| resource.split('/').next())
        .filter(|kind| !kind.is_empty())
        .unwrap_or("resource")
}

/// `Ok` if some resource has this ARN, else `ResourceNotFoundException`.
fn require_arn(state: &crate::State, arn: &str) -> Result<(), EmuError> {
    if state.has_arn(arn) {
        Ok(())
    } else {
        Err(EmuError::not_found(resource_type(arn), arn))
    }
}

/// How many resources the account holds under limit `name` (one of [`LIMITS`]).
pub(crate) fn used(state: &crate::State, name: &str) -> usize {
    match name {
        "PHONE_NUMBERS" => state.numbers.phone_numbers.len(),
        "POOLS" => state.numbers.pools.len(),
        "CONFIGURATION_SETS" => state.config_sets.configuration_sets.len(),
        // The Default list belongs to every account, even before anything has used it.
        "OPT_OUT_LISTS" => {
            let lists = &state.numbers.opt_out_lists;
            let default = crate::ops::numbers::DEFAULT_OPT_OUT_LIST;
            lists.len() + usize::from(!lists.contains_key(default))
        }
        "SENDER_IDS" => state.numbers.sender_ids.len(),
        "REGISTRATIONS" => state.registrations.registrations.len(),
        "REGISTRATION_ATTACHMENTS" => state.registrations.attachments.len(),
        "VERIFIED_DESTINATION_NUMBERS" => state.sending.verified_destination_numbers.len(),
        _ => 0,
    }
}

pub(crate) fn describe_account_attributes(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeAccountAttributesRequest,
) -> Result<DescribeAccountAttributesResult, EmuError> {
    let _ = ctx;
    let tier = if emu.sandbox() {
        "SANDBOX"
    } else {
        "PRODUCTION"
    };
    let mut attributes = vec![AccountAttribute::builder()
        .name(AccountAttributeName::AccountTier)
        .value(tier)
        .build()?];
    let default_protect = emu.read(|state| {
        state
            .protect
            .account_default_protect_configuration_id
            .clone()
    });
    if let Some(id) = default_protect {
        attributes.push(
            AccountAttribute::builder()
                .name(AccountAttributeName::DefaultProtectConfigurationId)
                .value(id)
                .build()?,
        );
    }
    let (page, next) = crate::paginate(
        attributes,
        input.next_token.as_deref(),
        input.max_results,
        DEFAULT_PAGE_SIZE,
    )?;
    let mut out = DescribeAccountAttributesResult::builder().account_attributes(page);
    if let Some(next) = next {
        out = out.next_token(next);
    }
    Ok(out.build())
}

pub(crate) fn describe_account_limits(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeAccountLimitsRequest,
) -> Result<DescribeAccountLimitsResult, EmuError> {
    let _ = ctx;
    let limits = emu.read(|state| {
        LIMITS
            .iter()
            .map(|(name, max)| {
                AccountLimit::builder()
                    .name(AccountLimitName::from(*name))
                    .max(*max)
                    .used(i64::try_from(used(state, name)).unwrap_or(i64::MAX))
                    .build()
                    .map_err(EmuError::from)
            })
            .collect::<Result<Vec<_>, _>>()
    })?;
    let (page, next) = crate::paginate(
        limits,
        input.next_token.as_deref(),
        input.max_results,
        DEFAULT_PAGE_SIZE,
    )?;
    let mut out = DescribeAccountLimitsResult::builder().account_limits(page);
    if let Some(next) = next {
        out = out.next_token(next);
    }
    Ok(out.build())
}

/// The spend limits, in the order `DescribeSpendLimits` lists them.
const SPEND_LIMITS: &[&str] = &[
    "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT",
    "VOICE_MESSAGE_MONTHLY_SPEND_LIMIT",
    "MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT",
];

pub(crate) fn describe_spend_limits(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeSpendLimitsRequest,
) -> Result<DescribeSpendLimitsResult, EmuError> {
    let _ = ctx;
    let limits = emu.read(|state| {
        SPEND_LIMITS
            .iter()
            .map(|name| {
                SpendLimit::builder()
                    .name(SpendLimitName::from(*name))
                    .enforced_limit(enforced_spend_limit(state, name))
                    .max_limit(MAX_SPEND_LIMIT)
                    .overridden(state.account.spend_limit_overrides.contains_key(*name))
                    .build()
                    .map_err(EmuError::from)
            })
            .collect::<Result<Vec<_>, _>>()
    })?;
    let (page, next) = crate::paginate(
        limits,
        input.next_token.as_deref(),
        input.max_results,
        DEFAULT_PAGE_SIZE,
    )?;
    let mut out = DescribeSpendLimitsResult::builder().spend_limits(page);
    if let Some(next) = next {
        out = out.next_token(next);
    }
    Ok(out.build())
}

/// Sets the override of spend limit `name` to `monthly_limit` (at most [`MAX_SPEND_LIMIT`]).
fn set_spend_limit_override(
    emu: &Emulator,
    name: &str,
    monthly_limit: i64,
) -> Result<i64, EmuError> {
    if monthly_limit > MAX_SPEND_LIMIT {
        return Err(EmuError::validation(
            "INVALID_PARAMETER",
            "MonthlyLimit",
            format!(
                "The monthly limit {monthly_limit} is above the maximum of {MAX_SPEND_LIMIT} US dollars."
            ),
        ));
    }
    emu.write(|state| {
        state
            .account
            .spend_limit_overrides
            .insert(name.to_owned(), monthly_limit);
        Ok(monthly_limit)
    })
}

/// Removes the override of spend limit `name`; answers the limit now in force.
fn delete_spend_limit_override(emu: &Emulator, name: &str) -> Result<i64, EmuError> {
    emu.write(|state| {
        state.account.spend_limit_overrides.remove(name);
        Ok(enforced_spend_limit(state, name))
    })
}

pub(crate) fn set_text_message_spend_limit_override(
    emu: &Emulator,
    ctx: &Ctx,
    input: SetTextMessageSpendLimitOverrideRequest,
) -> Result<SetTextMessageSpendLimitOverrideResult, EmuError> {
    let _ = ctx;
    let limit =
        set_spend_limit_override(emu, "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT", input.monthly_limit)?;

    Ok(SetTextMessageSpendLimitOverrideResult::builder()
        .monthly_limit(limit)
        .build())
}

pub(crate) fn delete_text_message_spend_limit_override(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteTextMessageSpendLimitOverrideRequest,
) -> Result<DeleteTextMessageSpendLimitOverrideResult, EmuError> {
    let _ = (ctx, input);
    let limit = delete_spend_limit_override(emu, "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT")?;

    Ok(DeleteTextMessageSpendLimitOverrideResult::builder()
        .monthly_limit(limit)
        .build())
}

pub(crate) fn set_voice_message_spend_limit_override(
    emu: &Emulator,
    ctx: &Ctx,
    input: SetVoiceMessageSpendLimitOverrideRequest,
) -> Result<SetVoiceMessageSpendLimitOverrideResult, EmuError> {
    let _ = ctx;
    let limit = set_spend_limit_override(
        emu,
        "VOICE_MESSAGE_MONTHLY_SPEND_LIMIT",
        input.monthly_limit,
    )?;

    Ok(SetVoiceMessageSpendLimitOverrideResult::builder()
        .monthly_limit(limit)
        .build())
}

pub(crate) fn delete_voice_message_spend_limit_override(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteVoiceMessageSpendLimitOverrideRequest,
) -> Result<DeleteVoiceMessageSpendLimitOverrideResult, EmuError> {
    let _ = (ctx, input);
    let limit = delete_spend_limit_override(emu, "VOICE_MESSAGE_MONTHLY_SPEND_LIMIT")?;

    Ok(DeleteVoiceMessageSpendLimitOverrideResult::builder()
        .monthly_limit(limit)
        .build())
}

pub(crate) fn set_media_message_spend_limit_override(
    emu: &Emulator,
    ctx: &Ctx,
    input: SetMediaMessageSpendLimitOverrideRequest,
) -> Result<SetMediaMessageSpendLimitOverrideResult, EmuError> {
    let _ = ctx;
    let limit = set_spend_limit_override(
        emu,
        "MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT",
        input.monthly_limit,
    )?;

    Ok(SetMediaMessageSpendLimitOverrideResult::builder()
        .monthly_limit(limit)
        .build())
}

pub(crate) fn delete_media_message_spend_limit_override(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteMediaMessageSpendLimitOverrideRequest,
) -> Result<DeleteMediaMessageSpendLimitOverrideResult, EmuError> {
    let _ = (ctx, input);
    let limit = delete_spend_limit_override(emu, "MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT")?;

    Ok(DeleteMediaMessageSpendLimitOverrideResult::builder()
        .monthly_limit(limit)
        .build())
}

pub(crate) fn put_resource_policy(
    emu: &Emulator,
    ctx: &Ctx,
    input: PutResourcePolicyRequest,
) -> Result<PutResourcePolicyResult, EmuError> {
    let _ = ctx;
    let arn = input.resource_arn;
    match serde_json::from_str::<serde_json::Value>(&input.policy) {
        Ok(serde_json::Value::Object(_)) => {}
        _ => {
            return Err(EmuError::validation(
                "INVALID_PARAMETER",
                "Policy",
                "The policy is not a JSON policy document.",
            ))
        }
    }
    emu.write(|state| {
        require_arn(state, &arn)?;
        let kind = resource_type(&arn);
        if !POLICY_RESOURCE_TYPES.contains(&kind) {
            return Err(EmuError::validation(
                "INVALID_ARN",
                "ResourceArn",
                format!(
                    "A resource-based policy can be attached only to a phone number, sender ID, pool or opt-out list, not to a {kind}."
                ),
            ));
        }
        let created = crate::now();
        state
            .account
            .resource_policies
            .insert(arn.clone(), input.policy.clone());
        state
            .account
            .resource_policy_created
            .insert(arn.clone(), created);
        // Other areas drop a deleted resource's policy but not its time: forget those here.
        let account: &mut AccountState = &mut state.account;
        let policies = &account.resource_policies;
        account
            .resource_policy_created
            .retain(|arn, _| policies.contains_key(arn));

            Ok(PutResourcePolicyResult::builder()
                .resource_arn(arn)
                .policy(input.policy)
                .created_timestamp(created)
                .build())
    })
}

/// The policy of `arn` and when it was attached, or `ResourceNotFoundException`.
fn policy_of(
    state: &crate::State,
    arn: &str,
) -> Result<(String, sms_voice::runtime::Timestamp), EmuError> {
    require_arn(state, arn)?;
    let policy = state
        .account
        .resource_policies
        .get(arn)
        .cloned()
        .ok_or_else(|| EmuError::not_found("policy", arn))?;
    let created = state
        .account
        .resource_policy_created
        .get(arn)
        .copied()
        .unwrap_or_default();
    Ok((policy, created))
}

pub(crate) fn get_resource_policy(
    emu: &Emulator,
    ctx: &Ctx,
    input: GetResourcePolicyRequest,
) -> Result<GetResourcePolicyResult, EmuError> {
    let _ = ctx;
    let (policy, created) = emu.read(|state| policy_of(state, &input.resource_arn))?;

    Ok(GetResourcePolicyResult::builder()
        .resource_arn(input.resource_arn)
        .policy(policy)
        .created_timestamp(created)
        .build())
}

pub(crate) fn delete_resource_policy(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteResourcePolicyRequest,
) -> Result<DeleteResourcePolicyResult, EmuError> {
    let _ = ctx;
    let arn = input.resource_arn;
    let (policy, created) = emu.write(|state| {
        let found = policy_of(state, &arn)?;
        state.account.resource_policies.remove(&arn);
        state.account.resource_policy_created.remove(&arn);
        Ok(found)
    })?;

    Ok(DeleteResourcePolicyResult::builder()
        .resource_arn(arn)
        .policy(policy)
        .created_timestamp(created)
        .build())
}

/// Adds `tags` to resource `arn` (a key it already has takes the new value); more than
/// [`MAX_TAGS_PER_RESOURCE`] is a `ServiceQuotaExceededException`. Every operation that tags a
/// resource, at creation or later, goes through here.
pub(crate) fn add_tags(state: &mut crate::State, arn: &str, tags: &[Tag]) -> Result<(), EmuError> {
    if tags.is_empty() {
        return Ok(());
    }
    let stored = state.account.tags.entry(arn.to_owned()).or_default();
    for tag in tags {
        stored.insert(tag.key.clone(), tag.value.clone());
    }
    if stored.len() > MAX_TAGS_PER_RESOURCE {
        return Err(EmuError::quota(
            "TAGS_PER_RESOURCE",
            format!("A resource can carry at most {MAX_TAGS_PER_RESOURCE} tags."),
        ));
    }
    Ok(())
}

/// The tags of resource `arn`, in key order.
pub(crate) fn tags_of(state: &crate::State, arn: &str) -> Result<Vec<Tag>, EmuError> {
    let tags = state.account.tags.get(arn).into_iter().flatten();
    tags.map(|(key, value)| Ok(Tag::builder().key(key).value(value).build()?))
        .collect()
}

/// Forgets what the account keeps about a resource that is gone: its tags and its resource
/// policy.
pub(crate) fn forget_arn(state: &mut crate::State, arn: &str) {
    state.account.tags.remove(arn);
    state.account.resource_policies.remove(arn);
    state.account.resource_policy_created.remove(arn);
}

pub(crate) fn tag_resource(
    emu: &Emulator,
    ctx: &Ctx,
    input: TagResourceRequest,
) -> Result<TagResourceResult, EmuError> {
    let _ = ctx;
    let arn = input.resource_arn;
    emu.write(|state| {
        require_arn(state, &arn)?;
        add_tags(state, &arn, &input.tags)?;
        Ok(TagResourceResult::builder().build())
    })
}

pub(crate) fn untag_resource(
    emu: &Emulator,
    ctx: &Ctx,
    input: UntagResourceRequest,
) -> Result<UntagResourceResult, EmuError> {
    let _ = ctx;
    let arn = input.resource_arn;
    emu.write(|state| {
        require_arn(state, &arn)?;
        if let Some(tags) = state.account.tags.get_mut(&arn) {
            for key in &input.tag_keys {
                tags.remove(key);
            }
            if tags.is_empty() {
                state.account.tags.remove(&arn);
            }
        }
        Ok(UntagResourceResult::builder().build())
    })
}

pub(crate) fn list_tags_for_resource(
    emu: &Emulator,
    ctx: &Ctx,
    input: ListTagsForResourceRequest,
) -> Result<ListTagsForResourceResult, EmuError> {
    let _ = ctx;
    let arn = input.resource_arn;
    let tags = emu.read(|state| {
        require_arn(state, &arn)?;
        tags_of(state, &arn)
    })?;

    Ok(ListTagsForResourceResult::builder()
        .resource_arn(arn)
        .tags(tags)
        .build())
}
