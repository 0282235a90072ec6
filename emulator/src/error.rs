//! One error type for every operation of both services.
//!
//! An operation answers [`EmuError`]; [`IntoOpError::into_op_error`] turns it into the
//! operation's generated error enum through that enum's own `from_response`, the same path a
//! client takes to read an error answer. An error shape the operation lists becomes its typed
//! variant; any other becomes `Unhandled` with the same code, status and message, which the
//! generated router answers as such. So no operation needs its own conversion.

use serde_json::{json, Map, Value};

/// What went wrong, in the terms of the service documentation.
#[derive(Debug, Clone, PartialEq)]
pub enum EmuError {
    /// v2 `ResourceNotFoundException`.
    ResourceNotFound {
        /// The kind of resource, e.g. `configuration-set`.
        resource_type: String,
        /// The name, id or ARN the request gave.
        resource_id: String,
        /// What to say instead of `<type> <id> does not exist`, for a thing the service's
        /// `ResourceType` enum has no value of its own for (a number override inside a
        /// protect configuration).
        message: Option<String>,
    },
    /// v2 `ConflictException`.
    Conflict {
        /// Why, e.g. `DELETION_PROTECTION_ENABLED`; `None` for a case the service's enum of
        /// reasons has no value for.
        reason: Option<String>,
        /// The kind of resource; `None` for a thing the service's enum of resource types has
        /// no value for.
        resource_type: Option<String>,
        /// The resource in conflict.
        resource_id: String,
        /// A description.
        message: String,
    },
    /// v2 `ServiceQuotaExceededException`.
    ServiceQuotaExceeded {
        /// Which quota, e.g. `CONFIGURATION_SETS_PER_ACCOUNT`; `None` for a quota the
        /// service's enum of reasons has no value for.
        reason: Option<String>,
        /// A description.
        message: String,
    },
    /// v2 `ValidationException` raised by the emulator's own checks (the generated router
    /// already answers the model's constraints).
    Validation {
        /// Why, e.g. `INVALID_PARAMETER`.
        reason: String,
        /// A description.
        message: String,
        /// The offending fields: name and message.
        fields: Vec<(String, String)>,
    },
    /// v2 `AccessDeniedException`.
    AccessDenied {
        /// Why, e.g. `ACCOUNT_DISABLED`.
        reason: String,
        /// A description.
        message: String,
    },
    /// v2 `ThrottlingException` (400) or v1 `TooManyRequestsException` (429).
    Throttling {
        /// A description.
        message: String,
        /// Whether to answer with v1's code.
        v1: bool,
    },
    /// v1 `NotFoundException` (404).
    NotFound(String),
    /// v1 `AlreadyExistsException` (409).
    AlreadyExists(String),
    /// v1 `BadRequestException` (400).
    BadRequest(String),
    /// v1 `LimitExceededException` (412).
    LimitExceeded(String),
    /// `InternalServerException` (v2) or `InternalServiceErrorException` (v1), for example
    /// when the state could not be saved. `v1` picks the code.
    Internal {
        /// A description.
        message: String,
        /// Whether to answer with v1's code.
        v1: bool,
    },
}

impl EmuError {
    /// `ResourceNotFoundException` for a resource of `resource_type` named `resource_id`.
    pub fn not_found(resource_type: &str, resource_id: impl Into<String>) -> Self {
        Self::ResourceNotFound {
            resource_type: resource_type.to_owned(),
            resource_id: resource_id.into(),
            message: None,
        }
    }

    /// `ResourceNotFoundException` for a thing inside resource `resource_id` (of type
    /// `resource_type`, a value of the service's enum), with a message naming the thing.
    pub fn not_found_in(
        resource_type: &str,
        resource_id: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::ResourceNotFound {
            resource_type: resource_type.to_owned(),
            resource_id: resource_id.into(),
            message: Some(message.into()),
        }
    }

    /// `ConflictException`.
    pub fn conflict(
        reason: &str,
        resource_type: &str,
        resource_id: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::Conflict {
            reason: Some(reason.to_owned()),
            resource_type: Some(resource_type.to_owned()),
            resource_id: resource_id.into(),
            message: message.into(),
        }
    }

    /// `ConflictException` over something the service's enums of reasons and resource types
    /// have no value for (a client token): only the id and the message say what it is.
    pub fn conflict_unnamed(resource_id: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Conflict {
            reason: None,
            resource_type: None,
            resource_id: resource_id.into(),
            message: message.into(),
        }
    }

    /// `ServiceQuotaExceededException`.
    pub fn quota(reason: &str, message: impl Into<String>) -> Self {
        Self::ServiceQuotaExceeded {
            reason: Some(reason.to_owned()),
            message: message.into(),
        }
    }

    /// `ServiceQuotaExceededException` for a quota the service's enum of reasons has no value
    /// for: the message names it.
    pub fn quota_unnamed(message: impl Into<String>) -> Self {
        Self::ServiceQuotaExceeded {
            reason: None,
            message: message.into(),
        }
    }

    /// `ValidationException` with one offending field.
    pub fn validation(reason: &str, field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::Validation {
            reason: reason.to_owned(),
            fields: vec![(field.to_owned(), message.clone())],
            message,
        }
    }

    /// `AccessDeniedException`.
    pub fn access_denied(reason: &str, message: impl Into<String>) -> Self {
        Self::AccessDenied {
            reason: reason.to_owned(),
            message: message.into(),
        }
    }

    /// An operation the emulator does not serve yet.
    pub fn unimplemented(operation: &str) -> Self {
        Self::Internal {
            message: format!("the emulator does not implement {operation}"),
            v1: false,
        }
    }

    /// The error in v1's terms, for an operation of the v1 API: internal and throttling errors
    /// take v1's codes, and kinds v1 does not have become its `BadRequestException` (a missing
    /// resource named in a request is a bad request there). Access denied stays as it is,
    /// as every AWS API answers it.
    pub fn for_v1(self) -> Self {
        match self {
            Self::Internal { message, .. } => Self::Internal { message, v1: true },
            Self::Throttling { message, .. } => Self::Throttling { message, v1: true },
            Self::ResourceNotFound {
                resource_type,
                resource_id,
                message,
            } => Self::BadRequest(
                message.unwrap_or_else(|| format!("{resource_type} {resource_id} does not exist.")),
            ),
            Self::Conflict { message, .. }
            | Self::ServiceQuotaExceeded { message, .. }
            | Self::Validation { message, .. } => Self::BadRequest(message),
            other => other,
        }
    }

    /// The error code, HTTP status and JSON body of the answer, as the service sends it.
    pub fn wire(&self) -> (&'static str, u16, Value) {
        fn with_message(message: &str) -> Map<String, Value> {
            let mut body = Map::new();
            body.insert("Message".into(), Value::String(message.to_owned()));
            body
        }
        fn optional(body: &mut Map<String, Value>, name: &str, value: Option<&String>) {
            if let Some(value) = value {
                body.insert(name.into(), Value::String(value.clone()));
            }
        }
        match self {
            Self::ResourceNotFound {
                resource_type,
                resource_id,
                message,
            } => (
                "ResourceNotFoundException",
                400,
                json!({
                    "Message": message.clone().unwrap_or_else(|| format!("{resource_type} {resource_id} does not exist")),
                    "ResourceType": resource_type,
                    "ResourceId": resource_id,
                }),
            ),
            Self::Conflict {
                reason,
                resource_type,
                resource_id,
                message,
            } => {
                let mut body = with_message(message);
                optional(&mut body, "Reason", reason.as_ref());
                optional(&mut body, "ResourceType", resource_type.as_ref());
                body.insert("ResourceId".into(), Value::String(resource_id.clone()));
                ("ConflictException", 400, body.into())
            }
            Self::ServiceQuotaExceeded { reason, message } => {
                let mut body = with_message(message);
                optional(&mut body, "Reason", reason.as_ref());
                ("ServiceQuotaExceededException", 400, body.into())
            }
            Self::Validation {
                reason,
                message,
                fields,
            } => (
                "ValidationException",
                400,
                json!({
                    "Message": message,
                    "Reason": reason,
                    "Fields": fields
                        .iter()
                        .map(|(name, message)| json!({ "Name": name, "Message": message }))
                        .collect::<Vec<_>>(),
                }),
            ),
            Self::AccessDenied { reason, message } => (
                "AccessDeniedException",
                400,
                json!({ "Message": message, "Reason": reason }),
            ),
            Self::Throttling { message, v1: false } => {
                ("ThrottlingException", 400, with_message(message).into())
            }
            Self::Throttling { message, v1: true } => (
                "TooManyRequestsException",
                429,
                with_message(message).into(),
            ),
            Self::NotFound(message) => ("NotFoundException", 404, with_message(message).into()),
            Self::AlreadyExists(message) => {
                ("AlreadyExistsException", 409, with_message(message).into())
            }
            Self::BadRequest(message) => ("BadRequestException", 400, with_message(message).into()),
            Self::LimitExceeded(message) => {
                ("LimitExceededException", 412, with_message(message).into())
            }
            Self::Internal { message, v1: false } => {
                ("InternalServerException", 500, with_message(message).into())
            }
            Self::Internal { message, v1: true } => (
                "InternalServiceErrorException",
                500,
                with_message(message).into(),
            ),
        }
    }
}

impl std::fmt::Display for EmuError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (code, status, body) = self.wire();
        write!(f, "{code} ({status}): {body}")
    }
}

impl std::error::Error for EmuError {}

/// An answer that could not be built (a required member left unset) is the emulator's own
/// fault: `InternalServerException`.
impl From<sms_voice::runtime::BuildError> for EmuError {
    fn from(e: sms_voice::runtime::BuildError) -> Self {
        Self::Internal {
            message: format!("could not build the answer: {e}"),
            v1: false,
        }
    }
}

/// The conversion from [`EmuError`] into an operation's generated error enum.
pub trait IntoOpError<E> {
    /// The operation's error for this one.
    fn into_op_error(self) -> E;
}

/// An operation error enum made from an error answer (its generated `from_response`);
/// implemented for every operation by the macros of `v2_api` and `v1_api`.
pub trait FromWire {
    /// The error for code, status and JSON body.
    fn from_wire(code: &str, status: u16, body: &[u8]) -> Self;
}

impl<E: FromWire> IntoOpError<E> for EmuError {
    fn into_op_error(self) -> E {
        let (code, status, body) = self.wire();
        let body = serde_json::to_vec(&body).unwrap_or_default();
        E::from_wire(code, status, &body)
    }
}
