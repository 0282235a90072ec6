//! A `serde` mirror of the model files, key for key.
//!
//! These types accept exactly the keys of the subset of `service-2.json` and
//! `paginators-1.json` that this project uses (see the model folder's README); any other key is
//! an error (`deny_unknown_fields`), so that a typo is reported rather than ignored. They check
//! nothing else: which keys a shape of a given `type` may have, references, protocols and the
//! rest are checked when the file is lowered into [`crate::model::Service`].
//!
//! Maps are [`IndexMap`]s so that the file's order is kept.

use indexmap::IndexMap;
use serde::Deserialize;

/// A whole `service-2.json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFile {
    /// The format version, `"2.0"`.
    #[serde(default)]
    pub version: Option<String>,
    /// Facts about the service.
    pub metadata: Metadata,
    /// Operation name → operation.
    pub operations: IndexMap<String, Operation>,
    /// Shape name → shape.
    pub shapes: IndexMap<String, Shape>,
    /// HTML documentation of the service.
    #[serde(default)]
    pub documentation: Option<String>,
}

/// The service's `metadata`.
///
/// Every key is optional here so that the loader can report each missing required key.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Metadata {
    /// `apiVersion`, `YYYY-MM-DD` (required).
    pub api_version: Option<String>,
    /// `endpointPrefix`, the host prefix of the regional endpoint (required).
    pub endpoint_prefix: Option<String>,
    /// `protocol`: `json` or `rest-json` (required).
    pub protocol: Option<String>,
    /// `jsonVersion`: `1.0` or `1.1` (required with `json`).
    pub json_version: Option<String>,
    /// `targetPrefix`: the prefix of `X-Amz-Target` (required with `json`).
    pub target_prefix: Option<String>,
    /// `serviceId`: the service's stable name (required).
    pub service_id: Option<String>,
    /// `serviceFullName`: the service's display name (required).
    pub service_full_name: Option<String>,
    /// `signatureVersion`: `v4` (required).
    pub signature_version: Option<String>,
    /// `signingName`: the SigV4 signing name (required).
    pub signing_name: Option<String>,
    /// `uid`: `<endpointPrefix>-<apiVersion>`.
    pub uid: Option<String>,
}

/// A reference to a shape: `{"shape": "Name"}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShapeRef {
    /// The name of the shape.
    pub shape: String,
}

/// One of `operations`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// The operation's name, equal to its key.
    pub name: String,
    /// The HTTP binding.
    pub http: Http,
    /// The input structure.
    #[serde(default)]
    pub input: Option<ShapeRef>,
    /// The output structure.
    #[serde(default)]
    pub output: Option<ShapeRef>,
    /// The error structures the operation may answer.
    #[serde(default)]
    pub errors: Vec<ShapeRef>,
    /// HTML documentation.
    #[serde(default)]
    pub documentation: Option<String>,
    /// Whether retrying the call is always safe.
    #[serde(default)]
    pub idempotent: Option<bool>,
}

/// An operation's `http`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Http {
    /// The HTTP method: `GET`, `POST`, `PUT`, `DELETE`, `PATCH` or `HEAD`.
    pub method: String,
    /// The URI template, with `{Label}` and `{Label+}` placeholders.
    pub request_uri: String,
    /// The status code of a successful response.
    #[serde(default)]
    pub response_code: Option<u16>,
}

/// The `type` of a shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShapeType {
    /// `structure`
    Structure,
    /// `string`
    String,
    /// `integer`
    Integer,
    /// `long`
    Long,
    /// `double`
    Double,
    /// `float`
    Float,
    /// `boolean`
    Boolean,
    /// `timestamp`
    Timestamp,
    /// `blob`
    Blob,
    /// `list`
    List,
    /// `map`
    Map,
}

impl ShapeType {
    /// The name of the type in the file (`structure`, `string`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Structure => "structure",
            Self::String => "string",
            Self::Integer => "integer",
            Self::Long => "long",
            Self::Double => "double",
            Self::Float => "float",
            Self::Boolean => "boolean",
            Self::Timestamp => "timestamp",
            Self::Blob => "blob",
            Self::List => "list",
            Self::Map => "map",
        }
    }
}

/// A `timestampFormat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum TimestampFormat {
    /// `iso8601`: RFC 3339 `date-time`.
    #[serde(rename = "iso8601")]
    Iso8601,
    /// `rfc822`: the HTTP date format.
    #[serde(rename = "rfc822")]
    Rfc822,
    /// `unixTimestamp`: seconds since the epoch, as a number.
    #[serde(rename = "unixTimestamp")]
    UnixTimestamp,
}

/// One of `shapes`: every key any type may have; which keys a type may have is checked when
/// the file is lowered.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Shape {
    /// The shape's type.
    #[serde(rename = "type")]
    pub shape_type: ShapeType,
    /// HTML documentation.
    #[serde(default)]
    pub documentation: Option<String>,
    /// structure: member name → member.
    #[serde(default)]
    pub members: Option<IndexMap<String, Member>>,
    /// structure: the names of the members that must be present.
    #[serde(default)]
    pub required: Option<Vec<String>>,
    /// structure: `true` for an error structure.
    #[serde(default)]
    pub exception: Option<bool>,
    /// structure: the error's HTTP facts.
    #[serde(default)]
    pub error: Option<ErrorTrait>,
    /// structure: `{throttling}` for a retryable error.
    #[serde(default)]
    pub retryable: Option<Retryable>,
    /// string, blob, list, map: the minimum length; integer, long, double, float: the minimum value.
    #[serde(default)]
    pub min: Option<serde_json::Number>,
    /// string, blob, list, map: the maximum length; integer, long, double, float: the maximum value.
    #[serde(default)]
    pub max: Option<serde_json::Number>,
    /// string: an ECMA-262 regular expression, not implicitly anchored.
    #[serde(default)]
    pub pattern: Option<String>,
    /// string: the valid values.
    #[serde(default, rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    /// string, blob: `true` when the value must not be printed.
    #[serde(default)]
    pub sensitive: Option<bool>,
    /// timestamp: the format in JSON bodies.
    #[serde(default)]
    pub timestamp_format: Option<TimestampFormat>,
    /// list: the entries' shape.
    #[serde(default)]
    pub member: Option<ShapeRef>,
    /// map: the keys' shape.
    #[serde(default)]
    pub key: Option<ShapeRef>,
    /// map: the values' shape.
    #[serde(default)]
    pub value: Option<ShapeRef>,
}

/// A structure's `error`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ErrorTrait {
    /// The HTTP status code of the error response.
    pub http_status_code: u16,
    /// `true` for a 4xx caused by the caller.
    #[serde(default)]
    pub sender_fault: Option<bool>,
}

/// A structure's `retryable`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retryable {
    /// `true` for a throttling error.
    #[serde(default)]
    pub throttling: Option<bool>,
}

/// A member's `location`: where in an HTTP message it is bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Location {
    /// `uri`: a `{Label}` of the request URI.
    Uri,
    /// `querystring`: a query parameter.
    #[serde(rename = "querystring")]
    QueryString,
    /// `header`: one HTTP header.
    Header,
    /// `headers`: a map of the headers that start with a prefix.
    Headers,
    /// `statusCode`: the response's status code.
    StatusCode,
}

impl Location {
    /// The location's name in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Uri => "uri",
            Self::QueryString => "querystring",
            Self::Header => "header",
            Self::Headers => "headers",
            Self::StatusCode => "statusCode",
        }
    }
}

/// One of a structure's `members`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Member {
    /// The member's shape.
    pub shape: String,
    /// HTML documentation.
    #[serde(default)]
    pub documentation: Option<String>,
    /// rest-json: where in the HTTP message the member is bound.
    #[serde(default)]
    pub location: Option<Location>,
    /// The name on the wire where it differs from the member name.
    #[serde(default)]
    pub location_name: Option<String>,
    /// `true`: a client fills an unset value with a fresh UUID.
    #[serde(default)]
    pub idempotency_token: Option<bool>,
}

/// A whole `paginators-1.json`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginatorsFile {
    /// Operation name → paginator.
    pub pagination: IndexMap<String, Paginator>,
}

/// One of `pagination`: member names of the operation's input and output.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paginator {
    /// The input member that carries the page token.
    pub input_token: String,
    /// The output member that carries the next page's token.
    pub output_token: String,
    /// The input member that sets the page size.
    #[serde(default)]
    pub limit_key: Option<String>,
    /// The output list that holds each page's items.
    #[serde(default)]
    pub result_key: Option<String>,
}
