//! `cargo xtask conformance`: the AWS JSON protocol test suites (botocore's copies of the
//! Smithy `awsJson1_0`, `awsJson1_1` and `restJson1` protocol tests) against the generated
//! clients and the generated servers.
//!
//! 1. [`fetch`]: botocore's source distribution, pinned, downloaded once with pip into
//!    `target/conformance/`, and the six suite files extracted from it.
//! 2. [`suite`]: each group of each suite becomes a model in this project's format, or is
//!    skipped with the reason (a feature outside this project's scope).
//! 3. The models go through the loader (a model it rejects skips its cases with the loader's
//!    message) and the emitters, into ONE crate under `target/conformance/harness/`: a module
//!    per group with its client and server, and a `main.rs` ([`emit`]) with two functions per
//!    case, one per side.
//! 4. The harness runs. On the client side, each input case builds its input from `params`
//!    with the generated builders, calls `client.execute(input)` with a replaying transport and
//!    compares the request it sent with `serialized`; each output case replays `response` and
//!    compares the parsed output (or error) with one built from `result` (or `error`). On the
//!    server side, each input case sends `serialized` to the generated server, whose operation
//!    must receive an input equal to `params`; each output case has the operation answer
//!    `result` (or `error`) and compares the response the server wrote with `response` (status,
//!    the case's headers, the body as JSON by value). A case only a client can take is skipped
//!    on the server side with its reason ([`suite::server_skip`]). The harness prints every
//!    skipped case with its reason, every failure with its differences, and ends with a line
//!    per side: `client: N passed, M failed, K skipped`, then `server: ...`.

mod emit;
pub(crate) mod fetch;
mod suite;

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{bail, Context, Result};
use proc_macro2::TokenStream;
use servicemodel_codegen::emit::Files;

use crate::generate;
use suite::{Direction, Group};

/// The harness crate's package name.
const PACKAGE: &str = "conformance-harness";

/// The harness's shared code, copied into the crate as `src/support.rs`.
const SUPPORT: &str = include_str!("../../conformance/support.rs");

/// Runs the suites; `Ok(true)` when no case failed.
pub fn run(root: &Path) -> Result<bool> {
    let cache = root.join("target/conformance");
    fetch::ensure_suites(&cache)?;
    let mut groups = Vec::new();
    for file in fetch::SUITE_FILES {
        let (direction, name) = file
            .split_once('/')
            .expect("suite files are <direction>/<name>");
        let direction = if direction == "input" {
            Direction::Input
        } else {
            Direction::Output
        };
        // awsJson1_0 (with its query-compatible cases), awsJson1_1 (botocore calls its
        // suite `json`) and restJson1.
        let suite: &'static str = match name {
            "json_1_0.json" => "json_1_0",
            "json_1_0-query-compatible.json" => "json_1_0-query-compatible",
            "json.json" => "json",
            _ => "rest-json",
        };
        let path = fetch::suite_path(&cache, file);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        groups.extend(
            suite::read_suite(suite, direction, &text)
                .with_context(|| format!("reading {}", path.display()))?,
        );
    }

    let harness = cache.join("harness");
    let (files, cases) = build_harness(root, &harness, &groups)?;
    println!(
        "building and running the conformance harness ({} groups, {cases} cases) in {}",
        groups.len(),
        harness.display()
    );
    let status = generate::build_scratch_crate(
        root,
        &harness,
        &files,
        &cache.join("target"),
        &["run", "--quiet"],
        "the conformance harness",
        generate::Resolution::Locked,
    )?;
    match status.code() {
        Some(0) => Ok(true),
        Some(1) => Ok(false),
        _ => bail!("the conformance harness did not build or run ({status})"),
    }
}

/// The harness crate's files, and how many cases the suites hold.
fn build_harness(root: &Path, harness: &Path, groups: &[Group]) -> Result<(Files, usize)> {
    let mut services = Vec::new();
    let mut skipped: Vec<emit::Skipped> = Vec::new();
    let mut loaded_groups = Vec::new();
    for group in groups {
        let reason = match &group.model {
            Err(reason) => Some(reason.clone()),
            Ok(model) => {
                let text = serde_json::to_string_pretty(model).expect("a JSON value serializes");
                match servicemodel_codegen::load_service(&text, None) {
                    Ok(service) => {
                        loaded_groups.push((group, services.len()));
                        services.push(service);
                        None
                    }
                    Err(errors) => Some(format!(
                        "the loader rejects the group's model: {}",
                        errors.lines().join("; ")
                    )),
                }
            }
        };
        if let Some(reason) = reason {
            for case in &group.cases {
                for side in ["Client", "Server"] {
                    skipped.push((side, emit::case_label(group, case), reason.clone()));
                }
            }
        }
    }

    let mut emitted = Vec::new();
    let mut same_impls: Vec<TokenStream> = Vec::new();
    for (group, index) in &loaded_groups {
        let service = &services[*index];
        let loaded = emit::Loaded { group, service };
        for case in &group.cases {
            let n = emitted.len();
            emitted.extend(emit::emit_case(&loaded, case, n, &mut skipped));
        }
        same_impls.push(emit::emit_same_impls(service));
        same_impls.push(emit::emit_capture_impl(service));
    }

    let mut files = servicemodel_codegen::emit::generate_sources(&services);
    let crate_name = PACKAGE.replace('-', "_");
    let main = emit::emit_main(&crate_name, &skipped, &emitted, &same_impls);
    files.insert("src/main.rs".to_owned(), render(main));
    files.insert("src/support.rs".to_owned(), SUPPORT.to_owned());
    let features = features(&files, &services);
    files.insert("Cargo.toml".to_owned(), manifest(root, harness, &features)?);
    let cases = groups.iter().map(|g| g.cases.len()).sum();
    Ok((files, cases))
}

/// Every Cargo feature the generated code tests (`#[cfg(feature = "...")]`), and which of
/// them are on by default: the services' and `client`.
fn features(
    files: &Files,
    services: &[servicemodel_codegen::Service],
) -> (BTreeSet<String>, Vec<String>) {
    let mut all = BTreeSet::new();
    for text in files.values() {
        let mut rest = text.as_str();
        while let Some(at) = rest.find("feature = \"") {
            rest = &rest[at + "feature = \"".len()..];
            if let Some(end) = rest.find('"') {
                all.insert(rest[..end].to_owned());
                rest = &rest[end..];
            }
        }
    }
    let mut default: Vec<String> = services
        .iter()
        .map(servicemodel_codegen::emit::krate::feature_name)
        .collect();
    default.push("client".to_owned());
    default.push("server".to_owned());
    all.extend(default.iter().cloned());
    (all, default)
}

/// The harness's `Cargo.toml`: its own workspace, the runtimes by relative path.
fn manifest(
    root: &Path,
    harness: &Path,
    (all, default): &(BTreeSet<String>, Vec<String>),
) -> Result<String> {
    let runtime = generate::relative_path(harness, &root.join("runtime"))?;
    let client = generate::relative_path(harness, &root.join("runtime-client"))?;
    let server = generate::relative_path(harness, &root.join("runtime-server"))?;
    let list = |items: &[String]| {
        items
            .iter()
            .map(|item| format!("{item:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = String::from(
        "# Written by cargo xtask conformance. Do not edit.\n[package]\nname = \"conformance-harness\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[features]\n",
    );
    out += &format!("default = [{}]\n", list(default));
    for feature in all {
        out += &format!("{feature:?} = []\n");
    }
    out += &format!(
        "\n[dependencies]\nservicemodel-runtime = {{ path = {runtime:?} }}\nservicemodel-runtime-client = {{ path = {client:?} }}\nservicemodel-runtime-server = {{ path = {server:?} }}\nhttp-body-util = \"0.1\"\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n"
    );
    Ok(out)
}

/// Pretty-prints a generated file.
fn render(tokens: TokenStream) -> String {
    let file: syn::File = match syn::parse2(tokens.clone()) {
        Ok(file) => file,
        Err(error) => panic!("the harness emitter produced invalid Rust ({error}):\n{tokens}"),
    };
    format!(
        "// Written by cargo xtask conformance. Do not edit.\n{}",
        prettyplease::unparse(&file)
    )
}
