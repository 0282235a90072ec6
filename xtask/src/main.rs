//! Project automation, run as `cargo xtask <command>`.
//!
//! - `transcribe`: reads the API references and writes the service models under `model/`.
//! - `codegen`: loads and checks the models and (re)generates the `generated/` crate.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};

mod transcribe;

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "Project automation for the SMS and voice code generator")]
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
    Codegen {
        /// Model folder (`<service>/<version>/service-2.json` inside).
        #[arg(long, value_name = "DIR")]
        model: Option<PathBuf>,
        /// Do not write; fail if the checked-in output is stale.
        #[arg(long)]
        check: bool,
    },
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Transcribe { seeds, model, check } => run_transcribe(
            &seeds.unwrap_or_else(default_seeds),
            &model.unwrap_or_else(|| root().join("model")),
            check,
        ),
        Command::Codegen { model, check } => {
            run_codegen(&model.unwrap_or_else(|| root().join("model")), check)
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
                std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
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

fn run_codegen(model: &Path, _check: bool) -> Result<()> {
    let services = codegen::load_dir(model)
        .map_err(|errors| anyhow::anyhow!("the models under {} have faults:\n{errors}", model.display()))?;
    for s in &services {
        let structures = s
            .shapes
            .values()
            .filter(|shape| matches!(shape.kind, codegen::model::ShapeKind::Structure(_)))
            .count();
        println!(
            "{} ({}, {:?}): {} operations, {} shapes ({} structures)",
            s.metadata.service_id,
            s.metadata.api_version,
            s.metadata.protocol,
            s.operations.len(),
            s.shapes.len(),
            structures,
        );
    }
    println!("codegen: {} service(s) loaded and checked", services.len());
    Ok(())
}
