//! A `serde` mirror of the model files, key for key.
//!
//! These types accept exactly the keys that botocore's JSON and REST-JSON models use, each at
//! the place where it occurs (see the model folder's README); any other key is an error
//! (`deny_unknown_fields`), so that a typo is reported rather than ignored. They check nothing
//! else: which keys a shape of a given `type` may have, references, protocols and the rest are
//! checked when the file is lowered into [`crate::model::Service`].
//!
//! Keys that only concern other parts of an SDK are read and then ignored: endpoint rule
//! parameters (`clientContextParams`, `staticContextParams`, `operationContextParams`,
//! `contextParam`), endpoint discovery, `box` (every optional member is an `Option` here),
//! `flattened` (an XML matter), `synthetic`, `requiresLength`, `readonly`, and metadata that
//! names the service for other tools.
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
    /// `auth`: the service's authentication schemes in order of preference
    /// (`aws.auth#sigv4`, `aws.auth#sigv4a`, `smithy.api#httpBearerAuth`).
    pub auth: Option<Vec<String>>,
    /// `protocols`: the protocols the service speaks, in order of preference.
    pub protocols: Option<Vec<String>>,
    /// `serviceAbbreviation`: a short display name.
    pub service_abbreviation: Option<String>,
    /// `protocolSettings`: HTTP/2 use (`{"h2": "eventstream"}`).
    pub protocol_settings: Option<IndexMap<String, String>>,
    /// `ripServiceName`: an internal name of the service.
    pub rip_service_name: Option<String>,
    /// `checksumFormat`: the body checksum some services want (`sha256`).
    pub checksum_format: Option<String>,
    /// `awsQueryCompatible`: the service moved from the query protocol and also sends the
    /// query protocol's error codes (`x-amzn-query-error`).
    pub aws_query_compatible: Option<Empty>,
    /// `globalEndpoint`: the host of a service with one endpoint for every region.
    pub global_endpoint: Option<String>,
    /// `xmlNamespace`: the XML protocols' namespace, in models that also speak one of them.
    pub xml_namespace: Option<XmlNamespace>,
}

impl Metadata {
    /// The protocol a service is generated for: the first `json` or `rest-json` of the
    /// `protocols` list (the protocols the service speaks, in order of preference), or
    /// `protocol` when the model has no such list; `None` when the list names neither.
    pub fn chosen_protocol(&self) -> Option<&str> {
        match self.protocols.as_ref().filter(|list| !list.is_empty()) {
            None => self.protocol.as_deref(),
            Some(protocols) => protocols
                .iter()
                .map(String::as_str)
                .find(|protocol| matches!(*protocol, "json" | "rest-json")),
        }
    }
}

/// `metadata.xmlNamespace`: a URI, or an object with one.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum XmlNamespace {
    /// `"http://monitoring.amazonaws.com/doc/2010-08-01/"`.
    Uri(String),
    /// `{"uri": "...", "prefix": "..."}`.
    Object {
        /// The namespace's URI.
        uri: String,
        /// The namespace's prefix.
        #[serde(default)]
        prefix: Option<String>,
    },
}

/// An object with no keys: `{}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

/// One of the top-level `clientContextParams`: a parameter of the endpoint rules that a
/// client sets in its configuration.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientContextParam {
    /// The parameter's type (`string`, `boolean`).
    #[serde(rename = "type")]
    pub param_type: String,
    /// HTML documentation.
    #[serde(default)]
    pub documentation: Option<String>,
}

/// A reference to a shape: `{"shape": "Name"}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShapeRef {
    /// The name of the shape.
    pub shape: String,
}

/// A reference to a shape with documentation of its own: an operation's output and errors,
/// a map's key and value.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentedRef {
    /// The name of the shape.
    pub shape: String,
    /// HTML documentation of this use of the shape.
    #[serde(default)]
    pub documentation: Option<String>,
}

/// A list's `member`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ListMemberRef {
    /// The name of the entries' shape.
    pub shape: String,
    /// HTML documentation.
    #[serde(default)]
    pub documentation: Option<String>,
    /// `true`: each entry is a string holding JSON.
    #[serde(default)]
    pub jsonvalue: Option<bool>,
}

/// A value of `staticContextParams`: `{"value": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaticContextParam {
    /// The value the operation gives the endpoint rules' parameter.
    pub value: serde_json::Value,
}

/// A value of `operationContextParams`: `{"path": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationContextParam {
    /// A JMESPath into the input that gives the endpoint rules' parameter.
    pub path: String,
}

/// A member's `contextParam`: `{"name": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextParam {
    /// The endpoint rules' parameter the member's value is given to.
    pub name: String,
}

/// An operation's `endpointdiscovery`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointDiscovery {
    /// Whether the operation must be sent to a discovered endpoint.
    #[serde(default)]
    pub required: Option<bool>,
}

/// An operation's `endpoint`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Endpoint {
    /// A prefix for the host (`{AccountId}.`), with `hostLabel` members substituted.
    pub host_prefix: String,
}

/// One of `operations`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
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
    pub output: Option<OutputRef>,
    /// The error structures the operation may answer.
    #[serde(default)]
    pub errors: Vec<DocumentedRef>,
    /// HTML documentation.
    #[serde(default)]
    pub documentation: Option<String>,
    /// Whether retrying the call is always safe.
    #[serde(default)]
    pub idempotent: Option<bool>,
    /// Whether the operation only reads.
    #[serde(default)]
    pub readonly: Option<bool>,
    /// `deprecated`.
    #[serde(default)]
    pub deprecated: Option<bool>,
    /// `deprecatedMessage`.
    #[serde(default)]
    pub deprecated_message: Option<String>,
    /// `deprecatedSince`.
    #[serde(default)]
    pub deprecated_since: Option<String>,
    /// Endpoint rule parameters the operation sets.
    #[serde(default)]
    pub static_context_params: Option<IndexMap<String, StaticContextParam>>,
    /// Endpoint rule parameters taken from the input.
    #[serde(default)]
    pub operation_context_params: Option<IndexMap<String, OperationContextParam>>,
    /// Endpoint discovery.
    #[serde(default, rename = "endpointdiscovery")]
    pub endpoint_discovery: Option<EndpointDiscovery>,
    /// `true` for the operation that discovers endpoints.
    #[serde(default, rename = "endpointoperation")]
    pub endpoint_operation: Option<bool>,
    /// The older form of `auth`: `none` (unsigned), `v4`, `v4-unsigned-body`, `bearer`.
    #[serde(default, rename = "authtype")]
    pub auth_type: Option<String>,
    /// The operation's authentication schemes, overriding the service's
    /// (`smithy.api#noAuth`: unsigned).
    #[serde(default)]
    pub auth: Option<Vec<String>>,
    /// `true`: the body is not part of the signature.
    #[serde(default)]
    pub unsigned_payload: Option<bool>,
    /// A host prefix.
    #[serde(default)]
    pub endpoint: Option<Endpoint>,
    /// The encodings a client may compress the request body with (`gzip`).
    #[serde(default, rename = "requestcompression")]
    pub request_compression: Option<RequestCompression>,
    /// `true`: every request carries a checksum of its body (`Content-MD5` by default).
    #[serde(default)]
    pub http_checksum_required: Option<bool>,
    /// Flexible checksums of the request and response bodies.
    #[serde(default)]
    pub http_checksum: Option<HttpChecksum>,
}

/// An operation's `httpChecksum`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HttpChecksum {
    /// The input member in which the caller names the request's checksum algorithm.
    #[serde(default)]
    pub request_algorithm_member: Option<String>,
    /// `true`: every request carries a checksum.
    #[serde(default)]
    pub request_checksum_required: Option<bool>,
    /// The input member that, set to `ENABLED`, asks for the response's checksum.
    #[serde(default)]
    pub request_validation_mode_member: Option<String>,
    /// The algorithms the response may carry a checksum of (`CRC32`, `SHA256`).
    #[serde(default)]
    pub response_algorithms: Option<Vec<String>>,
}

/// An operation's `output`: a reference to a shape with documentation of its own.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OutputRef {
    /// The name of the shape.
    pub shape: String,
    /// HTML documentation of this use of the shape.
    #[serde(default)]
    pub documentation: Option<String>,
    /// The query protocol's result element, in models that also speak it; read, not used.
    #[serde(default)]
    pub result_wrapper: Option<String>,
}

/// An operation's `requestcompression`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestCompression {
    /// The encodings, in order of preference (`gzip`).
    pub encodings: Vec<String>,
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
    /// structure: `true` for an error the service caused (a 5xx).
    #[serde(default)]
    pub fault: Option<bool>,
    /// structure: `true` for a union (exactly one member set).
    #[serde(default)]
    pub union: Option<bool>,
    /// structure: `true` for a document (any JSON value).
    #[serde(default)]
    pub document: Option<bool>,
    /// structure (rest-json): the member that is the whole HTTP body.
    #[serde(default)]
    pub payload: Option<String>,
    /// structure: `true` for an event of an event stream.
    #[serde(default)]
    pub event: Option<bool>,
    /// structure: `true` for an event stream (a union of events).
    #[serde(default)]
    pub eventstream: Option<bool>,
    /// structure: `true` for a shape botocore made up (an input or output it adds).
    #[serde(default)]
    pub synthetic: Option<bool>,
    /// Any type: `true` when the value may be absent (every optional member is here).
    #[serde(default, rename = "box")]
    pub boxed: Option<bool>,
    /// Any type: `deprecated`.
    #[serde(default)]
    pub deprecated: Option<bool>,
    /// Any type: `deprecatedMessage`.
    #[serde(default)]
    pub deprecated_message: Option<String>,
    /// Any type: `deprecatedSince`.
    #[serde(default)]
    pub deprecated_since: Option<String>,
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
    /// Any type: `true` when the value must not be printed.
    #[serde(default)]
    pub sensitive: Option<bool>,
    /// blob: `true` for a streaming body.
    #[serde(default)]
    pub streaming: Option<bool>,
    /// blob: `true` when a streaming body's length must be known before it is sent.
    #[serde(default)]
    pub requires_length: Option<bool>,
    /// list, map: `true` when `null` entries are kept.
    #[serde(default)]
    pub sparse: Option<bool>,
    /// list, map: an XML matter, ignored in JSON.
    #[serde(default)]
    pub flattened: Option<bool>,
    /// structure: an XML matter (the query protocol's wrapper element), ignored in JSON.
    #[serde(default)]
    pub wrapper: Option<bool>,
    /// structure: an XML matter (the order of the members' elements), ignored in JSON.
    #[serde(default)]
    pub xml_order: Option<Vec<String>>,
    /// timestamp: the format in JSON bodies.
    #[serde(default)]
    pub timestamp_format: Option<TimestampFormat>,
    /// list: the entries' shape.
    #[serde(default)]
    pub member: Option<ListMemberRef>,
    /// map: the keys' shape.
    #[serde(default)]
    pub key: Option<DocumentedRef>,
    /// map: the values' shape.
    #[serde(default)]
    pub value: Option<DocumentedRef>,
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
    /// The error's code in the query protocol, in models that moved from it
    /// (`awsQueryCompatible`).
    #[serde(default)]
    pub code: Option<String>,
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
    /// `deprecated`.
    #[serde(default)]
    pub deprecated: Option<bool>,
    /// `deprecatedMessage`.
    #[serde(default)]
    pub deprecated_message: Option<String>,
    /// `deprecatedSince`.
    #[serde(default)]
    pub deprecated_since: Option<String>,
    /// The values this use of a string shape allows (in one model, on a URI label).
    #[serde(default, rename = "enum")]
    pub enum_values: Option<Vec<String>>,
    /// `true` when the value may be absent (every optional member is here).
    #[serde(default, rename = "box")]
    pub boxed: Option<bool>,
    /// `true`: the value (a header or query parameter) is JSON, base64-encoded in headers.
    #[serde(default)]
    pub jsonvalue: Option<bool>,
    /// The endpoint rules' parameter the value is given to.
    #[serde(default)]
    pub context_param: Option<ContextParam>,
    /// `true`: the member is an event's payload.
    #[serde(default)]
    pub eventpayload: Option<bool>,
    /// `true`: the member is a header of an event's message.
    #[serde(default)]
    pub eventheader: Option<bool>,
    /// `true`: the value is substituted into the operation's host prefix.
    #[serde(default)]
    pub host_label: Option<bool>,
    /// An XML matter, ignored in JSON.
    #[serde(default)]
    pub flattened: Option<bool>,
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
    /// The output list (or lists) that hold each page's items.
    #[serde(default)]
    pub result_key: Option<OneOrMany>,
    /// An output member that says whether more pages follow.
    #[serde(default)]
    pub more_results: Option<String>,
    /// Output members that are not items but the same on every page.
    #[serde(default)]
    pub non_aggregate_keys: Option<Vec<String>>,
}

/// A name or a list of names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One name.
    One(String),
    /// Several names.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The names, in order.
    pub fn names(&self) -> &[String] {
        match self {
            Self::One(name) => std::slice::from_ref(name),
            Self::Many(names) => names,
        }
    }
}
