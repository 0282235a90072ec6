//! `cargo xtask diff OLD NEW`: two model folders compared as models (see `servicemodel_codegen::diff`),
//! reported as text or JSON with the generated crate's next version.

use std::path::Path;

use anyhow::{bail, Context, Result};
use serde_json::json;
use servicemodel_codegen::diff::{self, ServiceDiff};
pub use servicemodel_codegen::generator::manifest_version;

/// How the report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Lines for people.
    Text,
    /// One JSON document, for CI bots.
    Json,
}

/// Loads a model folder, naming it in any error.
pub fn load(folder: &Path) -> Result<Vec<servicemodel_codegen::Service>> {
    if !folder.is_dir() {
        bail!("{} is not a folder", folder.display());
    }
    servicemodel_codegen::load_dir(folder).map_err(|errors| {
        anyhow::anyhow!("{} is not a model that loads:\n{errors}", folder.display())
    })
}

/// The `version` of a `Cargo.toml`'s `[package]`.
pub fn crate_version(manifest: &Path) -> Result<String> {
    let text = std::fs::read_to_string(manifest)
        .with_context(|| format!("reading {}", manifest.display()))?;
    manifest_version(&text)
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

/// Runs git in `dir`; its standard output, or an error with its message.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .with_context(|| format!("running git in {}", dir.display()))?;
    if !output.status.success() {
        bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output.stdout)
}

/// The folder `folder` (inside a git work tree) as it was at revision `rev`, written out
/// into `scratch` (emptied first); answers the copy's path.
pub fn at_revision(folder: &Path, rev: &str, scratch: &Path) -> Result<std::path::PathBuf> {
    if !folder.is_dir() {
        bail!("{} is not a folder", folder.display());
    }
    git(
        folder,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| {
        anyhow::anyhow!(
            "the revision {rev:?} does not exist in the repository of {}",
            folder.display()
        )
    })?;
    let prefix = String::from_utf8(git(folder, &["rev-parse", "--show-prefix"])?)?
        .trim()
        .to_owned();
    let listed = String::from_utf8(git(
        folder,
        &[
            "ls-tree",
            "-r",
            "--name-only",
            "--full-name",
            rev,
            "--",
            ".",
        ],
    )?)?;
    let files: Vec<&str> = listed.lines().filter(|l| !l.is_empty()).collect();
    if files.is_empty() {
        bail!("{} holds nothing at revision {rev}", folder.display());
    }
    let _ = std::fs::remove_dir_all(scratch);
    for file in files {
        let relative = file.strip_prefix(prefix.as_str()).unwrap_or(file);
        let path = scratch.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        let text = git(folder, &["show", &format!("{rev}:{file}")])?;
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(scratch.to_owned())
}

/// A file's text at revision `rev`.
pub fn file_at_revision(file: &Path, rev: &str) -> Result<String> {
    let dir = file.parent().context("a file in a folder")?;
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .context("a file name")?;
    Ok(String::from_utf8(git(
        dir,
        &["show", &format!("{rev}:./{name}")],
    )?)?)
}

/// `text` with the section of `version` (a `## {version}` heading and what follows up to the
/// next `## `) put first under the title, replacing an earlier section of that version.
pub fn changelog_with(text: &str, version: &str, section: &str) -> String {
    let title = "# Changelog\n";
    let body = text.strip_prefix(title).unwrap_or(text);
    let mut sections: Vec<String> = Vec::new();
    for part in body
        .split("\n## ")
        .map(|p| p.trim_start_matches("## ").trim())
    {
        if part.is_empty() {
            continue;
        }
        let heading = part.lines().next().unwrap_or_default().trim();
        if heading != version {
            sections.push(format!("## {part}\n"));
        }
    }
    let mut out = format!("{title}\n## {version}\n\n{}\n", section.trim_end());
    for existing in sections {
        out.push('\n');
        out.push_str(&existing);
    }
    out
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
    fn a_changelog_gets_one_section_per_version_newest_first() {
        let first = changelog_with("", "0.1.1", "a: 1 enum value added\n");
        assert_eq!(first, "# Changelog\n\n## 0.1.1\n\na: 1 enum value added\n");
        let second = changelog_with(&first, "0.2.0", "a: 1 operation removed\n");
        assert!(
            second.starts_with("# Changelog\n\n## 0.2.0\n\na: 1 operation removed\n\n## 0.1.1\n"),
            "{second}"
        );
        // The same version again replaces its section.
        let again = changelog_with(&second, "0.2.0", "a: 2 operations removed\n");
        assert_eq!(again.matches("## 0.2.0").count(), 1, "{again}");
        assert!(
            again.contains("2 operations removed") && again.contains("## 0.1.1"),
            "{again}"
        );
    }

    #[test]
    fn a_revision_that_does_not_exist_is_named() {
        let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("../model");
        let scratch = std::env::temp_dir().join(format!("xtask-at-rev-{}", std::process::id()));
        let error = at_revision(&model, "no-such-revision", &scratch)
            .expect_err("no such revision")
            .to_string();
        assert!(error.contains("no-such-revision"), "{error}");
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
