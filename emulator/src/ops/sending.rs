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
pub struct SendingState {
    /// Every message sent or received, oldest first.
    pub messages: Vec<Message>,
    /// Verified destination numbers by `VerifiedDestinationNumberId`.
    pub verified_destination_numbers: BTreeMap<String, VerifiedDestinationNumberInformation>,
}

impl SendingState {
    /// Whether a resource of this area has this ARN (for tags and resource policies).
    pub(crate) fn has_arn(&self, arn: &str) -> bool {
        self.verified_destination_numbers
            .values()
            .any(|v| v.verified_destination_number_arn == arn)
    }
}

pub(crate) fn send_text_message(
    emu: &Emulator,
    ctx: &Ctx,
    input: SendTextMessageRequest,
) -> Result<SendTextMessageResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("SendTextMessage"))
}

pub(crate) fn send_voice_message(
    emu: &Emulator,
    ctx: &Ctx,
    input: SendVoiceMessageRequest,
) -> Result<SendVoiceMessageResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("SendVoiceMessage"))
}

pub(crate) fn send_media_message(
    emu: &Emulator,
    ctx: &Ctx,
    input: SendMediaMessageRequest,
) -> Result<SendMediaMessageResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("SendMediaMessage"))
}

pub(crate) fn put_message_feedback(
    emu: &Emulator,
    ctx: &Ctx,
    input: PutMessageFeedbackRequest,
) -> Result<PutMessageFeedbackResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("PutMessageFeedback"))
}

pub(crate) fn carrier_lookup(
    emu: &Emulator,
    ctx: &Ctx,
    input: CarrierLookupRequest,
) -> Result<CarrierLookupResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("CarrierLookup"))
}

pub(crate) fn create_verified_destination_number(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreateVerifiedDestinationNumberRequest,
) -> Result<CreateVerifiedDestinationNumberResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("CreateVerifiedDestinationNumber"))
}

pub(crate) fn delete_verified_destination_number(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteVerifiedDestinationNumberRequest,
) -> Result<DeleteVerifiedDestinationNumberResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("DeleteVerifiedDestinationNumber"))
}

pub(crate) fn describe_verified_destination_numbers(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeVerifiedDestinationNumbersRequest,
) -> Result<DescribeVerifiedDestinationNumbersResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "DescribeVerifiedDestinationNumbers",
    ))
}

pub(crate) fn send_destination_number_verification_code(
    emu: &Emulator,
    ctx: &Ctx,
    input: SendDestinationNumberVerificationCodeRequest,
) -> Result<SendDestinationNumberVerificationCodeResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented(
        "SendDestinationNumberVerificationCode",
    ))
}

pub(crate) fn verify_destination_number(
    emu: &Emulator,
    ctx: &Ctx,
    input: VerifyDestinationNumberRequest,
) -> Result<VerifyDestinationNumberResult, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("VerifyDestinationNumber"))
}

pub(crate) fn v1_send_voice_message(
    emu: &Emulator,
    ctx: &Ctx,
    input: v1::SendVoiceMessageRequest,
) -> Result<v1::SendVoiceMessageResponse, EmuError> {
    let _ = (emu, ctx, input);
    Err(EmuError::unimplemented("SendVoiceMessage"))
}

/// A message the emulator sent (or received from a simulated handset), with its events.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Message {
    /// The `MessageId` answered.
    pub message_id: String,
    /// `SMS`, `VOICE` or `MEDIA`.
    pub channel: String,
    /// `OUTBOUND`, or `INBOUND` for a simulated reply from a handset.
    pub direction: String,
    /// The origination identity used (phone number, sender ID or pool), as resolved.
    pub origination: String,
    /// The destination phone number.
    pub destination: String,
    /// The text, or the voice message body.
    pub body: Option<String>,
    /// Media URLs of a media message.
    pub media_urls: Vec<String>,
    /// The configuration set given, if any.
    pub configuration_set: Option<String>,
    /// `TRANSACTIONAL` or `PROMOTIONAL`, if known.
    pub message_type: Option<String>,
    /// Epoch seconds when it was accepted.
    pub timestamp: f64,
    /// Its events, in order: type (e.g. `TEXT_DELIVERED`) and epoch seconds.
    pub events: Vec<(String, f64)>,
}
