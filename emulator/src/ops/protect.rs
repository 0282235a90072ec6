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
pub struct ProtectState {
    /// Protect configurations by `ProtectConfigurationId`.
    pub protect_configurations: BTreeMap<String, ProtectConfigurationInformation>,
    /// The account's default protect configuration (`SetAccountDefaultProtectConfiguration`).
    pub account_default_protect_configuration_id: Option<String>,
}

impl ProtectState {
    /// Whether a resource of this area has this ARN (for tags and resource policies).
    pub(crate) fn has_arn(&self, arn: &str) -> bool {
        self.protect_configurations
            .values()
            .any(|p| p.protect_configuration_arn == arn)
    }
}

pub(crate) fn create_protect_configuration(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreateProtectConfigurationRequest,
) -> Result<CreateProtectConfigurationResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("CreateProtectConfiguration"))
}

pub(crate) fn delete_protect_configuration(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteProtectConfigurationRequest,
) -> Result<DeleteProtectConfigurationResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DeleteProtectConfiguration"))
}

pub(crate) fn describe_protect_configurations(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeProtectConfigurationsRequest,
) -> Result<DescribeProtectConfigurationsResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DescribeProtectConfigurations"))
}

pub(crate) fn update_protect_configuration(
    emu: &Emulator,
    ctx: &Ctx,
    input: UpdateProtectConfigurationRequest,
) -> Result<UpdateProtectConfigurationResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("UpdateProtectConfiguration"))
}

pub(crate) fn update_protect_configuration_country_rule_set(
    emu: &Emulator,
    ctx: &Ctx,
    input: UpdateProtectConfigurationCountryRuleSetRequest,
) -> Result<UpdateProtectConfigurationCountryRuleSetResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "UpdateProtectConfigurationCountryRuleSet",
    ))
}

pub(crate) fn get_protect_configuration_country_rule_set(
    emu: &Emulator,
    ctx: &Ctx,
    input: GetProtectConfigurationCountryRuleSetRequest,
) -> Result<GetProtectConfigurationCountryRuleSetResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "GetProtectConfigurationCountryRuleSet",
    ))
}

pub(crate) fn put_protect_configuration_rule_set_number_override(
    emu: &Emulator,
    ctx: &Ctx,
    input: PutProtectConfigurationRuleSetNumberOverrideRequest,
) -> Result<PutProtectConfigurationRuleSetNumberOverrideResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "PutProtectConfigurationRuleSetNumberOverride",
    ))
}

pub(crate) fn delete_protect_configuration_rule_set_number_override(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteProtectConfigurationRuleSetNumberOverrideRequest,
) -> Result<DeleteProtectConfigurationRuleSetNumberOverrideResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "DeleteProtectConfigurationRuleSetNumberOverride",
    ))
}

pub(crate) fn list_protect_configuration_rule_set_number_overrides(
    emu: &Emulator,
    ctx: &Ctx,
    input: ListProtectConfigurationRuleSetNumberOverridesRequest,
) -> Result<ListProtectConfigurationRuleSetNumberOverridesResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "ListProtectConfigurationRuleSetNumberOverrides",
    ))
}

pub(crate) fn set_account_default_protect_configuration(
    emu: &Emulator,
    ctx: &Ctx,
    input: SetAccountDefaultProtectConfigurationRequest,
) -> Result<SetAccountDefaultProtectConfigurationResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "SetAccountDefaultProtectConfiguration",
    ))
}

pub(crate) fn delete_account_default_protect_configuration(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteAccountDefaultProtectConfigurationRequest,
) -> Result<DeleteAccountDefaultProtectConfigurationResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "DeleteAccountDefaultProtectConfiguration",
    ))
}
