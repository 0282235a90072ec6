//! What changed between two versions of a service model, compared as models, and whom each
//! change breaks among the two kinds of users of a generated crate: the **caller** (the
//! client) and the **implementer** (the server trait).
//!
//! The classification follows what the generated code does:
//! - structures, enums, unions and error enums are `#[non_exhaustive]` and built with
//!   builders, so an added optional member, enum value or error breaks nobody;
//! - server trait methods have default bodies, so an added operation breaks nobody;
//! - a required member is a plain field and an optional one an `Option`, so making a member
//!   required or optional changes its type for whoever reads it;
//! - a value is *produced* by the caller in an input and by the implementer in an output (and
//!   an error), so a new required member or a tightened constraint breaks the producer.
//!
//! [`diff`] compares two services, [`diff_models`] two model folders' services by name,
//! [`Bump`] and [`next_version`] give the crate's next semantic version, and [`render_text`]
//! writes the report.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::model::{Range, Service, ShapeId, ShapeKind, StringShape, Structure};

/// What kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A service is in the new model only.
    ServiceAdded,
    /// A service is in the old model only.
    ServiceRemoved,
    /// An operation is new.
    OperationAdded,
    /// An operation is gone.
    OperationRemoved,
    /// A structure has a new member.
    MemberAdded,
    /// A structure lost a member.
    MemberRemoved,
    /// A member became required.
    MemberRequired,
    /// A member became optional.
    MemberOptional,
    /// A member, an operation's input or output, or a shape has another type.
    TypeChanged,
    /// An enum has a new value.
    EnumValueAdded,
    /// An enum lost a value.
    EnumValueRemoved,
    /// A length, range or pattern lets fewer values through (or others: a changed pattern).
    ConstraintTightened,
    /// A length, range or pattern lets more values through.
    ConstraintRelaxed,
    /// An operation may answer a new error.
    ErrorAdded,
    /// An operation no longer lists an error.
    ErrorRemoved,
    /// An operation pages now.
    PaginationAdded,
    /// An operation no longer pages.
    PaginationRemoved,
    /// An operation pages with other members.
    PaginationChanged,
    /// An idempotency token, or an operation's idempotency, came or went.
    IdempotencyChanged,
}

/// Whether a change breaks one kind of user, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Impact {
    /// Whether code or calls that worked before may fail now.
    pub breaking: bool,
    /// Why, in a sentence.
    pub reason: String,
}

impl Impact {
    fn breaking(reason: impl Into<String>) -> Self {
        Self {
            breaking: true,
            reason: reason.into(),
        }
    }

    fn fine(reason: impl Into<String>) -> Self {
        Self {
            breaking: false,
            reason: reason.into(),
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind.
    pub kind: Kind,
    /// What changed: an operation (`SendTextMessage`), a member (`SendTextMessageRequest.
    /// MessageBody`), or a shape (`MessageType`).
    pub target: String,
    /// The change, in words (`added, required`; `value PROMOTIONAL removed`).
    pub detail: String,
    /// What it does to callers (clients).
    pub caller: Impact,
    /// What it does to implementers (servers).
    pub implementer: Impact,
}

/// What changed in one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceDiff {
    /// The service's module name (`pinpointsmsvoicev2`).
    pub service: String,
    /// The changes, by kind, then target.
    pub changes: Vec<Change>,
    /// How many documentation texts changed (of the service, operations, shapes, members).
    pub documentation_changes: usize,
}

impl ServiceDiff {
    /// How many changes break callers, and how many implementers.
    pub fn breaking(&self) -> (usize, usize) {
        (
            self.changes.iter().filter(|c| c.caller.breaking).count(),
            self.changes
                .iter()
                .filter(|c| c.implementer.breaking)
                .count(),
        )
    }
}

/// How a crate's version moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Only documentation changed.
    Patch,
    /// Something was added, nothing broken.
    Minor,
    /// Something breaks a caller or an implementer.
    Major,
}

/// The bump the changes call for.
pub fn bump(diffs: &[ServiceDiff]) -> Bump {
    let changes = || diffs.iter().flat_map(|d| &d.changes);
    if changes().any(|c| c.caller.breaking || c.implementer.breaking) {
        Bump::Major
    } else if changes().next().is_some() {
        Bump::Minor
    } else if diffs.iter().any(|d| d.documentation_changes > 0) {
        Bump::Patch
    } else {
        Bump::None
    }
}

/// `current` (`MAJOR.MINOR.PATCH`) moved by `bump`, as Cargo reads versions: below 1.0.0 a
/// breaking change moves the minor number and anything else the patch number.
pub fn next_version(current: &str, bump: Bump) -> Result<String, String> {
    let parts: Vec<u64> = current
        .split('.')
        .map(|p| p.parse::<u64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("{current:?} is not a version of the form MAJOR.MINOR.PATCH"))?;
    let [major, minor, patch] = parts[..] else {
        return Err(format!(
            "{current:?} is not a version of the form MAJOR.MINOR.PATCH"
        ));
    };
    Ok(match (bump, major) {
        (Bump::None, _) => current.to_owned(),
        (Bump::Major, 0) => format!("0.{}.0", minor + 1),
        (Bump::Major, _) => format!("{}.0.0", major + 1),
        (Bump::Minor, 0) | (Bump::Patch, _) => format!("{major}.{minor}.{}", patch + 1),
        (Bump::Minor, _) => format!("{major}.{}.0", minor + 1),
    })
}

/// Which way values of a shape travel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Use {
    /// In some operation's input: callers make the values.
    input: bool,
    /// In some operation's output or error: implementers make the values.
    output: bool,
}

/// Every shape reachable from an operation, and which way it travels.
fn uses(service: &Service) -> BTreeMap<String, Use> {
    let mut uses: BTreeMap<String, Use> = BTreeMap::new();
    let mut mark = |root: ShapeId, input: bool| {
        let mut stack = vec![root];
        let mut seen = BTreeSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let shape = &service[id];
            let entry = uses.entry(shape.name.clone()).or_default();
            if input {
                entry.input = true;
            } else {
                entry.output = true;
            }
            stack.extend(shape.kind.children());
        }
    };
    for operation in service.operations.values() {
        if let Some(input) = operation.input {
            mark(input.into(), true);
        }
        let errors = operation.errors.iter().map(|error| error.shape);
        for output in operation.output.into_iter().chain(errors) {
            mark(output.into(), false);
        }
    }
    uses
}

/// Who makes the values of a shape used `way`, as the sides a tightening breaks.
fn producers(way: Use, what: &str) -> (Impact, Impact) {
    let caller = if way.input {
        Impact::breaking(format!("{what}: values callers send may now be refused"))
    } else {
        Impact::fine("callers do not send it")
    };
    let implementer = if way.output {
        Impact::breaking(format!(
            "{what}: values implementers answer may no longer be valid"
        ))
    } else {
        Impact::fine("implementers do not answer it")
    };
    (caller, implementer)
}

/// Compares two ranges: whether the new one lets fewer values through somewhere, and
/// whether it lets more through somewhere.
fn compare_range<T: PartialOrd + Copy>(old: &Range<T>, new: &Range<T>) -> (bool, bool) {
    let mut tighter = false;
    let mut looser = false;
    match (old.min, new.min) {
        (None, Some(_)) => tighter = true,
        (Some(_), None) => looser = true,
        (Some(a), Some(b)) if b > a => tighter = true,
        (Some(a), Some(b)) if b < a => looser = true,
        _ => {}
    }
    match (old.max, new.max) {
        (None, Some(_)) => tighter = true,
        (Some(_), None) => looser = true,
        (Some(a), Some(b)) if b < a => tighter = true,
        (Some(a), Some(b)) if b > a => looser = true,
        _ => {}
    }
    (tighter, looser)
}

fn show_range<T: std::fmt::Display>(range: &Range<T>) -> String {
    match (&range.min, &range.max) {
        (None, None) => "none".to_owned(),
        (Some(min), None) => format!("{min}.."),
        (None, Some(max)) => format!("..={max}"),
        (Some(min), Some(max)) => format!("{min}..={max}"),
    }
}

/// A Rust type as generated code writes it, without paths (`Vec<String>`).
fn readable(tokens: &str) -> String {
    let mut text: String = tokens.chars().filter(|c| !c.is_whitespace()).collect();
    for path in [
        "::std::string::",
        "::std::vec::",
        "::std::collections::",
        "::std::boxed::",
        "::std::option::",
        "::servicemodel_runtime::",
        "super::",
    ] {
        text = text.replace(path, "");
    }
    text
}

/// The Rust type of a member's value.
fn rust_type(service: &Service, member: &crate::model::Member) -> String {
    readable(&crate::emit::member_value_type(service, member).to_string())
}

/// Collects the changes of one service.
struct Differ<'a> {
    old: &'a Service,
    new: &'a Service,
    uses: BTreeMap<String, Use>,
    changes: Vec<Change>,
    documentation: usize,
}

impl Differ<'_> {
    fn push(
        &mut self,
        kind: Kind,
        target: impl Into<String>,
        detail: impl Into<String>,
        caller: Impact,
        implementer: Impact,
    ) {
        self.changes.push(Change {
            kind,
            target: target.into(),
            detail: detail.into(),
            caller,
            implementer,
        });
    }

    fn way(&self, shape: &str) -> Use {
        self.uses.get(shape).copied().unwrap_or_default()
    }

    fn documentation(&mut self, old: &Option<String>, new: &Option<String>) {
        if old != new {
            self.documentation += 1;
        }
    }

    fn operations(&mut self) {
        let (old, new) = (self.old, self.new);
        self.documentation(&old.documentation, &new.documentation);
        for name in old
            .operations
            .keys()
            .filter(|n| !new.operations.contains_key(*n))
        {
            self.push(
                Kind::OperationRemoved,
                name,
                "removed",
                Impact::breaking("its client method is gone"),
                Impact::breaking(
                    "its trait method is gone, so an implementation of it no longer compiles",
                ),
            );
        }
        for (name, operation) in &new.operations {
            let Some(before) = old.operations.get(name) else {
                self.push(
                    Kind::OperationAdded,
                    name,
                    "added",
                    Impact::fine("a new client method"),
                    Impact::fine(
                        "a new trait method with a default body (it answers not implemented)",
                    ),
                );
                continue;
            };
            self.documentation(&before.documentation, &operation.documentation);
            let (old, new) = (self.old, self.new);
            for (side, was, is) in [
                (
                    "input",
                    before.input.map(|id| old.name_of(id)),
                    operation.input.map(|id| new.name_of(id)),
                ),
                (
                    "output",
                    before.output.map(|id| old.name_of(id)),
                    operation.output.map(|id| new.name_of(id)),
                ),
            ] {
                if was != is {
                    self.push(
                        Kind::TypeChanged,
                        name,
                        format!(
                            "{side} {} → {}",
                            was.unwrap_or("none"),
                            is.unwrap_or("none")
                        ),
                        Impact::breaking(format!("the method's {side} type changes")),
                        Impact::breaking(format!("the trait method's {side} type changes")),
                    );
                }
            }
            let was: Vec<&str> = before.errors.iter().map(|e| old.name_of(e.shape)).collect();
            let is: Vec<&str> = operation
                .errors
                .iter()
                .map(|e| new.name_of(e.shape))
                .collect();
            for error in was.iter().filter(|e| !is.contains(e)) {
                self.push(
                    Kind::ErrorRemoved,
                    name,
                    format!("error {error} removed"),
                    Impact::breaking(format!("the error enum's {error} variant is gone")),
                    Impact::breaking(format!("{error} can no longer be answered")),
                );
            }
            for error in is.iter().filter(|e| !was.contains(e)) {
                self.push(
                    Kind::ErrorAdded,
                    name,
                    format!("error {error} added"),
                    Impact::fine("the error enum is non-exhaustive"),
                    Impact::fine(format!("{error} may now be answered")),
                );
            }
            match (&before.paginator, &operation.paginator) {
                (None, Some(_)) => self.push(
                    Kind::PaginationAdded,
                    name,
                    "pages now",
                    Impact::fine("a paginator is added"),
                    Impact::fine("answers may carry a page token"),
                ),
                (Some(_), None) => self.push(
                    Kind::PaginationRemoved,
                    name,
                    "no longer pages",
                    Impact::breaking("its paginator is gone"),
                    Impact::fine("answers need no page token"),
                ),
                (Some(a), Some(b)) if a != b => self.push(
                    Kind::PaginationChanged,
                    name,
                    format!(
                        "pages with {} / {} instead of {} / {}",
                        b.input_token, b.output_token, a.input_token, a.output_token
                    ),
                    Impact::breaking("its paginator follows other members"),
                    Impact::breaking("the page token moves to other members"),
                ),
                _ => {}
            }
            if before.idempotent != operation.idempotent {
                self.push(
                    Kind::IdempotencyChanged,
                    name,
                    if operation.idempotent {
                        "now idempotent"
                    } else {
                        "no longer idempotent"
                    },
                    Impact::fine("only how retries are judged changes"),
                    Impact::fine("only how retries are judged changes"),
                );
            }
        }
    }

    fn shapes(&mut self) {
        let (old, new) = (self.old, self.new);
        for (id, shape) in new.shapes.iter() {
            let name = shape.name.as_str();
            let Some(before_id) = old.shapes.id(name) else {
                continue;
            };
            let before = &old[before_id];
            self.documentation(&before.documentation, &shape.documentation);
            let way = self.way(name);
            if let (ShapeKind::Structure(a), ShapeKind::Structure(b)) = (&before.kind, &shape.kind)
            {
                self.structure(name, a, b, way);
                continue;
            }
            let (was, is) = (
                readable(&crate::emit::shape_type(old, before_id).to_string()),
                readable(&crate::emit::shape_type(new, id).to_string()),
            );
            if was != is {
                self.type_changed(name, format!("{was} → {is}"));
                continue;
            }
            self.constraints(name, &before.kind, &shape.kind, way);
        }
    }

    /// The constraint and enum changes between two shapes of the same Rust type.
    fn constraints(&mut self, name: &str, before: &ShapeKind, after: &ShapeKind, way: Use) {
        {
            match (before, after) {
                (ShapeKind::String(a), ShapeKind::String(b)) => self.string(name, a, b, way),
                (ShapeKind::Integer(a), ShapeKind::Integer(b))
                | (ShapeKind::Long(a), ShapeKind::Long(b)) => self.range(name, "range", a, b, way),
                (ShapeKind::Double(a), ShapeKind::Double(b))
                | (ShapeKind::Float(a), ShapeKind::Float(b)) => {
                    self.range(name, "range", a, b, way)
                }
                (ShapeKind::Blob(a), ShapeKind::Blob(b)) => {
                    self.range(name, "length", &a.length, &b.length, way)
                }
                (ShapeKind::List(a), ShapeKind::List(b)) => {
                    self.range(name, "length", &a.length, &b.length, way);
                }
                (ShapeKind::Map(a), ShapeKind::Map(b)) => {
                    self.range(name, "length", &a.length, &b.length, way);
                }
                _ => {}
            }
        }
    }

    fn type_changed(&mut self, target: &str, detail: String) {
        self.push(
            Kind::TypeChanged,
            target,
            detail,
            Impact::breaking("its Rust type changes"),
            Impact::breaking("its Rust type changes"),
        );
    }

    fn range<T: PartialOrd + Copy + std::fmt::Display>(
        &mut self,
        name: &str,
        what: &str,
        old: &Range<T>,
        new: &Range<T>,
        way: Use,
    ) {
        let (tighter, looser) = compare_range(old, new);
        let detail = format!("{what} {} → {}", show_range(old), show_range(new));
        if tighter {
            let (caller, implementer) = producers(way, &format!("a narrower {what}"));
            self.push(Kind::ConstraintTightened, name, detail, caller, implementer);
        } else if looser {
            self.push(
                Kind::ConstraintRelaxed,
                name,
                detail,
                Impact::fine("every value accepted before still is"),
                Impact::fine("every value accepted before still is"),
            );
        }
    }

    fn string(&mut self, name: &str, old: &StringShape, new: &StringShape, way: Use) {
        self.range(name, "length", &old.length, &new.length, way);
        match (&old.pattern, &new.pattern) {
            (a, b) if a == b => {}
            (Some(_), None) => self.push(
                Kind::ConstraintRelaxed,
                name,
                "pattern removed",
                Impact::fine("every value accepted before still is"),
                Impact::fine("every value accepted before still is"),
            ),
            (a, b) => {
                let (caller, implementer) = producers(way, "another pattern");
                let detail = match a {
                    None => format!(
                        "pattern {} added",
                        b.as_ref().map_or("", |p| p.source.as_str())
                    ),
                    Some(a) => format!(
                        "pattern {} → {}",
                        a.source,
                        b.as_ref().map_or("", |p| p.source.as_str())
                    ),
                };
                self.push(Kind::ConstraintTightened, name, detail, caller, implementer);
            }
        }
        let values = |s: &StringShape| -> Vec<String> {
            s.enum_values
                .iter()
                .flatten()
                .map(|v| v.value.clone())
                .collect()
        };
        let (before, after) = (values(old), values(new));
        for value in before.iter().filter(|v| !after.contains(v)) {
            self.push(
                Kind::EnumValueRemoved,
                name,
                format!("value {value} removed"),
                Impact::breaking(format!("the {value} variant is gone")),
                Impact::breaking(format!("the {value} variant is gone")),
            );
        }
        for value in after.iter().filter(|v| !before.contains(v)) {
            self.push(
                Kind::EnumValueAdded,
                name,
                format!("value {value} added"),
                Impact::fine("the enum is non-exhaustive"),
                Impact::fine("the enum is non-exhaustive"),
            );
        }
    }

    fn structure(&mut self, name: &str, old: &Structure, new: &Structure, way: Use) {
        for member in &old.members {
            if new.member(&member.name).is_none() {
                self.push(
                    Kind::MemberRemoved,
                    format!("{name}.{}", member.name),
                    "removed",
                    Impact::breaking("the field is gone"),
                    Impact::breaking("the field is gone"),
                );
            }
        }
        for member in &new.members {
            let target = format!("{name}.{}", member.name);
            let Some(before) = old.member(&member.name) else {
                let (caller, implementer) = match (member.required && !new.union, way) {
                    (true, way) => (
                        if way.input {
                            Impact::breaking("a new required input member: calls must now set it")
                        } else {
                            Impact::fine("callers only read it")
                        },
                        if way.output {
                            Impact::breaking(
                                "a new required output member: answers must now set it",
                            )
                        } else {
                            Impact::fine("implementers only read it")
                        },
                    ),
                    (false, _) => (
                        Impact::fine("an optional member of a non-exhaustive type"),
                        Impact::fine("an optional member of a non-exhaustive type"),
                    ),
                };
                let detail = if member.required && !new.union {
                    "added, required"
                } else {
                    "added, optional"
                };
                self.push(Kind::MemberAdded, target, detail, caller, implementer);
                continue;
            };
            self.documentation(&before.documentation, &member.documentation);
            let (x, y) = (&self.old[before.shape], &self.new[member.shape]);
            if x.name != y.name {
                // Another shape: a change only if the Rust type differs, or its constraints.
                let (was, is) = (rust_type(self.old, before), rust_type(self.new, member));
                if was != is {
                    let (a, b) = (&x.name, &y.name);
                    self.type_changed(&target, format!("{was} → {is} (shape {a} → {b})"));
                } else {
                    self.constraints(&target, &x.kind, &y.kind, way);
                }
            }
            if before.required != member.required && !new.union {
                let becomes = if member.required {
                    "required"
                } else {
                    "optional"
                };
                let kind = if member.required {
                    Kind::MemberRequired
                } else {
                    Kind::MemberOptional
                };
                let caller = if member.required && way.input {
                    Impact::breaking("calls must now set it, and its field is no longer an Option")
                } else if way.output {
                    Impact::breaking("its field changes between Option<T> and T")
                } else {
                    Impact::fine("callers may now leave it out")
                };
                let implementer = if member.required && way.output {
                    Impact::breaking(
                        "answers must now set it, and its field is no longer an Option",
                    )
                } else if way.input {
                    Impact::breaking("its field changes between Option<T> and T")
                } else {
                    Impact::fine("implementers may now leave it out")
                };
                self.push(
                    kind,
                    target.clone(),
                    format!("now {becomes}"),
                    caller,
                    implementer,
                );
            }
            if before.idempotency_token != member.idempotency_token {
                self.push(
                    Kind::IdempotencyChanged,
                    target,
                    if member.idempotency_token {
                        "now an idempotency token"
                    } else {
                        "no longer an idempotency token"
                    },
                    Impact::fine("only whether the client fills it with a UUID when unset changes"),
                    Impact::fine("the field stays as it is"),
                );
            }
        }
    }
}

/// What changed from `old` to `new`, two versions of one service.
pub fn diff(old: &Service, new: &Service) -> ServiceDiff {
    let mut ways = uses(old);
    for (name, way) in uses(new) {
        let entry = ways.entry(name).or_default();
        entry.input |= way.input;
        entry.output |= way.output;
    }
    let mut differ = Differ {
        old,
        new,
        uses: ways,
        changes: Vec::new(),
        documentation: 0,
    };
    differ.operations();
    differ.shapes();
    let mut changes = differ.changes;
    changes.sort_by(|a, b| (a.kind, &a.target, &a.detail).cmp(&(b.kind, &b.target, &b.detail)));
    ServiceDiff {
        service: new.module_name.clone(),
        changes,
        documentation_changes: differ.documentation,
    }
}

/// The changes between two models' services, matched by module name; a service in one model
/// only is added or removed whole.
pub fn diff_models(old: &[Service], new: &[Service]) -> Vec<ServiceDiff> {
    let old_by: BTreeMap<&str, &Service> =
        old.iter().map(|s| (s.module_name.as_str(), s)).collect();
    let new_by: BTreeMap<&str, &Service> =
        new.iter().map(|s| (s.module_name.as_str(), s)).collect();
    let names: BTreeSet<&str> = old_by.keys().chain(new_by.keys()).copied().collect();
    names
        .into_iter()
        .map(|name| match (old_by.get(name), new_by.get(name)) {
            (Some(a), Some(b)) => diff(a, b),
            (None, _) => ServiceDiff {
                service: name.to_owned(),
                changes: vec![Change {
                    kind: Kind::ServiceAdded,
                    target: name.to_owned(),
                    detail: "added".to_owned(),
                    caller: Impact::fine("a new module"),
                    implementer: Impact::fine("a new module"),
                }],
                documentation_changes: 0,
            },
            (Some(_), None) => ServiceDiff {
                service: name.to_owned(),
                changes: vec![Change {
                    kind: Kind::ServiceRemoved,
                    target: name.to_owned(),
                    detail: "removed".to_owned(),
                    caller: Impact::breaking("its module is gone"),
                    implementer: Impact::breaking("its module is gone"),
                }],
                documentation_changes: 0,
            },
        })
        .collect()
}

fn kind_words(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::ServiceAdded => ("service added", "services added"),
        Kind::ServiceRemoved => ("service removed", "services removed"),
        Kind::OperationAdded => ("operation added", "operations added"),
        Kind::OperationRemoved => ("operation removed", "operations removed"),
        Kind::MemberAdded => ("member added", "members added"),
        Kind::MemberRemoved => ("member removed", "members removed"),
        Kind::MemberRequired => ("member made required", "members made required"),
        Kind::MemberOptional => ("member made optional", "members made optional"),
        Kind::TypeChanged => ("type changed", "types changed"),
        Kind::EnumValueAdded => ("enum value added", "enum values added"),
        Kind::EnumValueRemoved => ("enum value removed", "enum values removed"),
        Kind::ConstraintTightened => ("constraint tightened", "constraints tightened"),
        Kind::ConstraintRelaxed => ("constraint relaxed", "constraints relaxed"),
        Kind::ErrorAdded => ("error added", "errors added"),
        Kind::ErrorRemoved => ("error removed", "errors removed"),
        Kind::PaginationAdded => ("paginator added", "paginators added"),
        Kind::PaginationRemoved => ("paginator removed", "paginators removed"),
        Kind::PaginationChanged => ("paginator changed", "paginators changed"),
        Kind::IdempotencyChanged => ("idempotency change", "idempotency changes"),
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One line per service: the changes counted by kind, and the breaking ones
/// (`3 operations added; 1 breaking change for callers`).
pub fn summary(diff: &ServiceDiff) -> String {
    let mut kinds: BTreeMap<Kind, usize> = BTreeMap::new();
    for change in &diff.changes {
        *kinds.entry(change.kind).or_default() += 1;
    }
    let mut parts: Vec<String> = kinds
        .into_iter()
        .map(|(kind, n)| {
            let (one, many) = kind_words(kind);
            count(n, one, many)
        })
        .collect();
    if diff.documentation_changes > 0 {
        parts.push(count(
            diff.documentation_changes,
            "documentation change",
            "documentation changes",
        ));
    }
    if parts.is_empty() {
        return "no changes".to_owned();
    }
    let (callers, implementers) = diff.breaking();
    parts.push(format!(
        "{} for callers, {} for implementers",
        count(callers, "breaking change", "breaking changes"),
        implementers
    ));
    parts.join("; ")
}

/// The report as text: per service its summary, then the breaking changes with their
/// reasons, then the others.
pub fn render_text(diffs: &[ServiceDiff]) -> String {
    let mut out = String::new();
    for diff in diffs {
        let _ = writeln!(out, "{}: {}", diff.service, summary(diff));
        let breaking: Vec<&Change> = diff
            .changes
            .iter()
            .filter(|c| c.caller.breaking || c.implementer.breaking)
            .collect();
        if !breaking.is_empty() {
            let _ = writeln!(out, "  breaking:");
            for change in breaking {
                let _ = writeln!(out, "    {}: {}", change.target, change.detail);
                for (who, impact) in [
                    ("callers", &change.caller),
                    ("implementers", &change.implementer),
                ] {
                    if impact.breaking {
                        let _ = writeln!(out, "      breaks {who}: {}", impact.reason);
                    }
                }
            }
        }
        let compatible: Vec<&Change> = diff
            .changes
            .iter()
            .filter(|c| !c.caller.breaking && !c.implementer.breaking)
            .collect();
        if !compatible.is_empty() {
            let _ = writeln!(out, "  not breaking:");
            for change in compatible {
                let _ = writeln!(out, "    {}: {}", change.target, change.detail);
            }
        }
    }
    out
}
