//! The operations, by area. Each function takes the validated input and answers the output
//! or an [`EmuError`](crate::error::EmuError).

pub(crate) mod account;
pub(crate) mod config_sets;
pub(crate) mod numbers;
pub(crate) mod protect;
pub(crate) mod registrations;
pub(crate) mod sending;
pub(crate) mod v1;
