//! Amazon Pinpoint SMS and Voice v1: configuration sets and their event destinations.
//!
//! v1's configuration sets are its own, apart from v2's. Each holds at most
//! [`MAX_EVENT_DESTINATIONS`] event destinations, each with one (and only one) destination:
//! CloudWatch Logs, Kinesis Data Firehose or SNS. Errors are v1's: `NotFoundException` (404),
//! `AlreadyExistsException` (409), `BadRequestException` (400) and `LimitExceededException`
//! (412). Sets are listed in name order; destinations in the order they were created.

use sms_voice::pinpointsmsvoice as v1;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::EmuError;
use crate::{Ctx, Emulator};

/// This area's part of the [`State`](crate::state::State).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct V1State {
    /// v1 configuration sets by name, with their event destinations.
    pub configuration_sets: BTreeMap<String, Vec<v1::EventDestination>>,
}

impl V1State {
    /// Whether a resource of this area has this ARN (for tags and resource policies). v1's
    /// resources have no ARNs.
    pub(crate) fn has_arn(&self, arn: &str) -> bool {
        let _ = arn;
        false
    }
}

/// How many v1 configuration sets an account may hold.
pub(crate) const MAX_CONFIGURATION_SETS: usize = 25;

/// How many event destinations a v1 configuration set may hold.
pub(crate) const MAX_EVENT_DESTINATIONS: usize = 10;

/// The page size of `ListConfigurationSets` when the request gives no `PageSize`.
const DEFAULT_PAGE_SIZE: usize = 10;

/// The longest name of a configuration set or event destination.
const MAX_NAME_LENGTH: usize = 64;

/// `Ok` if `name` is a valid name for a `what` (1 to 64 letters, digits, `_` and `-`), else
/// `BadRequestException`.
fn check_name(what: &str, name: &str) -> Result<(), EmuError> {
    let valid = !name.is_empty()
        && name.len() <= MAX_NAME_LENGTH
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if valid {
        Ok(())
    } else {
        Err(EmuError::BadRequest(format!(
            "The {what} name {name:?} is not valid: use 1 to {MAX_NAME_LENGTH} letters, digits, underscores and hyphens."
        )))
    }
}

fn set_not_found(name: &str) -> EmuError {
    EmuError::NotFound(format!("Configuration set {name} does not exist."))
}

fn destination_not_found(set: &str, name: &str) -> EmuError {
    EmuError::NotFound(format!(
        "Event destination {name} does not exist in configuration set {set}."
    ))
}

/// The event destination `name` as `definition` defines it, or `BadRequestException` when the
/// definition gives no event types, or not exactly one destination.
fn destination(
    name: &str,
    definition: v1::EventDestinationDefinition,
) -> Result<v1::EventDestination, EmuError> {
    let given = usize::from(definition.cloud_watch_logs_destination.is_some())
        + usize::from(definition.kinesis_firehose_destination.is_some())
        + usize::from(definition.sns_destination.is_some());
    if given != 1 {
        return Err(EmuError::BadRequest(
            "An event destination needs one (and only one) of CloudWatchLogsDestination, KinesisFirehoseDestination and SnsDestination.".to_owned(),
        ));
    }
    if definition.matching_event_types.is_empty() {
        return Err(EmuError::BadRequest(
            "An event destination needs at least one matching event type.".to_owned(),
        ));
    }
    if let Some(unknown) = definition
        .matching_event_types
        .iter()
        .find(|t| !t.is_known())
    {
        return Err(EmuError::BadRequest(format!(
            "The event type {unknown} is not valid."
        )));
    }
    let mut types: Vec<v1::EventType> = Vec::with_capacity(definition.matching_event_types.len());
    for t in definition.matching_event_types {
        if !types.contains(&t) {
            types.push(t);
        }
    }
    let mut out = v1::EventDestination::builder()
        .name(name)
        .enabled(definition.enabled.unwrap_or(false))
        .matching_event_types(types);
    if let Some(d) = definition.cloud_watch_logs_destination {
        out = out.cloud_watch_logs_destination(d);
    }
    if let Some(d) = definition.kinesis_firehose_destination {
        out = out.kinesis_firehose_destination(d);
    }
    if let Some(d) = definition.sns_destination {
        out = out.sns_destination(d);
    }
    Ok(out.build())
}

pub(crate) fn create_configuration_set(
    emu: &Emulator,
    ctx: &Ctx,
    input: v1::CreateConfigurationSetRequest,
) -> Result<v1::CreateConfigurationSetResponse, EmuError> {
    let _ = ctx;
    let name = input.configuration_set_name;
    check_name("configuration set", &name)?;
    emu.write(|state| {
        if state.v1.configuration_sets.contains_key(&name) {
            return Err(EmuError::AlreadyExists(format!(
                "Configuration set {name} already exists."
            )));
        }
        if state.v1.configuration_sets.len() >= MAX_CONFIGURATION_SETS {
            return Err(EmuError::LimitExceeded(format!(
                "The account already has the maximum of {MAX_CONFIGURATION_SETS} configuration sets."
            )));
        }
        state.v1.configuration_sets.insert(name, Vec::new());
        Ok(v1::CreateConfigurationSetResponse::builder().build())
    })
}

pub(crate) fn create_configuration_set_event_destination(
    emu: &Emulator,
    ctx: &Ctx,
    input: v1::CreateConfigurationSetEventDestinationRequest,
) -> Result<v1::CreateConfigurationSetEventDestinationResponse, EmuError> {
    let _ = ctx;
    let set_name = input.configuration_set_name;
    let name = input.event_destination_name;
    emu.write(|state| {
        let destinations = state
            .v1
            .configuration_sets
            .get_mut(&set_name)
            .ok_or_else(|| set_not_found(&set_name))?;
        check_name("event destination", &name)?;
        let created = destination(&name, input.event_destination)?;
        if destinations
            .iter()
            .any(|d| d.name.as_deref() == Some(name.as_str()))
        {
            return Err(EmuError::AlreadyExists(format!(
                "Event destination {name} already exists in configuration set {set_name}."
            )));
        }
        if destinations.len() >= MAX_EVENT_DESTINATIONS {
            return Err(EmuError::LimitExceeded(format!(
                "Configuration set {set_name} already has the maximum of {MAX_EVENT_DESTINATIONS} event destinations."
            )));
        }
        destinations.push(created);
        Ok(v1::CreateConfigurationSetEventDestinationResponse::builder().build())
    })
}

pub(crate) fn delete_configuration_set(
    emu: &Emulator,
    ctx: &Ctx,
    input: v1::DeleteConfigurationSetRequest,
) -> Result<v1::DeleteConfigurationSetResponse, EmuError> {
    let _ = ctx;
    let name = input.configuration_set_name;
    emu.write(|state| {
        state
            .v1
            .configuration_sets
            .remove(&name)
            .ok_or_else(|| set_not_found(&name))?;
        Ok(v1::DeleteConfigurationSetResponse::builder().build())
    })
}

pub(crate) fn delete_configuration_set_event_destination(
    emu: &Emulator,
    ctx: &Ctx,
    input: v1::DeleteConfigurationSetEventDestinationRequest,
) -> Result<v1::DeleteConfigurationSetEventDestinationResponse, EmuError> {
    let _ = ctx;
    let set_name = input.configuration_set_name;
    let name = input.event_destination_name;
    emu.write(|state| {
        let destinations = state
            .v1
            .configuration_sets
            .get_mut(&set_name)
            .ok_or_else(|| set_not_found(&set_name))?;
        let index = destinations
            .iter()
            .position(|d| d.name.as_deref() == Some(name.as_str()))
            .ok_or_else(|| destination_not_found(&set_name, &name))?;
        destinations.remove(index);
        Ok(v1::DeleteConfigurationSetEventDestinationResponse::builder().build())
    })
}

pub(crate) fn get_configuration_set_event_destinations(
    emu: &Emulator,
    ctx: &Ctx,
    input: v1::GetConfigurationSetEventDestinationsRequest,
) -> Result<v1::GetConfigurationSetEventDestinationsResponse, EmuError> {
    let _ = ctx;
    let name = input.configuration_set_name;
    let destinations = emu.read(|state| {
        state
            .v1
            .configuration_sets
            .get(&name)
            .cloned()
            .ok_or_else(|| set_not_found(&name))
    })?;
    Ok(v1::GetConfigurationSetEventDestinationsResponse::builder()
        .event_destinations(destinations)
        .build())
}

pub(crate) fn list_configuration_sets(
    emu: &Emulator,
    ctx: &Ctx,
    input: v1::ListConfigurationSetsRequest,
) -> Result<v1::ListConfigurationSetsResponse, EmuError> {
    let _ = ctx;
    let page_size = match input.page_size.as_deref() {
        None => None,
        Some(text) => Some(
            text.trim()
                .parse::<i32>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| {
                    EmuError::BadRequest(format!(
                        "The page size {text:?} is not a whole number of at least 1."
                    ))
                })?,
        ),
    };
    let names = emu.read(|state| {
        state
            .v1
            .configuration_sets
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    });
    let (page, next) = crate::paginate(
        names,
        input.next_token.as_deref(),
        page_size,
        DEFAULT_PAGE_SIZE,
    )
    .map_err(|_| EmuError::BadRequest("The next token is not valid.".to_owned()))?;
    let mut out = v1::ListConfigurationSetsResponse::builder().configuration_sets(page);
    if let Some(next) = next {
        out = out.next_token(next);
    }
    Ok(out.build())
}

pub(crate) fn update_configuration_set_event_destination(
    emu: &Emulator,
    ctx: &Ctx,
    input: v1::UpdateConfigurationSetEventDestinationRequest,
) -> Result<v1::UpdateConfigurationSetEventDestinationResponse, EmuError> {
    let _ = ctx;
    let set_name = input.configuration_set_name;
    let name = input.event_destination_name;
    emu.write(|state| {
        let destinations = state
            .v1
            .configuration_sets
            .get_mut(&set_name)
            .ok_or_else(|| set_not_found(&set_name))?;
        let current = destinations
            .iter_mut()
            .find(|d| d.name.as_deref() == Some(name.as_str()))
            .ok_or_else(|| destination_not_found(&set_name, &name))?;
        *current = destination(&name, input.event_destination)?;
        Ok(v1::UpdateConfigurationSetEventDestinationResponse::builder().build())
    })
}
