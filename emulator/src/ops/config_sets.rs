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
pub struct ConfigSetsState {
    /// Configuration sets by name.
    pub configuration_sets: BTreeMap<String, ConfigurationSetInformation>,
}

impl ConfigSetsState {
    /// Whether a resource of this area has this ARN (for tags and resource policies).
    pub(crate) fn has_arn(&self, arn: &str) -> bool {
        self.configuration_sets
            .values()
            .any(|c| c.configuration_set_arn == arn)
    }
}

pub(crate) fn create_configuration_set(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreateConfigurationSetRequest,
) -> Result<CreateConfigurationSetResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("CreateConfigurationSet"))
}

pub(crate) fn delete_configuration_set(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteConfigurationSetRequest,
) -> Result<DeleteConfigurationSetResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DeleteConfigurationSet"))
}

pub(crate) fn describe_configuration_sets(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeConfigurationSetsRequest,
) -> Result<DescribeConfigurationSetsResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DescribeConfigurationSets"))
}

pub(crate) fn create_event_destination(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreateEventDestinationRequest,
) -> Result<CreateEventDestinationResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("CreateEventDestination"))
}

pub(crate) fn update_event_destination(
    emu: &Emulator,
    ctx: &Ctx,
    input: UpdateEventDestinationRequest,
) -> Result<UpdateEventDestinationResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("UpdateEventDestination"))
}

pub(crate) fn delete_event_destination(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteEventDestinationRequest,
) -> Result<DeleteEventDestinationResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DeleteEventDestination"))
}

pub(crate) fn set_default_message_type(
    emu: &Emulator,
    ctx: &Ctx,
    input: SetDefaultMessageTypeRequest,
) -> Result<SetDefaultMessageTypeResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("SetDefaultMessageType"))
}

pub(crate) fn delete_default_message_type(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteDefaultMessageTypeRequest,
) -> Result<DeleteDefaultMessageTypeResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DeleteDefaultMessageType"))
}

pub(crate) fn set_default_sender_id(
    emu: &Emulator,
    ctx: &Ctx,
    input: SetDefaultSenderIdRequest,
) -> Result<SetDefaultSenderIdResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("SetDefaultSenderId"))
}

pub(crate) fn delete_default_sender_id(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteDefaultSenderIdRequest,
) -> Result<DeleteDefaultSenderIdResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DeleteDefaultSenderId"))
}

pub(crate) fn set_default_message_feedback_enabled(
    emu: &Emulator,
    ctx: &Ctx,
    input: SetDefaultMessageFeedbackEnabledRequest,
) -> Result<SetDefaultMessageFeedbackEnabledResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("SetDefaultMessageFeedbackEnabled"))
}

pub(crate) fn associate_protect_configuration(
    emu: &Emulator,
    ctx: &Ctx,
    input: AssociateProtectConfigurationRequest,
) -> Result<AssociateProtectConfigurationResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("AssociateProtectConfiguration"))
}

pub(crate) fn disassociate_protect_configuration(
    emu: &Emulator,
    ctx: &Ctx,
    input: DisassociateProtectConfigurationRequest,
) -> Result<DisassociateProtectConfigurationResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DisassociateProtectConfiguration"))
}
