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
pub struct V1State {
    /// v1 configuration sets by name, with their event destinations.
    pub configuration_sets: BTreeMap<String, Vec<v1::EventDestination>>,
}

impl V1State {
    /// Whether a resource of this area has this ARN (for tags and resource policies).
    pub(crate) fn has_arn(&self, arn: &str) -> bool {
        let _ = arn;
        false
    }
}

pub(crate) fn create_configuration_set(
    emu: &Emulator,
    ctx: &Ctx,
    input: v1::CreateConfigurationSetRequest,
) -> Result<v1::CreateConfigurationSetResponse, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("CreateConfigurationSet"))
}

pub(crate) fn create_configuration_set_event_destination(
    emu: &Emulator,
    ctx: &Ctx,
    input: v1::CreateConfigurationSetEventDestinationRequest,
) -> Result<v1::CreateConfigurationSetEventDestinationResponse, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "CreateConfigurationSetEventDestination",
    ))
}

pub(crate) fn delete_configuration_set(
    emu: &Emulator,
    ctx: &Ctx,
    input: v1::DeleteConfigurationSetRequest,
) -> Result<v1::DeleteConfigurationSetResponse, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DeleteConfigurationSet"))
}

pub(crate) fn delete_configuration_set_event_destination(
    emu: &Emulator,
    ctx: &Ctx,
    input: v1::DeleteConfigurationSetEventDestinationRequest,
) -> Result<v1::DeleteConfigurationSetEventDestinationResponse, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "DeleteConfigurationSetEventDestination",
    ))
}

pub(crate) fn get_configuration_set_event_destinations(
    emu: &Emulator,
    ctx: &Ctx,
    input: v1::GetConfigurationSetEventDestinationsRequest,
) -> Result<v1::GetConfigurationSetEventDestinationsResponse, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "GetConfigurationSetEventDestinations",
    ))
}

pub(crate) fn list_configuration_sets(
    emu: &Emulator,
    ctx: &Ctx,
    input: v1::ListConfigurationSetsRequest,
) -> Result<v1::ListConfigurationSetsResponse, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("ListConfigurationSets"))
}

pub(crate) fn update_configuration_set_event_destination(
    emu: &Emulator,
    ctx: &Ctx,
    input: v1::UpdateConfigurationSetEventDestinationRequest,
) -> Result<v1::UpdateConfigurationSetEventDestinationResponse, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "UpdateConfigurationSetEventDestination",
    ))
}
