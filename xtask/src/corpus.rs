//! `cargo xtask corpus`: the generator against every JSON and REST-JSON service model of
//! botocore's source distribution (the same pinned download as `cargo xtask conformance`).
//!
//! Each model (the newest API version of each service) is loaded and generated on its own, on
//! every core, with panics caught. The report lists per model: generated, with its warnings;
//! refused, with every fault (file and JSON path); or panicked. Then a table of the causes
//! with the number of models each blocks, and the last line
//! `corpus: N passed, M failed, K skipped`, where *skipped* models are refused only because
//! they need features the generator does not support yet (each named by the loader), and
//! *failed* ones are refused for anything else or panicked. The run fails when a model fails.
//!
//! `--check` then generates one crate from [`SAMPLE`], a fixed, diverse set of models that
//! load, plus [`ROTATING`] more chosen from the commit (other models at each commit, the same
//! at a given one), and runs `cargo clippy --all-features` on it with warnings (clippy's too)
//! denied, the bar the project's own generated crate meets. `--check-all` does the same for
//! every model that generates, [`BATCH`] models to a crate, one crate after the other.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use servicemodel_codegen::emit::{CrateOptions, Files, RuntimeDependency};
use servicemodel_codegen::{Fault, SERVICE_FILE};

use crate::conformance::fetch;
use crate::generate;

/// The models `--check` compiles, by service folder: JSON 1.0, JSON 1.1 and REST-JSON
/// services of different shapes and sizes, the largest that loads (MediaConvert, 1035 shapes)
/// among them.
pub const SAMPLE: &[&str] = &[
    // JSON 1.0; botocore's own model of the v2 service this project ships, with unions
    "dynamodb",
    "sqs",
    "pinpoint-sms-voice-v2",
    // JSON 1.0 with host prefixes (`sync-`)
    "stepfunctions",
    // JSON 1.1; Cognito Identity has unsigned operations
    "kms",
    "secretsmanager",
    "cloudtrail",
    "cognito-identity",
    // JSON 1.1 with a member named like a builder method (`Sender`)
    "ssm-contacts",
    // JSON 1.1 with unions and documents
    "ssm",
    "acm",
    "ecs",
    "glue",
    "cognito-idp",
    // REST-JSON: the largest model that loads, hyphenated URI labels, a deprecated service
    "mediaconvert",
    "mediapackage",
    "chime",
    "pinpoint-sms-voice",
    // REST-JSON with `jsonvalue` members (Bedrock Agent, RUM), a host prefix (RUM), sparse
    // lists and maps (RDS Data)
    "bedrock-agent",
    "rum",
    "rds-data",
    // REST-JSON with payload members: blobs (API Gateway Management, IoT Data, with a
    // `jsonvalue` header) and structures (Amplify UI Builder)
    "apigatewaymanagementapi",
    "iot-data",
    "amplifyuibuilder",
    // Event streams (CloudWatch Logs' `StartLiveTail` and Kinesis' `SubscribeToShard` after an
    // `initial-response`, Bedrock Runtime's `ConverseStream`, Lambda's
    // `InvokeWithResponseStream`; input streams: Bedrock Runtime's
    // `InvokeModelWithBidirectionalStream`, Lex V2 Runtime's `StartConversation`, Polly's
    // `StartSpeechSynthesisStream`); streaming blobs
    // (MediaStore Data's `PutObject` and `GetObject`, Glacier's archives, Polly's
    // `SynthesizeSpeech`, Lambda's `InvokeAsync`)
    "logs",
    "kinesis",
    "lexv2-runtime",
    "bedrock-runtime",
    "lambda",
    "mediastore-data",
    "glacier",
    "polly",
    // `json` listed after `smithy-rpc-v2-cbor` in `protocols`: CloudWatch (JSON 1.0,
    // query-compatible, `requestcompression` on `PutMetricData`) and CodeBuild (JSON 1.1)
    "cloudwatch",
    "codebuild",
    // Bearer tokens only (`signatureVersion: bearer`); Bedrock Runtime above takes both
    "codecatalyst",
];

/// How many models `--check` adds to [`SAMPLE`], chosen from the commit.
pub const ROTATING: usize = 8;

/// How many models `--check-all` compiles in one crate: one rustc process per crate, so that
/// its memory stays within a small machine's (a crate of 24 of the largest models, client and
/// server, takes a few GB).
pub const BATCH: usize = 30;

/// The models `--fresh` generates outside the checkout, a crate each, and builds as a user's
/// crate would: with the newest dependency versions and warnings denied.
pub const OUTSIDE_SAMPLE: &[&str] = &[
    "kms",
    "dynamodb",
    "sqs",
    "secretsmanager",
    "eks",
    "batch",
    "athena",
    "lightsail",
];

/// Models known to be refused for a reason other than an unsupported feature, each with the
/// reason: they count as skipped. A model on the list that loads fails the run, so that the
/// list stays true.
pub const KNOWN_REFUSALS: &[(&str, &str)] = &[];

/// What `cargo xtask corpus` was asked to do.
#[derive(Debug, Default)]
pub struct Options {
    /// Only these service folders (all when empty).
    pub only: Vec<String>,
    /// Also compile the crate generated from [`SAMPLE`] and [`ROTATING`] more.
    pub check: bool,
    /// Also compile every model that generates, [`BATCH`] to a crate.
    pub check_all: bool,
    /// Also generate the [`OUTSIDE_SAMPLE`] outside the checkout and compile it with the
    /// newest dependency versions and `-D warnings` ([`generate::Resolution::Fresh`]).
    pub fresh: bool,
}

/// One model of the corpus: the newest version folder of a service.
#[derive(Debug, Clone)]
struct Model {
    /// The service folder's name (`dynamodb`).
    service: String,
    /// The version folder (`<data>/dynamodb/2012-08-10`).
    dir: PathBuf,
}

/// What happened to one model.
#[derive(Debug)]
enum Outcome {
    /// Loaded and generated.
    Generated {
        summary: String,
        /// The service's Rust module name, which two models may share.
        module: String,
        shapes: usize,
        /// The features of the operations left out, one entry per operation.
        left_out: Vec<&'static str>,
        warnings: Vec<String>,
        elapsed: Duration,
    },
    /// Refused by the loader or the emitters' checks.
    Refused { faults: Vec<Fault> },
    /// Loading or generating panicked.
    Panicked { message: String },
}

impl Outcome {
    /// Whether the model was refused only for features that are not supported yet.
    fn is_skipped(&self) -> bool {
        matches!(self, Self::Refused { faults } if faults.iter().all(|f| f.unsupported.is_some()))
    }
}

/// The reason a model is known to be refused, from [`KNOWN_REFUSALS`].
fn known_refusal(service: &str) -> Option<&'static str> {
    KNOWN_REFUSALS
        .iter()
        .find(|(name, _)| *name == service)
        .map(|(_, reason)| *reason)
}

/// Runs the corpus; `Ok(true)` when no model failed (and, with `--check`, the sample compiled).
pub fn run(root: &Path, options: &Options) -> Result<bool> {
    let cache = root.join("target/conformance");
    let data = fetch::ensure_models(&cache)?;
    let (models, other_protocols) = list_models(&data, &options.only)?;
    eprintln!(
        "corpus: {} JSON and REST-JSON models of botocore {} in {} ({other_protocols} of other protocols left out)",
        models.len(),
        fetch::BOTOCORE_VERSION,
        data.display()
    );
    let started = Instant::now();
    let outcomes = run_models(&models);
    let elapsed = started.elapsed();
    let clean = report(&models, &outcomes, elapsed);
    let mut compiled = true;
    // Each model that generates, with its module name.
    let generated: Vec<(&str, &str)> = models
        .iter()
        .zip(&outcomes)
        .filter_map(|(model, outcome)| match outcome {
            Outcome::Generated { module, .. } => Some((model.service.as_str(), module.as_str())),
            _ => None,
        })
        .collect();
    if options.check {
        let mut names: Vec<&str> = SAMPLE.to_vec();
        let rotating = rotating_sample(&generated, &commit_seed(root), ROTATING);
        eprintln!(
            "corpus: the rotating part of the sample at this commit: {}",
            rotating.join(", ")
        );
        names.extend(rotating);
        compiled &= check_crate(root, &cache, &data, &names, "sample")?;
    }
    if options.check_all {
        compiled &= check_all(root, &cache, &data, &generated)?;
    }
    if options.fresh {
        compiled &= check_outside(root, &data)?;
    }
    Ok(clean && compiled)
}

/// The newest version of every service under `data` whose protocol is `json` or `rest-json`
/// (restricted to `only` when it is not empty), and how many services have another protocol.
fn list_models(data: &Path, only: &[String]) -> Result<(Vec<Model>, usize)> {
    let mut models = Vec::new();
    let mut other = 0;
    let mut services: Vec<PathBuf> = read_dirs(data)?;
    services.sort();
    for service_dir in services {
        let service = file_name(&service_dir);
        if !only.is_empty() && !only.contains(&service) {
            continue;
        }
        let Some(dir) = servicemodel_codegen::newest_version(&service_dir) else {
            continue;
        };
        if is_json_protocol(&dir.join(SERVICE_FILE))? {
            models.push(Model { service, dir });
        } else {
            other += 1;
        }
    }
    let missing: Vec<&String> = only
        .iter()
        .filter(|name| !models.iter().any(|model| &model.service == *name))
        .collect();
    if !missing.is_empty() {
        bail!(
            "no JSON or REST-JSON model for {} in {}",
            missing
                .iter()
                .map(|name| format!("`{name}`"))
                .collect::<Vec<_>>()
                .join(", "),
            data.display()
        );
    }
    Ok((models, other))
}

/// Whether the model speaks `json` or `rest-json`: its `metadata.protocols` list names one
/// (anywhere: 41 models list `smithy-rpc-v2-cbor` first), or, without a list, its
/// `metadata.protocol` is one.
fn is_json_protocol(path: &Path) -> Result<bool> {
    #[derive(serde::Deserialize)]
    struct Head {
        metadata: Metadata,
    }
    #[derive(serde::Deserialize)]
    struct Metadata {
        protocol: Option<String>,
        protocols: Option<Vec<String>>,
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let head: Head =
        serde_json::from_str(&text).with_context(|| format!("reading {}", path.display()))?;
    let is_json = |protocol: &str| matches!(protocol, "json" | "rest-json");
    Ok(
        match head.metadata.protocols.filter(|list| !list.is_empty()) {
            Some(list) => list.iter().any(|protocol| is_json(protocol)),
            None => head.metadata.protocol.as_deref().is_some_and(is_json),
        },
    )
}

fn read_dirs(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry
            .with_context(|| format!("reading {}", dir.display()))?
            .path();
        if path.is_dir() && !file_name(&path).starts_with('.') {
            dirs.push(path);
        }
    }
    Ok(dirs)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Loads and generates every model, on as many threads as there are cores, with progress on
/// stderr. Panics are caught (and not printed by the default hook): each becomes an outcome.
fn run_models(models: &[Model]) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> =
        Mutex::new((0..models.len()).map(|_| None).collect());
    let workers = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .min(models.len().max(1));
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(model) = models.get(index) else {
                    break;
                };
                let outcome = run_model(model);
                results
                    .lock()
                    .expect("no worker panics while holding the lock")[index] = Some(outcome);
                let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                if finished % 25 == 0 || finished == models.len() {
                    eprintln!("corpus: {finished}/{} models", models.len());
                }
            });
        }
    });
    panic::set_hook(hook);
    results
        .into_inner()
        .expect("no worker panics while holding the lock")
        .into_iter()
        .map(|outcome| outcome.expect("every model was run"))
        .collect()
}

fn run_model(model: &Model) -> Outcome {
    let started = Instant::now();
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        let service = servicemodel_codegen::load_folder(&model.dir)?;
        servicemodel_codegen::emit::generate_sources(std::slice::from_ref(&service));
        Ok::<_, servicemodel_codegen::LoadErrors>(service)
    }));
    let elapsed = started.elapsed();
    match result {
        Ok(Ok(service)) => Outcome::Generated {
            summary: crate::summary(&service),
            module: service.module_name.clone(),
            shapes: service.shapes.len(),
            left_out: service.left_out.iter().map(|l| l.feature).collect(),
            warnings: service.warnings.iter().map(ToString::to_string).collect(),
            elapsed,
        },
        Ok(Err(errors)) => Outcome::Refused {
            faults: errors.into_faults(),
        },
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_owned());
            Outcome::Panicked { message }
        }
    }
}

/// Prints the report; `true` when no model failed.
fn report(models: &[Model], outcomes: &[Outcome], elapsed: Duration) -> bool {
    let mut passed = 0;
    let mut failed = Vec::new();
    let mut skipped = 0;
    for (model, outcome) in models.iter().zip(outcomes) {
        match outcome {
            Outcome::Generated {
                summary, warnings, ..
            } => {
                passed += 1;
                println!("ok      {}: {summary}", model.service);
                if known_refusal(&model.service).is_some() {
                    failed.push(model.service.as_str());
                    println!(
                        "FAILED  {}: loads, but is listed as known to be refused: take it off the list",
                        model.service
                    );
                }
                for warning in warnings {
                    println!("        warning: {warning}");
                }
            }
            Outcome::Refused { faults } => {
                let known = known_refusal(&model.service);
                let word = if outcome.is_skipped() || known.is_some() {
                    skipped += 1;
                    "skipped"
                } else {
                    failed.push(model.service.as_str());
                    "FAILED "
                };
                println!("{word} {}: {} fault(s)", model.service, faults.len());
                if let Some(reason) = known {
                    println!("        known: {reason}");
                }
                for fault in faults {
                    println!("        {fault}");
                }
            }
            Outcome::Panicked { message } => {
                failed.push(model.service.as_str());
                println!("PANIC   {}: {message}", model.service);
            }
        }
    }

    let causes = causes(outcomes);
    if !causes.is_empty() {
        println!();
        println!("causes (models blocked / models blocked by it alone):");
        for (cause, (blocked, alone)) in &causes {
            println!("  {blocked:>4} {alone:>4}  {cause}");
        }
    }
    println!();
    let generated = models
        .iter()
        .zip(outcomes)
        .filter_map(|(model, outcome)| match outcome {
            Outcome::Generated {
                shapes, elapsed, ..
            } => Some((model, *shapes, *elapsed)),
            _ => None,
        });
    if let Some((model, shapes, time)) = generated.clone().max_by_key(|(_, shapes, _)| *shapes) {
        println!(
            "largest model generated: {} ({shapes} shapes) in {:.2} s",
            model.service,
            time.as_secs_f64()
        );
    }
    if let Some((model, _, time)) = generated.max_by_key(|(_, _, time)| *time) {
        println!(
            "slowest model generated: {} in {:.2} s",
            model.service,
            time.as_secs_f64()
        );
    }
    let mut left_out: BTreeMap<&str, (usize, BTreeSet<&str>)> = BTreeMap::new();
    for (model, outcome) in models.iter().zip(outcomes) {
        if let Outcome::Generated { left_out: ops, .. } = outcome {
            for feature in ops {
                let entry = left_out.entry(feature).or_default();
                entry.0 += 1;
                entry.1.insert(model.service.as_str());
            }
        }
    }
    for (feature, (operations, in_models)) in &left_out {
        println!(
            "left out for {feature}: {operations} operation(s) of {} model(s)",
            in_models.len()
        );
    }
    println!("corpus run took {:.1} s", elapsed.as_secs_f64());
    if !failed.is_empty() && failed.len() <= 20 {
        println!("failed: {}", failed.join(", "));
    }
    println!(
        "corpus: {passed} passed, {} failed, {skipped} skipped",
        failed.len()
    );
    failed.is_empty()
}

/// The causes that keep models from generating, each with the number of models it blocks and
/// the number it blocks alone, most frequent first.
fn causes(outcomes: &[Outcome]) -> Vec<(String, (usize, usize))> {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for outcome in outcomes {
        let causes: BTreeSet<String> = match outcome {
            Outcome::Generated { .. } => continue,
            Outcome::Refused { faults } => faults.iter().map(cause).collect(),
            Outcome::Panicked { .. } => BTreeSet::from(["panic".to_owned()]),
        };
        let alone = causes.len() == 1;
        for cause in causes {
            let entry = counts.entry(cause).or_default();
            entry.0 += 1;
            entry.1 += usize::from(alone);
        }
    }
    let mut causes: Vec<(String, (usize, usize))> = counts.into_iter().collect();
    causes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    causes
}

/// What a fault is an instance of: the unsupported feature's name, or the fault's path with
/// the names of shapes, members and operations left out and the first part of its message
/// with quoted names left out (`shapes.*.members.*.box: unknown key`).
fn cause(fault: &Fault) -> String {
    if let Some(feature) = &fault.unsupported {
        return format!("needs {feature}");
    }
    let mut path = String::new();
    let mut named = false;
    for segment in fault.path.segments() {
        match segment {
            servicemodel_codegen::fault::Segment::Key(key) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(if named { "*" } else { key });
                named = !named
                    && matches!(
                        key.as_str(),
                        "shapes" | "operations" | "members" | "pagination"
                    );
            }
            servicemodel_codegen::fault::Segment::Index(_) => {
                path.push_str("[*]");
                named = false;
            }
        }
    }
    let head = fault
        .message
        .split(": ")
        .next()
        .unwrap_or_default()
        .split(", expected")
        .next()
        .unwrap_or_default();
    let head = without_quoted(head);
    if path.is_empty() {
        head
    } else {
        format!("{path}: {head}")
    }
}

/// `text` with every `"..."` replaced by `"…"`.
fn without_quoted(text: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in text.chars() {
        if c == '"' {
            if quoted {
                out.push('…');
            }
            quoted = !quoted;
            out.push(c);
        } else if !quoted {
            out.push(c);
        }
    }
    out
}

/// The `[patch.crates-io]` table that points the runtime crates, named by version in a
/// generated crate as a user's would be, at this checkout.
fn patch_runtime(root: &Path) -> String {
    let mut out = String::from("\n[patch.crates-io]\n");
    for (package, folder) in servicemodel_codegen::emit::RUNTIME_CRATES {
        out += &format!(
            "{package} = {{ path = {:?} }}\n",
            root.join(folder).display().to_string()
        );
    }
    out
}

/// Loads the models of `names` (service folders under `data`).
fn load_models(data: &Path, names: &[&str]) -> Result<Vec<servicemodel_codegen::Service>> {
    let (models, _) = list_models(
        data,
        &names.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(),
    )?;
    models
        .iter()
        .map(|model| {
            servicemodel_codegen::load_folder(&model.dir).map_err(|errors| {
                anyhow::anyhow!(
                    "{} is in the sample but does not load:\n{errors}",
                    model.service
                )
            })
        })
        .collect()
}

/// The options of a sample crate: the runtime by version, as a user's crate names it.
fn sample_options(package: &str) -> CrateOptions {
    CrateOptions {
        package: package.to_owned(),
        lib: None,
        description: "A corpus sample, generated by cargo xtask corpus.".to_owned(),
        version: "0.1.0".to_owned(),
        runtime: RuntimeDependency::current_version(),
    }
}

/// Prints how a sample build went; `true` when it passed.
fn report_sample(
    what: &str,
    models: usize,
    status: std::process::ExitStatus,
    started: Instant,
) -> bool {
    println!(
        "corpus {what}: {models} models compiled {} in {:.1} s",
        if status.success() {
            "without warnings"
        } else {
            "WITH ERRORS"
        },
        started.elapsed().as_secs_f64()
    );
    status.success()
}

/// What the commit checked out is called (`git rev-parse HEAD`), or a fixed text outside a
/// git checkout.
fn commit_seed(root: &Path) -> String {
    std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|output| output.status.success())
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .map(|text| text.trim().to_owned())
        .unwrap_or_else(|| "not a git checkout".to_owned())
}

/// `count` of the `generated` models (folder and module name) outside [`SAMPLE`], picked by
/// `seed`: the same for the same seed, others for another; sorted by name. Two models with one
/// module name (`pinpoint-sms-voice` and `sms-voice` are both `pinpointsmsvoice`) cannot be in
/// one crate, so none is drawn whose module name the sample has.
fn rotating_sample<'a>(generated: &[(&'a str, &'a str)], seed: &str, count: usize) -> Vec<&'a str> {
    // FNV-1a of the seed and the name: stable across runs and platforms.
    let rank = |name: &str| {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in seed.bytes().chain([0]).chain(name.bytes()) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        hash
    };
    let mut modules: BTreeSet<&str> = generated
        .iter()
        .filter(|(name, _)| SAMPLE.contains(name))
        .map(|(_, module)| *module)
        .collect();
    let mut candidates: Vec<(&str, &str)> = generated
        .iter()
        .copied()
        .filter(|(name, _)| !SAMPLE.contains(name))
        .collect();
    candidates.sort_by_key(|(name, _)| (rank(name), *name));
    let mut chosen: Vec<&str> = candidates
        .into_iter()
        .filter(|(_, module)| modules.insert(module))
        .map(|(name, _)| name)
        .take(count)
        .collect();
    chosen.sort_unstable();
    chosen
}

/// The `generated` models (folder and module name) in crates of at most `size`, in order,
/// but for a model whose module name its crate already has, which goes to the next crate that
/// does not.
fn batches<'a>(generated: &[(&'a str, &'a str)], size: usize) -> Vec<Vec<&'a str>> {
    let mut batches: Vec<(Vec<&str>, BTreeSet<&str>)> = Vec::new();
    for &(name, module) in generated {
        let fits = batches
            .iter()
            .position(|(names, modules)| names.len() < size && !modules.contains(module));
        let index = fits.unwrap_or_else(|| {
            batches.push((Vec::new(), BTreeSet::new()));
            batches.len() - 1
        });
        batches[index].0.push(name);
        batches[index].1.insert(module);
    }
    batches.into_iter().map(|(names, _)| names).collect()
}

/// Generates one crate from the models of `names` into `target/corpus/<folder>` and runs
/// `cargo clippy --all-features` on it with warnings denied, with the workspace's
/// `Cargo.lock`; `Ok(true)` when it passed.
fn check_crate(
    root: &Path,
    cache: &Path,
    data: &Path,
    names: &[&str],
    folder: &str,
) -> Result<bool> {
    let services = load_models(data, names)?;
    let out = root.join("target/corpus").join(folder);
    let mut files =
        servicemodel_codegen::emit::generate_crate(&services, &sample_options("corpus-sample"));
    let manifest = files
        .get_mut("Cargo.toml")
        .expect("a generated crate has a manifest");
    // Its own workspace, so that it builds inside this one's target folder; warnings denied
    // in the generated crate only.
    manifest.push_str("\n[workspace]\n\n[lints.rust]\nwarnings = \"deny\"\n");
    manifest.push_str(&patch_runtime(root));
    eprintln!(
        "corpus: checking the crate generated from {} models ({}) in {}, with the workspace's Cargo.lock",
        services.len(),
        names.join(", "),
        out.display()
    );
    let started = Instant::now();
    let status = generate::build_scratch_crate(
        root,
        &out,
        &files,
        // The conformance harness's target folder: the same dependencies, built once.
        &cache.join("target"),
        &["clippy", "--quiet", "--all-features"],
        "the sample crate",
        generate::Resolution::Locked,
    )?;
    // `corpus sample (locked)`, or `corpus all (locked)` for a batch of `--check-all`.
    Ok(report_sample(
        &format!("{folder} (locked)"),
        services.len(),
        status,
        started,
    ))
}

/// Compiles every model of `generated`, [`BATCH`] to a crate, in order, and prints the models
/// of each batch that failed and one summary line,
/// `corpus check-all: N models in K crates, M failed (...)`. `Ok(true)` when all passed.
fn check_all(root: &Path, cache: &Path, data: &Path, generated: &[(&str, &str)]) -> Result<bool> {
    let batches = batches(generated, BATCH);
    let started = Instant::now();
    let mut failed = Vec::new();
    for (n, batch) in batches.iter().enumerate() {
        eprintln!("corpus check-all: crate {} of {}", n + 1, batches.len());
        if !check_crate(root, cache, data, batch, "all")? {
            failed.push(format!("crate {}: {}", n + 1, batch.join(", ")));
        }
    }
    for batch in &failed {
        println!("FAILED  {batch}");
    }
    println!(
        "corpus check-all: {} models in {} crates, {} crates failed, in {:.0} s",
        generated.len(),
        batches.len(),
        failed.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(failed.is_empty())
}

/// Generates a crate per [`OUTSIDE_SAMPLE`] model into a folder outside the checkout (under
/// the system's temporary folder), with a crate of a user's that depends on all of them with
/// their `client` and `server` features, the runtime named by version and redirected to this
/// checkout by `[patch.crates-io]`; resolves the dependencies afresh and runs `cargo clippy
/// --all-features` on them with `RUSTFLAGS=-D warnings`. `Ok(true)` when it passed.
fn check_outside(root: &Path, data: &Path) -> Result<bool> {
    let services = load_models(data, OUTSIDE_SAMPLE)?;
    let dir = std::env::temp_dir().join("servicemodel-outside-sample");
    if dir.starts_with(root) {
        bail!(
            "the temporary folder {} is inside the checkout",
            dir.display()
        );
    }
    let mut files = Files::new();
    let mut members = Vec::new();
    let mut app_deps = String::new();
    let mut app_uses = String::new();
    for (name, service) in OUTSIDE_SAMPLE.iter().zip(&services) {
        let package = format!("sample-{name}");
        for (path, text) in servicemodel_codegen::emit::generate_crate(
            std::slice::from_ref(service),
            &sample_options(&package),
        ) {
            files.insert(format!("{name}/{path}"), text);
        }
        members.push(format!("{name:?}"));
        app_deps += &format!(
            "{package} = {{ path = \"../{name}\", features = [\"client\", \"server\"] }}\n"
        );
        app_uses += &format!("pub use {};\n", package.replace('-', "_"));
    }
    members.push("\"app\"".to_owned());
    files.insert(
        "Cargo.toml".to_owned(),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n{}",
            members.join(", "),
            patch_runtime(root)
        ),
    );
    files.insert(
        "app/Cargo.toml".to_owned(),
        format!("[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{app_deps}"),
    );
    files.insert(
        "app/src/lib.rs".to_owned(),
        format!("//! A user's crate: every generated crate's modules, re-exported.\n{app_uses}"),
    );
    eprintln!(
        "corpus: checking {} crates generated outside the checkout ({}) in {}, with the newest dependency versions and RUSTFLAGS=-D warnings",
        services.len(),
        OUTSIDE_SAMPLE.join(", "),
        dir.display()
    );
    let started = Instant::now();
    let status = generate::build_scratch_crate(
        root,
        &dir,
        &files,
        &root.join("target/corpus/outside-target"),
        &["clippy", "--quiet", "--workspace", "--all-features"],
        "the crates generated outside the checkout",
        generate::Resolution::Fresh,
    )?;
    Ok(report_sample(
        "sample (outside, fresh)",
        services.len(),
        status,
        started,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use servicemodel_codegen::JsonPath;

    #[test]
    fn causes_leave_names_out() {
        let fault = Fault::new(
            JsonPath::root()
                .key("shapes")
                .key("Foo")
                .key("members")
                .key("Bar")
                .key("box"),
            "unknown key, expected one of `shape`, `documentation`",
        );
        assert_eq!(cause(&fault), "shapes.*.members.*.box: unknown key");
        let fault = Fault::new(
            JsonPath::root()
                .key("operations")
                .key("Op")
                .key("errors")
                .index(2)
                .key("shape"),
            "duplicate error \"E\"",
        );
        assert_eq!(
            cause(&fault),
            "operations.*.errors[*].shape: duplicate error \"…\""
        );
        let fault = Fault::new(
            JsonPath::root().key("shapes").key("S").key("pattern"),
            "invalid regular expression: bad escape",
        );
        assert_eq!(
            cause(&fault),
            "shapes.*.pattern: invalid regular expression"
        );
        let fault = Fault::unsupported(JsonPath::root().key("shapes"), "unions", "shapes \"A\"");
        assert_eq!(cause(&fault), "needs unions");
    }

    #[test]
    fn the_rotating_sample_follows_the_commit() {
        let names: Vec<(&str, &str)> = ["a", "b", "c", "d", "e", "f", "g", "h", "dynamodb"]
            .into_iter()
            .map(|name| (name, name))
            .collect();
        let one = rotating_sample(&names, "0123abc", 3);
        assert_eq!(one.len(), 3);
        assert_eq!(one, rotating_sample(&names, "0123abc", 3));
        assert!(
            !one.contains(&"dynamodb"),
            "the fixed sample is not drawn again"
        );
        let others: BTreeSet<Vec<&str>> = (0..20)
            .map(|seed| rotating_sample(&names, &seed.to_string(), 3))
            .collect();
        assert!(
            others.len() > 5,
            "other commits draw other models: {others:?}"
        );
    }

    #[test]
    fn no_crate_holds_two_models_of_one_module_name() {
        // `sms-voice` has the module name of `pinpoint-sms-voice`, which the fixed sample has.
        let generated = [
            ("pinpoint-sms-voice", "pinpointsmsvoice"),
            ("sms-voice", "pinpointsmsvoice"),
            ("a", "a"),
            ("b", "b"),
        ];
        for seed in 0..20 {
            let drawn = rotating_sample(&generated, &seed.to_string(), 3);
            assert_eq!(drawn, ["a", "b"], "seed {seed}");
        }
        let generated = [("x", "m"), ("y", "m"), ("z", "z"), ("w", "m")];
        assert_eq!(
            batches(&generated, 2),
            [vec!["x", "z"], vec!["y"], vec!["w"]]
        );
        assert_eq!(
            batches(&generated, 3),
            [vec!["x", "z"], vec!["y"], vec!["w"]]
        );
    }

    #[test]
    fn only_unsupported_features_skip() {
        let unsupported = Fault::unsupported(JsonPath::root(), "unions", "x");
        let plain = Fault::new(JsonPath::root(), "bad");
        assert!(Outcome::Refused {
            faults: vec![unsupported.clone()]
        }
        .is_skipped());
        assert!(!Outcome::Refused {
            faults: vec![unsupported, plain]
        }
        .is_skipped());
        assert!(!Outcome::Panicked {
            message: String::new()
        }
        .is_skipped());
    }

    /// A folder laid out like botocore's data folder: one model that generates, one that is
    /// malformed, one of another protocol, and an older version beside the newest.
    #[test]
    fn runs_each_newest_json_model() {
        let dir = std::env::temp_dir().join(format!("xtask-corpus-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let model = |protocol: &str, extra: &str| {
            format!(
                r#"{{"version": "2.0", "metadata": {{"apiVersion": "2020-01-01", "endpointPrefix": "x",
                "jsonVersion": "1.0", "protocol": "{protocol}", "serviceFullName": "X", "serviceId": "X",
                "signatureVersion": "v4", "signingName": "x", "targetPrefix": "X"{extra}}},
                "operations": {{}}, "shapes": {{}}}}"#
            )
        };
        for (service, version, text) in [
            ("good", "2020-01-01", model("json", "")),
            ("good", "2019-01-01", "not json".to_owned()),
            ("bad", "2020-01-01", model("json", r#", "bogus": 1"#)),
            ("xml", "2020-01-01", model("rest-xml", "")),
        ] {
            let folder = dir.join(service).join(version);
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join(SERVICE_FILE), text).unwrap();
        }
        let (models, other) = list_models(&dir, &[]).unwrap();
        assert_eq!(other, 1);
        let names: Vec<&str> = models.iter().map(|m| m.service.as_str()).collect();
        assert_eq!(names, ["bad", "good"]);
        assert!(models[1].dir.ends_with("good/2020-01-01"));
        let outcomes = run_models(&models);
        assert!(
            matches!(&outcomes[0], Outcome::Refused { faults } if faults[0].to_string().contains("metadata.bogus: unknown key")),
            "{:?}",
            outcomes[0]
        );
        assert!(
            matches!(&outcomes[1], Outcome::Generated { .. }),
            "{:?}",
            outcomes[1]
        );
        assert!(!report(&models, &outcomes, Duration::ZERO));
        let error = list_models(&dir, &["nope".to_owned()]).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("no JSON or REST-JSON model for `nope`"),
            "{error}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
