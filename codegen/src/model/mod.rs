//! The checked, typed form of a service model, which the emitters consume.
//!
//! A [`Service`] is only ever built by the loader ([`crate::load_service`],
//! [`crate::load_dir`]) after every check passed, so emitters can rely on it:
//!
//! - shapes refer to each other by [`ShapeId`] (members, list members, map keys and values)
//!   and operations to their input, output and errors by [`StructureId`]; only the loader
//!   makes ids, so every id names a shape of its service, and a `StructureId` a structure:
//!   `service[id]` cannot fail;
//! - shapes iterate in name order ([`Shapes::iter`]), operations are in a map sorted by name;
//!   members stay in file order;
//! - every Rust identifier is precomputed by [`crate::naming`] and collision-free where
//!   it must be (type names across shapes, field names within a structure, method names across
//!   operations, variant names within an enum);
//! - members that close a recursive cycle of structures are marked [`Member::boxed`];
//! - wire names (JSON keys, URI labels, headers, query parameters) are kept as in the model.

pub mod raw;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Index;
use std::path::PathBuf;

pub use raw::{Location, TimestampFormat};

/// One service: its metadata, operations and shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Facts about the service.
    pub metadata: Metadata,
    /// HTML documentation of the service.
    pub documentation: Option<String>,
    /// The Rust module name, which is also the Cargo feature: `serviceId` in lowercase without
    /// spaces or dashes (`pinpointsmsvoicev2`), as [`crate::naming::module_name`] makes it.
    pub module_name: String,
    /// The Rust type name, `UpperCamelCase` of `serviceId` (`PinpointSmsVoiceV2`).
    pub type_name: String,
    /// The server trait's name (`PinpointSmsVoiceV2Api`).
    pub api_trait_name: String,
    /// Operation name → operation, sorted by name.
    pub operations: BTreeMap<String, Operation>,
    /// The shapes, by id and by name.
    pub shapes: Shapes,
    /// The `service-2.json` the service was read from, for [`crate::load_dir`].
    pub source: Option<PathBuf>,
    /// Set when the whole service is deprecated.
    pub deprecated: Option<Deprecation>,
    /// Each distinct pattern → the name of its `static` in the service's `validate` module,
    /// after the shapes that use it (`PHONE_NUMBER_PATTERN`, `KEY_OR_TAG_KEY_PATTERN`, or
    /// `CONFIGURATION_SET_NAME_OR_ARN_AND_11_MORE_PATTERN` when more than three do).
    pub pattern_statics: BTreeMap<Pattern, String>,
    /// The patterns that have no ECMA-262 form and are not checked: shape name → the model's
    /// pattern.
    pub unchecked_patterns: BTreeMap<String, String>,
    /// What the loader left out or changed without refusing the model (a pattern that cannot
    /// be checked, a paginator that cannot be followed, an operation left out), sorted by path.
    pub warnings: Vec<crate::fault::Fault>,
    /// The model's operations that are not generated because they need a feature the generator
    /// does not support yet, in the model's order; [`crate::Generator::strict`] refuses a
    /// model with any.
    pub left_out: Vec<LeftOut>,
    /// The parts some of the errors play: validation, internal, retryable.
    pub error_roles: ErrorRoles,
    /// Which shapes the operations' inputs reach, and which a client reads.
    pub reach: Reach,
}

/// An operation of the model that is not generated: it needs a feature the generator does not
/// support yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The operation's name in the model (`StartLiveTail`).
    pub operation: String,
    /// The feature, as unsupported-feature faults name it (`event streams`).
    pub feature: &'static str,
    /// The first shape its input or output reaches that needs the feature.
    pub shape: String,
}

/// Which shapes what reaches, decided by the loader.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    /// Every operation's input and everything it contains, but for an input event stream
    /// and its events (sent and read one at a time, as they come, and not validated): what a
    /// server reads and validates.
    pub inputs: BTreeSet<ShapeId>,
    /// Every operation's output and errors and everything they contain: what a client reads.
    pub client_read: BTreeSet<ShapeId>,
}

impl Reach {
    /// What the `operations` reach among `shapes`.
    pub fn of(shapes: &Shapes, operations: &BTreeMap<String, Operation>) -> Self {
        let inputs = operations.values().filter_map(|op| op.input);
        let read = operations.values().flat_map(|op| {
            op.output
                .into_iter()
                .chain(op.errors.iter().map(|error| error.shape))
        });
        let event_stream = |shape: &Shape| matches!(&shape.kind, ShapeKind::Structure(s) if s.event_stream.is_some());
        Self {
            inputs: closure(shapes, inputs.map(ShapeId::from), event_stream),
            client_read: closure(shapes, read.map(ShapeId::from), |_| false),
        }
    }
}

/// The shapes of `roots` and every shape they contain, but for those `skip` says and what
/// only they contain.
fn closure(
    shapes: &Shapes,
    roots: impl IntoIterator<Item = ShapeId>,
    skip: impl Fn(&Shape) -> bool,
) -> BTreeSet<ShapeId> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<ShapeId> = roots.into_iter().collect();
    while let Some(id) = stack.pop() {
        if !skip(&shapes[id]) && seen.insert(id) {
            stack.extend(shapes[id].kind.children());
        }
    }
    seen
}

/// Where a shape is in its service's [`Shapes`]. Only the loader makes one, for a shape it
/// put there, so indexing the service (`service[id]`) with it cannot fail. Ids are given in
/// name order: ordering ids orders shapes by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId(u32);

/// A [`ShapeId`] that the loader checked names a structure: `service[id]` is the
/// [`Structure`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StructureId(ShapeId);

impl From<StructureId> for ShapeId {
    fn from(id: StructureId) -> Self {
        id.0
    }
}

/// A service's shapes: an arena indexed by [`ShapeId`], with the ids by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shapes {
    arena: Vec<Shape>,
    by_name: BTreeMap<String, ShapeId>,
}

impl Shapes {
    /// Every shape with its id, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (ShapeId, &Shape)> + '_ {
        self.by_name.values().map(|&id| (id, &self[id]))
    }

    /// Every shape's name, in order.
    pub fn names(&self) -> impl Iterator<Item = &String> + '_ {
        self.by_name.keys()
    }

    /// Every shape, in name order.
    pub fn values(&self) -> impl Iterator<Item = &Shape> + '_ {
        self.iter().map(|(_, shape)| shape)
    }

    /// Every structure with its id, in name order.
    pub fn structures(&self) -> impl Iterator<Item = (StructureId, &Structure)> + '_ {
        self.iter().filter_map(|(id, shape)| match &shape.kind {
            ShapeKind::Structure(structure) => Some((StructureId(id), structure)),
            _ => None,
        })
    }

    /// The id of the shape called `name` (model name), if there is one: for what is given a
    /// name from outside the model (a test, another model to compare with).
    pub fn id(&self, name: &str) -> Option<ShapeId> {
        self.by_name.get(name).copied()
    }

    /// The shape called `name` (model name), if there is one.
    pub fn get(&self, name: &str) -> Option<&Shape> {
        self.id(name).map(|id| &self[id])
    }

    /// The structure called `name`, if there is one and it is a structure.
    pub fn structure(&self, name: &str) -> Option<&Structure> {
        self.find_structure(name).map(|(_, structure)| structure)
    }

    /// The structure called `name` with its id, if there is one and it is a structure.
    pub fn find_structure(&self, name: &str) -> Option<(StructureId, &Structure)> {
        let id = self.id(name)?;
        match &self[id].kind {
            ShapeKind::Structure(structure) => Some((StructureId(id), structure)),
            _ => None,
        }
    }

    /// Whether a shape is called `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// How many shapes there are.
    pub fn len(&self) -> usize {
        self.arena.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.arena.is_empty()
    }

    /// The arena of `shapes`, each at the id the loader gave its name in `ids`; `None` unless
    /// the two name the same shapes.
    pub(crate) fn assemble(
        ids: BTreeMap<String, ShapeId>,
        mut shapes: BTreeMap<String, Shape>,
    ) -> Option<Self> {
        let mut arena: Vec<Option<Shape>> = vec![None; ids.len()];
        for (name, &id) in &ids {
            *arena.get_mut(id.index())? = Some(shapes.remove(name)?);
        }
        if !shapes.is_empty() {
            return None;
        }
        Some(Self {
            arena: arena.into_iter().collect::<Option<_>>()?,
            by_name: ids,
        })
    }

    /// The shape called `name`, to change in a test.
    #[cfg(test)]
    pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut Shape> {
        let id = self.id(name)?;
        self.arena.get_mut(id.index())
    }

    /// `id` as a [`StructureId`] if it names a structure.
    pub fn structure_id(&self, id: ShapeId) -> Option<StructureId> {
        matches!(self[id].kind, ShapeKind::Structure(_)).then_some(StructureId(id))
    }
}

impl ShapeId {
    /// The id of the `index`th shape given an id.
    pub(crate) fn new(index: usize) -> Self {
        Self(u32::try_from(index).expect("fewer than 2^32 shapes"))
    }

    fn index(self) -> usize {
        self.0 as usize
    }
}

impl StructureId {
    /// `id`, which the caller checked names a structure.
    pub(crate) fn checked(id: ShapeId) -> Self {
        Self(id)
    }
}

impl Index<ShapeId> for Shapes {
    type Output = Shape;
    fn index(&self, id: ShapeId) -> &Shape {
        &self.arena[id.index()]
    }
}

/// The shape called `name`, for a caller that has a name from outside the model (a test).
///
/// # Panics
/// If no shape has the name.
impl Index<&str> for Shapes {
    type Output = Shape;
    fn index(&self, name: &str) -> &Shape {
        self.get(name)
            .unwrap_or_else(|| panic!("no shape is called {name:?}"))
    }
}

impl Index<ShapeId> for Service {
    type Output = Shape;
    fn index(&self, id: ShapeId) -> &Shape {
        &self.shapes[id]
    }
}

impl Index<StructureId> for Service {
    type Output = Structure;
    fn index(&self, id: StructureId) -> &Structure {
        match &self.shapes[id.0].kind {
            ShapeKind::Structure(structure) => structure,
            _ => unreachable!("a StructureId names a structure"),
        }
    }
}

/// What the model says of something `deprecated`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deprecation {
    /// `deprecatedMessage`.
    pub message: Option<String>,
    /// `deprecatedSince`: a date or a version.
    pub since: Option<String>,
}

/// A way of authenticating requests: the one naming the generator and both runtimes share.
pub use servicemodel_runtime::AuthScheme;

impl Service {
    /// The model name of the shape `id` (a [`ShapeId`] or a [`StructureId`]).
    pub fn name_of(&self, id: impl Into<ShapeId>) -> &str {
        &self.shapes[id.into()].name
    }

    /// The shape `id` (a [`ShapeId`] or a [`StructureId`]).
    pub fn shape_of(&self, id: impl Into<ShapeId>) -> &Shape {
        &self.shapes[id.into()]
    }

    /// The streaming payload of `operation`'s input, if it has one.
    pub fn input_stream(&self, operation: &Operation) -> Option<&Member> {
        operation.input.and_then(|id| self[id].stream())
    }

    /// The streaming payload of `operation`'s output, if it has one.
    pub fn output_stream(&self, operation: &Operation) -> Option<&Member> {
        operation.output.and_then(|id| self[id].stream())
    }

    /// Whether `operation`'s input or output streams: a server reads its request's body, or
    /// writes its response's, as a stream.
    pub fn streams(&self, operation: &Operation) -> bool {
        self.input_stream(operation).is_some() || self.output_stream(operation).is_some()
    }

    /// The `X-Amz-Target` header of `operation` for the JSON RPC protocols
    /// (`<targetPrefix>.<Operation>`), `None` for rest-json.
    pub fn target(&self, operation: &Operation) -> Option<String> {
        let prefix = self.metadata.target_prefix.as_deref()?;
        match self.metadata.protocol {
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => {
                Some(format!("{prefix}.{}", operation.name))
            }
            Protocol::RestJson1 => None,
        }
    }
}

/// The service's protocol: the one description of the AWS JSON protocols that the generated
/// code's runtimes use too.
pub use servicemodel_runtime::Protocol;

/// The service's `metadata`, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    /// `apiVersion`, `YYYY-MM-DD`.
    pub api_version: String,
    /// `endpointPrefix`: the host prefix of the regional endpoint.
    pub endpoint_prefix: String,
    /// The protocol (`protocol` with `jsonVersion`).
    pub protocol: Protocol,
    /// `targetPrefix`: always present for the JSON RPC protocols.
    pub target_prefix: Option<String>,
    /// `serviceId`: the service's stable name.
    pub service_id: String,
    /// `serviceFullName`: the service's display name.
    pub service_full_name: String,
    /// `signatureVersion`: `v4` or `bearer`.
    pub signature_version: String,
    /// The schemes the service accepts, in order of preference (`auth`, else
    /// `signatureVersion`); never empty.
    pub auth: Vec<AuthScheme>,
    /// `signingName`: the SigV4 signing name (`endpointPrefix` when the model has none, as
    /// botocore does).
    pub signing_name: String,
    /// `uid`.
    pub uid: Option<String>,
    /// `awsQueryCompatible`: the service moved from the query protocol; clients say
    /// `x-amzn-query-mode: true`, and errors carry their query code in `x-amzn-query-error`.
    pub query_compatible: bool,
}

/// An operation: the representation of what becomes a client method and a server handler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The operation's name in the model and on the wire (`SendTextMessage`).
    pub name: String,
    /// The Rust method name of the client and the server trait (`send_text_message`), unique
    /// among them.
    pub method_name: String,
    /// The Rust type name (`SendTextMessage`), unique among the operations'.
    pub type_name: String,
    /// The operation's error enum, in the `errors` module (`SendTextMessageError`).
    pub error_name: String,
    /// The unit input type the client defines for an operation without input
    /// (`SendTextMessageInput`, in the `client` module).
    pub input_type_name: String,
    /// The HTTP binding.
    pub http: Http,
    /// The input structure.
    pub input: Option<StructureId>,
    /// The output structure.
    pub output: Option<StructureId>,
    /// The errors, in file order, each once.
    pub errors: Vec<OperationError>,
    /// HTML documentation of the operation's output, where the model has one.
    pub output_documentation: Option<String>,
    /// HTML documentation.
    pub documentation: Option<String>,
    /// Whether retrying the call is always safe.
    pub idempotent: bool,
    /// Set when the operation is deprecated.
    pub deprecated: Option<Deprecation>,
    /// The schemes that authenticate its requests, in order of preference: the operation's
    /// `auth` or `authtype`, else the service's; empty for an operation called anonymously
    /// (`smithy.api#noAuth`, `authtype: none`).
    pub auth: Vec<AuthScheme>,
    /// What a client puts before the endpoint's host (`endpoint.hostPrefix`), if anything.
    pub host_prefix: Option<HostPrefix>,
    /// How the operation pages, from `paginators-1.json`.
    pub paginator: Option<Paginator>,
    /// Whether a client may compress the request body with gzip (`requestcompression` lists
    /// `gzip`); a server then reads a body whose `Content-Encoding` ends in `gzip`.
    pub gzip_request: bool,
    /// What its requests and responses carry to check their bodies, if anything.
    pub checksums: Option<Checksums>,
}

/// The algorithms of flexible checksums and what an operation asks of checksums: the one
/// naming the generator and both runtimes share.
pub use servicemodel_runtime::ChecksumAlgorithm;

/// What an operation's requests and responses carry to check their bodies
/// (`httpChecksumRequired`, `httpChecksum`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checksums {
    /// Every request carries a checksum (`httpChecksumRequired`, or `httpChecksum`'s
    /// `requestChecksumRequired`).
    pub request_required: bool,
    /// That checksum is `Content-MD5` unless the caller names an algorithm
    /// (`httpChecksumRequired` without `httpChecksum`).
    pub content_md5: bool,
    /// The input member (its model name, a string) in which the caller names the algorithm
    /// (`requestAlgorithmMember`).
    pub algorithm_member: Option<String>,
    /// The input member (its model name, a string) that, set to `ENABLED`, asks for the
    /// response's checksum (`requestValidationModeMember`).
    pub validation_mode_member: Option<String>,
    /// The supported algorithms of `responseAlgorithms`, in
    /// [`ChecksumAlgorithm::PRIORITY`] order (others, such as `XXHASH64`, passed over).
    pub response_algorithms: Vec<ChecksumAlgorithm>,
}

/// An error an operation can answer with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationError {
    /// The error structure.
    pub shape: StructureId,
    /// Its variant in the operation's error enum.
    pub variant: String,
    /// HTML documentation of the operation's use of the error, where the model has one.
    pub documentation: Option<String>,
}

/// An operation's host prefix (`endpoint.hostPrefix`): a client sends the request to the
/// endpoint's host with this in front (`data.` + `example.com`), its labels filled from the
/// input's `hostLabel` members; a server ignores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPrefix {
    /// As in the model (`{AccountId}.data.`).
    pub template: String,
    /// The template, parsed.
    pub segments: Vec<HostSegment>,
}

/// A part of a [`HostPrefix`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostSegment {
    /// Literal text (`data.`).
    Literal(String),
    /// A label: the name of the input member (a string) whose value goes here.
    Label(String),
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
    /// `PATCH`
    Patch,
    /// `HEAD`
    Head,
}

impl HttpMethod {
    /// Every method, in the order the checks name them.
    pub const ALL: [HttpMethod; 6] = [
        Self::Get,
        Self::Post,
        Self::Put,
        Self::Delete,
        Self::Patch,
        Self::Head,
    ];

    /// The method as written in HTTP (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Delete => "DELETE",
            Self::Patch => "PATCH",
            Self::Head => "HEAD",
        }
    }

    /// The method written as `text`, if it is one of [`HttpMethod::ALL`].
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.as_str() == text)
    }
}

/// An operation's HTTP binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Http {
    /// The method.
    pub method: HttpMethod,
    /// The URI template as in the model (`/v1/sms-voice/configuration-sets/{ConfigurationSetName}`).
    pub request_uri: String,
    /// The URI template, parsed: its path segments and its literal query, with every label
    /// bound to its input member.
    pub uri: UriTemplate,
    /// The status code of a successful response, when the model gives one.
    pub response_code: Option<u16>,
}

/// A parsed `requestUri`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UriTemplate {
    /// The path's segments, between `/`s (`/a/{B}` → `a`, `{B}`; `/` → none).
    pub segments: Vec<UriSegment>,
    /// Whether the path ends with `/` after at least one segment (`/a/`).
    pub trailing_slash: bool,
    /// The literal query after `?`, if any (`/a?x=1` → `x=1`).
    pub query: Option<String>,
}

impl UriTemplate {
    /// The keys of the literal query (`x=1&y` → `x`, `y`): they pick the operation, so they
    /// are no member's parameters.
    pub fn query_keys(&self) -> Vec<&str> {
        self.query
            .iter()
            .flat_map(|query| query.split('&'))
            .map(|pair| pair.split_once('=').map_or(pair, |(key, _)| key))
            .filter(|key| !key.is_empty())
            .collect()
    }

    /// The labels of the template, in order.
    pub fn labels(&self) -> impl Iterator<Item = &UriLabel> {
        self.segments.iter().filter_map(|segment| match segment {
            UriSegment::Label(label) => Some(label),
            UriSegment::Literal(_) => None,
        })
    }
}

/// One path segment of a [`UriTemplate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriSegment {
    /// Literal text, as written (no percent-decoding).
    Literal(String),
    /// A `{Label}` or `{Label+}` placeholder.
    Label(UriLabel),
}

/// A `{Label}` of a [`UriTemplate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UriLabel {
    /// The label's name, as written between the braces (without `+`).
    pub name: String,
    /// `true` for a greedy label (`{Key+}`), whose value may contain `/`.
    pub greedy: bool,
    /// The name of the input member bound to the label (`location: "uri"`).
    pub member: String,
}

/// How an operation pages (from `paginators-1.json`); every name is a member name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paginator {
    /// The input member that carries the page token: a string, or a map (DynamoDB's
    /// `ExclusiveStartKey`) of the same shape as the output token.
    pub input_token: String,
    /// The output member that carries the next page's token, of the input token's type.
    pub output_token: String,
    /// The output member (a boolean) that says whether more pages follow, when the model
    /// names one (`Truncated` in KMS): a page that says `false` (or leaves it out) is the
    /// last, whatever its token.
    pub more_results: Option<String>,
    /// The input member (an integer or long, or a string in some APIs) that sets the page size.
    pub limit_key: Option<String>,
    /// The output member (a list or map) that holds each page's items, when the model names
    /// exactly one (some name several, or a path into the output).
    pub result_key: Option<String>,
}

/// A shape: a named type of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The shape's name in the model (`SendTextMessageRequest`).
    pub name: String,
    /// The Rust type name (`UpperCamelCase`, escaped), unique among the service's shapes.
    pub type_name: String,
    /// HTML documentation.
    pub documentation: Option<String>,
    /// Whether the shape can contain itself (through structures, lists or maps).
    pub recursive: bool,
    /// Whether a value of the shape must not be printed.
    pub sensitive: bool,
    /// The function that checks a value of the shape's constraints (`check_phone_number`),
    /// in the service's private `validate` module; generated only for shapes that need one.
    /// `None` for structures, which implement `Validate` instead.
    pub check_fn: Option<String>,
    /// Set when the shape is deprecated.
    pub deprecated: Option<Deprecation>,
    /// What kind of value the shape is, with the kind's constraints.
    pub kind: ShapeKind,
}

/// The kinds of shape, with their constraints.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    /// An object with named members.
    Structure(Structure),
    /// A string, possibly constrained or an enum.
    String(StringShape),
    /// A 32-bit signed integer.
    Integer(Range<i64>),
    /// A 64-bit signed integer.
    Long(Range<i64>),
    /// A 64-bit float.
    Double(Range<f64>),
    /// A 32-bit float.
    Float(Range<f64>),
    /// `true` or `false`.
    Boolean,
    /// A point in time.
    Timestamp(TimestampShape),
    /// Bytes.
    Blob(BlobShape),
    /// A list of one shape.
    List(ListShape),
    /// A map from a string shape to a shape.
    Map(MapShape),
}

impl ShapeKind {
    /// The kind's name in the model (`structure`, `string`, ...).
    pub fn type_str(&self) -> &'static str {
        match self {
            Self::Structure(_) => "structure",
            Self::String(_) => "string",
            Self::Integer(_) => "integer",
            Self::Long(_) => "long",
            Self::Double(_) => "double",
            Self::Float(_) => "float",
            Self::Boolean => "boolean",
            Self::Timestamp(_) => "timestamp",
            Self::Blob(_) => "blob",
            Self::List(_) => "list",
            Self::Map(_) => "map",
        }
    }

    /// The shapes a value of the kind contains directly: a structure's members' shapes, a
    /// list's entries', a map's keys' and values'.
    pub fn children(&self) -> Vec<ShapeId> {
        match self {
            Self::Structure(structure) => structure.members.iter().map(|m| m.shape).collect(),
            Self::List(list) => vec![list.member],
            Self::Map(map) => vec![map.key, map.value],
            _ => Vec::new(),
        }
    }

    /// Whether the kind is a single value (not a structure, list or map).
    pub fn is_scalar(&self) -> bool {
        !matches!(self, Self::Structure(_) | Self::List(_) | Self::Map(_))
    }
}

/// Inclusive bounds: a length range (string, blob, list, map) or a value range (numbers).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd)]
pub struct Range<T> {
    /// The least allowed value or length.
    pub min: Option<T>,
    /// The greatest allowed value or length.
    pub max: Option<T>,
}

impl<T> Range<T> {
    /// Whether neither bound is set.
    pub fn is_unbounded(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }
}

/// A structure shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structure {
    /// The builder's type name (`FooBuilder`), in the `builders` module.
    pub builder_name: String,
    /// The members, in file order.
    pub members: Vec<Member>,
    /// Present for an error structure (`exception: true`).
    pub error: Option<ErrorInfo>,
    /// Whether this is a union (`union: true`): exactly one member is set. Becomes an enum
    /// with a variant per member ([`Member::variant_name`]) and `Unknown` for a member a newer
    /// service sends; its members are all optional.
    pub union: bool,
    /// Whether this is a document (`document: true`): any JSON value, the runtime's
    /// `Document`; it has no members.
    pub document: bool,
    /// Set for an event stream's union (`eventstream: true`): its members are its events
    /// (structures marked `event`) and its modelled exceptions (error structures). Becomes an
    /// enum of the events with `Unknown`, and an enum of the exceptions.
    pub event_stream: Option<EventStreamUnion>,
    /// Whether this is an event of an event stream (`event: true`): its message's payload is
    /// its member marked `eventpayload` ([`Binding::Payload`]), or else the JSON of its
    /// members; its members marked `eventheader` are headers of the message
    /// ([`Binding::EventHeader`]) and in neither.
    pub event: bool,
}

/// What the generator names for an event stream's union.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventStreamUnion {
    /// The type name of the enum of its modelled exceptions (`ConverseStreamOutputError`),
    /// in the service module, unique among its types.
    pub error_name: String,
}

impl Structure {
    /// The member called `name` (model name).
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|member| member.name == name)
    }

    /// The member that is the whole HTTP body ([`Member::is_payload`]), if there is one.
    pub fn payload(&self) -> Option<&Member> {
        self.payload_kind().map(|(member, _)| member)
    }

    /// The payload member when it is a streaming blob ([`PayloadKind::Stream`]).
    pub fn stream(&self) -> Option<&Member> {
        self.members.iter().find(|member| member.is_stream())
    }

    /// The payload member with what its value is.
    pub fn payload_kind(&self) -> Option<(&Member, PayloadKind)> {
        self.members.iter().find_map(|member| match member.binding {
            Binding::Payload(kind) => Some((member, kind)),
            _ => None,
        })
    }
}

impl Member {
    /// Whether the member is a key of the structure's JSON object: neither bound to a part of
    /// the HTTP message (`location`) nor the whole body (`payload`).
    pub fn in_json_object(&self) -> bool {
        self.binding == Binding::Body
    }

    /// Whether the member is bound to a part of the HTTP message other than the body (a label,
    /// the query string, headers, the status code), or to a header of an event's message.
    pub fn is_bound(&self) -> bool {
        !matches!(self.binding, Binding::Body | Binding::Payload(_))
    }

    /// Whether the member is the structure's payload: the whole HTTP body.
    pub fn is_payload(&self) -> bool {
        matches!(self.binding, Binding::Payload(_))
    }

    /// Whether the member is a payload that streams ([`PayloadKind::Stream`], a `ByteStream`,
    /// or [`PayloadKind::EventStream`], an `EventStream`): outside the JSON object, never in
    /// `Option`, read and written as the body goes.
    pub fn is_stream(&self) -> bool {
        matches!(
            self.binding,
            Binding::Payload(PayloadKind::Stream { .. } | PayloadKind::EventStream)
        )
    }
}

/// Where a member travels in an HTTP message and in what form, decided once by the loader
/// from the member's `location`, the structure's `payload` and the target shape. The client
/// writes a request and reads a response, and the server reads a request and writes a
/// response, from this alone, so the two sides cannot disagree. The name on the wire is the
/// member's [`Member::wire_name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// A key of the structure's JSON object (every member with the JSON RPC protocols).
    Body,
    /// The whole HTTP body (`payload`, rest-json).
    Payload(PayloadKind),
    /// A URI label (`location: uri`); whether it is greedy is the operation's
    /// [`UriLabel::greedy`].
    Label(Scalar),
    /// A query parameter (`location: querystring`): one value, or a list as the parameter
    /// repeated.
    Query(Bound),
    /// Query parameters by name (`location: querystring` on a map): a parameter per key, one
    /// value or a list of them as the parameter repeated. A client writes the entries whose
    /// keys no other member's parameter has; a server reads every parameter into it, the
    /// other members' too, but not those of the operation's literal query
    /// ([`UriTemplate::query_keys`]).
    QueryMap {
        /// The keys' form.
        key: Scalar,
        /// The values' form.
        value: Bound,
    },
    /// A header (`location: header`): one value, or a list as comma-separated items.
    Header(Bound),
    /// Every header whose name starts with the wire name (`location: headers`, a map of
    /// strings), by the rest of its name.
    PrefixHeaders {
        /// The keys' form.
        key: Scalar,
        /// The values' form.
        value: Scalar,
    },
    /// The HTTP status code of a response (`location: statusCode`, an integer).
    StatusCode,
    /// A header of an event's message (`eventheader`, on a member of an `event`), of the
    /// framing's type for the member's shape. An event's message carries it beside its
    /// payload; an HTTP message never does, as an event is only ever a member of an event
    /// stream.
    EventHeader(HeaderType),
}

/// The type of an event message's header that holds a member ([`Binding::EventHeader`]): the
/// framing's header values are typed, unlike HTTP headers, and a member's shape decides its
/// type. The framing also has bytes, shorts and UUIDs, which no shape of a JSON model is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderType {
    /// A boolean: `true` or `false` (types 0 and 1).
    Boolean,
    /// A 32-bit integer (type 4).
    Integer,
    /// A 64-bit integer (type 5).
    Long,
    /// A blob: its bytes (type 6).
    Blob,
    /// A string, as UTF-8 (type 7); an enum string's value when `is_enum`.
    String {
        /// Whether the string is an enum.
        is_enum: bool,
    },
    /// A timestamp: milliseconds since the epoch (type 8).
    Timestamp,
}

/// One value, or a list of them, bound outside the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// One value.
    One(Scalar),
    /// A list (never sparse) of values.
    List(Scalar),
}

/// The text form of a single value bound outside the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// A string, as is.
    String,
    /// An enum string: its value.
    Enum,
    /// A string holding JSON text (`jsonvalue`): base64 of the text in a header.
    JsonValue,
    /// A 32-bit integer in decimal.
    Integer,
    /// A 64-bit integer in decimal.
    Long,
    /// A 32-bit float: shortest decimal, `NaN`, `Infinity`, `-Infinity`.
    Float,
    /// A 64-bit float: shortest decimal, `NaN`, `Infinity`, `-Infinity`.
    Double,
    /// `true` or `false`.
    Boolean,
    /// A timestamp in the shape's `timestampFormat`, else the location's default (the HTTP
    /// date in headers, ISO 8601 in labels and query strings).
    Timestamp(TimestampFormat),
    /// Bytes, base64-encoded.
    Blob,
}

/// What a payload member's value is, and so how it fills the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadKind {
    /// A structure: its JSON; `{}` when unset.
    Structure,
    /// A union or a document: its JSON; no body when unset.
    Json,
    /// A blob: its bytes.
    Blob,
    /// A string (`is_enum` for an enum): its text.
    Text {
        /// Whether the string is an enum.
        is_enum: bool,
    },
    /// A streaming blob: the body, read and written as a stream (the runtime's `ByteStream`,
    /// never in `Option`: an unset one is empty). Its structure is an operation's input or
    /// output and nothing else's member, and the member is never `required`.
    Stream {
        /// The stream's length must be known before it is sent (`requiresLength`).
        requires_length: bool,
    },
    /// An event stream (a member targeting an `eventstream` union): the body is its messages,
    /// the runtime's `EventStream` of the union (never in `Option`: an unset one has no
    /// events). Only an operation's output with protocol `rest-json` has one yet.
    EventStream,
}

/// A member of a structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The member's name in the model (`DestinationPhoneNumber`).
    pub name: String,
    /// The Rust field name (`destination_phone_number`, `r#type`), unique within the structure.
    pub field_name: String,
    /// The builder's setter (`destination_phone_number`; `send_2` for a member called `Send`),
    /// unique among the builder's methods.
    pub setter_name: String,
    /// The name on the wire: `locationName` if given, else the member name. It is the JSON key
    /// for a body member, the label, query parameter or header name for a bound member, the
    /// header prefix for `headers`.
    pub wire_name: String,
    /// The member's shape.
    pub shape: ShapeId,
    /// Whether the member is in the structure's `required` list.
    pub required: bool,
    /// Whether the field must be boxed because it closes a cycle of structures that contain
    /// each other directly (not through a list or map).
    pub boxed: bool,
    /// Where in an HTTP message the member travels and in what form.
    pub binding: Binding,
    /// HTML documentation.
    pub documentation: Option<String>,
    /// Whether a client fills an unset value with a fresh UUID.
    pub idempotency_token: bool,
    /// Set when the member is deprecated.
    pub deprecated: Option<Deprecation>,
    /// The member's variant (`Text`) in a union's enum, unique among the structure's members
    /// (where `Unknown` is the generator's); given to the members of any structure, used by
    /// unions.
    pub variant_name: String,
    /// The values a member-level `enum` allows this use of a plain string shape (one model has
    /// it, on a query parameter and a URI label); `None` when the member does not narrow its
    /// shape. Checked by `validate()`.
    pub allowed_values: Option<Vec<String>>,
}

/// What makes a structure an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The HTTP status code of the error response, 400..=599.
    pub http_status_code: u16,
    /// Whether the caller caused the error.
    pub sender_fault: bool,
    /// Present when retrying may help (`retryable`).
    pub retryable: Option<Retryable>,
    /// The member that carries the error's message: a string member (not an enum) named
    /// `Message` or `message`, if the error has one.
    pub message: Option<String>,
    /// The error's code in the query protocol (`error.code`), in a service that moved from
    /// it (`awsQueryCompatible`): sent in `x-amzn-query-error`, and the error's `code()`.
    pub query_code: Option<String>,
}

impl ErrorInfo {
    /// Whether an error is worth retrying: marked `retryable` (throttling or not), status 429,
    /// or a 5xx status.
    pub fn is_retryable(&self) -> bool {
        self.retryable.is_some()
            || self.http_status_code == 429
            || (500..600).contains(&self.http_status_code)
    }
}

/// The parts some of a service's errors play, decided by the loader.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorRoles {
    /// The error that a server answers invalid input with: the first of
    /// [`ErrorRoles::VALIDATION_NAMES`] that the service defines as an error shape.
    pub validation: Option<StructureId>,
    /// The error a server answers when its implementation panics: the service's first error
    /// shape (by name) with status 500; without one, the runtime's `InternalFailure`.
    pub internal: Option<StructureId>,
    /// The codes of the errors the model marks `retryable`, which a client retries like 429
    /// and 5xx, sorted.
    pub retryable_codes: Vec<String>,
}

impl ErrorRoles {
    /// The error shapes that can carry violations, by name, in order of preference.
    pub const VALIDATION_NAMES: &'static [&'static str] = &[
        "ValidationException",
        "BadRequestException",
        "InvalidRequestException",
        "InvalidParameterException",
    ];

    /// The roles of the errors among `shapes`.
    pub fn of(shapes: &Shapes) -> Self {
        let errors = || {
            shapes
                .structures()
                .filter_map(|(id, structure)| Some((id, structure.error.as_ref()?)))
        };
        Self {
            validation: Self::VALIDATION_NAMES.iter().find_map(|name| {
                let (id, structure) = shapes.find_structure(name)?;
                structure.error.is_some().then_some(id)
            }),
            internal: errors()
                .find(|(_, info)| info.http_status_code == 500)
                .map(|(id, _)| id),
            // By name, and by query code where the error has one (the code a query-compatible
            // service's answer names first).
            retryable_codes: errors()
                .filter(|(_, info)| info.retryable.is_some())
                .flat_map(|(id, info)| {
                    std::iter::once(shapes[ShapeId::from(id)].name.clone())
                        .chain(info.query_code.clone())
                })
                .collect(),
        }
    }
}

/// A retryable error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retryable {
    /// Whether the error is a throttling error.
    pub throttling: bool,
}

/// A string shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringShape {
    /// Length bounds in Unicode scalar values.
    pub length: Range<u64>,
    /// The pattern, not implicitly anchored; `None` also when the model's pattern has no
    /// ECMA-262 form (the loader warned about it).
    pub pattern: Option<Pattern>,
    /// The valid values of an enum, in file order.
    pub enum_values: Option<Vec<EnumValue>>,
}

/// A string shape's pattern, as an ECMA-262 regular expression (translated by the loader
/// when the model's was written for another engine).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pattern {
    /// The ECMA-262 source.
    pub source: String,
    /// Whether it is compiled in Unicode mode (flag `u`): it uses property classes.
    pub unicode: bool,
}

impl Pattern {
    /// The compiled expression.
    ///
    /// # Panics
    /// If it does not compile; the loader only keeps patterns that do.
    pub fn compile(&self) -> regress::Regex {
        regress::Regex::with_flags(&self.source, if self.unicode { "u" } else { "" })
            .expect("the loader keeps only patterns that compile")
    }
}

/// One value of an enum string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The value on the wire (`TEXT_ALL`).
    pub value: String,
    /// The Rust variant name (`TextAll`), unique within the enum.
    pub variant_name: String,
}

/// A timestamp shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimestampShape {
    /// The format in JSON bodies when not epoch seconds.
    pub format: Option<TimestampFormat>,
}

/// A blob shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlobShape {
    /// Length bounds in bytes (not checked on a streaming blob, whose length is not known
    /// before it is read).
    pub length: Range<u64>,
    /// Whether it is a body of any size that neither side holds in memory (`streaming`): the
    /// runtime's `ByteStream`. The loader only lets one be the payload of an operation's input
    /// or output ([`PayloadKind::Stream`]).
    pub streaming: bool,
    /// Whether a streaming blob's length must be known before it is sent (`requiresLength`):
    /// it is then sent with `Content-Length`, never chunked.
    pub requires_length: bool,
}

/// A list shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListShape {
    /// The entries' shape.
    pub member: ShapeId,
    /// Length bounds in entries.
    pub length: Range<u64>,
    /// Whether entries may be `null` (`sparse`): each entry is an `Option`.
    pub sparse: bool,
}

/// A map shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapShape {
    /// The keys' shape, a string shape.
    pub key: ShapeId,
    /// The values' shape.
    pub value: ShapeId,
    /// Length bounds in entries.
    pub length: Range<u64>,
    /// Whether values may be `null` (`sparse`): each value is an `Option`.
    pub sparse: bool,
}
