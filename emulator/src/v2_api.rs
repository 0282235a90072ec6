//! The v2 (awsJson1_0) API: each operation hands its validated input to the function of the
//! same name in its area module under `crate::ops`, and turns an [`EmuError`] into the
//! operation's own error type. Operations with an idempotency token (`ClientToken`) go
//! through [`idempotent`].

use sms_voice::pinpoint_sms_voice_v2::{self as v2, errors, server::PinpointSmsVoiceV2Api};
use sms_voice::server_runtime::RequestContext;

use crate::error::{EmuError, IntoOpError};
use crate::faults::Service;
use crate::idempotency::idempotent;
use crate::ops;
use crate::{Ctx, Emulator};

impl PinpointSmsVoiceV2Api for Emulator {
    async fn associate_origination_identity(
        &self,
        context: RequestContext,
        input: v2::AssociateOriginationIdentityRequest,
    ) -> Result<v2::AssociateOriginationIdentityResult, errors::AssociateOriginationIdentityError>
    {
        if let Err(e) = self.fault(Service::V2, "AssociateOriginationIdentity") {
            return Err(e.into_op_error());
        }
        idempotent(self, "AssociateOriginationIdentity", input, |input| {
            ops::numbers::associate_origination_identity(self, &Ctx::of(&context), input)
        })
        .map_err(EmuError::into_op_error)
    }
    async fn associate_protect_configuration(
        &self,
        context: RequestContext,
        input: v2::AssociateProtectConfigurationRequest,
    ) -> Result<v2::AssociateProtectConfigurationResult, errors::AssociateProtectConfigurationError>
    {
        if let Err(e) = self.fault(Service::V2, "AssociateProtectConfiguration") {
            return Err(e.into_op_error());
        }
        ops::config_sets::associate_protect_configuration(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn carrier_lookup(
        &self,
        context: RequestContext,
        input: v2::CarrierLookupRequest,
    ) -> Result<v2::CarrierLookupResult, errors::CarrierLookupError> {
        if let Err(e) = self.fault(Service::V2, "CarrierLookup") {
            return Err(e.into_op_error());
        }
        ops::sending::carrier_lookup(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn create_configuration_set(
        &self,
        context: RequestContext,
        input: v2::CreateConfigurationSetRequest,
    ) -> Result<v2::CreateConfigurationSetResult, errors::CreateConfigurationSetError> {
        if let Err(e) = self.fault(Service::V2, "CreateConfigurationSet") {
            return Err(e.into_op_error());
        }
        idempotent(self, "CreateConfigurationSet", input, |input| {
            ops::config_sets::create_configuration_set(self, &Ctx::of(&context), input)
        })
        .map_err(EmuError::into_op_error)
    }
    async fn create_event_destination(
        &self,
        context: RequestContext,
        input: v2::CreateEventDestinationRequest,
    ) -> Result<v2::CreateEventDestinationResult, errors::CreateEventDestinationError> {
        if let Err(e) = self.fault(Service::V2, "CreateEventDestination") {
            return Err(e.into_op_error());
        }
        idempotent(self, "CreateEventDestination", input, |input| {
            ops::config_sets::create_event_destination(self, &Ctx::of(&context), input)
        })
        .map_err(EmuError::into_op_error)
    }
    async fn create_opt_out_list(
        &self,
        context: RequestContext,
        input: v2::CreateOptOutListRequest,
    ) -> Result<v2::CreateOptOutListResult, errors::CreateOptOutListError> {
        if let Err(e) = self.fault(Service::V2, "CreateOptOutList") {
            return Err(e.into_op_error());
        }
        idempotent(self, "CreateOptOutList", input, |input| {
            ops::numbers::create_opt_out_list(self, &Ctx::of(&context), input)
        })
        .map_err(EmuError::into_op_error)
    }
    async fn create_pool(
        &self,
        context: RequestContext,
        input: v2::CreatePoolRequest,
    ) -> Result<v2::CreatePoolResult, errors::CreatePoolError> {
        if let Err(e) = self.fault(Service::V2, "CreatePool") {
            return Err(e.into_op_error());
        }
        idempotent(self, "CreatePool", input, |input| {
            ops::numbers::create_pool(self, &Ctx::of(&context), input)
        })
        .map_err(EmuError::into_op_error)
    }
    async fn create_protect_configuration(
        &self,
        context: RequestContext,
        input: v2::CreateProtectConfigurationRequest,
    ) -> Result<v2::CreateProtectConfigurationResult, errors::CreateProtectConfigurationError> {
        if let Err(e) = self.fault(Service::V2, "CreateProtectConfiguration") {
            return Err(e.into_op_error());
        }
        idempotent(self, "CreateProtectConfiguration", input, |input| {
            ops::protect::create_protect_configuration(self, &Ctx::of(&context), input)
        })
        .map_err(EmuError::into_op_error)
    }
    async fn create_registration(
        &self,
        context: RequestContext,
        input: v2::CreateRegistrationRequest,
    ) -> Result<v2::CreateRegistrationResult, errors::CreateRegistrationError> {
        if let Err(e) = self.fault(Service::V2, "CreateRegistration") {
            return Err(e.into_op_error());
        }
        idempotent(self, "CreateRegistration", input, |input| {
            ops::registrations::create_registration(self, &Ctx::of(&context), input)
        })
        .map_err(EmuError::into_op_error)
    }
    async fn create_registration_association(
        &self,
        context: RequestContext,
        input: v2::CreateRegistrationAssociationRequest,
    ) -> Result<v2::CreateRegistrationAssociationResult, errors::CreateRegistrationAssociationError>
    {
        if let Err(e) = self.fault(Service::V2, "CreateRegistrationAssociation") {
            return Err(e.into_op_error());
        }
        ops::registrations::create_registration_association(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn create_registration_attachment(
        &self,
        context: RequestContext,
        input: v2::CreateRegistrationAttachmentRequest,
    ) -> Result<v2::CreateRegistrationAttachmentResult, errors::CreateRegistrationAttachmentError>
    {
        if let Err(e) = self.fault(Service::V2, "CreateRegistrationAttachment") {
            return Err(e.into_op_error());
        }
        idempotent(self, "CreateRegistrationAttachment", input, |input| {
            ops::registrations::create_registration_attachment(self, &Ctx::of(&context), input)
        })
        .map_err(EmuError::into_op_error)
    }
    async fn create_registration_version(
        &self,
        context: RequestContext,
        input: v2::CreateRegistrationVersionRequest,
    ) -> Result<v2::CreateRegistrationVersionResult, errors::CreateRegistrationVersionError> {
        if let Err(e) = self.fault(Service::V2, "CreateRegistrationVersion") {
            return Err(e.into_op_error());
        }
        ops::registrations::create_registration_version(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn create_verified_destination_number(
        &self,
        context: RequestContext,
        input: v2::CreateVerifiedDestinationNumberRequest,
    ) -> Result<
        v2::CreateVerifiedDestinationNumberResult,
        errors::CreateVerifiedDestinationNumberError,
    > {
        if let Err(e) = self.fault(Service::V2, "CreateVerifiedDestinationNumber") {
            return Err(e.into_op_error());
        }
        idempotent(self, "CreateVerifiedDestinationNumber", input, |input| {
            ops::sending::create_verified_destination_number(self, &Ctx::of(&context), input)
        })
        .map_err(EmuError::into_op_error)
    }
    async fn delete_account_default_protect_configuration(
        &self,
        context: RequestContext,
        input: v2::DeleteAccountDefaultProtectConfigurationRequest,
    ) -> Result<
        v2::DeleteAccountDefaultProtectConfigurationResult,
        errors::DeleteAccountDefaultProtectConfigurationError,
    > {
        if let Err(e) = self.fault(Service::V2, "DeleteAccountDefaultProtectConfiguration") {
            return Err(e.into_op_error());
        }
        ops::protect::delete_account_default_protect_configuration(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn delete_configuration_set(
        &self,
        context: RequestContext,
        input: v2::DeleteConfigurationSetRequest,
    ) -> Result<v2::DeleteConfigurationSetResult, errors::DeleteConfigurationSetError> {
        if let Err(e) = self.fault(Service::V2, "DeleteConfigurationSet") {
            return Err(e.into_op_error());
        }
        ops::config_sets::delete_configuration_set(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn delete_default_message_type(
        &self,
        context: RequestContext,
        input: v2::DeleteDefaultMessageTypeRequest,
    ) -> Result<v2::DeleteDefaultMessageTypeResult, errors::DeleteDefaultMessageTypeError> {
        if let Err(e) = self.fault(Service::V2, "DeleteDefaultMessageType") {
            return Err(e.into_op_error());
        }
        ops::config_sets::delete_default_message_type(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn delete_default_sender_id(
        &self,
        context: RequestContext,
        input: v2::DeleteDefaultSenderIdRequest,
    ) -> Result<v2::DeleteDefaultSenderIdResult, errors::DeleteDefaultSenderIdError> {
        if let Err(e) = self.fault(Service::V2, "DeleteDefaultSenderId") {
            return Err(e.into_op_error());
        }
        ops::config_sets::delete_default_sender_id(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn delete_event_destination(
        &self,
        context: RequestContext,
        input: v2::DeleteEventDestinationRequest,
    ) -> Result<v2::DeleteEventDestinationResult, errors::DeleteEventDestinationError> {
        if let Err(e) = self.fault(Service::V2, "DeleteEventDestination") {
            return Err(e.into_op_error());
        }
        ops::config_sets::delete_event_destination(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn delete_keyword(
        &self,
        context: RequestContext,
        input: v2::DeleteKeywordRequest,
    ) -> Result<v2::DeleteKeywordResult, errors::DeleteKeywordError> {
        if let Err(e) = self.fault(Service::V2, "DeleteKeyword") {
            return Err(e.into_op_error());
        }
        ops::numbers::delete_keyword(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn delete_media_message_spend_limit_override(
        &self,
        context: RequestContext,
        input: v2::DeleteMediaMessageSpendLimitOverrideRequest,
    ) -> Result<
        v2::DeleteMediaMessageSpendLimitOverrideResult,
        errors::DeleteMediaMessageSpendLimitOverrideError,
    > {
        if let Err(e) = self.fault(Service::V2, "DeleteMediaMessageSpendLimitOverride") {
            return Err(e.into_op_error());
        }
        ops::account::delete_media_message_spend_limit_override(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn delete_opt_out_list(
        &self,
        context: RequestContext,
        input: v2::DeleteOptOutListRequest,
    ) -> Result<v2::DeleteOptOutListResult, errors::DeleteOptOutListError> {
        if let Err(e) = self.fault(Service::V2, "DeleteOptOutList") {
            return Err(e.into_op_error());
        }
        ops::numbers::delete_opt_out_list(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn delete_opted_out_number(
        &self,
        context: RequestContext,
        input: v2::DeleteOptedOutNumberRequest,
    ) -> Result<v2::DeleteOptedOutNumberResult, errors::DeleteOptedOutNumberError> {
        if let Err(e) = self.fault(Service::V2, "DeleteOptedOutNumber") {
            return Err(e.into_op_error());
        }
        ops::numbers::delete_opted_out_number(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn delete_pool(
        &self,
        context: RequestContext,
        input: v2::DeletePoolRequest,
    ) -> Result<v2::DeletePoolResult, errors::DeletePoolError> {
        if let Err(e) = self.fault(Service::V2, "DeletePool") {
            return Err(e.into_op_error());
        }
        ops::numbers::delete_pool(self, &Ctx::of(&context), input).map_err(EmuError::into_op_error)
    }
    async fn delete_protect_configuration(
        &self,
        context: RequestContext,
        input: v2::DeleteProtectConfigurationRequest,
    ) -> Result<v2::DeleteProtectConfigurationResult, errors::DeleteProtectConfigurationError> {
        if let Err(e) = self.fault(Service::V2, "DeleteProtectConfiguration") {
            return Err(e.into_op_error());
        }
        ops::protect::delete_protect_configuration(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn delete_protect_configuration_rule_set_number_override(
        &self,
        context: RequestContext,
        input: v2::DeleteProtectConfigurationRuleSetNumberOverrideRequest,
    ) -> Result<
        v2::DeleteProtectConfigurationRuleSetNumberOverrideResult,
        errors::DeleteProtectConfigurationRuleSetNumberOverrideError,
    > {
        if let Err(e) = self.fault(
            Service::V2,
            "DeleteProtectConfigurationRuleSetNumberOverride",
        ) {
            return Err(e.into_op_error());
        }
        ops::protect::delete_protect_configuration_rule_set_number_override(
            self,
            &Ctx::of(&context),
            input,
        )
        .map_err(EmuError::into_op_error)
    }
    async fn delete_registration(
        &self,
        context: RequestContext,
        input: v2::DeleteRegistrationRequest,
    ) -> Result<v2::DeleteRegistrationResult, errors::DeleteRegistrationError> {
        if let Err(e) = self.fault(Service::V2, "DeleteRegistration") {
            return Err(e.into_op_error());
        }
        ops::registrations::delete_registration(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn delete_registration_attachment(
        &self,
        context: RequestContext,
        input: v2::DeleteRegistrationAttachmentRequest,
    ) -> Result<v2::DeleteRegistrationAttachmentResult, errors::DeleteRegistrationAttachmentError>
    {
        if let Err(e) = self.fault(Service::V2, "DeleteRegistrationAttachment") {
            return Err(e.into_op_error());
        }
        ops::registrations::delete_registration_attachment(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn delete_registration_field_value(
        &self,
        context: RequestContext,
        input: v2::DeleteRegistrationFieldValueRequest,
    ) -> Result<v2::DeleteRegistrationFieldValueResult, errors::DeleteRegistrationFieldValueError>
    {
        if let Err(e) = self.fault(Service::V2, "DeleteRegistrationFieldValue") {
            return Err(e.into_op_error());
        }
        ops::registrations::delete_registration_field_value(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn delete_resource_policy(
        &self,
        context: RequestContext,
        input: v2::DeleteResourcePolicyRequest,
    ) -> Result<v2::DeleteResourcePolicyResult, errors::DeleteResourcePolicyError> {
        if let Err(e) = self.fault(Service::V2, "DeleteResourcePolicy") {
            return Err(e.into_op_error());
        }
        ops::account::delete_resource_policy(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn delete_text_message_spend_limit_override(
        &self,
        context: RequestContext,
        input: v2::DeleteTextMessageSpendLimitOverrideRequest,
    ) -> Result<
        v2::DeleteTextMessageSpendLimitOverrideResult,
        errors::DeleteTextMessageSpendLimitOverrideError,
    > {
        if let Err(e) = self.fault(Service::V2, "DeleteTextMessageSpendLimitOverride") {
            return Err(e.into_op_error());
        }
        ops::account::delete_text_message_spend_limit_override(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn delete_verified_destination_number(
        &self,
        context: RequestContext,
        input: v2::DeleteVerifiedDestinationNumberRequest,
    ) -> Result<
        v2::DeleteVerifiedDestinationNumberResult,
        errors::DeleteVerifiedDestinationNumberError,
    > {
        if let Err(e) = self.fault(Service::V2, "DeleteVerifiedDestinationNumber") {
            return Err(e.into_op_error());
        }
        ops::sending::delete_verified_destination_number(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn delete_voice_message_spend_limit_override(
        &self,
        context: RequestContext,
        input: v2::DeleteVoiceMessageSpendLimitOverrideRequest,
    ) -> Result<
        v2::DeleteVoiceMessageSpendLimitOverrideResult,
        errors::DeleteVoiceMessageSpendLimitOverrideError,
    > {
        if let Err(e) = self.fault(Service::V2, "DeleteVoiceMessageSpendLimitOverride") {
            return Err(e.into_op_error());
        }
        ops::account::delete_voice_message_spend_limit_override(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_account_attributes(
        &self,
        context: RequestContext,
        input: v2::DescribeAccountAttributesRequest,
    ) -> Result<v2::DescribeAccountAttributesResult, errors::DescribeAccountAttributesError> {
        if let Err(e) = self.fault(Service::V2, "DescribeAccountAttributes") {
            return Err(e.into_op_error());
        }
        ops::account::describe_account_attributes(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_account_limits(
        &self,
        context: RequestContext,
        input: v2::DescribeAccountLimitsRequest,
    ) -> Result<v2::DescribeAccountLimitsResult, errors::DescribeAccountLimitsError> {
        if let Err(e) = self.fault(Service::V2, "DescribeAccountLimits") {
            return Err(e.into_op_error());
        }
        ops::account::describe_account_limits(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_configuration_sets(
        &self,
        context: RequestContext,
        input: v2::DescribeConfigurationSetsRequest,
    ) -> Result<v2::DescribeConfigurationSetsResult, errors::DescribeConfigurationSetsError> {
        if let Err(e) = self.fault(Service::V2, "DescribeConfigurationSets") {
            return Err(e.into_op_error());
        }
        ops::config_sets::describe_configuration_sets(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_keywords(
        &self,
        context: RequestContext,
        input: v2::DescribeKeywordsRequest,
    ) -> Result<v2::DescribeKeywordsResult, errors::DescribeKeywordsError> {
        if let Err(e) = self.fault(Service::V2, "DescribeKeywords") {
            return Err(e.into_op_error());
        }
        ops::numbers::describe_keywords(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_opt_out_lists(
        &self,
        context: RequestContext,
        input: v2::DescribeOptOutListsRequest,
    ) -> Result<v2::DescribeOptOutListsResult, errors::DescribeOptOutListsError> {
        if let Err(e) = self.fault(Service::V2, "DescribeOptOutLists") {
            return Err(e.into_op_error());
        }
        ops::numbers::describe_opt_out_lists(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_opted_out_numbers(
        &self,
        context: RequestContext,
        input: v2::DescribeOptedOutNumbersRequest,
    ) -> Result<v2::DescribeOptedOutNumbersResult, errors::DescribeOptedOutNumbersError> {
        if let Err(e) = self.fault(Service::V2, "DescribeOptedOutNumbers") {
            return Err(e.into_op_error());
        }
        ops::numbers::describe_opted_out_numbers(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_phone_numbers(
        &self,
        context: RequestContext,
        input: v2::DescribePhoneNumbersRequest,
    ) -> Result<v2::DescribePhoneNumbersResult, errors::DescribePhoneNumbersError> {
        if let Err(e) = self.fault(Service::V2, "DescribePhoneNumbers") {
            return Err(e.into_op_error());
        }
        ops::numbers::describe_phone_numbers(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_pools(
        &self,
        context: RequestContext,
        input: v2::DescribePoolsRequest,
    ) -> Result<v2::DescribePoolsResult, errors::DescribePoolsError> {
        if let Err(e) = self.fault(Service::V2, "DescribePools") {
            return Err(e.into_op_error());
        }
        ops::numbers::describe_pools(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_protect_configurations(
        &self,
        context: RequestContext,
        input: v2::DescribeProtectConfigurationsRequest,
    ) -> Result<v2::DescribeProtectConfigurationsResult, errors::DescribeProtectConfigurationsError>
    {
        if let Err(e) = self.fault(Service::V2, "DescribeProtectConfigurations") {
            return Err(e.into_op_error());
        }
        ops::protect::describe_protect_configurations(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_registration_attachments(
        &self,
        context: RequestContext,
        input: v2::DescribeRegistrationAttachmentsRequest,
    ) -> Result<
        v2::DescribeRegistrationAttachmentsResult,
        errors::DescribeRegistrationAttachmentsError,
    > {
        if let Err(e) = self.fault(Service::V2, "DescribeRegistrationAttachments") {
            return Err(e.into_op_error());
        }
        ops::registrations::describe_registration_attachments(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_registration_field_definitions(
        &self,
        context: RequestContext,
        input: v2::DescribeRegistrationFieldDefinitionsRequest,
    ) -> Result<
        v2::DescribeRegistrationFieldDefinitionsResult,
        errors::DescribeRegistrationFieldDefinitionsError,
    > {
        if let Err(e) = self.fault(Service::V2, "DescribeRegistrationFieldDefinitions") {
            return Err(e.into_op_error());
        }
        ops::registrations::describe_registration_field_definitions(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_registration_field_values(
        &self,
        context: RequestContext,
        input: v2::DescribeRegistrationFieldValuesRequest,
    ) -> Result<
        v2::DescribeRegistrationFieldValuesResult,
        errors::DescribeRegistrationFieldValuesError,
    > {
        if let Err(e) = self.fault(Service::V2, "DescribeRegistrationFieldValues") {
            return Err(e.into_op_error());
        }
        ops::registrations::describe_registration_field_values(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_registration_section_definitions(
        &self,
        context: RequestContext,
        input: v2::DescribeRegistrationSectionDefinitionsRequest,
    ) -> Result<
        v2::DescribeRegistrationSectionDefinitionsResult,
        errors::DescribeRegistrationSectionDefinitionsError,
    > {
        if let Err(e) = self.fault(Service::V2, "DescribeRegistrationSectionDefinitions") {
            return Err(e.into_op_error());
        }
        ops::registrations::describe_registration_section_definitions(
            self,
            &Ctx::of(&context),
            input,
        )
        .map_err(EmuError::into_op_error)
    }
    async fn describe_registration_type_definitions(
        &self,
        context: RequestContext,
        input: v2::DescribeRegistrationTypeDefinitionsRequest,
    ) -> Result<
        v2::DescribeRegistrationTypeDefinitionsResult,
        errors::DescribeRegistrationTypeDefinitionsError,
    > {
        if let Err(e) = self.fault(Service::V2, "DescribeRegistrationTypeDefinitions") {
            return Err(e.into_op_error());
        }
        ops::registrations::describe_registration_type_definitions(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_registration_versions(
        &self,
        context: RequestContext,
        input: v2::DescribeRegistrationVersionsRequest,
    ) -> Result<v2::DescribeRegistrationVersionsResult, errors::DescribeRegistrationVersionsError>
    {
        if let Err(e) = self.fault(Service::V2, "DescribeRegistrationVersions") {
            return Err(e.into_op_error());
        }
        ops::registrations::describe_registration_versions(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_registrations(
        &self,
        context: RequestContext,
        input: v2::DescribeRegistrationsRequest,
    ) -> Result<v2::DescribeRegistrationsResult, errors::DescribeRegistrationsError> {
        if let Err(e) = self.fault(Service::V2, "DescribeRegistrations") {
            return Err(e.into_op_error());
        }
        ops::registrations::describe_registrations(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_sender_ids(
        &self,
        context: RequestContext,
        input: v2::DescribeSenderIdsRequest,
    ) -> Result<v2::DescribeSenderIdsResult, errors::DescribeSenderIdsError> {
        if let Err(e) = self.fault(Service::V2, "DescribeSenderIds") {
            return Err(e.into_op_error());
        }
        ops::numbers::describe_sender_ids(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_spend_limits(
        &self,
        context: RequestContext,
        input: v2::DescribeSpendLimitsRequest,
    ) -> Result<v2::DescribeSpendLimitsResult, errors::DescribeSpendLimitsError> {
        if let Err(e) = self.fault(Service::V2, "DescribeSpendLimits") {
            return Err(e.into_op_error());
        }
        ops::account::describe_spend_limits(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn describe_verified_destination_numbers(
        &self,
        context: RequestContext,
        input: v2::DescribeVerifiedDestinationNumbersRequest,
    ) -> Result<
        v2::DescribeVerifiedDestinationNumbersResult,
        errors::DescribeVerifiedDestinationNumbersError,
    > {
        if let Err(e) = self.fault(Service::V2, "DescribeVerifiedDestinationNumbers") {
            return Err(e.into_op_error());
        }
        ops::sending::describe_verified_destination_numbers(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn disassociate_origination_identity(
        &self,
        context: RequestContext,
        input: v2::DisassociateOriginationIdentityRequest,
    ) -> Result<
        v2::DisassociateOriginationIdentityResult,
        errors::DisassociateOriginationIdentityError,
    > {
        if let Err(e) = self.fault(Service::V2, "DisassociateOriginationIdentity") {
            return Err(e.into_op_error());
        }
        idempotent(self, "DisassociateOriginationIdentity", input, |input| {
            ops::numbers::disassociate_origination_identity(self, &Ctx::of(&context), input)
        })
        .map_err(EmuError::into_op_error)
    }
    async fn disassociate_protect_configuration(
        &self,
        context: RequestContext,
        input: v2::DisassociateProtectConfigurationRequest,
    ) -> Result<
        v2::DisassociateProtectConfigurationResult,
        errors::DisassociateProtectConfigurationError,
    > {
        if let Err(e) = self.fault(Service::V2, "DisassociateProtectConfiguration") {
            return Err(e.into_op_error());
        }
        ops::config_sets::disassociate_protect_configuration(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn discard_registration_version(
        &self,
        context: RequestContext,
        input: v2::DiscardRegistrationVersionRequest,
    ) -> Result<v2::DiscardRegistrationVersionResult, errors::DiscardRegistrationVersionError> {
        if let Err(e) = self.fault(Service::V2, "DiscardRegistrationVersion") {
            return Err(e.into_op_error());
        }
        ops::registrations::discard_registration_version(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn get_protect_configuration_country_rule_set(
        &self,
        context: RequestContext,
        input: v2::GetProtectConfigurationCountryRuleSetRequest,
    ) -> Result<
        v2::GetProtectConfigurationCountryRuleSetResult,
        errors::GetProtectConfigurationCountryRuleSetError,
    > {
        if let Err(e) = self.fault(Service::V2, "GetProtectConfigurationCountryRuleSet") {
            return Err(e.into_op_error());
        }
        ops::protect::get_protect_configuration_country_rule_set(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn get_resource_policy(
        &self,
        context: RequestContext,
        input: v2::GetResourcePolicyRequest,
    ) -> Result<v2::GetResourcePolicyResult, errors::GetResourcePolicyError> {
        if let Err(e) = self.fault(Service::V2, "GetResourcePolicy") {
            return Err(e.into_op_error());
        }
        ops::account::get_resource_policy(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn list_pool_origination_identities(
        &self,
        context: RequestContext,
        input: v2::ListPoolOriginationIdentitiesRequest,
    ) -> Result<v2::ListPoolOriginationIdentitiesResult, errors::ListPoolOriginationIdentitiesError>
    {
        if let Err(e) = self.fault(Service::V2, "ListPoolOriginationIdentities") {
            return Err(e.into_op_error());
        }
        ops::numbers::list_pool_origination_identities(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn list_protect_configuration_rule_set_number_overrides(
        &self,
        context: RequestContext,
        input: v2::ListProtectConfigurationRuleSetNumberOverridesRequest,
    ) -> Result<
        v2::ListProtectConfigurationRuleSetNumberOverridesResult,
        errors::ListProtectConfigurationRuleSetNumberOverridesError,
    > {
        if let Err(e) = self.fault(
            Service::V2,
            "ListProtectConfigurationRuleSetNumberOverrides",
        ) {
            return Err(e.into_op_error());
        }
        ops::protect::list_protect_configuration_rule_set_number_overrides(
            self,
            &Ctx::of(&context),
            input,
        )
        .map_err(EmuError::into_op_error)
    }
    async fn list_registration_associations(
        &self,
        context: RequestContext,
        input: v2::ListRegistrationAssociationsRequest,
    ) -> Result<v2::ListRegistrationAssociationsResult, errors::ListRegistrationAssociationsError>
    {
        if let Err(e) = self.fault(Service::V2, "ListRegistrationAssociations") {
            return Err(e.into_op_error());
        }
        ops::registrations::list_registration_associations(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn list_tags_for_resource(
        &self,
        context: RequestContext,
        input: v2::ListTagsForResourceRequest,
    ) -> Result<v2::ListTagsForResourceResult, errors::ListTagsForResourceError> {
        if let Err(e) = self.fault(Service::V2, "ListTagsForResource") {
            return Err(e.into_op_error());
        }
        ops::account::list_tags_for_resource(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn put_keyword(
        &self,
        context: RequestContext,
        input: v2::PutKeywordRequest,
    ) -> Result<v2::PutKeywordResult, errors::PutKeywordError> {
        if let Err(e) = self.fault(Service::V2, "PutKeyword") {
            return Err(e.into_op_error());
        }
        ops::numbers::put_keyword(self, &Ctx::of(&context), input).map_err(EmuError::into_op_error)
    }
    async fn put_message_feedback(
        &self,
        context: RequestContext,
        input: v2::PutMessageFeedbackRequest,
    ) -> Result<v2::PutMessageFeedbackResult, errors::PutMessageFeedbackError> {
        if let Err(e) = self.fault(Service::V2, "PutMessageFeedback") {
            return Err(e.into_op_error());
        }
        ops::sending::put_message_feedback(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn put_opted_out_number(
        &self,
        context: RequestContext,
        input: v2::PutOptedOutNumberRequest,
    ) -> Result<v2::PutOptedOutNumberResult, errors::PutOptedOutNumberError> {
        if let Err(e) = self.fault(Service::V2, "PutOptedOutNumber") {
            return Err(e.into_op_error());
        }
        ops::numbers::put_opted_out_number(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn put_protect_configuration_rule_set_number_override(
        &self,
        context: RequestContext,
        input: v2::PutProtectConfigurationRuleSetNumberOverrideRequest,
    ) -> Result<
        v2::PutProtectConfigurationRuleSetNumberOverrideResult,
        errors::PutProtectConfigurationRuleSetNumberOverrideError,
    > {
        if let Err(e) = self.fault(Service::V2, "PutProtectConfigurationRuleSetNumberOverride") {
            return Err(e.into_op_error());
        }
        idempotent(
            self,
            "PutProtectConfigurationRuleSetNumberOverride",
            input,
            |input| {
                ops::protect::put_protect_configuration_rule_set_number_override(
                    self,
                    &Ctx::of(&context),
                    input,
                )
            },
        )
        .map_err(EmuError::into_op_error)
    }
    async fn put_registration_field_value(
        &self,
        context: RequestContext,
        input: v2::PutRegistrationFieldValueRequest,
    ) -> Result<v2::PutRegistrationFieldValueResult, errors::PutRegistrationFieldValueError> {
        if let Err(e) = self.fault(Service::V2, "PutRegistrationFieldValue") {
            return Err(e.into_op_error());
        }
        ops::registrations::put_registration_field_value(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn put_resource_policy(
        &self,
        context: RequestContext,
        input: v2::PutResourcePolicyRequest,
    ) -> Result<v2::PutResourcePolicyResult, errors::PutResourcePolicyError> {
        if let Err(e) = self.fault(Service::V2, "PutResourcePolicy") {
            return Err(e.into_op_error());
        }
        ops::account::put_resource_policy(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn release_phone_number(
        &self,
        context: RequestContext,
        input: v2::ReleasePhoneNumberRequest,
    ) -> Result<v2::ReleasePhoneNumberResult, errors::ReleasePhoneNumberError> {
        if let Err(e) = self.fault(Service::V2, "ReleasePhoneNumber") {
            return Err(e.into_op_error());
        }
        ops::numbers::release_phone_number(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn release_sender_id(
        &self,
        context: RequestContext,
        input: v2::ReleaseSenderIdRequest,
    ) -> Result<v2::ReleaseSenderIdResult, errors::ReleaseSenderIdError> {
        if let Err(e) = self.fault(Service::V2, "ReleaseSenderId") {
            return Err(e.into_op_error());
        }
        ops::numbers::release_sender_id(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn request_phone_number(
        &self,
        context: RequestContext,
        input: v2::RequestPhoneNumberRequest,
    ) -> Result<v2::RequestPhoneNumberResult, errors::RequestPhoneNumberError> {
        if let Err(e) = self.fault(Service::V2, "RequestPhoneNumber") {
            return Err(e.into_op_error());
        }
        idempotent(self, "RequestPhoneNumber", input, |input| {
            ops::numbers::request_phone_number(self, &Ctx::of(&context), input)
        })
        .map_err(EmuError::into_op_error)
    }
    async fn request_sender_id(
        &self,
        context: RequestContext,
        input: v2::RequestSenderIdRequest,
    ) -> Result<v2::RequestSenderIdResult, errors::RequestSenderIdError> {
        if let Err(e) = self.fault(Service::V2, "RequestSenderId") {
            return Err(e.into_op_error());
        }
        idempotent(self, "RequestSenderId", input, |input| {
            ops::numbers::request_sender_id(self, &Ctx::of(&context), input)
        })
        .map_err(EmuError::into_op_error)
    }
    async fn send_destination_number_verification_code(
        &self,
        context: RequestContext,
        input: v2::SendDestinationNumberVerificationCodeRequest,
    ) -> Result<
        v2::SendDestinationNumberVerificationCodeResult,
        errors::SendDestinationNumberVerificationCodeError,
    > {
        if let Err(e) = self.fault(Service::V2, "SendDestinationNumberVerificationCode") {
            return Err(e.into_op_error());
        }
        ops::sending::send_destination_number_verification_code(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn send_media_message(
        &self,
        context: RequestContext,
        input: v2::SendMediaMessageRequest,
    ) -> Result<v2::SendMediaMessageResult, errors::SendMediaMessageError> {
        if let Err(e) = self.fault(Service::V2, "SendMediaMessage") {
            return Err(e.into_op_error());
        }
        ops::sending::send_media_message(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn send_text_message(
        &self,
        context: RequestContext,
        input: v2::SendTextMessageRequest,
    ) -> Result<v2::SendTextMessageResult, errors::SendTextMessageError> {
        if let Err(e) = self.fault(Service::V2, "SendTextMessage") {
            return Err(e.into_op_error());
        }
        ops::sending::send_text_message(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn send_voice_message(
        &self,
        context: RequestContext,
        input: v2::SendVoiceMessageRequest,
    ) -> Result<v2::SendVoiceMessageResult, errors::SendVoiceMessageError> {
        if let Err(e) = self.fault(Service::V2, "SendVoiceMessage") {
            return Err(e.into_op_error());
        }
        ops::sending::send_voice_message(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn set_account_default_protect_configuration(
        &self,
        context: RequestContext,
        input: v2::SetAccountDefaultProtectConfigurationRequest,
    ) -> Result<
        v2::SetAccountDefaultProtectConfigurationResult,
        errors::SetAccountDefaultProtectConfigurationError,
    > {
        if let Err(e) = self.fault(Service::V2, "SetAccountDefaultProtectConfiguration") {
            return Err(e.into_op_error());
        }
        ops::protect::set_account_default_protect_configuration(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn set_default_message_feedback_enabled(
        &self,
        context: RequestContext,
        input: v2::SetDefaultMessageFeedbackEnabledRequest,
    ) -> Result<
        v2::SetDefaultMessageFeedbackEnabledResult,
        errors::SetDefaultMessageFeedbackEnabledError,
    > {
        if let Err(e) = self.fault(Service::V2, "SetDefaultMessageFeedbackEnabled") {
            return Err(e.into_op_error());
        }
        ops::config_sets::set_default_message_feedback_enabled(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn set_default_message_type(
        &self,
        context: RequestContext,
        input: v2::SetDefaultMessageTypeRequest,
    ) -> Result<v2::SetDefaultMessageTypeResult, errors::SetDefaultMessageTypeError> {
        if let Err(e) = self.fault(Service::V2, "SetDefaultMessageType") {
            return Err(e.into_op_error());
        }
        ops::config_sets::set_default_message_type(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn set_default_sender_id(
        &self,
        context: RequestContext,
        input: v2::SetDefaultSenderIdRequest,
    ) -> Result<v2::SetDefaultSenderIdResult, errors::SetDefaultSenderIdError> {
        if let Err(e) = self.fault(Service::V2, "SetDefaultSenderId") {
            return Err(e.into_op_error());
        }
        ops::config_sets::set_default_sender_id(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn set_media_message_spend_limit_override(
        &self,
        context: RequestContext,
        input: v2::SetMediaMessageSpendLimitOverrideRequest,
    ) -> Result<
        v2::SetMediaMessageSpendLimitOverrideResult,
        errors::SetMediaMessageSpendLimitOverrideError,
    > {
        if let Err(e) = self.fault(Service::V2, "SetMediaMessageSpendLimitOverride") {
            return Err(e.into_op_error());
        }
        ops::account::set_media_message_spend_limit_override(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn set_text_message_spend_limit_override(
        &self,
        context: RequestContext,
        input: v2::SetTextMessageSpendLimitOverrideRequest,
    ) -> Result<
        v2::SetTextMessageSpendLimitOverrideResult,
        errors::SetTextMessageSpendLimitOverrideError,
    > {
        if let Err(e) = self.fault(Service::V2, "SetTextMessageSpendLimitOverride") {
            return Err(e.into_op_error());
        }
        ops::account::set_text_message_spend_limit_override(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn set_voice_message_spend_limit_override(
        &self,
        context: RequestContext,
        input: v2::SetVoiceMessageSpendLimitOverrideRequest,
    ) -> Result<
        v2::SetVoiceMessageSpendLimitOverrideResult,
        errors::SetVoiceMessageSpendLimitOverrideError,
    > {
        if let Err(e) = self.fault(Service::V2, "SetVoiceMessageSpendLimitOverride") {
            return Err(e.into_op_error());
        }
        ops::account::set_voice_message_spend_limit_override(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn submit_registration_version(
        &self,
        context: RequestContext,
        input: v2::SubmitRegistrationVersionRequest,
    ) -> Result<v2::SubmitRegistrationVersionResult, errors::SubmitRegistrationVersionError> {
        if let Err(e) = self.fault(Service::V2, "SubmitRegistrationVersion") {
            return Err(e.into_op_error());
        }
        ops::registrations::submit_registration_version(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn tag_resource(
        &self,
        context: RequestContext,
        input: v2::TagResourceRequest,
    ) -> Result<v2::TagResourceResult, errors::TagResourceError> {
        if let Err(e) = self.fault(Service::V2, "TagResource") {
            return Err(e.into_op_error());
        }
        ops::account::tag_resource(self, &Ctx::of(&context), input).map_err(EmuError::into_op_error)
    }
    async fn untag_resource(
        &self,
        context: RequestContext,
        input: v2::UntagResourceRequest,
    ) -> Result<v2::UntagResourceResult, errors::UntagResourceError> {
        if let Err(e) = self.fault(Service::V2, "UntagResource") {
            return Err(e.into_op_error());
        }
        ops::account::untag_resource(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn update_event_destination(
        &self,
        context: RequestContext,
        input: v2::UpdateEventDestinationRequest,
    ) -> Result<v2::UpdateEventDestinationResult, errors::UpdateEventDestinationError> {
        if let Err(e) = self.fault(Service::V2, "UpdateEventDestination") {
            return Err(e.into_op_error());
        }
        ops::config_sets::update_event_destination(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn update_phone_number(
        &self,
        context: RequestContext,
        input: v2::UpdatePhoneNumberRequest,
    ) -> Result<v2::UpdatePhoneNumberResult, errors::UpdatePhoneNumberError> {
        if let Err(e) = self.fault(Service::V2, "UpdatePhoneNumber") {
            return Err(e.into_op_error());
        }
        ops::numbers::update_phone_number(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn update_pool(
        &self,
        context: RequestContext,
        input: v2::UpdatePoolRequest,
    ) -> Result<v2::UpdatePoolResult, errors::UpdatePoolError> {
        if let Err(e) = self.fault(Service::V2, "UpdatePool") {
            return Err(e.into_op_error());
        }
        ops::numbers::update_pool(self, &Ctx::of(&context), input).map_err(EmuError::into_op_error)
    }
    async fn update_protect_configuration(
        &self,
        context: RequestContext,
        input: v2::UpdateProtectConfigurationRequest,
    ) -> Result<v2::UpdateProtectConfigurationResult, errors::UpdateProtectConfigurationError> {
        if let Err(e) = self.fault(Service::V2, "UpdateProtectConfiguration") {
            return Err(e.into_op_error());
        }
        ops::protect::update_protect_configuration(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn update_protect_configuration_country_rule_set(
        &self,
        context: RequestContext,
        input: v2::UpdateProtectConfigurationCountryRuleSetRequest,
    ) -> Result<
        v2::UpdateProtectConfigurationCountryRuleSetResult,
        errors::UpdateProtectConfigurationCountryRuleSetError,
    > {
        if let Err(e) = self.fault(Service::V2, "UpdateProtectConfigurationCountryRuleSet") {
            return Err(e.into_op_error());
        }
        ops::protect::update_protect_configuration_country_rule_set(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn update_sender_id(
        &self,
        context: RequestContext,
        input: v2::UpdateSenderIdRequest,
    ) -> Result<v2::UpdateSenderIdResult, errors::UpdateSenderIdError> {
        if let Err(e) = self.fault(Service::V2, "UpdateSenderId") {
            return Err(e.into_op_error());
        }
        ops::numbers::update_sender_id(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
    async fn verify_destination_number(
        &self,
        context: RequestContext,
        input: v2::VerifyDestinationNumberRequest,
    ) -> Result<v2::VerifyDestinationNumberResult, errors::VerifyDestinationNumberError> {
        if let Err(e) = self.fault(Service::V2, "VerifyDestinationNumber") {
            return Err(e.into_op_error());
        }
        ops::sending::verify_destination_number(self, &Ctx::of(&context), input)
            .map_err(EmuError::into_op_error)
    }
}
