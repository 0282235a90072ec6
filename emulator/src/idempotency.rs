//! Idempotency tokens: an operation called again with the `ClientToken` of an earlier
//! success answers that success again instead of acting twice (what a client's retry after a
//! lost answer relies on). The same token with other parameters is a `ConflictException`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::EmuError;
use crate::Emulator;

/// How many answered tokens are remembered; the oldest are forgotten first.
const REMEMBERED: i64 = 1000;

/// One answered call with a token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Answered {
    /// The operation, e.g. `CreatePool`.
    pub operation: String,
    /// Its `ClientToken`.
    pub token: String,
    /// The input, as sent on the wire.
    pub input: Value,
    /// The output answered, as sent on the wire.
    pub output: Value,
}

/// An input that may carry an idempotency token.
pub(crate) trait ClientToken {
    /// The `ClientToken` member, if set.
    fn client_token(&self) -> Option<&str>;
}

macro_rules! client_token {
    ($($input:ident),* $(,)?) => {
        $(
            impl ClientToken for sms_voice::pinpointsmsvoicev2::$input {
                fn client_token(&self) -> Option<&str> {
                    self.client_token.as_deref()
                }
            }
        )*
    };
}

client_token!(
    AssociateOriginationIdentityRequest,
    CreateConfigurationSetRequest,
    CreateEventDestinationRequest,
    CreateOptOutListRequest,
    CreatePoolRequest,
    CreateProtectConfigurationRequest,
    CreateRegistrationRequest,
    CreateRegistrationAttachmentRequest,
    CreateVerifiedDestinationNumberRequest,
    DisassociateOriginationIdentityRequest,
    PutProtectConfigurationRuleSetNumberOverrideRequest,
    RequestPhoneNumberRequest,
    RequestSenderIdRequest,
);

/// Runs `run` on `input` once per `ClientToken`: a repeated token answers the recorded output.
pub(crate) fn idempotent<I, O>(
    emu: &Emulator,
    operation: &str,
    input: I,
    run: impl FnOnce(I) -> Result<O, EmuError>,
) -> Result<O, EmuError>
where
    I: ClientToken + Serialize,
    O: Serialize + DeserializeOwned,
{
    let Some(token) = input.client_token().map(str::to_owned) else {
        return run(input);
    };
    let internal = |e: serde_json::Error| EmuError::Internal {
        message: format!("idempotency record: {e}"),
        v1: false,
    };
    let sent = serde_json::to_value(&input).map_err(internal)?;
    let earlier = emu.query(|tx| tx.answered(operation, &token))?;
    if let Some(earlier) = earlier {
        if earlier.input != sent {
            // The service's enums of conflict reasons and resource types have no value for
            // a client token: both are left out.
            return Err(EmuError::conflict_unnamed(
                token,
                format!("ClientToken was already used for {operation} with other parameters."),
            ));
        }
        return serde_json::from_value(earlier.output).map_err(internal);
    }
    let output = run(input)?;
    let answered = Answered {
        operation: operation.to_owned(),
        token,
        input: sent,
        output: serde_json::to_value(&output).map_err(internal)?,
    };
    emu.write(|tx| tx.remember(&answered, REMEMBERED))?;
    Ok(output)
}
