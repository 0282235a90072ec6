//! The raw mirror → the checked, typed [`Service`]: every check, every name.
//!
//! Each step reports what it finds and goes on, so one run reports every fault; the typed
//! form is only assembled when nothing was found. [`lower`] runs the steps in order; each
//! lives in a file of its own, which lists the faults it can raise: [`metadata`], [`shapes`],
//! [`structures`] (with the members' bindings from [`super::bind`]), [`operations`],
//! [`paginators`], [`recursion`]. This file holds what they share: the [`Lower`] context with
//! its fault and warning lists, and the paths of faults.

use std::collections::{BTreeMap, BTreeSet};

use crate::fault::{Fault, JsonPath};
use crate::load::parse::{RawPaginators, RawService};
use crate::load::uri::{parse_host_prefix, parse_uri, quote};
use crate::load::{bind, graph, pattern};
use crate::model::raw::{self, Location, ShapeType};
use crate::model::{
    Auth, Binding, BlobShape, Deprecation, EnumValue, ErrorInfo, ErrorRoles, HostPrefix,
    HostSegment, Http, HttpMethod, ListShape, MapShape, Member, Metadata, Operation,
    OperationError, Paginator, Pattern, Protocol, Range, Reach, Retryable, Service, Shape, ShapeId,
    ShapeKind, Shapes, StringShape, Structure, StructureId, TimestampShape, UriSegment,
    UriTemplate,
};
use crate::naming::{self, Namespace};

mod metadata;
mod operations;
mod paginators;
mod recursion;
mod shapes;
mod structures;
#[cfg(test)]
mod tests;

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
        ids: BTreeMap::new(),
        input_copies: BTreeMap::new(),
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
    cx.input_copies = input_copies(raw, &mut cx.types);
    // Every name the model gives a shape (well formed or not), and every copied input, gets
    // an id, in name order.
    let mut names: Vec<&String> = raw
        .shapes
        .keys()
        .chain(cx.input_copies.values().map(|copy| &copy.name))
        .collect();
    names.sort();
    cx.ids = names
        .into_iter()
        .enumerate()
        .map(|(index, name)| (name.clone(), ShapeId::new(index)))
        .collect();
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
    let input_copies = std::mem::take(&mut cx.input_copies);
    let ids = std::mem::take(&mut cx.ids);
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
    for copy in input_copies.values() {
        let mut shape = shapes.get(&copy.of)?.clone();
        shape.type_name.clone_from(&copy.name);
        shape.name.clone_from(&copy.name);
        if let ShapeKind::Structure(structure) = &mut shape.kind {
            structure.builder_name = naming::builder_name(&copy.name);
        }
        shapes.insert(copy.name.clone(), shape);
    }
    let order: Vec<&String> = raw.shapes.keys().collect();
    let pattern_statics = name_checks(&order, &mut shapes);
    let shapes = Shapes::assemble(ids, shapes)?;
    let type_name = naming::type_name(&metadata.service_id);
    let error_roles = ErrorRoles::of(&shapes);
    let reach = Reach::of(&shapes, &operations);
    Some(Service {
        module_name: naming::module_name(&metadata.service_id),
        api_trait_name: format!("{}Api", naming::bare(&type_name)),
        type_name,
        metadata,
        documentation: raw.documentation.clone(),
        operations,
        source: None,
        deprecated: deprecation(raw.deprecated, raw.deprecated_message.as_ref(), None),
        pattern_statics,
        unchecked_patterns,
        warnings,
        shapes,
        error_roles,
        reach,
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

/// A copy of an input structure that several operations share.
struct InputCopy {
    /// The copy's name, which is also its type name.
    name: String,
    /// The structure copied.
    of: String,
}

/// Gives each operation an input type of its own, since an operation's input type is what
/// identifies it to the client and the server: operation name → the copy of its input it
/// gets. An input structure that several operations share (DynamoDB's
/// `KinesisStreamingDestinationInput`) stays the input of one of them, the one it is named
/// after (`<Operation>Input` or `<Operation>Request`), else the first by name; each of the
/// others gets a copy named `<Operation>Input` (or, if a shape or type has that name, the
/// first free `<Operation>Input<N>`), from the service module's namespace `types`.
fn input_copies(raw: &RawService, types: &mut Namespace) -> BTreeMap<String, InputCopy> {
    let mut users: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, operation) in &raw.operations {
        if let Some(input) = operation.as_ref().and_then(|op| op.input.as_ref()) {
            users.entry(&input.shape).or_default().push(name);
        }
    }
    let mut copies = BTreeMap::new();
    for (input, mut users) in users.into_iter().filter(|(_, users)| users.len() > 1) {
        users.sort_unstable();
        let owner = users
            .iter()
            .find(|op| input == format!("{op}Input") || input == format!("{op}Request"))
            .unwrap_or(&users[0]);
        for operation in users.iter().filter(|op| *op != owner) {
            let mut name = types.claim(format!("{operation}Input"));
            while raw.shapes.contains_key(&name) {
                name = types.claim(name);
            }
            copies.insert(
                (*operation).to_owned(),
                InputCopy {
                    name,
                    of: input.to_owned(),
                },
            );
        }
    }
    copies
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
    /// Shape name → its id, for every name the model gives a shape and every input copy.
    ids: BTreeMap<String, ShapeId>,
    /// Operation name → the copy of its input it gets, when several operations share one.
    input_copies: BTreeMap<String, InputCopy>,
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

    /// The id of shape `name`, if the model has one by that name (reporting nothing).
    fn id(&self, name: &str) -> Option<ShapeId> {
        self.ids.get(name).copied()
    }

    /// The id of shape `name` as a structure, if the model has a structure by that name
    /// (reporting nothing).
    fn structure_id(&self, name: &str) -> Option<StructureId> {
        let shape = self.lookup(name)?;
        if shape.shape_type != ShapeType::Structure {
            return None;
        }
        self.id(name).map(StructureId::checked)
    }

    /// The shape `name` if it exists and is well formed, reporting nothing.
    fn lookup(&self, name: &str) -> Option<&'a raw::Shape> {
        match self.target(name) {
            Target::Shape(shape) => Some(shape),
            Target::Unknown | Target::Broken => None,
        }
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
