//! Transcribes the AWS End User Messaging SMS, version 2 API Reference (awsJson1_0) into a
//! service model.
//!
//! The reference is text extracted from a PDF. The parser works on paragraphs (see
//! [`text::paragraphs`]): every action, data type and member is a heading paragraph followed by
//! prose and `Key: value` paragraphs (`Type:`, `Length Constraints:`, `Pattern:`...). The
//! parse builds a small document tree ([`Action`], [`DataType`], [`MemberDoc`], [`ErrorDoc`]);
//! [`lower`] turns it into the model, naming the scalar, list and map shapes the docs leave
//! unnamed and applying the reviewed overlay.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{anyhow, bail, Context, Result};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::text::{self, Para};
use super::Transcribed;

/// The reference file's name in the seeds folder.
pub const SOURCE: &str = "004_1130e85a092bf54c.txt";

const FOOTER: &str = "API Version 2022-03-31";
const HEADER: &str = "AWS End User Messaging SMS API Reference";

/// Keys that open a `Key: value` paragraph in a member block.
const KEYS: &[&str] = &[
    "Type:",
    "Length Constraints:",
    "Pattern:",
    "Valid Values:",
    "Valid Range:",
    "Array Members:",
    "Map Entries:",
    "Key Length Constraints:",
    "Key Pattern:",
    "Valid Keys:",
    "Value Length Constraints:",
    "Value Pattern:",
    "Required:",
    "HTTP Status Code:",
];

/// The reviewed corrections, from `xtask/overlays/pinpoint-sms-voice-v2.json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    /// Text replacements applied to the source before parsing (extraction slips).
    #[serde(default)]
    text_fixes: Vec<TextFix>,
    /// Names for shapes the docs do not name, keyed by one use `Structure.Member` (with a
    /// suffix `[]` for a list's element, `{key}`/`{value}` for a map's key and value).
    #[serde(default)]
    shape_names: Vec<ShapeName>,
    /// Types of error members, written as the docs write a `Type:` (`String`,
    /// `Array of X objects`): the docs list error members without their types.
    error_members: BTreeMap<String, Reasoned<String>>,
    /// Members every error has that the per-action lists leave out.
    #[serde(default)]
    error_common_members: Vec<Reasoned<CommonMember>>,
    /// Extra attributes of error shapes (e.g. `retryable`).
    #[serde(default)]
    error_traits: BTreeMap<String, Reasoned<Map<String, Value>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextFix {
    find: String,
    replace: String,
    /// How many times the text occurs; the fix fails when the source changed.
    count: usize,
    #[allow(dead_code)]
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShapeName {
    #[serde(rename = "use")]
    at: String,
    name: String,
    #[allow(dead_code)]
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reasoned<T> {
    value: T,
    #[allow(dead_code)]
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommonMember {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    documentation: String,
}

/// A member as the reference describes it.
#[derive(Debug, Clone)]
pub struct MemberDoc {
    pub name: String,
    pub line: usize,
    pub doc: Vec<String>,
    /// `(key, value, line)` for every `Key: value` paragraph, `Type:` first.
    pub facts: Vec<(String, String, usize)>,
}

impl MemberDoc {
    fn fact(&self, key: &str) -> Option<&str> {
        self.facts
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, v, _)| v.as_str())
    }
}

/// An error as listed under an action.
#[derive(Debug, Clone)]
pub struct ErrorDoc {
    pub name: String,
    pub line: usize,
    pub doc: Vec<String>,
    pub members: Vec<(String, Vec<String>)>,
    pub status: u16,
}

/// An action's section.
#[derive(Debug, Clone)]
pub struct Action {
    pub name: String,
    pub line: usize,
    pub doc: Vec<String>,
    /// `None` when the action takes no input (no Request Syntax).
    pub request: Option<Vec<MemberDoc>>,
    pub response: Vec<MemberDoc>,
    pub errors: Vec<ErrorDoc>,
}

/// A data type's section.
#[derive(Debug, Clone)]
pub struct DataType {
    pub name: String,
    pub line: usize,
    pub doc: Vec<String>,
    pub members: Vec<MemberDoc>,
}

/// The parsed reference.
#[derive(Debug)]
pub struct Reference {
    pub welcome: Vec<String>,
    pub actions: Vec<Action>,
    pub data_types: Vec<DataType>,
}

/// Reads the reference and the overlay and returns the model.
pub fn transcribe(source: &str, overlay: &Overlay) -> Result<Transcribed> {
    let mut src = source.to_string();
    for fix in &overlay.text_fixes {
        let n = src.matches(&fix.find).count();
        if n != fix.count {
            bail!(
                "overlay text fix {:?}: expected {} occurrence(s) in the reference, found {n}",
                fix.find,
                fix.count
            );
        }
        src = src.replace(&fix.find, &fix.replace);
    }
    let reference = parse(&src)?;
    lower(&reference, overlay)
}

/// Parses the overlay file's text.
pub fn parse_overlay(text: &str) -> Result<Overlay> {
    serde_json::from_str(text).context("parsing the v2 overlay")
}

// ---------------------------------------------------------------------------------------------
// Parsing

/// Parses the reference text into actions and data types.
pub fn parse(src: &str) -> Result<Reference> {
    // Page furniture: the running header, the footer (`<section> API Version ... <page>`), and
    // link targets the extraction printed on lines of their own.
    let lines = text::clean_lines(src, |l| {
        l == HEADER
            || (l.contains(FOOTER) && l.rsplit(' ').next().is_some_and(is_number))
            || (l.starts_with("https://") && !l.contains(' '))
    });
    let paras = text::paragraphs(&lines, KEYS);
    let texts: Vec<String> = paras.iter().map(Para::text).collect();

    let find = |what: &str, from: usize| -> Result<usize> {
        texts[from..]
            .iter()
            .position(|t| t == what)
            .map(|i| i + from)
            .ok_or_else(|| {
                anyhow!("the reference has no paragraph {what:?} after paragraph {from}")
            })
    };

    // The list of actions, then the data types list, give the section names in order.
    let actions_at = find("Actions", 0)?;
    let welcome: Vec<String> = texts[1..actions_at]
        .iter()
        .filter(|t| !t.starts_with("This document was last published"))
        .cloned()
        .collect();
    let action_names = bullet_list(&texts, actions_at + 2);
    if action_names.is_empty() {
        bail!("line {}: the Actions list is empty", paras[actions_at].line);
    }
    let data_types_at = find("Data Types", actions_at)?;
    let list_at = find("The following data types are supported:", data_types_at)?;
    let type_names = bullet_list(&texts, list_at + 1);
    let common_at = find("Common Parameters", list_at)?;

    // Section boundaries: each name's heading, searched in order.
    let mut cursor = actions_at + 2 + action_names.len();
    let mut action_starts = Vec::new();
    for name in &action_names {
        let at =
            find(name, cursor).with_context(|| format!("finding the section of action {name}"))?;
        action_starts.push(at);
        cursor = at + 1;
    }
    let mut cursor = list_at + 1 + type_names.len();
    let mut type_starts = Vec::new();
    for name in &type_names {
        // A member may bear the name of the next data type (`RegistrationVersionInformation`
        // has a member `RegistrationVersionStatusHistory`): a section heading is the one
        // followed by its `Contents` before any member fact.
        let mut at = find(name, cursor)
            .with_context(|| format!("finding the section of data type {name}"))?;
        while !opens_section(&texts[at + 1..]) {
            at = find(name, at + 1)
                .with_context(|| format!("finding the section of data type {name}"))?;
        }
        type_starts.push(at);
        cursor = at + 1;
    }

    let mut actions = Vec::new();
    for (i, name) in action_names.iter().enumerate() {
        let start = action_starts[i];
        let end = action_starts.get(i + 1).copied().unwrap_or(data_types_at);
        actions.push(
            parse_action(name, &paras[start..end])
                .with_context(|| format!("action {name} (line {})", paras[start].line))?,
        );
    }
    let mut data_types = Vec::new();
    for (i, name) in type_names.iter().enumerate() {
        let start = type_starts[i];
        let end = type_starts.get(i + 1).copied().unwrap_or(common_at);
        data_types.push(
            parse_data_type(name, &paras[start..end])
                .with_context(|| format!("data type {name} (line {})", paras[start].line))?,
        );
    }
    Ok(Reference {
        welcome,
        actions,
        data_types,
    })
}

/// Whether the paragraphs after a heading open a data type section: `Contents` comes before
/// any `Key: value` fact of a member.
fn opens_section(after: &[String]) -> bool {
    after
        .iter()
        .find(|t| *t == "Contents" || fact_key(t).is_some())
        .is_some_and(|t| t == "Contents")
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// The names of a bullet list (`• Name` paragraphs) starting at `from`.
fn bullet_list(texts: &[String], from: usize) -> Vec<String> {
    texts[from..]
        .iter()
        .map_while(|t| t.strip_prefix('•').map(|n| n.trim().to_string()))
        .collect()
}

/// Splits a section into its headed parts: `(heading, paragraphs after it)`.
fn parts<'a>(paras: &'a [Para], headings: &[&str]) -> BTreeMap<String, &'a [Para]> {
    let mut at: Vec<(usize, String)> = paras
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let t = p.text();
            headings.contains(&t.as_str()).then_some((i, t))
        })
        .collect();
    // Only the first occurrence of a heading counts.
    let mut seen = BTreeSet::new();
    at.retain(|(_, h)| seen.insert(h.clone()));
    let mut out = BTreeMap::new();
    for (k, (i, h)) in at.iter().enumerate() {
        let end = at.get(k + 1).map_or(paras.len(), |(j, _)| *j);
        out.insert(h.clone(), &paras[i + 1..end]);
    }
    out
}

const ACTION_HEADINGS: &[&str] = &[
    "Request Syntax",
    "Request Parameters",
    "Response Syntax",
    "Response Elements",
    "Errors",
    "Examples",
    "See Also",
];

fn parse_action(name: &str, paras: &[Para]) -> Result<Action> {
    let body = &paras[1..];
    let first_heading = body
        .iter()
        .position(|p| ACTION_HEADINGS.contains(&p.text().as_str()))
        .ok_or_else(|| anyhow!("no Request/Response/Errors heading"))?;
    let doc = body[..first_heading].iter().map(Para::text).collect();
    let parts = parts(body, ACTION_HEADINGS);

    let request = match parts.get("Request Syntax") {
        None => None,
        Some(syntax) => {
            let keys = syntax_keys(syntax)?;
            let params = parts
                .get("Request Parameters")
                .ok_or_else(|| anyhow!("Request Syntax without Request Parameters"))?;
            let params = skip_intro(
                params,
                "The request accepts the following data in JSON format.",
            )?;
            let members = parse_members(params)?;
            check_keys(&keys, &members, "Request")?;
            Some(members)
        }
    };
    let response = match parts.get("Response Syntax") {
        None => Vec::new(),
        Some(syntax) => {
            let keys = syntax_keys(syntax)?;
            let elems = parts
                .get("Response Elements")
                .ok_or_else(|| anyhow!("Response Syntax without Response Elements"))?;
            let elems = skip_intro(
                elems,
                "The following data is returned in JSON format by the service.",
            )?;
            let members = parse_members(elems)?;
            check_keys(&keys, &members, "Response")?;
            members
        }
    };
    let errors = match parts.get("Errors") {
        Some(errs) => parse_errors(errs)?,
        None => bail!("no Errors section"),
    };
    Ok(Action {
        name: name.to_string(),
        line: paras[0].line,
        doc,
        request,
        response,
        errors,
    })
}

fn parse_data_type(name: &str, paras: &[Para]) -> Result<DataType> {
    let body = &paras[1..];
    let contents = body
        .iter()
        .position(|p| p.text() == "Contents")
        .ok_or_else(|| anyhow!("no Contents heading"))?;
    let see_also = body[contents..]
        .iter()
        .position(|p| p.text() == "See Also")
        .map_or(body.len(), |i| i + contents);
    let mut doc: Vec<String> = body[..contents].iter().map(Para::text).collect();
    // "Note / The order of each element..." style notes stay part of the description.
    doc.retain(|d| !d.is_empty());
    let members = parse_members(&body[contents + 1..see_also])?;
    Ok(DataType {
        name: name.to_string(),
        line: paras[0].line,
        doc,
        members,
    })
}

/// Skips the fixed sentences that open a parameters or elements part, up to `last`.
fn skip_intro<'a>(paras: &'a [Para], last: &str) -> Result<&'a [Para]> {
    let at = paras
        .iter()
        .position(|p| p.text() == last)
        .ok_or_else(|| anyhow!("missing the sentence {last:?}"))?;
    Ok(&paras[at + 1..])
}

/// The top-level keys of a `{ "Key": ... }` syntax block.
fn syntax_keys(paras: &[Para]) -> Result<Vec<String>> {
    let mut depth = 0i32;
    let mut keys = Vec::new();
    for p in paras {
        for line in &p.lines {
            let t = line.trim();
            if depth == 1 {
                if let Some(rest) = t.strip_prefix('"') {
                    if let Some(end) = rest.find('"') {
                        if rest[end + 1..].trim_start().starts_with(':') {
                            keys.push(rest[..end].to_string());
                        }
                    }
                }
            }
            for c in t.chars() {
                match c {
                    '{' | '[' => depth += 1,
                    '}' | ']' => depth -= 1,
                    _ => {}
                }
            }
        }
    }
    if depth != 0 {
        bail!(
            "unbalanced syntax block at line {}",
            paras.first().map_or(0, |p| p.line)
        );
    }
    Ok(keys)
}

fn check_keys(keys: &[String], members: &[MemberDoc], what: &str) -> Result<()> {
    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
    let want: Vec<&str> = keys.iter().map(String::as_str).collect();
    if names != want {
        bail!("{what} Syntax lists {want:?} but the members described are {names:?}");
    }
    Ok(())
}

fn fact_key(text: &str) -> Option<&'static str> {
    KEYS.iter().copied().find(|k| text.starts_with(k))
}

/// Parses a run of member blocks: a name heading, prose, then `Key: value` paragraphs.
fn parse_members(paras: &[Para]) -> Result<Vec<MemberDoc>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < paras.len() {
        let p = &paras[i];
        let name = p.ident().ok_or_else(|| {
            anyhow!(
                "line {}: expected a member name, found {:?}",
                p.line,
                p.text()
            )
        })?;
        let mut m = MemberDoc {
            name: name.to_string(),
            line: p.line,
            doc: Vec::new(),
            facts: Vec::new(),
        };
        i += 1;
        while i < paras.len() && fact_key(&paras[i].text()).is_none() {
            m.doc.push(paras[i].text());
            i += 1;
        }
        while i < paras.len() {
            let t = paras[i].text();
            // A list of valid values that runs onto the next page continues there.
            if let Some((k, v, _)) = m.facts.last_mut() {
                let list = k == "Valid Values" || k == "Valid Keys";
                if list && fact_key(&t).is_none() && (t.starts_with('|') || t.contains(" | ")) {
                    v.push(' ');
                    v.push_str(&t);
                    i += 1;
                    continue;
                }
            }
            let Some(key) = fact_key(&t) else { break };
            let value = t[key.len()..].trim().to_string();
            m.facts
                .push((key.trim_end_matches(':').to_string(), value, paras[i].line));
            i += 1;
        }
        if m.fact("Type").is_none() {
            bail!("line {}: member {} has no Type", m.line, m.name);
        }
        out.push(m);
    }
    Ok(out)
}

/// Parses an action's Errors part.
fn parse_errors(paras: &[Para]) -> Result<Vec<ErrorDoc>> {
    let paras = skip_intro(
        paras,
        "For information about the errors that are common to all actions, see Common Errors.",
    )?;
    let mut out = Vec::new();
    let mut i = 0;
    while i < paras.len() {
        let p = &paras[i];
        let name = p.ident().ok_or_else(|| {
            anyhow!(
                "line {}: expected an error name, found {:?}",
                p.line,
                p.text()
            )
        })?;
        let mut e = ErrorDoc {
            name: name.to_string(),
            line: p.line,
            doc: Vec::new(),
            members: Vec::new(),
            status: 0,
        };
        i += 1;
        loop {
            let Some(p) = paras.get(i) else {
                bail!("line {}: error {} has no HTTP Status Code", e.line, e.name);
            };
            i += 1;
            let t = p.text();
            if let Some(code) = t.strip_prefix("HTTP Status Code:") {
                e.status = code
                    .trim()
                    .parse()
                    .with_context(|| format!("line {}: bad status code {code:?}", p.line))?;
                break;
            }
            match p.ident() {
                Some(member) if member != "Important" && member != "Note" => {
                    e.members.push((member.to_string(), Vec::new()))
                }
                _ => match e.members.last_mut() {
                    Some((_, doc)) => doc.push(t),
                    None => e.doc.push(t),
                },
            }
        }
        out.push(e);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Lowering to the model

/// Constraints of one value.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Cons {
    min: Option<i64>,
    max: Option<i64>,
    pattern: Option<String>,
    values: Option<Vec<String>>,
}

/// A member's type as the docs give it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Ty {
    /// `string`, `integer`, `long`, `boolean`, `timestamp`, `blob`.
    Scalar(&'static str, Cons),
    Structure(String),
    List(Box<Ty>, Cons),
    Map(Box<Ty>, Box<Ty>, Cons),
}

fn parse_bounds(text: &str, what: &str) -> Result<(Option<i64>, Option<i64>)> {
    let number_after = |word: &str| -> Result<Option<i64>> {
        let Some(at) = text.find(word) else {
            return Ok(None);
        };
        let rest = text[at + word.len()..].trim_start();
        let num: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        num.parse()
            .map(Some)
            .with_context(|| format!("{what}: no number after {word:?} in {text:?}"))
    };
    if let Some(fixed) = number_after(&format!("Fixed {what} of"))? {
        return Ok((Some(fixed), Some(fixed)));
    }
    let min = number_after(&format!("Minimum {what} of"))?;
    let max = number_after(&format!("Maximum {what} of"))?;
    if min.is_none() && max.is_none() {
        bail!("no bounds in {text:?}");
    }
    Ok((min, max))
}

fn parse_values(text: &str) -> Vec<String> {
    text.split('|')
        .map(|v| v.split_whitespace().collect::<String>())
        .filter(|v| !v.is_empty())
        .collect()
}

/// Reads a member's `Type:` and constraint facts.
fn member_type(m: &MemberDoc) -> Result<Ty> {
    let ty = m.fact("Type").expect("parse_members checks Type");
    let mut own = Cons::default(); // the value's own constraints (or a list's/map's elements)
    let mut outer = Cons::default(); // a list's or map's entry count
    let mut key = Cons::default();
    let mut value = Cons::default();
    for (k, v, line) in &m.facts {
        let at = || format!("line {line}: {} {k}", m.name);
        match k.as_str() {
            "Type" | "Required" => {}
            "Length Constraints" => {
                (own.min, own.max) = parse_bounds(v, "length").with_context(at)?
            }
            "Valid Range" => (own.min, own.max) = parse_bounds(v, "value").with_context(at)?,
            "Pattern" => own.pattern = Some(v.clone()),
            "Valid Values" => own.values = Some(parse_values(v)),
            "Array Members" | "Map Entries" => {
                (outer.min, outer.max) = parse_bounds(v, "number").with_context(at)?
            }
            "Key Length Constraints" => {
                (key.min, key.max) = parse_bounds(v, "length").with_context(at)?
            }
            "Key Pattern" => key.pattern = Some(v.clone()),
            "Valid Keys" => key.values = Some(parse_values(v)),
            "Value Length Constraints" => {
                (value.min, value.max) = parse_bounds(v, "length").with_context(at)?
            }
            "Value Pattern" => value.pattern = Some(v.clone()),
            other => bail!("line {line}: {}: unexpected {other:?}", m.name),
        }
    }
    let scalar = |name: &str| -> Option<&'static str> {
        Some(match name {
            "String" | "string" | "strings" => "string",
            "Integer" | "integers" => "integer",
            "Long" | "longs" => "long",
            "Boolean" | "booleans" => "boolean",
            "Timestamp" | "timestamps" => "timestamp",
            "Base64-encoded binary data object" => "blob",
            _ => return None,
        })
    };
    let structure = |name: &str| -> Option<String> {
        let n = name
            .strip_suffix(" object")
            .or_else(|| name.strip_suffix(" objects"))?;
        text::is_ident(n).then(|| n.to_string())
    };
    let elem = |name: &str, cons: Cons| -> Result<Ty> {
        if let Some(s) = scalar(name) {
            Ok(Ty::Scalar(s, cons))
        } else if let Some(s) = structure(name) {
            if cons != Cons::default() {
                bail!("line {}: {}: constraints on a structure", m.line, m.name);
            }
            Ok(Ty::Structure(s))
        } else {
            bail!("line {}: {}: unknown type {name:?}", m.line, m.name)
        }
    };
    let no_outer = |ty: Ty| -> Result<Ty> {
        if outer != Cons::default() || key != Cons::default() || value != Cons::default() {
            bail!(
                "line {}: {}: entry, key or value constraints on a {ty:?}",
                m.line,
                m.name
            );
        }
        Ok(ty)
    };
    if let Some(e) = ty.strip_prefix("Array of ") {
        if key != Cons::default() || value != Cons::default() {
            bail!(
                "line {}: {}: key or value constraints on a list",
                m.line,
                m.name
            );
        }
        Ok(Ty::List(Box::new(elem(e, own)?), outer))
    } else if let Some(kv) = ty.strip_suffix(" map") {
        let (k, v) = kv
            .split_once(" to ")
            .ok_or_else(|| anyhow!("line {}: {}: bad map type {ty:?}", m.line, m.name))?;
        if own != Cons::default() {
            bail!("line {}: {}: plain constraints on a map", m.line, m.name);
        }
        Ok(Ty::Map(
            Box::new(elem(k, key)?),
            Box::new(elem(v, value)?),
            outer,
        ))
    } else {
        no_outer(elem(ty, own)?)
    }
}

/// A member the docs describe without a `Type:` line, typed by the overlay.
fn synthetic_member(name: &str, ty: &str, doc: Vec<String>, line: usize) -> MemberDoc {
    MemberDoc {
        name: name.to_string(),
        line,
        doc,
        facts: vec![("Type".to_string(), ty.to_string(), line)],
    }
}

fn required(m: &MemberDoc) -> Result<bool> {
    match m.fact("Required") {
        Some("Yes") => Ok(true),
        Some("No") | None => Ok(false),
        Some(other) => bail!("line {}: {}: Required: {other:?}", m.line, m.name),
    }
}

/// Where a type is used: `Structure.Member`, with `[]`, `{key}` or `{value}` appended for the
/// parts of lists and maps.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Use {
    at: String,
    /// The name a shape at this use gets when nothing else claims it.
    candidate: String,
    /// The name used to tell apart shapes that share a candidate.
    parent: String,
}

/// Collects unnamed shapes and names them.
#[derive(Default)]
struct Namer {
    /// `candidate \u{1} body` → (shape body, uses)
    shapes: BTreeMap<String, (Value, Vec<Use>)>,
}

impl Namer {
    /// Records a type at a use and returns the shape's signature (resolved to a name later).
    fn add(&mut self, ty: &Ty, at: &str, member: &str, parent: &str) -> Ref {
        match ty {
            Ty::Structure(name) => Ref::Named(name.clone()),
            Ty::Scalar(kind, cons) => {
                let mut body = Map::new();
                body.insert("type".into(), json!(kind));
                if let Some(max) = cons.max {
                    body.insert("max".into(), json!(max));
                }
                if let Some(min) = cons.min {
                    body.insert("min".into(), json!(min));
                }
                if let Some(p) = &cons.pattern {
                    body.insert("pattern".into(), json!(p));
                }
                if let Some(v) = &cons.values {
                    body.insert("enum".into(), json!(v));
                }
                let candidate = if body.len() == 1 {
                    upper_first(kind)
                } else {
                    member.to_string()
                };
                self.record(Value::Object(body), at, candidate, parent)
            }
            Ty::List(elem, cons) => {
                let elem_ref = self.add(elem, &format!("{at}[]"), &singular(member), parent);
                let mut body = Map::new();
                body.insert("type".into(), json!("list"));
                body.insert("member".into(), json!({ "shape": elem_ref.placeholder() }));
                if let Some(max) = cons.max {
                    body.insert("max".into(), json!(max));
                }
                if let Some(min) = cons.min {
                    body.insert("min".into(), json!(min));
                }
                let candidate = match &**elem {
                    Ty::Structure(s) => format!("{s}List"),
                    _ => format!("{}List", singular(member)),
                };
                self.record(Value::Object(body), at, candidate, parent)
            }
            Ty::Map(k, v, cons) => {
                let stem = singular(member);
                let key = self.add(k, &format!("{at}{{key}}"), &format!("{stem}Key"), parent);
                let value = self.add(
                    v,
                    &format!("{at}{{value}}"),
                    &format!("{stem}Value"),
                    parent,
                );
                let mut body = Map::new();
                body.insert("type".into(), json!("map"));
                body.insert("key".into(), json!({ "shape": key.placeholder() }));
                body.insert("value".into(), json!({ "shape": value.placeholder() }));
                if let Some(max) = cons.max {
                    body.insert("max".into(), json!(max));
                }
                if let Some(min) = cons.min {
                    body.insert("min".into(), json!(min));
                }
                self.record(Value::Object(body), at, format!("{member}Map"), parent)
            }
        }
    }

    /// Records a shape body at a use. Uses with the same candidate name and the same body
    /// share one shape; the same body under another name is another shape (another meaning).
    fn record(&mut self, body: Value, at: &str, candidate: String, parent: &str) -> Ref {
        let key = format!("{candidate}\u{1}{body}");
        let entry = self
            .shapes
            .entry(key.clone())
            .or_insert_with(|| (body, Vec::new()));
        entry.1.push(Use {
            at: at.to_string(),
            candidate,
            parent: parent.to_string(),
        });
        Ref::Sig(key)
    }

    /// Names every recorded shape. Returns signature → name.
    fn names(
        &self,
        overlay: &Overlay,
        taken: &BTreeSet<String>,
    ) -> Result<BTreeMap<String, String>> {
        // Overlay names first, by the use they name.
        let mut by_use: BTreeMap<&str, &str> = BTreeMap::new();
        for n in &overlay.shape_names {
            if by_use.insert(&n.at, &n.name).is_some() {
                bail!("overlay names the use {} twice", n.at);
            }
        }
        let mut used_overlay = BTreeSet::new();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        // candidate → signatures that want it
        let mut wanted: BTreeMap<String, Vec<&String>> = BTreeMap::new();
        for (sig, (_, uses)) in &self.shapes {
            let chosen: BTreeSet<&str> = uses
                .iter()
                .filter_map(|u| by_use.get(u.at.as_str()).copied())
                .collect();
            for u in uses {
                if by_use.contains_key(u.at.as_str()) {
                    used_overlay.insert(u.at.clone());
                }
            }
            match chosen.len() {
                0 => {}
                1 => {
                    names.insert(
                        sig.clone(),
                        chosen.into_iter().next().unwrap_or_default().to_string(),
                    );
                    continue;
                }
                _ => bail!("overlay gives one shape several names: {chosen:?}"),
            }
            wanted
                .entry(uses[0].candidate.clone())
                .or_default()
                .push(sig);
        }
        for (at, _) in by_use {
            if !used_overlay.contains(at) {
                bail!("overlay names the use {at}, which the reference does not have");
            }
        }
        let overlay_names: BTreeSet<String> = names.values().cloned().collect();
        for (candidate, sigs) in wanted {
            if sigs.len() == 1 && !taken.contains(&candidate) && !overlay_names.contains(&candidate)
            {
                names.insert(sigs[0].clone(), candidate);
                continue;
            }
            // Several shapes want one name: the one used most keeps it (if free), the others
            // take their first use's structure as a prefix.
            let mut sigs = sigs;
            sigs.sort_by_key(|s| std::cmp::Reverse(self.shapes[*s].1.len()));
            let free = !taken.contains(&candidate) && !overlay_names.contains(&candidate);
            let count = |i: usize| sigs.get(i).map_or(0, |s| self.shapes[*s].1.len());
            if free && count(0) > count(1) {
                names.insert(sigs[0].clone(), candidate.clone());
                sigs.remove(0);
            }
            for sig in sigs {
                let first = &self.shapes[sig].1[0];
                names.insert(sig.clone(), format!("{}{}", stem(&first.parent), candidate));
            }
        }
        // Names must be unique and must not clash with the named structures.
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (sig, name) in &names {
            if let Some(other) = seen.insert(name, sig) {
                let a = &self.shapes[sig].1[0].at;
                let b = &self.shapes[other].1[0].at;
                bail!("two different shapes are both named {name} (used at {a} and {b}); name one in the overlay");
            }
            if taken.contains(name) {
                bail!(
                    "shape name {name} (used at {}) is already a structure; name it in the overlay",
                    self.shapes[sig].1[0].at
                );
            }
        }
        Ok(names)
    }
}

/// A shape reference: a named structure, or an unnamed shape by signature.
enum Ref {
    Named(String),
    Sig(String),
}

impl Ref {
    fn placeholder(&self) -> String {
        match self {
            Ref::Named(n) => n.clone(),
            Ref::Sig(s) => format!("\u{0}{s}"),
        }
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A plural member name's singular (`PhoneNumberIds` → `PhoneNumberId`).
fn singular(s: &str) -> String {
    if let Some(stem) = s.strip_suffix("ies") {
        format!("{stem}y")
    } else if s.ends_with("ss") || s.ends_with("us") {
        s.to_string()
    } else if let Some(stem) = s.strip_suffix('s') {
        stem.to_string()
    } else {
        s.to_string()
    }
}

/// A structure name without its `Request`/`Result` suffix, to prefix member-derived names.
fn stem(parent: &str) -> &str {
    parent
        .strip_suffix("Request")
        .or_else(|| parent.strip_suffix("Result"))
        .unwrap_or(parent)
}

fn html(paras: &[String]) -> Value {
    json!(text::paras_to_html(paras))
}

/// A structure under construction: members with their type references.
struct Structure {
    doc: Value,
    members: Vec<(String, Ref, Value, bool)>,
    extra: Map<String, Value>,
}

/// Builds the model from the parsed reference.
fn lower(r: &Reference, overlay: &Overlay) -> Result<Transcribed> {
    let mut namer = Namer::default();
    let mut structures: BTreeMap<String, Structure> = BTreeMap::new();

    let add_members = |namer: &mut Namer,
                       parent: &str,
                       members: &[MemberDoc],
                       with_required: bool|
     -> Result<Vec<(String, Ref, Value, bool)>> {
        let mut out = Vec::new();
        for m in members {
            let ty = member_type(m)?;
            let at = format!("{parent}.{}", m.name);
            let r = namer.add(&ty, &at, &m.name, parent);
            let req = with_required && required(m)?;
            let mut doc = m.doc.clone();
            if doc.is_empty() {
                doc.push(String::new());
            }
            out.push((m.name.clone(), r, html(&doc), req));
        }
        Ok(out)
    };

    for dt in &r.data_types {
        let members = add_members(&mut namer, &dt.name, &dt.members, true)
            .with_context(|| format!("data type {} (line {})", dt.name, dt.line))?;
        structures.insert(
            dt.name.clone(),
            Structure {
                doc: html(&dt.doc),
                members,
                extra: Map::new(),
            },
        );
    }

    let mut operations = Map::new();
    // error name → (doc, members with docs, status, first line)
    let mut errors: BTreeMap<String, ErrorDoc> = BTreeMap::new();
    let mut paginators = Map::new();
    for a in &r.actions {
        let input = format!("{}Request", a.name);
        let output = format!("{}Result", a.name);
        let req_members = match &a.request {
            Some(ms) => add_members(&mut namer, &input, ms, true)
                .with_context(|| format!("action {} (line {})", a.name, a.line))?,
            None => Vec::new(),
        };
        let mut in_doc = vec![format!("The input of the {} action.", a.name)];
        if a.request.is_none() {
            in_doc.push(
                "The action takes no input; its request body is an empty JSON object.".into(),
            );
        }
        let out_doc = vec![format!("The output of the {} action.", a.name)];
        let resp_members = add_members(&mut namer, &output, &a.response, false)?;
        let has = |ms: &[(String, Ref, Value, bool)], n: &str| ms.iter().any(|m| m.0 == n);
        if has(&req_members, "NextToken")
            && has(&req_members, "MaxResults")
            && has(&resp_members, "NextToken")
        {
            let lists: Vec<&str> = a
                .response
                .iter()
                .filter(|m| m.fact("Type").is_some_and(|t| t.starts_with("Array of")))
                .map(|m| m.name.as_str())
                .collect();
            let [result_key] = lists.as_slice() else {
                bail!(
                    "action {}: paginated, but its result lists are {lists:?}",
                    a.name
                );
            };
            paginators.insert(
                a.name.clone(),
                json!({
                    "input_token": "NextToken",
                    "output_token": "NextToken",
                    "limit_key": "MaxResults",
                    "result_key": result_key,
                }),
            );
        }
        structures.insert(
            input.clone(),
            Structure {
                doc: html(&in_doc),
                members: req_members,
                extra: Map::new(),
            },
        );
        structures.insert(
            output.clone(),
            Structure {
                doc: html(&out_doc),
                members: resp_members,
                extra: Map::new(),
            },
        );
        for e in &a.errors {
            match errors.get_mut(&e.name) {
                None => {
                    errors.insert(e.name.clone(), e.clone());
                }
                Some(seen) => {
                    if seen.status != e.status {
                        bail!(
                            "error {} has status {} at line {} but {} at line {}",
                            e.name,
                            seen.status,
                            seen.line,
                            e.status,
                            e.line
                        );
                    }
                    for (m, doc) in &e.members {
                        if !seen.members.iter().any(|(n, _)| n == m) {
                            seen.members.push((m.clone(), doc.clone()));
                        }
                    }
                }
            }
        }
        let mut op = Map::new();
        op.insert("name".into(), json!(a.name));
        op.insert(
            "http".into(),
            json!({ "method": "POST", "requestUri": "/" }),
        );
        op.insert("input".into(), json!({ "shape": input }));
        op.insert("output".into(), json!({ "shape": output }));
        let errs: Vec<Value> = a
            .errors
            .iter()
            .map(|e| json!({ "shape": e.name }))
            .collect();
        op.insert("errors".into(), Value::Array(errs));
        op.insert("documentation".into(), html(&a.doc));
        operations.insert(a.name.clone(), Value::Object(op));
    }

    // Error shapes: the members the actions list, typed by the overlay, plus the common ones.
    for (name, e) in &errors {
        let mut docs = Vec::new();
        for common in &overlay.error_common_members {
            let c = &common.value;
            docs.push(synthetic_member(
                &c.name,
                &c.ty,
                vec![c.documentation.clone()],
                e.line,
            ));
        }
        for (m, doc) in &e.members {
            let ty = overlay.error_members.get(m).ok_or_else(|| {
                anyhow!("error {name} (line {}): member {m} has no type; add it to error_members in the overlay", e.line)
            })?;
            docs.push(synthetic_member(m, &ty.value, doc.clone(), e.line));
        }
        let members = add_members(&mut namer, name, &docs, false)?;
        let mut extra = Map::new();
        extra.insert("exception".into(), json!(true));
        let mut error = Map::new();
        error.insert("httpStatusCode".into(), json!(e.status));
        if (400..500).contains(&e.status) {
            error.insert("senderFault".into(), json!(true));
        }
        extra.insert("error".into(), Value::Object(error));
        if let Some(t) = overlay.error_traits.get(name) {
            for (k, v) in &t.value {
                extra.insert(k.clone(), v.clone());
            }
        }
        structures.insert(
            name.clone(),
            Structure {
                doc: html(&e.doc),
                members,
                extra,
            },
        );
    }

    let mut taken: BTreeSet<String> = structures.keys().cloned().collect();
    for t in ["String", "Integer", "Long", "Boolean", "Timestamp", "Blob"] {
        taken.remove(t);
    }
    let names = namer.names(overlay, &taken)?;

    let resolve = |s: &str| -> Result<String> {
        match s.strip_prefix('\u{0}') {
            None => Ok(s.to_string()),
            Some(sig) => names
                .get(sig)
                .cloned()
                .ok_or_else(|| anyhow!("internal: unnamed shape {sig}")),
        }
    };
    let mut shapes: BTreeMap<String, Value> = BTreeMap::new();
    // A named scalar, list or map shape is documented by the member it is named after (its
    // first use); the shared unconstrained `String`, `Integer`... shapes have no one meaning.
    let member_doc = |at: &str| -> Option<Value> {
        let at = at.split(['[', '{']).next()?;
        let (parent, member) = at.split_once('.')?;
        let s = structures.get(parent)?;
        s.members
            .iter()
            .find(|m| m.0 == member)
            .map(|m| m.2.clone())
    };
    for (sig, (body, uses)) in &namer.shapes {
        let mut body = body.clone();
        if body.as_object().is_some_and(|b| b.len() > 1) {
            if let Some(doc) = uses.first().and_then(|u| member_doc(&u.at)) {
                body.as_object_mut()
                    .expect("a shape body is an object")
                    .insert("documentation".into(), doc);
            }
        }
        for part in ["member", "key", "value"] {
            if let Some(Value::Object(r)) = body.get_mut(part) {
                if let Some(Value::String(s)) = r.get("shape") {
                    let resolved = resolve(s)?;
                    r.insert("shape".into(), json!(resolved));
                }
            }
        }
        shapes.insert(names[sig].clone(), body);
    }
    for (name, s) in structures {
        let mut body = Map::new();
        body.insert("type".into(), json!("structure"));
        let req: Vec<Value> = s
            .members
            .iter()
            .filter(|m| m.3)
            .map(|m| json!(m.0))
            .collect();
        if !req.is_empty() {
            body.insert("required".into(), Value::Array(req));
        }
        let mut members = Map::new();
        for (m, r, doc, _) in &s.members {
            let mut mv = Map::new();
            mv.insert("shape".into(), json!(resolve(&r.placeholder())?));
            if m == "ClientToken" && doc.as_str().is_some_and(|d| d.contains("idempotency")) {
                mv.insert("idempotencyToken".into(), json!(true));
            }
            if doc
                .as_str()
                .is_some_and(|d| !d.is_empty() && d != "<p></p>")
            {
                mv.insert("documentation".into(), doc.clone());
            }
            members.insert(m.clone(), Value::Object(mv));
        }
        body.insert("members".into(), Value::Object(members));
        if s.doc.as_str().is_some_and(|d| !d.is_empty()) {
            body.insert("documentation".into(), s.doc);
        }
        body.extend(s.extra);
        if shapes.insert(name.clone(), Value::Object(body)).is_some() {
            bail!("shape {name} is defined twice");
        }
    }

    let service = json!({
        "version": "2.0",
        "metadata": {
            "apiVersion": "2022-03-31",
            "endpointPrefix": "sms-voice",
            "jsonVersion": "1.0",
            "protocol": "json",
            "serviceFullName": "Amazon Pinpoint SMS Voice V2",
            "serviceId": "Pinpoint SMS Voice V2",
            "signatureVersion": "v4",
            "signingName": "sms-voice",
            "targetPrefix": "PinpointSMSVoiceV2",
            "uid": "pinpoint-sms-voice-v2-2022-03-31",
        },
        "operations": Value::Object(operations),
        "shapes": Value::Object(shapes.into_iter().collect()),
        "documentation": html(&r.welcome),
    });
    Ok(Transcribed {
        service,
        paginators: Some(json!({ "pagination": Value::Object(paginators) })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(facts: &[(&str, &str)]) -> MemberDoc {
        MemberDoc {
            name: "M".into(),
            line: 1,
            doc: vec![],
            facts: facts
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string(), 1))
                .collect(),
        }
    }

    #[test]
    fn bounds() {
        assert_eq!(
            parse_bounds("Fixed length of 2.", "length").unwrap(),
            (Some(2), Some(2))
        );
        assert_eq!(
            parse_bounds("Minimum length of 1. Maximum length of 64.", "length").unwrap(),
            (Some(1), Some(64))
        );
        assert_eq!(
            parse_bounds("Maximum number of 300 items.", "number").unwrap(),
            (None, Some(300))
        );
        assert!(parse_bounds("nothing here", "length").is_err());
    }

    #[test]
    fn list_constraints_go_to_elements() {
        let m = member(&[
            ("Type", "Array of strings"),
            (
                "Array Members",
                "Minimum number of 1 item. Maximum number of 20 items.",
            ),
            (
                "Length Constraints",
                "Minimum length of 1. Maximum length of 128.",
            ),
            ("Pattern", "[A-Z]+"),
        ]);
        let Ty::List(elem, outer) = member_type(&m).unwrap() else {
            panic!("not a list")
        };
        assert_eq!((outer.min, outer.max), (Some(1), Some(20)));
        let Ty::Scalar("string", c) = *elem else {
            panic!("not a string")
        };
        assert_eq!(
            (c.min, c.max, c.pattern.as_deref()),
            (Some(1), Some(128), Some("[A-Z]+"))
        );
    }

    #[test]
    fn map_with_valid_keys() {
        let m = member(&[
            ("Type", "String to string map"),
            (
                "Map Entries",
                "Minimum number of 0 items. Maximum number of 10 items.",
            ),
            ("Valid Keys", "IN_TEMPLATE_ID | IN_ENTITY_ID"),
            ("Value Pattern", "\\S+"),
        ]);
        let Ty::Map(k, v, outer) = member_type(&m).unwrap() else {
            panic!("not a map")
        };
        assert_eq!(outer.max, Some(10));
        assert_eq!(
            *k,
            Ty::Scalar(
                "string",
                Cons {
                    values: Some(vec!["IN_TEMPLATE_ID".into(), "IN_ENTITY_ID".into()]),
                    ..Cons::default()
                }
            )
        );
        assert_eq!(
            *v,
            Ty::Scalar(
                "string",
                Cons {
                    pattern: Some("\\S+".into()),
                    ..Cons::default()
                }
            )
        );
    }

    #[test]
    fn unknown_type_is_an_error_naming_the_member() {
        let m = member(&[("Type", "Array of widgets")]);
        let err = member_type(&m).unwrap_err().to_string();
        assert!(err.contains("M: unknown type \"widgets\""), "{err}");
    }

    #[test]
    fn a_member_named_like_the_next_data_type_does_not_end_the_section() {
        let texts = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // The heading of a data type: its description, then Contents.
        assert!(opens_section(&texts(&[
            "Provides information.",
            "Contents",
            "Member"
        ])));
        // A member of the same name inside the previous type: its facts come first.
        assert!(!opens_section(&texts(&[
            "The history.",
            "Type: History object",
            "Contents"
        ])));
    }

    #[test]
    fn valid_values_split_across_lines() {
        assert_eq!(
            parse_values("status | opt-out- list-name | X"),
            ["status", "opt-out-list-name", "X"]
        );
    }

    #[test]
    fn syntax_keys_are_top_level_only() {
        let p = Para {
            line: 1,
            lines: vec![
                "{".into(),
                "\"A\": \"string\",".into(),
                "\"B\": {".into(),
                "\"string\" : \"string\"".into(),
                "},".into(),
                "\"C\": [ { \"D\": number } ]".into(),
                "}".into(),
            ],
        };
        assert_eq!(syntax_keys(&[p]).unwrap(), ["A", "B", "C"]);
    }
}
