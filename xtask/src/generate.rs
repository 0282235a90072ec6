//! `cargo xtask codegen`: the models → the generated crate, or a check that the checked-in
//! crate is what the generator makes now.
//!
//! The generator owns the crate's `Cargo.toml` and everything under its `src/`; anything else
//! in the crate's folder (`tests/`, a README) is left alone. A file under `src/` that the
//! generator does not make is removed when writing and reported when checking.

use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use servicemodel_codegen::emit::{CrateOptions, Files, RuntimeDependency};
pub use servicemodel_codegen::generator::{relative_path, sync};

/// The options of the project's own generated crate (`generated/`).
pub fn project_options(version: String) -> CrateOptions {
    CrateOptions {
        version,
        package: "sms-voice-generated".to_owned(),
        lib: Some("sms_voice".to_owned()),
        description: "Types, builders, validators and errors for Amazon Pinpoint SMS and Voice v1 \
                      and AWS End User Messaging SMS v2, generated from their service models."
            .to_owned(),
        runtime: RuntimeDependency::Workspace,
    }
}

/// Loads and checks every model under `model` and generates the crate's files.
pub fn generate(
    model: &Path,
    options: &CrateOptions,
) -> Result<(Vec<servicemodel_codegen::Service>, Files)> {
    let services = servicemodel_codegen::load_dir(model).map_err(|errors| {
        anyhow!(
            "the models under {} have faults:\n{errors}",
            model.display()
        )
    })?;
    let files = servicemodel_codegen::emit::generate_crate(&services, options);
    Ok((services, files))
}

/// Which dependency versions a scratch crate builds with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// The workspace's `Cargo.lock`: the versions this workspace is tested with.
    Locked,
    /// The newest versions the requirements allow (`cargo update` first), as a crate outside
    /// this workspace gets them, built with `RUSTFLAGS=-D warnings` as many CI pipelines
    /// build: an upstream deprecation the runtime trips on fails here before it reaches a user.
    Fresh,
}

/// Writes a crate of the project's tooling (the conformance harness, the corpus sample) into
/// `dir` under `target/`, resolves its dependencies as `resolution` says, and runs
/// `cargo <args> --manifest-path <dir>/Cargo.toml` on it with `target_dir` as its target
/// folder; `what` names the crate in errors.
pub fn build_scratch_crate(
    root: &Path,
    dir: &Path,
    files: &Files,
    target_dir: &Path,
    args: &[&str],
    what: &str,
    resolution: Resolution,
) -> Result<std::process::ExitStatus> {
    sync(dir, files, false)?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let command = |args: &[&str]| {
        let mut command = std::process::Command::new(&cargo);
        command
            .args(args)
            .arg("--manifest-path")
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", target_dir);
        command
    };
    match resolution {
        Resolution::Locked => {
            std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
                .with_context(|| format!("copying Cargo.lock into {what}"))?;
            command(args)
                .status()
                .with_context(|| format!("running cargo on {what}"))
        }
        Resolution::Fresh => {
            let _ = std::fs::remove_file(dir.join("Cargo.lock"));
            let status = command(&["update", "--quiet"])
                .status()
                .with_context(|| format!("running cargo update on {what}"))?;
            if !status.success() {
                bail!("cargo update failed on {what} ({status})");
            }
            command(args)
                .env("RUSTFLAGS", "-D warnings")
                .status()
                .with_context(|| format!("running cargo on {what}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> std::path::PathBuf {
        crate::root()
    }

    /// The checked-in `generated/` crate is exactly what the generator makes from `model/`.
    #[test]
    fn generated_crate_is_fresh() {
        let (_, files) = generate(
            &root().join("model"),
            &project_options(
                crate::diff::crate_version(&root().join("generated/Cargo.toml"))
                    .expect("a version"),
            ),
        )
        .expect("the models generate");
        let report = sync(&root().join("generated"), &files, true).expect("the crate folder reads");
        assert!(
            report.is_clean(),
            "generated/ is stale:\n{}\nrun `cargo xtask codegen` and commit",
            report.describe()
        );
    }

    #[test]
    fn generation_is_deterministic() {
        let (_, first) = generate(
            &root().join("model"),
            &project_options(
                crate::diff::crate_version(&root().join("generated/Cargo.toml"))
                    .expect("a version"),
            ),
        )
        .unwrap();
        let (_, second) = generate(
            &root().join("model"),
            &project_options(
                crate::diff::crate_version(&root().join("generated/Cargo.toml"))
                    .expect("a version"),
            ),
        )
        .unwrap();
        assert_eq!(first, second);
    }
}
