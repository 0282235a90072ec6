//! Reads AWS JSON service models (the `service-2.json` format, with `paginators-1.json`),
//! checks them, and turns them into a typed, fully named form that the code generator emits
//! Rust from.
//!
//! The pipeline: [`load_service`] or [`load_dir`] read the JSON into a `serde` mirror of the
//! file ([`model::raw`], which rejects unknown keys), then check everything and lower it into a
//! [`model::Service`]: references resolved and verified, protocol bindings verified, every Rust
//! identifier computed by [`naming`] and checked for collisions, recursive members marked for
//! boxing, all in deterministic order. A model with any fault is rejected with [`LoadErrors`],
//! which lists every fault at once, each with its JSON path.
//!
//! [`emit`] turns loaded services into the files of a Rust crate ([`emit::generate_crate`]):
//! small emitters from the typed form to tokens, pretty-printed into deterministic text.
//!
//! [`Generator`] is the entry point for a project of its own: from its `xtask` it writes a
//! whole crate into a folder, naming the runtime crates by version, path or git
//! ([`RuntimeDependency`]); from its `build.rs` it writes one file into `OUT_DIR` to
//! `include!`. This repository's `cargo xtask codegen` uses it too.

#![warn(missing_docs)]

pub mod check;
pub mod diff;
pub mod emit;
pub mod fault;
pub mod generator;
mod load;
pub mod model;
pub mod naming;

pub use emit::{RuntimeDependency, RUNTIME_VERSION};
pub use fault::{Fault, JsonPath, LoadErrors};
pub use generator::{GenerateError, Generator, SyncReport};
pub use load::{
    load_dir, load_folder, load_newest_like, load_service, newest_version, PAGINATORS_FILE,
    SERVICE_FILE,
};
pub use model::Service;
