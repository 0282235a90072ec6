//! `cargo xtask codegen`: the models → the generated crate, or a check that the checked-in
//! crate is what the generator makes now.
//!
//! The generator owns the crate's `Cargo.toml` and everything under its `src/`; anything else
//! in the crate's folder (`tests/`, a README) is left alone. A file under `src/` that the
//! generator does not make is removed when writing and reported when checking.

use std::path::Path;

use anyhow::{bail, Context, Result};
use servicemodel_codegen::emit::{Files, RuntimeDependency};
pub use servicemodel_codegen::generator::{relative_path, sync};
use servicemodel_codegen::Generator;

/// The generator of the project's own crate: `model/` into `generated/`, a member of this
/// workspace.
pub fn project_generator(version: String) -> Generator {
    Generator::new(crate::root().join("model"))
        .package("sms-voice-generated")
        .lib_name("sms_voice")
        .description(
            "Types, builders, validators and errors for Amazon Pinpoint SMS and Voice v1 \
             and AWS End User Messaging SMS v2, generated from their service models.",
        )
        .version(version)
        .runtime(RuntimeDependency::Workspace)
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

    fn project() -> Generator {
        project_generator(
            crate::diff::crate_version(&root().join("generated/Cargo.toml")).expect("a version"),
        )
    }

    /// The checked-in `generated/` crate is exactly what the generator makes from `model/`.
    #[test]
    fn generated_crate_is_fresh() {
        let report = project()
            .check_crate(root().join("generated"))
            .expect("the models generate and the crate folder reads");
        assert!(
            report.is_clean(),
            "generated/ is stale:\n{}\nrun `cargo xtask codegen` and commit",
            report.describe()
        );
    }

    #[test]
    fn generation_is_deterministic() {
        let out = root().join("generated");
        let first = project().crate_files(&out).unwrap();
        let second = project().crate_files(&out).unwrap();
        assert_eq!(first, second);
    }
}
