//! Hand-written support code that the generated service crates call: constraint checks with
//! JSON-pointer paths ([`validate`]), the wire types and serde helpers for blobs, timestamps,
//! floats and enums ([`wire`]), the serde support behind every generated structure's
//! `Serialize` and `Deserialize` ([`structure`]) and every union's ([`union`]), builder and
//! error support ([`error`]),
//! JSON decoding of inputs that reports missing required members as violations ([`json`]),
//! the one description of the AWS JSON protocols that the generator, the client runtime
//! and the server runtime share ([`protocol`]), streaming bodies ([`stream`]) and, with the
//! `eventstream` feature, the framing of event streams (`eventstream`).
//!
//! Generated code depends on this crate instead of carrying copies of the same helpers in
//! every generated file; nothing here is specific to one service.

#![warn(missing_docs)]

mod ascii_pattern;
pub mod auth;
pub mod checksum;
pub mod document;
pub mod error;
#[cfg(feature = "eventstream")]
pub mod eventstream;
pub mod json;
pub mod protocol;
pub mod stream;
pub mod structure;
pub mod text;
pub mod union;
pub mod validate;
pub mod wire;

pub use auth::AuthScheme;
pub use checksum::{ChecksumAlgorithm, HttpChecksum};
pub use document::Document;
pub use error::{BuildError, OperationError, ServiceError, UnhandledError};
pub use protocol::Protocol;
pub use stream::{ByteStream, ByteStreamError};
pub use union::UnknownMember;
pub use validate::{Pattern, PatternMatch, Validate, Validator, Violation, Violations};
pub use wire::{Blob, Redacted, Timestamp, UnknownValue};
