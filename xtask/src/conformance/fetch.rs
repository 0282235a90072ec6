//! Getting the protocol test suites: botocore's source distribution from PyPI, downloaded once
//! with pip into the cache folder and the four suite files extracted beside it.
//!
//! The files are test data of another project (Apache-2.0); they stay in the cache and are never
//! committed.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The botocore release whose suites are run, pinned so that results are reproducible.
pub const BOTOCORE_VERSION: &str = "1.44.5";

/// The suite files, relative to `tests/unit/protocols/` in the source distribution.
pub const SUITE_FILES: [&str; 4] = [
    "input/json_1_0.json",
    "output/json_1_0.json",
    "input/rest-json.json",
    "output/rest-json.json",
];

/// The folder the suites are extracted to, under the cache folder.
fn suites_dir(cache: &Path) -> PathBuf {
    cache.join(format!("botocore-{BOTOCORE_VERSION}"))
}

/// The path of a suite file (one of [`SUITE_FILES`]) once fetched.
pub fn suite_path(cache: &Path, file: &str) -> PathBuf {
    suites_dir(cache).join("tests/unit/protocols").join(file)
}

/// Makes sure the suite files are in `cache`: reuses them when present, else downloads the
/// source distribution with `python3 -m pip download` (unless it is already there) and extracts
/// them with `tar`.
pub fn ensure_suites(cache: &Path) -> Result<()> {
    if SUITE_FILES
        .iter()
        .all(|file| suite_path(cache, file).is_file())
    {
        return Ok(());
    }
    let download = cache.join("download");
    std::fs::create_dir_all(&download)
        .with_context(|| format!("creating {}", download.display()))?;
    let archive = download.join(format!("botocore-{BOTOCORE_VERSION}.tar.gz"));
    if !archive.is_file() {
        println!("downloading botocore {BOTOCORE_VERSION} (source distribution) with pip");
        let status = Command::new(python())
            .args(["-m", "pip", "download", "--no-binary", ":all:", "--no-deps"])
            .arg(format!("botocore=={BOTOCORE_VERSION}"))
            .arg("-d")
            .arg(&download)
            .status()
            .with_context(|| {
                format!(
                    "running `{} -m pip download` (is Python 3 with pip installed?)",
                    python()
                )
            })?;
        if !status.success() || !archive.is_file() {
            bail!(
                "`pip download botocore=={BOTOCORE_VERSION}` failed ({status}); it needs network access to PyPI"
            );
        }
    }
    let prefix = format!("botocore-{BOTOCORE_VERSION}/tests/unit/protocols");
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(&archive)
        .arg("-C")
        .arg(cache)
        .args(SUITE_FILES.iter().map(|file| format!("{prefix}/{file}")))
        .status()
        .context("running `tar`")?;
    if !status.success() {
        bail!(
            "extracting the suites from {} failed ({status})",
            archive.display()
        );
    }
    for file in SUITE_FILES {
        let path = suite_path(cache, file);
        if !path.is_file() {
            bail!("{} is not in the source distribution", path.display());
        }
    }
    Ok(())
}

/// The Python interpreter to run pip with: `$PYTHON`, else `python3`.
fn python() -> String {
    std::env::var("PYTHON")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "python3".to_owned())
}
