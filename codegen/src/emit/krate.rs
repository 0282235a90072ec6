//! The generated crate as a whole: `lib.rs`, each service's `mod.rs`, and `Cargo.toml`.
//!
//! The crate has one module and one Cargo feature per service, both named as the official AWS
//! SDK for Rust names the service ([`crate::naming::module_name`]: `pinpointsmsvoicev2`,
//! `dynamodb`), all on by default. It depends on `serde` and on the hand-written
//! runtime crate `servicemodel-runtime`; the `client` feature adds `servicemodel-runtime-client`
//! and the `server` feature `servicemodel-runtime-server`. Where they come from is a
//! [`RuntimeDependency`]: crates.io by version, a path, a git repository, or the workspace's
//! dependencies (this repository's own `generated/`). Only in the last case does the manifest
//! inherit anything; otherwise it is complete on its own.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::html_to_markdown;
use super::render;
use crate::model::Service;

/// Generated files by path relative to the crate's folder (`src/lib.rs`, `Cargo.toml`), with
/// `/` separators, in sorted order.
pub type Files = BTreeMap<String, String>;

/// The version of the generator, and of the runtime crates a generated crate depends on by
/// version ([`RuntimeDependency::Version`]): they are released together.
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The runtime crates, each with its folder in a checkout of this repository: the core one
/// every generated crate needs, the client's (feature `client`) and the server's (feature
/// `server`).
pub const RUNTIME_CRATES: [(&str, &str); 3] = [
    ("servicemodel-runtime", "runtime"),
    ("servicemodel-runtime-client", "runtime-client"),
    ("servicemodel-runtime-server", "runtime-server"),
];

/// What the crate's `Cargo.toml` says about the crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateOptions {
    /// The package name (`sms-voice-generated`).
    pub package: String,
    /// The library name (`sms_voice`); `None` for the package name in snake case.
    pub lib: Option<String>,
    /// The package description.
    pub description: String,
    /// The package version (`0.1.0`).
    pub version: String,
    /// Where the crate finds the runtime crates; [`RuntimeDependency::Workspace`] also makes
    /// it inherit `edition`, `license`, `rust-version`, `publish`, the lints and the other
    /// dependency versions from its workspace, as this repository's own `generated/` does.
    pub runtime: RuntimeDependency,
}

/// Where a generated crate finds the runtime crates (`servicemodel-runtime`, and
/// `servicemodel-runtime-client` and `-server` behind the `client` and `server` features).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RuntimeDependency {
    /// From crates.io by version requirement (`"0.1.0"`; [`RUNTIME_VERSION`] is the
    /// generator's own). A project can still point these at a checkout or a fork with
    /// `[patch.crates-io]` in its own manifest.
    Version(String),
    /// By path: the folder holding the runtime crates' folders `runtime/`, `runtime-client/`
    /// and `runtime-server/` (a checkout of this repository), written into the manifest as
    /// given: absolute, or relative to the generated crate's folder.
    Path(String),
    /// From a git repository holding the runtime crates, at a revision (a commit, tag or
    /// branch) or at its default branch.
    Git {
        /// The repository's URL.
        url: String,
        /// The revision, if any.
        rev: Option<String>,
    },
    /// `{ workspace = true }`: the crate is a member of a workspace that names the runtime
    /// crates in its `[workspace.dependencies]` (this repository's own `generated/`).
    Workspace,
}

impl RuntimeDependency {
    /// The default: the runtime crates by the generator's own version.
    pub fn current_version() -> Self {
        Self::Version(RUNTIME_VERSION.to_owned())
    }

    /// Reads the command-line form: `version` (the generator's own version), `version=REQ`,
    /// `path=DIR`, `git=URL` or `git=URL#REV`, or `workspace`.
    ///
    /// ```
    /// use servicemodel_codegen::emit::RuntimeDependency;
    /// assert_eq!(
    ///     RuntimeDependency::parse("git=https://example.com/r.git#v1").unwrap(),
    ///     RuntimeDependency::Git { url: "https://example.com/r.git".into(), rev: Some("v1".into()) },
    /// );
    /// assert!(RuntimeDependency::parse("crates").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, String> {
        let (kind, value) = match text.split_once('=') {
            Some((kind, value)) => (kind, Some(value)),
            None => (text, None),
        };
        let nonempty = |value: Option<&str>| match value {
            Some(value) if !value.is_empty() => Ok(value.to_owned()),
            _ => Err(format!("`{kind}=` needs a value: `{kind}=...`")),
        };
        match kind {
            "version" => Ok(match value {
                None => Self::current_version(),
                Some(_) => Self::Version(nonempty(value)?),
            }),
            "path" => Ok(Self::Path(nonempty(value)?)),
            "git" => {
                let value = nonempty(value)?;
                Ok(match value.split_once('#') {
                    Some((url, rev)) if !url.is_empty() && !rev.is_empty() => Self::Git {
                        url: url.to_owned(),
                        rev: Some(rev.to_owned()),
                    },
                    Some(_) => return Err(format!("`git={value}` is not `git=URL#REV`")),
                    None => Self::Git {
                        url: value,
                        rev: None,
                    },
                })
            }
            "workspace" if value.is_none() => Ok(Self::Workspace),
            _ => Err(format!(
                "unknown runtime dependency `{text}`: expected `version`, `version=REQ`, \
                 `path=DIR`, `git=URL`, `git=URL#REV` or `workspace`"
            )),
        }
    }

    /// The inline table that names the runtime crate whose folder in a checkout is `folder`
    /// (`runtime-client`, see [`RUNTIME_CRATES`]), with `extra` keys (`, optional = true`)
    /// appended.
    fn table(&self, folder: &str, extra: &str) -> String {
        let location = match self {
            Self::Version(requirement) => format!("version = {}", toml_string(requirement)),
            Self::Path(dir) => {
                let dir = dir.trim_end_matches('/');
                format!("path = {}", toml_string(&format!("{dir}/{folder}")))
            }
            Self::Git { url, rev } => match rev {
                Some(rev) => format!("git = {}, rev = {}", toml_string(url), toml_string(rev)),
                None => format!("git = {}", toml_string(url)),
            },
            Self::Workspace => "workspace = true".to_owned(),
        };
        format!("{{ {location}{extra} }}")
    }
}

/// The Cargo feature of a service: its module's name (`pinpointsmsvoicev2`), without the
/// `r#` of a keyword.
pub fn feature_name(service: &Service) -> String {
    service.module_name.trim_start_matches("r#").to_owned()
}

/// The `src/` files for `services`: `src/lib.rs` and `src/<module>/<file>.rs`. Never fails:
/// every name was given out by the loader.
pub fn generate_sources(services: &[Service]) -> Files {
    let mut files = Files::new();
    files.insert("src/lib.rs".to_owned(), render(emit_lib(services)));
    for (path, text) in super::render_services(services) {
        files.insert(format!("src/{path}"), text);
    }
    files
}

/// Every file of the crate: [`generate_sources`] and `Cargo.toml`.
pub fn generate_crate(services: &[Service], options: &CrateOptions) -> Files {
    let mut files = generate_sources(services);
    files.insert("Cargo.toml".to_owned(), emit_manifest(services, options));
    files
}

/// The crate's `lib.rs`: documentation listing the services, a feature-gated module per
/// service, and the runtime re-exported as `runtime`.
pub fn emit_lib(services: &[Service]) -> TokenStream {
    let mut lines = vec![
        " Types, builders, validators and errors for these services, generated from their models by"
            .to_owned(),
        " servicemodel-codegen:".to_owned(),
        String::new(),
    ];
    for service in services {
        lines.push(format!(
            " - `{}`: {}, API version `{}` (feature `{}`).",
            service.module_name.trim_start_matches("r#"),
            service.metadata.service_full_name,
            service.metadata.api_version,
            feature_name(service)
        ));
    }
    lines.extend([
        String::new(),
        " Each module has a type per shape of its model, a builder per structure (`builders`),"
            .to_owned(),
        " an error enum per operation (`errors`) and `validate()` on every input. The".to_owned(),
        " hand-written support they share is the runtime crate, re-exported as `runtime`; every"
            .to_owned(),
        " error implements its [`ServiceError`] (code, message, HTTP status, retryability)."
            .to_owned(),
        String::new(),
        " Features: one per service (all on by default), `client` and `server`, and the".to_owned(),
        " client's TLS crypto provider: `tls-aws-lc` (default; rustls with `aws-lc-rs`, with"
            .to_owned(),
        " post-quantum key exchange) or `tls-ring` (rustls with `ring`, after".to_owned(),
        " `default-features = false`); with neither the client speaks plain `http` only."
            .to_owned(),
    ]);
    let modules = services.iter().map(|service| {
        let module = super::ident(&service.module_name);
        let feature = feature_name(service);
        quote! {
            #[cfg(feature = #feature)]
            pub mod #module;
        }
    });
    quote! {
        #(#![doc = #lines])*

        pub use ::servicemodel_runtime as runtime;
        pub use ::servicemodel_runtime::ServiceError;
        /// The client runtime (feature `client`): configuration, errors, transports, paging.
        #[cfg(feature = "client")]
        pub use ::servicemodel_runtime_client as client_runtime;
        /// The server runtime (feature `server`): routers, authentication, serving.
        #[cfg(feature = "server")]
        pub use ::servicemodel_runtime_server as server_runtime;

        #(#modules)*
    }
}

/// A service module's `mod.rs`: the service's documentation and the file modules.
pub fn emit_service_module(service: &Service, modules: &[TokenStream]) -> TokenStream {
    let protocol = service.metadata.protocol.display_name();
    let mut lines = vec![
        format!(" {}", service.metadata.service_full_name),
        String::new(),
        format!(
            " Service id `{}`, API version `{}`, protocol {protocol}, signing name `{}`.",
            service.metadata.service_id,
            service.metadata.api_version,
            service.metadata.signing_name
        ),
    ];
    if let Some(docs) = service.documentation.as_deref() {
        let markdown = html_to_markdown(docs);
        if !markdown.is_empty() {
            lines.push(String::new());
            lines.extend(markdown.lines().map(|line| {
                if line.is_empty() {
                    String::new()
                } else {
                    format!(" {line}")
                }
            }));
        }
    }
    if let Some(deprecation) = &service.deprecated {
        lines.push(String::new());
        lines.push(format!(
            " **Deprecated**{}",
            deprecation
                .message
                .as_deref()
                .map(|message| format!(": {}", html_to_markdown(message)))
                .unwrap_or_default()
        ));
    }
    if !service.unchecked_patterns.is_empty() {
        lines.extend([
            String::new(),
            " # Unchecked patterns".to_owned(),
            String::new(),
            " These shapes' patterns have no ECMA-262 form, so values of them are not checked"
                .to_owned(),
            " against them:".to_owned(),
            String::new(),
        ]);
        for (shape, pattern) in &service.unchecked_patterns {
            let code = if pattern.contains('`') {
                format!("`` {pattern} ``")
            } else {
                format!("`{pattern}`")
            };
            lines.push(format!(" - `{shape}`: {code}"));
        }
    }
    if !service.left_out.is_empty() {
        lines.extend([
            String::new(),
            " # Operations left out".to_owned(),
            String::new(),
            " These operations of the model are not generated: they need a feature the".to_owned(),
            " generator does not support yet.".to_owned(),
            String::new(),
        ]);
        for left_out in &service.left_out {
            lines.push(format!(
                " - `{}`: {} (shape `{}`)",
                left_out.operation, left_out.feature, left_out.shape
            ));
        }
    }
    // The model's deprecations warn the crate's users, not the crate itself.
    let allow_deprecated = has_deprecations(service).then(|| quote!(#![allow(deprecated)]));
    quote! {
        #(#![doc = #lines])*
        #allow_deprecated

        #(#modules)*
    }
}

/// Whether any shape, member or operation of the service is deprecated.
fn has_deprecations(service: &Service) -> bool {
    service
        .operations
        .values()
        .any(|op| op.deprecated.is_some())
        || service.shapes.values().any(|shape| {
            shape.deprecated.is_some()
                || matches!(&shape.kind, crate::model::ShapeKind::Structure(s)
                    if s.members.iter().any(|m| m.deprecated.is_some()))
        })
}

/// The crate's `Cargo.toml`.
pub fn emit_manifest(services: &[Service], options: &CrateOptions) -> String {
    let workspace = options.runtime == RuntimeDependency::Workspace;
    let mut out = String::from("# @generated by servicemodel-codegen. Do not edit.\n[package]\n");
    out += &format!("name = {}\n", toml_string(&options.package));
    out += &format!("version = {}\n", toml_string(&options.version));
    out += &format!("description = {}\n", toml_string(&options.description));
    if workspace {
        out += "edition.workspace = true\nlicense.workspace = true\nrust-version.workspace = true\npublish.workspace = true\n";
    } else {
        out += "edition = \"2021\"\npublish = false\n";
    }
    if let Some(lib) = &options.lib {
        out += &format!("\n[lib]\nname = {}\n", toml_string(lib));
    }
    let features: Vec<String> = services.iter().map(feature_name).collect();
    out += "\n[features]\n";
    out += &format!(
        "default = [{}]\n",
        features
            .iter()
            .map(String::as_str)
            .chain(["tls-aws-lc"])
            .map(toml_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
    // A service with event streams needs the runtimes' framing of them.
    for (feature, service) in features.iter().zip(services) {
        let event_streams = service
            .shapes
            .structures()
            .any(|(_, structure)| structure.event_stream.is_some());
        if event_streams {
            out += &format!(
                "{feature} = [\"servicemodel-runtime/eventstream\", \"servicemodel-runtime-client?/eventstream\", \"servicemodel-runtime-server?/eventstream\"]\n"
            );
        } else {
            out += &format!("{feature} = []\n");
        }
    }
    out += "client = [\"dep:servicemodel-runtime-client\"]\n";
    out += "server = [\"dep:servicemodel-runtime-server\"]\n";
    out += "# The client's TLS crypto provider (see the client runtime's `HyperClient`): `aws-lc-rs`\n";
    out +=
        "# by default, `ring` instead with `default-features = false`; neither for `http` only.\n";
    out += "tls-aws-lc = [\"servicemodel-runtime-client?/tls-aws-lc\"]\n";
    out += "tls-ring = [\"servicemodel-runtime-client?/tls-ring\"]\n";
    out += "\n[dependencies]\n";
    // The workspace's entry says `default-features = false` itself: a member cannot turn
    // default features off that its workspace's entry leaves on.
    let client_extra = if workspace {
        ", optional = true"
    } else {
        ", optional = true, default-features = false"
    };
    for ((package, folder), extra) in
        RUNTIME_CRATES
            .iter()
            .zip(["", client_extra, ", optional = true"])
    {
        out += &format!("{package} = {}\n", options.runtime.table(folder, extra));
    }
    if workspace {
        out += "serde = { workspace = true }\n";
        out += "\n[dev-dependencies]\nserde_json = { workspace = true }\n";
        out += "\n[lints]\nworkspace = true\n";
    } else {
        out += "serde = { version = \"1\", features = [\"derive\"] }\n";
        out += "\n[dev-dependencies]\nserde_json = \"1\"\n";
    }
    out
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
