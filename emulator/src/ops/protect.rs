//! Protect configurations (v2): which destination countries each capability (SMS, VOICE,
//! MMS) may send to, per-number overrides of those country rules, and the account default.
//!
//! - A new configuration allows every country for every capability (the docs' default); its
//!   country rule set stores only the countries an update named, so a `Get` answers the full
//!   list of [`countries::ISO_CODES`] with the defaults filled in.
//! - Number overrides (`ALLOW` or `BLOCK` one destination) may expire; an expired override no
//!   longer counts, is not listed and cannot be deleted. A configuration holds at most
//!   [`MAX_NUMBER_OVERRIDES`] of them.
//! - A configuration cannot be deleted while deletion protection is on, while it is the account
//!   default, or while a configuration set uses it (`ConflictException`).
//! - Every input that names a configuration takes its id or its ARN.
//!
//! [`protect_decision`] tells the sending operations what a configuration says of a message.

use sms_voice::pinpointsmsvoicev2::*;
use sms_voice::runtime::Timestamp;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::countries;
use crate::error::EmuError;
use crate::ops::account;
use crate::{Ctx, Emulator};

/// This area's part of the [`State`](crate::state::State).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ProtectState {
    /// Protect configurations by `ProtectConfigurationId`.
    pub protect_configurations: BTreeMap<String, ProtectConfigurationInformation>,
    /// The account's default protect configuration (`SetAccountDefaultProtectConfiguration`).
    pub account_default_protect_configuration_id: Option<String>,
    /// Country rules set by updates, by configuration id, then capability (`SMS`, `VOICE`,
    /// `MMS`), then ISO country code: the `ProtectStatus`. A country not named is `ALLOW`.
    pub country_rules: BTreeMap<String, BTreeMap<String, BTreeMap<String, ProtectStatus>>>,
    /// Number overrides by configuration id, then destination phone number.
    pub number_overrides:
        BTreeMap<String, BTreeMap<String, ProtectConfigurationRuleSetNumberOverride>>,
}

impl ProtectState {
    /// Whether a resource of this area has this ARN (for tags and resource policies).
    pub(crate) fn has_arn(&self, arn: &str) -> bool {
        self.protect_configurations
            .values()
            .any(|p| p.protect_configuration_arn == arn)
    }

    /// The id of the configuration named by id or ARN.
    fn find(&self, id_or_arn: &str) -> Option<String> {
        self.protect_configurations
            .iter()
            .find(|(id, p)| id.as_str() == id_or_arn || p.protect_configuration_arn == id_or_arn)
            .map(|(id, _)| id.clone())
    }

    /// The configuration named by id or ARN, or `ResourceNotFoundException`.
    fn get(&self, id_or_arn: &str) -> Result<&ProtectConfigurationInformation, EmuError> {
        self.find(id_or_arn)
            .and_then(|id| self.protect_configurations.get(&id))
            .ok_or_else(|| EmuError::not_found(RESOURCE, id_or_arn))
    }
}

/// The resource type in errors about protect configurations.
const RESOURCE: &str = "protect-configuration";

/// The most number overrides one protect configuration holds.
pub(crate) const MAX_NUMBER_OVERRIDES: usize = 100;

/// What a protect configuration says of a message to `destination` with `capability` (`SMS`,
/// `VOICE` or `MMS`): the configuration named (id or ARN), else the account default, else
/// none (`ALLOW`). An unexpired number override wins over the destination country's rule.
pub(crate) fn protect_decision(
    state: &crate::State,
    protect_configuration_id: Option<&str>,
    capability: &str,
    destination: &str,
) -> ProtectStatus {
    let protect = &state.protect;
    let id = protect_configuration_id
        .and_then(|id| protect.find(id))
        .or_else(|| protect.account_default_protect_configuration_id.clone());
    let Some(id) = id else {
        return ProtectStatus::Allow;
    };
    let now = crate::now();
    if let Some(rule) = protect
        .number_overrides
        .get(&id)
        .and_then(|overrides| overrides.get(destination))
        .filter(|rule| !expired(rule, now))
    {
        return match rule.action {
            Action::Block => ProtectStatus::Block,
            _ => ProtectStatus::Allow,
        };
    }
    countries::of_number(destination)
        .and_then(|country| {
            protect
                .country_rules
                .get(&id)
                .and_then(|rules| rules.get(capability))
                .and_then(|rules| rules.get(country))
                .cloned()
        })
        .unwrap_or(ProtectStatus::Allow)
}

fn expired(rule: &ProtectConfigurationRuleSetNumberOverride, now: Timestamp) -> bool {
    rule.expiration_timestamp.is_some_and(|at| at <= now)
}

/// Sets `AccountDefault` on every configuration from the account default id.
fn sync_account_default(protect: &mut ProtectState) {
    let default = protect.account_default_protect_configuration_id.clone();
    for (id, info) in protect.protect_configurations.iter_mut() {
        info.account_default = default.as_deref() == Some(id.as_str());
    }
}

/// The full country rule set of a configuration for one capability.
fn rule_set(
    protect: &ProtectState,
    id: &str,
    capability: &str,
) -> Result<BTreeMap<String, ProtectConfigurationCountryRuleSetInformation>, EmuError> {
    let set = protect
        .country_rules
        .get(id)
        .and_then(|rules| rules.get(capability));
    countries::ISO_CODES
        .iter()
        .map(|country| {
            let status = set
                .and_then(|set| set.get(*country))
                .cloned()
                .unwrap_or(ProtectStatus::Allow);
            ProtectConfigurationCountryRuleSetInformation::builder()
                .protect_status(status)
                .build()
                .map(|info| ((*country).to_owned(), info))
                .map_err(EmuError::from)
        })
        .collect()
}

pub(crate) fn create_protect_configuration(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreateProtectConfigurationRequest,
) -> Result<CreateProtectConfigurationResult, EmuError> {
    emu.write(|state| {
        let id = crate::new_id("protect-");
        let info = ProtectConfigurationInformation::builder()
            .account_default(false)
            .created_timestamp(crate::now())
            .deletion_protection_enabled(input.deletion_protection_enabled.unwrap_or(false))
            .protect_configuration_arn(ctx.arn(&format!("protect-configuration/{id}")))
            .protect_configuration_id(id.clone())
            .build()?;
        state
            .protect
            .protect_configurations
            .insert(id, info.clone());
        account::add_tags(
            state,
            &info.protect_configuration_arn,
            input.tags.as_deref().unwrap_or_default(),
        )?;
        let tags = account::tags_of(state, &info.protect_configuration_arn)?;
        Ok(CreateProtectConfigurationResult::builder()
            .account_default(info.account_default)
            .created_timestamp(info.created_timestamp)
            .deletion_protection_enabled(info.deletion_protection_enabled)
            .protect_configuration_arn(info.protect_configuration_arn)
            .protect_configuration_id(info.protect_configuration_id)
            .tags(tags)
            .build())
    })
}

pub(crate) fn delete_protect_configuration(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DeleteProtectConfigurationRequest,
) -> Result<DeleteProtectConfigurationResult, EmuError> {
    emu.write(|state| {
        let info = state.protect.get(&input.protect_configuration_id)?.clone();
        let id = info.protect_configuration_id.clone();
        if info.deletion_protection_enabled {
            return Err(EmuError::conflict(
                "DELETION_PROTECTION_ENABLED",
                RESOURCE,
                &id,
                "The protect configuration has deletion protection enabled; disable it with UpdateProtectConfiguration first.",
            ));
        }
        if info.account_default {
            return Err(EmuError::conflict(
                "PROTECT_CONFIGURATION_IS_ACCOUNT_DEFAULT",
                RESOURCE,
                &id,
                "The protect configuration is the account default; remove it with DeleteAccountDefaultProtectConfiguration first.",
            ));
        }
        if let Some(set) = state.config_sets.configuration_sets.values().find(|set| {
            set.protect_configuration_id
                .as_deref()
                .is_some_and(|p| p == id || p == info.protect_configuration_arn)
        }) {
            return Err(EmuError::conflict(
                "PROTECT_CONFIGURATION_ASSOCIATED_WITH_CONFIGURATION_SET",
                RESOURCE,
                &id,
                format!(
                    "The protect configuration is associated with configuration set {}; disassociate it first.",
                    set.configuration_set_name
                ),
            ));
        }
        state.protect.protect_configurations.remove(&id);
        state.protect.country_rules.remove(&id);
        state.protect.number_overrides.remove(&id);
        account::forget_arn(state, &info.protect_configuration_arn);
        Ok(DeleteProtectConfigurationResult::builder()
            .account_default(info.account_default)
            .created_timestamp(info.created_timestamp)
            .deletion_protection_enabled(info.deletion_protection_enabled)
            .protect_configuration_arn(info.protect_configuration_arn)
            .protect_configuration_id(info.protect_configuration_id)
            .build()
            )
    })
}

pub(crate) fn describe_protect_configurations(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DescribeProtectConfigurationsRequest,
) -> Result<DescribeProtectConfigurationsResult, EmuError> {
    emu.read(|state| {
        let protect = &state.protect;
        let mut items: Vec<ProtectConfigurationInformation> = match &input.protect_configuration_ids
        {
            Some(ids) if !ids.is_empty() => {
                let mut items = Vec::new();
                for id in ids {
                    let info = protect.get(id)?;
                    if !items.iter().any(|i: &ProtectConfigurationInformation| {
                        i.protect_configuration_id == info.protect_configuration_id
                    }) {
                        items.push(info.clone());
                    }
                }
                items
            }
            _ => protect.protect_configurations.values().cloned().collect(),
        };
        for filter in input.filters.iter().flatten() {
            if !matches!(
                filter.name.as_str(),
                "account-default" | "deletion-protection-enabled"
            ) {
                return Err(EmuError::validation(
                    "INVALID_PARAMETER",
                    "Filters",
                    format!(
                        "{} is not a filter of protect configurations.",
                        filter.name.as_str()
                    ),
                ));
            }
            let wanted = crate::bool_filter(filter.name.as_str(), &filter.values)?;
            let name = filter.name.as_str().to_owned();
            items.retain(|info| {
                let actual = match name.as_str() {
                    "account-default" => info.account_default,
                    _ => info.deletion_protection_enabled,
                };
                wanted.contains(&actual)
            });
        }
        let (page, next) =
            crate::paginate(items, input.next_token.as_deref(), input.max_results, 100)?;
        // The model's list holds at least one entry: an empty page leaves the member out.
        let mut out = DescribeProtectConfigurationsResult::builder();
        if !page.is_empty() {
            out = out.protect_configurations(page);
        }
        if let Some(next) = next {
            out = out.next_token(next);
        }
        Ok(out.build())
    })
}

pub(crate) fn update_protect_configuration(
    emu: &Emulator,
    _ctx: &Ctx,
    input: UpdateProtectConfigurationRequest,
) -> Result<UpdateProtectConfigurationResult, EmuError> {
    emu.write(|state| {
        let id = state
            .protect
            .get(&input.protect_configuration_id)?
            .protect_configuration_id
            .clone();
        let info = state
            .protect
            .protect_configurations
            .get_mut(&id)
            .ok_or_else(|| EmuError::not_found(RESOURCE, &id))?;
        if let Some(enabled) = input.deletion_protection_enabled {
            info.deletion_protection_enabled = enabled;
        }
        let info = info.clone();
        Ok(UpdateProtectConfigurationResult::builder()
            .account_default(info.account_default)
            .created_timestamp(info.created_timestamp)
            .deletion_protection_enabled(info.deletion_protection_enabled)
            .protect_configuration_arn(info.protect_configuration_arn)
            .protect_configuration_id(info.protect_configuration_id)
            .build())
    })
}

pub(crate) fn update_protect_configuration_country_rule_set(
    emu: &Emulator,
    _ctx: &Ctx,
    input: UpdateProtectConfigurationCountryRuleSetRequest,
) -> Result<UpdateProtectConfigurationCountryRuleSetResult, EmuError> {
    emu.write(|state| {
        let info = state.protect.get(&input.protect_configuration_id)?.clone();
        let id = info.protect_configuration_id.clone();
        let capability = input.number_capability.as_str().to_owned();
        if !input.number_capability.is_known() {
            return Err(EmuError::validation(
                "INVALID_PARAMETER",
                "NumberCapability",
                format!("{capability} is not a number capability (SMS, VOICE or MMS)."),
            ));
        }
        for (country, rule) in &input.country_rule_set_updates {
            if !countries::ISO_CODES.contains(&country.as_str()) {
                return Err(EmuError::validation(
                    "INVALID_PARAMETER",
                    "CountryRuleSetUpdates",
                    format!("{country} is not a supported ISO 3166-1 alpha-2 country code."),
                ));
            }
            if !rule.protect_status.is_known() {
                return Err(EmuError::validation(
                    "INVALID_PARAMETER",
                    "CountryRuleSetUpdates",
                    format!(
                        "{} is not a protect status (ALLOW, BLOCK, MONITOR or FILTER).",
                        rule.protect_status.as_str()
                    ),
                ));
            }
        }
        let rules = state
            .protect
            .country_rules
            .entry(id.clone())
            .or_default()
            .entry(capability.clone())
            .or_default();
        for (country, rule) in &input.country_rule_set_updates {
            rules.insert(country.clone(), rule.protect_status.clone());
        }
        let set = rule_set(&state.protect, &id, &capability)?;
        Ok(UpdateProtectConfigurationCountryRuleSetResult::builder()
            .country_rule_set(set)
            .number_capability(input.number_capability)
            .protect_configuration_arn(info.protect_configuration_arn)
            .protect_configuration_id(id)
            .build())
    })
}

pub(crate) fn get_protect_configuration_country_rule_set(
    emu: &Emulator,
    _ctx: &Ctx,
    input: GetProtectConfigurationCountryRuleSetRequest,
) -> Result<GetProtectConfigurationCountryRuleSetResult, EmuError> {
    emu.read(|state| {
        let info = state.protect.get(&input.protect_configuration_id)?;
        if !input.number_capability.is_known() {
            return Err(EmuError::validation(
                "INVALID_PARAMETER",
                "NumberCapability",
                format!(
                    "{} is not a number capability (SMS, VOICE or MMS).",
                    input.number_capability.as_str()
                ),
            ));
        }
        let set = rule_set(
            &state.protect,
            &info.protect_configuration_id,
            input.number_capability.as_str(),
        )?;
        Ok(GetProtectConfigurationCountryRuleSetResult::builder()
            .country_rule_set(set)
            .number_capability(input.number_capability)
            .protect_configuration_arn(info.protect_configuration_arn.clone())
            .protect_configuration_id(info.protect_configuration_id.clone())
            .build())
    })
}

pub(crate) fn put_protect_configuration_rule_set_number_override(
    emu: &Emulator,
    _ctx: &Ctx,
    input: PutProtectConfigurationRuleSetNumberOverrideRequest,
) -> Result<PutProtectConfigurationRuleSetNumberOverrideResult, EmuError> {
    emu.write(|state| {
        let info = state.protect.get(&input.protect_configuration_id)?.clone();
        let id = info.protect_configuration_id.clone();
        if !input.action.is_known() {
            return Err(EmuError::validation(
                "INVALID_PARAMETER",
                "Action",
                format!("{} is not an action (ALLOW or BLOCK).", input.action.as_str()),
            ));
        }
        let now = crate::now();
        if input.expiration_timestamp.is_some_and(|at| at <= now) {
            return Err(EmuError::validation(
                "INVALID_PARAMETER",
                "ExpirationTimestamp",
                "The expiration timestamp must be in the future.",
            ));
        }
        let overrides = state.protect.number_overrides.entry(id.clone()).or_default();
        overrides.retain(|_, rule| !expired(rule, now));
        let created = match overrides.get(&input.destination_phone_number) {
            Some(rule) => rule.created_timestamp,
            None => {
                if overrides.len() >= MAX_NUMBER_OVERRIDES {
                    // The service's enum of quota reasons has no value for this one.
                    return Err(EmuError::quota_unnamed(
                        format!(
                            "A protect configuration holds at most {MAX_NUMBER_OVERRIDES} number overrides."
                        ),
                    ));
                }
                now
            }
        };
        let mut rule = ProtectConfigurationRuleSetNumberOverride::builder()
            .action(input.action.clone())
            .created_timestamp(created)
            .destination_phone_number(input.destination_phone_number.clone());
        if let Some(at) = input.expiration_timestamp {
            rule = rule.expiration_timestamp(at);
        }
        if let Some(country) = countries::of_number(&input.destination_phone_number) {
            rule = rule.iso_country_code(country);
        }
        let rule = rule.build()?;
        overrides.insert(input.destination_phone_number.clone(), rule.clone());
        let mut out = PutProtectConfigurationRuleSetNumberOverrideResult::builder()
            .action(rule.action)
            .created_timestamp(rule.created_timestamp)
            .destination_phone_number(rule.destination_phone_number)
            .protect_configuration_arn(info.protect_configuration_arn)
            .protect_configuration_id(id);
        if let Some(at) = rule.expiration_timestamp {
            out = out.expiration_timestamp(at);
        }
        if let Some(country) = rule.iso_country_code {
            out = out.iso_country_code(country);
        }
        Ok(out.build())
    })
}

pub(crate) fn delete_protect_configuration_rule_set_number_override(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DeleteProtectConfigurationRuleSetNumberOverrideRequest,
) -> Result<DeleteProtectConfigurationRuleSetNumberOverrideResult, EmuError> {
    emu.write(|state| {
        let info = state.protect.get(&input.protect_configuration_id)?.clone();
        let id = info.protect_configuration_id.clone();
        let now = crate::now();
        let rule = state
            .protect
            .number_overrides
            .get_mut(&id)
            .and_then(|overrides| overrides.remove(&input.destination_phone_number))
            .filter(|rule| !expired(rule, now))
            .ok_or_else(|| {
                // The service's enum of resource types has no value for a number override:
                // the protect configuration is named, and the message says what is missing.
                EmuError::not_found_in(
                    "protect-configuration",
                    id.clone(),
                    format!(
                        "{id} has no rule set number override for {}",
                        input.destination_phone_number
                    ),
                )
            })?;
        let mut out = DeleteProtectConfigurationRuleSetNumberOverrideResult::builder()
            .action(rule.action)
            .created_timestamp(rule.created_timestamp)
            .destination_phone_number(rule.destination_phone_number)
            .protect_configuration_arn(info.protect_configuration_arn)
            .protect_configuration_id(id);
        if let Some(at) = rule.expiration_timestamp {
            out = out.expiration_timestamp(at);
        }
        if let Some(country) = rule.iso_country_code {
            out = out.iso_country_code(country);
        }
        Ok(out.build())
    })
}

/// A time filter value: epoch seconds (`1700000000` or `1700000000.5`), an RFC 3339 time
/// (`2024-01-31T12:00:00Z`, `2024-01-31T12:00:00.250+02:00`) or a date (`2024-01-31`, its
/// midnight UTC).
pub(crate) fn parse_time(value: &str) -> Option<Timestamp> {
    if let Ok(secs) = value.parse::<f64>() {
        return Timestamp::from_epoch_f64(secs);
    }
    if let Some(time) = Timestamp::parse_iso8601(value) {
        return Some(time);
    }
    let mut parts = value.split('-');
    let mut field = || parts.next()?.parse::<u32>().ok();
    let date = (i64::from(field()?), field()?, field()?);
    if parts.next().is_some() {
        return None;
    }
    Timestamp::from_utc(date, (0, 0, 0), 0)
}

pub(crate) fn list_protect_configuration_rule_set_number_overrides(
    emu: &Emulator,
    _ctx: &Ctx,
    input: ListProtectConfigurationRuleSetNumberOverridesRequest,
) -> Result<ListProtectConfigurationRuleSetNumberOverridesResult, EmuError> {
    emu.read(|state| {
        let info = state.protect.get(&input.protect_configuration_id)?;
        let now = crate::now();
        let mut items: Vec<ProtectConfigurationRuleSetNumberOverride> = state
            .protect
            .number_overrides
            .get(&info.protect_configuration_id)
            .into_iter()
            .flat_map(|overrides| overrides.values())
            .filter(|rule| !expired(rule, now))
            .cloned()
            .collect();
        for filter in input.filters.iter().flatten() {
            let name = filter.name.as_str();
            let values = &filter.values;
            let times = || {
                values
                    .iter()
                    .map(|v| {
                        parse_time(v).ok_or_else(|| {
                            EmuError::validation(
                                "INVALID_FILTER_VALUES",
                                "Filters",
                                format!("{v} is not a time (epoch seconds or ISO 8601) for filter {name}."),
                            )
                        })
                    })
                    .collect::<Result<Vec<Timestamp>, EmuError>>()
            };
            match name {
                "iso-country-code" => items.retain(|rule| {
                    rule.iso_country_code
                        .as_deref()
                        .is_some_and(|c| crate::filter_accepts(values, c))
                }),
                "destination-phone-number-begins-with" => items.retain(|rule| {
                    values
                        .iter()
                        .any(|prefix| rule.destination_phone_number.starts_with(prefix.as_str()))
                }),
                "action" => {
                    if let Some(bad) = values.iter().find(|v| !Action::VALUES.contains(&v.as_str())) {
                        return Err(EmuError::validation(
                            "INVALID_FILTER_VALUES",
                            "Filters",
                            format!("{bad} is not an action (ALLOW or BLOCK)."),
                        ));
                    }
                    items.retain(|rule| crate::filter_accepts(values, rule.action.as_str()))
                }
                "expires-before" => {
                    let times = times()?;
                    items.retain(|rule| {
                        rule.expiration_timestamp
                            .is_some_and(|at| times.iter().any(|t| at < *t))
                    })
                }
                "expires-after" => {
                    let times = times()?;
                    items.retain(|rule| match rule.expiration_timestamp {
                        Some(at) => times.iter().any(|t| at > *t),
                        None => true,
                    })
                }
                "created-before" => {
                    let times = times()?;
                    items.retain(|rule| times.iter().any(|t| rule.created_timestamp < *t))
                }
                "created-after" => {
                    let times = times()?;
                    items.retain(|rule| times.iter().any(|t| rule.created_timestamp > *t))
                }
                other => {
                    return Err(EmuError::validation(
                        "INVALID_PARAMETER",
                        "Filters",
                        format!("{other} is not a filter of number overrides."),
                    ))
                }
            }
        }
        let (page, next) =
            crate::paginate(items, input.next_token.as_deref(), input.max_results, 100)?;
        let mut out = ListProtectConfigurationRuleSetNumberOverridesResult::builder()
            .protect_configuration_arn(info.protect_configuration_arn.clone())
            .protect_configuration_id(info.protect_configuration_id.clone());
        // The model's list holds at least one entry: an empty page leaves the member out.
        if !page.is_empty() {
            out = out.rule_set_number_overrides(page);
        }
        if let Some(next) = next {
            out = out.next_token(next);
        }
        Ok(out.build())
    })
}

pub(crate) fn set_account_default_protect_configuration(
    emu: &Emulator,
    _ctx: &Ctx,
    input: SetAccountDefaultProtectConfigurationRequest,
) -> Result<SetAccountDefaultProtectConfigurationResult, EmuError> {
    emu.write(|state| {
        let info = state.protect.get(&input.protect_configuration_id)?.clone();
        state.protect.account_default_protect_configuration_id =
            Some(info.protect_configuration_id.clone());
        sync_account_default(&mut state.protect);
        Ok(SetAccountDefaultProtectConfigurationResult::builder()
            .default_protect_configuration_arn(info.protect_configuration_arn)
            .default_protect_configuration_id(info.protect_configuration_id)
            .build())
    })
}

pub(crate) fn delete_account_default_protect_configuration(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DeleteAccountDefaultProtectConfigurationRequest,
) -> Result<DeleteAccountDefaultProtectConfigurationResult, EmuError> {
    let _ = input;
    emu.write(|state| {
        let id = state
            .protect
            .account_default_protect_configuration_id
            .take()
            .ok_or_else(|| EmuError::not_found(RESOURCE, "account-default"))?;
        let arn = state
            .protect
            .protect_configurations
            .get(&id)
            .map(|info| info.protect_configuration_arn.clone())
            .ok_or_else(|| EmuError::not_found(RESOURCE, &id))?;
        sync_account_default(&mut state.protect);
        Ok(DeleteAccountDefaultProtectConfigurationResult::builder()
            .default_protect_configuration_arn(arn)
            .default_protect_configuration_id(id)
            .build())
    })
}
