//! The raw mirror → the checked, typed [`Service`]: every check, every name.
//!
//! Each step reports what it finds and goes on, so one run reports every fault; the typed
//! form is only assembled when nothing was found.

use std::collections::{BTreeMap, BTreeSet};

use crate::fault::{Fault, JsonPath};
use crate::load::parse::{RawPaginators, RawService};
use crate::load::uri::{parse_host_prefix, parse_uri, quote};
use crate::load::{bind, graph, pattern};
use crate::model::raw::{self, Location, ShapeType};
use crate::model::{
    Auth, Binding, BlobShape, Deprecation, EnumValue, ErrorInfo, HostPrefix, HostSegment, Http,
    HttpMethod, ListShape, MapShape, Member, Metadata, Operation, Paginator, Pattern, Protocol,
    Range, Retryable, Service, Shape, ShapeKind, StringShape, Structure, TimestampShape,
    UriSegment, UriTemplate,
};
use crate::naming::{self, Namespace};

const NAME_RULE: &str = "expected _*[A-Za-z][A-Za-z0-9_]*";

/// Checks `raw` (and `paginators`) and lowers them into a [`Service`]; `None` when a fault was
/// found (every fault is in `faults`).
pub(crate) fn lower(
    raw: &RawService,
    paginators: Option<&RawPaginators>,
    faults: &mut Vec<Fault>,
) -> Option<Service> {
    let start = faults.len();
    let mut cx = Lower {
        raw,
        faults,
        warnings: Vec::new(),
        unchecked_patterns: BTreeMap::new(),
        unsupported: BTreeMap::new(),
        types: Namespace::default(),
        type_names: BTreeMap::new(),
        operation_names: BTreeMap::new(),
    };
    cx.check_version();
    let metadata = cx.metadata();
    let protocol = metadata.as_ref().map(|metadata| metadata.protocol);

    cx.check_shape_names();
    let mut shapes = BTreeMap::new();
    for (name, shape) in &raw.shapes {
        if let Some(shape) = shape.as_ref().and_then(|shape| cx.shape(name, shape)) {
            shapes.insert(name.clone(), shape);
        }
    }

    cx.check_operation_names();
    let roles = cx.roles();
    let mut operations = BTreeMap::new();
    for (name, operation) in &raw.operations {
        if let Some(operation) = operation
            .as_ref()
            .and_then(|operation| cx.operation(name, operation, protocol))
        {
            operations.insert(name.clone(), operation);
        }
    }
    if let Some(protocol) = protocol {
        cx.check_locations(protocol, &roles);
    }
    if let Some(paginators) = paginators {
        for (name, paginator) in cx.paginators(paginators) {
            if let Some(operation) = operations.get_mut(&name) {
                operation.paginator = Some(paginator);
            }
        }
    }
    let (recursive, boxed) = cx.recursion();
    cx.report_unsupported();
    let mut warnings = std::mem::take(&mut cx.warnings);
    let unchecked_patterns = std::mem::take(&mut cx.unchecked_patterns);
    let mut types = std::mem::take(&mut cx.types);
    warnings.sort();
    warnings.dedup();

    if faults.len() > start
        || raw.shapes.values().any(Option::is_none)
        || raw.operations.values().any(Option::is_none)
    {
        return None;
    }
    let metadata = metadata?;
    for (name, shape) in &mut shapes {
        shape.recursive = recursive.contains(name.as_str());
        if let ShapeKind::Structure(structure) = &mut shape.kind {
            for member in &mut structure.members {
                member.boxed = boxed.contains(&(name.clone(), member.name.clone()));
            }
        }
    }
    give_each_operation_its_input(&mut operations, &mut shapes, &mut types);
    let order: Vec<&String> = raw.shapes.keys().collect();
    let pattern_statics = name_checks(&order, &mut shapes);
    let type_name = naming::type_name(&metadata.service_id);
    Some(Service {
        module_name: naming::module_name(&metadata.service_id),
        api_trait_name: format!("{}Api", naming::bare(&type_name)),
        type_name,
        metadata,
        documentation: raw.documentation.clone(),
        operations,
        shapes,
        source: None,
        deprecated: deprecation(raw.deprecated, raw.deprecated_message.as_ref(), None),
        pattern_statics,
        unchecked_patterns,
        warnings,
    })
}

/// Names what the `validate` module defines, in the model's `order` of shapes, each in the
/// module's namespace: a check function per shape that is not a structure
/// (`check_<type name>`), and a `static` per distinct pattern, named after the shapes that
/// use it (all of them, up to three: `KEY_OR_TAG_KEY_PATTERN`; else the first and how many
/// more: `CONFIGURATION_SET_NAME_OR_ARN_AND_11_MORE_PATTERN`).
fn name_checks(
    order: &[&String],
    shapes: &mut BTreeMap<String, Shape>,
) -> BTreeMap<Pattern, String> {
    use heck::{ToShoutySnakeCase, ToSnakeCase};
    let mut names = Namespace::default();
    let mut users: Vec<(Pattern, Vec<String>)> = Vec::new();
    for name in order {
        let Some(shape) = shapes.get_mut(name.as_str()) else {
            continue;
        };
        if matches!(shape.kind, ShapeKind::Structure(_)) {
            continue;
        }
        let snake = naming::bare(&shape.type_name).to_snake_case();
        shape.check_fn = names.claim(format!("check_{snake}"));
        if let ShapeKind::String(StringShape {
            pattern: Some(pattern),
            enum_values: None,
            ..
        }) = &shape.kind
        {
            let user = naming::bare(&shape.type_name).to_shouty_snake_case();
            match users.iter_mut().find(|(p, _)| p == pattern) {
                Some((_, list)) => list.push(user),
                None => users.push((pattern.clone(), vec![user])),
            }
        }
    }
    users
        .into_iter()
        .map(|(pattern, users)| {
            let base = if users.len() <= 3 {
                users.join("_OR_")
            } else {
                format!("{}_AND_{}_MORE", users[0], users.len() - 1)
            };
            (pattern, names.claim(format!("{base}_PATTERN")))
        })
        .collect()
}

/// Gives each operation an input type of its own, since an operation's input type is what
/// identifies it to the client and the server. An input structure that several operations
/// share (DynamoDB's `KinesisStreamingDestinationInput`) stays the input of one of them, the
/// one it is named after (`<Operation>Input` or `<Operation>Request`), else the first by
/// name; each of the others gets a copy named `<Operation>Input` (or, if a shape or type has
/// that name, the first free `<Operation>Input<N>`), from the service module's namespace.
fn give_each_operation_its_input(
    operations: &mut BTreeMap<String, Operation>,
    shapes: &mut BTreeMap<String, Shape>,
    types: &mut Namespace,
) {
    let mut users: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for operation in operations.values() {
        if let Some(input) = &operation.input {
            users
                .entry(input.clone())
                .or_default()
                .push(operation.name.clone());
        }
    }
    for (input, users) in users.into_iter().filter(|(_, users)| users.len() > 1) {
        let owner = users
            .iter()
            .find(|op| input == format!("{op}Input") || input == format!("{op}Request"))
            .unwrap_or(&users[0])
            .clone();
        for operation in users.into_iter().filter(|op| *op != owner) {
            let mut name = types.claim(format!("{operation}Input"));
            while shapes.contains_key(&name) {
                name = types.claim(name);
            }
            let mut copy = shapes[&input].clone();
            copy.type_name.clone_from(&name);
            copy.name.clone_from(&name);
            if let ShapeKind::Structure(structure) = &mut copy.kind {
                structure.builder_name = naming::builder_name(&name);
            }
            shapes.insert(name.clone(), copy);
            if let Some(operation) = operations.get_mut(&operation) {
                operation.input = Some(name);
            }
        }
    }
}

/// How the operations use a structure.
#[derive(Debug, Default)]
struct Roles {
    input: bool,
    output: bool,
    error: bool,
}

/// What a shape name refers to.
pub(super) enum Target<'a> {
    /// No shape has the name.
    Unknown,
    /// The shape exists but is malformed (already reported).
    Broken,
    /// The shape.
    Shape(&'a raw::Shape),
}

struct Lower<'a> {
    raw: &'a RawService,
    faults: &'a mut Vec<Fault>,
    warnings: Vec<Fault>,
    /// Shape name → pattern, for the patterns left unchecked.
    unchecked_patterns: BTreeMap<String, String>,
    /// Features the model uses that the generator does not support yet: the feature's name →
    /// the places that use it (`shape "A"`), reported as one fault per feature.
    unsupported: BTreeMap<&'static str, BTreeSet<String>>,
    /// The service module's type names given out so far.
    types: Namespace,
    /// Shape name → Rust type name, for the shapes that become types.
    type_names: BTreeMap<String, String>,
    /// Operation name → its method name and type name.
    operation_names: BTreeMap<String, (String, String)>,
}

/// The places of one unsupported feature listed in its fault; the rest are counted.
const UNSUPPORTED_LISTED: usize = 5;

/// A [`Deprecation`] from the three keys, when `deprecated` is `true`.
fn deprecation(
    deprecated: Option<bool>,
    message: Option<&String>,
    since: Option<&String>,
) -> Option<Deprecation> {
    (deprecated == Some(true)).then(|| Deprecation {
        message: message.cloned(),
        since: since.cloned(),
    })
}

fn shapes_path(name: &str) -> JsonPath {
    JsonPath::root().key("shapes").key(name)
}

fn member_path(shape: &str, member: &str) -> JsonPath {
    shapes_path(shape).key("members").key(member)
}

fn operation_path(name: &str) -> JsonPath {
    JsonPath::root().key("operations").key(name)
}

/// `a string shape`, `an integer shape`.
fn a_shape(shape_type: ShapeType) -> String {
    let name = shape_type.as_str();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name} shape")
}

impl<'a> Lower<'a> {
    fn fault(&mut self, path: JsonPath, message: impl Into<String>) {
        self.faults.push(Fault::new(path, message));
    }

    fn warn(&mut self, path: JsonPath, message: impl Into<String>) {
        self.warnings.push(Fault::new(path, message));
    }

    /// Notes that `place` (`shape "A"`, `operation "B"`) uses `feature`, which the generator
    /// does not support yet.
    fn needs(&mut self, feature: &'static str, place: String) {
        self.unsupported.entry(feature).or_default().insert(place);
    }

    /// One fault per unsupported feature, listing where the model uses it.
    fn report_unsupported(&mut self) {
        for (feature, places) in std::mem::take(&mut self.unsupported) {
            let listed: Vec<&str> = places
                .iter()
                .take(UNSUPPORTED_LISTED)
                .map(String::as_str)
                .collect();
            let mut detail = listed.join(", ");
            if places.len() > listed.len() {
                detail += &format!(" and {} more", places.len() - listed.len());
            }
            self.faults
                .push(Fault::unsupported(JsonPath::root(), feature, detail));
        }
    }

    fn target(&self, name: &str) -> Target<'a> {
        match self.raw.shapes.get(name) {
            None => Target::Unknown,
            Some(None) => Target::Broken,
            Some(Some(shape)) => Target::Shape(shape),
        }
    }

    /// Reports `name` at `path` if no shape has it; the shape if it is well formed.
    fn reference(&mut self, path: JsonPath, name: &str) -> Option<&'a raw::Shape> {
        match self.target(name) {
            Target::Unknown => {
                self.fault(path, format!("unknown shape {}", quote(name)));
                None
            }
            Target::Broken => None,
            Target::Shape(shape) => Some(shape),
        }
    }

    /// The shape `name` if it exists and is well formed, reporting nothing.
    fn lookup(&self, name: &str) -> Option<&'a raw::Shape> {
        match self.target(name) {
            Target::Shape(shape) => Some(shape),
            Target::Unknown | Target::Broken => None,
        }
    }

    fn check_version(&mut self) {
        if let Some(version) = &self.raw.version {
            if version != "2.0" {
                self.fault(
                    JsonPath::root().key("version"),
                    format!(
                        "unsupported format version {}, expected \"2.0\"",
                        quote(version)
                    ),
                );
            }
        }
    }

    fn metadata(&mut self) -> Option<Metadata> {
        let metadata = self.raw.metadata.as_ref()?;
        let path = JsonPath::root().key("metadata");
        let before = self.faults.len();
        let required = [
            ("apiVersion", &metadata.api_version),
            ("endpointPrefix", &metadata.endpoint_prefix),
            ("protocol", &metadata.protocol),
            ("serviceId", &metadata.service_id),
            ("serviceFullName", &metadata.service_full_name),
            ("signatureVersion", &metadata.signature_version),
        ];
        for (key, value) in required {
            match value {
                None => self.fault(path.clone(), format!("missing key `{key}`")),
                Some(value) if value.trim().is_empty() => {
                    self.fault(path.key(key), "must not be empty");
                }
                Some(_) => {}
            }
        }
        if let Some(version) = &metadata.api_version {
            if !is_date(version) {
                self.fault(
                    path.key("apiVersion"),
                    format!("{} is not a date YYYY-MM-DD", quote(version)),
                );
            }
        }
        if let Some(json_version) = &metadata.json_version {
            if json_version != "1.0" && json_version != "1.1" {
                self.fault(
                    path.key("jsonVersion"),
                    format!(
                        "unsupported JSON version {}, expected `1.0` or `1.1`",
                        quote(json_version)
                    ),
                );
            }
        }
        if let Some(prefix) = &metadata.target_prefix {
            if prefix.is_empty() || prefix.contains(char::is_whitespace) {
                self.fault(
                    path.key("targetPrefix"),
                    format!("{} is not a valid target prefix", quote(prefix)),
                );
            }
        }
        let protocol = match metadata.protocol.as_deref() {
            Some("json") => {
                if metadata.target_prefix.is_none() {
                    self.fault(
                        path.clone(),
                        "missing key `targetPrefix`, required with protocol `json`",
                    );
                }
                match metadata.json_version.as_deref() {
                    Some("1.0") => Some(Protocol::AwsJson1_0),
                    Some("1.1") => Some(Protocol::AwsJson1_1),
                    Some(_) => None,
                    None => {
                        self.fault(
                            path.clone(),
                            "missing key `jsonVersion`, required with protocol `json`",
                        );
                        None
                    }
                }
            }
            Some("rest-json") => Some(Protocol::RestJson1),
            Some(other) => {
                self.fault(
                    path.key("protocol"),
                    format!(
                        "unsupported protocol {}, expected `json` or `rest-json`",
                        quote(other)
                    ),
                );
                None
            }
            None => None,
        };
        if let Some(name) = &metadata.signing_name {
            if name.trim().is_empty() {
                self.fault(path.key("signingName"), "must not be empty");
            }
        }
        let sigv4 = "aws.auth#sigv4";
        if let Some(auth) = metadata.auth.as_ref().filter(|auth| !auth.is_empty()) {
            if !auth.iter().any(|scheme| scheme == sigv4) {
                self.needs(
                    "authentication other than SigV4",
                    format!("metadata.auth {}", auth.join(", ")),
                );
            }
        }
        if let Some(version) = &metadata.signature_version {
            if version == "bearer" {
                self.needs(
                    "authentication other than SigV4",
                    "metadata.signatureVersion bearer".to_owned(),
                );
            } else if version != "v4" {
                self.fault(
                    path.key("signatureVersion"),
                    format!(
                        "unsupported signature version {}, expected `v4`",
                        quote(version)
                    ),
                );
            }
        }
        if let Some(id) = &metadata.service_id {
            let module = naming::module_name(id);
            let usable = module.starts_with(|c: char| c.is_ascii_lowercase())
                && module
                    .trim_start_matches("r#")
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !id.trim().is_empty() && !usable {
                self.fault(
                    path.key("serviceId"),
                    format!("{} gives no Rust module name", quote(id)),
                );
            }
        }
        if self.faults.len() > before {
            return None;
        }
        Some(Metadata {
            api_version: metadata.api_version.clone()?,
            endpoint_prefix: metadata.endpoint_prefix.clone()?,
            protocol: protocol?,
            target_prefix: metadata.target_prefix.clone(),
            service_id: metadata.service_id.clone()?,
            service_full_name: metadata.service_full_name.clone()?,
            signature_version: metadata.signature_version.clone()?,
            // botocore's default: the endpoint prefix.
            signing_name: metadata
                .signing_name
                .clone()
                .or_else(|| metadata.endpoint_prefix.clone())?,
            uid: metadata.uid.clone(),
        })
    }

    /// Shape names are model names; the shapes that become Rust types (structures and enums)
    /// get type names from the service module's [`Namespace`], in the model's order. Other
    /// shapes become Rust's own types (`String`, `i32`, `Vec<_>`), so `boolean` and `Boolean`
    /// may both be there.
    fn check_shape_names(&mut self) {
        let mut types = Namespace::reserving(naming::SERVICE_MODULE_TYPES);
        for name in self.raw.shapes.keys() {
            if !naming::is_model_name(name) {
                self.fault(
                    shapes_path(name),
                    format!("invalid shape name, {NAME_RULE}"),
                );
                continue;
            }
            let becomes_type = self.lookup(name).is_some_and(|shape| {
                shape.shape_type == ShapeType::Structure || shape.enum_values.is_some()
            });
            if !becomes_type {
                continue;
            }
            let type_name = types.claim(naming::type_name(name));
            self.type_names.insert(name.clone(), type_name);
        }
        self.types = types;
    }

    /// The Rust type name of shape `name`: the one the service module's namespace gave it, or
    /// (for a shape that becomes no type of its own) its plain conversion.
    fn type_name(&self, name: &str) -> String {
        self.type_names
            .get(name)
            .cloned()
            .unwrap_or_else(|| naming::type_name(name))
    }

    /// Operation names are model names; their client (and server) method names and their
    /// type names (the base of `<Operation>Error` and `<Operation>Input`) come from their
    /// namespaces, in the model's order.
    fn check_operation_names(&mut self) {
        let mut methods = Namespace::reserving(naming::CLIENT_METHODS);
        let mut types = Namespace::default();
        for name in self.raw.operations.keys() {
            if !naming::is_model_name(name) {
                self.fault(
                    operation_path(name),
                    format!("invalid operation name, {NAME_RULE}"),
                );
                continue;
            }
            let names = (
                methods.claim(naming::method_name(name)),
                types.claim(naming::type_name(name)),
            );
            self.operation_names.insert(name.clone(), names);
        }
    }

    fn shape(&mut self, name: &str, shape: &raw::Shape) -> Option<Shape> {
        let before = self.faults.len();
        let path = shapes_path(name);
        let present = [
            ("members", shape.members.is_some()),
            ("required", shape.required.is_some()),
            ("exception", shape.exception.is_some()),
            ("error", shape.error.is_some()),
            ("retryable", shape.retryable.is_some()),
            ("fault", shape.fault.is_some()),
            ("union", shape.union.is_some()),
            ("document", shape.document.is_some()),
            ("payload", shape.payload.is_some()),
            ("event", shape.event.is_some()),
            ("eventstream", shape.eventstream.is_some()),
            ("synthetic", shape.synthetic.is_some()),
            ("min", shape.min.is_some()),
            ("max", shape.max.is_some()),
            ("pattern", shape.pattern.is_some()),
            ("enum", shape.enum_values.is_some()),
            ("timestampFormat", shape.timestamp_format.is_some()),
            ("streaming", shape.streaming.is_some()),
            ("requiresLength", shape.requires_length.is_some()),
            ("member", shape.member.is_some()),
            ("key", shape.key.is_some()),
            ("value", shape.value.is_some()),
            ("sparse", shape.sparse.is_some()),
            ("flattened", shape.flattened.is_some()),
        ];
        // `documentation`, `sensitive`, `box` and `deprecated` are allowed on every type.
        let allowed: &[&str] = match shape.shape_type {
            ShapeType::Structure => &[
                "members",
                "required",
                "exception",
                "error",
                "retryable",
                "fault",
                "union",
                "document",
                "payload",
                "event",
                "eventstream",
                "synthetic",
            ],
            ShapeType::String => &["min", "max", "pattern", "enum"],
            ShapeType::Integer | ShapeType::Long | ShapeType::Double | ShapeType::Float => {
                &["min", "max"]
            }
            ShapeType::Boolean => &[],
            ShapeType::Timestamp => &["timestampFormat"],
            ShapeType::Blob => &["min", "max", "streaming", "requiresLength"],
            ShapeType::List => &["member", "min", "max", "sparse", "flattened"],
            ShapeType::Map => &["key", "value", "min", "max", "sparse", "flattened"],
        };
        for (key, is_present) in present {
            if is_present && !allowed.contains(&key) {
                self.fault(
                    path.key(key),
                    format!("not allowed on {}", a_shape(shape.shape_type)),
                );
            }
        }
        let place = || format!("shape {}", quote(name));
        let features = [
            ("event streams", shape.eventstream.or(shape.event)),
            ("streaming bodies", shape.streaming),
        ];
        for (feature, flag) in features {
            if flag == Some(true) {
                self.needs(feature, place());
            }
        }
        // A list of `jsonvalue` strings: each entry a string holding JSON text, which is a
        // plain string in a JSON body (what botocore and the Smithy `mediaType` trait say).
        let kind = match shape.shape_type {
            ShapeType::Structure => {
                let mut structure = self.structure(name, shape);
                structure.builder_name = naming::builder_name(&self.type_name(name));
                ShapeKind::Structure(structure)
            }
            ShapeType::String => ShapeKind::String(self.string(name, shape)),
            ShapeType::Integer => ShapeKind::Integer(self.int_range(
                &path,
                shape,
                i64::from(i32::MIN),
                i64::from(i32::MAX),
            )),
            ShapeType::Long => ShapeKind::Long(self.int_range(&path, shape, i64::MIN, i64::MAX)),
            ShapeType::Double => ShapeKind::Double(self.float_range(&path, shape, f64::MAX)),
            ShapeType::Float => {
                ShapeKind::Float(self.float_range(&path, shape, f64::from(f32::MAX)))
            }
            ShapeType::Boolean => ShapeKind::Boolean,
            ShapeType::Timestamp => ShapeKind::Timestamp(TimestampShape {
                format: shape.timestamp_format,
            }),
            ShapeType::Blob => ShapeKind::Blob(BlobShape {
                length: self.length_range(&path, shape),
            }),
            ShapeType::List => {
                let length = self.length_range(&path, shape);
                let member = match &shape.member {
                    Some(member) => {
                        self.reference(path.key("member").key("shape"), &member.shape);
                        member.shape.clone()
                    }
                    None => {
                        self.fault(
                            path.clone(),
                            "missing key `member`, required for a list shape",
                        );
                        String::new()
                    }
                };
                ShapeKind::List(ListShape {
                    member,
                    length,
                    sparse: shape.sparse == Some(true),
                })
            }
            ShapeType::Map => ShapeKind::Map(self.map(&path, shape)),
        };
        if self.faults.len() > before {
            return None;
        }
        Some(Shape {
            name: name.to_owned(),
            type_name: self.type_name(name),
            documentation: shape.documentation.clone(),
            recursive: false,
            sensitive: shape.sensitive == Some(true),
            check_fn: String::new(),
            deprecated: deprecation(
                shape.deprecated,
                shape.deprecated_message.as_ref(),
                shape.deprecated_since.as_ref(),
            ),
            kind,
        })
    }

    fn map(&mut self, path: &JsonPath, shape: &raw::Shape) -> MapShape {
        let length = self.length_range(path, shape);
        let key = match &shape.key {
            Some(key) => {
                let key_path = path.key("key").key("shape");
                if let Some(target) = self.reference(key_path.clone(), &key.shape) {
                    if target.shape_type != ShapeType::String {
                        self.fault(
                            key_path,
                            format!(
                                "{} is {}, a map key must be a string shape",
                                quote(&key.shape),
                                a_shape(target.shape_type)
                            ),
                        );
                    }
                }
                key.shape.clone()
            }
            None => {
                self.fault(path.clone(), "missing key `key`, required for a map shape");
                String::new()
            }
        };
        let value = match &shape.value {
            Some(value) => {
                self.reference(path.key("value").key("shape"), &value.shape);
                value.shape.clone()
            }
            None => {
                self.fault(
                    path.clone(),
                    "missing key `value`, required for a map shape",
                );
                String::new()
            }
        };
        MapShape {
            key,
            value,
            length,
            sparse: shape.sparse == Some(true),
        }
    }

    fn string(&mut self, name: &str, shape: &raw::Shape) -> StringShape {
        let path = &shapes_path(name);
        let length = self.length_range(path, shape);
        // A pattern never stops generation: one that has no ECMA-262 form is left unchecked,
        // with a warning, and listed in the service module's documentation.
        let pattern =
            shape
                .pattern
                .as_deref()
                .and_then(|pattern| match pattern::ecma_pattern(pattern) {
                    Ok(translated) => Some(Pattern {
                        source: translated.source,
                        unicode: translated.unicode,
                    }),
                    Err(reason) => {
                        self.unchecked_patterns
                            .insert(name.to_owned(), pattern.to_owned());
                        self.warn(
                            path.key("pattern"),
                            format!("{} is not checked: {reason}", quote(pattern)),
                        );
                        None
                    }
                });
        let regex = pattern.as_ref().map(Pattern::compile);
        let enum_values = shape
            .enum_values
            .as_ref()
            .map(|values| self.enum_values(path, values, length, regex.as_ref()));
        StringShape {
            length,
            pattern,
            enum_values,
        }
    }

    fn enum_values(
        &mut self,
        path: &JsonPath,
        values: &[String],
        length: Range<u64>,
        regex: Option<&regress::Regex>,
    ) -> Vec<EnumValue> {
        let path = path.key("enum");
        if values.is_empty() {
            self.fault(path.clone(), "an enum needs at least one value");
        }
        let mut seen = BTreeSet::new();
        let mut variants = Namespace::reserving(&[naming::UNKNOWN_VARIANT]);
        let mut lowered = Vec::new();
        for (index, value) in values.iter().enumerate() {
            let path = path.index(index);
            if value.is_empty() {
                self.fault(path, "empty value");
                continue;
            }
            if !seen.insert(value.as_str()) {
                self.fault(path, format!("duplicate value {}", quote(value)));
                continue;
            }
            let Some(variant_name) = naming::variant_name(value) else {
                self.fault(
                    path,
                    format!("value {} gives no Rust variant name", quote(value)),
                );
                continue;
            };
            let variant_name = variants.claim(variant_name);
            let chars = value.chars().count() as u64;
            if let Some(min) = length.min.filter(|&min| chars < min) {
                self.fault(
                    path.clone(),
                    format!("value {} is shorter than min {min}", quote(value)),
                );
            }
            if let Some(max) = length.max.filter(|&max| chars > max) {
                self.fault(
                    path.clone(),
                    format!("value {} is longer than max {max}", quote(value)),
                );
            }
            if regex.is_some_and(|regex| regex.find(value).is_none()) {
                self.fault(
                    path.clone(),
                    format!("value {} does not match the pattern", quote(value)),
                );
            }
            lowered.push(EnumValue {
                value: value.clone(),
                variant_name,
            });
        }
        lowered
    }

    fn length_range(&mut self, path: &JsonPath, shape: &raw::Shape) -> Range<u64> {
        let mut bound = |key: &str, number: &Option<serde_json::Number>| {
            let number = number.as_ref()?;
            if let Some(length) = number.as_u64() {
                return Some(length);
            }
            let message = if number.as_i64().is_some() || number.as_f64().is_some_and(|f| f < 0.0) {
                format!("a length must not be negative, found {number}")
            } else {
                format!("a length must be a whole number, found {number}")
            };
            self.fault(path.key(key), message);
            None
        };
        let range = Range {
            min: bound("min", &shape.min),
            max: bound("max", &shape.max),
        };
        self.check_order(path, range);
        range
    }

    fn int_range(&mut self, path: &JsonPath, shape: &raw::Shape, lo: i64, hi: i64) -> Range<i64> {
        let type_name = a_shape(shape.shape_type);
        let mut bound = |key: &str, number: &Option<serde_json::Number>| {
            let number = number.as_ref()?;
            match number.as_i64() {
                Some(value) if (lo..=hi).contains(&value) => Some(value),
                Some(_) => {
                    self.fault(
                        path.key(key),
                        format!("{number} is out of range for {type_name}"),
                    );
                    None
                }
                None if number.is_u64() => {
                    self.fault(
                        path.key(key),
                        format!("{number} is out of range for {type_name}"),
                    );
                    None
                }
                None => {
                    self.fault(
                        path.key(key),
                        format!("expected a whole number for {type_name}, found {number}"),
                    );
                    None
                }
            }
        };
        let range = Range {
            min: bound("min", &shape.min),
            max: bound("max", &shape.max),
        };
        self.check_order(path, range);
        range
    }

    fn float_range(&mut self, path: &JsonPath, shape: &raw::Shape, limit: f64) -> Range<f64> {
        let type_name = a_shape(shape.shape_type);
        let mut bound = |key: &str, number: &Option<serde_json::Number>| {
            let number = number.as_ref()?;
            match number.as_f64() {
                Some(value) if value.is_finite() && value.abs() <= limit => Some(value),
                _ => {
                    self.fault(
                        path.key(key),
                        format!("{number} is out of range for {type_name}"),
                    );
                    None
                }
            }
        };
        let range = Range {
            min: bound("min", &shape.min),
            max: bound("max", &shape.max),
        };
        self.check_order(path, range);
        range
    }

    fn check_order<T: PartialOrd + std::fmt::Display + Copy>(
        &mut self,
        path: &JsonPath,
        range: Range<T>,
    ) {
        if let (Some(min), Some(max)) = (range.min, range.max) {
            if min > max {
                self.fault(path.clone(), format!("min {min} is greater than max {max}"));
            }
        }
    }

    fn structure(&mut self, name: &str, shape: &raw::Shape) -> Structure {
        let path = shapes_path(name);
        let empty = indexmap::IndexMap::new();
        let members = shape.members.as_ref().unwrap_or(&empty);

        let mut required = BTreeSet::new();
        for (index, member) in shape.required.iter().flatten().enumerate() {
            let item = path.key("required").index(index);
            if !members.contains_key(member) {
                self.fault(item, format!("{} is not a member", quote(member)));
            } else if !required.insert(member.as_str()) {
                self.fault(item, format!("duplicate {}", quote(member)));
            }
        }

        let retryable = shape.retryable.as_ref().map(|retryable| Retryable {
            throttling: retryable.throttling.unwrap_or(false),
        });
        let error = if shape.exception == Some(true) {
            match &shape.error {
                // botocore's default: the caller's fault (400), or the service's (500) with
                // `fault: true`.
                None => {
                    let fault = shape.fault == Some(true);
                    Some(ErrorInfo {
                        http_status_code: if fault { 500 } else { 400 },
                        sender_fault: !fault,
                        retryable,
                    })
                }
                Some(error) => {
                    if !(400..=599).contains(&error.http_status_code) {
                        self.fault(
                            path.key("error").key("httpStatusCode"),
                            format!(
                                "{} is not an error status, expected 400..=599",
                                error.http_status_code
                            ),
                        );
                    }
                    Some(ErrorInfo {
                        http_status_code: error.http_status_code,
                        sender_fault: error.sender_fault.unwrap_or(false),
                        retryable,
                    })
                }
            }
        } else {
            if shape.error.is_some() {
                self.fault(path.key("error"), "`error` without `exception: true`");
            }
            for (key, present) in [
                ("retryable", shape.retryable.is_some()),
                ("fault", shape.fault.is_some()),
            ] {
                if present {
                    self.fault(path.key(key), format!("`{key}` without `exception: true`"));
                }
            }
            None
        };

        let mut fields = Namespace::default();
        let mut setters = Namespace::reserving(naming::BUILDER_METHODS);
        let is_union = shape.union == Some(true);
        let mut variants = Namespace::reserving(&[naming::UNKNOWN_VARIANT]);
        if shape.document == Some(true) {
            for (key, present) in [
                ("members", !members.is_empty()),
                (
                    "required",
                    shape.required.as_ref().is_some_and(|r| !r.is_empty()),
                ),
                ("exception", shape.exception == Some(true)),
                ("union", is_union),
            ] {
                if present {
                    self.fault(path.key(key), "not allowed on a document");
                }
            }
        }
        if is_union {
            for (key, present) in [
                (
                    "required",
                    shape.required.as_ref().is_some_and(|r| !r.is_empty()),
                ),
                ("exception", shape.exception == Some(true)),
            ] {
                if present {
                    self.fault(path.key(key), "not allowed on a union");
                }
            }
        }
        let mut json_keys: BTreeMap<&str, &str> = BTreeMap::new();
        let mut headers: BTreeMap<String, &str> = BTreeMap::new();
        let mut queries: BTreeMap<&str, &str> = BTreeMap::new();
        let mut lowered = Vec::new();
        for (member_name, member) in members {
            let path = member_path(name, member_name);
            if !naming::is_model_name(member_name) {
                self.fault(path.clone(), format!("invalid member name, {NAME_RULE}"));
            }
            let field_name = fields.claim(naming::field_name(member_name));
            let setter_name = setters.claim(naming::field_name(member_name));
            let variant_name = if is_union {
                variants.claim(naming::type_name(member_name))
            } else {
                String::new()
            };
            let target = self.reference(path.key("shape"), &member.shape);
            if let Some(location_name) = &member.location_name {
                // An empty prefix binds every header to a `headers` map.
                if location_name.is_empty() && member.location != Some(Location::Headers) {
                    self.fault(path.key("locationName"), "must not be empty");
                }
            }
            let wire_name = member.location_name.as_deref().unwrap_or(member_name);
            let duplicate = match member.location {
                None => json_keys
                    .insert(wire_name, member_name)
                    .map(|first| ("JSON key", first)),
                Some(Location::Header) => headers
                    .insert(wire_name.to_ascii_lowercase(), member_name)
                    .map(|first| ("header", first)),
                Some(Location::QueryString) => queries
                    .insert(wire_name, member_name)
                    .map(|first| ("query parameter", first)),
                Some(_) => None,
            };
            if let Some((what, first)) = duplicate {
                self.fault(
                    path.clone(),
                    format!(
                        "{what} {} is also the {what} of member {}",
                        quote(wire_name),
                        quote(first)
                    ),
                );
            }
            if member.idempotency_token == Some(true) {
                if let Some(target) = target.filter(|t| t.shape_type != ShapeType::String) {
                    self.fault(
                        path.key("idempotencyToken"),
                        format!(
                            "an idempotency token must be a string, {} is {}",
                            quote(&member.shape),
                            a_shape(target.shape_type)
                        ),
                    );
                }
            }
            let place = || format!("member {}", quote(&format!("{name}.{member_name}")));
            let json_value = member.jsonvalue == Some(true);
            if let Some(target) = target.filter(|t| json_value && t.shape_type != ShapeType::String)
            {
                self.fault(
                    path.key("jsonvalue"),
                    format!(
                        "a `jsonvalue` member must be a string holding JSON text, {} is {}",
                        quote(&member.shape),
                        a_shape(target.shape_type)
                    ),
                );
            }
            if member.eventpayload == Some(true) {
                self.needs("event streams", place());
            }
            let is_payload = shape.payload.as_deref() == Some(member_name.as_str());
            // A member that does not fit its location is reported by `check_locations` or
            // `check_payload`, and then no service is built.
            let lookup = |name: &str| self.target(name);
            let binding = target
                .and_then(|target| {
                    bind::binding(member.location, is_payload, json_value, target, &lookup).ok()
                })
                .unwrap_or(Binding::Body);
            lowered.push(Member {
                name: member_name.clone(),
                field_name,
                setter_name,
                wire_name: wire_name.to_owned(),
                shape: member.shape.clone(),
                required: required.contains(member_name.as_str()),
                boxed: false,
                binding,
                documentation: member.documentation.clone(),
                idempotency_token: member.idempotency_token.unwrap_or(false),
                deprecated: deprecation(
                    member.deprecated,
                    member.deprecated_message.as_ref(),
                    member.deprecated_since.as_ref(),
                ),
                variant_name,
            });
        }
        if let Some(payload) = &shape.payload {
            self.check_payload(name, payload, members);
        }
        Structure {
            builder_name: String::new(),
            union: is_union,
            document: shape.document == Some(true),
            members: lowered,
            error,
        }
    }

    /// A structure's `payload`: a member not bound elsewhere, a structure, blob or string,
    /// and every other member bound outside the body.
    fn check_payload(
        &mut self,
        name: &str,
        payload: &str,
        members: &indexmap::IndexMap<String, raw::Member>,
    ) {
        let path = shapes_path(name).key("payload");
        let Some(member) = members.get(payload) else {
            self.fault(
                path,
                format!("{} is not a member of the structure", quote(payload)),
            );
            return;
        };
        if let Some(location) = member.location {
            self.fault(
                path,
                format!(
                    "member {} is bound to `{}`, a payload is the body",
                    quote(payload),
                    location.as_str()
                ),
            );
        }
        if let Some(target) = self.lookup(&member.shape) {
            if !matches!(
                target.shape_type,
                ShapeType::Structure | ShapeType::Blob | ShapeType::String
            ) {
                self.fault(
                    shapes_path(name).key("payload"),
                    format!(
                        "a payload must be a structure, blob or string, {} is {}",
                        quote(&member.shape),
                        a_shape(target.shape_type)
                    ),
                );
            }
        }
        for (other, member) in members {
            if other != payload && member.location.is_none() {
                self.fault(
                    member_path(name, other),
                    format!(
                        "must be bound to the URI, query string or headers: member {} is the body",
                        quote(payload)
                    ),
                );
            }
        }
    }

    /// How the operations use each shape.
    fn roles(&self) -> BTreeMap<&'a str, Roles> {
        let mut roles: BTreeMap<&'a str, Roles> = BTreeMap::new();
        for operation in self.raw.operations.values().flatten() {
            if let Some(input) = &operation.input {
                roles.entry(input.shape.as_str()).or_default().input = true;
            }
            if let Some(output) = &operation.output {
                roles.entry(output.shape.as_str()).or_default().output = true;
            }
            for error in &operation.errors {
                roles.entry(error.shape.as_str()).or_default().error = true;
            }
        }
        roles
    }

    fn operation(
        &mut self,
        name: &str,
        operation: &raw::Operation,
        protocol: Option<Protocol>,
    ) -> Option<Operation> {
        let before = self.faults.len();
        let path = operation_path(name);
        if operation.name != name {
            self.fault(
                path.key("name"),
                format!(
                    "{} differs from the operation's key {}",
                    quote(&operation.name),
                    quote(name)
                ),
            );
        }
        let http_path = path.key("http");
        let method = HttpMethod::parse(&operation.http.method);
        if method.is_none() {
            self.fault(
                http_path.key("method"),
                format!(
                    "unknown HTTP method {}, expected one of GET, POST, PUT, DELETE, PATCH, HEAD",
                    quote(&operation.http.method)
                ),
            );
        }
        let uri_path = http_path.key("requestUri");
        let mut uri = match parse_uri(&operation.http.request_uri) {
            Ok(uri) => Some(uri),
            Err(problems) => {
                for problem in problems {
                    self.fault(uri_path.clone(), problem);
                }
                None
            }
        };
        if let Some(code) = operation.http.response_code {
            if !(200..=299).contains(&code) {
                self.fault(
                    http_path.key("responseCode"),
                    format!("{code} is not a success status, expected 200..=299"),
                );
            }
        }
        if protocol.is_some_and(Protocol::is_json_rpc)
            && (operation.http.method != "POST" || operation.http.request_uri != "/")
        {
            self.fault(
                http_path.clone(),
                format!(
                    "protocol `json` requires POST /, found {} {}",
                    operation.http.method, operation.http.request_uri
                ),
            );
        }

        let input_output = [
            ("input", operation.input.as_ref().map(|r| &r.shape)),
            ("output", operation.output.as_ref().map(|r| &r.shape)),
        ];
        for (key, shape_name) in input_output {
            let Some(shape_name) = shape_name else {
                continue;
            };
            let shape_path = path.key(key).key("shape");
            if let Some(target) = self.reference(shape_path.clone(), shape_name) {
                if target.shape_type != ShapeType::Structure {
                    self.fault(
                        shape_path,
                        format!(
                            "{} is {}, expected a structure",
                            quote(shape_name),
                            a_shape(target.shape_type)
                        ),
                    );
                } else if target.exception == Some(true) {
                    self.fault(
                        shape_path,
                        format!(
                            "{} is an error structure, expected a plain structure",
                            quote(shape_name)
                        ),
                    );
                } else if target.union == Some(true) || target.document == Some(true) {
                    let what = if target.union == Some(true) {
                        "a union"
                    } else {
                        "a document"
                    };
                    self.fault(
                        shape_path,
                        format!("{} is {what}, expected a structure", quote(shape_name)),
                    );
                }
            }
        }
        let mut errors = Vec::new();
        let mut error_documentation = BTreeMap::new();
        for (index, error) in operation.errors.iter().enumerate() {
            let shape_path = path.key("errors").index(index).key("shape");
            // botocore's reading: an error listed twice is the same error.
            if errors.contains(&error.shape) {
                continue;
            }
            errors.push(error.shape.clone());
            if let Some(documentation) = &error.documentation {
                error_documentation.insert(error.shape.clone(), documentation.clone());
            }
            let Some(target) = self.reference(shape_path.clone(), &error.shape) else {
                continue;
            };
            if target.shape_type != ShapeType::Structure {
                self.fault(
                    shape_path,
                    format!(
                        "{} is {}, expected an error structure",
                        quote(&error.shape),
                        a_shape(target.shape_type)
                    ),
                );
            } else if target.exception != Some(true) {
                self.fault(
                    shape_path,
                    format!(
                        "{} is not an error structure (no `exception: true`)",
                        quote(&error.shape)
                    ),
                );
            }
        }

        if protocol == Some(Protocol::RestJson1) {
            if let Some(uri) = &mut uri {
                self.bind_labels(name, operation, uri);
            }
        }
        let host_prefix = operation
            .endpoint
            .as_ref()
            .and_then(|endpoint| self.host_prefix(name, operation, &endpoint.host_prefix));
        let auth = self.operation_auth(name, operation);
        if self.faults.len() > before {
            return None;
        }
        let (method_name, type_name) = self.operation_names.get(name)?.clone();
        // An error's variant in the operation's error enum: its type name, from the enum's
        // namespace, where `Unhandled` is the generator's.
        let mut variants = Namespace::reserving(&[naming::UNHANDLED_VARIANT]);
        let error_variants = errors
            .iter()
            .map(|error| (error.clone(), variants.claim(self.type_name(error))))
            .collect();
        Some(Operation {
            name: name.to_owned(),
            method_name,
            error_name: format!("{}Error", naming::bare(&type_name)),
            input_type_name: format!("{}Input", naming::bare(&type_name)),
            type_name,
            http: Http {
                method: method?,
                request_uri: operation.http.request_uri.clone(),
                uri: uri?,
                response_code: operation.http.response_code,
            },
            input: operation.input.as_ref().map(|input| input.shape.clone()),
            output: operation.output.as_ref().map(|output| output.shape.clone()),
            errors,
            error_variants,
            error_documentation,
            output_documentation: operation
                .output
                .as_ref()
                .and_then(|output| output.documentation.clone()),
            documentation: operation.documentation.clone(),
            idempotent: operation.idempotent.unwrap_or(false),
            deprecated: deprecation(
                operation.deprecated,
                operation.deprecated_message.as_ref(),
                operation.deprecated_since.as_ref(),
            ),
            auth,
            host_prefix,
            paginator: None,
        })
    }

    /// The operation's host prefix, parsed, each label bound to a `hostLabel` string member
    /// of the input.
    fn host_prefix(
        &mut self,
        name: &str,
        operation: &raw::Operation,
        template: &str,
    ) -> Option<HostPrefix> {
        let path = operation_path(name).key("endpoint").key("hostPrefix");
        let segments = match parse_host_prefix(template) {
            Ok(segments) => segments,
            Err(problems) => {
                for problem in problems {
                    self.fault(path.clone(), problem);
                }
                return None;
            }
        };
        let input = operation
            .input
            .as_ref()
            .and_then(|input| self.lookup(&input.shape));
        let before = self.faults.len();
        for segment in &segments {
            let HostSegment::Label(label) = segment else {
                continue;
            };
            let member = input.and_then(|input| input.members.as_ref()?.get(label));
            let target = member.and_then(|member| self.lookup(&member.shape));
            let problem = match (member, target) {
                (None, _) => Some("is not a member of the operation's input"),
                (Some(member), _) if member.host_label != Some(true) => {
                    Some("names a member without `hostLabel: true`")
                }
                (_, Some(target)) if target.shape_type != ShapeType::String => {
                    Some("names a member that is not a string")
                }
                _ => None,
            };
            if let Some(problem) = problem {
                self.fault(path.clone(), format!("label {{{label}}} {problem}"));
            }
        }
        (self.faults.len() == before).then(|| HostPrefix {
            template: template.to_owned(),
            segments,
        })
    }

    /// How the operation's requests are authenticated: `auth` if the operation has it, else
    /// the older `authtype`, else the service's SigV4.
    fn operation_auth(&mut self, name: &str, operation: &raw::Operation) -> Auth {
        const NO_AUTH: &str = "smithy.api#noAuth";
        const SIGV4: &str = "aws.auth#sigv4";
        let place = || format!("operation {}", quote(name));
        if let Some(schemes) = operation
            .auth
            .as_ref()
            .filter(|schemes| !schemes.is_empty())
        {
            if schemes.iter().any(|scheme| scheme == SIGV4) {
                return Auth::SigV4;
            }
            if schemes.iter().any(|scheme| scheme == NO_AUTH) {
                return Auth::None;
            }
            self.needs("authentication other than SigV4", place());
            return Auth::SigV4;
        }
        match operation.auth_type.as_deref() {
            Some("none") => Auth::None,
            None | Some("v4" | "v4-unsigned-body") => Auth::SigV4,
            Some("bearer") => {
                self.needs("authentication other than SigV4", place());
                Auth::SigV4
            }
            Some(other) => {
                self.fault(
                    operation_path(name).key("authtype"),
                    format!(
                        "unknown authtype {}, expected `none`, `v4`, `v4-unsigned-body` or `bearer`",
                        quote(other)
                    ),
                );
                Auth::SigV4
            }
        }
    }

    /// rest-json: binds each `{Label}` to exactly one required `uri` member of the input, and
    /// each `uri` member of the input to a label.
    fn bind_labels(&mut self, name: &str, operation: &raw::Operation, uri: &mut UriTemplate) {
        let uri_path = operation_path(name).key("http").key("requestUri");
        let Some(input) = &operation.input else {
            for label in uri.labels() {
                self.fault(
                    uri_path.clone(),
                    format!(
                        "label {{{}}} needs an input structure to bind to",
                        label.name
                    ),
                );
            }
            return;
        };
        let Some(shape) = self
            .lookup(&input.shape)
            .filter(|shape| shape.shape_type == ShapeType::Structure)
        else {
            return;
        };
        let uri_members: Vec<(&str, &str)> = shape
            .members
            .iter()
            .flatten()
            .filter(|(_, member)| member.location == Some(Location::Uri))
            .map(|(member_name, member)| {
                let wire = member.location_name.as_deref().unwrap_or(member_name);
                (member_name.as_str(), wire)
            })
            .collect();
        let required: BTreeSet<&str> = shape
            .required
            .iter()
            .flatten()
            .map(String::as_str)
            .collect();
        for segment in &mut uri.segments {
            let UriSegment::Label(label) = segment else {
                continue;
            };
            let bound: Vec<&str> = uri_members
                .iter()
                .filter(|(_, wire)| *wire == label.name)
                .map(|(member, _)| *member)
                .collect();
            match bound.as_slice() {
                [] => self.fault(
                    uri_path.clone(),
                    format!(
                        "label {{{}}} is bound to no `uri` member of {}",
                        label.name,
                        quote(&input.shape)
                    ),
                ),
                [member] => {
                    label.member = (*member).to_owned();
                    if !required.contains(member) {
                        self.fault(
                            member_path(&input.shape, member),
                            format!(
                                "bound to URI label {{{}}} of operation {} but not required",
                                label.name,
                                quote(name)
                            ),
                        );
                    }
                }
                several => self.fault(
                    uri_path.clone(),
                    format!(
                        "label {{{}}} is bound to more than one member of {}: {}",
                        label.name,
                        quote(&input.shape),
                        several.join(", ")
                    ),
                ),
            }
        }
        for (member, wire) in uri_members {
            if !uri.labels().any(|label| label.name == wire) {
                self.fault(
                    member_path(&input.shape, member).key("location"),
                    format!(
                        "no label {{{wire}}} in the requestUri of operation {}",
                        quote(name)
                    ),
                );
            }
        }
    }

    /// Member locations: none with the JSON RPC protocols; with rest-json, each on a structure
    /// in the right role and of a shape the location can carry.
    fn check_locations(&mut self, protocol: Protocol, roles: &BTreeMap<&str, Roles>) {
        let no_roles = Roles::default();
        for (name, shape) in &self.raw.shapes {
            let Some(shape) = shape else { continue };
            let role = roles.get(name.as_str()).unwrap_or(&no_roles);
            if protocol.is_json_rpc() && shape.payload.is_some() {
                self.needs(
                    "payload members with protocol json",
                    format!("shape {}", quote(name)),
                );
            }
            for (member_name, member) in shape.members.iter().flatten() {
                let Some(location) = member.location else {
                    continue;
                };
                let path = member_path(name, member_name);
                if protocol.is_json_rpc() {
                    self.fault(
                        path.key("location"),
                        "`location` is not allowed with protocol `json`",
                    );
                    continue;
                }
                // Label and query bindings on an output are ignored, as the restJson1 spec
                // says of responses; anywhere else they are a mistake.
                let (allowed, roles_text) = match location {
                    Location::Uri | Location::QueryString => {
                        (role.input || role.output, "input or output")
                    }
                    Location::StatusCode => (role.output, "output"),
                    Location::Header | Location::Headers => (
                        role.input || role.output || role.error,
                        "input, output or error",
                    ),
                };
                if !allowed {
                    self.fault(
                        path.key("location"),
                        format!(
                            "`{}` is only allowed on members of an operation's {roles_text}",
                            location.as_str()
                        ),
                    );
                }
                let Some(target) = self.lookup(&member.shape) else {
                    continue;
                };
                let lookup = |name: &str| self.target(name);
                if let Err(bind::Misfit::Expected(expected)) =
                    bind::binding(Some(location), false, false, target, &lookup)
                {
                    self.fault(
                        path.key("shape"),
                        format!(
                            "a `{}` member must be {expected}, {} is {}",
                            location.as_str(),
                            quote(&member.shape),
                            a_shape(target.shape_type)
                        ),
                    );
                }
            }
        }
    }

    fn paginators(&mut self, paginators: &RawPaginators) -> BTreeMap<String, Paginator> {
        let mut lowered = BTreeMap::new();
        for (name, paginator) in &paginators.pagination {
            let Some(paginator) = paginator else { continue };
            let path = JsonPath::root().key("pagination").key(name);
            let operation = match self.raw.operations.get(name) {
                None => {
                    self.fault(path, format!("unknown operation {}", quote(name)));
                    continue;
                }
                Some(None) => continue,
                Some(Some(operation)) => operation,
            };
            let before = self.faults.len();
            // botocore's paginators may name a path into the output (`Stream.Shards[-1].Id`).
            // A token there cannot be followed; a result key there only loses `into_items`.
            let is_path = |key: &str| key.contains(['.', '[']);
            if let Some((key, token)) = [
                ("input_token", &paginator.input_token),
                ("output_token", &paginator.output_token),
            ]
            .into_iter()
            .find(|(_, token)| is_path(token))
            {
                self.warn(
                    path.key(key),
                    format!(
                        "{} is a path into the {}, which a paginator cannot follow: operation {} is generated without `into_paginator`",
                        quote(token),
                        key.trim_end_matches("_token"),
                        quote(name)
                    ),
                );
                continue;
            }
            let result_key = match paginator.result_key.as_ref().map(raw::OneOrMany::names) {
                Some([key]) if is_path(key) => {
                    self.warn(
                        path.key("result_key"),
                        format!(
                            "{} is a path into the output: operation {} is generated without `into_items`",
                            quote(key),
                            quote(name)
                        ),
                    );
                    None
                }
                Some([key]) => Some(key),
                // Several lists of items (or none): pages, but no one item type.
                _ => None,
            };
            let input = operation.input.as_ref().map(|input| input.shape.as_str());
            let output = operation
                .output
                .as_ref()
                .map(|output| output.shape.as_str());
            if input.is_none() {
                self.fault(
                    path.clone(),
                    format!("operation {} has no input", quote(name)),
                );
            }
            if output.is_none() {
                self.fault(
                    path.clone(),
                    format!("operation {} has no output", quote(name)),
                );
            }
            let token: &[ShapeType] = &[ShapeType::String, ShapeType::Map];
            let more_results = match &paginator.more_results {
                Some(key) if is_path(key) => {
                    self.warn(
                        path.key("more_results"),
                        format!(
                            "{} is a path into the output: operation {} pages until a page has no token",
                            quote(key),
                            quote(name)
                        ),
                    );
                    None
                }
                other => other.as_ref(),
            };
            let checks = [
                (
                    "input_token",
                    input,
                    Some(&paginator.input_token),
                    token,
                    "a string or a map",
                ),
                (
                    "output_token",
                    output,
                    Some(&paginator.output_token),
                    token,
                    "a string or a map",
                ),
                (
                    "more_results",
                    output,
                    more_results,
                    &[ShapeType::Boolean][..],
                    "a boolean",
                ),
                (
                    "limit_key",
                    input,
                    paginator.limit_key.as_ref(),
                    // A string is allowed too: some APIs (Pinpoint SMS and Voice v1) take the
                    // page size as a string query parameter.
                    &[ShapeType::Integer, ShapeType::Long, ShapeType::String][..],
                    "an integer, long or string",
                ),
                (
                    "result_key",
                    output,
                    result_key,
                    &[ShapeType::List, ShapeType::Map][..],
                    "a list or map",
                ),
            ];
            // A member of another type than the generated paginator handles (botocore's
            // DynamoDB pages with a map as its token) leaves the operation without
            // `into_paginator` (or, for the result key, without `into_items`), with a warning.
            let mut followable = true;
            let mut result_key = result_key;
            for (key, structure, member, types, expected) in checks {
                let (Some(structure), Some(member)) = (structure, member) else {
                    continue;
                };
                let Some(mismatch) =
                    self.paginator_member(path.key(key), structure, member, types, expected)
                else {
                    continue;
                };
                let lost = if key == "result_key" {
                    result_key = None;
                    "into_items"
                } else {
                    followable = false;
                    "into_paginator"
                };
                self.warn(
                    path.key(key),
                    format!(
                        "{mismatch}: operation {} is generated without `{lost}`",
                        quote(name)
                    ),
                );
            }
            if followable {
                if let (Some(input), Some(output)) = (input, output) {
                    if let Some(mismatch) = self.token_mismatch(
                        (input, &paginator.input_token),
                        (output, &paginator.output_token),
                    ) {
                        followable = false;
                        self.warn(
                            path.key("output_token"),
                            format!(
                                "{mismatch}: operation {} is generated without `into_paginator`",
                                quote(name)
                            ),
                        );
                    }
                }
            }
            if self.faults.len() == before && followable {
                lowered.insert(
                    name.clone(),
                    Paginator {
                        input_token: paginator.input_token.clone(),
                        output_token: paginator.output_token.clone(),
                        more_results: more_results.cloned(),
                        limit_key: paginator.limit_key.clone(),
                        result_key: result_key.cloned(),
                    },
                );
            }
        }
        lowered
    }

    /// How the paginator's input and output tokens (each a structure and a member of it, both
    /// already checked to be strings or maps) cannot carry the same value, if they cannot: a
    /// token is read from one page's output and sent in the next input, so the two must be
    /// plain strings (not enums) or members of the same shape.
    fn token_mismatch(&self, input: (&str, &str), output: (&str, &str)) -> Option<String> {
        let target = |(structure, member): (&str, &str)| {
            let shape = self.lookup(structure)?;
            let name = &shape.members.as_ref()?.get(member)?.shape;
            Some((name, self.lookup(name)?))
        };
        let ((in_name, in_shape), (out_name, out_shape)) = (target(input)?, target(output)?);
        let plain_string = |shape: &raw::Shape| {
            shape.shape_type == ShapeType::String && shape.enum_values.is_none()
        };
        if plain_string(in_shape) && plain_string(out_shape)
            || in_name == out_name && in_shape.shape_type == ShapeType::Map
        {
            return None;
        }
        Some(format!(
            "the input token {} ({}) and the output token {} ({}) do not hold the same kind of value",
            quote(input.1),
            quote(in_name),
            quote(output.1),
            quote(out_name)
        ))
    }

    /// Checks that `member` is a member of `structure`, reporting a fault if not; says how its
    /// type differs from `types`, if it does.
    fn paginator_member(
        &mut self,
        path: JsonPath,
        structure: &str,
        member: &str,
        types: &[ShapeType],
        expected: &str,
    ) -> Option<String> {
        let shape = self.lookup(structure)?;
        let Some(target) = shape
            .members
            .as_ref()
            .and_then(|members| members.get(member))
        else {
            self.fault(
                path,
                format!("{} is not a member of {}", quote(member), quote(structure)),
            );
            return None;
        };
        let target_shape = self.lookup(&target.shape)?;
        (!types.contains(&target_shape.shape_type)).then(|| {
            format!(
                "member {} of {} is {}, expected {expected}",
                quote(member),
                quote(structure),
                a_shape(target_shape.shape_type)
            )
        })
    }

    /// Which shapes are recursive, and which structure members must be boxed; reports cycles
    /// of required members, which admit no finite value.
    fn recursion(&mut self) -> (BTreeSet<String>, BTreeSet<(String, String)>) {
        let names: Vec<&String> = {
            let mut names: Vec<&String> = self.raw.shapes.keys().collect();
            names.sort();
            names
        };
        let index: BTreeMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, name)| (name.as_str(), i))
            .collect();
        let mut all = vec![Vec::new(); names.len()];
        // Structure → structure edges, with their member names; the required ones apart.
        let mut direct: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
        let mut direct_members: Vec<Vec<&str>> = vec![Vec::new(); names.len()];
        let mut required: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
        let mut required_members: Vec<Vec<&str>> = vec![Vec::new(); names.len()];
        for (from, name) in names.iter().enumerate() {
            let Some(shape) = self.lookup(name) else {
                continue;
            };
            let required_names: BTreeSet<&str> = shape
                .required
                .iter()
                .flatten()
                .map(String::as_str)
                .collect();
            let targets: Vec<(&str, Option<&str>)> = match shape.shape_type {
                ShapeType::Structure => shape
                    .members
                    .iter()
                    .flatten()
                    .map(|(member, m)| (m.shape.as_str(), Some(member.as_str())))
                    .collect(),
                ShapeType::List => shape
                    .member
                    .iter()
                    .map(|m| (m.shape.as_str(), None))
                    .collect(),
                ShapeType::Map => shape
                    .key
                    .iter()
                    .chain(shape.value.iter())
                    .map(|m| (m.shape.as_str(), None))
                    .collect(),
                _ => Vec::new(),
            };
            for (target, member) in targets {
                let Some(&to) = index.get(target) else {
                    continue;
                };
                all[from].push(to);
                let Some(member) = member else { continue };
                if self.lookup(target).map(|t| t.shape_type) == Some(ShapeType::Structure) {
                    direct[from].push(to);
                    direct_members[from].push(member);
                    if required_names.contains(member) {
                        required[from].push(to);
                        required_members[from].push(member);
                    }
                }
            }
        }
        let recursive = graph::on_cycle(&all)
            .into_iter()
            .enumerate()
            .filter(|&(_, cyclic)| cyclic)
            .map(|(i, _)| names[i].clone())
            .collect();
        let boxed = graph::back_edges(&direct)
            .into_iter()
            .map(|edge| {
                (
                    names[edge.from].clone(),
                    direct_members[edge.from][edge.edge].to_owned(),
                )
            })
            .collect();
        for edge in graph::back_edges(&required) {
            // The cycle as seen from the member that closes it: from, target, ..., from.
            let from = names[edge.from].as_str();
            let inner = &edge.cycle[..edge.cycle.len().saturating_sub(2)];
            let mut cycle: Vec<&str> = vec![from];
            cycle.extend(inner.iter().map(|&i| names[i].as_str()));
            cycle.push(from);
            self.fault(
                member_path(names[edge.from], required_members[edge.from][edge.edge]),
                format!(
                    "required members form a cycle {}, so no finite value exists",
                    cycle.join(" -> ")
                ),
            );
        }
        (recursive, boxed)
    }
}

/// Whether `text` looks like `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::is_date;
    use crate::load_service;

    /// A valid JSON RPC model with one operation, changed by `edit`.
    fn json_model(edit: impl FnOnce(&mut Value)) -> String {
        let mut model = json!({
            "metadata": {
                "apiVersion": "2020-01-01", "endpointPrefix": "x", "jsonVersion": "1.1",
                "protocol": "json", "serviceFullName": "X", "serviceId": "X",
                "signatureVersion": "v4", "signingName": "x", "targetPrefix": "X"
            },
            "operations": {
                "Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"},
                       "input": {"shape": "In"}, "output": {"shape": "Out"}}
            },
            "shapes": {
                "In": {"type": "structure", "members": {"A": {"shape": "S"}}},
                "Out": {"type": "structure", "members": {}},
                "S": {"type": "string"},
                "E": {"type": "structure", "exception": true,
                      "error": {"httpStatusCode": 500}, "members": {}}
            }
        });
        edit(&mut model);
        model.to_string()
    }

    /// A valid rest-json model with one operation `GET /things/{Id}`, changed by `edit`.
    fn rest_model(edit: impl FnOnce(&mut Value)) -> String {
        json_model(|model| {
            model["metadata"]["protocol"] = json!("rest-json");
            model["operations"]["Op"]["http"] =
                json!({"method": "GET", "requestUri": "/things/{Id}"});
            model["shapes"]["In"] = json!({"type": "structure", "required": ["Id"],
                "members": {"Id": {"shape": "S", "location": "uri"}}});
            edit(model);
        })
    }

    fn faults(text: &str) -> Vec<String> {
        match load_service(text, None) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.lines(),
        }
    }

    #[test]
    fn bindings_are_decided_by_location_and_shape() {
        use crate::model::{Binding, Bound, PayloadKind, Scalar};
        let model = rest_model(|m| {
            let shapes = &mut m["shapes"];
            shapes["T"] = json!({"type": "timestamp"});
            shapes["Epoch"] = json!({"type": "timestamp", "timestampFormat": "unixTimestamp"});
            shapes["Ints"] = json!({"type": "list", "member": {"shape": "I"}});
            shapes["I"] = json!({"type": "integer"});
            shapes["Strings"] = json!({"type": "list", "member": {"shape": "S"}});
            shapes["Params"] =
                json!({"type": "map", "key": {"shape": "S"}, "value": {"shape": "Strings"}});
            shapes["Meta"] = json!({"type": "map", "key": {"shape": "S"}, "value": {"shape": "S"}});
            shapes["B"] = json!({"type": "blob"});
            shapes["In"]["members"] = json!({
                "Id": {"shape": "T", "location": "uri"},
                "Since": {"shape": "T", "location": "querystring"},
                "At": {"shape": "T", "location": "header", "locationName": "x-at"},
                "Epoch": {"shape": "Epoch", "location": "querystring", "locationName": "e"},
                "Counts": {"shape": "Ints", "location": "header", "locationName": "x-counts"},
                "Rest": {"shape": "Params", "location": "querystring"},
                "Meta": {"shape": "Meta", "location": "headers", "locationName": "x-meta-"},
                "Body": {"shape": "B"}
            });
            shapes["In"]["payload"] = json!("Body");
        });
        let service = load_service(&model, None).expect("loads");
        let input = service.structure("In").unwrap();
        let binding = |name: &str| input.member(name).unwrap().binding;
        use crate::model::TimestampFormat::*;
        assert_eq!(binding("Id"), Binding::Label(Scalar::Timestamp(Iso8601)));
        assert_eq!(
            binding("Since"),
            Binding::Query(Bound::One(Scalar::Timestamp(Iso8601)))
        );
        assert_eq!(
            binding("At"),
            Binding::Header(Bound::One(Scalar::Timestamp(Rfc822)))
        );
        assert_eq!(
            binding("Epoch"),
            Binding::Query(Bound::One(Scalar::Timestamp(UnixTimestamp)))
        );
        assert_eq!(
            binding("Counts"),
            Binding::Header(Bound::List(Scalar::Integer))
        );
        assert_eq!(
            binding("Rest"),
            Binding::QueryMap {
                key: Scalar::String,
                value: Bound::List(Scalar::String)
            }
        );
        assert_eq!(
            binding("Meta"),
            Binding::PrefixHeaders {
                key: Scalar::String,
                value: Scalar::String
            }
        );
        assert_eq!(binding("Body"), Binding::Payload(PayloadKind::Blob));
    }

    #[test]
    fn base_models_load() {
        assert_eq!(faults(&json_model(|_| {})), Vec::<String>::new());
        assert_eq!(faults(&rest_model(|_| {})), Vec::<String>::new());
        let service = load_service(&json_model(|_| {}), None).expect("valid");
        assert_eq!(
            service.metadata.protocol,
            crate::model::Protocol::AwsJson1_1
        );
    }

    #[test]
    fn patterns_with_look_around_compile() {
        for pattern in [r"(?!\s)^[\s\S]+(?<!\s)", r"(?!\s*$)[\s\S]+"] {
            assert!(regress::Regex::new(pattern).is_ok(), "{pattern}");
            let model = json_model(|m| m["shapes"]["S"]["pattern"] = json!(pattern));
            assert_eq!(faults(&model), Vec::<String>::new(), "{pattern}");
        }
    }

    #[test]
    fn idempotency_token_must_be_a_string() {
        let model = json_model(|m| {
            m["shapes"]["N"] = json!({"type": "integer"});
            m["shapes"]["In"]["members"]["T"] = json!({"shape": "N", "idempotencyToken": true});
        });
        assert_eq!(
            faults(&model),
            ["shapes.In.members.T.idempotencyToken: an idempotency token must be a string, \"N\" is an integer shape"]
        );
    }

    #[test]
    fn input_and_output_must_not_be_errors() {
        let model = json_model(|m| m["operations"]["Op"]["output"] = json!({"shape": "E"}));
        assert_eq!(
            faults(&model),
            ["operations.Op.output.shape: \"E\" is an error structure, expected a plain structure"]
        );
    }

    #[test]
    fn duplicate_errors_are_one_error() {
        // As botocore reads it: an error listed twice is listed once.
        let model = json_model(|m| {
            m["operations"]["Op"]["errors"] = json!([{"shape": "E"}, {"shape": "E"}]);
        });
        let service = load_service(&model, None).expect("loads");
        assert_eq!(service.operations["Op"].errors, ["E"]);
    }

    #[test]
    fn empty_location_names() {
        let model = json_model(|m| {
            m["shapes"]["In"]["members"]["A"]["locationName"] = json!("");
        });
        assert_eq!(
            faults(&model),
            ["shapes.In.members.A.locationName: must not be empty"]
        );
    }

    #[test]
    fn labels_need_an_input() {
        let model = rest_model(|m| {
            m["operations"]["Op"]
                .as_object_mut()
                .expect("object")
                .remove("input");
            m["shapes"].as_object_mut().expect("object").remove("In");
        });
        assert_eq!(
            faults(&model),
            ["operations.Op.http.requestUri: label {Id} needs an input structure to bind to"]
        );
    }

    #[test]
    fn query_and_header_maps() {
        let model = rest_model(|m| {
            m["shapes"]["Strings"] = json!({"type": "list", "member": {"shape": "S"}});
            m["shapes"]["Query"] =
                json!({"type": "map", "key": {"shape": "S"}, "value": {"shape": "Strings"}});
            m["shapes"]["Headers"] =
                json!({"type": "map", "key": {"shape": "S"}, "value": {"shape": "S"}});
            m["shapes"]["In"]["members"]["Q"] =
                json!({"shape": "Query", "location": "querystring"});
            m["shapes"]["In"]["members"]["H"] =
                json!({"shape": "Headers", "location": "headers", "locationName": "x-"});
            m["shapes"]["In"]["members"]["Many"] =
                json!({"shape": "Strings", "location": "header", "locationName": "x-many"});
        });
        assert_eq!(faults(&model), Vec::<String>::new());
        let model = rest_model(|m| {
            m["shapes"]["In"]["members"]["H"] = json!({"shape": "S", "location": "headers"});
            m["shapes"]["In"]["members"]["Q"] = json!({"shape": "In", "location": "querystring"});
        });
        assert_eq!(
            faults(&model),
            [
                "shapes.In.members.H.shape: a `headers` member must be a map of strings, \"S\" is a string shape",
                "shapes.In.members.Q.shape: a `querystring` member must be a scalar shape, a list of scalars or a map of strings, \"In\" is a structure shape",
            ]
        );
    }

    #[test]
    fn service_id_must_give_a_module_name() {
        let model = json_model(|m| m["metadata"]["serviceId"] = json!("123"));
        assert_eq!(
            faults(&model),
            ["metadata.serviceId: \"123\" gives no Rust module name"]
        );
    }

    #[test]
    fn a_broken_shape_is_not_also_an_unknown_shape() {
        // `S` is malformed: it is reported once, and `In.A` referring to it is not reported.
        let model = json_model(|m| m["shapes"]["S"]["bogus"] = json!(1));
        assert_eq!(
            faults(&model),
            ["shapes.S.bogus: unknown key, expected one of `type`, `documentation`, `members`, `required`, `exception`, `error`, `retryable`, `fault`, `union`, `document`, `payload`, `event`, `eventstream`, `synthetic`, `box`, `deprecated`, `deprecatedMessage`, `deprecatedSince`, `min`, `max`, `pattern`, `enum`, `sensitive`, `streaming`, `requiresLength`, `sparse`, `flattened`, `timestampFormat`, `member`, `key`, `value`"]
        );
    }

    fn warnings(text: &str, paginators: Option<&str>) -> Vec<String> {
        let service = load_service(text, paginators).expect("the model loads");
        service.warnings.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn botocore_defaults() {
        let model = json_model(|m| {
            m["metadata"]
                .as_object_mut()
                .expect("object")
                .remove("signingName");
            m["shapes"]["E"] = json!({"type": "structure", "exception": true, "members": {}});
            m["shapes"]["F"] =
                json!({"type": "structure", "exception": true, "fault": true, "members": {}});
            m["operations"]["Op"]["errors"] = json!([{"shape": "E"}, {"shape": "F"}]);
            // Shapes that become no Rust type may differ only in case; `__` names are botocore's.
            m["shapes"]["boolean"] = json!({"type": "boolean"});
            m["shapes"]["Boolean"] = json!({"type": "boolean", "box": true});
            m["shapes"]["__string"] = json!({"type": "string"});
            m["shapes"]["In"]["members"]["B"] = json!({"shape": "boolean"});
            m["shapes"]["In"]["members"]["C"] = json!({"shape": "__string", "box": true});
        });
        let service = load_service(&model, None).expect("loads");
        assert_eq!(service.metadata.signing_name, "x");
        let status = |name: &str| match &service.shapes[name].kind {
            crate::model::ShapeKind::Structure(s) => {
                let error = s.error.as_ref().expect("an error");
                (error.http_status_code, error.sender_fault)
            }
            _ => panic!("a structure"),
        };
        assert_eq!(status("E"), (400, true));
        assert_eq!(status("F"), (500, false));
        assert_eq!(service.shapes["__string"].type_name, "String");
    }

    #[test]
    fn hyphenated_labels() {
        let model = rest_model(|m| {
            m["operations"]["Op"]["http"]["requestUri"] = json!("/things/{resource-arn}");
            m["shapes"]["In"]["members"]["Id"]["locationName"] = json!("resource-arn");
        });
        let service = load_service(&model, None).expect("loads");
        let label = service.operations["Op"]
            .http
            .uri
            .labels()
            .next()
            .expect("a label");
        assert_eq!(
            (label.name.as_str(), label.member.as_str()),
            ("resource-arn", "Id")
        );
    }

    #[test]
    fn vocabulary_is_read_and_used() {
        let model = json_model(|m| {
            m["metadata"]["auth"] = json!(["aws.auth#sigv4"]);
            m["metadata"]["protocols"] = json!(["json"]);
            m["metadata"]["awsQueryCompatible"] = json!({});
            m["clientContextParams"] = json!({"P": {"type": "string", "documentation": "d"}});
            let op = &mut m["operations"]["Op"];
            op["deprecated"] = json!(true);
            op["deprecatedMessage"] = json!("use Other");
            op["readonly"] = json!(true);
            op["auth"] = json!(["smithy.api#noAuth"]);
            op["staticContextParams"] = json!({"ApiType": {"value": "ControlPlane"}});
            op["output"]["documentation"] = json!("<p>The result.</p>");
            op["errors"] = json!([{"shape": "E", "documentation": "<p>When it fails.</p>"}]);
            m["shapes"]["S"]["sensitive"] = json!(true);
            m["shapes"]["S"]["deprecated"] = json!(true);
            m["shapes"]["In"]["sensitive"] = json!(true);
            m["shapes"]["In"]["members"]["A"]["deprecated"] = json!(true);
            m["shapes"]["In"]["members"]["A"]["deprecatedSince"] = json!("2024-01-01");
            m["shapes"]["In"]["members"]["A"]["contextParam"] = json!({"name": "A"});
            m["shapes"]["N"] = json!({"type": "integer", "sensitive": true, "box": true});
        });
        let service = load_service(&model, None).expect("loads");
        let op = &service.operations["Op"];
        assert_eq!(
            op.deprecated.as_ref().and_then(|d| d.message.as_deref()),
            Some("use Other")
        );
        assert_eq!(op.auth, crate::model::Auth::None);
        assert_eq!(
            op.output_documentation.as_deref(),
            Some("<p>The result.</p>")
        );
        assert_eq!(op.error_documentation["E"], "<p>When it fails.</p>");
        assert!(service.shapes["S"].sensitive && service.shapes["S"].deprecated.is_some());
        assert!(service.shapes["In"].sensitive && service.shapes["N"].sensitive);
        let crate::model::ShapeKind::Structure(input) = &service.shapes["In"].kind else {
            panic!("a structure");
        };
        assert_eq!(
            input.members[0]
                .deprecated
                .as_ref()
                .and_then(|d| d.since.as_deref()),
            Some("2024-01-01")
        );
        // A key outside the vocabulary is still an error, where it is.
        let model = json_model(|m| m["operations"]["Op"]["readOnly"] = json!(true));
        assert_eq!(faults(&model).len(), 1);
        assert!(faults(&model)[0].starts_with("operations.Op.readOnly: unknown key"));
    }

    #[test]
    fn unsupported_features_are_one_fault_each() {
        let model = json_model(|m| {
            m["shapes"]["B1"] = json!({"type": "blob", "streaming": true});
            m["shapes"]["B"] = json!({"type": "blob", "streaming": true});
        });
        let errors = load_service(&model, None).expect_err("refused");
        let lines = errors.lines();
        assert_eq!(
            lines,
            ["needs streaming bodies, not supported yet: shape \"B\", shape \"B1\""]
        );
        assert!(errors
            .faults()
            .iter()
            .all(|fault| fault.unsupported.is_some()));
        let bearer = json_model(|m| m["metadata"]["signatureVersion"] = json!("bearer"));
        assert_eq!(
            faults(&bearer),
            ["needs authentication other than SigV4, not supported yet: metadata.signatureVersion bearer"]
        );
    }

    #[test]
    fn host_prefixes_bind_their_labels_to_host_label_strings() {
        let model = json_model(|m| {
            m["shapes"]["In"]["members"]["A"]["hostLabel"] = json!(true);
            m["operations"]["Op"]["endpoint"] = json!({"hostPrefix": "data.{A}-x."});
        });
        let service = load_service(&model, None).expect("loads");
        let prefix = service.operations["Op"]
            .host_prefix
            .as_ref()
            .expect("a prefix");
        assert_eq!(
            prefix.segments,
            [
                crate::model::HostSegment::Literal("data.".into()),
                crate::model::HostSegment::Label("A".into()),
                crate::model::HostSegment::Literal("-x.".into()),
            ]
        );
        let model = json_model(|m| {
            m["shapes"]["N"] = json!({"type": "integer"});
            m["shapes"]["In"]["members"]["N"] = json!({"shape": "N", "hostLabel": true});
            m["operations"]["Op"]["endpoint"] = json!({"hostPrefix": "{A}.{N}.{Z}.a_b."});
        });
        assert_eq!(
            faults(&model),
            [
                "operations.Op.endpoint.hostPrefix: \"_\" is not allowed in a host name, in \"{A}.{N}.{Z}.a_b.\"",
            ]
        );
        let model = json_model(|m| {
            m["shapes"]["N"] = json!({"type": "integer"});
            m["shapes"]["In"]["members"]["N"] = json!({"shape": "N", "hostLabel": true});
            m["operations"]["Op"]["endpoint"] = json!({"hostPrefix": "{A}.{N}.{Z}."});
        });
        assert_eq!(
            faults(&model),
            [
                "operations.Op.endpoint.hostPrefix: label {A} names a member without `hostLabel: true`",
                "operations.Op.endpoint.hostPrefix: label {N} names a member that is not a string",
                "operations.Op.endpoint.hostPrefix: label {Z} is not a member of the operation's input",
            ]
        );
    }

    #[test]
    fn payloads_are_the_body_and_the_rest_is_bound() {
        let model = rest_model(|m| {
            m["shapes"]["B"] = json!({"type": "blob"});
            m["shapes"]["Out"] = json!({"type": "structure", "payload": "Data",
                "members": {"Data": {"shape": "B"}, "Tag": {"shape": "S", "location": "header", "locationName": "x-tag"}}});
            m["operations"]["Op"]["output"] = json!({"shape": "Out"});
        });
        let service = load_service(&model, None).expect("loads");
        let out = service.structure("Out").unwrap();
        assert_eq!(out.payload().map(|m| m.name.as_str()), Some("Data"));
        assert!(!out.payload().unwrap().in_json_object());
        let model = rest_model(|m| {
            m["shapes"]["N"] = json!({"type": "integer"});
            m["shapes"]["Out"] = json!({"type": "structure", "payload": "Count",
                "members": {"Count": {"shape": "N"}, "Loose": {"shape": "S"}}});
            m["shapes"]["Out2"] = json!({"type": "structure", "payload": "Missing", "members": {}});
            m["operations"]["Op"]["output"] = json!({"shape": "Out"});
        });
        assert_eq!(
            faults(&model),
            [
                "shapes.Out.members.Loose: must be bound to the URI, query string or headers: member \"Count\" is the body",
                "shapes.Out.payload: a payload must be a structure, blob or string, \"N\" is an integer shape",
                "shapes.Out2.payload: \"Missing\" is not a member of the structure",
            ]
        );
    }

    #[test]
    fn json_values_are_strings() {
        let model = json_model(|m| {
            m["shapes"]["In"]["members"]["J"] = json!({"shape": "S", "jsonvalue": true});
        });
        // In a body, JSON text is a plain string; in a header, it travels base64-encoded.
        let service = load_service(&model, None).expect("loads");
        let binding = |service: &crate::model::Service| {
            service
                .structure("In")
                .unwrap()
                .member("J")
                .unwrap()
                .binding
        };
        assert_eq!(binding(&service), crate::model::Binding::Body);
        let model = rest_model(|m| {
            m["shapes"]["In"]["members"]["J"] = json!({"shape": "S", "jsonvalue": true, "location": "header", "locationName": "x-j"});
        });
        let service = load_service(&model, None).expect("loads");
        assert_eq!(
            binding(&service),
            crate::model::Binding::Header(crate::model::Bound::One(
                crate::model::Scalar::JsonValue
            ))
        );
        let model = json_model(|m| {
            m["shapes"]["N"] = json!({"type": "integer"});
            m["shapes"]["In"]["members"]["J"] = json!({"shape": "N", "jsonvalue": true});
        });
        assert_eq!(
            faults(&model),
            ["shapes.In.members.J.jsonvalue: a `jsonvalue` member must be a string holding JSON text, \"N\" is an integer shape"]
        );
    }

    #[test]
    fn patterns_never_stop_generation() {
        let model = json_model(|m| {
            m["shapes"]["S"]["pattern"] = json!("(unbalanced");
            m["shapes"]["T"] = json!({"type": "string", "pattern": "(?s).{1,5}"});
            m["shapes"]["In"]["members"]["T"] = json!({"shape": "T"});
        });
        assert_eq!(
            warnings(&model, None),
            ["shapes.S.pattern: \"(unbalanced\" is not checked: a group is not closed"]
        );
        let service = load_service(&model, None).expect("loads");
        assert_eq!(service.unchecked_patterns["S"], "(unbalanced");
        let crate::model::ShapeKind::String(t) = &service.shapes["T"].kind else {
            panic!("a string");
        };
        assert_eq!(
            t.pattern.as_ref().map(|p| p.source.as_str()),
            Some(r"[\s\S]{1,5}")
        );
    }

    #[test]
    fn paginators_that_cannot_be_followed_are_left_out() {
        let model = json_model(|m| {
            m["shapes"]["Tok"] =
                json!({"type": "map", "key": {"shape": "S"}, "value": {"shape": "S"}});
            m["shapes"]["L"] = json!({"type": "list", "member": {"shape": "S"}});
            m["shapes"]["In"]["members"]["T"] = json!({"shape": "Tok"});
            m["shapes"]["In"]["members"]["N"] = json!({"shape": "S"});
            m["shapes"]["Out"]["members"] = json!({
                "T": {"shape": "Tok"}, "N": {"shape": "S"}, "A": {"shape": "L"}, "B": {"shape": "L"}
            });
        });
        let pages = |paginator: Value| json!({"pagination": {"Op": paginator}}).to_string();
        // A map as the token (botocore's DynamoDB) pages, when both tokens are that map.
        let map_token = pages(json!({"input_token": "T", "output_token": "T"}));
        let service = load_service(&model, Some(&map_token)).expect("loads");
        assert!(service.operations["Op"].paginator.is_some());
        assert!(service.warnings.is_empty());
        // Tokens of different kinds cannot be followed.
        let mixed = pages(json!({"input_token": "T", "output_token": "N"}));
        assert_eq!(
            warnings(&model, Some(&mixed)),
            ["pagination.Op.output_token: the input token \"T\" (\"Tok\") and the output token \"N\" (\"S\") do not hold the same kind of value: operation \"Op\" is generated without `into_paginator`"]
        );
        let list = pages(json!({"input_token": "N", "output_token": "A"}));
        assert_eq!(
            warnings(&model, Some(&list)),
            ["pagination.Op.output_token: member \"A\" of \"Out\" is a list shape, expected a string or a map: operation \"Op\" is generated without `into_paginator`"]
        );
        // `more_results` must be a boolean.
        let more = pages(json!({"input_token": "N", "output_token": "N", "more_results": "N"}));
        assert_eq!(
            warnings(&model, Some(&more)),
            ["pagination.Op.more_results: member \"N\" of \"Out\" is a string shape, expected a boolean: operation \"Op\" is generated without `into_paginator`"]
        );
        // A path as the token.
        let path = pages(json!({"input_token": "N", "output_token": "Out.N[-1]"}));
        assert_eq!(warnings(&model, Some(&path)).len(), 1);
        // Several result keys: pages, but no one item type.
        let several = pages(json!({"input_token": "N", "output_token": "N",
            "result_key": ["A", "B"], "non_aggregate_keys": ["T"]}));
        let service = load_service(&model, Some(&several)).expect("loads");
        let paginator = service.operations["Op"].paginator.as_ref().expect("pages");
        assert_eq!(paginator.result_key, None);
        assert!(service.warnings.is_empty());
        // A result key that is not a list: pages without `into_items`.
        let scalar = pages(json!({"input_token": "N", "output_token": "N", "result_key": "N"}));
        let service = load_service(&model, Some(&scalar)).expect("loads");
        assert!(service.operations["Op"].paginator.is_some());
        assert_eq!(service.warnings.len(), 1);
    }

    #[test]
    fn shared_inputs_are_copied_per_operation() {
        let model = json_model(|m| {
            m["operations"]["Other"] = json!({"name": "Other",
                "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "In"}});
            // The first name for Op's copy is taken by a shape.
            m["shapes"]["OpInput"] = json!({"type": "structure", "members": {}});
        });
        let service = load_service(&model, None).expect("loads");
        // `In` is named after neither: the first operation by name keeps it.
        assert_eq!(service.operations["Op"].input.as_deref(), Some("In"));
        assert_eq!(
            service.operations["Other"].input.as_deref(),
            Some("OtherInput")
        );
        assert_eq!(service.shapes["OtherInput"].type_name, "OtherInput");
        let members = |name: &str| match &service.shapes[name].kind {
            crate::model::ShapeKind::Structure(s) => (s.members.clone(), s.builder_name.clone()),
            _ => panic!("a structure"),
        };
        assert_eq!(members("OtherInput").0, members("In").0);
        assert_eq!(members("OtherInput").1, "OtherInputBuilder");
        // An input named after one of its operations stays that operation's.
        let model = json_model(|m| {
            m["operations"]["Other"] = json!({"name": "Other",
                "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "OtherRequest"}});
            m["operations"]["Op"]["input"] = json!({"shape": "OtherRequest"});
            m["shapes"]["OtherRequest"] = m["shapes"]["In"].clone();
            m["shapes"]["OpInput"] = json!({"type": "structure", "members": {}});
        });
        let service = load_service(&model, None).expect("loads");
        assert_eq!(
            service.operations["Other"].input.as_deref(),
            Some("OtherRequest")
        );
        assert_eq!(service.operations["Op"].input.as_deref(), Some("OpInput2"));
    }

    #[test]
    fn unions_are_read() {
        let model = json_model(|m| {
            m["shapes"]["U"] = json!({"type": "structure", "union": true,
                "members": {"A": {"shape": "S"}, "a": {"shape": "S"}, "Unknown": {"shape": "S"}}});
            m["shapes"]["In"]["members"]["U"] = json!({"shape": "U"});
        });
        let service = load_service(&model, None).expect("loads");
        let crate::model::ShapeKind::Structure(union) = &service.shapes["U"].kind else {
            panic!("a structure");
        };
        assert!(union.union);
        let variants: Vec<&str> = union
            .members
            .iter()
            .map(|m| m.variant_name.as_str())
            .collect();
        assert_eq!(variants, ["A", "A2", "Unknown2"]);
        let model = json_model(|m| {
            m["shapes"]["U"] = json!({"type": "structure", "union": true, "required": ["A"],
                "members": {"A": {"shape": "S"}}});
            m["operations"]["Op"]["input"] = json!({"shape": "U"});
        });
        assert_eq!(
            faults(&model),
            [
                "operations.Op.input.shape: \"U\" is a union, expected a structure",
                "shapes.U.required: not allowed on a union",
            ]
        );
    }

    #[test]
    fn dates() {
        assert!(is_date("2022-03-31"));
        assert!(!is_date("2022-3-31"));
        assert!(!is_date("2022/03/31"));
        assert!(!is_date("2022-03-310"));
    }
}
