//! The raw mirror → the checked, typed [`Service`]: every check, every name.
//!
//! Each step reports what it finds and goes on, so one run reports every fault; the typed
//! form is only assembled when nothing was found. [`lower`] runs the steps in order, each in
//! a file of its own that lists the faults it can raise:
//!
//! 1. [`metadata`]: the service's metadata and protocol;
//! 2. [`names`]: every Rust name and every shape id, given out before anything is built;
//! 3. [`recursion`] and [`paginators`]: what the shape graph and `paginators-1.json` decide;
//! 4. [`shapes`] and [`structures`] (with the members' bindings from [`super::bind`]): each
//!    shape built whole, with its names, ids, recursion and boxing;
//! 5. [`operations`]: each operation built whole, with its paginator, then the members'
//!    locations checked against the operations' use of them;
//! 6. assembly (here): copied inputs, pattern statics, the arena, error roles, reachability.
//!
//! No step patches what an earlier one built. This file holds what the steps share: the
//! [`Lower`] context with its fault and warning lists, and the paths of faults.

use std::collections::{BTreeMap, BTreeSet};

use crate::fault::{Fault, JsonPath};
use crate::load::parse::{RawPaginators, RawService};
use crate::load::uri::{parse_host_prefix, parse_uri, quote, ParsedUri};
use crate::load::{bind, graph, pattern};
use crate::model::raw::{self, Location, ShapeType};
use crate::model::{
    AuthScheme, Binding, BlobShape, ChecksumAlgorithm, Checksums, Deprecation, EnumValue,
    ErrorInfo, ErrorRoles, EventStreamUnion, HostPrefix, HostSegment, Http, HttpMethod, ListShape,
    MapShape, Member, Metadata, Operation, OperationError, Paginator, Pattern, PayloadKind,
    Protocol, Range, Reach, Retryable, Service, Shape, ShapeId, ShapeKind, Shapes, StringShape,
    Structure, StructureId, TimestampShape,
};
use crate::naming::{self, Namespace};

mod metadata;
mod names;
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
        check_fns: BTreeMap::new(),
        validate_names: Namespace::default(),
        recursive: BTreeSet::new(),
        boxed: BTreeSet::new(),
        paginators_of: BTreeMap::new(),
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
    let service_auth = metadata
        .as_ref()
        .map(|metadata| metadata.auth.clone())
        .unwrap_or_default();
    cx.name_everything();
    cx.recursion();
    if let Some(paginators) = paginators {
        cx.paginators_of = cx.paginators(paginators);
    }

    let mut shapes = BTreeMap::new();
    for (name, shape) in &raw.shapes {
        if let Some(shape) = shape.as_ref().and_then(|shape| cx.shape(name, shape)) {
            shapes.insert(name.clone(), shape);
        }
    }
    let roles = cx.roles();
    let mut operations = BTreeMap::new();
    for (name, operation) in &raw.operations {
        if let Some(operation) = operation
            .as_ref()
            .and_then(|operation| cx.operation(name, operation, protocol, &service_auth))
        {
            operations.insert(name.clone(), operation);
        }
    }
    if let Some(protocol) = protocol {
        cx.check_locations(protocol, &roles);
        cx.check_streams(protocol, &roles);
    }
    cx.report_unsupported();
    if faults_found(&cx, start) {
        return None;
    }

    // Assembly: the copied inputs, the patterns' statics, the arena, and what the loader
    // decides over the whole service.
    for copy in cx.input_copies.values() {
        let mut shape = shapes.get(&copy.of)?.clone();
        shape.type_name.clone_from(&copy.name);
        shape.name.clone_from(&copy.name);
        if let ShapeKind::Structure(structure) = &mut shape.kind {
            structure.builder_name = naming::builder_name(&copy.name);
        }
        shapes.insert(copy.name.clone(), shape);
    }
    let pattern_statics = cx.name_pattern_statics(&shapes);
    let mut warnings = std::mem::take(&mut cx.warnings);
    warnings.sort();
    warnings.dedup();
    let unchecked_patterns = std::mem::take(&mut cx.unchecked_patterns);
    let shapes = Shapes::assemble(std::mem::take(&mut cx.ids), shapes)?;
    let metadata = metadata?;
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
        left_out: Vec::new(),
        shapes,
        error_roles,
        reach,
    })
}

/// Whether a fault was found since `start`, or the raw form has a shape or operation that
/// could not be read (its fault is the parser's).
fn faults_found(cx: &Lower<'_>, start: usize) -> bool {
    cx.faults.len() > start
        || cx.raw.shapes.values().any(Option::is_none)
        || cx.raw.operations.values().any(Option::is_none)
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
    input_copies: BTreeMap<String, names::InputCopy>,
    /// Shape name → its check function, for every shape that is not a structure.
    check_fns: BTreeMap<String, String>,
    /// The `validate` module's names given out so far.
    validate_names: Namespace,
    /// The shapes that can contain themselves.
    recursive: BTreeSet<String>,
    /// The (structure, member) pairs whose field is boxed.
    boxed: BTreeSet<(String, String)>,
    /// Operation name → how it pages.
    paginators_of: BTreeMap<String, Paginator>,
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

/// One fault per feature (`event streams`) the generator does not support yet, listing the
/// first of the places (`shape "B"`) where the model uses it and counting the rest.
pub(crate) fn unsupported_faults(
    places_by_feature: BTreeMap<&str, BTreeSet<String>>,
) -> impl Iterator<Item = Fault> + '_ {
    places_by_feature.into_iter().map(|(feature, places)| {
        let listed: Vec<&str> = places
            .iter()
            .take(UNSUPPORTED_LISTED)
            .map(String::as_str)
            .collect();
        let mut detail = listed.join(", ");
        if places.len() > listed.len() {
            detail += &format!(" and {} more", places.len() - listed.len());
        }
        Fault::unsupported(JsonPath::root(), feature, detail)
    })
}

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
        let unsupported = std::mem::take(&mut self.unsupported);
        self.faults.extend(unsupported_faults(unsupported));
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
