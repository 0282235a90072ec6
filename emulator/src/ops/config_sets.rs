//! v2 configuration sets: their event destinations (CloudWatch Logs, Data Firehose or SNS, at
//! most [`MAX_EVENT_DESTINATIONS`] per set, names unique in a set), their defaults (message
//! type, sender ID, message feedback) and their protect configuration.
//!
//! Every `ConfigurationSetName` input accepts the set's name or its ARN. Sets are kept by name,
//! so `DescribeConfigurationSets` lists them in name order; event destinations keep the order
//! they were created in.

use sms_voice::pinpointsmsvoicev2::*;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::EmuError;
use crate::ops::account;
use crate::{Ctx, Emulator};

/// This area's part of the [`State`](crate::state::State).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ConfigSetsState {
    /// Configuration sets by name.
    pub configuration_sets: BTreeMap<String, ConfigurationSetInformation>,
}

impl ConfigSetsState {
    /// Whether a resource of this area has this ARN (for tags and resource policies).
    pub(crate) fn has_arn(&self, arn: &str) -> bool {
        self.configuration_sets
            .values()
            .any(|c| c.configuration_set_arn == arn)
    }

    /// The name (the key in `configuration_sets`) of the set a request names by name or ARN.
    pub(crate) fn find(&self, name_or_arn: &str) -> Option<&str> {
        if let Some((name, _)) = self.configuration_sets.get_key_value(name_or_arn) {
            return Some(name.as_str());
        }
        self.configuration_sets
            .iter()
            .find(|(_, c)| c.configuration_set_arn == name_or_arn)
            .map(|(name, _)| name.as_str())
    }

    /// The set a request names, or `ResourceNotFoundException`.
    fn get_mut(&mut self, name_or_arn: &str) -> Result<&mut ConfigurationSetInformation, EmuError> {
        let name = self
            .find(name_or_arn)
            .map(str::to_owned)
            .ok_or_else(|| EmuError::not_found("configuration-set", name_or_arn))?;
        self.configuration_sets
            .get_mut(&name)
            .ok_or_else(|| EmuError::not_found("configuration-set", name_or_arn))
    }
}

/// How many event destinations a configuration set may hold.
pub(crate) const MAX_EVENT_DESTINATIONS: usize = 5;

/// The page size of `DescribeConfigurationSets` when the request gives no `MaxResults`.
const DEFAULT_PAGE_SIZE: usize = 10;

/// The event types a request asks for, without repeats, refusing `TEXT_SENT` (which the
/// service does not support).
fn event_types(types: Vec<MatchingEventType>) -> Result<Vec<MatchingEventType>, EmuError> {
    if types.is_empty() {
        return Err(EmuError::validation(
            "MISSING_PARAMETER",
            "MatchingEventTypes",
            "At least one matching event type is required.",
        ));
    }
    let mut out: Vec<MatchingEventType> = Vec::with_capacity(types.len());
    for t in types {
        if t == MatchingEventType::TextSent {
            return Err(EmuError::validation(
                "INVALID_PARAMETER",
                "MatchingEventTypes",
                "The TEXT_SENT event type is not supported.",
            ));
        }
        if !out.contains(&t) {
            out.push(t);
        }
    }
    Ok(out)
}

/// The destination a request gives, as `(cloud_watch_logs, kinesis_firehose, sns)` with
/// exactly one set; `None` if the request gives none.
type Destination = (
    Option<CloudWatchLogsDestination>,
    Option<KinesisFirehoseDestination>,
    Option<SnsDestination>,
);

fn one_destination(
    cloud_watch_logs: Option<CloudWatchLogsDestination>,
    kinesis_firehose: Option<KinesisFirehoseDestination>,
    sns: Option<SnsDestination>,
) -> Result<Option<Destination>, EmuError> {
    let given = usize::from(cloud_watch_logs.is_some())
        + usize::from(kinesis_firehose.is_some())
        + usize::from(sns.is_some());
    match given {
        0 => Ok(None),
        1 => Ok(Some((cloud_watch_logs, kinesis_firehose, sns))),
        _ => Err(EmuError::validation(
            "PARAMETERS_CANNOT_BE_USED_TOGETHER",
            "CloudWatchLogsDestination",
            "Give only one of CloudWatchLogsDestination, KinesisFirehoseDestination and SnsDestination.",
        )),
    }
}

pub(crate) fn create_configuration_set(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreateConfigurationSetRequest,
) -> Result<CreateConfigurationSetResult, EmuError> {
    emu.write(|state| {
        let name = input.configuration_set_name;
        if state.config_sets.configuration_sets.contains_key(&name) {
            return Err(EmuError::conflict(
                "RESOURCE_ALREADY_EXISTS",
                "configuration-set",
                name.clone(),
                format!("The configuration set {name} already exists."),
            ));
        }
        crate::ops::account::check_limit(
            "CONFIGURATION_SETS",
            state.config_sets.configuration_sets.len(),
        )?;
        let arn = ctx.arn(&format!("configuration-set/{name}"));
        let created = crate::now();
        let set = ConfigurationSetInformation::builder()
            .configuration_set_arn(arn.clone())
            .configuration_set_name(name.clone())
            .created_timestamp(created)
            .event_destinations(Vec::new())
            .default_message_feedback_enabled(false)
            .build()?;
        state
            .config_sets
            .configuration_sets
            .insert(name.clone(), set);
        let tags = input.tags.unwrap_or_default();
        account::add_tags(state, &arn, &tags)?;

        Ok(CreateConfigurationSetResult::builder()
            .configuration_set_arn(arn)
            .configuration_set_name(name)
            .created_timestamp(created)
            .tags(tags)
            .build())
    })
}

pub(crate) fn delete_configuration_set(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteConfigurationSetRequest,
) -> Result<DeleteConfigurationSetResult, EmuError> {
    let _ = ctx;
    emu.write(|state| {
        let name = state
            .config_sets
            .find(&input.configuration_set_name)
            .map(str::to_owned)
            .ok_or_else(|| {
                EmuError::not_found("configuration-set", input.configuration_set_name.clone())
            })?;
        let set = state
            .config_sets
            .configuration_sets
            .remove(&name)
            .ok_or_else(|| EmuError::not_found("configuration-set", name.clone()))?;
        account::forget_arn(state, &set.configuration_set_arn);
        let mut out = DeleteConfigurationSetResult::builder()
            .configuration_set_arn(set.configuration_set_arn)
            .configuration_set_name(set.configuration_set_name)
            .created_timestamp(set.created_timestamp)
            .event_destinations(set.event_destinations);
        if let Some(v) = set.default_message_feedback_enabled {
            out = out.default_message_feedback_enabled(v);
        }
        if let Some(v) = set.default_message_type {
            out = out.default_message_type(v);
        }
        if let Some(v) = set.default_sender_id {
            out = out.default_sender_id(v);
        }
        Ok(out.build())
    })
}

/// Whether `set` passes the filter `name` with `values` (any of them).
fn filter_accepts_set(
    set: &ConfigurationSetInformation,
    name: &ConfigurationSetFilterName,
    values: &[String],
) -> Result<bool, EmuError> {
    use crate::filter_accepts;
    Ok(match name {
        ConfigurationSetFilterName::EventDestinationName => set
            .event_destinations
            .iter()
            .any(|d| filter_accepts(values, &d.event_destination_name)),
        ConfigurationSetFilterName::MatchingEventTypes => set.event_destinations.iter().any(|d| {
            d.matching_event_types
                .iter()
                .any(|t| filter_accepts(values, t.as_str()))
        }),
        ConfigurationSetFilterName::DefaultMessageType => set
            .default_message_type
            .as_ref()
            .is_some_and(|t| filter_accepts(values, t.as_str())),
        ConfigurationSetFilterName::DefaultSenderId => set
            .default_sender_id
            .as_deref()
            .is_some_and(|s| filter_accepts(values, s)),
        ConfigurationSetFilterName::DefaultMessageFeedbackEnabled => {
            let enabled = set.default_message_feedback_enabled.unwrap_or(false);
            filter_accepts(values, if enabled { "true" } else { "false" })
        }
        ConfigurationSetFilterName::ProtectConfigurationId => set
            .protect_configuration_id
            .as_deref()
            .is_some_and(|p| filter_accepts(values, p)),
        other => {
            return Err(EmuError::validation(
                "INVALID_FILTER_VALUES",
                "Filters",
                format!("The filter name {other} is not valid for configuration sets."),
            ))
        }
    })
}

pub(crate) fn describe_configuration_sets(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeConfigurationSetsRequest,
) -> Result<DescribeConfigurationSetsResult, EmuError> {
    let _ = ctx;
    let sets = emu.read(
        |state| -> Result<Vec<ConfigurationSetInformation>, EmuError> {
            let named = match &input.configuration_set_names {
                Some(names) if !names.is_empty() => {
                    let mut keys = Vec::with_capacity(names.len());
                    for requested in names {
                        let key = state
                            .config_sets
                            .find(requested)
                            .ok_or_else(|| EmuError::not_found("configuration-set", requested))?;
                        keys.push(key.to_owned());
                    }
                    Some(keys)
                }
                _ => None,
            };
            let filters = input.filters.as_deref().unwrap_or_default();
            let mut out = Vec::new();
            for (name, set) in &state.config_sets.configuration_sets {
                if named.as_ref().is_some_and(|keys| !keys.contains(name)) {
                    continue;
                }
                let mut keep = true;
                for filter in filters {
                    if !filter_accepts_set(set, &filter.name, &filter.values)? {
                        keep = false;
                    }
                }
                if keep {
                    out.push(set.clone());
                }
            }
            Ok(out)
        },
    )?;
    let (page, next) = crate::paginate(
        sets,
        input.next_token.as_deref(),
        input.max_results,
        DEFAULT_PAGE_SIZE,
    )?;
    let mut out = DescribeConfigurationSetsResult::builder().configuration_sets(page);
    if let Some(next) = next {
        out = out.next_token(next);
    }
    Ok(out.build())
}

pub(crate) fn create_event_destination(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreateEventDestinationRequest,
) -> Result<CreateEventDestinationResult, EmuError> {
    let _ = ctx;
    let types = event_types(input.matching_event_types)?;
    let (cloud_watch_logs, kinesis_firehose, sns) = one_destination(
        input.cloud_watch_logs_destination,
        input.kinesis_firehose_destination,
        input.sns_destination,
    )?
    .ok_or_else(|| {
        EmuError::validation(
            "MISSING_PARAMETER",
            "EventDestination",
            "Give one of CloudWatchLogsDestination, KinesisFirehoseDestination and SnsDestination.",
        )
    })?;
    emu.write(|state| {
        let set = state.config_sets.get_mut(&input.configuration_set_name)?;
        let name = input.event_destination_name;
        if set
            .event_destinations
            .iter()
            .any(|d| d.event_destination_name == name)
        {
            return Err(EmuError::conflict(
                "RESOURCE_ALREADY_EXISTS",
                "event-destination",
                name.clone(),
                format!(
                    "The event destination {name} already exists in configuration set {}.",
                    set.configuration_set_name
                ),
            ));
        }
        if set.event_destinations.len() >= MAX_EVENT_DESTINATIONS {
            return Err(EmuError::quota(
                "EVENT_DESTINATIONS_PER_CONFIGURATION_SET",
                format!(
                    "A configuration set can hold at most {MAX_EVENT_DESTINATIONS} event destinations."
                ),
            ));
        }
        let mut destination = EventDestination::builder()
            .enabled(true)
            .event_destination_name(name)
            .matching_event_types(types);
        if let Some(d) = cloud_watch_logs {
            destination = destination.cloud_watch_logs_destination(d);
        }
        if let Some(d) = kinesis_firehose {
            destination = destination.kinesis_firehose_destination(d);
        }
        if let Some(d) = sns {
            destination = destination.sns_destination(d);
        }
        let destination = destination.build()?;
        set.event_destinations.push(destination.clone());

            Ok(CreateEventDestinationResult::builder()
                .configuration_set_arn(set.configuration_set_arn.clone())
                .configuration_set_name(set.configuration_set_name.clone())
                .event_destination(destination)
                .build())
    })
}

pub(crate) fn update_event_destination(
    emu: &Emulator,
    ctx: &Ctx,
    input: UpdateEventDestinationRequest,
) -> Result<UpdateEventDestinationResult, EmuError> {
    let _ = ctx;
    let types = input.matching_event_types.map(event_types).transpose()?;
    let destination = one_destination(
        input.cloud_watch_logs_destination,
        input.kinesis_firehose_destination,
        input.sns_destination,
    )?;
    emu.write(|state| {
        let set = state.config_sets.get_mut(&input.configuration_set_name)?;
        let name = input.event_destination_name;
        let current = set
            .event_destinations
            .iter_mut()
            .find(|d| d.event_destination_name == name)
            .ok_or_else(|| EmuError::not_found("event-destination", name.clone()))?;
        if let Some(enabled) = input.enabled {
            current.enabled = enabled;
        }
        if let Some(types) = types {
            current.matching_event_types = types;
        }
        if let Some((cloud_watch_logs, kinesis_firehose, sns)) = destination {
            current.cloud_watch_logs_destination = cloud_watch_logs;
            current.kinesis_firehose_destination = kinesis_firehose;
            current.sns_destination = sns;
        }
        let updated = current.clone();

        Ok(UpdateEventDestinationResult::builder()
            .configuration_set_arn(set.configuration_set_arn.clone())
            .configuration_set_name(set.configuration_set_name.clone())
            .event_destination(updated)
            .build())
    })
}

pub(crate) fn delete_event_destination(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteEventDestinationRequest,
) -> Result<DeleteEventDestinationResult, EmuError> {
    let _ = ctx;
    emu.write(|state| {
        let set = state.config_sets.get_mut(&input.configuration_set_name)?;
        let name = input.event_destination_name;
        let index = set
            .event_destinations
            .iter()
            .position(|d| d.event_destination_name == name)
            .ok_or_else(|| EmuError::not_found("event-destination", name.clone()))?;
        let removed = set.event_destinations.remove(index);

        Ok(DeleteEventDestinationResult::builder()
            .configuration_set_arn(set.configuration_set_arn.clone())
            .configuration_set_name(set.configuration_set_name.clone())
            .event_destination(removed)
            .build())
    })
}

pub(crate) fn set_default_message_type(
    emu: &Emulator,
    ctx: &Ctx,
    input: SetDefaultMessageTypeRequest,
) -> Result<SetDefaultMessageTypeResult, EmuError> {
    let _ = ctx;
    emu.write(|state| {
        let set = state.config_sets.get_mut(&input.configuration_set_name)?;
        set.default_message_type = Some(DefaultMessageType::from(input.message_type.as_str()));

        Ok(SetDefaultMessageTypeResult::builder()
            .configuration_set_arn(set.configuration_set_arn.clone())
            .configuration_set_name(set.configuration_set_name.clone())
            .message_type(input.message_type)
            .build())
    })
}

pub(crate) fn delete_default_message_type(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteDefaultMessageTypeRequest,
) -> Result<DeleteDefaultMessageTypeResult, EmuError> {
    let _ = ctx;
    emu.write(|state| {
        let set = state.config_sets.get_mut(&input.configuration_set_name)?;
        let previous = set.default_message_type.take();
        let mut out = DeleteDefaultMessageTypeResult::builder()
            .configuration_set_arn(set.configuration_set_arn.clone())
            .configuration_set_name(set.configuration_set_name.clone());
        if let Some(previous) = previous {
            out = out.message_type(MessageType::from(previous.as_str()));
        }
        Ok(out.build())
    })
}

pub(crate) fn set_default_sender_id(
    emu: &Emulator,
    ctx: &Ctx,
    input: SetDefaultSenderIdRequest,
) -> Result<SetDefaultSenderIdResult, EmuError> {
    let _ = ctx;
    emu.write(|state| {
        let set = state.config_sets.get_mut(&input.configuration_set_name)?;
        set.default_sender_id = Some(input.sender_id.clone());

        Ok(SetDefaultSenderIdResult::builder()
            .configuration_set_arn(set.configuration_set_arn.clone())
            .configuration_set_name(set.configuration_set_name.clone())
            .sender_id(input.sender_id)
            .build())
    })
}

pub(crate) fn delete_default_sender_id(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteDefaultSenderIdRequest,
) -> Result<DeleteDefaultSenderIdResult, EmuError> {
    let _ = ctx;
    emu.write(|state| {
        let set = state.config_sets.get_mut(&input.configuration_set_name)?;
        let previous = set.default_sender_id.take();
        let mut out = DeleteDefaultSenderIdResult::builder()
            .configuration_set_arn(set.configuration_set_arn.clone())
            .configuration_set_name(set.configuration_set_name.clone());
        if let Some(previous) = previous {
            out = out.sender_id(previous);
        }
        Ok(out.build())
    })
}

pub(crate) fn set_default_message_feedback_enabled(
    emu: &Emulator,
    ctx: &Ctx,
    input: SetDefaultMessageFeedbackEnabledRequest,
) -> Result<SetDefaultMessageFeedbackEnabledResult, EmuError> {
    let _ = ctx;
    emu.write(|state| {
        let set = state.config_sets.get_mut(&input.configuration_set_name)?;
        set.default_message_feedback_enabled = Some(input.message_feedback_enabled);

        Ok(SetDefaultMessageFeedbackEnabledResult::builder()
            .configuration_set_arn(set.configuration_set_arn.clone())
            .configuration_set_name(set.configuration_set_name.clone())
            .message_feedback_enabled(input.message_feedback_enabled)
            .build())
    })
}

/// The id and ARN of the protect configuration a request names by id or ARN.
fn find_protect_configuration(
    state: &crate::State,
    id_or_arn: &str,
) -> Result<(String, String), EmuError> {
    state
        .protect
        .protect_configurations
        .iter()
        .find(|(id, p)| id.as_str() == id_or_arn || p.protect_configuration_arn == id_or_arn)
        .map(|(id, p)| (id.clone(), p.protect_configuration_arn.clone()))
        .ok_or_else(|| EmuError::not_found("protect-configuration", id_or_arn))
}

pub(crate) fn associate_protect_configuration(
    emu: &Emulator,
    ctx: &Ctx,
    input: AssociateProtectConfigurationRequest,
) -> Result<AssociateProtectConfigurationResult, EmuError> {
    let _ = ctx;
    emu.write(|state| {
        let (id, arn) = find_protect_configuration(state, &input.protect_configuration_id)?;
        let set = state.config_sets.get_mut(&input.configuration_set_name)?;
        // A set has one protect configuration at a time: this replaces any other.
        set.protect_configuration_id = Some(id.clone());

        Ok(AssociateProtectConfigurationResult::builder()
            .configuration_set_arn(set.configuration_set_arn.clone())
            .configuration_set_name(set.configuration_set_name.clone())
            .protect_configuration_arn(arn)
            .protect_configuration_id(id)
            .build())
    })
}

pub(crate) fn disassociate_protect_configuration(
    emu: &Emulator,
    ctx: &Ctx,
    input: DisassociateProtectConfigurationRequest,
) -> Result<DisassociateProtectConfigurationResult, EmuError> {
    let _ = ctx;
    emu.write(|state| {
        let (id, arn) = find_protect_configuration(state, &input.protect_configuration_id)?;
        let set = state.config_sets.get_mut(&input.configuration_set_name)?;
        if set.protect_configuration_id.as_deref() != Some(id.as_str()) {
            return Err(EmuError::conflict(
                "PROTECT_CONFIGURATION_NOT_ASSOCIATED_WITH_CONFIGURATION_SET",
                "protect-configuration",
                id.clone(),
                format!(
                    "The protect configuration {id} is not associated with configuration set {}.",
                    set.configuration_set_name
                ),
            ));
        }
        set.protect_configuration_id = None;

        Ok(DisassociateProtectConfigurationResult::builder()
            .configuration_set_arn(set.configuration_set_arn.clone())
            .configuration_set_name(set.configuration_set_name.clone())
            .protect_configuration_arn(arn)
            .protect_configuration_id(id)
            .build())
    })
}
