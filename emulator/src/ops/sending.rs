//! Sending: text, voice and media messages (v2, and v1's SendVoiceMessage), message feedback,
//! carrier lookups, and verified destination numbers with their verification codes.
//!
//! Every send goes through the same checks, in this order: the configuration set exists (by
//! name or ARN); the protect configuration exists; the origination identity exists (phone
//! number, sender ID or pool, by any of their names) and can carry the channel (its
//! `NumberCapabilities`; sender IDs carry text only); the destination is not in the identity's
//! opt-out list (nor its pool's); in the sandbox, the destination is a `VERIFIED` verified
//! destination number; the price is within `MaxPrice`; and this month's spend on the channel
//! plus the price stays within the monthly spend limit. A text message without an origination
//! identity goes, as the service does, from a dedicated number or registered sender ID of the
//! account that suits the destination country, else from the configuration set's default
//! sender ID, else from the generic sender ID `NOTICE`.
//!
//! Nothing is delivered anywhere: an accepted message is recorded in [`SendingState::messages`]
//! with the events a delivered message would have (`TEXT_PENDING`, `TEXT_SUCCESSFUL`,
//! `TEXT_DELIVERED`; `VOICE_INITIATED` … `VOICE_COMPLETED`; `MEDIA_PENDING` …
//! `MEDIA_DELIVERED`), or the failure events of a destination that `CarrierLookup` calls
//! `INVALID`, or, when the protect configuration in force (the request's, the configuration
//! set's, or the account default) blocks the destination, `TEXT_PROTECT_BLOCKED` (and the
//! message costs nothing). A `DryRun` makes every check and records nothing.
//!
//! Prices are deterministic: a text message costs its number of parts (GSM-7: 160 characters,
//! 153 per part when split; otherwise UCS-2: 70, 67 per part) times the destination country's
//! price per part; a voice message its estimated minutes (about 900 characters a minute, at
//! least one) times the price per minute; a media message a flat price.

use sms_voice::pinpointsmsvoice as v1;
use sms_voice::pinpointsmsvoicev2::*;
use sms_voice::runtime::Timestamp;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::countries;
use crate::error::EmuError;
use crate::ops::{account, numbers};
use crate::{Ctx, Emulator, State, Tx};

/// This area's part of the [`State`](crate::state::State).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SendingState {
    /// Verified destination numbers by `VerifiedDestinationNumberId`.
    pub verified_destination_numbers: BTreeMap<String, VerifiedDestinationNumberInformation>,
    /// The verification code last sent to each verified destination number (by
    /// `VerifiedDestinationNumberId`) and not used yet.
    pub verification_codes: BTreeMap<String, VerificationCode>,
}

impl SendingState {
    /// Whether a resource of this area has this ARN (for tags and resource policies).
    pub(crate) fn has_arn(&self, arn: &str) -> bool {
        self.verified_destination_numbers
            .values()
            .any(|v| v.verified_destination_number_arn == arn)
    }

    /// The id of the verified destination number a request names by id or ARN.
    fn find_verified(&self, id_or_arn: &str) -> Option<String> {
        if self.verified_destination_numbers.contains_key(id_or_arn) {
            return Some(id_or_arn.to_owned());
        }
        self.verified_destination_numbers
            .iter()
            .find(|(_, v)| v.verified_destination_number_arn == id_or_arn)
            .map(|(id, _)| id.clone())
    }
}

/// A verification code sent by `SendDestinationNumberVerificationCode`.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct VerificationCode {
    /// The code (six digits).
    pub code: String,
    /// Epoch seconds when it was sent.
    pub sent_at: f64,
    /// The message that carried it.
    pub message_id: String,
}

/// How long a verification code may be used, in seconds.
const VERIFICATION_CODE_LIFETIME: f64 = 24.0 * 3600.0;

/// The page size of `DescribeVerifiedDestinationNumbers` when the request gives no `MaxResults`.
const DEFAULT_PAGE_SIZE: usize = 10;

/// The time to live of a message when the request gives none: 72 hours.
const DEFAULT_TIME_TO_LIVE: i32 = 259_200;

/// The generic sender ID of text messages sent without any identity of the account.
const GENERIC_SENDER_ID: &str = "NOTICE";

// ---------------------------------------------------------------------------------------------
// Channels, prices and the common send path
// ---------------------------------------------------------------------------------------------

/// The channel of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Channel {
    Text,
    Voice,
    Media,
}

impl Channel {
    /// As recorded in [`Message::channel`].
    fn name(self) -> &'static str {
        match self {
            Self::Text => "SMS",
            Self::Voice => "VOICE",
            Self::Media => "MEDIA",
        }
    }

    fn capability(self) -> NumberCapability {
        match self {
            Self::Text => NumberCapability::Sms,
            Self::Voice => NumberCapability::Voice,
            Self::Media => NumberCapability::Mms,
        }
    }

    fn spend_limit_name(self) -> &'static str {
        match self {
            Self::Text => "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT",
            Self::Voice => "VOICE_MESSAGE_MONTHLY_SPEND_LIMIT",
            Self::Media => "MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT",
        }
    }

    fn quota_reason(self) -> &'static str {
        match self {
            Self::Text => "MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT",
            Self::Voice => "MONTHLY_SPEND_LIMIT_REACHED_FOR_VOICE",
            Self::Media => "MONTHLY_SPEND_LIMIT_REACHED_FOR_MEDIA",
        }
    }

    /// The events of a message on this channel: delivered, refused as invalid, or blocked by
    /// a protect configuration.
    fn events(self, delivered: bool, blocked: bool) -> &'static [&'static str] {
        if blocked {
            return match self {
                Self::Text => &["TEXT_PENDING", "TEXT_PROTECT_BLOCKED"],
                Self::Voice => &["VOICE_INITIATED", "VOICE_FAILED"],
                Self::Media => &["MEDIA_PENDING", "MEDIA_BLOCKED"],
            };
        }
        match (self, delivered) {
            (Self::Text, true) => &["TEXT_PENDING", "TEXT_SUCCESSFUL", "TEXT_DELIVERED"],
            (Self::Text, false) => &["TEXT_PENDING", "TEXT_INVALID"],
            (Self::Voice, true) => &[
                "VOICE_INITIATED",
                "VOICE_RINGING",
                "VOICE_ANSWERED",
                "VOICE_COMPLETED",
            ],
            (Self::Voice, false) => &["VOICE_INITIATED", "VOICE_FAILED"],
            (Self::Media, true) => &["MEDIA_PENDING", "MEDIA_SUCCESSFUL", "MEDIA_DELIVERED"],
            (Self::Media, false) => &["MEDIA_PENDING", "MEDIA_INVALID"],
        }
    }
}

/// Characters of the GSM 03.38 basic set (besides ASCII letters, digits and space).
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà";
/// Characters of the GSM 03.38 extension table (two septets each).
const GSM_EXTENDED: &str = "^{}\\[~]|€\u{c}";

/// How many parts a text message of `body` is sent in.
pub(crate) fn text_parts(body: &str) -> u32 {
    let mut septets = 0usize;
    let mut gsm = true;
    for c in body.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' || GSM_BASIC.contains(c) {
            septets += 1;
        } else if GSM_EXTENDED.contains(c) {
            septets += 2;
        } else {
            gsm = false;
            break;
        }
    }
    let (units, single, multi) = if gsm {
        (septets, 160, 153)
    } else {
        (body.encode_utf16().count(), 70, 67)
    };
    let parts = if units <= single {
        1
    } else {
        units.div_ceil(multi)
    };
    u32::try_from(parts).unwrap_or(u32::MAX)
}

/// The estimated length of a voice message, in whole minutes (at least one).
fn voice_minutes(body: &str, ssml: bool) -> u32 {
    let mut spoken = 0usize;
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' if ssml => in_tag = true,
            '>' if ssml && in_tag => in_tag = false,
            _ if !in_tag => spoken += 1,
            _ => {}
        }
    }
    u32::try_from(spoken.div_ceil(900).max(1)).unwrap_or(u32::MAX)
}

/// Prices in US dollars for a destination country (or anywhere else): per text part, per voice
/// minute, per media message.
fn prices(iso: Option<&str>) -> (f64, f64, f64) {
    match iso {
        Some("US") => (0.00581, 0.013, 0.02),
        Some("CA") => (0.00736, 0.013, 0.02),
        Some(iso) => match country_by_iso(iso) {
            Some(country) => (country.sms_price, 0.06, 0.2),
            None => (0.05, 0.06, 0.2),
        },
        None => (0.05, 0.06, 0.2),
    }
}

/// A message as an operation asks to send it.
#[derive(Debug, Clone)]
struct Outgoing {
    channel: Channel,
    origination_identity: Option<String>,
    destination: String,
    configuration_set: Option<String>,
    body: Option<String>,
    media_urls: Vec<String>,
    message_type: Option<String>,
    context: BTreeMap<String, String>,
    destination_country_parameters: BTreeMap<String, String>,
    time_to_live: Option<i32>,
    /// `MaxPrice` (per message) or, for voice, `MaxPricePerMinute`.
    max_price: Option<String>,
    keyword: Option<String>,
    feedback_enabled: Option<bool>,
    protect_configuration_id: Option<String>,
    voice_id: Option<String>,
    language_code: Option<String>,
    ssml: bool,
    dry_run: bool,
    /// Whether the sandbox's verified-destination rule applies (not to verification codes).
    sandbox_applies: bool,
    /// Whether, when the account has no identity for the channel, the service's own shared
    /// numbers send it (verification codes).
    shared_fallback: bool,
    /// v1's `CallerId`: what the recipient sees instead of the origination number.
    caller_id: Option<String>,
    /// The API that sent it: `v2` or `v1`.
    api: &'static str,
}

impl Outgoing {
    fn new(channel: Channel, destination: &str) -> Self {
        Self {
            channel,
            origination_identity: None,
            destination: destination.to_owned(),
            configuration_set: None,
            body: None,
            media_urls: Vec::new(),
            message_type: None,
            context: BTreeMap::new(),
            destination_country_parameters: BTreeMap::new(),
            time_to_live: None,
            max_price: None,
            keyword: None,
            feedback_enabled: None,
            protect_configuration_id: None,
            voice_id: None,
            language_code: None,
            ssml: false,
            dry_run: false,
            sandbox_applies: true,
            shared_fallback: false,
            caller_id: None,
            api: "v2",
        }
    }
}

/// The identity a message goes out from, checked for the channel.
#[derive(Debug, Clone)]
struct Sender {
    /// `phone-number`, `sender-id`, `pool`, or `generic` (an unregistered sender ID).
    kind: String,
    id: String,
    arn: String,
    /// What the handset sees.
    display: String,
    /// The opt-out lists that apply (the identity's, and its pool's).
    opt_out_lists: Vec<String>,
    message_type: Option<String>,
}

/// The kind of resource an unknown origination identity looks like, for its
/// `ResourceNotFoundException`.
fn identity_kind(identity: &str) -> &'static str {
    if identity.starts_with("pool-") || identity.contains(":pool/") {
        "pool"
    } else if identity.starts_with("phone-")
        || identity.starts_with('+')
        || identity.contains(":phone-number/")
        || identity.chars().all(|c| c.is_ascii_digit())
    {
        "phone-number"
    } else {
        "sender-id"
    }
}

fn incapable(channel: Channel, identity: &str) -> EmuError {
    let message = format!(
        "The origination identity {identity} cannot send {} messages (its capabilities do not include {}).",
        channel.name(),
        channel.capability().as_str()
    );
    match channel {
        Channel::Voice => EmuError::validation(
            "VOICE_CAPABILITY_NOT_AVAILABLE",
            "OriginationIdentity",
            message,
        ),
        _ => EmuError::validation("INVALID_PARAMETER", "OriginationIdentity", message),
    }
}

/// The phone number `id` as a sender, if it can carry `channel`.
fn phone_sender(state: &State, id: &str, channel: Channel) -> Option<Sender> {
    let phone = state.numbers.phone_numbers.get(id)?;
    if !phone.number_capabilities.contains(&channel.capability()) {
        return None;
    }
    let mut lists = vec![phone.opt_out_list_name.clone()];
    if let Some(pool) = phone
        .pool_id
        .as_deref()
        .and_then(|pool_id| state.numbers.pools.get(pool_id))
    {
        if !lists.contains(&pool.opt_out_list_name) {
            lists.push(pool.opt_out_list_name.clone());
        }
    }
    Some(Sender {
        kind: "phone-number".to_owned(),
        id: id.to_owned(),
        arn: phone.phone_number_arn.clone(),
        display: phone.phone_number.clone(),
        opt_out_lists: lists,
        message_type: Some(phone.message_type.as_str().to_owned()),
    })
}

/// The sender ID `key` (a `sender_ids` key) as a sender of text messages to `dest_iso`.
fn sender_id_sender(
    state: &State,
    key: &str,
    channel: Channel,
    dest_iso: Option<&str>,
) -> Result<Option<Sender>, EmuError> {
    let Some(sender) = state.numbers.sender_ids.get(key) else {
        return Ok(None);
    };
    if channel != Channel::Text {
        return Ok(None);
    }
    if let Some(dest_iso) = dest_iso {
        if sender.iso_country_code != dest_iso {
            return Err(EmuError::validation(
                "INVALID_IDENTITY_FOR_DESTINATION_COUNTRY",
                "OriginationIdentity",
                format!(
                    "The sender ID {} is for {}; it cannot send to a {dest_iso} phone number.",
                    sender.sender_id, sender.iso_country_code
                ),
            ));
        }
    }
    Ok(Some(Sender {
        kind: "sender-id".to_owned(),
        id: key.to_owned(),
        arn: sender.sender_id_arn.clone(),
        display: sender.sender_id.clone(),
        opt_out_lists: vec![numbers::DEFAULT_OPT_OUT_LIST.to_owned()],
        message_type: sender.message_types.first().map(|t| t.as_str().to_owned()),
    }))
}

/// The identity a request names, checked for the channel.
fn named_sender(
    state: &State,
    identity: &str,
    channel: Channel,
    dest_iso: Option<&str>,
) -> Result<Sender, EmuError> {
    let origination = numbers::resolve_origination(state, identity)
        .ok_or_else(|| EmuError::not_found(identity_kind(identity), identity))?;
    match origination.kind {
        "phone-number" => phone_sender(state, &origination.id, channel)
            .ok_or_else(|| incapable(channel, identity)),
        "sender-id" => sender_id_sender(state, &origination.id, channel, dest_iso)?
            .ok_or_else(|| incapable(channel, identity)),
        _ => {
            let pool = state
                .numbers
                .pools
                .get(&origination.id)
                .ok_or_else(|| EmuError::not_found("pool", identity))?;
            let members = state
                .numbers
                .pool_members
                .get(&origination.id)
                .cloned()
                .unwrap_or_default();
            let mut candidates = Vec::new();
            for arn in &members {
                let Some(member) = numbers::resolve_origination(state, arn) else {
                    continue;
                };
                let sender = match member.kind {
                    "phone-number" => phone_sender(state, &member.id, channel),
                    "sender-id" => sender_id_sender(state, &member.id, channel, dest_iso)
                        .ok()
                        .flatten(),
                    _ => None,
                };
                if let Some(sender) = sender {
                    candidates.push(sender);
                }
            }
            // A member of the destination's country first (E.164 prefix), then any.
            let dest_code = dest_iso.and_then(country_by_iso).map(|c| c.dial);
            let chosen = candidates
                .iter()
                .find(|s| dest_code.is_some_and(|code| s.display.starts_with(&format!("+{code}"))))
                .or_else(|| candidates.first())
                .ok_or_else(|| incapable(channel, identity))?;
            Ok(Sender {
                kind: "pool".to_owned(),
                id: origination.id.clone(),
                arn: pool.pool_arn.clone(),
                display: chosen.display.clone(),
                opt_out_lists: vec![pool.opt_out_list_name.clone()],
                message_type: Some(pool.message_type.as_str().to_owned()),
            })
        }
    }
}

/// The identity of a message sent without one, as the service picks it: a dedicated number of
/// the destination's country, a registered sender ID of that country, a dedicated number of
/// another country with international sending enabled, then (text only) the configuration set's default sender ID or
/// the generic sender ID.
fn default_sender(
    state: &State,
    channel: Channel,
    dest_iso: Option<&str>,
    default_sender_id: Option<&str>,
    shared_fallback: bool,
) -> Result<Sender, EmuError> {
    let usable = |p: &PhoneNumberInformation| {
        p.status.as_str() != "DELETED" && p.status.as_str() != "PENDING"
    };
    let in_country = state.numbers.phone_numbers.iter().find(|(_, p)| {
        usable(p)
            && dest_iso.is_some_and(|iso| p.iso_country_code == iso)
            && p.number_capabilities.contains(&channel.capability())
    });
    if let Some(sender) = in_country.and_then(|(id, _)| phone_sender(state, id, channel)) {
        return Ok(sender);
    }
    if channel == Channel::Text {
        let registered =
            state.numbers.sender_ids.iter().find(|(_, s)| {
                s.registered && dest_iso.is_some_and(|iso| s.iso_country_code == iso)
            });
        if let Some((key, _)) = registered {
            if let Some(sender) = sender_id_sender(state, key, channel, dest_iso)? {
                return Ok(sender);
            }
        }
    }
    // A number of another country, if it may send abroad (or the destination is unknown).
    let any = state.numbers.phone_numbers.iter().find(|(_, p)| {
        usable(p)
            && p.number_capabilities.contains(&channel.capability())
            && (dest_iso.is_none() || p.international_sending_enabled == Some(true))
    });
    if let Some(sender) = any.and_then(|(id, _)| phone_sender(state, id, channel)) {
        return Ok(sender);
    }
    if channel == Channel::Text {
        let display = default_sender_id.unwrap_or(GENERIC_SENDER_ID).to_owned();
        return Ok(Sender {
            kind: "generic".to_owned(),
            id: display.clone(),
            arn: String::new(),
            display,
            opt_out_lists: vec![numbers::DEFAULT_OPT_OUT_LIST.to_owned()],
            message_type: None,
        });
    }
    if shared_fallback {
        return Ok(Sender {
            kind: "shared".to_owned(),
            id: String::new(),
            arn: String::new(),
            display: "shared".to_owned(),
            opt_out_lists: vec![numbers::DEFAULT_OPT_OUT_LIST.to_owned()],
            message_type: None,
        });
    }
    Err(EmuError::conflict(
        "NO_ORIGINATION_IDENTITIES_FOUND",
        "phone-number",
        "",
        format!(
            "The account has no origination identity that can send {} messages.",
            channel.name()
        ),
    ))
}

/// Parses a `MaxPrice` such as `0.05`.
fn parse_price(text: &str, field: &str) -> Result<f64, EmuError> {
    text.parse::<f64>()
        .ok()
        .filter(|p| p.is_finite() && *p >= 0.0)
        .ok_or_else(|| {
            EmuError::validation(
                "INVALID_PARAMETER",
                field,
                format!("{field} {text} is not a price in US dollars."),
            )
        })
}

/// The calendar month (UTC) of epoch seconds, as `YYYY-MM`: how spend is counted.
pub(crate) fn month_key(epoch: f64) -> String {
    let ((year, month, _), _) = Timestamp::from_secs(epoch as i64).to_utc();
    format!("{year:04}-{month:02}")
}

/// Stores a message and, for an outbound one with a price, adds it to its month's spend.
fn store_message(tx: &mut Tx<'_>, message: &Message) -> Result<(), EmuError> {
    tx.insert_message(message)?;
    if message.direction == "OUTBOUND" && message.price > 0.0 {
        tx.add_spend(
            &message.channel,
            &month_key(message.timestamp),
            message.price,
        )?;
    }
    Ok(())
}

/// A fresh message id, shaped as the service's (a UUID). Its first 48 bits are the time in
/// milliseconds (as in a version 7 UUID), the rest random: ids made later sort later, so the
/// store's index of them grows at its end instead of everywhere at once.
fn message_id() -> String {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let random = fastrand::u128(..) & ((1u128 << 80) - 1);
    let hex = format!("{:032x}", ((millis & 0xFFFF_FFFF_FFFF) << 80) | random);
    let part = |a: usize, b: usize| hex.get(a..b).unwrap_or_default().to_owned();
    format!(
        "{}-{}-{}-{}-{}",
        part(0, 8),
        part(8, 12),
        part(12, 16),
        part(16, 20),
        part(20, 32)
    )
}

/// `number` in E.164: `+` and its digits.
fn e164(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    format!("+{digits}")
}

/// Runs every check of a send and, unless it is a dry run, records the message. Answers its
/// id (`None` for a dry run).
fn send(state: &mut Tx<'_>, sandbox: bool, out: Outgoing) -> Result<Option<String>, EmuError> {
    let destination = e164(&out.destination);
    let found = lookup(&destination);
    let dest_iso = found.country.map(|c| c.iso);

    // The configuration set, and the defaults it gives.
    let config = match &out.configuration_set {
        Some(name) => {
            let key = state
                .config_sets
                .find(name)
                .ok_or_else(|| EmuError::not_found("configuration-set", name.as_str()))?;
            state.config_sets.configuration_sets.get(key).cloned()
        }
        None => None,
    };

    // The protect configuration: the request's, the set's, or the account default.
    if let Some(id) = &out.protect_configuration_id {
        let known = state.protect.protect_configurations.contains_key(id)
            || state
                .protect
                .protect_configurations
                .values()
                .any(|p| &p.protect_configuration_arn == id);
        if !known {
            return Err(EmuError::not_found("protect-configuration", id.as_str()));
        }
    }
    let protect_configuration_id = out
        .protect_configuration_id
        .clone()
        .or_else(|| {
            config
                .as_ref()
                .and_then(|c| c.protect_configuration_id.clone())
        })
        .or_else(|| {
            state
                .protect
                .account_default_protect_configuration_id
                .clone()
        });

    let sender = match &out.origination_identity {
        Some(identity) => named_sender(state, identity, out.channel, dest_iso)?,
        None => default_sender(
            state,
            out.channel,
            dest_iso,
            config.as_ref().and_then(|c| c.default_sender_id.as_deref()),
            out.shared_fallback,
        )?,
    };

    for list in &sender.opt_out_lists {
        if state.is_opted_out(list, &destination)? {
            return Err(EmuError::conflict(
                "DESTINATION_PHONE_NUMBER_OPTED_OUT",
                "phone-number",
                destination.as_str(),
                format!("The destination phone number {destination} is in opt-out list {list}."),
            ));
        }
    }

    if sandbox && out.sandbox_applies {
        let verified = state
            .sending
            .verified_destination_numbers
            .values()
            .any(|v| {
                v.destination_phone_number == destination
                    && v.status == VerifiedDestinationNumberInformationStatus::Verified
            });
        if !verified {
            return Err(EmuError::conflict(
                "DESTINATION_PHONE_NUMBER_NOT_VERIFIED",
                "verified-destination-number",
                destination.as_str(),
                format!(
                    "The account is in the sandbox: it can only send to verified destination numbers, and {destination} is not one."
                ),
            ));
        }
    }

    // What the protect configuration says: a blocked message is accepted, not delivered,
    // and not charged.
    let blocked = crate::ops::protect::protect_decision(
        state,
        protect_configuration_id.as_deref(),
        out.channel.capability().as_str(),
        &destination,
    ) == ProtectStatus::Block;

    // The price, against MaxPrice and the monthly spend limit.
    let (per_part, per_minute, per_media) = prices(dest_iso);
    let body = out.body.clone().unwrap_or_default();
    let (price, unit_price, parts) = match out.channel {
        Channel::Text => {
            let parts = text_parts(&body);
            (
                per_part * f64::from(parts),
                per_part * f64::from(parts),
                parts,
            )
        }
        Channel::Voice => {
            let minutes = voice_minutes(&body, out.ssml);
            (per_minute * f64::from(minutes), per_minute, minutes)
        }
        Channel::Media => (per_media, per_media, 1),
    };
    let price = if blocked { 0.0 } else { price };
    if let Some(max) = &out.max_price {
        let field = if out.channel == Channel::Voice {
            "MaxPricePerMinute"
        } else {
            "MaxPrice"
        };
        let max_value = parse_price(max, field)?;
        if unit_price > max_value {
            return Err(EmuError::validation(
                "PRICE_OVER_THRESHOLD",
                field,
                format!(
                    "The message would cost {unit_price:.5} USD, more than the {field} of {max} USD."
                ),
            ));
        }
    }
    let now = crate::now().as_epoch_f64();
    let spent = state.spent(out.channel.name(), &month_key(now))?;
    let limit = crate::ops::account::enforced_spend_limit(state, out.channel.spend_limit_name());
    if spent + price > limit as f64 + 1e-9 {
        return Err(EmuError::quota(
            out.channel.quota_reason(),
            format!(
                "Sending this message ({price:.5} USD) would take this month's {} spend ({spent:.5} USD) over its limit of {limit} USD.",
                out.channel.name()
            ),
        ));
    }

    if out.dry_run {
        return Ok(None);
    }

    let id = message_id();
    let delivered = found.number_type != "INVALID";
    let message_type = out
        .message_type
        .clone()
        .or_else(|| {
            config
                .as_ref()
                .and_then(|c| c.default_message_type.as_ref())
                .map(|t| t.as_str().to_owned())
        })
        .or(sender.message_type.clone())
        .or_else(|| (out.channel == Channel::Text).then(|| "TRANSACTIONAL".to_owned()));
    let feedback_enabled = out
        .feedback_enabled
        .or_else(|| {
            config
                .as_ref()
                .and_then(|c| c.default_message_feedback_enabled)
        })
        .unwrap_or(false);
    let message = Message {
        message_id: id.clone(),
        channel: out.channel.name().to_owned(),
        direction: "OUTBOUND".to_owned(),
        origination: out.caller_id.clone().unwrap_or(sender.display.clone()),
        origination_kind: sender.kind.clone(),
        origination_id: sender.id.clone(),
        origination_arn: sender.arn.clone(),
        destination,
        destination_country: dest_iso.map(str::to_owned),
        body: out.body.clone(),
        media_urls: out.media_urls.clone(),
        configuration_set: config.as_ref().map(|c| c.configuration_set_name.clone()),
        message_type,
        timestamp: now,
        events: out
            .channel
            .events(delivered, blocked)
            .iter()
            .map(|e| ((*e).to_owned(), now))
            .collect(),
        price,
        parts,
        time_to_live: out.time_to_live.unwrap_or(DEFAULT_TIME_TO_LIVE),
        context: out.context.clone(),
        destination_country_parameters: out.destination_country_parameters.clone(),
        keyword: out.keyword.clone(),
        max_price: out.max_price.clone(),
        protect_configuration_id,
        voice_id: out.voice_id.clone(),
        language_code: out.language_code.clone(),
        message_feedback_enabled: feedback_enabled,
        message_feedback_status: None,
        api: out.api.to_owned(),
        code: None,
    };
    store_message(state, &message)?;
    Ok(Some(id))
}

/// Records an automatic reply (a keyword's message) from one of the account's identities to a
/// handset; replies are not checked against opt-outs or spend limits, as the service sends
/// them itself.
pub(crate) fn record_reply(
    tx: &mut Tx<'_>,
    origination: &numbers::Origination,
    to: &str,
    body: &str,
) -> Result<Message, EmuError> {
    let now = crate::now().as_epoch_f64();
    let destination = e164(to);
    let found = lookup(&destination);
    let (per_part, ..) = prices(found.country.map(|c| c.iso));
    let parts = text_parts(body);
    let message = Message {
        message_id: message_id(),
        channel: Channel::Text.name().to_owned(),
        direction: "OUTBOUND".to_owned(),
        origination: origination.display.clone(),
        origination_kind: origination.kind.to_owned(),
        origination_id: origination.id.clone(),
        origination_arn: origination.arn.clone(),
        destination,
        destination_country: found.country.map(|c| c.iso.to_owned()),
        body: Some(body.to_owned()),
        message_type: Some("TRANSACTIONAL".to_owned()),
        timestamp: now,
        events: Channel::Text
            .events(true, false)
            .iter()
            .map(|e| ((*e).to_owned(), now))
            .collect(),
        price: per_part * f64::from(parts),
        parts,
        time_to_live: DEFAULT_TIME_TO_LIVE,
        api: "auto-reply".to_owned(),
        ..Message::default()
    };
    store_message(tx, &message)?;
    Ok(message)
}

/// Records a message a handset sent to one of the account's identities.
pub(crate) fn record_inbound(
    tx: &mut Tx<'_>,
    from: &str,
    to: &numbers::Origination,
    body: &str,
) -> Result<Message, EmuError> {
    let now = crate::now().as_epoch_f64();
    let from = e164(from);
    let message = Message {
        message_id: message_id(),
        channel: Channel::Text.name().to_owned(),
        direction: "INBOUND".to_owned(),
        origination: from.clone(),
        origination_kind: "handset".to_owned(),
        origination_id: from.clone(),
        destination: to.display.clone(),
        destination_country: lookup(&from).country.map(|c| c.iso.to_owned()),
        body: Some(body.to_owned()),
        timestamp: now,
        events: vec![("TEXT_RECEIVED".to_owned(), now)],
        parts: text_parts(body),
        api: "inbound".to_owned(),
        ..Message::default()
    };
    store_message(tx, &message)?;
    Ok(message)
}

// ---------------------------------------------------------------------------------------------
// The send operations
// ---------------------------------------------------------------------------------------------

pub(crate) fn send_text_message(
    emu: &Emulator,
    _ctx: &Ctx,
    input: SendTextMessageRequest,
) -> Result<SendTextMessageResult, EmuError> {
    let mut out = Outgoing::new(Channel::Text, &input.destination_phone_number);
    out.origination_identity = input.origination_identity;
    out.configuration_set = input.configuration_set_name;
    out.body = input.message_body;
    out.message_type = input.message_type.map(|t| t.as_str().to_owned());
    out.context = input.context.unwrap_or_default();
    out.destination_country_parameters = input
        .destination_country_parameters
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k.as_str().to_owned(), v))
        .collect();
    out.time_to_live = input.time_to_live;
    out.max_price = input.max_price;
    out.keyword = input.keyword;
    out.feedback_enabled = input.message_feedback_enabled;
    out.protect_configuration_id = input.protect_configuration_id;
    out.dry_run = input.dry_run.unwrap_or(false);
    let sandbox = emu.sandbox();
    let id = emu.write(|state| send(state, sandbox, out))?;
    let mut result = SendTextMessageResult::builder();
    if let Some(id) = id {
        result = result.message_id(id);
    }
    Ok(result.build())
}

pub(crate) fn send_voice_message(
    emu: &Emulator,
    _ctx: &Ctx,
    input: SendVoiceMessageRequest,
) -> Result<SendVoiceMessageResult, EmuError> {
    let mut out = Outgoing::new(Channel::Voice, &input.destination_phone_number);
    out.origination_identity = Some(input.origination_identity);
    out.configuration_set = input.configuration_set_name;
    out.ssml = input
        .message_body_text_type
        .as_ref()
        .is_some_and(|t| t.as_str() == "SSML");
    if let Some(body) = &input.message_body {
        let max = if out.ssml { 6000 } else { 3000 };
        if body.chars().count() > max {
            return Err(EmuError::validation(
                "INVALID_PARAMETER",
                "MessageBody",
                format!(
                    "A voice message body of type {} holds at most {max} characters.",
                    if out.ssml { "SSML" } else { "TEXT" }
                ),
            ));
        }
    }
    out.body = input.message_body;
    out.context = input.context.unwrap_or_default();
    out.time_to_live = input.time_to_live;
    out.max_price = input.max_price_per_minute;
    out.feedback_enabled = input.message_feedback_enabled;
    out.protect_configuration_id = input.protect_configuration_id;
    out.voice_id = Some(
        input
            .voice_id
            .map(|v| v.as_str().to_owned())
            .unwrap_or_else(|| "MATTHEW".to_owned()),
    );
    out.dry_run = input.dry_run.unwrap_or(false);
    let sandbox = emu.sandbox();
    let id = emu.write(|state| send(state, sandbox, out))?;
    let mut result = SendVoiceMessageResult::builder();
    if let Some(id) = id {
        result = result.message_id(id);
    }
    Ok(result.build())
}

pub(crate) fn send_media_message(
    emu: &Emulator,
    _ctx: &Ctx,
    input: SendMediaMessageRequest,
) -> Result<SendMediaMessageResult, EmuError> {
    let media_urls = input.media_urls.unwrap_or_default();
    if media_urls.is_empty() && input.message_body.is_none() {
        return Err(EmuError::validation(
            "MISSING_PARAMETER",
            "MediaUrls",
            "A media message needs MediaUrls or a MessageBody.",
        ));
    }
    let mut out = Outgoing::new(Channel::Media, &input.destination_phone_number);
    out.origination_identity = Some(input.origination_identity);
    out.configuration_set = input.configuration_set_name;
    out.body = input.message_body;
    out.media_urls = media_urls;
    out.context = input.context.unwrap_or_default();
    out.time_to_live = input.time_to_live;
    out.max_price = input.max_price;
    out.feedback_enabled = input.message_feedback_enabled;
    out.protect_configuration_id = input.protect_configuration_id;
    out.dry_run = input.dry_run.unwrap_or(false);
    let sandbox = emu.sandbox();
    let id = emu.write(|state| send(state, sandbox, out))?;
    let mut result = SendMediaMessageResult::builder();
    if let Some(id) = id {
        result = result.message_id(id);
    }
    Ok(result.build())
}

pub(crate) fn put_message_feedback(
    emu: &Emulator,
    _ctx: &Ctx,
    input: PutMessageFeedbackRequest,
) -> Result<PutMessageFeedbackResult, EmuError> {
    let status = input.message_feedback_status;
    let id = input.message_id;
    emu.write(|tx| {
        if !tx.set_message_feedback(&id, status.as_str())? {
            return Err(EmuError::not_found("message", id.as_str()));
        }

        Ok(PutMessageFeedbackResult::builder()
            .message_id(id.clone())
            .message_feedback_status(status.clone())
            .build())
    })
}

// ---------------------------------------------------------------------------------------------
// Carrier lookup
// ---------------------------------------------------------------------------------------------

/// What the emulator knows of a country: enough for a plausible carrier lookup.
#[derive(Debug)]
pub(crate) struct Country {
    pub iso: &'static str,
    pub name: &'static str,
    /// The dialing code, without `+`.
    pub dial: &'static str,
    mcc: &'static str,
    /// National number lengths, shortest and longest.
    lengths: (usize, usize),
    /// National prefixes of mobile numbers; empty when numbers do not tell (then a stable
    /// hash of the number decides, mostly mobile).
    mobile: &'static [&'static str],
    /// National prefixes of toll-free and other non-geographic numbers.
    other: &'static [&'static str],
    /// Mobile carriers and their network codes.
    carriers: &'static [(&'static str, &'static str)],
    landline: &'static str,
    sms_price: f64,
}

macro_rules! countries {
    ($( $iso:literal $name:literal $dial:literal $mcc:literal ($min:literal, $max:literal) [$($mobile:literal),*] [$($other:literal),*] {$($carrier:literal : $mnc:literal),*} $landline:literal $price:literal; )*) => {
        &[$(Country {
            iso: $iso,
            name: $name,
            dial: $dial,
            mcc: $mcc,
            lengths: ($min, $max),
            mobile: &[$($mobile),*],
            other: &[$($other),*],
            carriers: &[$(($carrier, $mnc)),*],
            landline: $landline,
            sms_price: $price,
        }),*]
    };
}

static COUNTRIES: &[Country] = countries! {
    "US" "United States" "1" "310" (10, 10) [] ["800", "833", "844", "855", "866", "877", "888"] {"Verizon Wireless": "004", "AT&T Mobility": "410", "T-Mobile USA": "260"} "Lumen Technologies" 0.00581;
    "CA" "Canada" "1" "302" (10, 10) [] ["800", "833", "844", "855", "866", "877", "888"] {"Rogers Wireless": "720", "Bell Mobility": "610", "TELUS Mobility": "220"} "Bell Canada" 0.00736;
    "GB" "United Kingdom" "44" "234" (10, 10) ["7"] ["800", "808", "3"] {"EE": "30", "Vodafone UK": "15", "O2 UK": "10", "Three UK": "20"} "BT" 0.0415;
    "DE" "Germany" "49" "262" (10, 11) ["15", "16", "17"] ["800"] {"Telekom Deutschland": "01", "Vodafone Germany": "02", "O2 Germany": "03"} "Deutsche Telekom" 0.0930;
    "FR" "France" "33" "208" (9, 9) ["6", "7"] ["80"] {"Orange France": "01", "SFR": "10", "Bouygues Telecom": "20", "Free Mobile": "15"} "Orange" 0.0717;
    "ES" "Spain" "34" "214" (9, 9) ["6", "7"] ["900"] {"Movistar": "07", "Vodafone Spain": "01", "Orange Spain": "03"} "Telefonica" 0.0670;
    "IT" "Italy" "39" "222" (9, 11) ["3"] ["800"] {"TIM": "01", "Vodafone Italia": "10", "WindTre": "88"} "TIM" 0.0745;
    "NL" "Netherlands" "31" "204" (9, 9) ["6"] ["800"] {"KPN": "08", "Vodafone Netherlands": "04", "Odido": "16"} "KPN" 0.1045;
    "BE" "Belgium" "32" "206" (8, 9) ["4"] ["800"] {"Proximus": "01", "Orange Belgium": "10", "BASE": "20"} "Proximus" 0.0880;
    "CH" "Switzerland" "41" "228" (9, 9) ["7"] ["800"] {"Swisscom": "01", "Sunrise": "02", "Salt": "03"} "Swisscom" 0.0550;
    "AT" "Austria" "43" "232" (9, 13) ["6"] ["800"] {"A1 Telekom Austria": "01", "Magenta Telekom": "03", "Drei": "05"} "A1 Telekom Austria" 0.0760;
    "IE" "Ireland" "353" "272" (9, 9) ["8"] ["1800"] {"Vodafone Ireland": "01", "Three Ireland": "05", "Eir": "03"} "Eir" 0.0670;
    "PT" "Portugal" "351" "268" (9, 9) ["9"] ["800"] {"MEO": "06", "Vodafone Portugal": "01", "NOS": "03"} "MEO" 0.0330;
    "SE" "Sweden" "46" "240" (9, 9) ["7"] ["20"] {"Telia Sweden": "01", "Tele2 Sweden": "07", "Telenor Sweden": "08"} "Telia" 0.0590;
    "NO" "Norway" "47" "242" (8, 8) ["4", "9"] ["800"] {"Telenor Norway": "01", "Telia Norway": "02"} "Telenor" 0.0560;
    "DK" "Denmark" "45" "238" (8, 8) [] ["80"] {"TDC": "01", "Telenor Denmark": "02", "Telia Denmark": "20"} "TDC" 0.0380;
    "FI" "Finland" "358" "244" (8, 10) ["4", "50"] ["800"] {"Elisa": "05", "Telia Finland": "91", "DNA": "12"} "Elisa" 0.0820;
    "PL" "Poland" "48" "260" (9, 9) [] ["800"] {"Plus": "01", "T-Mobile Poland": "02", "Orange Polska": "03", "Play": "06"} "Orange Polska" 0.0310;
    "CZ" "Czechia" "420" "230" (9, 9) ["6", "7"] ["800"] {"T-Mobile Czech Republic": "01", "O2 Czech Republic": "02", "Vodafone Czech Republic": "03"} "O2 Czech Republic" 0.0520;
    "GR" "Greece" "30" "202" (10, 10) ["69"] ["800"] {"Cosmote": "01", "Vodafone Greece": "05", "Nova": "09"} "OTE" 0.0550;
    "RO" "Romania" "40" "226" (9, 9) ["7"] ["800"] {"Vodafone Romania": "01", "Orange Romania": "10", "Telekom Romania": "03"} "Telekom Romania" 0.0760;
    "HU" "Hungary" "36" "216" (8, 9) ["20", "30", "70"] ["80"] {"Yettel Hungary": "01", "Magyar Telekom": "30", "Vodafone Hungary": "70"} "Magyar Telekom" 0.0880;
    "TR" "Turkey" "90" "286" (10, 10) ["5"] ["800"] {"Turkcell": "01", "Vodafone Turkey": "02", "Turk Telekom": "03"} "Turk Telekom" 0.0120;
    "RU" "Russia" "7" "250" (10, 10) ["9"] ["800"] {"MTS": "01", "MegaFon": "02", "Beeline": "99"} "Rostelecom" 0.3300;
    "IL" "Israel" "972" "425" (8, 9) ["5"] ["1800"] {"Partner": "01", "Cellcom": "02", "Pelephone": "03"} "Bezeq" 0.1550;
    "AE" "United Arab Emirates" "971" "424" (8, 9) ["5"] ["800"] {"Etisalat": "02", "du": "03"} "Etisalat" 0.0360;
    "SA" "Saudi Arabia" "966" "420" (9, 9) ["5"] ["800"] {"STC": "01", "Mobily": "03", "Zain Saudi Arabia": "04"} "STC" 0.0550;
    "EG" "Egypt" "20" "602" (9, 10) ["1"] ["800"] {"Orange Egypt": "01", "Vodafone Egypt": "02", "Etisalat Egypt": "03"} "Telecom Egypt" 0.1600;
    "ZA" "South Africa" "27" "655" (9, 9) ["6", "7", "8"] ["800"] {"Vodacom": "01", "MTN South Africa": "10", "Cell C": "07"} "Telkom" 0.0230;
    "NG" "Nigeria" "234" "621" (10, 10) [] ["800"] {"MTN Nigeria": "30", "Airtel Nigeria": "20", "Glo Mobile": "50"} "MTN Nigeria" 0.1900;
    "KE" "Kenya" "254" "639" (9, 9) ["7", "1"] ["800"] {"Safaricom": "02", "Airtel Kenya": "03"} "Telkom Kenya" 0.1000;
    "IN" "India" "91" "404" (10, 10) ["6", "7", "8", "9"] ["1800"] {"Bharti Airtel": "10", "Vodafone Idea": "20", "BSNL Mobile": "34"} "BSNL" 0.0020;
    "PK" "Pakistan" "92" "410" (10, 10) ["3"] ["800"] {"Jazz": "01", "Zong": "04", "Telenor Pakistan": "06"} "PTCL" 0.2000;
    "CN" "China" "86" "460" (10, 11) ["1"] ["400", "800"] {"China Mobile": "00", "China Unicom": "01", "China Telecom": "03"} "China Telecom" 0.0400;
    "HK" "Hong Kong" "852" "454" (8, 8) ["5", "6", "9"] ["800"] {"CSL": "00", "3 Hong Kong": "03", "SmarTone": "06"} "PCCW" 0.0600;
    "TW" "Taiwan" "886" "466" (9, 9) ["9"] ["800"] {"FarEasTone": "01", "Chunghwa Telecom": "92", "Taiwan Mobile": "97"} "Chunghwa Telecom" 0.0680;
    "JP" "Japan" "81" "440" (9, 10) ["70", "80", "90"] ["120", "800"] {"NTT docomo": "10", "SoftBank": "20", "KDDI au": "50"} "NTT East" 0.0740;
    "KR" "South Korea" "82" "450" (9, 10) ["10"] ["80"] {"SK Telecom": "05", "LG U+": "06", "KT": "08"} "KT" 0.0250;
    "SG" "Singapore" "65" "525" (8, 8) ["8", "9"] ["800"] {"Singtel": "01", "M1": "03", "StarHub": "05"} "Singtel" 0.0370;
    "MY" "Malaysia" "60" "502" (9, 10) ["1"] ["1800"] {"Maxis": "12", "Digi": "16", "Celcom": "19"} "Telekom Malaysia" 0.0800;
    "TH" "Thailand" "66" "520" (9, 9) ["6", "8", "9"] ["1800"] {"AIS": "03", "True Move": "04", "dtac": "05"} "TOT" 0.0150;
    "VN" "Vietnam" "84" "452" (9, 10) ["3", "5", "7", "8", "9"] ["1800"] {"MobiFone": "01", "Vinaphone": "02", "Viettel": "04"} "VNPT" 0.0700;
    "PH" "Philippines" "63" "515" (10, 10) ["9"] ["1800"] {"Globe Telecom": "02", "Smart Communications": "03"} "PLDT" 0.2100;
    "ID" "Indonesia" "62" "510" (9, 12) ["8"] ["800"] {"Indosat Ooredoo": "01", "Telkomsel": "10", "XL Axiata": "11"} "Telkom Indonesia" 0.4100;
    "AU" "Australia" "61" "505" (9, 9) ["4"] ["1800", "13"] {"Telstra": "01", "Optus": "02", "Vodafone Australia": "03"} "Telstra" 0.0395;
    "NZ" "New Zealand" "64" "530" (8, 10) ["2"] ["800"] {"One NZ": "01", "Spark New Zealand": "05", "2degrees": "24"} "Spark New Zealand" 0.1200;
    "BR" "Brazil" "55" "724" (10, 11) [] ["800"] {"TIM Brasil": "02", "Claro Brasil": "05", "Vivo": "06"} "Oi" 0.0180;
    "MX" "Mexico" "52" "334" (10, 10) [] ["800"] {"Telcel": "020", "Movistar Mexico": "030", "AT&T Mexico": "050"} "Telmex" 0.0220;
    "AR" "Argentina" "54" "722" (10, 11) ["9"] ["800"] {"Movistar Argentina": "07", "Personal": "34", "Claro Argentina": "310"} "Telecom Argentina" 0.0700;
    "CO" "Colombia" "57" "732" (10, 10) ["3"] ["800"] {"Claro Colombia": "101", "Tigo": "103", "Movistar Colombia": "123"} "ETB" 0.0070;
    "CL" "Chile" "56" "730" (9, 9) ["9"] ["800"] {"Entel": "01", "Movistar Chile": "02", "Claro Chile": "03"} "Movistar Chile" 0.0390;
};

pub(crate) fn country_by_iso(iso: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.iso == iso)
}

/// The answer of a carrier lookup of an E.164 number.
#[derive(Debug)]
pub(crate) struct Lookup {
    pub country: Option<&'static Country>,
    /// `MOBILE`, `LANDLINE`, `OTHER` or `INVALID`.
    pub number_type: &'static str,
    pub carrier: Option<&'static str>,
    pub mnc: Option<&'static str>,
}

/// A stable hash of the number (FNV-1a), so that the same number always looks the same.
fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What the emulator says of an E.164 number (`+` and digits).
pub(crate) fn lookup(e164: &str) -> Lookup {
    let digits = e164.trim_start_matches('+');
    let invalid = |country| Lookup {
        country,
        number_type: "INVALID",
        carrier: None,
        mnc: None,
    };
    let Some(country) = countries::of_number(digits).and_then(country_by_iso) else {
        return invalid(None);
    };
    let national = digits.get(country.dial.len()..).unwrap_or_default();
    let (min, max) = country.lengths;
    if national.len() < min || national.len() > max || national.starts_with('0') {
        return invalid(Some(country));
    }
    if country.dial == "1" {
        // NANP: area code and exchange both start with 2-9.
        let bad = |i: usize| !matches!(national.as_bytes().get(i), Some(b) if *b >= b'2');
        if bad(0) || bad(3) {
            return invalid(Some(country));
        }
    }
    let hash = stable_hash(digits);
    let number_type = if country.other.iter().any(|p| national.starts_with(p)) {
        "OTHER"
    } else if country.mobile.is_empty() {
        // Mostly mobile: four numbers in five.
        if hash % 5 == 4 {
            "LANDLINE"
        } else {
            "MOBILE"
        }
    } else if country.mobile.iter().any(|p| national.starts_with(p)) {
        "MOBILE"
    } else {
        "LANDLINE"
    };
    let (carrier, mnc) = match number_type {
        "MOBILE" => {
            let index =
                usize::try_from((hash >> 8) % country.carriers.len().max(1) as u64).unwrap_or(0);
            match country.carriers.get(index) {
                Some((name, mnc)) => (Some(*name), Some(*mnc)),
                None => (None, None),
            }
        }
        _ => (Some(country.landline), None),
    };
    Lookup {
        country: Some(country),
        number_type,
        carrier,
        mnc,
    }
}

pub(crate) fn carrier_lookup(
    _emu: &Emulator,
    _ctx: &Ctx,
    input: CarrierLookupRequest,
) -> Result<CarrierLookupResult, EmuError> {
    let number = e164(&input.phone_number);
    let digits = number.len() - 1;
    if !input.phone_number.trim_start().starts_with('+') || !(2..=19).contains(&digits) {
        return Err(EmuError::validation(
            "INVALID_PARAMETER",
            "PhoneNumber",
            format!(
                "{} is not a phone number in international format (+ and country code).",
                input.phone_number
            ),
        ));
    }
    let found = lookup(&number);
    let mut result = CarrierLookupResult::builder()
        .e164_phone_number(number.clone())
        .phone_number_type(
            found
                .number_type
                .parse::<PhoneNumberType>()
                .unwrap_or(PhoneNumberType::Invalid),
        );
    if let Some(country) = found.country {
        result = result
            .country(country.name)
            .iso_country_code(country.iso)
            .dialing_country_code(country.dial);
        if found.number_type == "MOBILE" {
            result = result.mcc(country.mcc);
        }
    }
    if let Some(carrier) = found.carrier {
        result = result.carrier(carrier);
    }
    if let Some(mnc) = found.mnc {
        result = result.mnc(mnc);
    }
    Ok(result.build())
}

// ---------------------------------------------------------------------------------------------
// Verified destination numbers
// ---------------------------------------------------------------------------------------------

pub(crate) fn create_verified_destination_number(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreateVerifiedDestinationNumberRequest,
) -> Result<CreateVerifiedDestinationNumberResult, EmuError> {
    let number = e164(&input.destination_phone_number);
    emu.write(|state| {
        let sending = &state.sending;
        if let Some(other) = sending
            .verified_destination_numbers
            .values()
            .find(|v| v.destination_phone_number == number)
        {
            return Err(EmuError::conflict(
                "RESOURCE_ALREADY_EXISTS",
                "verified-destination-number",
                other.verified_destination_number_id.clone(),
                format!("{number} is already a verified destination number."),
            ));
        }
        crate::ops::account::check_limit(
            "VERIFIED_DESTINATION_NUMBERS",
            sending.verified_destination_numbers.len(),
        )?;
        let id = crate::new_id("verifieddestinationnumber-");
        let arn = ctx.arn(&format!("verified-destination-number/{id}"));
        let info = VerifiedDestinationNumberInformation::builder()
            .verified_destination_number_arn(arn.clone())
            .verified_destination_number_id(id.clone())
            .destination_phone_number(number.clone())
            .status(VerifiedDestinationNumberInformationStatus::Pending)
            .created_timestamp(crate::now())
            .build()?;
        state
            .sending
            .verified_destination_numbers
            .insert(id, info.clone());
        account::add_tags(state, &arn, input.tags.as_deref().unwrap_or_default())?;
        let tags = account::tags_of(state, &arn)?;
        Ok(CreateVerifiedDestinationNumberResult::builder()
            .verified_destination_number_arn(info.verified_destination_number_arn)
            .verified_destination_number_id(info.verified_destination_number_id)
            .destination_phone_number(info.destination_phone_number)
            .status(info.status)
            .created_timestamp(info.created_timestamp)
            .tags(tags)
            .build())
    })
}

pub(crate) fn delete_verified_destination_number(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DeleteVerifiedDestinationNumberRequest,
) -> Result<DeleteVerifiedDestinationNumberResult, EmuError> {
    let given = input.verified_destination_number_id;
    emu.write(|state| {
        let id = state
            .sending
            .find_verified(&given)
            .ok_or_else(|| EmuError::not_found("verified-destination-number", given.as_str()))?;
        let info = state
            .sending
            .verified_destination_numbers
            .remove(&id)
            .ok_or_else(|| EmuError::not_found("verified-destination-number", given.as_str()))?;
        state.sending.verification_codes.remove(&id);
        account::forget_arn(state, &info.verified_destination_number_arn);

        Ok(DeleteVerifiedDestinationNumberResult::builder()
            .verified_destination_number_arn(info.verified_destination_number_arn)
            .verified_destination_number_id(info.verified_destination_number_id)
            .destination_phone_number(info.destination_phone_number)
            .created_timestamp(info.created_timestamp)
            .build())
    })
}

pub(crate) fn describe_verified_destination_numbers(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DescribeVerifiedDestinationNumbersRequest,
) -> Result<DescribeVerifiedDestinationNumbersResult, EmuError> {
    emu.read(|state| {
        let all = &state.sending.verified_destination_numbers;
        let ids = input.verified_destination_number_ids.unwrap_or_default();
        let mut wanted = Vec::new();
        for given in &ids {
            let id = state.sending.find_verified(given).ok_or_else(|| {
                EmuError::not_found("verified-destination-number", given.as_str())
            })?;
            wanted.push(id);
        }
        let numbers: Vec<String> = input
            .destination_phone_numbers
            .unwrap_or_default()
            .iter()
            .map(|n| e164(n))
            .collect();
        let filters = input.filters.unwrap_or_default();
        let items: Vec<VerifiedDestinationNumberInformation> = all
            .iter()
            .filter(|(id, _)| wanted.is_empty() || wanted.contains(id))
            .map(|(_, v)| v)
            .filter(|v| numbers.is_empty() || numbers.contains(&v.destination_phone_number))
            .filter(|v| {
                filters.iter().all(|f| match f.name.as_str() {
                    "status" => crate::filter_accepts(&f.values, v.status.as_str()),
                    _ => false,
                })
            })
            .cloned()
            .collect();
        let (page, next) = crate::paginate(
            items,
            input.next_token.as_deref(),
            input.max_results,
            DEFAULT_PAGE_SIZE,
        )?;
        let mut result =
            DescribeVerifiedDestinationNumbersResult::builder().verified_destination_numbers(page);
        if let Some(next) = next {
            result = result.next_token(next);
        }
        Ok(result.build())
    })
}

/// The verification message in `language` (a `LanguageCode`), English by default.
fn verification_text(language: Option<&str>, code: &str, voice: bool) -> String {
    let spoken;
    let code = if voice {
        // Read out digit by digit.
        spoken = code
            .chars()
            .map(String::from)
            .collect::<Vec<_>>()
            .join(", ");
        spoken.as_str()
    } else {
        code
    };
    match language {
        Some("DE_DE") => format!("Ihr Bestätigungscode lautet {code}."),
        Some("ES_419") | Some("ES_ES") => format!("Tu código de verificación es {code}."),
        Some("FR_CA") | Some("FR_FR") => format!("Votre code de vérification est {code}."),
        Some("IT_IT") => format!("Il tuo codice di verifica è {code}."),
        Some("JA_JP") => format!("確認コードは {code} です。"),
        Some("KO_KR") => format!("인증 코드는 {code}입니다."),
        Some("PT_BR") => format!("Seu código de verificação é {code}."),
        Some("ZH_CN") => format!("您的验证码是 {code}。"),
        Some("ZH_TW") => format!("您的驗證碼是 {code}。"),
        _ => format!("Your verification code is {code}."),
    }
}

pub(crate) fn send_destination_number_verification_code(
    emu: &Emulator,
    _ctx: &Ctx,
    input: SendDestinationNumberVerificationCodeRequest,
) -> Result<SendDestinationNumberVerificationCodeResult, EmuError> {
    let sandbox = emu.sandbox();
    let given = input.verified_destination_number_id.clone();
    emu.write(|state| {
        let id = state
            .sending
            .find_verified(&given)
            .ok_or_else(|| EmuError::not_found("verified-destination-number", given.as_str()))?;
        let info = state
            .sending
            .verified_destination_numbers
            .get(&id)
            .cloned()
            .ok_or_else(|| EmuError::not_found("verified-destination-number", given.as_str()))?;
        if info.status == VerifiedDestinationNumberInformationStatus::Verified {
            return Err(EmuError::conflict(
                "VERIFICATION_ALREADY_COMPLETE",
                "verified-destination-number",
                id.as_str(),
                format!("{} is already verified.", info.destination_phone_number),
            ));
        }
        let voice = input.verification_channel.as_str() == "VOICE";
        let code = format!("{:06}", fastrand::u32(0..1_000_000));
        let language = input.language_code.as_ref().map(|l| l.as_str().to_owned());
        let mut out = Outgoing::new(
            if voice { Channel::Voice } else { Channel::Text },
            &info.destination_phone_number,
        );
        out.origination_identity = input.origination_identity.clone();
        out.configuration_set = input.configuration_set_name.clone();
        out.body = Some(verification_text(language.as_deref(), &code, voice));
        out.language_code = language;
        out.context = input.context.clone().unwrap_or_default();
        out.destination_country_parameters = input
            .destination_country_parameters
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k.as_str().to_owned(), v))
            .collect();
        out.message_type = Some("TRANSACTIONAL".to_owned());
        out.sandbox_applies = false;
        out.shared_fallback = true;
        let message_id = send(state, sandbox, out)?.unwrap_or_default();
        state.sending.verification_codes.insert(
            id,
            VerificationCode {
                code,
                sent_at: crate::now().as_epoch_f64(),
                message_id: message_id.clone(),
            },
        );

        Ok(SendDestinationNumberVerificationCodeResult::builder()
            .message_id(message_id)
            .build())
    })
}

pub(crate) fn verify_destination_number(
    emu: &Emulator,
    _ctx: &Ctx,
    input: VerifyDestinationNumberRequest,
) -> Result<VerifyDestinationNumberResult, EmuError> {
    let given = input.verified_destination_number_id;
    let code = input.verification_code;
    emu.write(|state| {
        let sending: &mut SendingState = &mut state.sending;
        let id = sending.find_verified(&given).ok_or_else(|| {
            EmuError::not_found("verified-destination-number", given.as_str())
        })?;
        let info = sending
            .verified_destination_numbers
            .get_mut(&id)
            .ok_or_else(|| EmuError::not_found("verified-destination-number", given.as_str()))?;
        if info.status == VerifiedDestinationNumberInformationStatus::Verified {
            return Err(EmuError::conflict(
                "VERIFICATION_ALREADY_COMPLETE",
                "verified-destination-number",
                id.as_str(),
                format!("{} is already verified.", info.destination_phone_number),
            ));
        }
        let sent = sending.verification_codes.get(&id).ok_or_else(|| {
            EmuError::validation(
                "VERIFICATION_CODE_MISMATCH",
                "VerificationCode",
                "No verification code was sent to this number: send one with SendDestinationNumberVerificationCode first.",
            )
        })?;
        if crate::now().as_epoch_f64() - sent.sent_at > VERIFICATION_CODE_LIFETIME {
            return Err(EmuError::conflict(
                "VERIFICATION_CODE_EXPIRED",
                "verified-destination-number",
                id.as_str(),
                "The verification code has expired: send a new one.",
            ));
        }
        if sent.code != code {
            return Err(EmuError::validation(
                "VERIFICATION_CODE_MISMATCH",
                "VerificationCode",
                "The verification code does not match the code sent.",
            ));
        }
        info.status = VerifiedDestinationNumberInformationStatus::Verified;
        let info = info.clone();
        sending.verification_codes.remove(&id);

            Ok(VerifyDestinationNumberResult::builder()
                .verified_destination_number_arn(info.verified_destination_number_arn)
                .verified_destination_number_id(info.verified_destination_number_id)
                .destination_phone_number(info.destination_phone_number)
                .status(info.status)
                .created_timestamp(info.created_timestamp)
                .build())
    })
}

// ---------------------------------------------------------------------------------------------
// v1
// ---------------------------------------------------------------------------------------------

pub(crate) fn v1_send_voice_message(
    emu: &Emulator,
    _ctx: &Ctx,
    input: v1::SendVoiceMessageRequest,
) -> Result<v1::SendVoiceMessageResponse, EmuError> {
    let sandbox = emu.sandbox();
    let destination = e164(&input.destination_phone_number);
    if !(3..=16).contains(&destination.len()) || destination.starts_with("+0") {
        return Err(EmuError::BadRequest(format!(
            "DestinationPhoneNumber {} is not a phone number.",
            input.destination_phone_number
        )));
    }
    if sandbox && input.caller_id.is_some() {
        return Err(EmuError::BadRequest(
            "You can't specify a CallerId while the account is in the sandbox.".to_owned(),
        ));
    }
    let (body, ssml, voice, language) =
        match input.content {
            Some(v1::VoiceMessageContent {
                ssml_message: Some(m),
                ..
            }) => (m.text, true, m.voice_id, m.language_code),
            Some(v1::VoiceMessageContent {
                plain_text_message: Some(m),
                ..
            }) => (m.text, false, m.voice_id, m.language_code),
            Some(v1::VoiceMessageContent {
                call_instructions_message: Some(m),
                ..
            }) => (m.text, false, None, None),
            _ => return Err(EmuError::BadRequest(
                "Content needs a PlainTextMessage, an SSMLMessage or a CallInstructionsMessage."
                    .to_owned(),
            )),
        };
    if body.trim().is_empty() {
        return Err(EmuError::BadRequest(
            "The message text is empty.".to_owned(),
        ));
    }
    let origination = e164(&input.origination_phone_number);
    let mut out = Outgoing::new(Channel::Voice, &destination);
    out.body = Some(body);
    out.ssml = ssml;
    out.voice_id = voice;
    out.language_code = language;
    out.api = "v1";
    out.caller_id = input.caller_id;
    let configuration_set = input.configuration_set_name;
    let id = emu
        .write(|state| {
            // The long code must be a phone number of the account.
            let phone = state
                .numbers
                .phone_numbers
                .values()
                .find(|p| p.phone_number == origination)
                .ok_or_else(|| {
                    EmuError::BadRequest(format!(
                        "OriginationPhoneNumber {origination} is not a phone number of this account."
                    ))
                })?;
            out.origination_identity = Some(phone.phone_number.clone());
            if let Some(name) = &configuration_set {
                if state.v1.configuration_sets.contains_key(name) {
                    // A v1 configuration set: nothing of it applies to the send itself.
                } else if state.config_sets.find(name).is_some() {
                    out.configuration_set = Some(name.clone());
                } else {
                    return Err(EmuError::BadRequest(format!(
                        "Configuration set {name} does not exist."
                    )));
                }
            }
            send(state, sandbox, out)
        })?
        .unwrap_or_default();
    Ok(v1::SendVoiceMessageResponse::builder()
        .message_id(id)
        .build())
}

/// A message the emulator sent (or received from a simulated handset), with its events.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Message {
    /// The `MessageId` answered.
    pub message_id: String,
    /// `SMS`, `VOICE` or `MEDIA`.
    pub channel: String,
    /// `OUTBOUND`, or `INBOUND` for a simulated reply from a handset.
    pub direction: String,
    /// What the recipient sees as the sender: the phone number in E.164 or the sender ID
    /// (for an inbound message, the handset's number).
    pub origination: String,
    /// `phone-number`, `sender-id`, `pool`, `generic` (a sender ID the account does not
    /// hold, such as `NOTICE`), `shared`, or `handset` for inbound messages.
    pub origination_kind: String,
    /// The identity's id: `PhoneNumberId`, sender ID key or `PoolId`.
    pub origination_id: String,
    /// The identity's ARN (empty for generic and shared senders and handsets).
    pub origination_arn: String,
    /// The destination phone number.
    pub destination: String,
    /// The destination's country (ISO 3166-1 alpha-2), if known.
    pub destination_country: Option<String>,
    /// The text, or the voice message body.
    pub body: Option<String>,
    /// Media URLs of a media message.
    pub media_urls: Vec<String>,
    /// The configuration set given, if any.
    pub configuration_set: Option<String>,
    /// `TRANSACTIONAL` or `PROMOTIONAL`, if known.
    pub message_type: Option<String>,
    /// Epoch seconds when it was accepted.
    pub timestamp: f64,
    /// Its events, in order: type (e.g. `TEXT_DELIVERED`) and epoch seconds.
    pub events: Vec<(String, f64)>,
    /// What it cost, in US dollars.
    pub price: f64,
    /// Text parts, or voice minutes.
    pub parts: u32,
    /// `TimeToLive`, in seconds.
    pub time_to_live: i32,
    /// `Context`.
    pub context: BTreeMap<String, String>,
    /// `DestinationCountryParameters`.
    pub destination_country_parameters: BTreeMap<String, String>,
    /// `Keyword` (a US short code's program).
    pub keyword: Option<String>,
    /// `MaxPrice` or `MaxPricePerMinute` as given.
    pub max_price: Option<String>,
    /// The protect configuration that applied.
    pub protect_configuration_id: Option<String>,
    /// The voice of a voice message.
    pub voice_id: Option<String>,
    /// The language of a voice or verification message.
    pub language_code: Option<String>,
    /// Whether message feedback is enabled for it.
    pub message_feedback_enabled: bool,
    /// `RECEIVED` or `FAILED` once `PutMessageFeedback` set it.
    pub message_feedback_status: Option<String>,
    /// How it came: `v2`, `v1`, `auto-reply` or `inbound`.
    pub api: String,
    /// The one-time code in the text of a verification or one-time-password message (see
    /// [`crate::code::one_time_code`]), filled in when the message is stored.
    pub code: Option<String>,
}
