//! TODO

#![allow(unused_imports)]

use sms_voice::pinpoint_sms_voice as v1;
use sms_voice::pinpoint_sms_voice_v2::*;

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
/// request operation of the resource answers `ServiceQuotaExceededException` (reason: the
/// limit's name) when the account already holds the maximum.
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
            name,
            format!("The account limit {name} of {max} has been reached."),
        ))
    } else {
        Ok(())
    }
}

/// The monthly spend limit, in US dollars, of an account that has not overridden it.
pub(crate) const DEFAULT_SPEND_LIMIT: i64 = 100;

/// The highest monthly spend limit an override may set, in US dollars.
pub(crate) const MAX_SPEND_LIMIT: i64 = 10_000;

/// The spend limit in force for `name` (a `SpendLimitName`), in US dollars.
pub(crate) fn enforced_spend_limit(state: &crate::State, name: &str) -> i64 {
    state
        .account
        .spend_limit_overrides
        .get(name)
        .copied()
        .unwrap_or(DEFAULT_SPEND_LIMIT)
}

pub(crate) fn describe_account_attributes(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeAccountAttributesRequest,
) -> Result<DescribeAccountAttributesResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DescribeAccountAttributes"))
}

pub(crate) fn describe_account_limits(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeAccountLimitsRequest,
) -> Result<DescribeAccountLimitsResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DescribeAccountLimits"))
}

pub(crate) fn describe_spend_limits(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeSpendLimitsRequest,
) -> Result<DescribeSpendLimitsResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DescribeSpendLimits"))
}

pub(crate) fn set_text_message_spend_limit_override(
    emu: &Emulator,
    ctx: &Ctx,
    input: SetTextMessageSpendLimitOverrideRequest,
) -> Result<SetTextMessageSpendLimitOverrideResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("SetTextMessageSpendLimitOverride"))
}

pub(crate) fn delete_text_message_spend_limit_override(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteTextMessageSpendLimitOverrideRequest,
) -> Result<DeleteTextMessageSpendLimitOverrideResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "DeleteTextMessageSpendLimitOverride",
    ))
}

pub(crate) fn set_voice_message_spend_limit_override(
    emu: &Emulator,
    ctx: &Ctx,
    input: SetVoiceMessageSpendLimitOverrideRequest,
) -> Result<SetVoiceMessageSpendLimitOverrideResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("SetVoiceMessageSpendLimitOverride"))
}

pub(crate) fn delete_voice_message_spend_limit_override(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteVoiceMessageSpendLimitOverrideRequest,
) -> Result<DeleteVoiceMessageSpendLimitOverrideResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "DeleteVoiceMessageSpendLimitOverride",
    ))
}

pub(crate) fn set_media_message_spend_limit_override(
    emu: &Emulator,
    ctx: &Ctx,
    input: SetMediaMessageSpendLimitOverrideRequest,
) -> Result<SetMediaMessageSpendLimitOverrideResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("SetMediaMessageSpendLimitOverride"))
}

pub(crate) fn delete_media_message_spend_limit_override(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteMediaMessageSpendLimitOverrideRequest,
) -> Result<DeleteMediaMessageSpendLimitOverrideResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "DeleteMediaMessageSpendLimitOverride",
    ))
}

pub(crate) fn put_resource_policy(
    emu: &Emulator,
    ctx: &Ctx,
    input: PutResourcePolicyRequest,
) -> Result<PutResourcePolicyResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("PutResourcePolicy"))
}

pub(crate) fn get_resource_policy(
    emu: &Emulator,
    ctx: &Ctx,
    input: GetResourcePolicyRequest,
) -> Result<GetResourcePolicyResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("GetResourcePolicy"))
}

pub(crate) fn delete_resource_policy(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteResourcePolicyRequest,
) -> Result<DeleteResourcePolicyResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DeleteResourcePolicy"))
}

pub(crate) fn tag_resource(
    emu: &Emulator,
    ctx: &Ctx,
    input: TagResourceRequest,
) -> Result<TagResourceResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("TagResource"))
}

pub(crate) fn untag_resource(
    emu: &Emulator,
    ctx: &Ctx,
    input: UntagResourceRequest,
) -> Result<UntagResourceResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("UntagResource"))
}

pub(crate) fn list_tags_for_resource(
    emu: &Emulator,
    ctx: &Ctx,
    input: ListTagsForResourceRequest,
) -> Result<ListTagsForResourceResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("ListTagsForResource"))
}
