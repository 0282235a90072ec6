//! `cargo xtask diff OLD NEW`: two model folders compared as models (see `codegen::diff`),
//! reported as text or JSON with the generated crate's next version.

use std::path::Path;

use anyhow::{bail, Context, Result};
use codegen::diff::{self, ServiceDiff};
use serde_json::json;

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Lines for people.
    Text,
    /// One JSON document, for CI bots.
    Json,
}

/// Loads a model folder, naming it in any error.
pub fn load(folder: &Path) -> Result<Vec<codegen::Service>> {
    if !folder.is_dir() {
        bail!("{} is not a folder", folder.display());
    }
    codegen::load_dir(folder).map_err(|errors| {
        anyhow::anyhow!("{} is not a model that loads:\n{errors}", folder.display())
    })
}

/// The `version` of a `Cargo.toml`'s `[package]`.
pub fn crate_version(manifest: &Path) -> Result<String> {
    let text = std::fs::read_to_string(manifest)
        .with_context(|| format!("reading {}", manifest.display()))?;
    text.lines()
        .skip_while(|line| line.trim() != "[package]")
        .find_map(|line| {
            let value = line
                .trim()
                .strip_prefix("version")?
                .trim()
                .strip_prefix('=')?;
            Some(value.trim().trim_matches('"').to_owned())
        })
        .with_context(|| format!("{} has no [package] version", manifest.display()))
}

/// The report of `diffs`, with the version moving from `current`.
pub fn report(diffs: &[ServiceDiff], current: &str, format: Format) -> Result<String> {
    let bump = diff::bump(diffs);
    let next = diff::next_version(current, bump).map_err(anyhow::Error::msg)?;
    Ok(match format {
        Format::Text => {
            let why = match bump {
                diff::Bump::None => "no changes",
                diff::Bump::Patch => "documentation only",
                diff::Bump::Minor => "additions, nothing breaking",
                diff::Bump::Major => "breaking changes",
            };
            format!(
                "{}next version: {current} → {next} ({why})\n",
                diff::render_text(diffs)
            )
        }
        Format::Json => {
            let document = json!({
                "services": diffs,
                "bump": bump,
                "version": { "current": current, "next": next },
            });
            format!("{}\n", serde_json::to_string_pretty(&document)?)
        }
    })
}

/// Compares the models under `old` and `new`.
pub fn run(old: &Path, new: &Path, current: &str, format: Format) -> Result<()> {
    let before = load(old)?;
    let after = load(new)?;
    let diffs = diff::diff_models(&before, &after);
    print!("{}", report(&diffs, current, format)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixtures(side: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../codegen/tests/diff")
            .join(side)
    }

    #[test]
    fn bad_folders_are_named() {
        let missing = fixtures("no-such-folder");
        let error = load(&missing).expect_err("a missing folder").to_string();
        assert!(
            error.contains("no-such-folder") && error.contains("not a folder"),
            "{error}"
        );
        // A folder that holds no model.
        let empty = std::env::temp_dir().join(format!("xtask-diff-empty-{}", std::process::id()));
        std::fs::create_dir_all(&empty).expect("mkdir");
        let error = load(&empty).expect_err("an empty folder").to_string();
        assert!(error.contains(&empty.display().to_string()), "{error}");
        let _ = std::fs::remove_dir_all(&empty);
    }

    #[test]
    fn the_report_ends_with_the_next_version_and_json_parses() {
        let diffs = diff::diff_models(
            &load(&fixtures("old")).expect("old"),
            &load(&fixtures("new")).expect("new"),
        );
        let text = report(&diffs, "0.1.0", Format::Text).expect("text");
        assert!(
            text.ends_with("next version: 0.1.0 → 0.2.0 (breaking changes)\n"),
            "{text}"
        );
        let json = report(&diffs, "1.2.3", Format::Json).expect("json");
        let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        assert_eq!(value["bump"], "major");
        assert_eq!(value["version"]["next"], "2.0.0");
        assert_eq!(value["services"].as_array().map(Vec::len), Some(3));
        assert!(report(&diffs, "v1", Format::Text).is_err());
    }

    #[test]
    fn the_crate_version_is_read_from_its_manifest() {
        let version =
            crate_version(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/Cargo.toml"))
                .expect("a version");
        assert!(
            diff::next_version(&version, diff::Bump::Minor).is_ok(),
            "{version}"
        );
    }
}
