//! The v2 (awsJson1_0) API: each operation hands its validated input to the function of the
//! same name in its area module under `crate::ops`, through [`Emulator::answer`] (which fires
//! injected faults and turns an [`EmuError`](crate::EmuError) into the operation's own error
//! type). Operations with an idempotency token (`ClientToken`) go through
//! [`Emulator::answer_idempotent`].

use sms_voice::pinpointsmsvoicev2::{self as v2, errors, server::PinpointSmsVoiceV2Api};
use sms_voice::server_runtime::RequestContext;

use crate::error::FromWire;
use crate::faults::Service;
use crate::ops;
use crate::Emulator;

macro_rules! v2_operations {
    ($($how:ident $method:ident $name:literal ($input:ident => $output:ident, $error:ident) in $area:ident;)*) => {
        impl PinpointSmsVoiceV2Api for Emulator {
            $(
                async fn $method(
                    &self,
                    context: RequestContext,
                    input: v2::$input,
                ) -> Result<v2::$output, errors::$error> {
                    v2_operations!(@$how self, $name, context, input, ops::$area::$method)
                }
            )*
        }

        /// The names of the operations, as injected faults name them.
        pub(crate) const OPERATIONS: &[&str] = &[$($name),*];

        $(
            impl FromWire for errors::$error {
                fn from_wire(code: &str, status: u16, body: &[u8]) -> Self {
                    Self::from_response(code, status, body)
                }
            }
        )*
    };
    (@plain $self:ident, $name:literal, $context:ident, $input:ident, $function:path) => {
        $self.answer(Service::V2, $name, $context, $input, $function).await
    };
    (@idempotent $self:ident, $name:literal, $context:ident, $input:ident, $function:path) => {
        $self.answer_idempotent($name, $context, $input, $function).await
    };
}

v2_operations! {
    idempotent associate_origination_identity "AssociateOriginationIdentity" (AssociateOriginationIdentityRequest => AssociateOriginationIdentityResult, AssociateOriginationIdentityError) in numbers;
    plain associate_protect_configuration "AssociateProtectConfiguration" (AssociateProtectConfigurationRequest => AssociateProtectConfigurationResult, AssociateProtectConfigurationError) in config_sets;
    plain carrier_lookup "CarrierLookup" (CarrierLookupRequest => CarrierLookupResult, CarrierLookupError) in sending;
    idempotent create_configuration_set "CreateConfigurationSet" (CreateConfigurationSetRequest => CreateConfigurationSetResult, CreateConfigurationSetError) in config_sets;
    idempotent create_event_destination "CreateEventDestination" (CreateEventDestinationRequest => CreateEventDestinationResult, CreateEventDestinationError) in config_sets;
    idempotent create_opt_out_list "CreateOptOutList" (CreateOptOutListRequest => CreateOptOutListResult, CreateOptOutListError) in numbers;
    idempotent create_pool "CreatePool" (CreatePoolRequest => CreatePoolResult, CreatePoolError) in numbers;
    idempotent create_protect_configuration "CreateProtectConfiguration" (CreateProtectConfigurationRequest => CreateProtectConfigurationResult, CreateProtectConfigurationError) in protect;
    idempotent create_registration "CreateRegistration" (CreateRegistrationRequest => CreateRegistrationResult, CreateRegistrationError) in registrations;
    plain create_registration_association "CreateRegistrationAssociation" (CreateRegistrationAssociationRequest => CreateRegistrationAssociationResult, CreateRegistrationAssociationError) in registrations;
    idempotent create_registration_attachment "CreateRegistrationAttachment" (CreateRegistrationAttachmentRequest => CreateRegistrationAttachmentResult, CreateRegistrationAttachmentError) in registrations;
    plain create_registration_version "CreateRegistrationVersion" (CreateRegistrationVersionRequest => CreateRegistrationVersionResult, CreateRegistrationVersionError) in registrations;
    idempotent create_verified_destination_number "CreateVerifiedDestinationNumber" (CreateVerifiedDestinationNumberRequest => CreateVerifiedDestinationNumberResult, CreateVerifiedDestinationNumberError) in sending;
    plain delete_account_default_protect_configuration "DeleteAccountDefaultProtectConfiguration" (DeleteAccountDefaultProtectConfigurationRequest => DeleteAccountDefaultProtectConfigurationResult, DeleteAccountDefaultProtectConfigurationError) in protect;
    plain delete_configuration_set "DeleteConfigurationSet" (DeleteConfigurationSetRequest => DeleteConfigurationSetResult, DeleteConfigurationSetError) in config_sets;
    plain delete_default_message_type "DeleteDefaultMessageType" (DeleteDefaultMessageTypeRequest => DeleteDefaultMessageTypeResult, DeleteDefaultMessageTypeError) in config_sets;
    plain delete_default_sender_id "DeleteDefaultSenderId" (DeleteDefaultSenderIdRequest => DeleteDefaultSenderIdResult, DeleteDefaultSenderIdError) in config_sets;
    plain delete_event_destination "DeleteEventDestination" (DeleteEventDestinationRequest => DeleteEventDestinationResult, DeleteEventDestinationError) in config_sets;
    plain delete_keyword "DeleteKeyword" (DeleteKeywordRequest => DeleteKeywordResult, DeleteKeywordError) in numbers;
    plain delete_media_message_spend_limit_override "DeleteMediaMessageSpendLimitOverride" (DeleteMediaMessageSpendLimitOverrideRequest => DeleteMediaMessageSpendLimitOverrideResult, DeleteMediaMessageSpendLimitOverrideError) in account;
    plain delete_opt_out_list "DeleteOptOutList" (DeleteOptOutListRequest => DeleteOptOutListResult, DeleteOptOutListError) in numbers;
    plain delete_opted_out_number "DeleteOptedOutNumber" (DeleteOptedOutNumberRequest => DeleteOptedOutNumberResult, DeleteOptedOutNumberError) in numbers;
    plain delete_pool "DeletePool" (DeletePoolRequest => DeletePoolResult, DeletePoolError) in numbers;
    plain delete_protect_configuration "DeleteProtectConfiguration" (DeleteProtectConfigurationRequest => DeleteProtectConfigurationResult, DeleteProtectConfigurationError) in protect;
    plain delete_protect_configuration_rule_set_number_override "DeleteProtectConfigurationRuleSetNumberOverride" (DeleteProtectConfigurationRuleSetNumberOverrideRequest => DeleteProtectConfigurationRuleSetNumberOverrideResult, DeleteProtectConfigurationRuleSetNumberOverrideError) in protect;
    plain delete_registration "DeleteRegistration" (DeleteRegistrationRequest => DeleteRegistrationResult, DeleteRegistrationError) in registrations;
    plain delete_registration_attachment "DeleteRegistrationAttachment" (DeleteRegistrationAttachmentRequest => DeleteRegistrationAttachmentResult, DeleteRegistrationAttachmentError) in registrations;
    plain delete_registration_field_value "DeleteRegistrationFieldValue" (DeleteRegistrationFieldValueRequest => DeleteRegistrationFieldValueResult, DeleteRegistrationFieldValueError) in registrations;
    plain delete_resource_policy "DeleteResourcePolicy" (DeleteResourcePolicyRequest => DeleteResourcePolicyResult, DeleteResourcePolicyError) in account;
    plain delete_text_message_spend_limit_override "DeleteTextMessageSpendLimitOverride" (DeleteTextMessageSpendLimitOverrideRequest => DeleteTextMessageSpendLimitOverrideResult, DeleteTextMessageSpendLimitOverrideError) in account;
    plain delete_verified_destination_number "DeleteVerifiedDestinationNumber" (DeleteVerifiedDestinationNumberRequest => DeleteVerifiedDestinationNumberResult, DeleteVerifiedDestinationNumberError) in sending;
    plain delete_voice_message_spend_limit_override "DeleteVoiceMessageSpendLimitOverride" (DeleteVoiceMessageSpendLimitOverrideRequest => DeleteVoiceMessageSpendLimitOverrideResult, DeleteVoiceMessageSpendLimitOverrideError) in account;
    plain describe_account_attributes "DescribeAccountAttributes" (DescribeAccountAttributesRequest => DescribeAccountAttributesResult, DescribeAccountAttributesError) in account;
    plain describe_account_limits "DescribeAccountLimits" (DescribeAccountLimitsRequest => DescribeAccountLimitsResult, DescribeAccountLimitsError) in account;
    plain describe_configuration_sets "DescribeConfigurationSets" (DescribeConfigurationSetsRequest => DescribeConfigurationSetsResult, DescribeConfigurationSetsError) in config_sets;
    plain describe_keywords "DescribeKeywords" (DescribeKeywordsRequest => DescribeKeywordsResult, DescribeKeywordsError) in numbers;
    plain describe_opt_out_lists "DescribeOptOutLists" (DescribeOptOutListsRequest => DescribeOptOutListsResult, DescribeOptOutListsError) in numbers;
    plain describe_opted_out_numbers "DescribeOptedOutNumbers" (DescribeOptedOutNumbersRequest => DescribeOptedOutNumbersResult, DescribeOptedOutNumbersError) in numbers;
    plain describe_phone_numbers "DescribePhoneNumbers" (DescribePhoneNumbersRequest => DescribePhoneNumbersResult, DescribePhoneNumbersError) in numbers;
    plain describe_pools "DescribePools" (DescribePoolsRequest => DescribePoolsResult, DescribePoolsError) in numbers;
    plain describe_protect_configurations "DescribeProtectConfigurations" (DescribeProtectConfigurationsRequest => DescribeProtectConfigurationsResult, DescribeProtectConfigurationsError) in protect;
    plain describe_registration_attachments "DescribeRegistrationAttachments" (DescribeRegistrationAttachmentsRequest => DescribeRegistrationAttachmentsResult, DescribeRegistrationAttachmentsError) in registrations;
    plain describe_registration_field_definitions "DescribeRegistrationFieldDefinitions" (DescribeRegistrationFieldDefinitionsRequest => DescribeRegistrationFieldDefinitionsResult, DescribeRegistrationFieldDefinitionsError) in registrations;
    plain describe_registration_field_values "DescribeRegistrationFieldValues" (DescribeRegistrationFieldValuesRequest => DescribeRegistrationFieldValuesResult, DescribeRegistrationFieldValuesError) in registrations;
    plain describe_registration_section_definitions "DescribeRegistrationSectionDefinitions" (DescribeRegistrationSectionDefinitionsRequest => DescribeRegistrationSectionDefinitionsResult, DescribeRegistrationSectionDefinitionsError) in registrations;
    plain describe_registration_type_definitions "DescribeRegistrationTypeDefinitions" (DescribeRegistrationTypeDefinitionsRequest => DescribeRegistrationTypeDefinitionsResult, DescribeRegistrationTypeDefinitionsError) in registrations;
    plain describe_registration_versions "DescribeRegistrationVersions" (DescribeRegistrationVersionsRequest => DescribeRegistrationVersionsResult, DescribeRegistrationVersionsError) in registrations;
    plain describe_registrations "DescribeRegistrations" (DescribeRegistrationsRequest => DescribeRegistrationsResult, DescribeRegistrationsError) in registrations;
    plain describe_sender_ids "DescribeSenderIds" (DescribeSenderIdsRequest => DescribeSenderIdsResult, DescribeSenderIdsError) in numbers;
    plain describe_spend_limits "DescribeSpendLimits" (DescribeSpendLimitsRequest => DescribeSpendLimitsResult, DescribeSpendLimitsError) in account;
    plain describe_verified_destination_numbers "DescribeVerifiedDestinationNumbers" (DescribeVerifiedDestinationNumbersRequest => DescribeVerifiedDestinationNumbersResult, DescribeVerifiedDestinationNumbersError) in sending;
    idempotent disassociate_origination_identity "DisassociateOriginationIdentity" (DisassociateOriginationIdentityRequest => DisassociateOriginationIdentityResult, DisassociateOriginationIdentityError) in numbers;
    plain disassociate_protect_configuration "DisassociateProtectConfiguration" (DisassociateProtectConfigurationRequest => DisassociateProtectConfigurationResult, DisassociateProtectConfigurationError) in config_sets;
    plain discard_registration_version "DiscardRegistrationVersion" (DiscardRegistrationVersionRequest => DiscardRegistrationVersionResult, DiscardRegistrationVersionError) in registrations;
    plain get_protect_configuration_country_rule_set "GetProtectConfigurationCountryRuleSet" (GetProtectConfigurationCountryRuleSetRequest => GetProtectConfigurationCountryRuleSetResult, GetProtectConfigurationCountryRuleSetError) in protect;
    plain get_resource_policy "GetResourcePolicy" (GetResourcePolicyRequest => GetResourcePolicyResult, GetResourcePolicyError) in account;
    plain list_pool_origination_identities "ListPoolOriginationIdentities" (ListPoolOriginationIdentitiesRequest => ListPoolOriginationIdentitiesResult, ListPoolOriginationIdentitiesError) in numbers;
    plain list_protect_configuration_rule_set_number_overrides "ListProtectConfigurationRuleSetNumberOverrides" (ListProtectConfigurationRuleSetNumberOverridesRequest => ListProtectConfigurationRuleSetNumberOverridesResult, ListProtectConfigurationRuleSetNumberOverridesError) in protect;
    plain list_registration_associations "ListRegistrationAssociations" (ListRegistrationAssociationsRequest => ListRegistrationAssociationsResult, ListRegistrationAssociationsError) in registrations;
    plain list_tags_for_resource "ListTagsForResource" (ListTagsForResourceRequest => ListTagsForResourceResult, ListTagsForResourceError) in account;
    plain put_keyword "PutKeyword" (PutKeywordRequest => PutKeywordResult, PutKeywordError) in numbers;
    plain put_message_feedback "PutMessageFeedback" (PutMessageFeedbackRequest => PutMessageFeedbackResult, PutMessageFeedbackError) in sending;
    plain put_opted_out_number "PutOptedOutNumber" (PutOptedOutNumberRequest => PutOptedOutNumberResult, PutOptedOutNumberError) in numbers;
    idempotent put_protect_configuration_rule_set_number_override "PutProtectConfigurationRuleSetNumberOverride" (PutProtectConfigurationRuleSetNumberOverrideRequest => PutProtectConfigurationRuleSetNumberOverrideResult, PutProtectConfigurationRuleSetNumberOverrideError) in protect;
    plain put_registration_field_value "PutRegistrationFieldValue" (PutRegistrationFieldValueRequest => PutRegistrationFieldValueResult, PutRegistrationFieldValueError) in registrations;
    plain put_resource_policy "PutResourcePolicy" (PutResourcePolicyRequest => PutResourcePolicyResult, PutResourcePolicyError) in account;
    plain release_phone_number "ReleasePhoneNumber" (ReleasePhoneNumberRequest => ReleasePhoneNumberResult, ReleasePhoneNumberError) in numbers;
    plain release_sender_id "ReleaseSenderId" (ReleaseSenderIdRequest => ReleaseSenderIdResult, ReleaseSenderIdError) in numbers;
    idempotent request_phone_number "RequestPhoneNumber" (RequestPhoneNumberRequest => RequestPhoneNumberResult, RequestPhoneNumberError) in numbers;
    idempotent request_sender_id "RequestSenderId" (RequestSenderIdRequest => RequestSenderIdResult, RequestSenderIdError) in numbers;
    plain send_destination_number_verification_code "SendDestinationNumberVerificationCode" (SendDestinationNumberVerificationCodeRequest => SendDestinationNumberVerificationCodeResult, SendDestinationNumberVerificationCodeError) in sending;
    plain send_media_message "SendMediaMessage" (SendMediaMessageRequest => SendMediaMessageResult, SendMediaMessageError) in sending;
    plain send_text_message "SendTextMessage" (SendTextMessageRequest => SendTextMessageResult, SendTextMessageError) in sending;
    plain send_voice_message "SendVoiceMessage" (SendVoiceMessageRequest => SendVoiceMessageResult, SendVoiceMessageError) in sending;
    plain set_account_default_protect_configuration "SetAccountDefaultProtectConfiguration" (SetAccountDefaultProtectConfigurationRequest => SetAccountDefaultProtectConfigurationResult, SetAccountDefaultProtectConfigurationError) in protect;
    plain set_default_message_feedback_enabled "SetDefaultMessageFeedbackEnabled" (SetDefaultMessageFeedbackEnabledRequest => SetDefaultMessageFeedbackEnabledResult, SetDefaultMessageFeedbackEnabledError) in config_sets;
    plain set_default_message_type "SetDefaultMessageType" (SetDefaultMessageTypeRequest => SetDefaultMessageTypeResult, SetDefaultMessageTypeError) in config_sets;
    plain set_default_sender_id "SetDefaultSenderId" (SetDefaultSenderIdRequest => SetDefaultSenderIdResult, SetDefaultSenderIdError) in config_sets;
    plain set_media_message_spend_limit_override "SetMediaMessageSpendLimitOverride" (SetMediaMessageSpendLimitOverrideRequest => SetMediaMessageSpendLimitOverrideResult, SetMediaMessageSpendLimitOverrideError) in account;
    plain set_text_message_spend_limit_override "SetTextMessageSpendLimitOverride" (SetTextMessageSpendLimitOverrideRequest => SetTextMessageSpendLimitOverrideResult, SetTextMessageSpendLimitOverrideError) in account;
    plain set_voice_message_spend_limit_override "SetVoiceMessageSpendLimitOverride" (SetVoiceMessageSpendLimitOverrideRequest => SetVoiceMessageSpendLimitOverrideResult, SetVoiceMessageSpendLimitOverrideError) in account;
    plain submit_registration_version "SubmitRegistrationVersion" (SubmitRegistrationVersionRequest => SubmitRegistrationVersionResult, SubmitRegistrationVersionError) in registrations;
    plain tag_resource "TagResource" (TagResourceRequest => TagResourceResult, TagResourceError) in account;
    plain untag_resource "UntagResource" (UntagResourceRequest => UntagResourceResult, UntagResourceError) in account;
    plain update_event_destination "UpdateEventDestination" (UpdateEventDestinationRequest => UpdateEventDestinationResult, UpdateEventDestinationError) in config_sets;
    plain update_phone_number "UpdatePhoneNumber" (UpdatePhoneNumberRequest => UpdatePhoneNumberResult, UpdatePhoneNumberError) in numbers;
    plain update_pool "UpdatePool" (UpdatePoolRequest => UpdatePoolResult, UpdatePoolError) in numbers;
    plain update_protect_configuration "UpdateProtectConfiguration" (UpdateProtectConfigurationRequest => UpdateProtectConfigurationResult, UpdateProtectConfigurationError) in protect;
    plain update_protect_configuration_country_rule_set "UpdateProtectConfigurationCountryRuleSet" (UpdateProtectConfigurationCountryRuleSetRequest => UpdateProtectConfigurationCountryRuleSetResult, UpdateProtectConfigurationCountryRuleSetError) in protect;
    plain update_sender_id "UpdateSenderId" (UpdateSenderIdRequest => UpdateSenderIdResult, UpdateSenderIdError) in numbers;
    plain verify_destination_number "VerifyDestinationNumber" (VerifyDestinationNumberRequest => VerifyDestinationNumberResult, VerifyDestinationNumberError) in sending;
}
