//! Operations that need a feature the generator does not support yet are left out, so that the
//! rest of the service generates: `logs` or `kinesis` have one or two event-stream operations
//! among dozens.
//!
//! Before lowering, an operation that needs such a feature ([`unsupported_feature`]: today an
//! event stream in its input with the JSON RPC protocols) is taken out of the raw model, with the shapes that only the
//! operations taken out reach and their paginators. Each is a [`LeftOut`] of the service and a
//! warning at `operations.<name>`. A shape no operation reaches is kept (and still refuses the
//! model when it needs such a feature), and so is every operation when all of them would be
//! left out: the model is then refused as a whole, by the lowering's own faults.
//!
//! Faults: none. What is taken out was not checked; the rest is checked as if the model had
//! never held it.

use std::collections::BTreeSet;

use super::parse::{RawPaginators, RawService};
use crate::fault::{Fault, JsonPath};
use crate::load::uri::quote;
use crate::model::{raw, LeftOut};

/// The name warnings give an input event stream with the JSON RPC protocols, whose first
/// message is an `initial-request` event holding the input's other members.
pub(crate) const JSON_RPC_INPUT_EVENTS: &str = "input event streams of the JSON RPC protocols";

/// The feature an operation needs, through `shape` its input reaches, that the generator does
/// not support yet, by the name warnings give it: an event stream of an input with the JSON
/// RPC protocols (`json_rpc`).
fn unsupported_feature(shape: &raw::Shape, json_rpc: bool) -> Option<&'static str> {
    let streams = shape.eventstream == Some(true) || shape.event == Some(true);
    (streams && json_rpc).then_some(JSON_RPC_INPUT_EVENTS)
}

/// Takes the operations that need an unsupported feature out of `raw` (and their entries out
/// of `paginators`), with the shapes only they reach; returns them and a warning for each.
pub(crate) fn leave_out(
    raw: &mut RawService,
    paginators: Option<&mut RawPaginators>,
) -> (Vec<LeftOut>, Vec<Fault>) {
    let json_rpc = raw
        .metadata
        .as_ref()
        .and_then(|metadata| metadata.chosen_protocol())
        == Some("json");
    // Most models have no such shape: no operation's reach to walk.
    let any = raw
        .shapes
        .values()
        .flatten()
        .any(|s| unsupported_feature(s, json_rpc).is_some());
    if !any {
        return (Vec::new(), Vec::new());
    }
    let mut left_out = Vec::new();
    for (name, operation) in &raw.operations {
        let Some(operation) = operation else { continue };
        // What its input reaches (its output may stream: that is supported).
        let roots = operation.input.iter().map(|input| input.shape.as_str());
        let needs = reach(raw, roots).into_iter().find_map(|shape| {
            let found = raw.shapes.get(shape)?.as_ref()?;
            Some((unsupported_feature(found, json_rpc)?, shape.to_owned()))
        });
        if let Some((feature, shape)) = needs {
            left_out.push(LeftOut {
                operation: name.clone(),
                feature,
                shape,
            });
        }
    }
    let well_formed = raw.operations.values().filter(|op| op.is_some()).count();
    if left_out.is_empty() || left_out.len() == well_formed {
        return (Vec::new(), Vec::new());
    }

    let out: BTreeSet<&str> = left_out.iter().map(|l| l.operation.as_str()).collect();
    let roots_of = |keep: bool| -> Vec<String> {
        raw.operations
            .iter()
            .filter(|(name, _)| out.contains(name.as_str()) != keep)
            .filter_map(|(_, operation)| operation.as_ref())
            .flat_map(|operation| {
                let input = operation.input.iter().map(|input| input.shape.clone());
                let output = operation.output.iter().map(|output| output.shape.clone());
                let errors = operation.errors.iter().map(|error| error.shape.clone());
                input.chain(output).chain(errors).collect::<Vec<_>>()
            })
            .collect()
    };
    let (kept_roots, out_roots) = (roots_of(true), roots_of(false));
    let kept = reach(raw, kept_roots.iter().map(String::as_str));
    let only_out: BTreeSet<String> = reach(raw, out_roots.iter().map(String::as_str))
        .into_iter()
        .filter(|shape| !kept.contains(shape))
        .map(str::to_owned)
        .collect();
    raw.shapes.retain(|name, _| !only_out.contains(name));
    raw.operations
        .retain(|name, _| !out.contains(name.as_str()));
    if let Some(paginators) = paginators {
        paginators
            .pagination
            .retain(|name, _| !out.contains(name.as_str()));
    }

    let warnings = left_out
        .iter()
        .map(|l| {
            Fault::new(
                JsonPath::root().key("operations").key(l.operation.as_str()),
                format!(
                    "left out: needs {}, not supported yet (shape {})",
                    l.feature,
                    quote(&l.shape)
                ),
            )
        })
        .collect();
    (left_out, warnings)
}

/// The names of the shapes `roots` reach through members, list members and map keys and
/// values, the roots included, in order of discovery; unknown and malformed shapes end a path.
fn reach<'a>(raw: &'a RawService, roots: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut order = Vec::new();
    let mut stack: Vec<&str> = roots.into_iter().collect();
    stack.reverse();
    while let Some(name) = stack.pop() {
        if !seen.insert(name) {
            continue;
        }
        order.push(name);
        let Some(Some(shape)) = raw.shapes.get(name) else {
            continue;
        };
        let members = shape
            .members
            .iter()
            .flatten()
            .map(|(_, m)| m.shape.as_str());
        let entries = shape
            .member
            .iter()
            .map(|m| m.shape.as_str())
            .chain(shape.key.iter().map(|k| k.shape.as_str()))
            .chain(shape.value.iter().map(|v| v.shape.as_str()));
        let mut children: Vec<&str> = members.chain(entries).collect();
        children.reverse();
        stack.extend(children.into_iter().filter(|c| !seen.contains(c)));
    }
    order
}
