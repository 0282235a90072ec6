//! `cargo xtask answers FILE`: checks answers a server gave, recorded one per line, against
//! the service models (with [`servicemodel_codegen::check`]): each output and each error the model defines
//! must hold only values the model allows.
//!
//! A line is a JSON object:
//! `{"service": "Pinpoint SMS Voice V2", "operation": "DescribePools", "status": 200,
//! "error": null, "body": "{...}"}`: the model's `serviceId`, the operation's name, the HTTP
//! status, the error code the answer carried (`X-Amzn-ErrorType`, or `null`) and the body as
//! text. The emulator's scenario writes such a file of every answer boto3 got.

use std::path::Path;

use anyhow::{bail, Context as _, Result};
use serde::Deserialize;
use servicemodel_codegen::check::Checker;

/// One recorded answer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Answer {
    service: String,
    operation: String,
    status: u16,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    body: String,
}

/// What the check found: how many answers, and each finding as a line to print.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Answers checked.
    pub answers: usize,
    /// Answers with at least one finding.
    pub refused: usize,
    /// `line N: <service> <operation> (<status>): <finding>`.
    pub findings: Vec<String>,
}

/// Checks every answer in `text` (JSON Lines) against the models in `models`.
pub fn check(models: &[servicemodel_codegen::Service], text: &str) -> Result<Report> {
    let checkers: Vec<Checker<'_>> = models.iter().map(Checker::new).collect();
    let mut report = Report::default();
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let answer: Answer = serde_json::from_str(line)
            .with_context(|| format!("line {number} is not a recorded answer"))?;
        let Some(checker) = checkers
            .iter()
            .find(|c| c.service().metadata.service_id == answer.service)
        else {
            bail!(
                "line {number}: no model has the serviceId {:?}",
                answer.service
            );
        };
        let Some(operation) = checker.service().operations.get(&answer.operation) else {
            bail!(
                "line {number}: {} has no operation {:?}",
                answer.service,
                answer.operation
            );
        };
        let findings = checker.check_answer(
            operation,
            answer.status,
            answer.error.as_deref(),
            answer.body.as_bytes(),
        );
        report.answers += 1;
        if !findings.is_empty() {
            report.refused += 1;
        }
        for finding in findings {
            report.findings.push(format!(
                "line {number}: {} {} ({}): {finding}",
                answer.service, answer.operation, answer.status
            ));
        }
    }
    Ok(report)
}

/// botocore's newest model of each service in `services`, from its data folder.
pub fn official_models(
    services: &[servicemodel_codegen::Service],
    data: &Path,
) -> Result<Vec<servicemodel_codegen::Service>> {
    services
        .iter()
        .map(|service| {
            servicemodel_codegen::load_newest_like(data, service)
                .map_err(|errors| anyhow::anyhow!("{errors}"))
        })
        .collect()
}

/// The command: loads the models (and with `official`, botocore's models of the same
/// services from that data folder), checks the file, prints each finding and the summary line
/// `answers: N checked, M not allowed by the model` (`, K not allowed by botocore's model`).
/// `Ok(false)` when any answer was refused.
pub fn run(models: &Path, official: Option<&Path>, file: &Path) -> Result<bool> {
    let services = servicemodel_codegen::load_dir(models)
        .map_err(|errors| anyhow::anyhow!("{errors}"))
        .with_context(|| format!("loading the models in {}", models.display()))?;
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("reading the answers in {}", file.display()))?;
    let report = check(&services, &text).with_context(|| file.display().to_string())?;
    for finding in &report.findings {
        println!("{finding}");
    }
    let mut summary = format!(
        "answers: {} checked, {} not allowed by the model",
        report.answers, report.refused
    );
    let mut refused = report.refused;
    if let Some(data) = official {
        let official = official_models(&services, data)?;
        let report = check(&official, &text).with_context(|| file.display().to_string())?;
        for finding in &report.findings {
            println!("botocore's model: {finding}");
        }
        summary += &format!(", {} not allowed by botocore's model", report.refused);
        refused += report.refused;
    }
    println!("{summary}");
    if report.answers == 0 {
        bail!("{} holds no answers", file.display());
    }
    Ok(refused == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn models() -> Vec<servicemodel_codegen::Service> {
        servicemodel_codegen::load_dir(&crate::root().join("model"))
            .expect("the shipped models load")
    }

    #[test]
    fn good_and_bad_answers() {
        let text = [
            r#"{"service": "Pinpoint SMS Voice V2", "operation": "DescribeOptOutLists", "status": 200, "error": null, "body": "{\"OptOutLists\": []}"}"#,
            r#"{"service": "Pinpoint SMS Voice V2", "operation": "DescribeProtectConfigurations", "status": 200, "error": null, "body": "{\"ProtectConfigurations\": []}"}"#,
            "",
            r#"{"service": "Pinpoint SMS Voice V2", "operation": "CreatePool", "status": 400, "error": "ValidationException", "body": "{\"__type\": \"ValidationException\", \"Reason\": \"X\", \"Bogus\": 1}"}"#,
            r#"{"service": "Pinpoint SMS Voice", "operation": "ListConfigurationSets", "status": 200, "body": "{\"ConfigurationSets\": [\"a\"]}"}"#,
        ]
        .join("\n");
        let report = check(&models(), &text).unwrap();
        assert_eq!(report.answers, 4);
        assert_eq!(report.refused, 2);
        assert_eq!(report.findings.len(), 2, "{:?}", report.findings);
        assert!(report.findings[0].starts_with("line 2: Pinpoint SMS Voice V2 DescribeProtectConfigurations (200): /ProtectConfigurations: length 0"), "{}", report.findings[0]);
        assert!(report.findings[1].starts_with("line 4: Pinpoint SMS Voice V2 CreatePool (400): /Bogus: Bogus is not a member of ValidationException"), "{}", report.findings[1]);
    }

    #[test]
    fn the_official_model_is_the_newest_version_of_the_same_folder() {
        let shipped = models();
        let data = std::env::temp_dir().join(format!("xtask-answers-{}", std::process::id()));
        for service in &shipped {
            let source = service.source.as_ref().unwrap();
            let name = source
                .parent()
                .unwrap()
                .parent()
                .unwrap()
                .file_name()
                .unwrap();
            let old = data.join(name).join("2000-01-01");
            std::fs::create_dir_all(&old).unwrap();
            std::fs::write(old.join("service-2.json"), "not a model").unwrap();
            let new = data.join(name).join(&service.metadata.api_version);
            std::fs::create_dir_all(&new).unwrap();
            std::fs::copy(source, new.join("service-2.json")).unwrap();
        }
        let official = official_models(&shipped, &data).unwrap();
        assert_eq!(official.len(), shipped.len());
        // The older folder, which does not load, was passed over.
        for (official, shipped) in official.iter().zip(&shipped) {
            let folder = official.source.as_ref().unwrap().parent().unwrap();
            assert!(
                folder.ends_with(&shipped.metadata.api_version),
                "{}",
                folder.display()
            );
        }
        std::fs::remove_dir_all(&data).unwrap();
        let error = official_models(&shipped, &data).unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with(": no version of the service with a service-2.json"),
            "{error:#}"
        );
    }

    #[test]
    fn bad_lines_are_named() {
        let error = check(&models(), "{}\n").unwrap_err();
        assert!(
            format!("{error:#}").starts_with("line 1 is not a recorded answer"),
            "{error:#}"
        );
        let line = r#"{"service": "Nope", "operation": "X", "status": 200}"#;
        let error = check(&models(), line).unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"line 1: no model has the serviceId "Nope""#
        );
        let line = r#"{"service": "Pinpoint SMS Voice", "operation": "X", "status": 200}"#;
        let error = check(&models(), line).unwrap_err();
        assert_eq!(
            error.to_string(),
            r#"line 1: Pinpoint SMS Voice has no operation "X""#
        );
    }
}
