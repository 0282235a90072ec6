//! The v1 (restJson1) API, delegating to `crate::ops` as the v2 API does; errors are put in
//! v1's terms ([`EmuError::for_v1`](crate::EmuError::for_v1)) on the way out.

use sms_voice::pinpoint_sms_voice::{self as v1, errors, server::PinpointSmsVoiceApi};
use sms_voice::server_runtime::RequestContext;

use crate::error::IntoOpError;
use crate::faults::Service;
use crate::ops;
use crate::{Ctx, Emulator};

impl PinpointSmsVoiceApi for Emulator {
    async fn create_configuration_set(
        &self,
        context: RequestContext,
        input: v1::CreateConfigurationSetRequest,
    ) -> Result<v1::CreateConfigurationSetResponse, errors::CreateConfigurationSetError> {
        if let Err(e) = self.fault(Service::V1, "CreateConfigurationSet") {
            return Err(e.for_v1().into_op_error());
        }
        ops::v1::create_configuration_set(self, &Ctx::of(&context), input)
            .map_err(|e| e.for_v1().into_op_error())
    }
    async fn create_configuration_set_event_destination(
        &self,
        context: RequestContext,
        input: v1::CreateConfigurationSetEventDestinationRequest,
    ) -> Result<
        v1::CreateConfigurationSetEventDestinationResponse,
        errors::CreateConfigurationSetEventDestinationError,
    > {
        if let Err(e) = self.fault(Service::V1, "CreateConfigurationSetEventDestination") {
            return Err(e.for_v1().into_op_error());
        }
        ops::v1::create_configuration_set_event_destination(self, &Ctx::of(&context), input)
            .map_err(|e| e.for_v1().into_op_error())
    }
    async fn delete_configuration_set(
        &self,
        context: RequestContext,
        input: v1::DeleteConfigurationSetRequest,
    ) -> Result<v1::DeleteConfigurationSetResponse, errors::DeleteConfigurationSetError> {
        if let Err(e) = self.fault(Service::V1, "DeleteConfigurationSet") {
            return Err(e.for_v1().into_op_error());
        }
        ops::v1::delete_configuration_set(self, &Ctx::of(&context), input)
            .map_err(|e| e.for_v1().into_op_error())
    }
    async fn delete_configuration_set_event_destination(
        &self,
        context: RequestContext,
        input: v1::DeleteConfigurationSetEventDestinationRequest,
    ) -> Result<
        v1::DeleteConfigurationSetEventDestinationResponse,
        errors::DeleteConfigurationSetEventDestinationError,
    > {
        if let Err(e) = self.fault(Service::V1, "DeleteConfigurationSetEventDestination") {
            return Err(e.for_v1().into_op_error());
        }
        ops::v1::delete_configuration_set_event_destination(self, &Ctx::of(&context), input)
            .map_err(|e| e.for_v1().into_op_error())
    }
    async fn get_configuration_set_event_destinations(
        &self,
        context: RequestContext,
        input: v1::GetConfigurationSetEventDestinationsRequest,
    ) -> Result<
        v1::GetConfigurationSetEventDestinationsResponse,
        errors::GetConfigurationSetEventDestinationsError,
    > {
        if let Err(e) = self.fault(Service::V1, "GetConfigurationSetEventDestinations") {
            return Err(e.for_v1().into_op_error());
        }
        ops::v1::get_configuration_set_event_destinations(self, &Ctx::of(&context), input)
            .map_err(|e| e.for_v1().into_op_error())
    }
    async fn list_configuration_sets(
        &self,
        context: RequestContext,
        input: v1::ListConfigurationSetsRequest,
    ) -> Result<v1::ListConfigurationSetsResponse, errors::ListConfigurationSetsError> {
        if let Err(e) = self.fault(Service::V1, "ListConfigurationSets") {
            return Err(e.for_v1().into_op_error());
        }
        ops::v1::list_configuration_sets(self, &Ctx::of(&context), input)
            .map_err(|e| e.for_v1().into_op_error())
    }
    async fn send_voice_message(
        &self,
        context: RequestContext,
        input: v1::SendVoiceMessageRequest,
    ) -> Result<v1::SendVoiceMessageResponse, errors::SendVoiceMessageError> {
        if let Err(e) = self.fault(Service::V1, "SendVoiceMessage") {
            return Err(e.for_v1().into_op_error());
        }
        ops::sending::v1_send_voice_message(self, &Ctx::of(&context), input)
            .map_err(|e| e.for_v1().into_op_error())
    }
    async fn update_configuration_set_event_destination(
        &self,
        context: RequestContext,
        input: v1::UpdateConfigurationSetEventDestinationRequest,
    ) -> Result<
        v1::UpdateConfigurationSetEventDestinationResponse,
        errors::UpdateConfigurationSetEventDestinationError,
    > {
        if let Err(e) = self.fault(Service::V1, "UpdateConfigurationSetEventDestination") {
            return Err(e.for_v1().into_op_error());
        }
        ops::v1::update_configuration_set_event_destination(self, &Ctx::of(&context), input)
            .map_err(|e| e.for_v1().into_op_error())
    }
}
