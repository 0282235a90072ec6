//! The AWS JSON protocols, described once: what a client sends and what a server answers.
//!
//! The generator (whose model re-exports this type), the client runtime and the server
//! runtime all take their protocol facts from here, so that they cannot disagree (a server
//! that checked for JSON 1.0's content type while its client sent JSON 1.1's would refuse
//! every request).
//!
//! | | awsJson1_0 | awsJson1_1 | restJson1 |
//! |---|---|---|---|
//! | request | `POST /`, `X-Amz-Target: <prefix>.<Operation>` | the same | method and URI template per operation |
//! | `Content-Type` | `application/x-amz-json-1.0` | `application/x-amz-json-1.1` | `application/json` |
//! | a request with another content type | refused: 415 `UnsupportedMediaTypeException` | the same | the same (an empty body needs none) |
//! | a response without a body | still names its content type | the same | names none |
//! | an error's type | body `__type` and header `X-Amzn-ErrorType` | the same | header `X-Amzn-ErrorType` |
//! | reading an error's type | header, body `__type` or `code`, sanitised (the text before `:`, after `#`) | the same | the same |

/// One of the AWS JSON protocols.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// AWS JSON 1.0 RPC (`protocol: json`, `jsonVersion: 1.0`).
    AwsJson1_0,
    /// AWS JSON 1.1 RPC (`protocol: json`, `jsonVersion: 1.1`): JSON 1.0 with its own content
    /// type.
    AwsJson1_1,
    /// AWS restJson1 (`protocol: rest-json`): HTTP bindings with JSON bodies.
    RestJson1,
}

/// The header that names a JSON RPC request's operation (`<targetPrefix>.<Operation>`).
pub const TARGET_HEADER: &str = "x-amz-target";

/// The header that carries an error answer's type, in every protocol.
pub const ERROR_TYPE_HEADER: &str = "x-amzn-errortype";

/// The header in which a query-compatible service (`awsQueryCompatible`) names an error's code
/// in the query protocol and whose fault it is (`Customized;Sender`).
pub const QUERY_ERROR_HEADER: &str = "x-amzn-query-error";

/// The header a client of a query-compatible service sends, `true`.
pub const QUERY_MODE_HEADER: &str = "x-amzn-query-mode";

/// The body member that carries an error answer's type in the JSON RPC protocols.
pub const ERROR_TYPE_MEMBER: &str = "__type";

/// The content type of a restJson1 blob payload, unless a member bound to `Content-Type`
/// says otherwise.
pub const BLOB_CONTENT_TYPE: &str = "application/octet-stream";

/// The content type of a restJson1 string payload.
pub const TEXT_CONTENT_TYPE: &str = "text/plain";

impl Protocol {
    /// Every protocol.
    pub const ALL: [Protocol; 3] = [Self::AwsJson1_0, Self::AwsJson1_1, Self::RestJson1];

    /// The media type of request and response bodies.
    pub const fn content_type(self) -> &'static str {
        match self {
            Self::AwsJson1_0 => "application/x-amz-json-1.0",
            Self::AwsJson1_1 => "application/x-amz-json-1.1",
            Self::RestJson1 => "application/json",
        }
    }

    /// Whether this is one of the JSON RPC protocols: every operation `POST /`, named by
    /// [`TARGET_HEADER`].
    pub const fn is_json_rpc(self) -> bool {
        matches!(self, Self::AwsJson1_0 | Self::AwsJson1_1)
    }

    /// Whether an error answer names its type in the body too ([`ERROR_TYPE_MEMBER`]), besides
    /// [`ERROR_TYPE_HEADER`].
    pub const fn error_type_in_body(self) -> bool {
        self.is_json_rpc()
    }

    /// Whether a response without a body still names the protocol's content type.
    pub const fn empty_response_has_content_type(self) -> bool {
        self.is_json_rpc()
    }

    /// Whether a request's `Content-Type` header (`None` when absent) is acceptable with a
    /// body that `is_empty` or not: the protocol's media type (parameters and case aside);
    /// any, or none, for an empty body.
    pub fn accepts_content_type(self, content_type: Option<&str>, body_is_empty: bool) -> bool {
        if body_is_empty {
            return true;
        }
        content_type.is_some_and(|value| {
            value
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case(self.content_type())
        })
    }

    /// The Smithy name of the protocol (`awsJson1_0`).
    pub const fn smithy_name(self) -> &'static str {
        match self {
            Self::AwsJson1_0 => "awsJson1_0",
            Self::AwsJson1_1 => "awsJson1_1",
            Self::RestJson1 => "restJson1",
        }
    }

    /// The protocol's name for people (`AWS JSON 1.0`).
    pub const fn display_name(self) -> &'static str {
        match self {
            Self::AwsJson1_0 => "AWS JSON 1.0",
            Self::AwsJson1_1 => "AWS JSON 1.1",
            Self::RestJson1 => "REST JSON",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_protocol_has_its_content_type() {
        let types: Vec<&str> = Protocol::ALL.iter().map(|p| p.content_type()).collect();
        assert_eq!(
            types,
            [
                "application/x-amz-json-1.0",
                "application/x-amz-json-1.1",
                "application/json"
            ]
        );
        assert!(Protocol::AwsJson1_1.is_json_rpc() && !Protocol::RestJson1.is_json_rpc());
    }

    #[test]
    fn content_types_are_checked_by_media_type() {
        let json11 = Protocol::AwsJson1_1;
        assert!(json11.accepts_content_type(Some("application/x-amz-json-1.1"), false));
        assert!(
            json11.accepts_content_type(Some("Application/X-Amz-Json-1.1; charset=utf-8"), false)
        );
        assert!(!json11.accepts_content_type(Some("application/x-amz-json-1.0"), false));
        assert!(!json11.accepts_content_type(None, false));
        assert!(json11.accepts_content_type(None, true));
        assert!(Protocol::RestJson1.accepts_content_type(Some("application/json"), false));
    }
}
