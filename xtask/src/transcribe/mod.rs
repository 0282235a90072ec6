//! `cargo xtask transcribe`: turns the API references into the service models under `model/`.
//!
//! Each service has a transcriber that parses its reference text and a reviewed overlay
//! (`xtask/overlays/<service>.json`) with the corrections the text cannot give: extraction
//! slips, names for shapes the docs leave unnamed, facts the docs leave implicit. Each overlay
//! entry carries its reason.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::Value;

pub mod text;
pub mod v2;

/// A transcribed service: its `service-2.json` and, if it has paginated operations, its
/// `paginators-1.json`.
#[derive(Debug)]
pub struct Transcribed {
    pub service: Value,
    pub paginators: Option<Value>,
}

/// The model files of one service, relative to the model folder, with their contents.
pub fn files(folder: &str, t: &Transcribed) -> Result<Vec<(PathBuf, String)>> {
    let mut out = vec![(Path::new(folder).join("service-2.json"), to_json(&t.service)?)];
    if let Some(p) = &t.paginators {
        out.push((Path::new(folder).join("paginators-1.json"), to_json(p)?));
    }
    Ok(out)
}

/// Pretty JSON with a trailing newline: the form the model files are kept in.
pub fn to_json(v: &Value) -> Result<String> {
    Ok(serde_json::to_string_pretty(v)? + "\n")
}

/// Transcribes every service from the references in `seeds` with the overlays in `overlays`.
pub fn transcribe_all(seeds: &Path, overlays: &Path) -> Result<Vec<(PathBuf, String)>> {
    let mut out = Vec::new();

    let source_path = seeds.join(v2::SOURCE);
    let source = std::fs::read_to_string(&source_path)
        .with_context(|| format!("reading {}", source_path.display()))?;
    let overlay_path = overlays.join("pinpoint-sms-voice-v2.json");
    let overlay_text = std::fs::read_to_string(&overlay_path)
        .with_context(|| format!("reading {}", overlay_path.display()))?;
    let overlay = v2::parse_overlay(&overlay_text)
        .with_context(|| format!("in {}", overlay_path.display()))?;
    let v2 = v2::transcribe(&source, &overlay).with_context(|| format!("transcribing {}", source_path.display()))?;
    out.extend(files("pinpoint-sms-voice-v2/2022-03-31", &v2)?);

    Ok(out)
}
