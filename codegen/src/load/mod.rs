//! Loading models: text → raw mirror → checks → typed [`Service`].

mod bind;
mod graph;
mod leave_out;
mod lower;
mod parse;
mod pattern;
mod uri;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::fault::{Fault, JsonPath, LoadErrors};
use crate::load::uri::quote;
use crate::model::Service;

/// The name of a model file.
pub const SERVICE_FILE: &str = "service-2.json";
/// The name of the paginators file beside a model file.
pub const PAGINATORS_FILE: &str = "paginators-1.json";

/// Loads one service from the text of its `service-2.json` and, if it has one, of its
/// `paginators-1.json`.
///
/// Every check runs and every fault is reported, sorted by path; faults in the paginators
/// have paths starting with `pagination`. Never panics, whatever the input.
pub fn load_service(
    service_json: &str,
    paginators_json: Option<&str>,
) -> Result<Service, LoadErrors> {
    let (service, mut service_faults, paginator_faults) = load_texts(service_json, paginators_json);
    service_faults.extend(paginator_faults);
    match (service, LoadErrors::from_faults(service_faults)) {
        (_, Some(errors)) => Err(errors),
        (Some(service), None) => Ok(service),
        (None, None) => Err(internal_error()),
    }
}

/// Loads and checks both texts; the service only when neither has a fault. Returns the faults
/// of each text apart.
fn load_texts(
    service_json: &str,
    paginators_json: Option<&str>,
) -> (Option<Service>, Vec<Fault>, Vec<Fault>) {
    let mut service_faults = Vec::new();
    let mut paginator_faults = Vec::new();
    let raw = parse::parse_service(service_json, &mut service_faults);
    let mut paginators =
        paginators_json.and_then(|text| parse::parse_paginators(text, &mut paginator_faults));
    let Some(mut raw) = raw else {
        return (None, service_faults, paginator_faults);
    };
    let (left_out, warnings) = leave_out::leave_out(&mut raw, paginators.as_mut());
    let mut lowering_faults = Vec::new();
    let service = lower::lower(&raw, paginators.as_ref(), &mut lowering_faults).map(|mut s| {
        s.left_out = left_out;
        s.warnings.extend(warnings);
        s.warnings.sort();
        s
    });
    for fault in lowering_faults {
        let in_paginators = matches!(
            fault.path.segments().first(),
            Some(crate::fault::Segment::Key(key)) if key == "pagination"
        ) && paginators_json.is_some();
        if in_paginators {
            paginator_faults.push(fault);
        } else {
            service_faults.push(fault);
        }
    }
    let clean = service_faults.is_empty() && paginator_faults.is_empty();
    (service.filter(|_| clean), service_faults, paginator_faults)
}

fn internal_error() -> LoadErrors {
    LoadErrors::from_faults(vec![Fault::new(
        JsonPath::root(),
        "internal error: the model was rejected without a reason",
    )])
    .expect("one fault was given")
}

/// Loads every service under `root`, laid out as `<root>/<service>/<version>/service-2.json`
/// with an optional `paginators-1.json` beside each; sorted by folder names.
///
/// Each fault is reported with the file it is in. Besides the checks of [`load_service`]:
/// every version folder holds a `service-2.json`, its `apiVersion` equals the folder's name,
/// no two services have the same module name, and at least one service is found. Entries whose
/// names start with `.` are skipped, as are files directly under `root` or a service folder.
pub fn load_dir(root: &Path) -> Result<Vec<Service>, LoadErrors> {
    let mut faults = Vec::new();
    let mut services = Vec::new();
    let mut folders = Vec::new();
    for service_dir in sorted_dirs(root, &mut faults) {
        for version_dir in sorted_dirs(&service_dir, &mut faults) {
            folders.push(version_dir);
        }
    }
    if folders.is_empty() && faults.is_empty() {
        faults.push(
            Fault::new(
                JsonPath::root(),
                format!("no service models found (expected <service>/<version>/{SERVICE_FILE})"),
            )
            .in_file(root),
        );
    }
    for folder in folders {
        match load_folder(&folder) {
            Ok(service) => services.push(service),
            Err(errors) => faults.extend(errors.into_faults()),
        }
    }
    faults.extend(module_name_clashes(&services, root));
    match LoadErrors::from_faults(faults) {
        Some(errors) => Err(errors),
        None => Ok(services),
    }
}

/// What a strict load says of a service with operations left out ([`Service::left_out`]):
/// one fault per feature, as the lowering reports a feature it does not support, naming the
/// operations, in the service's file.
pub(crate) fn left_out_faults(service: &Service) -> Vec<Fault> {
    let mut places: BTreeMap<&str, std::collections::BTreeSet<String>> = BTreeMap::new();
    for left_out in &service.left_out {
        places.entry(left_out.feature).or_default().insert(format!(
            "operation {} (shape {})",
            quote(&left_out.operation),
            quote(&left_out.shape)
        ));
    }
    lower::unsupported_faults(places)
        .map(|fault| match &service.source {
            Some(file) => fault.in_file(file),
            None => fault,
        })
        .collect()
}

/// A fault for each service of `services` whose Rust module name an earlier one has: they
/// cannot be in one crate (`pinpoint-sms-voice` and `sms-voice` are both `Pinpoint SMS Voice`).
/// `root` stands for a service's file when it has none.
pub(crate) fn module_name_clashes(services: &[Service], root: &Path) -> Vec<Fault> {
    let mut modules: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut faults = Vec::new();
    for service in services {
        let source = service.source.as_deref().unwrap_or(root);
        if let Some(first) = modules.insert(&service.module_name, source) {
            faults.push(
                Fault::new(
                    JsonPath::root().key("metadata").key("serviceId"),
                    format!(
                        "Rust module name `{}` is also the module name of the service in {}",
                        service.module_name,
                        first.display()
                    ),
                )
                .in_file(source),
            );
        }
    }
    faults
}

fn read(path: &Path, faults: &mut Vec<Fault>) -> Option<String> {
    match fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(error) => {
            faults
                .push(Fault::new(JsonPath::root(), format!("cannot read: {error}")).in_file(path));
            None
        }
    }
}

/// The newest version folder of a service folder (`<service>/`): the last by name of its
/// subfolders that hold a `service-2.json` (their names are the API versions, dates). `None`
/// when there is none, or the folder cannot be read.
pub fn newest_version(service_dir: &Path) -> Option<PathBuf> {
    let mut faults = Vec::new();
    sorted_dirs(service_dir, &mut faults)
        .into_iter()
        .rfind(|dir| dir.join(SERVICE_FILE).is_file())
}

/// The newest version of `service` in another folder laid out like `model/` (botocore's data
/// folder, say): the service folder of the same name as the one `service` was loaded from.
/// Fails naming the folder when there is no such service or version, or when it does not
/// load.
pub fn load_newest_like(data: &Path, service: &Service) -> Result<Service, LoadErrors> {
    let folder = service
        .source
        .as_deref()
        .and_then(|source| source.parent()?.parent()?.file_name());
    let fail = |message: String, path: &Path| {
        Err(
            LoadErrors::from_faults(vec![Fault::new(JsonPath::root(), message).in_file(path)])
                .expect("a fault was found"),
        )
    };
    let Some(folder) = folder else {
        return fail(
            format!(
                "the service {} was not loaded from <service>/<version>/{SERVICE_FILE}",
                service.metadata.service_id
            ),
            data,
        );
    };
    let service_dir = data.join(folder);
    match newest_version(&service_dir) {
        Some(newest) => load_folder(&newest),
        None => fail(
            format!("no version of the service with a {SERVICE_FILE}"),
            &service_dir,
        ),
    }
}

/// Loads the service in one version folder (`<service>/<version>/`): its `service-2.json`
/// and, when there is one, its `paginators-1.json`. Besides the checks of [`load_service`],
/// the `apiVersion` must equal the folder's name. Each fault names the file it is in; the
/// service's [`Service::source`] is its `service-2.json`.
pub fn load_folder(folder: &Path) -> Result<Service, LoadErrors> {
    let mut faults = Vec::new();
    let service_path = folder.join(SERVICE_FILE);
    let paginators_path = folder.join(PAGINATORS_FILE);
    if !service_path.exists() {
        faults.push(
            Fault::new(
                JsonPath::root(),
                format!("no {SERVICE_FILE} in this folder"),
            )
            .in_file(folder),
        );
        return Err(LoadErrors::from_faults(faults).expect("a fault was found"));
    }
    let service_json = read(&service_path, &mut faults);
    let paginators_json = if paginators_path.exists() {
        read(&paginators_path, &mut faults)
    } else {
        None
    };
    let (Some(service_json), true) = (service_json, faults.is_empty()) else {
        return Err(LoadErrors::from_faults(faults).expect("a fault was found"));
    };
    let (service, service_faults, paginator_faults) =
        load_texts(&service_json, paginators_json.as_deref());
    faults.extend(service_faults.into_iter().map(|f| f.in_file(&service_path)));
    faults.extend(
        paginator_faults
            .into_iter()
            .map(|f| f.in_file(&paginators_path)),
    );
    if let Some(service) = &service {
        let folder_version = folder
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        if service.metadata.api_version != folder_version {
            faults.push(
                Fault::new(
                    JsonPath::root().key("metadata").key("apiVersion"),
                    format!(
                        "{} differs from the folder name {}",
                        quote(&service.metadata.api_version),
                        quote(&folder_version)
                    ),
                )
                .in_file(&service_path),
            );
        }
    }
    match (service, LoadErrors::from_faults(faults)) {
        (_, Some(errors)) => Err(errors),
        (Some(mut service), None) => {
            service.source = Some(service_path);
            Ok(service)
        }
        (None, None) => Err(internal_error()),
    }
}

/// The folders directly in `dir` whose names do not start with `.`, sorted by name.
fn sorted_dirs(dir: &Path, faults: &mut Vec<Fault>) -> Vec<PathBuf> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            faults.push(
                Fault::new(JsonPath::root(), format!("cannot read folder: {error}")).in_file(dir),
            );
            return Vec::new();
        }
    };
    let mut dirs = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let hidden = entry.file_name().to_string_lossy().starts_with('.');
                if !hidden && path.is_dir() {
                    dirs.push(path);
                }
            }
            Err(error) => faults.push(
                Fault::new(JsonPath::root(), format!("cannot read folder: {error}")).in_file(dir),
            ),
        }
    }
    dirs.sort();
    dirs
}
