//! Origination identities and what hangs off them (v2): phone numbers, sender IDs, pools and
//! their members, keywords, opt-out lists and opted-out numbers.
//!
//! Behaviour worth knowing, beyond the reference's request and response members:
//! - `RequestPhoneNumber` hands out a plausible, unique E.164 number for the country: in the
//!   North American plan (US, CA, PR) an area code of the region with the fictional 555-01xx
//!   lines (toll-free numbers take a toll-free code), in the United Kingdom, Australia and
//!   France the ranges their regulators keep for drama, elsewhere a mobile-looking number
//!   under the country's calling code. Toll-free numbers exist only in the
//!   North American plan, 10DLC only in the US, MMS only in the US and Canada; a `SIMULATOR`
//!   number must be `TRANSACTIONAL`. Numbers are `ACTIVE` at once, with the `HELP` and `STOP`
//!   keywords every number starts with.
//! - The `Default` opt-out list exists in every account (it is listed before anything was put
//!   in it) and cannot be deleted; a list a phone number or pool uses cannot be deleted either.
//! - A phone number belongs to at most one pool; a sender ID may be in several. A pool takes
//!   the opt-out list, two-way and self-managed opt-out settings and the keywords of the
//!   identity it is created from; an identity joining a pool must match the pool's message
//!   type and (a phone number) its opt-out list, two-way and self-managed opt-out settings.
//!   A pool keeps at least one identity. An identity in a pool cannot be released, and a
//!   number in a pool keeps the pool's opt-out and two-way settings (`UpdatePhoneNumber` may
//!   still change its deletion protection and international sending).
//! - Keywords live on phone numbers and pools, matched without regard to case, at most
//!   [`MAX_KEYWORDS`] per identity. `HELP` and `STOP` cannot be deleted and keep their
//!   actions; their messages may be changed.
//! - A number taken out of an opt-out list with `DeleteOptedOutNumber` cannot be taken out of
//!   that list again for 30 days.
//! - Describe operations list resources in creation order (sender IDs, keywords and opted-out
//!   numbers by name), filter with every filter name the reference lists (all filters must
//!   match, any of a filter's values) and page with `MaxResults`/`NextToken`. `Owner`
//!   `SHARED` lists nothing: no resources are shared with the emulator's account.

use sms_voice::pinpointsmsvoicev2::*;
use sms_voice::runtime::Timestamp;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::EmuError;
use crate::ops::account::{self, check_limit};
use crate::{filter_accepts, new_id, now, paginate, Ctx, Emulator, State};

/// This area's part of the [`State`](crate::state::State).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct NumbersState {
    /// Phone numbers by `PhoneNumberId`.
    pub phone_numbers: BTreeMap<String, PhoneNumberInformation>,
    /// Sender IDs by `"{SenderId}/{IsoCountryCode}"`.
    pub sender_ids: BTreeMap<String, SenderIdInformation>,
    /// Pools by `PoolId`.
    pub pools: BTreeMap<String, PoolInformation>,
    /// Each pool's origination identities (their ARNs), in the order they were added.
    pub pool_members: BTreeMap<String, Vec<String>>,
    /// Keywords by origination identity ARN (phone number or pool), then by keyword in upper
    /// case.
    pub keywords: BTreeMap<String, BTreeMap<String, KeywordInformation>>,
    /// Opt-out lists by name.
    pub opt_out_lists: BTreeMap<String, OptOutListInformation>,
    /// When a number was last taken out of an opt-out list (`DeleteOptedOutNumber`): by list
    /// name, then by number.
    pub opted_in: BTreeMap<String, BTreeMap<String, Timestamp>>,
}

impl NumbersState {
    /// Whether a resource of this area has this ARN (for tags and resource policies).
    pub(crate) fn has_arn(&self, arn: &str) -> bool {
        self.phone_numbers
            .values()
            .any(|p| p.phone_number_arn == arn)
            || self.sender_ids.values().any(|s| s.sender_id_arn == arn)
            || self.pools.values().any(|p| p.pool_arn == arn)
            || self
                .opt_out_lists
                .values()
                .any(|o| o.opt_out_list_arn == arn)
    }
}

/// The name of the opt-out list every account has.
pub(crate) const DEFAULT_OPT_OUT_LIST: &str = "Default";

/// The most keywords a phone number or pool may have (`HELP` and `STOP` included).
pub(crate) const MAX_KEYWORDS: usize = 30;

/// The keywords that opt a handset out when self-managed opt-outs are off, besides `STOP`.
pub(crate) const OPT_OUT_WORDS: &[&str] = &[
    "STOP",
    "ARRET",
    "CANCEL",
    "END",
    "OPT-OUT",
    "OPTOUT",
    "QUIT",
    "REMOVE",
    "STOPALL",
    "UNSUBSCRIBE",
];

const HELP_MESSAGE: &str =
    "This number sends messages for its owner. Msg&data rates may apply. Reply STOP to opt out.";
const STOP_MESSAGE: &str =
    "You have been unsubscribed and will receive no further messages from this number.";

/// Days after `DeleteOptedOutNumber` during which the same number cannot be opted in again.
const OPT_IN_COOLDOWN_SECS: i64 = 30 * 24 * 60 * 60;

/// The page size of Describe operations when `MaxResults` is not given.
const DEFAULT_PAGE: usize = 100;

/// An origination identity as a request names it, resolved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Origination {
    /// `phone-number`, `sender-id` or `pool`.
    pub kind: &'static str,
    /// Its id: `PhoneNumberId`, `"{SenderId}/{IsoCountryCode}"` (the `sender_ids` key) or `PoolId`.
    pub id: String,
    /// Its ARN.
    pub arn: String,
    /// What a handset sees: the phone number in E.164, or the sender ID.
    pub display: String,
    /// The opt-out list that applies to messages sent from it.
    pub opt_out_list_name: String,
}

/// Finds the origination identity a request names: a phone number (`PhoneNumberId`,
/// `PhoneNumberArn` or the number itself), a sender ID (`SenderIdArn`, or the sender ID, which
/// must then be unique across countries) or a pool (`PoolId` or `PoolArn`).
pub(crate) fn resolve_origination(state: &crate::State, identity: &str) -> Option<Origination> {
    let numbers = &state.numbers;
    if let Some(id) = find_phone(state, identity) {
        let p = numbers.phone_numbers.get(&id)?;
        return Some(Origination {
            kind: "phone-number",
            arn: p.phone_number_arn.clone(),
            display: p.phone_number.clone(),
            opt_out_list_name: p.opt_out_list_name.clone(),
            id,
        });
    }
    if let Some(id) = find_pool(state, identity) {
        let p = numbers.pools.get(&id)?;
        let display = numbers
            .pool_members
            .get(&id)
            .and_then(|members| members.first())
            .and_then(|arn| resolve_origination(state, arn))
            .map(|o| o.display)
            .unwrap_or_default();
        return Some(Origination {
            kind: "pool",
            arn: p.pool_arn.clone(),
            display,
            opt_out_list_name: p.opt_out_list_name.clone(),
            id,
        });
    }
    let id = find_sender(state, identity, None)?;
    let s = numbers.sender_ids.get(&id)?;
    Some(Origination {
        kind: "sender-id",
        arn: s.sender_id_arn.clone(),
        display: s.sender_id.clone(),
        opt_out_list_name: DEFAULT_OPT_OUT_LIST.to_owned(),
        id,
    })
}

/// Puts `number` in opt-out list `list` (as a handset's STOP does), creating the `Default`
/// list if it is the one named and does not exist yet.
pub(crate) fn opt_out(
    state: &mut crate::Tx<'_>,
    ctx: &Ctx,
    list: &str,
    number: &str,
) -> Result<(), EmuError> {
    let Some(list) = list_name(state, ctx, list) else {
        return Err(EmuError::not_found("opt-out-list", list));
    };
    ensure_list(state, ctx, &list)?;
    let entry = OptedOutNumberInformation::builder()
        .opted_out_number(number)
        .opted_out_timestamp(now())
        .end_user_opted_out(true)
        .build()?;
    state.put_opted_out_number(&list, &entry)
}

/// The keyword an inbound message `text` to origination identity `identity` (a phone number
/// or pool, by id or ARN) triggers: a configured keyword matching the message's first word
/// without regard to case, or `STOP` for any other opt-out word ([`OPT_OUT_WORDS`]).
pub(crate) fn inbound_keyword(
    state: &crate::State,
    identity: &str,
    text: &str,
) -> Option<KeywordInformation> {
    let origination = resolve_origination(state, identity)?;
    let keywords = state.numbers.keywords.get(&origination.arn)?;
    let word = text.split_whitespace().next()?.to_uppercase();
    keywords.get(&word).cloned().or_else(|| {
        OPT_OUT_WORDS
            .contains(&word.as_str())
            .then(|| keywords.get("STOP").cloned())
            .flatten()
    })
}

// ---------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------

/// The `PhoneNumberId` of a phone number named by id, ARN or the number itself.
fn find_phone(state: &State, identity: &str) -> Option<String> {
    let numbers = &state.numbers.phone_numbers;
    if numbers.contains_key(identity) {
        return Some(identity.to_owned());
    }
    numbers
        .iter()
        .find(|(_, p)| p.phone_number_arn == identity || p.phone_number == identity)
        .map(|(id, _)| id.clone())
}

/// The `PoolId` of a pool named by id or ARN.
fn find_pool(state: &State, identity: &str) -> Option<String> {
    let pools = &state.numbers.pools;
    if pools.contains_key(identity) {
        return Some(identity.to_owned());
    }
    pools
        .iter()
        .find(|(_, p)| p.pool_arn == identity)
        .map(|(id, _)| id.clone())
}

/// The `sender_ids` key of a sender ID named by ARN, or by the sender ID itself in `country`
/// (without a country, the sender ID must be unique across countries).
fn find_sender(state: &State, identity: &str, country: Option<&str>) -> Option<String> {
    let senders = &state.numbers.sender_ids;
    if let Some((key, _)) = senders.iter().find(|(_, s)| s.sender_id_arn == identity) {
        return Some(key.clone());
    }
    if let Some(country) = country {
        let key = sender_key(identity, country);
        return senders.contains_key(&key).then_some(key);
    }
    let mut matches = senders.iter().filter(|(_, s)| s.sender_id == identity);
    match (matches.next(), matches.next()) {
        (Some((key, _)), None) => Some(key.clone()),
        _ => None,
    }
}

fn sender_key(sender_id: &str, country: &str) -> String {
    format!("{sender_id}/{country}")
}

/// The resource type to report when `identity` names nothing.
fn guess_kind(identity: &str) -> &'static str {
    if identity.starts_with("pool-") || identity.contains(":pool/") {
        "pool"
    } else if identity.contains(":sender-id/") {
        "sender-id"
    } else {
        "phone-number"
    }
}

/// The name of the opt-out list named by name or ARN, if it exists (`Default` always does).
fn list_name(state: &State, ctx: &Ctx, name_or_arn: &str) -> Option<String> {
    let lists = &state.numbers.opt_out_lists;
    if lists.contains_key(name_or_arn) {
        return Some(name_or_arn.to_owned());
    }
    if let Some((name, _)) = lists
        .iter()
        .find(|(_, l)| l.opt_out_list_arn == name_or_arn)
    {
        return Some(name.clone());
    }
    let default_arn = ctx.arn(&format!("opt-out-list/{DEFAULT_OPT_OUT_LIST}"));
    (name_or_arn == DEFAULT_OPT_OUT_LIST || name_or_arn == default_arn)
        .then(|| DEFAULT_OPT_OUT_LIST.to_owned())
}

/// Like [`list_name`], or `ResourceNotFoundException`.
fn require_list(state: &State, ctx: &Ctx, name_or_arn: &str) -> Result<String, EmuError> {
    list_name(state, ctx, name_or_arn)
        .ok_or_else(|| EmuError::not_found("opt-out-list", name_or_arn))
}

fn new_list(ctx: &Ctx, name: &str) -> Result<OptOutListInformation, EmuError> {
    OptOutListInformation::builder()
        .opt_out_list_arn(ctx.arn(&format!("opt-out-list/{name}")))
        .opt_out_list_name(name)
        .created_timestamp(now())
        .build()
        .map_err(EmuError::from)
}

/// Makes sure opt-out list `name` (known to exist, i.e. `Default`) is in the state.
fn ensure_list(state: &mut State, ctx: &Ctx, name: &str) -> Result<(), EmuError> {
    if !state.numbers.opt_out_lists.contains_key(name) {
        let info = new_list(ctx, name)?;
        state.numbers.opt_out_lists.insert(name.to_owned(), info);
    }
    Ok(())
}

/// The opt-out list named `name` (known to exist), as the state has it or as `Default` will be.
fn list_info(state: &State, ctx: &Ctx, name: &str) -> Result<OptOutListInformation, EmuError> {
    match state.numbers.opt_out_lists.get(name) {
        Some(info) => Ok(info.clone()),
        None => new_list(ctx, name),
    }
}

fn unknown_filter(name: &str) -> EmuError {
    EmuError::validation(
        "INVALID_FILTER_VALUES",
        "Filters",
        format!("{name} is not a filter of this operation."),
    )
}

fn owner_with_ids(owner: Option<&Owner>, ids: bool, ids_name: &str) -> Result<bool, EmuError> {
    match owner {
        Some(_) if ids => Err(EmuError::validation(
            "PARAMETERS_CANNOT_BE_USED_TOGETHER",
            "Owner",
            format!("Owner and {ids_name} cannot be used together."),
        )),
        Some(Owner::Shared) => Ok(true),
        _ => Ok(false),
    }
}

fn default_keywords() -> Result<BTreeMap<String, KeywordInformation>, EmuError> {
    let mut keywords = BTreeMap::new();
    for (word, action, message) in [
        ("HELP", KeywordAction::AutomaticResponse, HELP_MESSAGE),
        ("STOP", KeywordAction::OptOut, STOP_MESSAGE),
    ] {
        let info = KeywordInformation::builder()
            .keyword(word)
            .keyword_action(action)
            .keyword_message(message)
            .build()?;
        keywords.insert(word.to_owned(), info);
    }
    Ok(keywords)
}

fn two_way_check(enabled: bool, channel: Option<&String>) -> Result<(), EmuError> {
    if enabled && channel.is_none() {
        return Err(EmuError::validation(
            "TWO_WAY_CHANNEL_NOT_PRESENT",
            "TwoWayChannelArn",
            "Two-way messaging needs a TwoWayChannelArn.",
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------------------

/// How numbers of a country look: the country, its number prefixes (one is picked at
/// random) and how many random digits follow.
type CountryPlan = (&'static str, &'static [&'static str], usize);

const US_AREA_CODES: &[&str] = &[
    "+1206", "+1212", "+1213", "+1303", "+1305", "+1312", "+1404", "+1415", "+1503", "+1512",
    "+1602", "+1617", "+1702", "+1713", "+1720", "+1808",
];
const CA_AREA_CODES: &[&str] = &[
    "+1204", "+1250", "+1403", "+1416", "+1438", "+1514", "+1587", "+1604", "+1613", "+1647",
    "+1778", "+1902", "+1905",
];
const PR_AREA_CODES: &[&str] = &["+1787", "+1939"];
const TOLL_FREE_CODES: &[&str] = &[
    "+1800", "+1833", "+1844", "+1855", "+1866", "+1877", "+1888",
];

/// The countries whose phone numbers can be requested, outside the North American plan.
const COUNTRIES: &[CountryPlan] = &[
    ("GB", &["+447700900"], 3),
    ("AU", &["+61491570"], 3),
    ("FR", &["+3363998"], 4),
    ("IE", &["+35385", "+35387"], 7),
    ("DE", &["+49151", "+49157", "+49160"], 8),
    ("ES", &["+346"], 8),
    ("IT", &["+393"], 9),
    ("NL", &["+316"], 8),
    ("BE", &["+3247"], 7),
    ("AT", &["+43664"], 7),
    ("CH", &["+4179"], 7),
    ("SE", &["+4670"], 7),
    ("NO", &["+474"], 7),
    ("DK", &["+452"], 7),
    ("FI", &["+35840"], 7),
    ("PT", &["+3519"], 8),
    ("PL", &["+485"], 8),
    ("IL", &["+9725"], 8),
    ("AE", &["+9715"], 8),
    ("ZA", &["+278"], 8),
    ("IN", &["+919"], 9),
    ("JP", &["+8190"], 8),
    ("KR", &["+8210"], 8),
    ("SG", &["+658", "+659"], 7),
    ("HK", &["+8525", "+8526"], 7),
    ("PH", &["+639"], 9),
    ("MY", &["+601"], 8),
    ("NZ", &["+6421"], 7),
    ("BR", &["+55119"], 8),
    ("MX", &["+5255"], 8),
    ("AR", &["+54911"], 8),
    ("CL", &["+569"], 8),
    ("CO", &["+573"], 9),
];

fn north_american(iso: &str) -> Option<&'static [&'static str]> {
    match iso {
        "US" => Some(US_AREA_CODES),
        "CA" => Some(CA_AREA_CODES),
        "PR" => Some(PR_AREA_CODES),
        _ => None,
    }
}

fn random_digits(n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + fastrand::u8(0..10)))
        .collect()
}

fn pick<'a>(items: &[&'a str]) -> &'a str {
    items
        .get(fastrand::usize(..items.len().max(1)))
        .copied()
        .unwrap_or("")
}

/// One candidate number for `iso` and `number_type` (`attempt` counts earlier collisions:
/// after many, North American numbers leave the fictional 555-01xx lines).
fn candidate(
    iso: &str,
    number_type: &RequestPhoneNumberNumberType,
    attempt: usize,
) -> Option<String> {
    if let Some(area_codes) = north_american(iso) {
        if *number_type == RequestPhoneNumberNumberType::TollFree {
            let exchange = fastrand::u16(200..1000);
            return Some(format!(
                "{}{exchange}{}",
                pick(TOLL_FREE_CODES),
                random_digits(4)
            ));
        }
        let area = pick(area_codes);
        if attempt < 50 {
            return Some(format!("{area}55501{}", random_digits(2)));
        }
        let exchange = loop {
            let e = fastrand::u16(200..1000);
            if e != 555 && e % 100 != 11 {
                break e;
            }
        };
        return Some(format!("{area}{exchange}{}", random_digits(4)));
    }
    let (_, prefixes, digits) = COUNTRIES.iter().find(|(c, _, _)| *c == iso)?;
    Some(format!("{}{}", pick(prefixes), random_digits(*digits)))
}

fn monthly_price(iso: &str, number_type: &RequestPhoneNumberNumberType) -> &'static str {
    match number_type {
        RequestPhoneNumberNumberType::TollFree => "2.00",
        RequestPhoneNumberNumberType::TenDlc => "2.00",
        RequestPhoneNumberNumberType::Simulator => "1.00",
        _ if north_american(iso).is_some() => "1.00",
        _ => "3.00",
    }
}

/// Refuses a number type, capability or message type the country or type does not offer.
fn check_request(input: &RequestPhoneNumberRequest) -> Result<(), EmuError> {
    let iso = input.iso_country_code.as_str();
    let nanp = north_american(iso).is_some();
    if !nanp && !COUNTRIES.iter().any(|(c, _, _)| *c == iso) {
        return Err(EmuError::validation(
            "INVALID_PARAMETER",
            "IsoCountryCode",
            format!("Phone numbers cannot be requested in {iso}."),
        ));
    }
    let number_type = &input.number_type;
    let type_ok = match number_type {
        RequestPhoneNumberNumberType::TollFree => nanp,
        RequestPhoneNumberNumberType::TenDlc => iso == "US",
        _ => true,
    };
    if !type_ok {
        return Err(EmuError::validation(
            "INVALID_PARAMETER",
            "NumberType",
            format!(
                "{} numbers are not available in {iso}.",
                number_type.as_str()
            ),
        ));
    }
    if *number_type == RequestPhoneNumberNumberType::Simulator
        && input.message_type != MessageType::Transactional
    {
        return Err(EmuError::validation(
            "INVALID_PARAMETER",
            "MessageType",
            "A SIMULATOR phone number must have the TRANSACTIONAL message type.",
        ));
    }
    if input.number_capabilities.contains(&NumberCapability::Mms) && !matches!(iso, "US" | "CA") {
        return Err(EmuError::validation(
            "INVALID_PARAMETER",
            "NumberCapabilities",
            format!("MMS is not available for phone numbers in {iso}."),
        ));
    }
    Ok(())
}

/// Checks that an origination identity with these settings may join `pool`.
fn check_pool_match(
    pool: &PoolInformation,
    kind: &str,
    id: &str,
    message_types: &[MessageType],
    phone: Option<&PhoneNumberInformation>,
) -> Result<(), EmuError> {
    if !message_types.is_empty() && !message_types.contains(&pool.message_type) {
        return Err(EmuError::conflict(
            "MESSAGE_TYPE_MISMATCH",
            kind,
            id,
            format!(
                "The pool {} sends {} messages; {id} does not.",
                pool.pool_id,
                pool.message_type.as_str()
            ),
        ));
    }
    if let Some(p) = phone {
        let mismatch = if p.opt_out_list_name != pool.opt_out_list_name {
            Some(("OPT_OUT_LIST_MISMATCH", "opt-out list"))
        } else if p.two_way_enabled != pool.two_way_enabled {
            Some(("TWO_WAY_CONFIG_MISMATCH", "two-way setting"))
        } else if p.self_managed_opt_outs_enabled != pool.self_managed_opt_outs_enabled {
            Some((
                "SELF_MANAGED_OPT_OUTS_MISMATCH",
                "self-managed opt-outs setting",
            ))
        } else {
            None
        };
        if let Some((reason, what)) = mismatch {
            return Err(EmuError::conflict(
                reason,
                kind,
                id,
                format!(
                    "The {what} of {id} differs from the pool {}'s.",
                    pool.pool_id
                ),
            ));
        }
    }
    Ok(())
}

pub(crate) fn request_phone_number(
    emu: &Emulator,
    ctx: &Ctx,
    input: RequestPhoneNumberRequest,
) -> Result<RequestPhoneNumberResult, EmuError> {
    check_request(&input)?;
    emu.write(|state| {
        check_limit("PHONE_NUMBERS", state.numbers.phone_numbers.len())?;
        let pool = match &input.pool_id {
            Some(pool) => {
                let id = find_pool(state, pool).ok_or_else(|| EmuError::not_found("pool", pool))?;
                state.numbers.pools.get(&id).cloned()
            }
            None => None,
        };
        let opt_out_list = match &input.opt_out_list_name {
            Some(list) => require_list(state, ctx, list)?,
            None => pool
                .as_ref()
                .map(|p| p.opt_out_list_name.clone())
                .unwrap_or_else(|| DEFAULT_OPT_OUT_LIST.to_owned()),
        };
        let registration_id = match &input.registration_id {
            Some(r) => Some(
                state
                    .registrations
                    .registrations
                    .iter()
                    .find(|(id, info)| id.as_str() == r || info.registration_arn == *r)
                    .map(|(id, _)| id.clone())
                    .ok_or_else(|| EmuError::not_found("registration", r))?,
            ),
            None => None,
        };
        let number = (0..200)
            .filter_map(|attempt| candidate(&input.iso_country_code, &input.number_type, attempt))
            .find(|n| {
                !state
                    .numbers
                    .phone_numbers
                    .values()
                    .any(|p| &p.phone_number == n)
            })
            .ok_or_else(|| EmuError::Internal {
                message: format!("no free phone number left in {}", input.iso_country_code),
                v1: false,
            })?;
        let id = new_id("phone-");
        let arn = ctx.arn(&format!("phone-number/{id}"));
        let mut info = PhoneNumberInformation::builder()
            .phone_number_arn(arn.clone())
            .phone_number_id(id.clone())
            .phone_number(number)
            .status(PhoneNumberInformationStatus::Active)
            .iso_country_code(input.iso_country_code.clone())
            .message_type(input.message_type.clone())
            .number_capabilities(input.number_capabilities.clone())
            .number_type(NumberType::from(input.number_type.as_str()))
            .monthly_leasing_price(monthly_price(&input.iso_country_code, &input.number_type))
            .two_way_enabled(pool.as_ref().is_some_and(|p| p.two_way_enabled))
            .self_managed_opt_outs_enabled(
                pool.as_ref()
                    .is_some_and(|p| p.self_managed_opt_outs_enabled),
            )
            .opt_out_list_name(opt_out_list.clone())
            .international_sending_enabled(input.international_sending_enabled.unwrap_or(false))
            .deletion_protection_enabled(input.deletion_protection_enabled.unwrap_or(false))
            .created_timestamp(now())
            .build()?;
        info.registration_id = registration_id;
        if let Some(pool) = &pool {
            info.two_way_channel_arn = pool.two_way_channel_arn.clone();
            info.two_way_channel_role = pool.two_way_channel_role.clone();
            check_pool_match(
                pool,
                "phone-number",
                &id,
                &[info.message_type.clone()],
                Some(&info),
            )?;
            info.pool_id = Some(pool.pool_id.clone());
            state
                .numbers
                .pool_members
                .entry(pool.pool_id.clone())
                .or_default()
                .push(arn.clone());
        }
        if opt_out_list == DEFAULT_OPT_OUT_LIST {
            ensure_list(state, ctx, DEFAULT_OPT_OUT_LIST)?;
        }
        state
            .numbers
            .keywords
            .insert(arn.clone(), default_keywords()?);
        state.numbers.phone_numbers.insert(id, info.clone());
        account::add_tags(state, &arn, input.tags.as_deref().unwrap_or_default())?;
        let tags = input.tags.clone();
        let mut out = RequestPhoneNumberResult::builder().build();
        out.phone_number_arn = Some(info.phone_number_arn);
        out.phone_number_id = info.phone_number_id;
        out.phone_number = Some(info.phone_number);
        out.status = Some(info.status);
        out.iso_country_code = Some(info.iso_country_code);
        out.message_type = Some(info.message_type);
        out.number_capabilities = Some(info.number_capabilities);
        out.number_type = Some(input.number_type.clone());
        out.monthly_leasing_price = Some(info.monthly_leasing_price);
        out.two_way_enabled = Some(info.two_way_enabled);
        out.two_way_channel_arn = info.two_way_channel_arn;
        out.two_way_channel_role = info.two_way_channel_role;
        out.self_managed_opt_outs_enabled = Some(info.self_managed_opt_outs_enabled);
        out.opt_out_list_name = Some(info.opt_out_list_name);
        out.international_sending_enabled = info.international_sending_enabled;
        out.deletion_protection_enabled = Some(info.deletion_protection_enabled);
        out.pool_id = info.pool_id;
        out.registration_id = info.registration_id;
        out.tags = tags;
        out.created_timestamp = Some(info.created_timestamp);
        Ok(out)
    })
}

/// Fills the members a phone number's Release/Update result shares with its information.
macro_rules! fill_phone {
    ($out:ident, $p:expr) => {{
        let p = $p;
        $out.phone_number_arn = Some(p.phone_number_arn);
        $out.phone_number_id = p.phone_number_id;
        $out.phone_number = Some(p.phone_number);
        $out.status = Some(p.status);
        $out.iso_country_code = Some(p.iso_country_code);
        $out.message_type = Some(p.message_type);
        $out.number_capabilities = Some(p.number_capabilities);
        $out.number_type = Some(p.number_type);
        $out.monthly_leasing_price = Some(p.monthly_leasing_price);
        $out.two_way_enabled = Some(p.two_way_enabled);
        $out.two_way_channel_arn = p.two_way_channel_arn;
        $out.two_way_channel_role = p.two_way_channel_role;
        $out.self_managed_opt_outs_enabled = Some(p.self_managed_opt_outs_enabled);
        $out.opt_out_list_name = Some(p.opt_out_list_name);
        $out.registration_id = p.registration_id;
        $out.created_timestamp = Some(p.created_timestamp);
    }};
}

pub(crate) fn release_phone_number(
    emu: &Emulator,
    _ctx: &Ctx,
    input: ReleasePhoneNumberRequest,
) -> Result<ReleasePhoneNumberResult, EmuError> {
    emu.write(|state| {
        let id = find_phone(state, &input.phone_number_id)
            .ok_or_else(|| EmuError::not_found("phone-number", &input.phone_number_id))?;
        let Some(mut info) = state.numbers.phone_numbers.remove(&id) else {
            return Err(EmuError::not_found("phone-number", &input.phone_number_id));
        };
        if info.deletion_protection_enabled {
            return Err(EmuError::conflict(
                "DELETION_PROTECTION_ENABLED",
                "phone-number",
                &id,
                format!("The phone number {id} has deletion protection enabled."),
            ));
        }
        if let Some(pool) = &info.pool_id {
            return Err(EmuError::conflict(
                "PHONE_NUMBER_ASSOCIATED_TO_POOL",
                "phone-number",
                &id,
                format!("The phone number {id} is in the pool {pool}; disassociate it first."),
            ));
        }
        state.numbers.keywords.remove(&info.phone_number_arn);
        account::forget_arn(state, &info.phone_number_arn);
        info.status = PhoneNumberInformationStatus::Deleted;
        let mut out = ReleasePhoneNumberResult::builder().build();
        fill_phone!(out, info);
        Ok(out)
    })
}

pub(crate) fn update_phone_number(
    emu: &Emulator,
    ctx: &Ctx,
    input: UpdatePhoneNumberRequest,
) -> Result<UpdatePhoneNumberResult, EmuError> {
    emu.write(|state| {
        let id = find_phone(state, &input.phone_number_id)
            .ok_or_else(|| EmuError::not_found("phone-number", &input.phone_number_id))?;
        let list = match &input.opt_out_list_name {
            Some(list) => Some(require_list(state, ctx, list)?),
            None => None,
        };
        let Some(info) = state.numbers.phone_numbers.get_mut(&id) else {
            return Err(EmuError::not_found("phone-number", &input.phone_number_id));
        };
        let pool_settings = list.is_some()
            || input.two_way_enabled.is_some()
            || input.two_way_channel_arn.is_some()
            || input.two_way_channel_role.is_some()
            || input.self_managed_opt_outs_enabled.is_some();
        if let (Some(pool), true) = (&info.pool_id, pool_settings) {
            return Err(EmuError::conflict(
                "PHONE_NUMBER_ASSOCIATED_TO_POOL",
                "phone-number",
                &id,
                format!(
                    "The phone number {id} is in the pool {pool}, whose opt-out and two-way \
                     settings it follows; update the pool instead."
                ),
            ));
        }
        if let Some(list) = list {
            info.opt_out_list_name = list;
        }
        if let Some(v) = input.two_way_enabled {
            info.two_way_enabled = v;
        }
        if let Some(v) = &input.two_way_channel_arn {
            info.two_way_channel_arn = Some(v.clone());
        }
        if let Some(v) = &input.two_way_channel_role {
            info.two_way_channel_role = Some(v.clone());
        }
        if let Some(v) = input.self_managed_opt_outs_enabled {
            info.self_managed_opt_outs_enabled = v;
        }
        if let Some(v) = input.deletion_protection_enabled {
            info.deletion_protection_enabled = v;
        }
        if let Some(v) = input.international_sending_enabled {
            info.international_sending_enabled = Some(v);
        }
        two_way_check(info.two_way_enabled, info.two_way_channel_arn.as_ref())?;
        let info = info.clone();
        if info.opt_out_list_name == DEFAULT_OPT_OUT_LIST {
            ensure_list(state, ctx, DEFAULT_OPT_OUT_LIST)?;
        }
        let mut out = UpdatePhoneNumberResult::builder().build();
        out.deletion_protection_enabled = Some(info.deletion_protection_enabled);
        out.international_sending_enabled = info.international_sending_enabled;
        fill_phone!(out, info);
        Ok(out)
    })
}

fn phone_matches(p: &PhoneNumberInformation, filter: &PhoneNumberFilter) -> Result<bool, EmuError> {
    let values = &filter.values;
    let name = filter.name.as_str();
    Ok(match &filter.name {
        PhoneNumberFilterName::Status => filter_accepts(values, p.status.as_str()),
        PhoneNumberFilterName::IsoCountryCode => filter_accepts(values, &p.iso_country_code),
        PhoneNumberFilterName::MessageType => filter_accepts(values, p.message_type.as_str()),
        PhoneNumberFilterName::NumberCapability => p
            .number_capabilities
            .iter()
            .any(|c| filter_accepts(values, c.as_str())),
        PhoneNumberFilterName::NumberType => filter_accepts(values, p.number_type.as_str()),
        PhoneNumberFilterName::TwoWayEnabled => {
            crate::filter_accepts_bool(name, values, p.two_way_enabled)?
        }
        PhoneNumberFilterName::SelfManagedOptOutsEnabled => {
            crate::filter_accepts_bool(name, values, p.self_managed_opt_outs_enabled)?
        }
        PhoneNumberFilterName::OptOutListName => filter_accepts(values, &p.opt_out_list_name),
        PhoneNumberFilterName::DeletionProtectionEnabled => {
            crate::filter_accepts_bool(name, values, p.deletion_protection_enabled)?
        }
        PhoneNumberFilterName::TwoWayChannelArn => p
            .two_way_channel_arn
            .as_deref()
            .is_some_and(|arn| filter_accepts(values, arn)),
        _ => return Err(unknown_filter(name)),
    })
}

pub(crate) fn describe_phone_numbers(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DescribePhoneNumbersRequest,
) -> Result<DescribePhoneNumbersResult, EmuError> {
    let ids = input.phone_number_ids.clone().unwrap_or_default();
    let shared = owner_with_ids(input.owner.as_ref(), !ids.is_empty(), "PhoneNumberIds")?;
    let items = emu.read(|state| -> Result<Vec<PhoneNumberInformation>, EmuError> {
        if shared {
            return Ok(Vec::new());
        }
        let numbers = &state.numbers.phone_numbers;
        let mut selected: Vec<&PhoneNumberInformation> = if ids.is_empty() {
            numbers.values().collect()
        } else {
            crate::resolve_once(&ids, |wanted| {
                find_phone(state, wanted).ok_or_else(|| EmuError::not_found("phone-number", wanted))
            })?
            .iter()
            .filter_map(|id| numbers.get(id))
            .collect()
        };
        selected.sort_by(|a, b| {
            (a.created_timestamp, &a.phone_number_id)
                .cmp(&(b.created_timestamp, &b.phone_number_id))
        });
        let filters = input.filters.as_deref().unwrap_or_default();
        let items = crate::keep_matching(selected, filters, phone_matches)?;
        Ok(items)
    })?;
    let (page, next) = paginate(
        items,
        input.next_token.as_deref(),
        input.max_results,
        DEFAULT_PAGE,
    )?;
    let mut out = DescribePhoneNumbersResult::builder().build();
    out.phone_numbers = Some(page);
    out.next_token = next;
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Sender IDs
// ---------------------------------------------------------------------------------------

/// Countries where alphanumeric sender IDs are not supported by carriers.
const NO_SENDER_ID_COUNTRIES: &[&str] = &["US", "CA", "PR"];

/// The pools a sender ID (by ARN) is in.
fn pools_of(state: &State, arn: &str) -> Vec<String> {
    state
        .numbers
        .pool_members
        .iter()
        .filter(|(_, members)| members.iter().any(|m| m == arn))
        .map(|(pool, _)| pool.clone())
        .collect()
}

fn require_sender(state: &State, sender_id: &str, country: &str) -> Result<String, EmuError> {
    find_sender(state, sender_id, Some(country))
        .ok_or_else(|| EmuError::not_found("sender-id", sender_key(sender_id, country)))
}

pub(crate) fn request_sender_id(
    emu: &Emulator,
    ctx: &Ctx,
    input: RequestSenderIdRequest,
) -> Result<RequestSenderIdResult, EmuError> {
    let country = input.iso_country_code.as_str();
    if NO_SENDER_ID_COUNTRIES.contains(&country) {
        return Err(EmuError::validation(
            "SENDER_ID_NOT_SUPPORTED",
            "IsoCountryCode",
            format!("Sender IDs are not supported in {country}; use a phone number."),
        ));
    }
    if !input.sender_id.chars().any(|c| c.is_ascii_alphabetic()) {
        return Err(EmuError::validation(
            "INVALID_PARAMETER",
            "SenderId",
            "A sender ID must contain at least one letter.",
        ));
    }
    emu.write(|state| {
        let key = sender_key(&input.sender_id, country);
        if state.numbers.sender_ids.contains_key(&key) {
            return Err(EmuError::conflict(
                "RESOURCE_ALREADY_EXISTS",
                "sender-id",
                &key,
                format!(
                    "The sender ID {} already exists in {country}.",
                    input.sender_id
                ),
            ));
        }
        check_limit("SENDER_IDS", state.numbers.sender_ids.len())?;
        let mut message_types = input.message_types.clone().unwrap_or_default();
        if message_types.is_empty() {
            message_types = vec![MessageType::Transactional, MessageType::Promotional];
        }
        message_types.dedup();
        let arn = ctx.arn(&format!("sender-id/{key}"));
        let info = SenderIdInformation::builder()
            .sender_id_arn(arn.clone())
            .sender_id(input.sender_id.clone())
            .iso_country_code(country)
            .message_types(message_types)
            .monthly_leasing_price("0.00")
            .deletion_protection_enabled(input.deletion_protection_enabled.unwrap_or(false))
            .registered(false)
            .build()?;
        state.numbers.sender_ids.insert(key, info.clone());
        account::add_tags(state, &arn, input.tags.as_deref().unwrap_or_default())?;
        let tags = input.tags.clone();
        let mut out = RequestSenderIdResult::builder().build();
        out.sender_id_arn = Some(info.sender_id_arn);
        out.sender_id = Some(info.sender_id);
        out.iso_country_code = Some(info.iso_country_code);
        out.message_types = Some(info.message_types);
        out.monthly_leasing_price = Some(info.monthly_leasing_price);
        out.deletion_protection_enabled = Some(info.deletion_protection_enabled);
        out.registered = Some(info.registered);
        out.tags = tags;
        Ok(out)
    })
}

pub(crate) fn release_sender_id(
    emu: &Emulator,
    _ctx: &Ctx,
    input: ReleaseSenderIdRequest,
) -> Result<ReleaseSenderIdResult, EmuError> {
    emu.write(|state| {
        let key = require_sender(state, &input.sender_id, &input.iso_country_code)?;
        let Some(info) = state.numbers.sender_ids.remove(&key) else {
            return Err(EmuError::not_found("sender-id", key));
        };
        if info.deletion_protection_enabled {
            return Err(EmuError::conflict(
                "DELETION_PROTECTION_ENABLED",
                "sender-id",
                &key,
                format!("The sender ID {key} has deletion protection enabled."),
            ));
        }
        let pools = pools_of(state, &info.sender_id_arn);
        if !pools.is_empty() {
            return Err(EmuError::conflict(
                "SENDER_ID_ASSOCIATED_TO_POOL",
                "sender-id",
                &key,
                format!(
                    "The sender ID {key} is in the pools {}; disassociate it first.",
                    pools.join(", ")
                ),
            ));
        }
        account::forget_arn(state, &info.sender_id_arn);
        let mut out = ReleaseSenderIdResult::builder().build();
        out.sender_id_arn = Some(info.sender_id_arn);
        out.sender_id = Some(info.sender_id);
        out.iso_country_code = Some(info.iso_country_code);
        out.message_types = Some(info.message_types);
        out.monthly_leasing_price = Some(info.monthly_leasing_price);
        out.registered = Some(info.registered);
        out.registration_id = info.registration_id;
        Ok(out)
    })
}

pub(crate) fn update_sender_id(
    emu: &Emulator,
    _ctx: &Ctx,
    input: UpdateSenderIdRequest,
) -> Result<UpdateSenderIdResult, EmuError> {
    emu.write(|state| {
        let key = require_sender(state, &input.sender_id, &input.iso_country_code)?;
        let Some(info) = state.numbers.sender_ids.get_mut(&key) else {
            return Err(EmuError::not_found("sender-id", key));
        };
        if let Some(v) = input.deletion_protection_enabled {
            info.deletion_protection_enabled = v;
        }
        let info = info.clone();
        let mut out = UpdateSenderIdResult::builder().build();
        out.sender_id_arn = Some(info.sender_id_arn);
        out.sender_id = Some(info.sender_id);
        out.iso_country_code = Some(info.iso_country_code);
        out.message_types = Some(info.message_types);
        out.monthly_leasing_price = Some(info.monthly_leasing_price);
        out.deletion_protection_enabled = Some(info.deletion_protection_enabled);
        out.registered = Some(info.registered);
        out.registration_id = info.registration_id;
        Ok(out)
    })
}

fn sender_matches(s: &SenderIdInformation, filter: &SenderIdFilter) -> Result<bool, EmuError> {
    let values = &filter.values;
    let name = filter.name.as_str();
    Ok(match &filter.name {
        SenderIdFilterName::SenderId => filter_accepts(values, &s.sender_id),
        SenderIdFilterName::IsoCountryCode => filter_accepts(values, &s.iso_country_code),
        SenderIdFilterName::MessageType => s
            .message_types
            .iter()
            .any(|m| filter_accepts(values, m.as_str())),
        SenderIdFilterName::DeletionProtectionEnabled => {
            crate::filter_accepts_bool(name, values, s.deletion_protection_enabled)?
        }
        SenderIdFilterName::Registered => crate::filter_accepts_bool(name, values, s.registered)?,
        _ => return Err(unknown_filter(name)),
    })
}

pub(crate) fn describe_sender_ids(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DescribeSenderIdsRequest,
) -> Result<DescribeSenderIdsResult, EmuError> {
    let wanted = input.sender_ids.clone().unwrap_or_default();
    let shared = owner_with_ids(input.owner.as_ref(), !wanted.is_empty(), "SenderIds")?;
    let items = emu.read(|state| -> Result<Vec<SenderIdInformation>, EmuError> {
        if shared {
            return Ok(Vec::new());
        }
        let senders = &state.numbers.sender_ids;
        let selected: Vec<&SenderIdInformation> = if wanted.is_empty() {
            senders.values().collect()
        } else {
            crate::resolve_once(&wanted, |w| {
                require_sender(state, &w.sender_id, &w.iso_country_code)
            })?
            .iter()
            .filter_map(|key| senders.get(key))
            .collect()
        };
        let filters = input.filters.as_deref().unwrap_or_default();
        let items = crate::keep_matching(selected, filters, sender_matches)?;
        Ok(items)
    })?;
    let (page, next) = paginate(
        items,
        input.next_token.as_deref(),
        input.max_results,
        DEFAULT_PAGE,
    )?;
    let mut out = DescribeSenderIdsResult::builder().build();
    out.sender_ids = Some(page);
    out.next_token = next;
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Pools
// ---------------------------------------------------------------------------------------

/// An origination identity that can be in a pool: a phone number or a sender ID.
struct Member {
    kind: &'static str,
    /// `PhoneNumberId` or the `sender_ids` key.
    key: String,
    /// `PhoneNumberId` or `SenderId`, as outputs name it.
    name: String,
    arn: String,
    iso_country_code: String,
    message_types: Vec<MessageType>,
    phone: Option<PhoneNumberInformation>,
}

/// The phone number or sender ID `identity` names (for a sender ID, in `country`).
fn find_member(state: &State, identity: &str, country: &str) -> Result<Member, EmuError> {
    if let Some(id) = find_phone(state, identity) {
        if let Some(p) = state.numbers.phone_numbers.get(&id) {
            return Ok(Member {
                kind: "phone-number",
                key: id.clone(),
                name: id,
                arn: p.phone_number_arn.clone(),
                iso_country_code: p.iso_country_code.clone(),
                message_types: vec![p.message_type.clone()],
                phone: Some(p.clone()),
            });
        }
    }
    let key =
        find_sender(state, identity, Some(country)).or_else(|| find_sender(state, identity, None));
    if let Some(s) = key.as_ref().and_then(|k| state.numbers.sender_ids.get(k)) {
        return Ok(Member {
            kind: "sender-id",
            key: key.clone().unwrap_or_default(),
            name: s.sender_id.clone(),
            arn: s.sender_id_arn.clone(),
            iso_country_code: s.iso_country_code.clone(),
            message_types: s.message_types.clone(),
            phone: None,
        });
    }
    if find_pool(state, identity).is_some() {
        return Err(EmuError::validation(
            "INVALID_PARAMETER",
            "OriginationIdentity",
            "A pool cannot be an origination identity of another pool.",
        ));
    }
    let kind = match guess_kind(identity) {
        "pool" => "phone-number",
        kind => kind,
    };
    Err(EmuError::not_found(kind, identity))
}

fn check_country(member: &Member, country: &str) -> Result<(), EmuError> {
    if member.iso_country_code != country {
        return Err(EmuError::validation(
            "COUNTRY_CODE_MISMATCH",
            "IsoCountryCode",
            format!(
                "{} is in {}, not {country}.",
                member.name, member.iso_country_code
            ),
        ));
    }
    Ok(())
}

fn require_pool(state: &State, pool: &str) -> Result<String, EmuError> {
    find_pool(state, pool).ok_or_else(|| EmuError::not_found("pool", pool))
}

/// Fills the members a pool's Create/Delete/Update result shares with its information.
macro_rules! fill_pool {
    ($out:ident, $p:expr) => {{
        let p = $p;
        $out.pool_arn = Some(p.pool_arn);
        $out.pool_id = Some(p.pool_id);
        $out.status = Some(p.status);
        $out.message_type = Some(p.message_type);
        $out.two_way_enabled = Some(p.two_way_enabled);
        $out.two_way_channel_arn = p.two_way_channel_arn;
        $out.two_way_channel_role = p.two_way_channel_role;
        $out.self_managed_opt_outs_enabled = Some(p.self_managed_opt_outs_enabled);
        $out.opt_out_list_name = Some(p.opt_out_list_name);
        $out.shared_routes_enabled = Some(p.shared_routes_enabled);
        $out.created_timestamp = Some(p.created_timestamp);
    }};
}

pub(crate) fn create_pool(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreatePoolRequest,
) -> Result<CreatePoolResult, EmuError> {
    emu.write(|state| {
        let member = find_member(state, &input.origination_identity, &input.iso_country_code)?;
        check_country(&member, &input.iso_country_code)?;
        if let Some(pool) = member.phone.as_ref().and_then(|p| p.pool_id.as_ref()) {
            return Err(EmuError::conflict(
                "PHONE_NUMBER_ASSOCIATED_TO_POOL",
                "phone-number",
                &member.key,
                format!(
                    "The phone number {} is already in the pool {pool}.",
                    member.key
                ),
            ));
        }
        if !member.message_types.is_empty() && !member.message_types.contains(&input.message_type) {
            return Err(EmuError::conflict(
                "MESSAGE_TYPE_MISMATCH",
                member.kind,
                &member.key,
                format!(
                    "{} does not send {} messages.",
                    member.name,
                    input.message_type.as_str()
                ),
            ));
        }
        check_limit("POOLS", state.numbers.pools.len())?;
        let id = new_id("pool-");
        let arn = ctx.arn(&format!("pool/{id}"));
        let phone = member.phone.as_ref();
        let mut info = PoolInformation::builder()
            .pool_arn(arn.clone())
            .pool_id(id.clone())
            .status(PoolInformationStatus::Active)
            .message_type(input.message_type.clone())
            .two_way_enabled(phone.is_some_and(|p| p.two_way_enabled))
            .self_managed_opt_outs_enabled(phone.is_some_and(|p| p.self_managed_opt_outs_enabled))
            .opt_out_list_name(
                phone
                    .map(|p| p.opt_out_list_name.clone())
                    .unwrap_or_else(|| DEFAULT_OPT_OUT_LIST.to_owned()),
            )
            .shared_routes_enabled(false)
            .deletion_protection_enabled(input.deletion_protection_enabled.unwrap_or(false))
            .created_timestamp(now())
            .build()?;
        if let Some(p) = phone {
            info.two_way_channel_arn = p.two_way_channel_arn.clone();
            info.two_way_channel_role = p.two_way_channel_role.clone();
        }
        let keywords = match state.numbers.keywords.get(&member.arn) {
            Some(keywords) if member.phone.is_some() => keywords.clone(),
            _ => default_keywords()?,
        };
        state.numbers.keywords.insert(arn.clone(), keywords);
        if let Some(p) = state
            .numbers
            .phone_numbers
            .get_mut(&member.key)
            .filter(|_| member.phone.is_some())
        {
            p.pool_id = Some(id.clone());
        }
        state
            .numbers
            .pool_members
            .insert(id.clone(), vec![member.arn.clone()]);
        if info.opt_out_list_name == DEFAULT_OPT_OUT_LIST {
            ensure_list(state, ctx, DEFAULT_OPT_OUT_LIST)?;
        }
        state.numbers.pools.insert(id, info.clone());
        account::add_tags(state, &arn, input.tags.as_deref().unwrap_or_default())?;
        let tags = input.tags.clone();
        let mut out = CreatePoolResult::builder().build();
        out.deletion_protection_enabled = Some(info.deletion_protection_enabled);
        out.tags = tags;
        fill_pool!(out, info);
        Ok(out)
    })
}

pub(crate) fn delete_pool(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DeletePoolRequest,
) -> Result<DeletePoolResult, EmuError> {
    emu.write(|state| {
        let id = require_pool(state, &input.pool_id)?;
        let Some(mut info) = state.numbers.pools.remove(&id) else {
            return Err(EmuError::not_found("pool", &input.pool_id));
        };
        if info.deletion_protection_enabled {
            return Err(EmuError::conflict(
                "DELETION_PROTECTION_ENABLED",
                "pool",
                &id,
                format!("The pool {id} has deletion protection enabled."),
            ));
        }
        if info.status != PoolInformationStatus::Active {
            return Err(EmuError::conflict(
                "RESOURCE_NOT_ACTIVE",
                "pool",
                &id,
                format!("The pool {id} is not active."),
            ));
        }
        state.numbers.pool_members.remove(&id);
        for p in state.numbers.phone_numbers.values_mut() {
            if p.pool_id.as_deref() == Some(id.as_str()) {
                p.pool_id = None;
            }
        }
        state.numbers.keywords.remove(&info.pool_arn);
        account::forget_arn(state, &info.pool_arn);
        info.status = PoolInformationStatus::Deleting;
        let mut out = DeletePoolResult::builder().build();
        fill_pool!(out, info);
        Ok(out)
    })
}

pub(crate) fn update_pool(
    emu: &Emulator,
    ctx: &Ctx,
    input: UpdatePoolRequest,
) -> Result<UpdatePoolResult, EmuError> {
    emu.write(|state| {
        let id = require_pool(state, &input.pool_id)?;
        let list = match &input.opt_out_list_name {
            Some(list) => Some(require_list(state, ctx, list)?),
            None => None,
        };
        let Some(info) = state.numbers.pools.get_mut(&id) else {
            return Err(EmuError::not_found("pool", &input.pool_id));
        };
        if let Some(list) = list {
            info.opt_out_list_name = list;
        }
        if let Some(v) = input.two_way_enabled {
            info.two_way_enabled = v;
        }
        if let Some(v) = &input.two_way_channel_arn {
            info.two_way_channel_arn = Some(v.clone());
        }
        if let Some(v) = &input.two_way_channel_role {
            info.two_way_channel_role = Some(v.clone());
        }
        if let Some(v) = input.self_managed_opt_outs_enabled {
            info.self_managed_opt_outs_enabled = v;
        }
        if let Some(v) = input.shared_routes_enabled {
            info.shared_routes_enabled = v;
        }
        if let Some(v) = input.deletion_protection_enabled {
            info.deletion_protection_enabled = v;
        }
        two_way_check(info.two_way_enabled, info.two_way_channel_arn.as_ref())?;
        let info = info.clone();
        // The pool's numbers follow its opt-out and two-way settings.
        for p in state.numbers.phone_numbers.values_mut() {
            if p.pool_id.as_deref() == Some(id.as_str()) {
                p.opt_out_list_name = info.opt_out_list_name.clone();
                p.two_way_enabled = info.two_way_enabled;
                p.two_way_channel_arn = info.two_way_channel_arn.clone();
                p.two_way_channel_role = info.two_way_channel_role.clone();
                p.self_managed_opt_outs_enabled = info.self_managed_opt_outs_enabled;
            }
        }
        if info.opt_out_list_name == DEFAULT_OPT_OUT_LIST {
            ensure_list(state, ctx, DEFAULT_OPT_OUT_LIST)?;
        }
        let mut out = UpdatePoolResult::builder().build();
        out.deletion_protection_enabled = Some(info.deletion_protection_enabled);
        fill_pool!(out, info);
        Ok(out)
    })
}

fn pool_matches(p: &PoolInformation, filter: &PoolFilter) -> Result<bool, EmuError> {
    let values = &filter.values;
    let name = filter.name.as_str();
    Ok(match &filter.name {
        PoolFilterName::Status => filter_accepts(values, p.status.as_str()),
        PoolFilterName::MessageType => filter_accepts(values, p.message_type.as_str()),
        PoolFilterName::TwoWayEnabled => {
            crate::filter_accepts_bool(name, values, p.two_way_enabled)?
        }
        PoolFilterName::SelfManagedOptOutsEnabled => {
            crate::filter_accepts_bool(name, values, p.self_managed_opt_outs_enabled)?
        }
        PoolFilterName::OptOutListName => filter_accepts(values, &p.opt_out_list_name),
        PoolFilterName::SharedRoutesEnabled => {
            crate::filter_accepts_bool(name, values, p.shared_routes_enabled)?
        }
        PoolFilterName::DeletionProtectionEnabled => {
            crate::filter_accepts_bool(name, values, p.deletion_protection_enabled)?
        }
        PoolFilterName::TwoWayChannelArn => p
            .two_way_channel_arn
            .as_deref()
            .is_some_and(|arn| filter_accepts(values, arn)),
        _ => return Err(unknown_filter(name)),
    })
}

pub(crate) fn describe_pools(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DescribePoolsRequest,
) -> Result<DescribePoolsResult, EmuError> {
    let ids = input.pool_ids.clone().unwrap_or_default();
    let shared = owner_with_ids(input.owner.as_ref(), !ids.is_empty(), "PoolIds")?;
    let items = emu.read(|state| -> Result<Vec<PoolInformation>, EmuError> {
        if shared {
            return Ok(Vec::new());
        }
        let pools = &state.numbers.pools;
        let mut selected: Vec<&PoolInformation> = if ids.is_empty() {
            pools.values().collect()
        } else {
            crate::resolve_once(&ids, |wanted| require_pool(state, wanted))?
                .iter()
                .filter_map(|id| pools.get(id))
                .collect()
        };
        selected.sort_by(|a, b| {
            (a.created_timestamp, &a.pool_id).cmp(&(b.created_timestamp, &b.pool_id))
        });
        let filters = input.filters.as_deref().unwrap_or_default();
        let items = crate::keep_matching(selected, filters, pool_matches)?;
        Ok(items)
    })?;
    let (page, next) = paginate(
        items,
        input.next_token.as_deref(),
        input.max_results,
        DEFAULT_PAGE,
    )?;
    let mut out = DescribePoolsResult::builder().build();
    out.pools = Some(page);
    out.next_token = next;
    Ok(out)
}

pub(crate) fn associate_origination_identity(
    emu: &Emulator,
    _ctx: &Ctx,
    input: AssociateOriginationIdentityRequest,
) -> Result<AssociateOriginationIdentityResult, EmuError> {
    emu.write(|state| {
        let pool_id = require_pool(state, &input.pool_id)?;
        let member = find_member(state, &input.origination_identity, &input.iso_country_code)?;
        check_country(&member, &input.iso_country_code)?;
        let Some(pool) = state.numbers.pools.get(&pool_id).cloned() else {
            return Err(EmuError::not_found("pool", &input.pool_id));
        };
        let already = state
            .numbers
            .pool_members
            .get(&pool_id)
            .is_some_and(|members| members.contains(&member.arn));
        if let Some(other) = member
            .phone
            .as_ref()
            .and_then(|p| p.pool_id.as_ref())
            .filter(|other| **other != pool_id)
        {
            return Err(EmuError::conflict(
                "PHONE_NUMBER_ASSOCIATED_TO_POOL",
                "phone-number",
                &member.key,
                format!(
                    "The phone number {} is already in the pool {other}.",
                    member.key
                ),
            ));
        }
        if !already {
            check_pool_match(
                &pool,
                member.kind,
                &member.key,
                &member.message_types,
                member.phone.as_ref(),
            )?;
            state
                .numbers
                .pool_members
                .entry(pool_id.clone())
                .or_default()
                .push(member.arn.clone());
            if let Some(p) = state
                .numbers
                .phone_numbers
                .get_mut(&member.key)
                .filter(|_| member.phone.is_some())
            {
                p.pool_id = Some(pool_id.clone());
            }
        }
        let mut out = AssociateOriginationIdentityResult::builder().build();
        out.pool_arn = Some(pool.pool_arn);
        out.pool_id = Some(pool.pool_id);
        out.origination_identity = Some(member.name);
        out.origination_identity_arn = Some(member.arn);
        out.iso_country_code = Some(member.iso_country_code);
        Ok(out)
    })
}

pub(crate) fn disassociate_origination_identity(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DisassociateOriginationIdentityRequest,
) -> Result<DisassociateOriginationIdentityResult, EmuError> {
    emu.write(|state| {
        let pool_id = require_pool(state, &input.pool_id)?;
        let member = find_member(state, &input.origination_identity, &input.iso_country_code)?;
        check_country(&member, &input.iso_country_code)?;
        let Some(pool) = state.numbers.pools.get(&pool_id).cloned() else {
            return Err(EmuError::not_found("pool", &input.pool_id));
        };
        let members = state.numbers.pool_members.entry(pool_id.clone()).or_default();
        let Some(at) = members.iter().position(|m| *m == member.arn) else {
            let reason = if member.phone.is_some() {
                "PHONE_NUMBER_NOT_ASSOCIATED_TO_POOL"
            } else {
                "SENDER_ID_NOT_ASSOCIATED_TO_POOL"
            };
            return Err(EmuError::conflict(
                reason,
                member.kind,
                &member.key,
                format!("{} is not in the pool {pool_id}.", member.name),
            ));
        };
        if members.len() == 1 {
            return Err(EmuError::conflict(
                "LAST_PHONE_NUMBER",
                "pool",
                &pool_id,
                format!(
                    "{} is the last origination identity of the pool {pool_id}; delete the pool instead.",
                    member.name
                ),
            ));
        }
        members.remove(at);
        if let Some(p) = state.numbers.phone_numbers.get_mut(&member.key).filter(|_| member.phone.is_some()) {
            p.pool_id = None;
        }
        let mut out = DisassociateOriginationIdentityResult::builder().build();
        out.pool_arn = Some(pool.pool_arn);
        out.pool_id = Some(pool.pool_id);
        out.origination_identity = Some(member.name);
        out.origination_identity_arn = Some(member.arn);
        out.iso_country_code = Some(member.iso_country_code);
        Ok(out)
    })
}

pub(crate) fn list_pool_origination_identities(
    emu: &Emulator,
    _ctx: &Ctx,
    input: ListPoolOriginationIdentitiesRequest,
) -> Result<ListPoolOriginationIdentitiesResult, EmuError> {
    let (pool, items) = emu.read(|state| -> Result<_, EmuError> {
        let pool_id = require_pool(state, &input.pool_id)?;
        let pool = state
            .numbers
            .pools
            .get(&pool_id)
            .cloned()
            .ok_or_else(|| EmuError::not_found("pool", &input.pool_id))?;
        let mut items = Vec::new();
        for arn in state
            .numbers
            .pool_members
            .get(&pool_id)
            .into_iter()
            .flatten()
        {
            let (id, country, capabilities, number) = if let Some(p) = state
                .numbers
                .phone_numbers
                .values()
                .find(|p| p.phone_number_arn == *arn)
            {
                (
                    p.phone_number_id.clone().unwrap_or_default(),
                    p.iso_country_code.clone(),
                    p.number_capabilities.clone(),
                    Some(p.phone_number.clone()),
                )
            } else if let Some(s) = state
                .numbers
                .sender_ids
                .values()
                .find(|s| s.sender_id_arn == *arn)
            {
                (
                    s.sender_id.clone(),
                    s.iso_country_code.clone(),
                    vec![NumberCapability::Sms],
                    None,
                )
            } else {
                continue;
            };
            let mut keep = true;
            for filter in input.filters.iter().flatten() {
                keep &= match &filter.name {
                    PoolOriginationIdentitiesFilterName::IsoCountryCode => {
                        filter_accepts(&filter.values, &country)
                    }
                    PoolOriginationIdentitiesFilterName::NumberCapability => capabilities
                        .iter()
                        .any(|c| filter_accepts(&filter.values, c.as_str())),
                    other => return Err(unknown_filter(other.as_str())),
                };
            }
            if !keep {
                continue;
            }
            let mut meta = OriginationIdentityMetadata::builder()
                .origination_identity(id)
                .origination_identity_arn(arn.clone())
                .iso_country_code(country)
                .number_capabilities(capabilities)
                .build()?;
            meta.phone_number = number;
            items.push(meta);
        }
        Ok((pool, items))
    })?;
    let (page, next) = paginate(
        items,
        input.next_token.as_deref(),
        input.max_results,
        DEFAULT_PAGE,
    )?;
    let mut out = ListPoolOriginationIdentitiesResult::builder().build();
    out.pool_arn = Some(pool.pool_arn);
    out.pool_id = Some(pool.pool_id);
    out.origination_identities = Some(page);
    out.next_token = next;
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Keywords
// ---------------------------------------------------------------------------------------

/// The phone number or pool whose keywords a request names: kind, id and ARN.
fn keyword_owner(
    state: &State,
    identity: &str,
) -> Result<(&'static str, String, String), EmuError> {
    if let Some(id) = find_phone(state, identity) {
        if let Some(p) = state.numbers.phone_numbers.get(&id) {
            return Ok(("phone-number", id, p.phone_number_arn.clone()));
        }
    }
    if let Some(id) = find_pool(state, identity) {
        if let Some(p) = state.numbers.pools.get(&id) {
            return Ok(("pool", id, p.pool_arn.clone()));
        }
    }
    if find_sender(state, identity, None).is_some() {
        return Err(EmuError::validation(
            "INVALID_PARAMETER",
            "OriginationIdentity",
            "Keywords are configured on phone numbers and pools, not on sender IDs.",
        ));
    }
    Err(EmuError::not_found(guess_kind(identity), identity))
}

/// Whether a keyword is one every number has (`HELP`, `STOP`), and the action it keeps.
fn reserved_action(keyword: &str) -> Option<KeywordAction> {
    match keyword {
        "HELP" => Some(KeywordAction::AutomaticResponse),
        "STOP" => Some(KeywordAction::OptOut),
        _ => None,
    }
}

pub(crate) fn put_keyword(
    emu: &Emulator,
    _ctx: &Ctx,
    input: PutKeywordRequest,
) -> Result<PutKeywordResult, EmuError> {
    emu.write(|state| {
        let (kind, id, arn) = keyword_owner(state, &input.origination_identity)?;
        let word = input.keyword.trim().to_uppercase();
        if word.is_empty() {
            return Err(EmuError::validation(
                "INVALID_PARAMETER",
                "Keyword",
                "A keyword cannot be blank.",
            ));
        }
        let keywords = state.numbers.keywords.entry(arn.clone()).or_default();
        let existing = keywords.get(&word).cloned();
        let action = input
            .keyword_action
            .clone()
            .or_else(|| existing.as_ref().map(|k| k.keyword_action.clone()))
            .unwrap_or(KeywordAction::AutomaticResponse);
        if let Some(required) = reserved_action(&word).filter(|r| *r != action) {
            return Err(EmuError::conflict(
                "RESOURCE_MODIFICATION_NOT_ALLOWED",
                "keyword",
                &word,
                format!(
                    "The action of the {word} keyword cannot be changed from {}; only its message can.",
                    required.as_str()
                ),
            ));
        }
        if existing.is_none() && keywords.len() >= MAX_KEYWORDS {
            let reason = if kind == "pool" {
                "KEYWORDS_PER_POOL"
            } else {
                "KEYWORDS_PER_PHONE_NUMBER"
            };
            return Err(EmuError::quota(
                reason,
                format!("{id} already has the maximum of {MAX_KEYWORDS} keywords."),
            ));
        }
        let keyword = match reserved_action(&word) {
            Some(_) => word.clone(),
            None => input.keyword.trim().to_owned(),
        };
        let info = KeywordInformation::builder()
            .keyword(keyword)
            .keyword_action(action)
            .keyword_message(input.keyword_message.clone())
            .build()
            ?;
        keywords.insert(word, info.clone());
        let mut out = PutKeywordResult::builder().build();
        out.keyword = Some(info.keyword);
        out.keyword_action = Some(info.keyword_action);
        out.keyword_message = Some(info.keyword_message);
        out.origination_identity = Some(id);
        out.origination_identity_arn = Some(arn);
        Ok(out)
    })
}

pub(crate) fn delete_keyword(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DeleteKeywordRequest,
) -> Result<DeleteKeywordResult, EmuError> {
    emu.write(|state| {
        let (_, id, arn) = keyword_owner(state, &input.origination_identity)?;
        let word = input.keyword.trim().to_uppercase();
        if reserved_action(&word).is_some() {
            return Err(EmuError::conflict(
                "RESOURCE_DELETION_NOT_ALLOWED",
                "keyword",
                &word,
                format!("The {word} keyword cannot be deleted."),
            ));
        }
        let info = state
            .numbers
            .keywords
            .get_mut(&arn)
            .and_then(|keywords| keywords.remove(&word))
            .ok_or_else(|| EmuError::not_found("keyword", &input.keyword))?;
        let mut out = DeleteKeywordResult::builder().build();
        out.keyword = Some(info.keyword);
        out.keyword_action = Some(info.keyword_action);
        out.keyword_message = Some(info.keyword_message);
        out.origination_identity = Some(id);
        out.origination_identity_arn = Some(arn);
        Ok(out)
    })
}

pub(crate) fn describe_keywords(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DescribeKeywordsRequest,
) -> Result<DescribeKeywordsResult, EmuError> {
    let (id, arn, items) = emu.read(|state| -> Result<_, EmuError> {
        let (_, id, arn) = keyword_owner(state, &input.origination_identity)?;
        let empty = BTreeMap::new();
        let keywords = state.numbers.keywords.get(&arn).unwrap_or(&empty);
        let wanted = input.keywords.clone().unwrap_or_default();
        let mut selected: Vec<&KeywordInformation> = Vec::new();
        if wanted.is_empty() {
            selected.extend(keywords.values());
        } else {
            for w in &wanted {
                let k = keywords
                    .get(&w.trim().to_uppercase())
                    .ok_or_else(|| EmuError::not_found("keyword", w))?;
                if !selected.iter().any(|s| s.keyword == k.keyword) {
                    selected.push(k);
                }
            }
        }
        let mut items = Vec::new();
        for k in selected {
            let mut keep = true;
            for filter in input.filters.iter().flatten() {
                keep &= match &filter.name {
                    KeywordFilterName::KeywordAction => {
                        filter_accepts(&filter.values, k.keyword_action.as_str())
                    }
                    other => return Err(unknown_filter(other.as_str())),
                };
            }
            if keep {
                items.push(k.clone());
            }
        }
        Ok((id, arn, items))
    })?;
    let (page, next) = paginate(
        items,
        input.next_token.as_deref(),
        input.max_results,
        DEFAULT_PAGE,
    )?;
    let mut out = DescribeKeywordsResult::builder().build();
    out.origination_identity = Some(id);
    out.origination_identity_arn = Some(arn);
    out.keywords = Some(page);
    out.next_token = next;
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Opt-out lists and opted-out numbers
// ---------------------------------------------------------------------------------------

pub(crate) fn create_opt_out_list(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreateOptOutListRequest,
) -> Result<CreateOptOutListResult, EmuError> {
    emu.write(|state| {
        let name = input.opt_out_list_name.as_str();
        if list_name(state, ctx, name).is_some() {
            return Err(EmuError::conflict(
                "RESOURCE_ALREADY_EXISTS",
                "opt-out-list",
                name,
                format!("The opt-out list {name} already exists."),
            ));
        }
        ensure_list(state, ctx, DEFAULT_OPT_OUT_LIST)?;
        check_limit("OPT_OUT_LISTS", state.numbers.opt_out_lists.len())?;
        let info = new_list(ctx, name)?;
        state
            .numbers
            .opt_out_lists
            .insert(name.to_owned(), info.clone());
        account::add_tags(
            state,
            &info.opt_out_list_arn,
            input.tags.as_deref().unwrap_or_default(),
        )?;
        let tags = input.tags.clone();
        let mut out = CreateOptOutListResult::builder().build();
        out.opt_out_list_arn = Some(info.opt_out_list_arn);
        out.opt_out_list_name = Some(info.opt_out_list_name);
        out.created_timestamp = Some(info.created_timestamp);
        out.tags = tags;
        Ok(out)
    })
}

pub(crate) fn delete_opt_out_list(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteOptOutListRequest,
) -> Result<DeleteOptOutListResult, EmuError> {
    emu.write(|state| {
        let name = require_list(state, ctx, &input.opt_out_list_name)?;
        if name == DEFAULT_OPT_OUT_LIST {
            return Err(EmuError::conflict(
                "RESOURCE_DELETION_NOT_ALLOWED",
                "opt-out-list",
                &name,
                "The Default opt-out list cannot be deleted.",
            ));
        }
        let user = state
            .numbers
            .phone_numbers
            .iter()
            .find(|(_, p)| p.opt_out_list_name == name)
            .map(|(id, _)| format!("phone number {id}"))
            .or_else(|| {
                state
                    .numbers
                    .pools
                    .iter()
                    .find(|(_, p)| p.opt_out_list_name == name)
                    .map(|(id, _)| format!("pool {id}"))
            });
        if let Some(user) = user {
            return Err(EmuError::conflict(
                "RESOURCE_DELETION_NOT_ALLOWED",
                "opt-out-list",
                &name,
                format!("The opt-out list {name} is in use by the {user}."),
            ));
        }
        let Some(info) = state.numbers.opt_out_lists.remove(&name) else {
            return Err(EmuError::not_found(
                "opt-out-list",
                &input.opt_out_list_name,
            ));
        };
        state.remove_opt_out_list_numbers(&name)?;
        state.numbers.opted_in.remove(&name);
        account::forget_arn(state, &info.opt_out_list_arn);
        let mut out = DeleteOptOutListResult::builder().build();
        out.opt_out_list_arn = Some(info.opt_out_list_arn);
        out.opt_out_list_name = Some(info.opt_out_list_name);
        out.created_timestamp = Some(info.created_timestamp);
        Ok(out)
    })
}

pub(crate) fn describe_opt_out_lists(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeOptOutListsRequest,
) -> Result<DescribeOptOutListsResult, EmuError> {
    let names = input.opt_out_list_names.clone().unwrap_or_default();
    let shared = owner_with_ids(input.owner.as_ref(), !names.is_empty(), "OptOutListNames")?;
    // The Default list is listed from the start, with the time it was first listed.
    if !emu.read(|state| {
        state
            .numbers
            .opt_out_lists
            .contains_key(DEFAULT_OPT_OUT_LIST)
    }) {
        emu.write(|state| ensure_list(state, ctx, DEFAULT_OPT_OUT_LIST))?;
    }
    let items = emu.read(|state| -> Result<Vec<OptOutListInformation>, EmuError> {
        if shared {
            return Ok(Vec::new());
        }
        if names.is_empty() {
            let mut all: Vec<OptOutListInformation> =
                state.numbers.opt_out_lists.values().cloned().collect();
            all.sort_by(|a, b| {
                (a.created_timestamp, &a.opt_out_list_name)
                    .cmp(&(b.created_timestamp, &b.opt_out_list_name))
            });
            return Ok(all);
        }
        let mut items: Vec<OptOutListInformation> = Vec::new();
        for wanted in &names {
            let name = require_list(state, ctx, wanted)?;
            if !items.iter().any(|i| i.opt_out_list_name == name) {
                items.push(list_info(state, ctx, &name)?);
            }
        }
        Ok(items)
    })?;
    let (page, next) = paginate(
        items,
        input.next_token.as_deref(),
        input.max_results,
        DEFAULT_PAGE,
    )?;
    let mut out = DescribeOptOutListsResult::builder().build();
    out.opt_out_lists = Some(page);
    out.next_token = next;
    Ok(out)
}

/// A number as opt-out lists keep it: E.164, with its `+`.
fn e164(number: &str) -> String {
    if number.starts_with('+') {
        number.to_owned()
    } else {
        format!("+{number}")
    }
}

pub(crate) fn put_opted_out_number(
    emu: &Emulator,
    ctx: &Ctx,
    input: PutOptedOutNumberRequest,
) -> Result<PutOptedOutNumberResult, EmuError> {
    emu.write(|state| {
        let name = require_list(state, ctx, &input.opt_out_list_name)?;
        ensure_list(state, ctx, &name)?;
        let number = e164(&input.opted_out_number);
        let entry = match state.opted_out_number(&name, &number)? {
            Some(existing) => existing,
            None => {
                let entry = OptedOutNumberInformation::builder()
                    .opted_out_number(number.clone())
                    .opted_out_timestamp(now())
                    .end_user_opted_out(false)
                    .build()?;
                state.put_opted_out_number(&name, &entry)?;
                entry
            }
        };
        let list = list_info(state, ctx, &name)?;
        let mut out = PutOptedOutNumberResult::builder().build();
        out.opt_out_list_arn = Some(list.opt_out_list_arn);
        out.opt_out_list_name = Some(list.opt_out_list_name);
        out.opted_out_number = Some(entry.opted_out_number);
        out.opted_out_timestamp = Some(entry.opted_out_timestamp);
        out.end_user_opted_out = Some(entry.end_user_opted_out);
        Ok(out)
    })
}

pub(crate) fn delete_opted_out_number(
    emu: &Emulator,
    ctx: &Ctx,
    input: DeleteOptedOutNumberRequest,
) -> Result<DeleteOptedOutNumberResult, EmuError> {
    emu.write(|state| {
        let name = require_list(state, ctx, &input.opt_out_list_name)?;
        let number = e164(&input.opted_out_number);
        let at = now();
        if let Some(last) = state.numbers.opted_in.get(&name).and_then(|m| m.get(&number)) {
            if at.secs() - last.secs() < OPT_IN_COOLDOWN_SECS {
                return Err(EmuError::validation(
                    "PHONE_NUMBER_CANNOT_BE_OPTED_IN",
                    "OptedOutNumber",
                    format!(
                        "{number} was already taken out of the opt-out list {name} in the last 30 days."
                    ),
                ));
            }
        }
        let entry = state
            .remove_opted_out_number(&name, &number)?
            .ok_or_else(|| EmuError::not_found("opted-out-number", &number))?;
        state
            .numbers
            .opted_in
            .entry(name.clone())
            .or_default()
            .insert(number, at);
        let list = list_info(state, ctx, &name)?;
        let mut out = DeleteOptedOutNumberResult::builder().build();
        out.opt_out_list_arn = Some(list.opt_out_list_arn);
        out.opt_out_list_name = Some(list.opt_out_list_name);
        out.opted_out_number = Some(entry.opted_out_number);
        out.opted_out_timestamp = Some(entry.opted_out_timestamp);
        out.end_user_opted_out = Some(entry.end_user_opted_out);
        Ok(out)
    })
}

pub(crate) fn describe_opted_out_numbers(
    emu: &Emulator,
    ctx: &Ctx,
    input: DescribeOptedOutNumbersRequest,
) -> Result<DescribeOptedOutNumbersResult, EmuError> {
    let (list, items) = emu.query(|state| -> Result<_, EmuError> {
        let name = require_list(state, ctx, &input.opt_out_list_name)?;
        let list = list_info(state, ctx, &name)?;
        let numbers = state.opted_out_numbers(&name)?;
        let wanted: Vec<String> = input
            .opted_out_numbers
            .iter()
            .flatten()
            .map(|n| e164(n))
            .collect();
        let mut items = Vec::new();
        for entry in numbers {
            if !wanted.is_empty() && !wanted.contains(&entry.opted_out_number) {
                continue;
            }
            let mut keep = true;
            for filter in input.filters.iter().flatten() {
                keep &= match &filter.name {
                    OptedOutFilterName::EndUserOptedOut => crate::filter_accepts_bool(
                        filter.name.as_str(),
                        &filter.values,
                        entry.end_user_opted_out,
                    )?,
                    other => return Err(unknown_filter(other.as_str())),
                };
            }
            if keep {
                items.push(entry);
            }
        }
        Ok((list, items))
    })?;
    let (page, next) = paginate(
        items,
        input.next_token.as_deref(),
        input.max_results,
        DEFAULT_PAGE,
    )?;
    let mut out = DescribeOptedOutNumbersResult::builder().build();
    out.opt_out_list_arn = Some(list.opt_out_list_arn);
    out.opt_out_list_name = Some(list.opt_out_list_name);
    out.opted_out_numbers = Some(page);
    out.next_token = next;
    Ok(out)
}
