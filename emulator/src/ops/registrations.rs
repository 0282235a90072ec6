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
pub struct RegistrationsState {
    /// Registrations by `RegistrationId`.
    pub registrations: BTreeMap<String, RegistrationInformation>,
}

impl RegistrationsState {
    /// Whether a resource of this area has this ARN (for tags and resource policies).
    pub(crate) fn has_arn(&self, arn: &str) -> bool {
        self.registrations
            .values()
            .any(|r| r.registration_arn == arn)
    }
}

pub(crate) fn create_registration(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreateRegistrationRequest,
) -> Result<CreateRegistrationResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("CreateRegistration"))
}

pub(crate) fn delete_registration(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteRegistrationRequest,
) -> Result<DeleteRegistrationResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DeleteRegistration"))
}

pub(crate) fn describe_registrations(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeRegistrationsRequest,
) -> Result<DescribeRegistrationsResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DescribeRegistrations"))
}

pub(crate) fn create_registration_version(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreateRegistrationVersionRequest,
) -> Result<CreateRegistrationVersionResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("CreateRegistrationVersion"))
}

pub(crate) fn describe_registration_versions(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeRegistrationVersionsRequest,
) -> Result<DescribeRegistrationVersionsResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DescribeRegistrationVersions"))
}

pub(crate) fn submit_registration_version(
    emu: &Emulator,
    ctx: &Ctx,
    input: SubmitRegistrationVersionRequest,
) -> Result<SubmitRegistrationVersionResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("SubmitRegistrationVersion"))
}

pub(crate) fn discard_registration_version(
    emu: &Emulator,
    ctx: &Ctx,
    input: DiscardRegistrationVersionRequest,
) -> Result<DiscardRegistrationVersionResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DiscardRegistrationVersion"))
}

pub(crate) fn create_registration_attachment(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreateRegistrationAttachmentRequest,
) -> Result<CreateRegistrationAttachmentResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("CreateRegistrationAttachment"))
}

pub(crate) fn delete_registration_attachment(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteRegistrationAttachmentRequest,
) -> Result<DeleteRegistrationAttachmentResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DeleteRegistrationAttachment"))
}

pub(crate) fn describe_registration_attachments(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeRegistrationAttachmentsRequest,
) -> Result<DescribeRegistrationAttachmentsResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DescribeRegistrationAttachments"))
}

pub(crate) fn put_registration_field_value(
    emu: &Emulator,
    ctx: &Ctx,
    input: PutRegistrationFieldValueRequest,
) -> Result<PutRegistrationFieldValueResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("PutRegistrationFieldValue"))
}

pub(crate) fn delete_registration_field_value(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteRegistrationFieldValueRequest,
) -> Result<DeleteRegistrationFieldValueResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DeleteRegistrationFieldValue"))
}

pub(crate) fn describe_registration_field_values(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeRegistrationFieldValuesRequest,
) -> Result<DescribeRegistrationFieldValuesResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DescribeRegistrationFieldValues"))
}

pub(crate) fn describe_registration_field_definitions(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeRegistrationFieldDefinitionsRequest,
) -> Result<DescribeRegistrationFieldDefinitionsResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "DescribeRegistrationFieldDefinitions",
    ))
}

pub(crate) fn describe_registration_section_definitions(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeRegistrationSectionDefinitionsRequest,
) -> Result<DescribeRegistrationSectionDefinitionsResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "DescribeRegistrationSectionDefinitions",
    ))
}

pub(crate) fn describe_registration_type_definitions(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeRegistrationTypeDefinitionsRequest,
) -> Result<DescribeRegistrationTypeDefinitionsResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "DescribeRegistrationTypeDefinitions",
    ))
}

pub(crate) fn create_registration_association(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreateRegistrationAssociationRequest,
) -> Result<CreateRegistrationAssociationResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("CreateRegistrationAssociation"))
}

pub(crate) fn list_registration_associations(
    emu: &Emulator,
    ctx: &Ctx,
    input: ListRegistrationAssociationsRequest,
) -> Result<ListRegistrationAssociationsResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("ListRegistrationAssociations"))
}
