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
pub struct NumbersState {
    /// Phone numbers by `PhoneNumberId`.
    pub phone_numbers: BTreeMap<String, PhoneNumberInformation>,
    /// Sender IDs by `"{SenderId}/{IsoCountryCode}"`.
    pub sender_ids: BTreeMap<String, SenderIdInformation>,
    /// Pools by `PoolId`.
    pub pools: BTreeMap<String, PoolInformation>,
    /// Each pool's origination identities (their ARNs), in the order they were added.
    pub pool_members: BTreeMap<String, Vec<String>>,
    /// Keywords by origination identity ARN (phone number or pool), then by keyword.
    pub keywords: BTreeMap<String, BTreeMap<String, KeywordInformation>>,
    /// Opt-out lists by name.
    pub opt_out_lists: BTreeMap<String, OptOutListInformation>,
    /// Opted-out numbers by opt-out list name, then by number.
    pub opted_out_numbers: BTreeMap<String, BTreeMap<String, OptedOutNumberInformation>>,
}

impl NumbersState {
    /// Whether a resource of this area has this ARN (for tags and resource policies).
    pub(crate) fn has_arn(&self, arn: &str) -> bool {
        self.phone_numbers
            .values()
            .any(|p| p.phone_number_arn == arn)
            || self.sender_ids.values().any(|s| s.sender_id_arn == arn)
            || self.pools.values().any(|p| p.pool_arn == arn)
            || self
                .opt_out_lists
                .values()
                .any(|o| o.opt_out_list_arn == arn)
    }
}

/// The name of the opt-out list every account has.
pub(crate) const DEFAULT_OPT_OUT_LIST: &str = "Default";

/// An origination identity as a request names it, resolved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Origination {
    /// `phone-number`, `sender-id` or `pool`.
    pub kind: &'static str,
    /// Its id: `PhoneNumberId`, `"{SenderId}/{IsoCountryCode}"` (the `sender_ids` key) or `PoolId`.
    pub id: String,
    /// Its ARN.
    pub arn: String,
    /// What a handset sees: the phone number in E.164, or the sender ID.
    pub display: String,
    /// The opt-out list that applies to messages sent from it.
    pub opt_out_list_name: String,
}

/// Finds the origination identity a request names: a phone number (`PhoneNumberId`,
/// `PhoneNumberArn` or the number itself), a sender ID (`SenderIdArn`, or the sender ID, which
/// must then be unique across countries) or a pool (`PoolId` or `PoolArn`).
pub(crate) fn resolve_origination(state: &crate::State, identity: &str) -> Option<Origination> {
    let numbers = &state.numbers;
    if let Some((id, p)) = numbers.phone_numbers.iter().find(|(id, p)| {
        id.as_str() == identity || p.phone_number_arn == identity || p.phone_number == identity
    }) {
        return Some(Origination {
            kind: "phone-number",
            id: id.clone(),
            arn: p.phone_number_arn.clone(),
            display: p.phone_number.clone(),
            opt_out_list_name: p.opt_out_list_name.clone(),
        });
    }
    if let Some((id, p)) = numbers
        .pools
        .iter()
        .find(|(id, p)| id.as_str() == identity || p.pool_arn == identity)
    {
        let display = numbers
            .pool_members
            .get(id)
            .and_then(|members| members.first())
            .and_then(|arn| resolve_origination(state, arn))
            .map(|o| o.display)
            .unwrap_or_default();
        return Some(Origination {
            kind: "pool",
            id: id.clone(),
            arn: p.pool_arn.clone(),
            display,
            opt_out_list_name: p.opt_out_list_name.clone(),
        });
    }
    let mut sender_ids = numbers
        .sender_ids
        .iter()
        .filter(|(_, s)| s.sender_id_arn == identity || s.sender_id == identity);
    match (sender_ids.next(), sender_ids.next()) {
        (Some((id, s)), None) => Some(Origination {
            kind: "sender-id",
            id: id.clone(),
            arn: s.sender_id_arn.clone(),
            display: s.sender_id.clone(),
            opt_out_list_name: DEFAULT_OPT_OUT_LIST.to_owned(),
        }),
        _ => None,
    }
}

/// Whether `number` is in opt-out list `list`.
pub(crate) fn is_opted_out(state: &crate::State, list: &str, number: &str) -> bool {
    state
        .numbers
        .opted_out_numbers
        .get(list)
        .is_some_and(|numbers| numbers.contains_key(number))
}

/// Puts `number` in opt-out list `list` (as a handset's STOP does), creating the `Default`
/// list if it is the one named and does not exist yet.
pub(crate) fn opt_out(
    state: &mut crate::State,
    ctx: &Ctx,
    list: &str,
    number: &str,
) -> Result<(), EmuError> {
    let internal = |e: sms_voice::runtime::BuildError| EmuError::Internal {
        message: e.to_string(),
        v1: false,
    };
    if !state.numbers.opt_out_lists.contains_key(list) {
        if list != DEFAULT_OPT_OUT_LIST {
            return Err(EmuError::not_found("opt-out-list", list));
        }
        let info = OptOutListInformation::builder()
            .opt_out_list_arn(ctx.arn(&format!("opt-out-list/{list}")))
            .opt_out_list_name(list)
            .created_timestamp(crate::now())
            .build()
            .map_err(internal)?;
        state.numbers.opt_out_lists.insert(list.to_owned(), info);
    }
    let entry = OptedOutNumberInformation::builder()
        .opted_out_number(number)
        .opted_out_timestamp(crate::now())
        .end_user_opted_out(true)
        .build()
        .map_err(internal)?;
    state
        .numbers
        .opted_out_numbers
        .entry(list.to_owned())
        .or_default()
        .insert(number.to_owned(), entry);
    Ok(())
}

pub(crate) fn request_phone_number(
    emu: &Emulator,
    ctx: &Ctx,
    input: RequestPhoneNumberRequest,
) -> Result<RequestPhoneNumberResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("RequestPhoneNumber"))
}

pub(crate) fn release_phone_number(
    emu: &Emulator,
    ctx: &Ctx,
    input: ReleasePhoneNumberRequest,
) -> Result<ReleasePhoneNumberResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("ReleasePhoneNumber"))
}

pub(crate) fn update_phone_number(
    emu: &Emulator,
    ctx: &Ctx,
    input: UpdatePhoneNumberRequest,
) -> Result<UpdatePhoneNumberResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("UpdatePhoneNumber"))
}

pub(crate) fn describe_phone_numbers(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribePhoneNumbersRequest,
) -> Result<DescribePhoneNumbersResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DescribePhoneNumbers"))
}

pub(crate) fn request_sender_id(
    emu: &Emulator,
    ctx: &Ctx,
    input: RequestSenderIdRequest,
) -> Result<RequestSenderIdResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("RequestSenderId"))
}

pub(crate) fn release_sender_id(
    emu: &Emulator,
    ctx: &Ctx,
    input: ReleaseSenderIdRequest,
) -> Result<ReleaseSenderIdResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("ReleaseSenderId"))
}

pub(crate) fn update_sender_id(
    emu: &Emulator,
    ctx: &Ctx,
    input: UpdateSenderIdRequest,
) -> Result<UpdateSenderIdResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("UpdateSenderId"))
}

pub(crate) fn describe_sender_ids(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeSenderIdsRequest,
) -> Result<DescribeSenderIdsResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DescribeSenderIds"))
}

pub(crate) fn create_pool(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreatePoolRequest,
) -> Result<CreatePoolResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("CreatePool"))
}

pub(crate) fn delete_pool(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeletePoolRequest,
) -> Result<DeletePoolResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DeletePool"))
}

pub(crate) fn update_pool(
    emu: &Emulator,
    ctx: &Ctx,
    input: UpdatePoolRequest,
) -> Result<UpdatePoolResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("UpdatePool"))
}

pub(crate) fn describe_pools(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribePoolsRequest,
) -> Result<DescribePoolsResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DescribePools"))
}

pub(crate) fn associate_origination_identity(
    emu: &Emulator,
    ctx: &Ctx,
    input: AssociateOriginationIdentityRequest,
) -> Result<AssociateOriginationIdentityResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("AssociateOriginationIdentity"))
}

pub(crate) fn disassociate_origination_identity(
    emu: &Emulator,
    ctx: &Ctx,
    input: DisassociateOriginationIdentityRequest,
) -> Result<DisassociateOriginationIdentityResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DisassociateOriginationIdentity"))
}

pub(crate) fn list_pool_origination_identities(
    emu: &Emulator,
    ctx: &Ctx,
    input: ListPoolOriginationIdentitiesRequest,
) -> Result<ListPoolOriginationIdentitiesResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("ListPoolOriginationIdentities"))
}

pub(crate) fn put_keyword(
    emu: &Emulator,
    ctx: &Ctx,
    input: PutKeywordRequest,
) -> Result<PutKeywordResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("PutKeyword"))
}

pub(crate) fn delete_keyword(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteKeywordRequest,
) -> Result<DeleteKeywordResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DeleteKeyword"))
}

pub(crate) fn describe_keywords(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeKeywordsRequest,
) -> Result<DescribeKeywordsResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DescribeKeywords"))
}

pub(crate) fn create_opt_out_list(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreateOptOutListRequest,
) -> Result<CreateOptOutListResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("CreateOptOutList"))
}

pub(crate) fn delete_opt_out_list(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteOptOutListRequest,
) -> Result<DeleteOptOutListResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DeleteOptOutList"))
}

pub(crate) fn describe_opt_out_lists(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeOptOutListsRequest,
) -> Result<DescribeOptOutListsResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DescribeOptOutLists"))
}

pub(crate) fn put_opted_out_number(
    emu: &Emulator,
    ctx: &Ctx,
    input: PutOptedOutNumberRequest,
) -> Result<PutOptedOutNumberResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("PutOptedOutNumber"))
}

pub(crate) fn delete_opted_out_number(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteOptedOutNumberRequest,
) -> Result<DeleteOptedOutNumberResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DeleteOptedOutNumber"))
}

pub(crate) fn describe_opted_out_numbers(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeOptedOutNumbersRequest,
) -> Result<DescribeOptedOutNumbersResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DescribeOptedOutNumbers"))
}
