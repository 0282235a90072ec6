//! Hand-written support code that the generated service crates call: constraint checks with
//! JSON-pointer paths ([`validate`]) and the wire types for blobs and timestamps ([`wire`]).
//!
//! Generated code depends on this crate instead of carrying copies of the same helpers in
//! every generated file; nothing here is specific to one service.

pub mod validate;
pub mod wire;

pub use validate::{Pattern, Validator, Violation, Violations};
pub use wire::{Blob, Timestamp};
