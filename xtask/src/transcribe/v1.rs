//! Transcriber for v1, Amazon Pinpoint SMS and Voice (REST with JSON bodies, API version
//! 2018-09-05).
//!
//! The full API reference (`000_*.txt`) is the source of the model. Its text is parsed into a
//! typed form that keeps line numbers ([`Reference`]: resources, their methods with parameter
//! and response tables, the JSON schemas, and the Properties sections), then checked and
//! lowered into the `service-2.json` value ([`build_model`]): request and response schemas
//! against the Properties, URIs against the path parameters, the status code of every error
//! across operations, shapes repeated in several resources against each other.
//!
//! The two partial extractions (`001_*.txt`, the Voice Message resource, and `002_*.txt`, the
//! Event Destination resource) are reduced to their facts (operations, URIs, parameters,
//! responses, shapes, members, enum values) and compared with the full reference, which wins.
//! Every disagreement must be recorded in the overlay, and every overlay entry must be used,
//! so the overlay stays a short, reviewed and exhaustive list of what the text does not give.

use super::Transcribed;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;
use std::path::Path;

use anyhow::{anyhow, bail, ensure, Context, Result};
use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// File-name prefix of the full reference.
const FULL: &str = "000";
/// File-name prefixes of the partial extractions, compared with the full reference.
const EXTRACTS: [&str; 2] = ["001", "002"];
const VERBS: [&str; 7] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
const PARAM_HEADER: [&str; 4] = ["Name", "Type", "Required", "Description"];
const RESPONSE_HEADER: [&str; 3] = ["Status code", "Response model", "Description"];

/// Transcribes the v1 reference in `seeds_dir` into the service model, with the reviewed
/// corrections of the overlay at `overlay_path`.
pub fn transcribe(seeds_dir: &Path, overlay_path: &Path) -> Result<Transcribed> {
    let overlay = Overlay::load(overlay_path)?;
    let mut used = vec![0usize; overlay.renames.len()];
    let full = Source::load(seeds_dir, FULL)?;
    let reference = parse_reference(&full, &overlay, &mut used)?;

    let mut found = Vec::new();
    for seed in EXTRACTS {
        let src = Source::load(seeds_dir, seed)?;
        let facts = extract_facts(&src)?;
        let res = matching_resource(&reference, &facts).with_context(|| {
            format!(
                "{}: no resource of {} has its operations",
                src.name, full.name
            )
        })?;
        for d in compare_facts(&reference_facts(res), &facts) {
            found.push((seed.to_string(), d));
        }
    }
    check_disagreements(&overlay, &found)?;
    for (rename, count) in overlay.renames.iter().zip(&used) {
        ensure!(
            *count > 0,
            "overlay: rename of {:?} to {:?} in {} matched nothing in {}; remove the entry",
            rename.from,
            rename.to,
            rename.scope,
            full.name
        );
    }
    build_model(&full, &reference, &overlay)
}

// ---------------------------------------------------------------------------------------------
// The overlay

/// The reviewed corrections: what the transcriber cannot derive from the text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Overlay {
    /// Facts about the service that the reference does not print.
    metadata: MetadataEntry,
    /// Extraction slips in the full reference, corrected where they occur.
    #[serde(default)]
    renames: Vec<Rename>,
    /// Where a partial extraction disagrees with the full reference (which wins).
    #[serde(default)]
    disagreements: Vec<DisagreementEntry>,
    /// Shapes the model names otherwise than the reference's tables do, because the service
    /// answers with the other name (the one a schema of the reference gives): applied to the
    /// finished model, to the shape and every reference to it.
    #[serde(default)]
    shape_names: Vec<ShapeName>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShapeName {
    from: String,
    to: String,
    reason: String,
}

/// Renames shape `from` to `to` in a finished model: its key under `shapes` and every
/// `"shape": from` reference (operations' input, output and errors, members, list members,
/// map keys and values).
fn rename_shape(service: &mut Value, from: &str, to: &str) -> Result<()> {
    let shapes = service
        .get_mut("shapes")
        .and_then(Value::as_object_mut)
        .context("the model has shapes")?;
    ensure!(
        !shapes.contains_key(to),
        "overlay: shape_names: the model already has a shape {to:?}"
    );
    let shape = shapes.remove(from).with_context(|| {
        format!("overlay: shape_names: the model has no shape {from:?}; remove the entry")
    })?;
    shapes.insert(to.to_owned(), shape);
    fn walk(value: &mut Value, from: &str, to: &str) {
        match value {
            Value::Object(map) => {
                for (key, inner) in map.iter_mut() {
                    if key == "shape" && inner.as_str() == Some(from) {
                        *inner = Value::String(to.to_owned());
                    } else {
                        walk(inner, from, to);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| walk(item, from, to)),
            _ => {}
        }
    }
    walk(service, from, to);
    // Shapes are kept sorted by name.
    if let Some(shapes) = service.get_mut("shapes").and_then(Value::as_object_mut) {
        let mut sorted: Vec<(String, Value)> = std::mem::take(shapes).into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        shapes.extend(sorted);
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetadataEntry {
    value: Metadata,
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Metadata {
    endpoint_prefix: String,
    protocol: String,
    service_full_name: String,
    service_id: String,
    signature_version: String,
    signing_name: String,
    uid: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rename {
    #[serde(rename = "in")]
    scope: RenameScope,
    from: String,
    to: String,
    reason: String,
}

/// Where a rename applies.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
enum RenameScope {
    /// Member names in the Properties sections.
    MemberNames,
    /// `<Name> schema` headings of the response bodies.
    SchemaHeadings,
}

impl fmt::Display for RenameScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RenameScope::MemberNames => "member-names",
            RenameScope::SchemaHeadings => "schema-headings",
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DisagreementEntry {
    /// File-name prefix of the extraction (`001`).
    seed: String,
    /// The full reference's value.
    full: String,
    /// The extraction's value.
    extract: String,
    /// Every place the disagreement occurs, as the comparison names it.
    at: Vec<String>,
    reason: String,
}

impl Overlay {
    fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the overlay {}", path.display()))?;
        let overlay: Overlay = serde_json::from_str(&text)
            .with_context(|| format!("parsing the overlay {}", path.display()))?;
        ensure!(
            !overlay.metadata.reason.trim().is_empty(),
            "overlay: metadata has no reason"
        );
        for r in &overlay.renames {
            ensure!(
                !r.reason.trim().is_empty(),
                "overlay: rename of {:?} has no reason",
                r.from
            );
        }
        for d in &overlay.disagreements {
            ensure!(
                !d.reason.trim().is_empty(),
                "overlay: disagreement {:?}/{:?} of {} has no reason",
                d.full,
                d.extract,
                d.seed
            );
        }
        Ok(overlay)
    }

    /// `name`, corrected by the renames of `scope`; counts the uses of each rename.
    fn rename(&self, scope: RenameScope, name: &str, used: &mut [usize]) -> String {
        for (i, r) in self.renames.iter().enumerate() {
            if r.scope == scope && r.from == name {
                used[i] += 1;
                return r.to.clone();
            }
        }
        name.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// Source text

/// One reference file: its name (for messages) and its lines; line numbers are 1-based.
#[derive(Debug)]
struct Source {
    name: String,
    lines: Vec<String>,
}

impl Source {
    fn load(dir: &Path, prefix: &str) -> Result<Self> {
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("reading the seeds directory {}", dir.display()))?;
        let mut found = Vec::new();
        for entry in entries {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if name.starts_with(&format!("{prefix}_")) && name.ends_with(".txt") {
                found.push(name);
            }
        }
        found.sort();
        match found.as_slice() {
            [one] => {
                let text = std::fs::read_to_string(dir.join(one))
                    .with_context(|| format!("reading {one}"))?;
                Ok(Self::new(one, &text))
            }
            [] => bail!("no {prefix}_*.txt in the seeds directory {}", dir.display()),
            many => bail!("several {prefix}_*.txt in the seeds directory: {many:?}"),
        }
    }

    fn new(name: &str, text: &str) -> Self {
        Source {
            name: name.to_string(),
            lines: text
                .lines()
                .map(|l| l.trim_end_matches('\r').to_string())
                .collect(),
        }
    }

    /// All lines, as a range of line numbers.
    fn all(&self) -> Range<usize> {
        1..self.lines.len() + 1
    }

    fn raw(&self, no: usize) -> &str {
        &self.lines[no - 1]
    }

    /// The line, trimmed.
    fn t(&self, no: usize) -> &str {
        self.lines[no - 1].trim()
    }

    fn err(&self, no: usize, msg: impl fmt::Display) -> anyhow::Error {
        anyhow!("{}:{no}: {msg}", self.name)
    }

    /// The first line in `range` equal to `text` (trimmed, ASCII case-insensitive).
    fn find(&self, range: Range<usize>, text: &str) -> Option<usize> {
        range
            .into_iter()
            .find(|&n| self.t(n).eq_ignore_ascii_case(text))
    }

    fn next_nonblank(&self, range: Range<usize>) -> Option<usize> {
        range.into_iter().find(|&n| !self.t(n).is_empty())
    }
}

/// A paragraph: consecutive non-blank lines, trimmed.
#[derive(Debug, Clone, PartialEq)]
struct Para {
    line: usize,
    lines: Vec<String>,
}

fn paragraphs(src: &Source, range: Range<usize>) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut cur: Option<Para> = None;
    for n in range {
        let t = src.t(n);
        if t.is_empty() {
            out.extend(cur.take());
        } else if let Some(p) = cur.as_mut() {
            p.lines.push(t.to_string());
        } else {
            cur = Some(Para {
                line: n,
                lines: vec![t.to_string()],
            });
        }
    }
    out.extend(cur);
    out
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A shape name heading: `PascalCase`, not the `Note` marker of a note.
fn is_shape_name(s: &str) -> bool {
    is_ident(s)
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars().any(|c| c.is_ascii_lowercase())
        && s != "Note"
}

/// An enum value as the reference lists them: `INITIATED_CALL`.
fn is_enum_value(s: &str) -> bool {
    s.len() > 1
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn is_member_name(s: &str) -> bool {
    is_ident(s) && !is_enum_value(s) && s != "Note"
}

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "True" | "true" => Some(true),
        "False" | "false" => Some(false),
        _ => None,
    }
}

/// `[text](url)` becomes `text`.
fn strip_links(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        match after.find("](").and_then(|close| {
            after[close + 2..]
                .find(')')
                .map(|paren| (close, close + 2 + paren + 1))
        }) {
            Some((close, end)) => {
                out.push_str(&rest[..open]);
                out.push_str(&after[..close]);
                rest = &after[end..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A URI line without the markup the extraction left on it (code spans, italic labels).
fn clean_uri(s: &str) -> String {
    s.chars()
        .filter(|&c| c != '`' && c != '*')
        .collect::<String>()
        .trim()
        .to_string()
}

fn bullet(line: &str) -> Option<&str> {
    line.strip_prefix("- ")
        .or_else(|| line.strip_prefix('•'))
        .map(str::trim)
}

// ---------------------------------------------------------------------------------------------
// Types as the reference writes them

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Scalar {
    String,
    Boolean,
    Integer,
    Long,
    Float,
    Double,
    Timestamp,
    Blob,
}

impl Scalar {
    const ALL: [Scalar; 8] = [
        Scalar::String,
        Scalar::Boolean,
        Scalar::Integer,
        Scalar::Long,
        Scalar::Float,
        Scalar::Double,
        Scalar::Timestamp,
        Scalar::Blob,
    ];

    fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.json_type().eq_ignore_ascii_case(s))
    }

    /// The `type` in the model.
    fn json_type(self) -> &'static str {
        match self {
            Scalar::String => "string",
            Scalar::Boolean => "boolean",
            Scalar::Integer => "integer",
            Scalar::Long => "long",
            Scalar::Float => "float",
            Scalar::Double => "double",
            Scalar::Timestamp => "timestamp",
            Scalar::Blob => "blob",
        }
    }

    /// The shared shape of the unconstrained scalar.
    fn shape_name(self) -> &'static str {
        match self {
            Scalar::String => "String",
            Scalar::Boolean => "Boolean",
            Scalar::Integer => "Integer",
            Scalar::Long => "Long",
            Scalar::Float => "Float",
            Scalar::Double => "Double",
            Scalar::Timestamp => "Timestamp",
            Scalar::Blob => "Blob",
        }
    }

    /// The placeholders a request or response schema uses for this type.
    fn schema_words(self) -> &'static [&'static str] {
        match self {
            Scalar::String => &["string"],
            Scalar::Boolean => &["boolean"],
            Scalar::Integer | Scalar::Long => &["integer", "long", "number"],
            Scalar::Float | Scalar::Double => &["float", "double", "number"],
            Scalar::Timestamp => &["timestamp"],
            Scalar::Blob => &["blob", "string"],
        }
    }
}

/// A member's type: `string`, `[SnsDestination](#)`, `Array of type [EventType](#)`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum TypeRef {
    Scalar(Scalar),
    Named(String),
    List(Box<TypeRef>),
}

impl fmt::Display for TypeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::Scalar(s) => f.write_str(s.json_type()),
            TypeRef::Named(n) => f.write_str(n),
            TypeRef::List(t) => write!(f, "Array of type {t}"),
        }
    }
}

fn parse_type(text: &str) -> Result<TypeRef> {
    let s = strip_links(text);
    let s = s.trim();
    if let Some(rest) = s.strip_prefix("Array of type ") {
        return Ok(TypeRef::List(Box::new(parse_type(rest)?)));
    }
    if let Some(scalar) = Scalar::parse(s) {
        return Ok(TypeRef::Scalar(scalar));
    }
    if is_shape_name(s) {
        return Ok(TypeRef::Named(s.to_string()));
    }
    bail!("unknown type {text:?}")
}

// ---------------------------------------------------------------------------------------------
// The full reference, parsed

#[derive(Debug)]
struct Reference {
    welcome: Vec<Para>,
    api_version: String,
    resources: Vec<Resource>,
    /// The operation names of the closing "Operations" list, with their lines.
    index: Vec<(String, usize)>,
}

#[derive(Debug)]
struct Resource {
    title: String,
    /// The URI as printed, labels without braces.
    uri: String,
    uri_line: usize,
    methods: Vec<Method>,
    schemas: Vec<SchemaBlock>,
    shapes: Vec<DocShape>,
}

#[derive(Debug)]
struct Method {
    verb: String,
    line: usize,
    /// `None` for a method without an operation (the OPTIONS CORS preflight).
    op: Option<String>,
    doc: Vec<Para>,
    path: Vec<Param>,
    query: Vec<Param>,
    responses: Vec<Response>,
}

#[derive(Debug, Clone, PartialEq)]
struct Param {
    name: String,
    ty: String,
    required: bool,
    doc: String,
    line: usize,
}

#[derive(Debug, Clone, PartialEq)]
struct Response {
    code: u16,
    model: String,
    description: String,
    line: usize,
}

#[derive(Debug)]
struct SchemaBlock {
    /// An HTTP method for a request body, the response model's name for a response body.
    heading: String,
    line: usize,
    value: Sch,
}

/// A shape of a Properties section: a structure, an enum (with `enum_values`) or an empty
/// structure.
#[derive(Debug, Clone)]
struct DocShape {
    name: String,
    line: usize,
    doc: Vec<Para>,
    members: Vec<DocMember>,
    enum_values: Vec<String>,
}

#[derive(Debug, Clone)]
struct DocMember {
    name: String,
    line: usize,
    doc: Vec<Para>,
    /// The type as printed, for comparing with the extractions.
    ty_text: String,
    ty: TypeRef,
    required: bool,
}

impl DocShape {
    fn member(&self, name: &str) -> Option<&DocMember> {
        self.members.iter().find(|m| m.name == name)
    }

    fn is_enum(&self) -> bool {
        !self.enum_values.is_empty()
    }

    /// What two definitions of the shape must agree on (no line numbers).
    fn signature(&self) -> String {
        let mut s = format!("doc={:?};enum={:?};", doc_html(&self.doc), self.enum_values);
        for m in &self.members {
            s.push_str(&format!(
                "member {}: {} required={} doc={:?};",
                m.name,
                m.ty,
                m.required,
                doc_html(&m.doc)
            ));
        }
        s
    }
}

fn parse_reference(src: &Source, ov: &Overlay, used: &mut [usize]) -> Result<Reference> {
    let all = src.all();
    let welcome_h = src
        .find(all.clone(), "Welcome")
        .ok_or_else(|| anyhow!("{}: no \"Welcome\" heading", src.name))?;
    let regional = src
        .find(welcome_h + 1..all.end, "Regional Availability")
        .ok_or_else(|| {
            src.err(
                welcome_h,
                "no \"Regional Availability\" heading after \"Welcome\"",
            )
        })?;
    let welcome = paragraphs(src, welcome_h + 1..regional);
    ensure!(
        !welcome.is_empty(),
        src.err(welcome_h, "the \"Welcome\" section is empty")
    );
    let api_version = find_api_version(src)?;

    let resources_h = src
        .find(regional..all.end, "Resources")
        .ok_or_else(|| src.err(regional, "no \"Resources\" heading"))?;
    let topics = src
        .find(resources_h..all.end, "Topics")
        .ok_or_else(|| src.err(resources_h, "no \"Topics\" list of resources"))?;
    let mut titles = Vec::new();
    let mut n = topics + 1;
    while let Some(line) = src.next_nonblank(n..all.end) {
        match bullet(src.t(line)) {
            Some(item) => titles.push((strip_links(item).trim().to_string(), line)),
            None => break,
        }
        n = line + 1;
    }
    ensure!(
        !titles.is_empty(),
        src.err(topics, "the \"Topics\" list is empty")
    );

    let mut starts = Vec::new();
    for (title, line) in &titles {
        let start = src.find(n..all.end, title).ok_or_else(|| {
            src.err(
                *line,
                format!("resource {title:?} is listed but has no section after the list"),
            )
        })?;
        starts.push(start);
        n = start + 1;
    }
    let ops_h = src
        .find(n..all.end, "Operations")
        .ok_or_else(|| src.err(n, "no \"Operations\" heading after the last resource"))?;
    let mut resources = Vec::new();
    for (i, (title, _)) in titles.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(ops_h);
        resources.push(parse_resource(src, title, starts[i]..end, ov, used)?);
    }

    let index_end = src
        .find(ops_h + 1..all.end, "AWS Glossary")
        .unwrap_or(all.end);
    let index: Vec<(String, usize)> = (ops_h + 1..index_end)
        .filter_map(|n| bullet(src.t(n)).map(|item| (strip_links(item).trim().to_string(), n)))
        .collect();
    ensure!(
        !index.is_empty(),
        src.err(ops_h, "the \"Operations\" list is empty")
    );

    Ok(Reference {
        welcome,
        api_version,
        resources,
        index,
    })
}

/// The API version from the document history (`- **API version:** 2018-09-05 (latest)`).
fn find_api_version(src: &Source) -> Result<String> {
    let re = regress::Regex::new(r"API version:\**\s*(\d{4}-\d{2}-\d{2})")
        .map_err(|e| anyhow!("API version pattern: {e}"))?;
    for n in src.all() {
        let line = src.t(n);
        if let Some(m) = re.find(line) {
            if let Some(group) = m.group(1) {
                return Ok(line[group].to_string());
            }
        }
    }
    bail!("{}: no \"API version: YYYY-MM-DD\" line", src.name)
}

fn parse_resource(
    src: &Source,
    title: &str,
    range: Range<usize>,
    ov: &Overlay,
    used: &mut [usize],
) -> Result<Resource> {
    let line = range.start;
    let missing = |what: &str| src.err(line, format!("resource {title:?}: no {what:?} heading"));
    let uri_h = src
        .find(range.clone(), "URI")
        .ok_or_else(|| missing("URI"))?;
    let uri_line = src.next_nonblank(uri_h + 1..range.end).ok_or_else(|| {
        src.err(
            uri_h,
            format!("resource {title:?}: no URI after the heading"),
        )
    })?;
    let uri = clean_uri(src.t(uri_line));
    ensure!(
        uri.starts_with('/') && !uri.contains(char::is_whitespace),
        src.err(
            uri_line,
            format!("resource {title:?}: {uri:?} is not a URI")
        )
    );
    let methods_h = src
        .find(uri_line + 1..range.end, "HTTP methods")
        .ok_or_else(|| missing("HTTP methods"))?;
    let schemas_h = src
        .find(methods_h + 1..range.end, "Schemas")
        .ok_or_else(|| missing("Schemas"))?;
    let props_h = src
        .find(schemas_h + 1..range.end, "Properties")
        .ok_or_else(|| missing("Properties"))?;
    let see_also = src
        .find(props_h + 1..range.end, "See also")
        .unwrap_or(range.end);

    let methods = parse_methods(src, title, methods_h + 1..schemas_h)?;
    let schemas = parse_schemas(src, title, schemas_h + 1..props_h, ov, used)?;
    let shapes = parse_properties(src, title, props_h + 1..see_also, ov, used)?;
    Ok(Resource {
        title: title.to_string(),
        uri,
        uri_line,
        methods,
        schemas,
        shapes,
    })
}

fn parse_methods(src: &Source, title: &str, range: Range<usize>) -> Result<Vec<Method>> {
    let starts: Vec<usize> = range
        .clone()
        .filter(|&n| VERBS.contains(&src.t(n)))
        .collect();
    let Some(&first) = starts.first() else {
        return Err(src.err(range.start, format!("resource {title:?}: no HTTP method")));
    };
    if let Some(n) = src.next_nonblank(range.start..first) {
        return Err(src.err(
            n,
            format!("resource {title:?}: unexpected text before the first method"),
        ));
    }
    let mut methods = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(range.end);
        methods.push(parse_method(src, title, start..end)?);
    }
    Ok(methods)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MethodSection {
    Path,
    Query,
    Responses,
}

fn method_section(t: &str) -> Option<MethodSection> {
    [
        ("Path parameters", MethodSection::Path),
        ("Query parameters", MethodSection::Query),
        ("Responses", MethodSection::Responses),
    ]
    .into_iter()
    .find(|(h, _)| t.eq_ignore_ascii_case(h))
    .map(|(_, s)| s)
}

fn parse_method(src: &Source, title: &str, range: Range<usize>) -> Result<Method> {
    let verb = src.t(range.start).to_string();
    let mut body = range.start + 1;
    let mut op = None;
    if let Some(n) = src.next_nonblank(body..range.end) {
        if let Some(id) = src.t(n).strip_prefix("Operation ID:") {
            let id = id.trim();
            ensure!(
                is_ident(id),
                src.err(n, format!("{id:?} is not an operation name"))
            );
            op = Some(id.to_string());
            body = n + 1;
        }
    }
    let ctx = format!(
        "resource {title:?}, {verb} {}",
        op.as_deref().unwrap_or("(no operation)")
    );
    if op.is_none() && verb != "OPTIONS" {
        return Err(src.err(range.start, format!("{ctx}: no \"Operation ID:\" line")));
    }

    let heads: Vec<(usize, MethodSection)> = (body..range.end)
        .filter_map(|n| method_section(src.t(n)).map(|s| (n, s)))
        .collect();
    let doc_end = heads.first().map_or(range.end, |h| h.0);
    let mut method = Method {
        verb,
        line: range.start,
        op,
        doc: paragraphs(src, body..doc_end),
        path: Vec::new(),
        query: Vec::new(),
        responses: Vec::new(),
    };
    let mut seen = Vec::new();
    for (i, &(head, section)) in heads.iter().enumerate() {
        ensure!(
            !seen.contains(&section),
            src.err(head, format!("{ctx}: {section:?} section twice"))
        );
        seen.push(section);
        let end = heads.get(i + 1).map_or(range.end, |h| h.0);
        let table = head + 1..end;
        match section {
            MethodSection::Path | MethodSection::Query => {
                let mut params = Vec::new();
                for row in parse_table(src, table, &PARAM_HEADER, &ctx)? {
                    let name: String = row.cells[0]
                        .replace("<i>", "")
                        .replace("</i>", "")
                        .replace('*', "");
                    let name = name.trim().to_string();
                    ensure!(
                        is_ident(&name),
                        src.err(row.line, format!("{ctx}: {name:?} is not a parameter name"))
                    );
                    let required = parse_bool(&row.cells[2]).ok_or_else(|| {
                        src.err(
                            row.line,
                            format!("{ctx}: parameter {name}: Required is {:?}", row.cells[2]),
                        )
                    })?;
                    params.push(Param {
                        name,
                        ty: row.cells[1].clone(),
                        required,
                        doc: row.cells[3].clone(),
                        line: row.line,
                    });
                }
                if section == MethodSection::Path {
                    method.path = params;
                } else {
                    method.query = params;
                }
            }
            MethodSection::Responses => {
                for row in parse_table(src, table, &RESPONSE_HEADER, &ctx)? {
                    let code: u16 = row.cells[0].parse().map_err(|_| {
                        src.err(
                            row.line,
                            format!("{ctx}: {:?} is not a status code", row.cells[0]),
                        )
                    })?;
                    let model = row.cells[1].clone();
                    ensure!(
                        is_ident(&model),
                        src.err(
                            row.line,
                            format!("{ctx}: {model:?} is not a response model")
                        )
                    );
                    method.responses.push(Response {
                        code,
                        model,
                        description: row.cells[2].clone(),
                        line: row.line,
                    });
                }
            }
        }
    }
    if method.op.is_some() && method.responses.is_empty() {
        return Err(src.err(range.start, format!("{ctx}: no \"Responses\" table")));
    }
    Ok(method)
}

#[derive(Debug, Clone, PartialEq)]
struct Row {
    line: usize,
    cells: Vec<String>,
}

/// Parses a tab-separated table with the given header.
///
/// The extraction breaks tables across pages: the header row repeats, a row whose first cell
/// is empty continues the previous row, and a description cut at a page break continues at
/// the start of the next row's description (the "spill", moved back by [`fix_spill`]).
fn parse_table(src: &Source, range: Range<usize>, header: &[&str], ctx: &str) -> Result<Vec<Row>> {
    let mut rows: Vec<Row> = Vec::new();
    let mut seen_header = false;
    for n in range.clone() {
        let raw = src.raw(n);
        if raw.trim().is_empty() {
            continue;
        }
        if !raw.contains('\t') {
            return Err(src.err(
                n,
                format!("{ctx}: expected a table row, found {:?}", raw.trim()),
            ));
        }
        let cells: Vec<String> = raw.split('\t').map(|c| c.trim().to_string()).collect();
        if cells.len() == header.len()
            && cells
                .iter()
                .zip(header)
                .all(|(c, h)| c.eq_ignore_ascii_case(h))
        {
            seen_header = true;
            continue;
        }
        if !seen_header {
            return Err(src.err(n, format!("{ctx}: table without the header {header:?}")));
        }
        if cells.len() != header.len() {
            return Err(src.err(
                n,
                format!(
                    "{ctx}: {} cells where the table has {}",
                    cells.len(),
                    header.len()
                ),
            ));
        }
        if cells[0].is_empty() {
            let prev = rows.last_mut().ok_or_else(|| {
                src.err(n, format!("{ctx}: continuation line before the first row"))
            })?;
            for (cell, more) in prev.cells.iter_mut().zip(&cells) {
                if !more.is_empty() {
                    if !cell.is_empty() {
                        cell.push(' ');
                    }
                    cell.push_str(more);
                }
            }
            continue;
        }
        let mut row = Row { line: n, cells };
        if let Some(prev) = rows.last_mut() {
            let last = header.len() - 1;
            fix_spill(&mut prev.cells[last], &mut row.cells[last]);
        }
        rows.push(row);
    }
    if !seen_header {
        return Err(src.err(
            range.start.saturating_sub(1).max(1),
            format!("{ctx}: no table"),
        ));
    }
    Ok(rows)
}

/// When `prev` stops mid-sentence and `cur` starts in lower case, the end of `prev`'s sentence
/// was printed at the start of `cur` (a page break inside a table cell): move it back.
fn fix_spill(prev: &mut String, cur: &mut String) {
    let open = !prev.is_empty() && !prev.trim_end().ends_with(['.', '!', '?', ')', ':']);
    if !open || !cur.starts_with(|c: char| c.is_lowercase()) {
        return;
    }
    let cut = cur.find(". ").map_or(cur.len(), |i| i + 1);
    let moved = cur[..cut].trim().to_string();
    let rest = cur[cut..].trim().to_string();
    prev.push(' ');
    prev.push_str(&moved);
    *cur = rest;
}

// ---------------------------------------------------------------------------------------------
// Request and response schemas

/// A request or response body schema: JSON with `boolean`, `enum` and `"string"` standing for
/// the types of the values.
#[derive(Debug, Clone, PartialEq)]
enum Sch {
    Obj(Vec<(String, Sch)>),
    Arr(Vec<Sch>),
    Word(String),
}

impl Sch {
    fn describe(&self) -> String {
        match self {
            Sch::Obj(_) => "an object".to_string(),
            Sch::Arr(_) => "an array".to_string(),
            Sch::Word(w) => format!("{w:?}"),
        }
    }
}

fn parse_schemas(
    src: &Source,
    title: &str,
    range: Range<usize>,
    ov: &Overlay,
    used: &mut [usize],
) -> Result<Vec<SchemaBlock>> {
    let mut blocks: Vec<SchemaBlock> = Vec::new();
    let mut n = range.start;
    while n < range.end {
        let t = src.t(n);
        if t.is_empty()
            || t.eq_ignore_ascii_case("Request bodies")
            || t.eq_ignore_ascii_case("Response bodies")
        {
            n += 1;
            continue;
        }
        let Some(name) = t.strip_suffix(" schema").filter(|h| is_ident(h)) else {
            return Err(src.err(
                n,
                format!("resource {title:?}: expected \"<Name> schema\", found {t:?}"),
            ));
        };
        let heading = if VERBS.contains(&name) {
            name.to_string()
        } else {
            ov.rename(RenameScope::SchemaHeadings, name, used)
        };
        // Every code block up to the next line of text: a block split across pages arrives
        // as several code blocks.
        let mut text = String::new();
        let mut in_fence = false;
        let mut j = n + 1;
        while j < range.end {
            let l = src.t(j);
            if l.starts_with("```") {
                in_fence = !in_fence;
            } else if in_fence {
                text.push_str(l);
                text.push('\n');
            } else if !l.is_empty() {
                break;
            }
            j += 1;
        }
        let ctx = format!("resource {title:?}, \"{name} schema\"");
        ensure!(
            !in_fence,
            src.err(n, format!("{ctx}: code block not closed"))
        );
        ensure!(
            !text.trim().is_empty(),
            src.err(n, format!("{ctx}: no code block"))
        );
        let value = parse_sch(&text).map_err(|e| src.err(n, format!("{ctx}: {e}")))?;
        if let Some(prev) = blocks.iter().find(|b| b.heading == heading) {
            return Err(src.err(
                n,
                format!(
                    "{ctx}: second schema for {heading} (first at line {})",
                    prev.line
                ),
            ));
        }
        blocks.push(SchemaBlock {
            heading,
            line: n,
            value,
        });
        n = j;
    }
    Ok(blocks)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open(char),
    Close(char),
    Colon,
    Comma,
    Text(String),
}

fn tokenize(s: &str) -> Result<Vec<Tok>> {
    let mut toks = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '{' | '[' => toks.push(Tok::Open(c)),
            '}' | ']' => toks.push(Tok::Close(c)),
            ':' => toks.push(Tok::Colon),
            ',' => toks.push(Tok::Comma),
            '"' => {
                let mut v = String::new();
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some(ch) => v.push(ch),
                        None => bail!("unterminated string {v:?}"),
                    }
                }
                toks.push(Tok::Text(v));
            }
            c if c.is_alphanumeric() || c == '_' || c == '-' || c == '.' => {
                let mut v = String::from(c);
                while let Some(&ch) = chars.peek() {
                    if ch.is_alphanumeric() || ch == '_' || ch == '-' || ch == '.' {
                        v.push(ch);
                        chars.next();
                    } else {
                        break;
                    }
                }
                toks.push(Tok::Text(v));
            }
            other => bail!("unexpected character {other:?}"),
        }
    }
    Ok(toks)
}

/// Parses a schema. Two page-break artefacts are accepted: containers still open at the end
/// (their closing lines were lost), and closing brackets after the complete value (a stray
/// closing line printed as a code block of its own).
fn parse_sch(text: &str) -> Result<Sch> {
    let toks = tokenize(text)?;
    let mut pos = 0;
    let value = sch_value(&toks, &mut pos)?;
    if let Some(t) = toks[pos..]
        .iter()
        .find(|t| !matches!(t, Tok::Close(_) | Tok::Comma))
    {
        bail!("unexpected {t:?} after the schema");
    }
    Ok(value)
}

fn sch_value(toks: &[Tok], pos: &mut usize) -> Result<Sch> {
    match toks.get(*pos) {
        None => bail!("the schema ends where a value is expected"),
        Some(Tok::Open('{')) => {
            *pos += 1;
            let mut fields: Vec<(String, Sch)> = Vec::new();
            loop {
                match toks.get(*pos) {
                    None => break,
                    Some(Tok::Close('}')) => {
                        *pos += 1;
                        break;
                    }
                    Some(Tok::Comma) => *pos += 1,
                    Some(Tok::Text(key)) => {
                        *pos += 1;
                        ensure!(
                            toks.get(*pos) == Some(&Tok::Colon),
                            "expected ':' after {key:?}"
                        );
                        *pos += 1;
                        let v = sch_value(toks, pos)?;
                        ensure!(fields.iter().all(|(k, _)| k != key), "key {key:?} twice");
                        fields.push((key.clone(), v));
                    }
                    Some(t) => bail!("expected a key or '}}', found {t:?}"),
                }
            }
            Ok(Sch::Obj(fields))
        }
        Some(Tok::Open(_)) => {
            *pos += 1;
            let mut items = Vec::new();
            loop {
                match toks.get(*pos) {
                    None => break,
                    Some(Tok::Close(']')) => {
                        *pos += 1;
                        break;
                    }
                    Some(Tok::Comma) => *pos += 1,
                    Some(_) => items.push(sch_value(toks, pos)?),
                }
            }
            Ok(Sch::Arr(items))
        }
        Some(Tok::Text(w)) => {
            *pos += 1;
            Ok(Sch::Word(w.clone()))
        }
        Some(t) => bail!("unexpected {t:?}"),
    }
}

/// Checks a schema against the type the Properties give; `path` names the place.
fn check_schema(
    sch: &Sch,
    ty: &TypeRef,
    shapes: &IndexMap<String, DocShape>,
    path: &str,
) -> Result<()> {
    match ty {
        TypeRef::Scalar(s) => match sch {
            Sch::Word(w) if s.schema_words().contains(&w.to_ascii_lowercase().as_str()) => Ok(()),
            other => bail!(
                "{path}: the schema has {} where the Properties say {}",
                other.describe(),
                s.json_type()
            ),
        },
        TypeRef::List(item) => match sch {
            Sch::Arr(items) if items.len() == 1 => {
                check_schema(&items[0], item, shapes, &format!("{path}[]"))
            }
            other => bail!(
                "{path}: the schema has {} where the Properties say {ty}",
                other.describe()
            ),
        },
        TypeRef::Named(name) => {
            let shape = shapes
                .get(name)
                .ok_or_else(|| anyhow!("{path}: type {name} is in no Properties section"))?;
            if shape.is_enum() {
                return match sch {
                    Sch::Word(w) if w == "enum" || w == "string" => Ok(()),
                    other => bail!(
                        "{path}: the schema has {} where {name} is an enum",
                        other.describe()
                    ),
                };
            }
            let Sch::Obj(fields) = sch else {
                bail!(
                    "{path}: the schema has {} where {name} is a structure",
                    sch.describe()
                );
            };
            for (key, value) in fields {
                let member = shape.member(key).ok_or_else(|| {
                    anyhow!(
                        "{path}: the schema has {key:?}, which {name} (line {}) does not list",
                        shape.line
                    )
                })?;
                check_schema(value, &member.ty, shapes, &format!("{path}.{key}"))?;
            }
            for m in &shape.members {
                ensure!(
                    fields.iter().any(|(k, _)| *k == m.name),
                    "{path}: {name} lists {} (line {}), which the schema does not have",
                    m.name,
                    m.line
                );
            }
            Ok(())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Properties

/// Parses a Properties section: shape headings, each with its documentation and either enum
/// values or members; a member is its name, documentation, `Type:` and `Required:` lines.
///
/// Shape and member headings look alike, so the section is cut at the `Type:`/`Required:`
/// pairs: the last name before a pair is the member, names before it start shapes.
fn parse_properties(
    src: &Source,
    title: &str,
    range: Range<usize>,
    ov: &Overlay,
    used: &mut [usize],
) -> Result<Vec<DocShape>> {
    let nb: Vec<usize> = range.clone().filter(|&n| !src.t(n).is_empty()).collect();
    let mut shapes: Vec<DocShape> = Vec::new();
    let mut start = 0;
    for k in 0..nb.len() {
        let Some(req) = src.t(nb[k]).strip_prefix("Required:") else {
            continue;
        };
        let ctx = format!("resource {title:?}, Properties");
        let type_line = match k.checked_sub(1).map(|i| nb[i]) {
            Some(l) if src.t(l).starts_with("Type:") && k > start => l,
            _ => {
                return Err(src.err(
                    nb[k],
                    format!("{ctx}: \"Required:\" without a \"Type:\" line before it"),
                ))
            }
        };
        let gap = &nb[start..k - 1];
        let mi = gap
            .iter()
            .rposition(|&n| is_member_name(src.t(n)))
            .ok_or_else(|| {
                src.err(
                    type_line,
                    format!("{ctx}: no member name before this \"Type:\" line"),
                )
            })?;
        let name_line = gap[mi];
        absorb_shapes(src, &ctx, &gap[..mi], name_line, &mut shapes)?;
        let shape = shapes
            .last_mut()
            .ok_or_else(|| src.err(name_line, format!("{ctx}: member outside any shape")))?;
        let ctx = format!("{ctx}, {}.{}", shape.name, src.t(name_line));
        ensure!(
            !shape.is_enum(),
            src.err(name_line, format!("{ctx}: a member in an enum"))
        );
        let name = ov.rename(RenameScope::MemberNames, src.t(name_line), used);
        if let Some(prev) = shape.member(&name) {
            return Err(src.err(
                name_line,
                format!("{ctx}: member listed twice (first at line {})", prev.line),
            ));
        }
        let ty_text = src.t(type_line)["Type:".len()..].trim().to_string();
        let ty = parse_type(&ty_text).map_err(|e| src.err(type_line, format!("{ctx}: {e}")))?;
        let required = parse_bool(req.trim())
            .ok_or_else(|| src.err(nb[k], format!("{ctx}: Required is {:?}", req.trim())))?;
        shape.members.push(DocMember {
            name,
            line: name_line,
            doc: paragraphs(src, name_line + 1..type_line),
            ty_text,
            ty,
            required,
        });
        start = k + 1;
    }
    let ctx = format!("resource {title:?}, Properties");
    absorb_shapes(src, &ctx, &nb[start..], range.end, &mut shapes)?;
    if shapes.is_empty() {
        return Err(src.err(
            range.start.saturating_sub(1).max(1),
            format!("{ctx}: no shapes"),
        ));
    }
    Ok(shapes)
}

/// Lines that hold shape headings, each followed by its documentation and enum values; `end`
/// is the line after the last one's documentation.
fn absorb_shapes(
    src: &Source,
    ctx: &str,
    lines: &[usize],
    end: usize,
    shapes: &mut Vec<DocShape>,
) -> Result<()> {
    let mut i = 0;
    while i < lines.len() {
        let n = lines[i];
        let name = src.t(n);
        if !is_shape_name(name) {
            return Err(src.err(n, format!("{ctx}: expected a shape name, found {name:?}")));
        }
        if let Some(prev) = shapes.iter().find(|s| s.name == name) {
            return Err(src.err(
                n,
                format!("{ctx}: shape {name} twice (first at line {})", prev.line),
            ));
        }
        let mut j = i + 1;
        while j < lines.len() && !is_shape_name(src.t(lines[j])) && !is_enum_value(src.t(lines[j]))
        {
            j += 1;
        }
        let doc_end = lines.get(j).copied().unwrap_or(end);
        let mut shape = DocShape {
            name: name.to_string(),
            line: n,
            doc: paragraphs(src, n + 1..doc_end),
            members: Vec::new(),
            enum_values: Vec::new(),
        };
        while j < lines.len() && is_enum_value(src.t(lines[j])) {
            shape.enum_values.push(src.t(lines[j]).to_string());
            j += 1;
        }
        shapes.push(shape);
        i = j;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Documentation

/// Documentation paragraphs as HTML: `<p>` paragraphs, `-` items as `<ul><li>`, a `Note`
/// heading folded into its paragraph, and a paragraph cut by a page break joined again.
fn doc_html(paras: &[Para]) -> Option<String> {
    enum Block {
        P(String),
        Ul(Vec<Vec<String>>),
    }
    let mut blocks: Vec<Block> = Vec::new();
    let mut note = false;
    for p in paras {
        let mut runs: Vec<(bool, String)> = Vec::new();
        for line in &p.lines {
            match (bullet(line), runs.last_mut()) {
                (Some(item), _) => runs.push((true, item.to_string())),
                (None, Some((false, text))) => {
                    text.push(' ');
                    text.push_str(line);
                }
                (None, _) => runs.push((false, line.clone())),
            }
        }
        for (item, text) in runs {
            if !item && text == "Note" {
                note = true;
                continue;
            }
            let html = inline_html(&text);
            if item {
                note = false;
                match blocks.last_mut() {
                    Some(Block::Ul(items)) => items.push(vec![html]),
                    _ => blocks.push(Block::Ul(vec![vec![html]])),
                }
            } else if note {
                note = false;
                let html = format!("Note: {html}");
                match blocks.last_mut() {
                    Some(Block::Ul(items)) => {
                        items.last_mut().expect("a list has an item").push(html)
                    }
                    _ => blocks.push(Block::P(html)),
                }
            } else {
                match blocks.last_mut() {
                    Some(Block::P(prev)) if continues(prev, &text) => {
                        prev.push(' ');
                        prev.push_str(&html);
                    }
                    _ => blocks.push(Block::P(html)),
                }
            }
        }
    }
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::P(p) => out.push_str(&format!("<p>{p}</p>")),
            Block::Ul(items) => {
                out.push_str("<ul>");
                for item in items {
                    out.push_str("<li>");
                    for p in item {
                        out.push_str(&format!("<p>{p}</p>"));
                    }
                    out.push_str("</li>");
                }
                out.push_str("</ul>");
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Whether `next` continues the sentence `prev` stops in (a paragraph cut by a page break).
fn continues(prev: &str, next: &str) -> bool {
    !prev.ends_with(['.', ':', '!', '?', ')', '>']) && next.starts_with(|c: char| c.is_lowercase())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One line of text as HTML: `<i>x</i>` and `*x*` become `<i>x</i>`, `` `x` `` becomes
/// `<code>x</code>`, `[text](url)` and `**x**` become plain text, and `&`, `<`, `>` are escaped.
fn inline_html(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("<i>") {
            if let Some(end) = r.find("</i>") {
                out.push_str(&format!("<i>{}</i>", inline_html(&r[..end])));
                rest = &r[end + "</i>".len()..];
                continue;
            }
        }
        if c == '[' {
            if let Some(close) = rest.find(']') {
                if rest[close + 1..].starts_with('(') {
                    if let Some(paren) = rest[close + 1..].find(')') {
                        out.push_str(&inline_html(&rest[1..close]));
                        rest = &rest[close + 1 + paren + 1..];
                        continue;
                    }
                }
            }
        }
        if let Some(r) = rest.strip_prefix("**") {
            rest = r;
            continue;
        }
        if c == '*' {
            let r = &rest[1..];
            if let Some(end) = r.find('*') {
                let inner = &r[..end];
                if !inner.is_empty() && !inner.starts_with(' ') && !inner.ends_with(' ') {
                    out.push_str(&format!("<i>{}</i>", inline_html(inner)));
                    rest = &r[end + 1..];
                    continue;
                }
            }
        }
        if c == '`' {
            if let Some(end) = rest[1..].find('`') {
                out.push_str(&format!("<code>{}</code>", escape(&rest[1..1 + end])));
                rest = &rest[1 + end + 1..];
                continue;
            }
        }
        out.push_str(&escape(&c.to_string()));
        rest = &rest[c.len_utf8()..];
    }
    tidy(&out)
}

/// Collapses white space, and drops a space the extraction put before `.` or `,`
/// (`Developer Guide</i> .`).
fn tidy(s: &str) -> String {
    let mut out = String::new();
    for w in s.split_whitespace() {
        if !out.is_empty() && w != "." && w != "," {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The model

/// Building the shapes: structures and enums from the Properties, lists and scalars from
/// the members' types, reached from the operations.
#[derive(Debug)]
struct Emitter<'a> {
    src: &'a Source,
    shapes: &'a IndexMap<String, DocShape>,
    /// Error shape → status code.
    errors: BTreeMap<String, u16>,
    out: BTreeMap<String, Value>,
}

impl Emitter<'_> {
    /// The shape name for a member type, emitting the shapes it needs.
    fn type_name(&mut self, ty: &TypeRef, ctx: &str) -> Result<String> {
        match ty {
            TypeRef::Scalar(s) => {
                let name = s.shape_name().to_string();
                self.out
                    .entry(name.clone())
                    .or_insert_with(|| json!({ "type": s.json_type() }));
                Ok(name)
            }
            TypeRef::Named(name) => {
                self.named(name, ctx)?;
                Ok(name.clone())
            }
            TypeRef::List(item) => {
                let item = self.type_name(item, ctx)?;
                let name = format!("ListOf{}", plural(&item));
                let value = json!({ "type": "list", "member": { "shape": item } });
                match self.out.get(&name) {
                    Some(v) if *v != value => {
                        bail!("{ctx}: list shape {name} would hold two types")
                    }
                    _ => {}
                }
                self.out.insert(name.clone(), value);
                Ok(name)
            }
        }
    }

    /// Emits a shape of the Properties (and what it needs).
    fn named(&mut self, name: &str, ctx: &str) -> Result<()> {
        if self.out.contains_key(name) {
            return Ok(());
        }
        let shape = self
            .shapes
            .get(name)
            .ok_or_else(|| anyhow!("{ctx}: type {name} is in no Properties section"))?;
        let src = self.src;
        if shape.is_enum() {
            let mut v = Map::new();
            v.insert("type".into(), json!("string"));
            v.insert("enum".into(), json!(shape.enum_values));
            if let Some(doc) = doc_html(&shape.doc) {
                v.insert("documentation".into(), json!(doc));
            }
            self.out.insert(name.to_string(), Value::Object(v));
            return Ok(());
        }
        // A placeholder first, so a recursive structure terminates.
        self.out.insert(name.to_string(), Value::Null);
        let mut members = Map::new();
        let mut required = Vec::new();
        for m in &shape.members {
            let mctx = format!("{}:{}: {name}.{}", src.name, m.line, m.name);
            let shape_name = self.type_name(&m.ty, &mctx)?;
            members.insert(
                m.name.clone(),
                member_value(&shape_name, None, doc_html(&m.doc)),
            );
            if m.required {
                required.push(m.name.clone());
            }
        }
        let value = self.structure(name, members, required, doc_html(&shape.doc));
        self.out.insert(name.to_string(), value);
        Ok(())
    }

    /// A structure shape; an error shape when `name` is an operation's error.
    fn structure(
        &self,
        name: &str,
        members: Map<String, Value>,
        required: Vec<String>,
        doc: Option<String>,
    ) -> Value {
        let mut v = Map::new();
        v.insert("type".into(), json!("structure"));
        if !required.is_empty() {
            v.insert("required".into(), json!(required));
        }
        v.insert("members".into(), Value::Object(members));
        if let Some(&code) = self.errors.get(name) {
            let mut error = Map::new();
            error.insert("httpStatusCode".into(), json!(code));
            if (400..500).contains(&code) {
                error.insert("senderFault".into(), json!(true));
            }
            v.insert("error".into(), Value::Object(error));
            v.insert("exception".into(), json!(true));
            // 429 Too Many Requests is the throttling status.
            if code == 429 {
                v.insert("retryable".into(), json!({ "throttling": true }));
            }
        }
        if let Some(doc) = doc {
            v.insert("documentation".into(), json!(doc));
        }
        Value::Object(v)
    }
}

fn member_value(shape: &str, location: Option<(&str, &str)>, doc: Option<String>) -> Value {
    let mut v = Map::new();
    v.insert("shape".into(), json!(shape));
    if let Some((location, name)) = location {
        v.insert("location".into(), json!(location));
        v.insert("locationName".into(), json!(name));
    }
    if let Some(doc) = doc {
        v.insert("documentation".into(), json!(doc));
    }
    Value::Object(v)
}

fn plural(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}es")
    } else {
        format!("{name}s")
    }
}

/// The shapes of all Properties sections; a shape printed in several resources must read the
/// same everywhere.
fn merge_shapes(src: &Source, r: &Reference) -> Result<IndexMap<String, DocShape>> {
    let mut shapes: IndexMap<String, DocShape> = IndexMap::new();
    for res in &r.resources {
        for s in &res.shapes {
            match shapes.get(&s.name) {
                None => {
                    shapes.insert(s.name.clone(), s.clone());
                }
                Some(first) if first.signature() == s.signature() => {}
                Some(first) => {
                    return Err(src.err(
                        s.line,
                        format!(
                            "resource {:?}: shape {} differs from its definition at line {}",
                            res.title, s.name, first.line
                        ),
                    ))
                }
            }
        }
    }
    Ok(shapes)
}

/// The URI template: the labels of the path parameters in braces.
fn uri_template(src: &Source, res: &Resource, m: &Method, ctx: &str) -> Result<String> {
    let mut segments = Vec::new();
    let mut bound = BTreeSet::new();
    for seg in res.uri.split('/') {
        if m.path.iter().any(|p| p.name == seg) {
            ensure!(
                bound.insert(seg),
                src.err(res.uri_line, format!("{ctx}: label {seg} twice in the URI"))
            );
            segments.push(format!("{{{seg}}}"));
        } else if seg.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(src.err(
                res.uri_line,
                format!(
                    "{ctx}: URI segment {seg:?} looks like a label but is not a path parameter"
                ),
            ));
        } else {
            segments.push(seg.to_string());
        }
    }
    for p in &m.path {
        ensure!(
            bound.contains(p.name.as_str()),
            src.err(
                p.line,
                format!(
                    "{ctx}: path parameter {} is not in the URI {}",
                    p.name, res.uri
                )
            )
        );
    }
    Ok(segments.join("/"))
}

fn build_model(src: &Source, r: &Reference, ov: &Overlay) -> Result<Transcribed> {
    let shapes = merge_shapes(src, r)?;
    let mut em = Emitter {
        src,
        shapes: &shapes,
        errors: error_statuses(src, r)?,
        out: BTreeMap::new(),
    };
    let mut operations: BTreeMap<String, Value> = BTreeMap::new();
    for res in &r.resources {
        let mut schema_used = vec![false; res.schemas.len()];
        for m in &res.methods {
            // OPTIONS is the CORS preflight: no operation.
            let Some(op) = &m.op else { continue };
            check_bodies(src, res, m, op, &shapes, &mut schema_used)?;
            operations.insert(op.clone(), em.operation(res, m, op)?);
        }
        for (s, used) in res.schemas.iter().zip(&schema_used) {
            let msg = format!(
                "resource {:?}: \"{} schema\" belongs to no operation or response",
                res.title, s.heading
            );
            ensure!(*used, src.err(s.line, msg));
        }
    }
    for (name, s) in &shapes {
        let msg = format!("shape {name} of the Properties is used by no operation");
        ensure!(em.out.contains_key(name), src.err(s.line, msg));
    }

    let md = &ov.metadata.value;
    ensure!(
        md.uid.ends_with(&r.api_version),
        "overlay: metadata uid {:?} does not end with the reference's API version {}",
        md.uid,
        r.api_version
    );
    let metadata = json!({
        "apiVersion": r.api_version,
        "endpointPrefix": md.endpoint_prefix,
        "protocol": md.protocol,
        "serviceFullName": md.service_full_name,
        "serviceId": md.service_id,
        "signatureVersion": md.signature_version,
        "signingName": md.signing_name,
        "uid": md.uid,
    });
    let mut service = Map::new();
    service.insert("version".into(), json!("2.0"));
    service.insert("metadata".into(), metadata);
    service.insert(
        "operations".into(),
        Value::Object(operations.into_iter().collect()),
    );
    service.insert("shapes".into(), Value::Object(em.out.into_iter().collect()));
    if let Some(doc) = doc_html(&r.welcome) {
        service.insert("documentation".into(), json!(doc));
    }
    let mut service = Value::Object(service);
    for entry in &ov.shape_names {
        ensure!(
            !entry.reason.trim().is_empty(),
            "overlay: shape_names: the rename of {:?} has no reason",
            entry.from
        );
        rename_shape(&mut service, &entry.from, &entry.to)?;
    }
    let paginators = derive_paginators(&service);
    Ok(Transcribed {
        service,
        paginators,
    })
}

/// The status code of each error shape, the same in every operation; checks on the way that
/// operation names are unique and match the closing "Operations" list.
fn error_statuses(src: &Source, r: &Reference) -> Result<BTreeMap<String, u16>> {
    let mut errors: BTreeMap<String, (u16, usize)> = BTreeMap::new();
    let mut names: BTreeMap<&str, usize> = BTreeMap::new();
    for m in r.resources.iter().flat_map(|res| &res.methods) {
        let Some(op) = &m.op else { continue };
        if let Some(first) = names.insert(op, m.line) {
            return Err(src.err(
                m.line,
                format!("operation {op} twice (first at line {first})"),
            ));
        }
        for resp in m.responses.iter().filter(|resp| resp.code >= 300) {
            let &mut (code, line) = errors
                .entry(resp.model.clone())
                .or_insert((resp.code, resp.line));
            if code != resp.code {
                let msg = format!(
                    "{op}: {} with status {}, but {code} at line {line}",
                    resp.model, resp.code
                );
                return Err(src.err(resp.line, msg));
            }
        }
    }
    let listed: BTreeSet<&str> = r.index.iter().map(|(n, _)| n.as_str()).collect();
    let defined: BTreeSet<&str> = names.keys().copied().collect();
    if listed != defined {
        let line = r.index.first().map_or(1, |(_, l)| *l);
        let msg = format!(
            "the \"Operations\" list and the resources disagree: only listed {:?}, only in resources {:?}",
            listed.difference(&defined).collect::<Vec<_>>(),
            defined.difference(&listed).collect::<Vec<_>>()
        );
        return Err(src.err(line, msg));
    }
    Ok(errors.into_iter().map(|(k, (code, _))| (k, code)).collect())
}

/// Checks a method's request body schema (`<METHOD> schema`) against the `<Op>Request` shape
/// of the Properties, and the schema of each response model against its shape; marks the
/// schemas it uses.
fn check_bodies(
    src: &Source,
    res: &Resource,
    m: &Method,
    op: &str,
    shapes: &IndexMap<String, DocShape>,
    schema_used: &mut [bool],
) -> Result<()> {
    let ctx = format!("resource {:?}, {} {op}", res.title, m.verb);
    let input_name = format!("{op}Request");
    let req_schema = res.schemas.iter().position(|s| s.heading == m.verb);
    match (req_schema, shapes.get(&input_name)) {
        (Some(i), Some(_)) => {
            schema_used[i] = true;
            let s = &res.schemas[i];
            let path = format!("{}:{}: {ctx}: request body", src.name, s.line);
            check_schema(&s.value, &TypeRef::Named(input_name), shapes, &path)?;
        }
        (Some(i), None) => {
            let msg = format!("{ctx}: a request body schema but no {input_name} in the Properties");
            return Err(src.err(res.schemas[i].line, msg));
        }
        (None, Some(shape)) => {
            let msg = format!("{ctx}: {input_name} in the Properties but no request body schema");
            return Err(src.err(shape.line, msg));
        }
        (None, None) => {}
    }
    for resp in m.responses.iter().filter(|x| x.model != "None") {
        let i = res
            .schemas
            .iter()
            .position(|s| s.heading == resp.model)
            .ok_or_else(|| {
                let msg = format!(
                    "{ctx}: no \"{} schema\" for status {}",
                    resp.model, resp.code
                );
                src.err(resp.line, msg)
            })?;
        schema_used[i] = true;
        let s = &res.schemas[i];
        let path = format!("{}:{}: {ctx}: response {}", src.name, s.line, resp.code);
        check_schema(&s.value, &TypeRef::Named(resp.model.clone()), shapes, &path)?;
        let msg = format!("{ctx}: response model {} is an enum", resp.model);
        ensure!(!shapes[&resp.model].is_enum(), src.err(resp.line, msg));
    }
    Ok(())
}

impl Emitter<'_> {
    /// The operation of a method, emitting its input, output and error shapes.
    fn operation(&mut self, res: &Resource, m: &Method, op: &str) -> Result<Value> {
        let src = self.src;
        let ctx = format!("resource {:?}, {} {op}", res.title, m.verb);
        let uri = uri_template(src, res, m, &ctx)?;
        let ok: Vec<&Response> = m
            .responses
            .iter()
            .filter(|x| (200..300).contains(&x.code))
            .collect();
        let [success] = ok.as_slice() else {
            let msg = format!("{ctx}: {} success responses, expected one", ok.len());
            return Err(src.err(m.line, msg));
        };
        let msg = format!("{ctx}: success response without a model");
        ensure!(success.model != "None", src.err(success.line, msg));

        let input = self.input(m, op, &ctx)?;
        self.named(&success.model, &ctx)?;
        let mut errors = Vec::new();
        for resp in m.responses.iter().filter(|x| x.code >= 300) {
            self.named(&resp.model, &ctx)?;
            let e = json!({ "shape": resp.model });
            if !errors.contains(&e) {
                errors.push(e);
            }
        }

        let mut v = Map::new();
        v.insert("name".into(), json!(op));
        v.insert(
            "http".into(),
            json!({ "method": m.verb, "requestUri": uri, "responseCode": success.code }),
        );
        if let Some(input) = input {
            v.insert("input".into(), json!({ "shape": input }));
        }
        v.insert("output".into(), json!({ "shape": success.model }));
        if !errors.is_empty() {
            v.insert("errors".into(), Value::Array(errors));
        }
        if let Some(doc) = doc_html(&m.doc) {
            v.insert("documentation".into(), json!(doc));
        }
        Ok(Value::Object(v))
    }

    /// The input structure `<Op>Request`: the path parameters, the query parameters, then the
    /// body members of the Properties shape of that name. `None` when there is nothing.
    fn input(&mut self, m: &Method, op: &str, ctx: &str) -> Result<Option<String>> {
        let src = self.src;
        let input_name = format!("{op}Request");
        let body_shape = self.shapes.get(&input_name);
        let mut members = Map::new();
        let mut required = Vec::new();
        let params = m
            .path
            .iter()
            .map(|p| ("uri", p))
            .chain(m.query.iter().map(|p| ("querystring", p)));
        for (location, p) in params {
            let pctx = format!("{}:{}: {ctx}: parameter {}", src.name, p.line, p.name);
            let ty = parse_type(&p.ty).map_err(|e| anyhow!("{pctx}: {e}"))?;
            ensure!(
                matches!(ty, TypeRef::Scalar(_)),
                "{pctx}: a parameter of type {ty}"
            );
            let shape_name = self.type_name(&ty, &pctx)?;
            ensure!(!members.contains_key(&p.name), "{pctx}: parameter twice");
            let doc = doc_html(&[Para {
                line: p.line,
                lines: vec![p.doc.clone()],
            }]);
            let value = member_value(&shape_name, Some((location, &p.name)), doc);
            members.insert(p.name.clone(), value);
            // A URI label cannot be left out.
            if p.required || location == "uri" {
                required.push(p.name.clone());
            }
        }
        for bm in body_shape.iter().flat_map(|s| &s.members) {
            let mctx = format!("{}:{}: {input_name}.{}", src.name, bm.line, bm.name);
            let clash = members.contains_key(&bm.name);
            ensure!(!clash, "{mctx}: a body member with the name of a parameter");
            let shape_name = self.type_name(&bm.ty, &mctx)?;
            members.insert(
                bm.name.clone(),
                member_value(&shape_name, None, doc_html(&bm.doc)),
            );
            if bm.required {
                required.push(bm.name.clone());
            }
        }
        if body_shape.is_none() && members.is_empty() {
            return Ok(None);
        }
        let msg = format!("{ctx}: input shape {input_name} is already used elsewhere");
        ensure!(!self.out.contains_key(&input_name), src.err(m.line, msg));
        let doc = body_shape.and_then(|s| doc_html(&s.doc));
        let value = self.structure(&input_name, members, required, doc);
        self.out.insert(input_name.clone(), value);
        Ok(Some(input_name))
    }
}

/// An operation is paginated when its input has a `NextToken` query parameter and its output a
/// `NextToken` member and exactly one list member (the page's items); `PageSize` or
/// `MaxResults` in the query is the limit.
fn derive_paginators(service: &Value) -> Option<Value> {
    let shapes = &service["shapes"];
    let mut pagination = Map::new();
    for (name, op) in service["operations"].as_object()? {
        let input = &shapes[op["input"]["shape"].as_str().unwrap_or_default()]["members"];
        let output = &shapes[op["output"]["shape"].as_str().unwrap_or_default()]["members"];
        let query = |m: &str| input[m]["location"] == "querystring";
        if !query("NextToken") || output.get("NextToken").is_none() {
            continue;
        }
        let lists: Vec<&String> = output
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, m)| shapes[m["shape"].as_str().unwrap_or_default()]["type"] == "list")
            .map(|(k, _)| k)
            .collect();
        let [result] = lists.as_slice() else { continue };
        let mut p = Map::new();
        p.insert("input_token".into(), json!("NextToken"));
        p.insert("output_token".into(), json!("NextToken"));
        if let Some(limit) = ["PageSize", "MaxResults"].into_iter().find(|m| query(m)) {
            p.insert("limit_key".into(), json!(limit));
        }
        p.insert("result_key".into(), json!(result));
        pagination.insert(name.clone(), Value::Object(p));
    }
    (!pagination.is_empty()).then(|| json!({ "pagination": pagination }))
}

// ---------------------------------------------------------------------------------------------
// The extractions, compared with the full reference

/// What an extraction says, reduced to comparable facts.
#[derive(Debug, Default, PartialEq)]
struct Facts {
    ops: BTreeMap<String, OpFacts>,
    shapes: BTreeMap<String, ShapeFacts>,
}

#[derive(Debug, Default, Clone, PartialEq)]
struct OpFacts {
    method: String,
    uri: String,
    /// Parameter → (type, required).
    params: BTreeMap<String, (String, bool)>,
    /// Status code → response model.
    responses: BTreeMap<u16, String>,
}

#[derive(Debug, Default, Clone, PartialEq)]
struct ShapeFacts {
    /// Member → (type as printed, when the extraction kept it; required).
    members: BTreeMap<String, (Option<String>, bool)>,
    enum_values: Vec<String>,
}

impl ShapeFacts {
    fn agrees(&self, other: &ShapeFacts) -> bool {
        self.enum_values == other.enum_values
            && self.members.len() == other.members.len()
            && self
                .members
                .iter()
                .all(|(k, a)| other.members.get(k).is_some_and(|b| member_agrees(a, b)))
    }
}

fn member_agrees(a: &(Option<String>, bool), b: &(Option<String>, bool)) -> bool {
    let types = match (&a.0, &b.0) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        _ => true,
    };
    types && a.1 == b.1
}

/// One difference between an extraction and the full reference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Disagreement {
    at: String,
    full: String,
    extract: String,
}

const ABSENT: &str = "(absent)";

fn reference_facts(res: &Resource) -> Facts {
    let mut f = Facts::default();
    for m in &res.methods {
        let Some(op) = &m.op else { continue };
        let params = m
            .path
            .iter()
            .chain(&m.query)
            .map(|p| (p.name.clone(), (p.ty.clone(), p.required)))
            .collect();
        let responses = m
            .responses
            .iter()
            .map(|x| (x.code, x.model.clone()))
            .collect();
        f.ops.insert(
            op.clone(),
            OpFacts {
                method: m.verb.clone(),
                uri: res.uri.clone(),
                params,
                responses,
            },
        );
    }
    for s in &res.shapes {
        let members = s
            .members
            .iter()
            .map(|m| {
                (
                    m.name.clone(),
                    (Some(strip_links(&m.ty_text).trim().to_string()), m.required),
                )
            })
            .collect();
        f.shapes.insert(
            s.name.clone(),
            ShapeFacts {
                members,
                enum_values: s.enum_values.clone(),
            },
        );
    }
    f
}

/// The resource of the full reference that holds the extraction's operations.
fn matching_resource<'a>(r: &'a Reference, facts: &Facts) -> Option<&'a Resource> {
    let first = facts.ops.keys().next()?;
    r.resources
        .iter()
        .find(|res| res.methods.iter().any(|m| m.op.as_deref() == Some(first)))
}

fn compare_facts(full: &Facts, ext: &Facts) -> Vec<Disagreement> {
    let mut out = Vec::new();
    let mut diff = |at: String, a: &str, b: &str| {
        if a != b {
            out.push(Disagreement {
                at,
                full: a.to_string(),
                extract: b.to_string(),
            });
        }
    };
    let ops: BTreeSet<&String> = full.ops.keys().chain(ext.ops.keys()).collect();
    for name in ops {
        let (Some(a), Some(b)) = (full.ops.get(name), ext.ops.get(name)) else {
            let has = |f: &Facts| {
                if f.ops.contains_key(name) {
                    name.as_str()
                } else {
                    ABSENT
                }
            };
            diff("operations".into(), has(full), has(ext));
            continue;
        };
        diff(format!("operation {name}: method"), &a.method, &b.method);
        diff(format!("operation {name}: URI"), &a.uri, &b.uri);
        let params: BTreeSet<&String> = a.params.keys().chain(b.params.keys()).collect();
        for p in params {
            let show = |x: Option<&(String, bool)>| {
                x.map_or(ABSENT.to_string(), |(t, r)| {
                    format!("{}, required {r}", t.to_ascii_lowercase())
                })
            };
            diff(
                format!("operation {name}: parameter {p}"),
                &show(a.params.get(p)),
                &show(b.params.get(p)),
            );
        }
        let codes: BTreeSet<&u16> = a.responses.keys().chain(b.responses.keys()).collect();
        for code in codes {
            let show = |x: Option<&String>| x.map_or(ABSENT.to_string(), Clone::clone);
            diff(
                format!("operation {name}: response {code}"),
                &show(a.responses.get(code)),
                &show(b.responses.get(code)),
            );
        }
    }

    // Shapes: a shape under another name with the same content is a renamed shape.
    let mut only_full: Vec<&String> = full
        .shapes
        .keys()
        .filter(|k| !ext.shapes.contains_key(*k))
        .collect();
    let mut only_ext: Vec<&String> = ext
        .shapes
        .keys()
        .filter(|k| !full.shapes.contains_key(*k))
        .collect();
    let mut pairs = Vec::new();
    only_full.retain(|a| {
        match only_ext
            .iter()
            .position(|b| full.shapes[*a].agrees(&ext.shapes[*b]))
        {
            Some(i) => {
                pairs.push(((*a).clone(), only_ext.remove(i).clone()));
                false
            }
            None => true,
        }
    });
    for (a, b) in &pairs {
        diff("shape names".into(), a, b);
    }
    for a in only_full {
        diff("shape names".into(), a, ABSENT);
    }
    for b in only_ext {
        diff("shape names".into(), ABSENT, b);
    }
    for (name, a) in &full.shapes {
        let Some(b) = ext.shapes.get(name) else {
            continue;
        };
        diff(
            format!("shape {name}: enum values"),
            &a.enum_values.join(" "),
            &b.enum_values.join(" "),
        );
        let members: BTreeSet<&String> = a.members.keys().chain(b.members.keys()).collect();
        for m in members {
            match (a.members.get(m), b.members.get(m)) {
                (Some(x), Some(y)) if member_agrees(x, y) => {}
                (x, y) => {
                    let show = |v: Option<&(Option<String>, bool)>| {
                        v.map_or(ABSENT.to_string(), |(t, r)| {
                            format!("{}, required {r}", t.as_deref().unwrap_or("?"))
                        })
                    };
                    diff(format!("shape {name}: member {m}"), &show(x), &show(y));
                }
            }
        }
    }
    out
}

/// Every disagreement must be recorded in the overlay, and every recorded one must occur.
fn check_disagreements(ov: &Overlay, found: &[(String, Disagreement)]) -> Result<()> {
    let mut matched = BTreeSet::new();
    let mut unrecorded = Vec::new();
    for (seed, d) in found {
        let hit = ov.disagreements.iter().enumerate().find_map(|(i, e)| {
            let at = e.at.iter().position(|a| *a == d.at)?;
            (e.seed == *seed && e.full == d.full && e.extract == d.extract).then_some((i, at))
        });
        match hit {
            Some(key) => {
                matched.insert(key);
            }
            None => unrecorded.push(format!(
                "{seed}: at {:?}: full reference {:?}, extraction {:?}",
                d.at, d.full, d.extract
            )),
        }
    }
    let mut stale = Vec::new();
    for (i, e) in ov.disagreements.iter().enumerate() {
        for (j, at) in e.at.iter().enumerate() {
            if !matched.contains(&(i, j)) {
                stale.push(format!(
                    "{}: at {at:?}: {:?} / {:?}",
                    e.seed, e.full, e.extract
                ));
            }
        }
    }
    ensure!(
        unrecorded.is_empty() && stale.is_empty(),
        "the extractions and the full reference: disagreements not recorded in the overlay: {unrecorded:#?}; \
         recorded in the overlay but not found: {stale:#?}"
    );
    Ok(())
}

/// The facts of an extraction, in whichever of the two layouts it uses: Markdown pipe tables,
/// or one table cell per paragraph.
fn extract_facts(src: &Source) -> Result<Facts> {
    let facts = if src.all().any(|n| src.t(n).starts_with("---|")) {
        facts_pipe_tables(src)?
    } else {
        facts_paragraphs(src)?
    };
    ensure!(!facts.ops.is_empty(), "{}: no operation found", src.name);
    ensure!(
        !facts.shapes.is_empty(),
        "{}: no Properties shape found",
        src.name
    );
    Ok(facts)
}

/// Cells of a `a | b | c |` row.
fn pipe_cells(t: &str) -> Vec<String> {
    let t = t.trim();
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(|c| c.trim().to_string()).collect()
}

fn facts_pipe_tables(src: &Source) -> Result<Facts> {
    let mut f = Facts::default();
    let (mut uri, mut verb) = (String::new(), String::new());
    let mut op: Option<String> = None;
    let mut shape: Option<String> = None;
    let mut in_props = false;
    let end = src.all().end;
    let mut n = 1;
    while n < end {
        let t = src.t(n);
        if t.eq_ignore_ascii_case("See also") {
            break;
        }
        if t == "URI" {
            let line = src
                .next_nonblank(n + 1..end)
                .ok_or_else(|| src.err(n, "no URI after the heading"))?;
            uri = clean_uri(src.t(line));
            n = line + 1;
            continue;
        }
        if VERBS.contains(&t) {
            verb = t.to_string();
            op = None;
        } else if let Some(id) = t.strip_prefix("Operation ID:") {
            let id = id.trim().to_string();
            f.ops.insert(
                id.clone(),
                OpFacts {
                    method: verb.clone(),
                    uri: uri.clone(),
                    ..OpFacts::default()
                },
            );
            op = Some(id);
        } else if t == "Properties" {
            in_props = true;
        } else if t.contains('|') {
            let header = pipe_cells(t);
            ensure!(
                n + 1 < end && src.t(n + 1).starts_with("---"),
                src.err(n, "a table header without its separator line")
            );
            n += 2;
            while n < end && src.t(n).contains('|') {
                let first = n;
                let mut text = src.t(n).to_string();
                while !text.ends_with('|') {
                    n += 1;
                    ensure!(n < end, src.err(first, "table row not closed"));
                    text.push(' ');
                    text.push_str(src.t(n));
                }
                n += 1;
                let cells = pipe_cells(&text);
                ensure!(
                    cells.len() >= 3,
                    src.err(first, "a table row with fewer than 3 cells")
                );
                match header[0].as_str() {
                    "Status code" => {
                        let code = cells[0]
                            .parse()
                            .map_err(|_| src.err(first, "not a status code"))?;
                        if let Some(o) = op.as_ref().and_then(|o| f.ops.get_mut(o)) {
                            o.responses.insert(code, cells[1].clone());
                        }
                    }
                    "Name" => {
                        let required = parse_bool(&cells[2])
                            .ok_or_else(|| src.err(first, "Required is not True/False"))?;
                        let o = op
                            .as_ref()
                            .and_then(|o| f.ops.get_mut(o))
                            .ok_or_else(|| src.err(first, "parameters outside an operation"))?;
                        o.params
                            .insert(cells[0].clone(), (cells[1].clone(), required));
                    }
                    "Property" => {
                        let s = shape
                            .as_ref()
                            .and_then(|s| f.shapes.get_mut(s))
                            .ok_or_else(|| src.err(first, "members outside a shape"))?;
                        // A type cell lost in extraction shifts the row left: `Content | False | ... | |`.
                        let (ty, req) = match parse_bool(&cells[1]) {
                            Some(req) => (None, req),
                            None => (
                                Some(cells[1].clone()),
                                parse_bool(&cells[2])
                                    .ok_or_else(|| src.err(first, "Required is not True/False"))?,
                            ),
                        };
                        s.members.insert(cells[0].clone(), (ty, req));
                    }
                    other => {
                        return Err(
                            src.err(first, format!("a table with the unknown header {other:?}"))
                        )
                    }
                }
            }
            continue;
        } else if in_props && is_shape_name(t) {
            shape = Some(t.to_string());
            f.shapes.entry(t.to_string()).or_default();
        } else if let Some(v) = bullet(t).filter(|v| in_props && is_enum_value(v)) {
            if let Some(s) = shape
                .as_ref()
                .and_then(|s| f.shapes.get_mut(s))
                .filter(|s| s.members.is_empty())
            {
                s.enum_values.push(v.to_string());
            }
        }
        n += 1;
    }
    Ok(f)
}

/// The layout with one cell per line: a table's header and first row can share a paragraph,
/// so this works on non-blank lines.
fn facts_paragraphs(src: &Source) -> Result<Facts> {
    let lines: Vec<usize> = src.all().filter(|&n| !src.t(n).is_empty()).collect();
    let texts: Vec<String> = lines.iter().map(|&n| src.t(n).to_string()).collect();
    let mut f = Facts::default();
    let (mut uri, mut verb) = (String::new(), String::new());
    let mut op: Option<String> = None;
    let mut shape: Option<String> = None;
    let mut section: Option<MethodSection> = None;
    let mut in_props = false;
    let mut i = 0;
    while i < texts.len() {
        let t = texts[i].as_str();
        let line = lines[i];
        if t.eq_ignore_ascii_case("See also") {
            break;
        }
        if t == "URI" {
            uri = clean_uri(
                texts
                    .get(i + 1)
                    .ok_or_else(|| src.err(line, "no URI after the heading"))?,
            );
            i += 2;
            continue;
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        if VERBS.contains(&t) {
            verb = t.to_string();
            op = None;
            section = None;
        } else if let Some(id) = t.strip_prefix("Operation ID:") {
            let id = id.trim().to_string();
            f.ops.insert(
                id.clone(),
                OpFacts {
                    method: verb.clone(),
                    uri: uri.clone(),
                    ..OpFacts::default()
                },
            );
            op = Some(id);
        } else if let Some(s) = method_section(t) {
            section = Some(s);
        } else if t.eq_ignore_ascii_case("Schemas") {
            section = None;
        } else if t == "Properties" {
            in_props = true;
            section = None;
        } else if !in_props {
            let o = op.as_ref().and_then(|o| f.ops.get_mut(o));
            match (section, o) {
                (Some(MethodSection::Path | MethodSection::Query), Some(o)) => {
                    if let [name, ty, req] = words.as_slice() {
                        if let (true, Some(req)) = (is_ident(name), parse_bool(req)) {
                            o.params.insert(name.to_string(), (ty.to_string(), req));
                        }
                    }
                }
                (Some(MethodSection::Responses), Some(o)) => {
                    if let [code, model] = words.as_slice() {
                        if let (Ok(code), true) = (code.parse::<u16>(), is_ident(model)) {
                            o.responses.insert(code, model.to_string());
                        }
                    }
                }
                _ => {}
            }
        } else if is_member_name(t) && texts.get(i + 2).and_then(|r| parse_bool(r)).is_some() {
            let required = texts
                .get(i + 2)
                .and_then(|r| parse_bool(r))
                .unwrap_or_default();
            let s = shape
                .as_ref()
                .and_then(|s| f.shapes.get_mut(s))
                .ok_or_else(|| src.err(line, "a member outside a shape"))?;
            s.members
                .insert(t.to_string(), (Some(texts[i + 1].clone()), required));
            i += 3;
            continue;
        } else if is_shape_name(t) {
            shape = Some(t.to_string());
            f.shapes.entry(t.to_string()).or_default();
        } else if let Some(v) = bullet(t).filter(|v| is_enum_value(v)) {
            if let Some(s) = shape
                .as_ref()
                .and_then(|s| f.shapes.get_mut(s))
                .filter(|s| s.members.is_empty())
            {
                s.enum_values.push(v.to_string());
            }
        }
        i += 1;
    }
    Ok(f)
}

// ---------------------------------------------------------------------------------------------
// Tests

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source::new("snippet.txt", text)
    }

    fn overlay() -> Overlay {
        serde_json::from_value(json!({
            "metadata": {
                "value": {
                    "endpointPrefix": "e", "protocol": "rest-json", "serviceFullName": "S",
                    "serviceId": "S", "signatureVersion": "v4", "signingName": "s", "uid": "s-2018-09-05"
                },
                "reason": "test"
            },
            "renames": [
                { "in": "member-names", "from": "Voiceld", "to": "VoiceId", "reason": "test" },
                { "in": "schema-headings", "from": "InternalServiceErrorException", "to": "InternalServerErrorException", "reason": "test" }
            ]
        }))
        .expect("a valid overlay")
    }

    fn para(lines: &[&str]) -> Para {
        Para {
            line: 1,
            lines: lines.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn inline_markup_becomes_html() {
        assert_eq!(
            inline_html("Welcome to the *Amazon Pinpoint API Reference*. See [AWS Service Endpoints](#) & more"),
            "Welcome to the <i>Amazon Pinpoint API Reference</i>. See AWS Service Endpoints &amp; more"
        );
        assert_eq!(
            inline_html("see Quotas in the <i>Developer Guide</i> ."),
            "see Quotas in the <i>Developer Guide</i>."
        );
        assert_eq!(
            inline_html("specify the `CallerId` property"),
            "specify the <code>CallerId</code> property"
        );
        assert_eq!(
            inline_html("- **BUSY** - a <b> tag"),
            "- BUSY - a &lt;b&gt; tag"
        );
        assert_eq!(inline_html("2 * 3 and 4*"), "2 * 3 and 4*");
    }

    #[test]
    fn documentation_paragraphs_lists_and_notes() {
        let paras = [
            para(&["The types of events. Possible values:"]),
            para(&[
                "- RINGING - The phone is ringing.",
                "- ANSWERED - Answered.",
            ]),
            para(&["Note"]),
            para(&["Not necessarily a human."]),
            para(&["- **BUSY** - Busy."]),
        ];
        assert_eq!(
            doc_html(&paras).as_deref(),
            Some(
                "<p>The types of events. Possible values:</p><ul><li><p>RINGING - The phone is ringing.</p></li>\
                 <li><p>ANSWERED - Answered.</p><p>Note: Not necessarily a human.</p></li><li><p>BUSY - Busy.</p></li></ul>"
            )
        );
        // A paragraph cut by a page break is joined again.
        let cut = [
            para(&["related to voice"]),
            para(&["messages. For example, x."]),
        ];
        assert_eq!(
            doc_html(&cut).as_deref(),
            Some("<p>related to voice messages. For example, x.</p>")
        );
        assert_eq!(doc_html(&[]), None);
    }

    #[test]
    fn tables_survive_page_breaks() {
        let s = src(concat!(
            "Status code\tResponse model\tDescription\n",
            "200\tListConfigurationSetsResponse\tAn object that contains information about the\n",
            "\n",
            "Status code\tResponse model\tDescription\n",
            "400\tBadRequestException\tconfiguration sets for your account. The request was bad.\n",
            "500\tInternalServerErrorException\tYou might be able to successfully\n",
            "\n",
            "Status code\tResponse model\tDescription\n",
            "\t\tissue the request again.\n",
        ));
        let rows = parse_table(&s, s.all(), &RESPONSE_HEADER, "test").expect("parses");
        let cells: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.cells.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            cells,
            [
                vec!["200", "ListConfigurationSetsResponse", "An object that contains information about the configuration sets for your account."],
                vec!["400", "BadRequestException", "The request was bad."],
                vec!["500", "InternalServerErrorException", "You might be able to successfully issue the request again."],
            ]
        );
        assert_eq!(rows[1].line, 5);
    }

    #[test]
    fn a_table_without_its_header_is_an_error_with_its_line() {
        let s = src("\n200\tX\tdesc\n");
        let err = parse_table(&s, s.all(), &RESPONSE_HEADER, "resource \"R\", GET Op")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("snippet.txt:2: resource \"R\", GET Op: table without the header"),
            "{err}"
        );
    }

    #[test]
    fn schemas_split_across_pages() {
        let s = src(concat!(
            "Response bodies\n",
            "\n",
            "BadRequestException schema\n",
            "\n",
            "```\n{\n```\n\n```\n\"Message\": \"string\"\n}\n```\n",
            "\n",
            "InternalServiceErrorException schema\n",
            "\n",
            "```\n{\n  \"Message\": \"string\"\n}\n```\n",
            "\n",
            "```\n}\n```\n",
            "ListResponse schema\n",
            "```\n{\n  \"Items\": [\n```\n```\n{ \"Enabled\": boolean, \"Types\": [ enum ] }\n]\n```\n",
        ));
        let ov = overlay();
        let mut used = vec![0; ov.renames.len()];
        let blocks = parse_schemas(&s, "R", s.all(), &ov, &mut used).expect("parses");
        let headings: Vec<&str> = blocks.iter().map(|b| b.heading.as_str()).collect();
        assert_eq!(
            headings,
            [
                "BadRequestException",
                "InternalServerErrorException",
                "ListResponse"
            ]
        );
        assert_eq!(used, [0, 1]);
        let message = Sch::Obj(vec![("Message".into(), Sch::Word("string".into()))]);
        assert_eq!(blocks[0].value, message);
        assert_eq!(blocks[1].value, message);
        assert_eq!(
            blocks[2].value,
            Sch::Obj(vec![(
                "Items".into(),
                Sch::Arr(vec![Sch::Obj(vec![
                    ("Enabled".into(), Sch::Word("boolean".into())),
                    ("Types".into(), Sch::Arr(vec![Sch::Word("enum".into())])),
                ])])
            )])
        );
        assert!(parse_sch("{ \"a\": \"string\" } \"b\"").is_err());
        assert!(parse_sch("{ \"a\" \"string\" }").is_err());
    }

    const PROPERTIES: &str = "\
CallInstructionsMessageType

An object that defines a message.

Note

Pre-production feature.

Text

The text to deliver.

Type: string

Required: True

EventType

The types of events. Possible values are:

INITIATED_CALL

RINGING
BUSY

PlainTextMessageType

An object that defines a message that contains unformatted text.

Voiceld

The name of the voice.

Note

See the [Amazon Polly Developer Guide](#).

Type: string
Required: False

Types

Event types.

Type: Array of type [EventType](#)

Required: False

EmptyResponse

An empty object.
";

    #[test]
    fn properties_shapes_members_and_enums() {
        let s = src(PROPERTIES);
        let ov = overlay();
        let mut used = vec![0; ov.renames.len()];
        let shapes = parse_properties(&s, "R", s.all(), &ov, &mut used).expect("parses");
        let names: Vec<&str> = shapes.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "CallInstructionsMessageType",
                "EventType",
                "PlainTextMessageType",
                "EmptyResponse"
            ]
        );
        assert_eq!(
            doc_html(&shapes[0].doc).as_deref(),
            Some("<p>An object that defines a message.</p><p>Note: Pre-production feature.</p>")
        );
        assert_eq!(shapes[0].members[0].name, "Text");
        assert!(shapes[0].members[0].required);
        assert_eq!(shapes[1].enum_values, ["INITIATED_CALL", "RINGING", "BUSY"]);
        assert_eq!(
            doc_html(&shapes[1].doc).as_deref(),
            Some("<p>The types of events. Possible values are:</p>")
        );
        let members: Vec<(&str, String, bool)> = shapes[2]
            .members
            .iter()
            .map(|m| (m.name.as_str(), m.ty.to_string(), m.required))
            .collect();
        assert_eq!(
            members,
            [
                ("VoiceId", "string".to_string(), false),
                ("Types", "Array of type EventType".to_string(), false)
            ]
        );
        assert_eq!(
            doc_html(&shapes[2].members[0].doc).as_deref(),
            Some("<p>The name of the voice.</p><p>Note: See the Amazon Polly Developer Guide.</p>")
        );
        assert_eq!(used, [1, 0]);
        assert!(shapes[3].members.is_empty() && shapes[3].enum_values.is_empty());
    }

    #[test]
    fn properties_errors_name_the_line() {
        let s = src("Shape\n\nDoc.\n\nMember\n\nDoc.\n\nRequired: True\n");
        let ov = overlay();
        let mut used = vec![0; ov.renames.len()];
        let err = parse_properties(&s, "R", s.all(), &ov, &mut used)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "snippet.txt:9: resource \"R\", Properties: \"Required:\" without a \"Type:\""
            ),
            "{err}"
        );
        let s = src("Shape\n\nDoc.\n\nMember\n\nType: Map of things\n\nRequired: True\n");
        let err = parse_properties(&s, "R", s.all(), &ov, &mut used)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "snippet.txt:7: resource \"R\", Properties, Shape.Member: unknown type"
            ),
            "{err}"
        );
    }

    #[test]
    fn member_types() {
        assert_eq!(
            parse_type("string").unwrap(),
            TypeRef::Scalar(Scalar::String)
        );
        assert_eq!(
            parse_type("String").unwrap(),
            TypeRef::Scalar(Scalar::String)
        );
        assert_eq!(
            parse_type("boolean").unwrap(),
            TypeRef::Scalar(Scalar::Boolean)
        );
        assert_eq!(
            parse_type("[SnsDestination](#)").unwrap(),
            TypeRef::Named("SnsDestination".into())
        );
        assert_eq!(
            parse_type("Array of type string").unwrap(),
            TypeRef::List(Box::new(TypeRef::Scalar(Scalar::String)))
        );
        assert!(parse_type("Array of type").is_err());
        assert!(parse_type("map").is_err());
    }

    const RESOURCE: &str = "\
Thing

A thing.

URI

`/v1/things/ThingName/parts/PartName`

HTTP methods

PUT

Operation ID: UpdatePart

Updates a part.

Path parameters

Name\tType\tRequired\tDescription
<i>PartName</i>\tString\tTrue\tThe part.
<i>ThingName</i>\tString\tTrue\tThe thing.

Responses

Status code\tResponse model\tDescription
200\tUpdatePartResponse\tDone.
429\tTooManyRequestsException\tSlow down.

OPTIONS

Responses

Status code\tResponse model\tDescription
200\tNone\t200 response

Schemas

Request bodies

PUT schema

```
{
  \"Enabled\": boolean
}
```

Response bodies

UpdatePartResponse schema

```
{
}
```

TooManyRequestsException schema

```
{
  \"Message\": \"string\"
}
```

Properties

TooManyRequestsException

Too many requests.

Message

What went wrong.

Type: string

Required: False

UpdatePartRequest

A request to update a part.

Enabled

Whether the part is enabled.

Type: boolean

Required: True

UpdatePartResponse

An empty object.

See also

UpdatePart
";

    fn snippet_reference(text: &str) -> Result<(Source, Reference)> {
        let s = src(text);
        let ov = overlay();
        let mut used = vec![0; ov.renames.len()];
        let res = parse_resource(&s, "Thing", s.all(), &ov, &mut used)?;
        let reference = Reference {
            welcome: vec![para(&["Welcome."])],
            api_version: "2018-09-05".into(),
            resources: vec![res],
            index: vec![("UpdatePart".into(), 1)],
        };
        Ok((s, reference))
    }

    #[test]
    fn a_resource_becomes_operations_and_shapes() {
        let (s, reference) = snippet_reference(RESOURCE).expect("parses");
        let t = build_model(&s, &reference, &overlay()).expect("builds");
        let op = &t.service["operations"]["UpdatePart"];
        assert_eq!(
            op["http"],
            json!({ "method": "PUT", "requestUri": "/v1/things/{ThingName}/parts/{PartName}", "responseCode": 200 })
        );
        assert_eq!(
            op["errors"],
            json!([{ "shape": "TooManyRequestsException" }])
        );
        let input = &t.service["shapes"]["UpdatePartRequest"];
        assert_eq!(
            input["required"],
            json!(["PartName", "ThingName", "Enabled"])
        );
        assert_eq!(
            input["members"]["PartName"],
            json!({ "shape": "String", "location": "uri", "locationName": "PartName", "documentation": "<p>The part.</p>" })
        );
        assert_eq!(input["members"]["Enabled"]["shape"], "Boolean");
        let error = &t.service["shapes"]["TooManyRequestsException"];
        assert_eq!(
            error["error"],
            json!({ "httpStatusCode": 429, "senderFault": true })
        );
        assert_eq!(error["exception"], true);
        assert_eq!(error["retryable"], json!({ "throttling": true }));
        assert_eq!(t.service["documentation"], "<p>Welcome.</p>");
        assert_eq!(t.paginators, None);
    }

    #[test]
    fn a_missing_section_names_the_operation_and_line() {
        let text = RESOURCE.replace("Responses\n\nStatus code\tResponse model\tDescription\n200\tUpdatePartResponse\tDone.\n429\tTooManyRequestsException\tSlow down.\n", "");
        let err = snippet_reference(&text).unwrap_err().to_string();
        assert!(
            err.starts_with(
                "snippet.txt:11: resource \"Thing\", PUT UpdatePart: no \"Responses\" table"
            ),
            "{err}"
        );
    }

    #[test]
    fn a_schema_that_disagrees_with_the_properties_is_an_error() {
        let text = RESOURCE.replace(
            "\"Enabled\": boolean",
            "\"Enabled\": boolean,\n  \"Name\": \"string\"",
        );
        let (s, reference) = snippet_reference(&text).expect("parses");
        let err = build_model(&s, &reference, &overlay())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("request body: the schema has \"Name\", which UpdatePartRequest"),
            "{err}"
        );
    }

    #[test]
    fn a_label_that_is_no_path_parameter_is_an_error() {
        let text = RESOURCE.replace("<i>ThingName</i>\tString\tTrue\tThe thing.\n", "");
        let (s, reference) = snippet_reference(&text).expect("parses");
        let err = build_model(&s, &reference, &overlay())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "snippet.txt:7: resource \"Thing\", PUT UpdatePart: URI segment \"ThingName\""
            ),
            "{err}"
        );
    }

    #[test]
    fn facts_of_a_pipe_table_extraction() {
        let s = src(concat!(
            "URI\n/v1/things\nHTTP methods\nPOST\nOperation ID: SendThing\nSends.\n",
            "Status code | Response model | Description |\n---|---|---|\n",
            "200 | SendThingResponse | Sent. |\n500 | InternalServiceErrorException | Oops. |\n",
            "Properties\nSendThingRequest\nA request.\n",
            "Property | Type | Required | Description |\n---|---|---|---|\n",
            "Content | False | An object, its type cell lost. | |\n",
            "Number | string | True | The long\ncontinued cell. |\n",
            "See also\n",
        ));
        let f = extract_facts(&s).expect("parses");
        assert_eq!(f.ops["SendThing"].uri, "/v1/things");
        assert_eq!(
            f.ops["SendThing"].responses[&500],
            "InternalServiceErrorException"
        );
        let members = &f.shapes["SendThingRequest"].members;
        assert_eq!(members["Content"], (None, false));
        assert_eq!(members["Number"], (Some("string".into()), true));
    }

    #[test]
    fn facts_of_a_paragraph_extraction_and_the_comparison() {
        let s = src(concat!(
            "URI\n\n/v1/things/ThingName\n\nHTTP Methods\n\nDELETE\n\nOperation ID: DeleteThing\n\nDeletes.\n\n",
            "Path Parameters\n\nName Type Required Description\nThingName String True\n\nThe thing.\n\n",
            "Responses\n\nStatus Code Response Model Description\n200 DeleteThingResponse\n\nDone.\n\n",
            "500 InternalServiceErrorException\n\nOops.\n\n",
            "Properties\n\nEventType\n\nValues:\n\n  • BUSY\n\n  • FAILED\n\n",
            "InternalServiceErrorException\n\nProperty Type Required Description\nMessage\n\nstring\n\nFalse\n\nWhat.\n\n",
            "See Also\n",
        ));
        let f = extract_facts(&s).expect("parses");
        assert_eq!(
            f.ops["DeleteThing"].params["ThingName"],
            ("String".to_string(), true)
        );
        assert_eq!(f.shapes["EventType"].enum_values, ["BUSY", "FAILED"]);

        let mut full = Facts::default();
        let mut op = f.ops["DeleteThing"].clone();
        op.responses
            .insert(500, "InternalServerErrorException".into());
        full.ops.insert("DeleteThing".into(), op);
        full.shapes
            .insert("EventType".into(), f.shapes["EventType"].clone());
        full.shapes.insert(
            "InternalServerErrorException".into(),
            f.shapes["InternalServiceErrorException"].clone(),
        );
        let found = compare_facts(&full, &f);
        let d = |at: &str| Disagreement {
            at: at.into(),
            full: "InternalServerErrorException".into(),
            extract: "InternalServiceErrorException".into(),
        };
        assert_eq!(
            found,
            [d("operation DeleteThing: response 500"), d("shape names")]
        );
    }

    fn seeds_dir() -> Option<std::path::PathBuf> {
        let dir = match std::env::var_os("SMS_VOICE_SEEDS_DIR") {
            Some(dir) => std::path::PathBuf::from(dir),
            None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seeds"),
        };
        dir.is_dir().then_some(dir)
    }

    /// Writes `text` to `path` when `TRANSCRIBE_OVERWRITE` is set, else checks that the
    /// committed file is identical.
    fn ensure_file(path: &Path, text: &str) {
        if std::env::var_os("TRANSCRIBE_OVERWRITE").is_some() {
            std::fs::create_dir_all(path.parent().expect("a parent"))
                .expect("create the model folder");
            std::fs::write(path, text).expect("write the model");
            return;
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == text,
            "{} is stale: run `cargo xtask transcribe` (or this test with TRANSCRIBE_OVERWRITE=1) and commit",
            path.display()
        );
    }

    #[test]
    fn full_transcription() {
        let Some(seeds) = seeds_dir() else {
            eprintln!("skipped: no seeds directory (set SMS_VOICE_SEEDS_DIR)");
            return;
        };
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let t = transcribe(&seeds, &root.join("overlays/pinpoint-sms-voice.json"))
            .unwrap_or_else(|e| panic!("{e:#}"));
        let s = &t.service;

        assert_eq!(s["version"], "2.0");
        assert_eq!(s["metadata"]["apiVersion"], "2018-09-05");
        assert_eq!(s["metadata"]["protocol"], "rest-json");
        assert_eq!(s["metadata"]["signingName"], "sms-voice");

        let ops = s["operations"].as_object().expect("operations");
        assert_eq!(ops.len(), 8);
        let cs = "/v1/sms-voice/configuration-sets";
        let expected = [
            ("CreateConfigurationSet", "POST", cs.to_string()),
            (
                "CreateConfigurationSetEventDestination",
                "POST",
                format!("{cs}/{{ConfigurationSetName}}/event-destinations"),
            ),
            (
                "DeleteConfigurationSet",
                "DELETE",
                format!("{cs}/{{ConfigurationSetName}}"),
            ),
            (
                "DeleteConfigurationSetEventDestination",
                "DELETE",
                format!(
                    "{cs}/{{ConfigurationSetName}}/event-destinations/{{EventDestinationName}}"
                ),
            ),
            (
                "GetConfigurationSetEventDestinations",
                "GET",
                format!("{cs}/{{ConfigurationSetName}}/event-destinations"),
            ),
            ("ListConfigurationSets", "GET", cs.to_string()),
            (
                "SendVoiceMessage",
                "POST",
                "/v1/sms-voice/voice/message".to_string(),
            ),
            (
                "UpdateConfigurationSetEventDestination",
                "PUT",
                format!(
                    "{cs}/{{ConfigurationSetName}}/event-destinations/{{EventDestinationName}}"
                ),
            ),
        ];
        let names: Vec<&String> = ops.keys().collect();
        assert_eq!(names, expected.iter().map(|e| e.0).collect::<Vec<_>>());
        for (name, method, uri) in &expected {
            let op = &ops[*name];
            assert_eq!(
                op["http"],
                json!({ "method": method, "requestUri": uri, "responseCode": 200 }),
                "{name}"
            );
            assert_eq!(op["input"]["shape"], format!("{name}Request"));
            assert_eq!(op["output"]["shape"], format!("{name}Response"));
            assert!(
                op["documentation"]
                    .as_str()
                    .is_some_and(|d| d.starts_with("<p>")),
                "{name}"
            );
        }
        let errors = |op: &str| -> Vec<String> {
            ops[op]["errors"]
                .as_array()
                .expect("errors")
                .iter()
                .map(|e| e["shape"].as_str().expect("a shape").to_string())
                .collect()
        };
        assert_eq!(
            errors("CreateConfigurationSetEventDestination"),
            [
                "BadRequestException",
                "NotFoundException",
                "AlreadyExistsException",
                "LimitExceededException",
                "TooManyRequestsException",
                "InternalServiceErrorException"
            ]
        );
        assert_eq!(
            errors("SendVoiceMessage"),
            [
                "BadRequestException",
                "TooManyRequestsException",
                "InternalServiceErrorException"
            ]
        );

        let shapes = &s["shapes"];
        // The overlay's shape_names: the 500 error has the service's name everywhere.
        assert!(shapes.get("InternalServerErrorException").is_none());
        for (name, code) in [
            ("BadRequestException", 400),
            ("NotFoundException", 404),
            ("AlreadyExistsException", 409),
            ("LimitExceededException", 412),
            ("TooManyRequestsException", 429),
            ("InternalServiceErrorException", 500),
        ] {
            let e = &shapes[name];
            assert_eq!(e["exception"], true, "{name}");
            assert_eq!(e["error"]["httpStatusCode"], code, "{name}");
            assert_eq!(
                e["error"].get("senderFault").is_some(),
                code < 500,
                "{name}"
            );
            assert_eq!(e.get("retryable").is_some(), code == 429, "{name}");
            assert_eq!(e["members"]["Message"]["shape"], "String", "{name}");
        }

        assert_eq!(
            shapes["EventType"]["enum"],
            json!([
                "INITIATED_CALL",
                "RINGING",
                "ANSWERED",
                "COMPLETED_CALL",
                "BUSY",
                "FAILED",
                "NO_ANSWER"
            ])
        );
        assert_eq!(
            shapes["EventDestinationDefinition"]["members"]["MatchingEventTypes"]["shape"],
            "ListOfEventTypes"
        );
        assert_eq!(
            shapes["EventDestinationDefinition"]["required"],
            json!(["MatchingEventTypes"])
        );
        assert_eq!(
            shapes["EventDestination"]["members"]["MatchingEventTypes"]["shape"],
            "ListOfEventTypes"
        );
        assert_eq!(
            shapes["ListOfEventTypes"],
            json!({ "type": "list", "member": { "shape": "EventType" } })
        );
        assert_eq!(
            shapes["PlainTextMessageType"]["members"]["VoiceId"]["shape"],
            "String"
        );
        assert_eq!(shapes["SSMLMessageType"]["required"], json!(["Text"]));
        assert_eq!(
            shapes["SendVoiceMessageRequest"]["members"]["Content"]["shape"],
            "VoiceMessageContent"
        );
        assert_eq!(
            shapes["SendVoiceMessageRequest"]["required"],
            json!(["OriginationPhoneNumber", "DestinationPhoneNumber"])
        );
        let list = &shapes["ListConfigurationSetsRequest"]["members"];
        assert_eq!(list["PageSize"]["shape"], "String");
        assert_eq!(list["PageSize"]["location"], "querystring");
        assert_eq!(list["NextToken"]["locationName"], "NextToken");
        let update = &shapes["UpdateConfigurationSetEventDestinationRequest"];
        assert_eq!(update["members"]["ConfigurationSetName"]["location"], "uri");
        assert_eq!(
            update["required"],
            json!([
                "EventDestinationName",
                "ConfigurationSetName",
                "EventDestination"
            ])
        );
        assert_eq!(
            t.paginators,
            Some(json!({ "pagination": { "ListConfigurationSets": {
                "input_token": "NextToken", "output_token": "NextToken", "limit_key": "PageSize", "result_key": "ConfigurationSets"
            } } }))
        );

        let dir = root.join("../model/pinpoint-sms-voice/2018-09-05");
        let pretty = |v: &Value| serde_json::to_string_pretty(v).expect("serializes") + "\n";
        ensure_file(&dir.join("service-2.json"), &pretty(&t.service));
        if let Some(p) = &t.paginators {
            ensure_file(&dir.join("paginators-1.json"), &pretty(p));
        }
    }
}
