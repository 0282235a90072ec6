//! Project automation, run as `cargo xtask <command>`.
//!
//! - `transcribe`: reads the API references and writes the service models under `model/`.
//! - `codegen`: loads and checks the models and (re)generates the `generated/` crate.
//! - `conformance`: runs the AWS JSON protocol test suites against generated clients.
//! - `corpus`: loads and generates every JSON and REST-JSON model of botocore.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};

mod answers;
mod conformance;
mod corpus;
mod diff;
mod generate;
mod transcribe;

#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    about = "Project automation for the SMS and voice code generator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Transcribe the API references into the service models under `model/`.
    Transcribe {
        /// Folder holding the reference texts.
        #[arg(long, value_name = "DIR")]
        seeds: Option<PathBuf>,
        /// Model folder to write.
        #[arg(long, value_name = "DIR")]
        model: Option<PathBuf>,
        /// Do not write; fail if the committed models differ from a fresh transcription.
        #[arg(long)]
        check: bool,
    },
    /// Load and check the service models, then regenerate the generated crate.
    ///
    /// Without options: `model/` → `generated/`. With `--model DIR` alone: load and check that
    /// folder only. With `--out DIR`: generate a crate there, from `--model DIR` or `model/`.
    ///
    /// The generator owns the crate's `Cargo.toml` and `src/`: files under `src/` that it does
    /// not make are removed, and everything else in the folder (`tests/`, a README) is left
    /// alone. A crate generated with `--out` gets a `Cargo.toml` complete on its own (edition
    /// 2021, not published) that names the runtime crates as `--runtime` says.
    Codegen {
        /// Model folder (`<service>/<version>/service-2.json` inside).
        #[arg(long, value_name = "DIR")]
        model: Option<PathBuf>,
        /// Crate folder to generate into (default: the project's `generated/`).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Package name of a crate generated with `--out` (default: the folder's name).
        #[arg(long, value_name = "NAME", requires = "out")]
        package: Option<String>,
        /// Where a crate generated with `--out` finds the runtime crates: `version` (from
        /// crates.io at the generator's own version, the default; `version=REQ` for another
        /// requirement), `path=DIR` (a checkout of this repository; a relative DIR is taken
        /// from the current folder and written relative to the crate's), or `git=URL[#REV]`.
        #[arg(long, value_name = "FORM", requires = "out", value_parser = parse_runtime)]
        runtime: Option<servicemodel_codegen::RuntimeDependency>,
        /// Do not write; fail, naming each file, if the crate differs from the generator's
        /// output.
        #[arg(long)]
        check: bool,
        /// Move the generated crate's version as the model changes since the last commit
        /// call for (see `diff`), and put the report in `generated/CHANGELOG.md`.
        #[arg(long, conflicts_with_all = ["check", "out", "model"])]
        bump: bool,
        /// Refuse a model some of whose operations need a feature the generator does not
        /// support yet (event streams), instead of leaving those operations
        /// out with a warning.
        #[arg(long)]
        strict: bool,
    },
    /// Compare two model folders (laid out like `model/`) as models: per service, the
    /// operations, members, types, enum values, constraints, errors, paginators and
    /// idempotency that changed, each classified as breaking or not for callers (clients) and
    /// implementers (servers) with the reason, documentation changes counted; then the
    /// generated crate's next semantic version.
    ///
    /// `cargo xtask diff OLD NEW` compares two folders; `cargo xtask diff NEW --against REV`
    /// compares a folder with itself at a git revision (`HEAD`, a tag, a commit).
    Diff {
        /// OLD and NEW, or NEW alone with `--against`.
        #[arg(value_name = "FOLDER", num_args = 1..=2, required = true)]
        folders: Vec<PathBuf>,
        /// Compare the folder with itself at this git revision.
        #[arg(long, value_name = "REV")]
        against: Option<String>,
        /// `text`, or `json` for CI bots.
        #[arg(long, value_enum, default_value = "text")]
        format: diff::Format,
        /// The version the crate has now (default: the generated crate's).
        #[arg(long, value_name = "X.Y.Z")]
        version: Option<String>,
    },
    /// Check answers a server gave, recorded one per line in FILE, against the service
    /// models: every member of each output, and of each error the model defines, must be one
    /// the model allows (type, length, range, whole-value pattern, enum value; no unknown
    /// members; every required member). Prints each finding and `answers: N checked, M not
    /// allowed by the model`; fails if M is not 0.
    ///
    /// A line is `{"service": SERVICE_ID, "operation": NAME, "status": 200, "error": CODE or
    /// null, "body": TEXT}`; the emulator's scenario records one for every answer boto3 gets
    /// when `EMULATOR_ANSWERS` names a file.
    Answers {
        /// The recorded answers (JSON Lines).
        file: PathBuf,
        /// Model folder (default: the project's `model/`).
        #[arg(long, value_name = "DIR")]
        model: Option<PathBuf>,
        /// Also check against botocore's models of the same services, the official ones
        /// (the download `conformance` uses, made if missing).
        #[arg(long)]
        official: bool,
    },
    /// Run botocore's AWS JSON 1.0, AWS JSON 1.1 and restJson1 protocol test suites against
    /// clients and servers generated from them; print skipped cases with their reasons,
    /// failures with their differences, and a summary line. Fails if any case fails.
    ///
    /// Downloads botocore's source distribution with pip (`python3 -m pip download`) into
    /// `target/conformance/` on the first run, and builds a harness crate there.
    Conformance,
    /// Load and generate every JSON and REST-JSON service model of botocore (the newest
    /// version of each service); print per model what happened, a table of the causes that
    /// block models, and `corpus: N passed, M failed, K skipped`. Fails if a model fails.
    ///
    /// A model is *skipped* when it is refused only for features the generator does not
    /// support yet, and *failed* when it is refused for anything else or the generator
    /// panics. Uses the same download as `conformance` (in `target/conformance/`).
    Corpus {
        /// Only these services (botocore's folder names, comma-separated).
        #[arg(long, value_name = "SERVICE,...", value_delimiter = ',')]
        only: Vec<String>,
        /// Also generate one crate from a fixed sample of models that load, plus eight more
        /// chosen from the commit (others at each commit), and run `cargo clippy
        /// --all-features` on it with warnings denied.
        #[arg(long)]
        check: bool,
        /// Also compile every model that generates, as `--check` does its sample: thirty
        /// models to a crate, one crate after the other (about an hour on two cores).
        #[arg(long)]
        check_all: bool,
        /// Also generate a crate from each of eight models (kms, dynamodb, sqs,
        /// secretsmanager, eks, batch, athena, lightsail) into a folder outside the checkout,
        /// with a user's crate depending on them (`client` and `server`) and the runtime by
        /// version redirected to this checkout with `[patch.crates-io]`; resolve their
        /// dependencies afresh (`cargo update`: the newest versions the requirements allow,
        /// as a crate outside this workspace gets them) and run `cargo clippy --all-features`
        /// on them with `RUSTFLAGS=-D warnings`.
        #[arg(long)]
        fresh: bool,
    },
    /// Drive clients generated from botocore's models of thirteen services against moto's
    /// server: run clippy (warnings denied) and the test of `client-tests/moto` (a crate of its
    /// own, which generates the clients in its `build.rs`) with `BOTOCORE_DATA` naming the
    /// download `conformance` and `corpus` use (made if missing). Needs `moto_server` (`pip install 'moto[server]'`, or
    /// `MOTO_SERVER` naming it); its last line is `moto: N passed, M failed`.
    Moto,
    /// Drive servers generated from botocore's models of twelve real services with boto3:
    /// build `client-tests/boto3-servers` (a crate of its own, which generates the servers in
    /// its `build.rs`, each answering with the input it decoded) with `BOTOCORE_DATA` naming
    /// the download `conformance` and `corpus` use (made if missing), then run its `drive.py`,
    /// which calls every operation with valid parameters made from the model and compares
    /// what each server decoded with what was sent, and reads Bedrock Runtime's `ConverseStream`
    /// event stream with boto3's `converse_stream` (and Kinesis' `SubscribeToShard` with
    /// `subscribe_to_shard`), then runs its tests, where the official AWS SDK for Rust reads the
    /// same `ConverseStream`. Needs `boto3` and `rstr` from PyPI (`PYTHON`
    /// names the interpreter, `python3` by default); its last line is
    /// `boto3 servers: N passed, M failed, K skipped`.
    Boto3Servers,
}

/// The workspace root (the parent of this crate's folder).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Where the reference texts are by default: `shared/seeds` beside the project's checkout.
fn default_seeds() -> PathBuf {
    std::env::var_os("SMS_VOICE_SEEDS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/seeds"))
}

/// `cargo xtask moto`: the moto crate's clippy (warnings denied: thirteen real services'
/// clients must compile cleanly) and test, with botocore's models downloaded first.
fn run_moto() -> Result<()> {
    let data = conformance::fetch::ensure_models(&root().join("target/conformance"))?;
    let manifest = root().join("client-tests/moto/Cargo.toml");
    // The workspace's target folder: the runtime and its dependencies are built once.
    let target =
        std::env::var_os("CARGO_TARGET_DIR").unwrap_or_else(|| root().join("target").into());
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // (command, arguments before the manifest, arguments after `--`)
    for (command, options, trailing) in [
        ("clippy", &["--all-targets"][..], &["-D", "warnings"][..]),
        ("test", &[][..], &["--nocapture"][..]),
    ] {
        let status = std::process::Command::new(&cargo)
            .args([command, "--locked"])
            .args(options)
            .arg("--manifest-path")
            .arg(&manifest)
            .arg("--")
            .args(trailing)
            .env("BOTOCORE_DATA", &data)
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .with_context(|| format!("running cargo {command} on client-tests/moto"))?;
        if !status.success() {
            bail!("cargo {command} on client-tests/moto failed ({status})");
        }
    }
    Ok(())
}

/// `cargo xtask boto3-servers`: builds the servers of `client-tests/boto3-servers` from
/// botocore's models and drives them with boto3.
fn run_boto3_servers() -> Result<()> {
    let data = conformance::fetch::ensure_models(&root().join("target/conformance"))?;
    let folder = root().join("client-tests/boto3-servers");
    // The workspace's target folder: the runtime and its dependencies are built once.
    let target: PathBuf = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(&cargo)
        .args(["build", "--locked", "--manifest-path"])
        .arg(folder.join("Cargo.toml"))
        .env("BOTOCORE_DATA", &data)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .context("running cargo build on client-tests/boto3-servers")?;
    if !status.success() {
        bail!("cargo build on client-tests/boto3-servers failed ({status})");
    }
    let python = std::env::var_os("PYTHON").unwrap_or_else(|| "python3".into());
    let status = std::process::Command::new(&python)
        .arg(folder.join("drive.py"))
        .arg(target.join("debug/servicemodel-boto3-servers"))
        .arg(&data)
        .status()
        .with_context(|| format!("running {} on drive.py", python.to_string_lossy()))?;
    if !status.success() {
        bail!("boto3 against the generated servers failed ({status})");
    }
    // The official AWS SDK for Rust against the same servers (`tests/rust_sdk.rs`).
    let status = std::process::Command::new(&cargo)
        .args(["test", "--locked", "--manifest-path"])
        .arg(folder.join("Cargo.toml"))
        .env("BOTOCORE_DATA", &data)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .context("running cargo test on client-tests/boto3-servers")?;
    if !status.success() {
        bail!("the AWS SDK for Rust against the generated servers failed ({status})");
    }
    // The generated Bedrock Runtime client and the SDK's reading one generated server
    // (`bench/eventstream`'s test; the benchmark itself is `bench/eventstream.sh`).
    let status = std::process::Command::new(&cargo)
        .args(["test", "--locked", "--manifest-path"])
        .arg(root().join("bench/eventstream/Cargo.toml"))
        .env("BOTOCORE_DATA", &data)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .context("running cargo test on bench/eventstream")?;
    if !status.success() {
        bail!("the generated client and the AWS SDK for Rust against one server failed ({status})");
    }
    Ok(())
}

/// Reads `--runtime`.
fn parse_runtime(
    text: &str,
) -> std::result::Result<servicemodel_codegen::RuntimeDependency, String> {
    servicemodel_codegen::RuntimeDependency::parse(text)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Transcribe {
            seeds,
            model,
            check,
        } => run_transcribe(
            &seeds.unwrap_or_else(default_seeds),
            &model.unwrap_or_else(|| root().join("model")),
            check,
        ),
        Command::Codegen {
            model,
            out,
            package,
            runtime,
            check,
            bump,
            strict,
        } => run_codegen(
            model,
            out,
            package,
            runtime.unwrap_or_else(servicemodel_codegen::RuntimeDependency::current_version),
            Mode {
                check,
                bump,
                strict,
            },
        ),
        Command::Diff {
            folders,
            against,
            format,
            version,
        } => run_diff(&folders, against.as_deref(), format, version),
        Command::Answers {
            file,
            model,
            official,
        } => {
            let data = if official {
                match conformance::fetch::ensure_models(&root().join("target/conformance")) {
                    Ok(data) => Some(data),
                    Err(e) => {
                        eprintln!("error: {e:#}");
                        return ExitCode::FAILURE;
                    }
                }
            } else {
                None
            };
            let model = model.unwrap_or_else(|| root().join("model"));
            match answers::run(&model, data.as_deref(), &file) {
                Ok(false) => return ExitCode::FAILURE,
                other => other.map(|_| ()),
            }
        }
        // The harness has reported every failure and ended with its summary line, which stays
        // the last line.
        Command::Conformance => match conformance::run(&root()) {
            Ok(false) => return ExitCode::FAILURE,
            other => other.map(|_| ()),
        },
        Command::Moto => run_moto(),
        Command::Boto3Servers => run_boto3_servers(),
        Command::Corpus {
            only,
            check,
            check_all,
            fresh,
        } => {
            let options = corpus::Options {
                only,
                check,
                check_all,
                fresh,
            };
            match corpus::run(&root(), &options) {
                Ok(false) => return ExitCode::FAILURE,
                other => other.map(|_| ()),
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_transcribe(seeds: &Path, model: &Path, check: bool) -> Result<()> {
    let files = transcribe::transcribe_all(seeds, &root().join("xtask/overlays"))?;
    let mut stale = Vec::new();
    for (rel, text) in &files {
        let path = model.join(rel);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() == Some(text.as_str()) {
            continue;
        }
        if check {
            stale.push(rel.display().to_string());
        } else {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
            println!("wrote {}", path.display());
        }
    }
    if !stale.is_empty() {
        bail!(
            "the committed models differ from the references: {}; run `cargo xtask transcribe` and commit",
            stale.join(", ")
        );
    }
    println!("transcribe: {} model file(s) up to date", files.len());
    Ok(())
}

fn run_diff(
    folders: &[PathBuf],
    against: Option<&str>,
    format: diff::Format,
    version: Option<String>,
) -> Result<()> {
    let current = match version {
        Some(version) => version,
        None => diff::crate_version(&root().join("generated/Cargo.toml"))?,
    };
    match (folders, against) {
        ([new], Some(rev)) => {
            let old = diff::at_revision(new, rev, &root().join("target/diff-against"))?;
            diff::run(&old, new, &current, format)
        }
        ([old, new], None) => diff::run(old, new, &current, format),
        ([_, _], Some(_)) => bail!("--against takes one folder (NEW), not two"),
        _ => bail!("give two folders (OLD NEW), or one with --against REV"),
    }
}

/// The changes of `model/` since the last commit, and the generated crate's version then;
/// `None` (said) outside a git work tree or before the first commit of the folder.
fn model_changes_since_head() -> Option<(Vec<servicemodel_codegen::diff::ServiceDiff>, String)> {
    let model = root().join("model");
    let compared =
        diff::at_revision(&model, "HEAD", &root().join("target/diff-against")).and_then(|old| {
            let before = diff::load(&old)?;
            let after = diff::load(&model)?;
            let version = diff::file_at_revision(&root().join("generated/Cargo.toml"), "HEAD")
                .ok()
                .and_then(|text| diff::manifest_version(&text))
                .map_or_else(
                    || diff::crate_version(&root().join("generated/Cargo.toml")),
                    Ok,
                )?;
            Ok((
                servicemodel_codegen::diff::diff_models(&before, &after),
                version,
            ))
        });
    match compared {
        Ok(compared) => Some(compared),
        Err(e) => {
            println!("codegen: model changes not compared with the last commit ({e:#})");
            None
        }
    }
}

/// The switches of `cargo xtask codegen`.
struct Mode {
    check: bool,
    bump: bool,
    strict: bool,
}

fn run_codegen(
    model: Option<PathBuf>,
    out: Option<PathBuf>,
    package: Option<String>,
    runtime: servicemodel_codegen::RuntimeDependency,
    Mode {
        check,
        bump,
        strict,
    }: Mode,
) -> Result<()> {
    let (model, out, generator) = match (model, out) {
        (Some(model), None) => {
            // Another model folder without a crate to write: load and check it only.
            let services = servicemodel_codegen::Generator::new(&model)
                .strict(strict)
                .load()?;
            for service in &services {
                print_summary(service);
            }
            println!("codegen: {} service(s) loaded and checked", services.len());
            return Ok(());
        }
        (None, None) => {
            let current = diff::crate_version(&root().join("generated/Cargo.toml"))
                .unwrap_or_else(|_| "0.1.0".to_owned());
            // What changed in the models since the checked-in crate was made.
            let changes = if check {
                None
            } else {
                model_changes_since_head()
            };
            let mut version = current;
            if let Some((diffs, committed)) = &changes {
                for d in diffs
                    .iter()
                    .filter(|d| !d.changes.is_empty() || d.documentation_changes > 0)
                {
                    println!(
                        "model changes since the last commit: {}: {}",
                        d.service,
                        servicemodel_codegen::diff::summary(d)
                    );
                }
                if diffs
                    .iter()
                    .all(|d| d.changes.is_empty() && d.documentation_changes == 0)
                {
                    println!("model changes since the last commit: none");
                }
                let next = servicemodel_codegen::diff::next_version(
                    committed,
                    servicemodel_codegen::diff::bump(diffs),
                )
                .map_err(anyhow::Error::msg)?;
                if bump {
                    let changelog = root().join("generated/CHANGELOG.md");
                    let existing = std::fs::read_to_string(&changelog).unwrap_or_default();
                    let changed: Vec<_> = diffs
                        .iter()
                        .filter(|d| !d.changes.is_empty() || d.documentation_changes > 0)
                        .cloned()
                        .collect();
                    let section = servicemodel_codegen::diff::render_text(&changed);
                    std::fs::write(&changelog, diff::changelog_with(&existing, &next, &section))
                        .with_context(|| format!("writing {}", changelog.display()))?;
                    println!(
                        "codegen: version {committed} → {next}; {} has its section",
                        changelog.display()
                    );
                    version = next;
                } else if next != *committed && version == *committed {
                    println!("codegen: these changes call for version {next}; run `cargo xtask codegen --bump` to set it");
                }
            } else if bump {
                bail!("--bump needs the last commit's model to compare with");
            }
            (
                root().join("model"),
                root().join("generated"),
                generate::project_generator(version),
            )
        }

        (model, Some(out)) => {
            let model = model.unwrap_or_else(|| root().join("model"));
            let mut generator = servicemodel_codegen::Generator::new(&model).runtime(runtime);
            if let Some(package) = package {
                generator = generator.package(package);
            }
            (model, out, generator)
        }
    };
    let (services, files) = generator.strict(strict).generate(&out)?;
    for service in &services {
        print_summary(service);
    }
    let report = generate::sync(&out, &files, check)?;
    if check {
        if !report.is_clean() {
            let command = if out == root().join("generated") {
                "cargo xtask codegen".to_owned()
            } else {
                format!(
                    "cargo xtask codegen --model {} --out {}",
                    model.display(),
                    out.display()
                )
            };
            bail!(
                "{} is stale:\n{}\nrun `{command}` and commit",
                out.display(),
                report.describe()
            );
        }
        println!(
            "codegen: {} file(s) up to date in {}",
            report.unchanged,
            out.display()
        );
    } else {
        for path in &report.changed {
            println!("wrote {path}");
        }
        for path in &report.extraneous {
            println!("removed {path}");
        }
        println!(
            "codegen: {} file(s) written, {} removed, {} unchanged in {}",
            report.changed.len(),
            report.extraneous.len(),
            report.unchanged,
            out.display()
        );
    }
    Ok(())
}

/// The summary line of a loaded service, then its warnings (what was left out, and why).
fn print_summary(s: &servicemodel_codegen::Service) {
    println!("{}", summary(s));
    for warning in &s.warnings {
        let warning = match &s.source {
            Some(file) => warning.clone().in_file(file),
            None => warning.clone(),
        };
        println!("warning: {warning}");
    }
}

/// One line about a loaded service: id, version, protocol, sizes.
fn summary(s: &servicemodel_codegen::Service) -> String {
    let structures = s
        .shapes
        .values()
        .filter(|shape| {
            matches!(
                shape.kind,
                servicemodel_codegen::model::ShapeKind::Structure(_)
            )
        })
        .count();
    format!(
        "{} ({}, {:?}): {} operations, {} shapes ({} structures)",
        s.metadata.service_id,
        s.metadata.api_version,
        s.metadata.protocol,
        s.operations.len(),
        s.shapes.len(),
        structures,
    )
}
