//! Injected faults: the emulator's JSON API can make the next calls of an operation (or of
//! every operation) fail with a throttling, access-denied or internal error, so that an
//! application's retry and error handling can be tested against the emulator.

use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::error::EmuError;

/// Which service an operation belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Service {
    /// AWS End User Messaging SMS v2.
    #[serde(rename = "v2")]
    V2,
    /// Amazon Pinpoint SMS and Voice v1.
    #[serde(rename = "v1")]
    V1,
}

/// The error a fault answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FaultError {
    /// `ThrottlingException` (v2) / `TooManyRequestsException` (v1, 429).
    #[serde(rename = "ThrottlingException", alias = "TooManyRequestsException")]
    Throttling,
    /// `AccessDeniedException`.
    #[serde(rename = "AccessDeniedException")]
    AccessDenied,
    /// `InternalServerException` (v2) / `InternalServiceErrorException` (v1, 500). The v1
    /// reference's tables call it `InternalServerErrorException`, also accepted here.
    #[serde(
        rename = "InternalServerException",
        alias = "InternalServiceErrorException",
        alias = "InternalServerErrorException"
    )]
    Internal,
}

/// A fault: the next `count` calls of `operation` (of `service`, or of both services when
/// it names an operation of each) fail with `error`. No `operation` means every operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// The operation's name, e.g. `SendTextMessage`; `None` for every operation.
    #[serde(default)]
    pub operation: Option<String>,
    /// Narrows `operation` to one service.
    #[serde(default)]
    pub service: Option<Service>,
    /// The error to answer.
    pub error: FaultError,
    /// How many calls fail (1 if not given).
    #[serde(default = "one")]
    pub count: u32,
    /// The error's message.
    #[serde(default)]
    pub message: Option<String>,
}

fn one() -> u32 {
    1
}

impl Fault {
    /// Checks that the fault can fire: a known operation, a count of at least 1.
    pub fn check(&self) -> Result<(), String> {
        if self.count == 0 {
            return Err("count must be at least 1".to_owned());
        }
        if let Some(operation) = &self.operation {
            let in_v2 = crate::v2_api::OPERATIONS.contains(&operation.as_str());
            let in_v1 = crate::v1_api::OPERATIONS.contains(&operation.as_str());
            let known = match self.service {
                Some(Service::V2) => in_v2,
                Some(Service::V1) => in_v1,
                None => in_v1 || in_v2,
            };
            if !known {
                return Err(format!(
                    "operation {operation} is not an operation of the service"
                ));
            }
        }
        Ok(())
    }

    fn applies(&self, service: Service, operation: &str) -> bool {
        self.service.map_or(true, |s| s == service)
            && self.operation.as_deref().map_or(true, |o| o == operation)
    }

    fn error(&self) -> EmuError {
        let message = self
            .message
            .clone()
            .unwrap_or_else(|| "Injected by the emulator's fault API.".to_owned());
        match self.error {
            FaultError::Throttling => EmuError::Throttling { message, v1: false },
            FaultError::AccessDenied => EmuError::access_denied("ACCOUNT_DISABLED", message),
            FaultError::Internal => EmuError::Internal { message, v1: false },
        }
    }
}

/// The faults waiting to fire, in the order they were added.
#[derive(Debug, Default)]
pub struct Faults {
    pending: Mutex<Vec<Fault>>,
}

impl Faults {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Fault>> {
        self.pending
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Adds a fault (already checked).
    pub fn add(&self, fault: Fault) {
        self.lock().push(fault);
    }

    /// The faults waiting to fire.
    pub fn list(&self) -> Vec<Fault> {
        self.lock().clone()
    }

    /// Forgets every fault; answers how many there were.
    pub fn clear(&self) -> usize {
        std::mem::take(&mut *self.lock()).len()
    }

    /// The error for a call of `operation`, if a fault fires on it (using one of its count).
    pub fn fire(&self, service: Service, operation: &str) -> Result<(), EmuError> {
        let mut pending = self.lock();
        let Some(at) = pending.iter().position(|f| f.applies(service, operation)) else {
            return Ok(());
        };
        let error = pending[at].error();
        pending[at].count -= 1;
        if pending[at].count == 0 {
            pending.remove(at);
        }
        Err(error)
    }
}
