//! The authentication schemes of the AWS service models, named once for the generator, the
//! client runtime and the server runtime.

use std::fmt;
use std::str::FromStr;

/// The `x-amz-content-sha256` of a request whose body is an event stream signed message by
/// message (see `eventstream::signing`, with the `eventstream` feature): what the head's SigV4
/// signature covers in place of the payload's hash.
pub const STREAMING_EVENTS_PAYLOAD: &str = "STREAMING-AWS4-HMAC-SHA256-EVENTS";

/// A way of authenticating requests that a service or an operation accepts. A model lists
/// them in order of preference (`metadata.auth`, an operation's `auth`); an operation that
/// lists none (`smithy.api#noAuth`, `authtype: none`) is called anonymously.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AuthScheme {
    /// AWS Signature Version 4 (`aws.auth#sigv4`, `signatureVersion: v4`).
    SigV4,
    /// A bearer token in `Authorization: Bearer <token>` (`smithy.api#httpBearerAuth`,
    /// `signatureVersion: bearer`; RFC 6750, section 2.1).
    Bearer,
}

impl AuthScheme {
    /// Every scheme.
    pub const ALL: [AuthScheme; 2] = [Self::SigV4, Self::Bearer];

    /// The scheme's Smithy shape id (`aws.auth#sigv4`), as models list it.
    pub const fn shape_id(self) -> &'static str {
        match self {
            Self::SigV4 => "aws.auth#sigv4",
            Self::Bearer => "smithy.api#httpBearerAuth",
        }
    }

    /// The scheme's name in an auth scheme preference list (`AWS_AUTH_SCHEME_PREFERENCE`):
    /// the shape id's name, `sigv4` or `httpBearerAuth`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::SigV4 => "sigv4",
            Self::Bearer => "httpBearerAuth",
        }
    }

    /// The scheme a model's shape id names, if it is one of these.
    pub fn from_shape_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|scheme| scheme.shape_id() == id)
    }
}

impl fmt::Display for AuthScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not an [`AuthScheme`]'s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownAuthScheme(pub String);

impl fmt::Display for UnknownAuthScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown auth scheme {:?}, expected `sigv4` or `httpBearerAuth`",
            self.0
        )
    }
}

impl std::error::Error for UnknownAuthScheme {}

impl FromStr for AuthScheme {
    type Err = UnknownAuthScheme;

    /// A preference list's name (`sigv4`, `httpBearerAuth`) or a shape id
    /// (`aws.auth#sigv4`), taken as the text after the last `#`, as botocore does.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let name = text.trim();
        let name = name.rsplit('#').next().unwrap_or(name);
        Self::ALL
            .into_iter()
            .find(|scheme| scheme.name() == name)
            .ok_or_else(|| UnknownAuthScheme(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_shape_ids_read_back() {
        for scheme in AuthScheme::ALL {
            assert_eq!(scheme.name().parse::<AuthScheme>(), Ok(scheme));
            assert_eq!(scheme.shape_id().parse::<AuthScheme>(), Ok(scheme));
            assert_eq!(AuthScheme::from_shape_id(scheme.shape_id()), Some(scheme));
        }
        assert_eq!(" sigv4 ".parse::<AuthScheme>(), Ok(AuthScheme::SigV4));
        assert!("sigv4a".parse::<AuthScheme>().is_err());
        assert_eq!(AuthScheme::from_shape_id("aws.auth#sigv4a"), None);
        assert_eq!(AuthScheme::from_shape_id("httpBearerAuth"), None);
    }
}
