//! Getting botocore's test data: its source distribution from PyPI, downloaded once with pip
//! into the cache folder, and from it the six protocol suite files (`cargo xtask
//! conformance`) or the service models (`cargo xtask corpus`), extracted beside it.
//!
//! The files are test data of another project (Apache-2.0); they stay in the cache and are never
//! committed.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The botocore release whose suites are run, pinned so that results are reproducible.
pub const BOTOCORE_VERSION: &str = "1.44.5";

/// The suite files, relative to `tests/unit/protocols/` in the source distribution.
pub const SUITE_FILES: [&str; 8] = [
    "input/json_1_0.json",
    "output/json_1_0.json",
    "input/json_1_0-query-compatible.json",
    "output/json_1_0-query-compatible.json",
    "input/json.json",
    "output/json.json",
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

/// Makes sure the suite files are in `cache`: reuses them when present, else extracts them
/// from the source distribution ([`ensure_archive`]) with `tar`.
pub fn ensure_suites(cache: &Path) -> Result<()> {
    if SUITE_FILES
        .iter()
        .all(|file| suite_path(cache, file).is_file())
    {
        return Ok(());
    }
    let prefix = format!("botocore-{BOTOCORE_VERSION}/tests/unit/protocols");
    let members: Vec<String> = SUITE_FILES
        .iter()
        .map(|file| format!("{prefix}/{file}"))
        .collect();
    extract(cache, &members, false)?;
    for file in SUITE_FILES {
        let path = suite_path(cache, file);
        if !path.is_file() {
            bail!("{} is not in the source distribution", path.display());
        }
    }
    Ok(())
}

/// The folder of botocore's service models once fetched ([`ensure_models`]):
/// `<service>/<version>/service-2.json`, with `paginators-1.json` beside most.
pub fn models_dir(cache: &Path) -> PathBuf {
    suites_dir(cache).join("botocore/data")
}

/// Makes sure botocore's service models (every `service-2.json` and `paginators-1.json`, not
/// the other files of its data folder) are in `cache`, and returns their folder. The same
/// download as the suites'.
pub fn ensure_models(cache: &Path) -> Result<PathBuf> {
    let dir = models_dir(cache);
    let marker = dir.join(".extracted");
    if marker.is_file() {
        return Ok(dir);
    }
    let prefix = format!("botocore-{BOTOCORE_VERSION}/botocore/data");
    extract(
        cache,
        &[
            format!("{prefix}/*/service-2.json"),
            format!("{prefix}/*/paginators-1.json"),
        ],
        true,
    )?;
    std::fs::write(&marker, "").with_context(|| format!("writing {}", marker.display()))?;
    Ok(dir)
}

/// Extracts `members` (paths in the archive, or wildcards) of the source distribution into
/// `cache`.
fn extract(cache: &Path, members: &[String], wildcards: bool) -> Result<()> {
    let archive = ensure_archive(cache)?;
    let mut tar = Command::new("tar");
    tar.arg("-xzf").arg(&archive).arg("-C").arg(cache);
    if wildcards {
        tar.arg("--wildcards");
    }
    let status = tar.args(members).status().context("running `tar`")?;
    if !status.success() {
        bail!(
            "extracting {} from {} failed ({status})",
            members.join(", "),
            archive.display()
        );
    }
    Ok(())
}

/// The source distribution's archive in `cache`, downloaded with `python3 -m pip download`
/// unless it is already there.
fn ensure_archive(cache: &Path) -> Result<PathBuf> {
    let download = cache.join("download");
    std::fs::create_dir_all(&download)
        .with_context(|| format!("creating {}", download.display()))?;
    let archive = download.join(format!("botocore-{BOTOCORE_VERSION}.tar.gz"));
    if archive.is_file() {
        return Ok(archive);
    }
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
    Ok(archive)
}

/// The Python interpreter to run pip with: `$PYTHON`, else `python3`.
fn python() -> String {
    std::env::var("PYTHON")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "python3".to_owned())
}
