//! The v1 (restJson1) API, delegating to `crate::ops` as the v2 API does; errors are put in
//! v1's terms ([`EmuError::for_v1`](crate::EmuError::for_v1)) on the way out.

use sms_voice::pinpointsmsvoice::{self as v1, errors, server::PinpointSmsVoiceApi};
use sms_voice::server_runtime::RequestContext;

use crate::error::FromWire;
use crate::faults::Service;
use crate::ops;
use crate::Emulator;

macro_rules! v1_operations {
    ($($method:ident $name:literal ($input:ident => $output:ident, $error:ident) = $area:ident::$function:ident;)*) => {
        impl PinpointSmsVoiceApi for Emulator {
            $(
                async fn $method(
                    &self,
                    context: RequestContext,
                    input: v1::$input,
                ) -> Result<v1::$output, errors::$error> {
                    self.answer(Service::V1, $name, context, input, ops::$area::$function).await
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
}

v1_operations! {
    create_configuration_set "CreateConfigurationSet" (CreateConfigurationSetRequest => CreateConfigurationSetResponse, CreateConfigurationSetError) = v1::create_configuration_set;
    create_configuration_set_event_destination "CreateConfigurationSetEventDestination" (CreateConfigurationSetEventDestinationRequest => CreateConfigurationSetEventDestinationResponse, CreateConfigurationSetEventDestinationError) = v1::create_configuration_set_event_destination;
    delete_configuration_set "DeleteConfigurationSet" (DeleteConfigurationSetRequest => DeleteConfigurationSetResponse, DeleteConfigurationSetError) = v1::delete_configuration_set;
    delete_configuration_set_event_destination "DeleteConfigurationSetEventDestination" (DeleteConfigurationSetEventDestinationRequest => DeleteConfigurationSetEventDestinationResponse, DeleteConfigurationSetEventDestinationError) = v1::delete_configuration_set_event_destination;
    get_configuration_set_event_destinations "GetConfigurationSetEventDestinations" (GetConfigurationSetEventDestinationsRequest => GetConfigurationSetEventDestinationsResponse, GetConfigurationSetEventDestinationsError) = v1::get_configuration_set_event_destinations;
    list_configuration_sets "ListConfigurationSets" (ListConfigurationSetsRequest => ListConfigurationSetsResponse, ListConfigurationSetsError) = v1::list_configuration_sets;
    send_voice_message "SendVoiceMessage" (SendVoiceMessageRequest => SendVoiceMessageResponse, SendVoiceMessageError) = sending::v1_send_voice_message;
    update_configuration_set_event_destination "UpdateConfigurationSetEventDestination" (UpdateConfigurationSetEventDestinationRequest => UpdateConfigurationSetEventDestinationResponse, UpdateConfigurationSetEventDestinationError) = v1::update_configuration_set_event_destination;
}
