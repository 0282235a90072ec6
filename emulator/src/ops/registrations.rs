//! Registrations (v2): the forms an account files to register origination identities, their
//! versions and field values, attachments, and associations with phone numbers, sender IDs and
//! other registrations.
//!
//! The catalogue ([`TYPES`]) holds three registration types with their sections and fields:
//! `US_TOLL_FREE_REGISTRATION`, `US_TEN_DLC_BRAND_REGISTRATION` and
//! `US_TEN_DLC_CAMPAIGN_REGISTRATION`. Field values are checked against its definitions (an
//! unknown field path, a value of the wrong kind, a text outside its length or pattern, a choice
//! not offered: `ValidationException`).
//!
//! The workflow follows the docs:
//! - A new registration is `CREATED` with version 1 in `DRAFT`. Field values can be put and
//!   deleted only while the latest version is a `DRAFT` (otherwise `ConflictException`
//!   `EDIT_REGISTRATION_FIELD_VALUES_NOT_ALLOWED`).
//! - `SubmitRegistrationVersion` submits the draft (an association the type needs before
//!   submission must exist first). The answer shows the version `SUBMITTED`; the emulator then
//!   reviews it at once: `REVIEWING`, and `APPROVED` when every required field has a valid
//!   value (the registration becomes `COMPLETE`, a previously approved version `ARCHIVED`), or
//!   `DENIED` with its reasons (the registration `REQUIRES_UPDATES`, unless an earlier version
//!   is approved).
//! - `CreateRegistrationVersion` opens a new, empty draft once the latest version is no longer a
//!   draft or under review; `DiscardRegistrationVersion` discards a draft other than the first.
//! - A registration whose phone number or sender ID was released, when its type closes on
//!   disassociation, is `CLOSED`.
//!
//! Attachments come from `AttachmentBody` (PDF, PNG or JPEG, at most 500 KB) or `AttachmentUrl`
//! (`s3://bucket/key.pdf|png|jpg|jpeg`), and are `UPLOAD_COMPLETE` at once.

use sms_voice::pinpointsmsvoicev2::*;
use sms_voice::runtime::Timestamp;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::EmuError;
use crate::ops::account;
use crate::{Ctx, Emulator};

/// This area's part of the [`State`](crate::state::State).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RegistrationsState {
    /// Registrations by `RegistrationId`.
    pub registrations: BTreeMap<String, RegistrationInformation>,
    /// Each registration's versions, oldest first.
    pub versions: BTreeMap<String, Vec<RegistrationVersion>>,
    /// Registration attachments by `RegistrationAttachmentId`.
    pub attachments: BTreeMap<String, RegistrationAttachment>,
    /// Each registration's associated resources, in the order they were associated.
    pub associations: BTreeMap<String, Vec<RegistrationAssociationMetadata>>,
}

/// One version of a registration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegistrationVersion {
    /// Its number, from 1.
    pub version_number: i64,
    /// Its status.
    pub status: RegistrationVersionStatus,
    /// When it reached each status.
    pub history: RegistrationVersionStatusHistory,
    /// Why it was denied, if it was.
    #[serde(default)]
    pub denied_reasons: Vec<RegistrationDeniedReasonInformation>,
    /// Whether its submission asked for AWS review.
    #[serde(default)]
    pub aws_review: bool,
    /// Its field values by field path.
    #[serde(default)]
    pub field_values: BTreeMap<String, RegistrationFieldValueInformation>,
}

/// A registration attachment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegistrationAttachment {
    /// What Describe answers.
    pub info: RegistrationAttachmentsInformation,
    /// The size of the file in bytes (0 when it came from a URL).
    pub size: u64,
    /// `application/pdf`, `image/png` or `image/jpeg`.
    pub content_type: String,
    /// The `AttachmentUrl` it was made from, if any.
    pub url: Option<String>,
}

impl RegistrationsState {
    /// Whether a resource of this area has this ARN (for tags and resource policies).
    pub(crate) fn has_arn(&self, arn: &str) -> bool {
        self.registrations
            .values()
            .any(|r| r.registration_arn == arn)
            || self
                .attachments
                .values()
                .any(|a| a.info.registration_attachment_arn == arn)
    }

    /// The id of the registration named by id or ARN.
    fn find(&self, id_or_arn: &str) -> Option<String> {
        self.registrations
            .iter()
            .find(|(id, r)| id.as_str() == id_or_arn || r.registration_arn == id_or_arn)
            .map(|(id, _)| id.clone())
    }

    fn get(&self, id_or_arn: &str) -> Result<&RegistrationInformation, EmuError> {
        self.find(id_or_arn)
            .and_then(|id| self.registrations.get(&id))
            .ok_or_else(|| EmuError::not_found(REGISTRATION, id_or_arn))
    }

    fn latest(&self, id: &str) -> Result<&RegistrationVersion, EmuError> {
        self.versions
            .get(id)
            .and_then(|versions| versions.last())
            .ok_or_else(|| no_versions(id))
    }

    fn latest_mut(&mut self, id: &str) -> Result<&mut RegistrationVersion, EmuError> {
        self.versions
            .get_mut(id)
            .and_then(|versions| versions.last_mut())
            .ok_or_else(|| no_versions(id))
    }

    /// The id of the attachment named by id or ARN.
    fn find_attachment(&self, id_or_arn: &str) -> Option<String> {
        self.attachments
            .iter()
            .find(|(id, a)| {
                id.as_str() == id_or_arn || a.info.registration_attachment_arn == id_or_arn
            })
            .map(|(id, _)| id.clone())
    }
}

const REGISTRATION: &str = "registration";

/// A version number a registration does not have: `ValidationException` with the reason the
/// service has for it (`UNKNOWN_REGISTRATION_VERSION`).
fn unknown_version(field: &str, id: &str, number: i64) -> EmuError {
    EmuError::validation(
        "UNKNOWN_REGISTRATION_VERSION",
        field,
        format!("{id} has no version {number}."),
    )
}

/// A registration without any version (which creating one never leaves): the registration is
/// named, as the service's enum of resource types has no value for a version.
fn no_versions(id: &str) -> EmuError {
    EmuError::not_found_in(REGISTRATION, id, format!("{id} has no versions."))
}
const ATTACHMENT: &str = "registration-attachment";

/// The largest attachment body, in bytes.
const MAX_ATTACHMENT_SIZE: usize = 500 * 1024;

// ---------------------------------------------------------------------------------------------
// The catalogue of registration types.

/// How a text field's value is checked.
#[derive(Debug, Clone, Copy)]
enum TextRule {
    /// Any text.
    Free,
    /// An email address.
    Email,
    /// An `http(s)` URL.
    Url,
    /// A phone number in E.164.
    Phone,
    /// Exactly this many digits.
    Digits(usize),
    /// An ISO 3166-1 alpha-2 code.
    Country,
    /// A US ZIP code (`12345` or `12345-6789`).
    Zip,
}

impl TextRule {
    fn pattern(self) -> String {
        match self {
            Self::Free => "^[\\s\\S]*$".to_owned(),
            Self::Email => "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$".to_owned(),
            Self::Url => "^https?://\\S+$".to_owned(),
            Self::Phone => "^\\+[1-9][0-9]{1,14}$".to_owned(),
            Self::Digits(n) => format!("^[0-9]{{{n}}}$"),
            Self::Country => "^[A-Z]{2}$".to_owned(),
            Self::Zip => "^[0-9]{5}(-[0-9]{4})?$".to_owned(),
        }
    }

    fn description(self) -> String {
        match self {
            Self::Free => "Free text.".to_owned(),
            Self::Email => "An email address, e.g. support@example.com.".to_owned(),
            Self::Url => "A URL starting with http:// or https://.".to_owned(),
            Self::Phone => "A phone number in E.164 format, e.g. +12065550100.".to_owned(),
            Self::Digits(n) => format!("Exactly {n} digits, without dashes."),
            Self::Country => "A two-letter ISO 3166-1 alpha-2 country code.".to_owned(),
            Self::Zip => "A US ZIP code: 12345 or 12345-6789.".to_owned(),
        }
    }

    fn accepts(self, value: &str) -> bool {
        let no_space = !value.is_empty() && !value.chars().any(char::is_whitespace);
        match self {
            Self::Free => true,
            Self::Email => {
                no_space
                    && value.split_once('@').is_some_and(|(user, domain)| {
                        !user.is_empty()
                            && !domain.contains('@')
                            && domain
                                .split_once('.')
                                .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
                    })
            }
            Self::Url => {
                no_space
                    && ["http://", "https://"].iter().any(|scheme| {
                        value
                            .strip_prefix(scheme)
                            .is_some_and(|rest| !rest.is_empty())
                    })
            }
            Self::Phone => value.strip_prefix('+').is_some_and(|digits| {
                (2..=15).contains(&digits.len())
                    && digits.chars().all(|c| c.is_ascii_digit())
                    && !digits.starts_with('0')
            }),
            Self::Digits(n) => value.len() == n && value.chars().all(|c| c.is_ascii_digit()),
            Self::Country => value.len() == 2 && value.chars().all(|c| c.is_ascii_uppercase()),
            Self::Zip => {
                let (five, four) = value.split_once('-').unwrap_or((value, ""));
                five.len() == 5
                    && five.chars().all(|c| c.is_ascii_digit())
                    && (four.is_empty()
                        || (four.len() == 4 && four.chars().all(|c| c.is_ascii_digit())))
            }
        }
    }
}

/// What a field holds.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Text, from `min` to `max` characters, following a rule.
    Text(usize, usize, TextRule),
    /// From `min` to `max` of the options.
    Select(&'static [&'static str], usize, usize),
    /// A registration attachment.
    Attachment,
}

/// Whether a field must have a value.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Need {
    Required,
    Conditional,
    Optional,
}

#[derive(Debug)]
struct FieldDef {
    /// `section.field`.
    path: &'static str,
    title: &'static str,
    description: &'static str,
    need: Need,
    kind: Kind,
    example: Option<&'static str>,
}

#[derive(Debug)]
struct SectionDef {
    path: &'static str,
    title: &'static str,
    description: &'static str,
}

#[derive(Debug)]
struct AssociationDef {
    /// An origination identity type (`TOLL_FREE`, `TEN_DLC`, `SENDER_ID`...) or a
    /// registration type.
    resource_type: &'static str,
    iso_country_code: &'static str,
    association: AssociationBehavior,
    disassociation: DisassociationBehavior,
    /// The most resources of this type one registration holds.
    max: usize,
}

#[derive(Debug)]
struct TypeDef {
    name: &'static str,
    title: &'static str,
    description: &'static str,
    link: &'static str,
    sections: &'static [SectionDef],
    fields: &'static [FieldDef],
    associations: &'static [AssociationDef],
}

impl TypeDef {
    fn field(&self, path: &str) -> Option<&'static FieldDef> {
        self.fields.iter().find(|f| f.path == path)
    }

    fn association(&self, resource_type: &str) -> Option<&'static AssociationDef> {
        self.associations
            .iter()
            .find(|a| a.resource_type == resource_type)
    }
}

fn section_of(path: &str) -> &str {
    path.split_once('.').map_or(path, |(section, _)| section)
}

const fn text(min: usize, max: usize) -> Kind {
    Kind::Text(min, max, TextRule::Free)
}

const COMPANY_SECTION: SectionDef = SectionDef {
    path: "companyInfo",
    title: "Company info",
    description: "The legal name and address of the company that sends the messages.",
};
const CONTACT_SECTION: SectionDef = SectionDef {
    path: "contactInfo",
    title: "Contact info",
    description: "Who the reviewers and the message recipients can contact.",
};
const SAMPLES_SECTION: SectionDef = SectionDef {
    path: "messageSamples",
    title: "Message samples",
    description: "Examples of the messages you send, as recipients see them.",
};

const MONTHLY_VOLUMES: &[&str] = &[
    "10",
    "100",
    "1,000",
    "10,000",
    "100,000",
    "250,000",
    "500,000",
    "750,000",
    "1,000,000",
    "5,000,000",
    "10,000,000+",
];
const TOLL_FREE_USE_CASES: &[&str] = &[
    "TWO_FACTOR_AUTHENTICATION",
    "ACCOUNT_NOTIFICATIONS",
    "CUSTOMER_CARE",
    "DELIVERY_NOTIFICATIONS",
    "FRAUD_ALERT_MESSAGING",
    "MARKETING",
    "POLLING_AND_VOTING",
    "PUBLIC_SERVICE_ANNOUNCEMENT",
    "SECURITY_ALERT",
];
const COMPANY_TYPES: &[&str] = &[
    "PRIVATE_PROFIT",
    "PUBLIC_PROFIT",
    "NON_PROFIT",
    "GOVERNMENT",
];
const STOCK_EXCHANGES: &[&str] = &[
    "NASDAQ", "NYSE", "AMEX", "AMX", "ASX", "B3", "BME", "BSE", "FRA", "ICEX", "JPX", "JSE", "KRX",
    "LON", "NSE", "OMX", "SEHK", "SSE", "STO", "SWX", "SZSE", "TSX", "TWSE", "VSE", "OTHER",
];
const VERTICALS: &[&str] = &[
    "AGRICULTURE",
    "COMMUNICATION",
    "CONSTRUCTION",
    "EDUCATION",
    "ENERGY",
    "ENTERTAINMENT",
    "FINANCIAL",
    "GAMBLING",
    "GOVERNMENT",
    "HEALTHCARE",
    "HOSPITALITY",
    "INSURANCE",
    "MANUFACTURING",
    "NGO",
    "REAL_ESTATE",
    "RETAIL",
    "TECHNOLOGY",
];
const TEN_DLC_USE_CASES: &[&str] = &[
    "TWO_FACTOR_AUTHENTICATION",
    "ACCOUNT_NOTIFICATION",
    "CUSTOMER_CARE",
    "DELIVERY_NOTIFICATION",
    "FRAUD_ALERT",
    "HIGHER_EDUCATION",
    "LOW_VOLUME",
    "MARKETING",
    "MIXED",
    "POLLING_VOTING",
    "PUBLIC_SERVICE_ANNOUNCEMENT",
    "SECURITY_ALERT",
];
const SUB_USE_CASES: &[&str] = &[
    "TWO_FACTOR_AUTHENTICATION",
    "ACCOUNT_NOTIFICATION",
    "CUSTOMER_CARE",
    "DELIVERY_NOTIFICATION",
    "FRAUD_ALERT",
    "MARKETING",
    "POLLING_VOTING",
];
const CAPABILITIES: &[&str] = &["SMS", "VOICE", "MMS"];

macro_rules! field {
    ($path:literal, $title:literal, $description:literal, $need:ident, $kind:expr) => {
        FieldDef {
            path: $path,
            title: $title,
            description: $description,
            need: Need::$need,
            kind: $kind,
            example: None,
        }
    };
    ($path:literal, $title:literal, $description:literal, $need:ident, $kind:expr, $example:literal) => {
        FieldDef {
            path: $path,
            title: $title,
            description: $description,
            need: Need::$need,
            kind: $kind,
            example: Some($example),
        }
    };
}

/// The registration types the emulator knows, in the order Describe lists them.
static TYPES: &[TypeDef] = &[
    TypeDef {
        name: "US_TEN_DLC_BRAND_REGISTRATION",
        title: "US 10DLC brand registration",
        description: "Registers a company as a brand with The Campaign Registry before it registers 10DLC campaigns.",
        link: "https://docs.aws.amazon.com/sms-voice/latest/userguide/registrations-10dlc.html",
        sections: &[COMPANY_SECTION, CONTACT_SECTION],
        fields: &[
            field!("companyInfo.companyName", "Legal company name", "The company's name as registered with the tax authority.", Required, text(1, 100), "Example Corp"),
            field!("companyInfo.companyType", "Company type", "The legal form of the company.", Required, Kind::Select(COMPANY_TYPES, 1, 1)),
            field!("companyInfo.taxIdIssuingCountry", "Tax ID issuing country", "The country that issued the tax ID.", Required, Kind::Text(2, 2, TextRule::Country), "US"),
            field!("companyInfo.taxId", "Tax ID", "The company's tax ID (EIN in the US), nine digits.", Required, Kind::Text(9, 9, TextRule::Digits(9)), "123456789"),
            field!("companyInfo.website", "Website", "The company's website.", Required, Kind::Text(1, 100, TextRule::Url), "https://example.com"),
            field!("companyInfo.stockSymbol", "Stock symbol", "Required for PUBLIC_PROFIT companies, not allowed otherwise.", Conditional, text(1, 10), "EXMP"),
            field!("companyInfo.stockExchange", "Stock exchange", "Required for PUBLIC_PROFIT companies, not allowed otherwise.", Conditional, Kind::Select(STOCK_EXCHANGES, 1, 1)),
            field!("companyInfo.address1", "Address", "The street address.", Required, text(1, 100), "123 Any Street"),
            field!("companyInfo.address2", "Address line 2", "Suite, floor or unit.", Optional, text(1, 100)),
            field!("companyInfo.city", "City", "The city.", Required, text(1, 100), "Seattle"),
            field!("companyInfo.state", "State", "The state or region.", Required, text(1, 100), "WA"),
            field!("companyInfo.zipCode", "ZIP code", "The postal code.", Required, Kind::Text(5, 10, TextRule::Zip), "98101"),
            field!("companyInfo.isoCountryCode", "Country", "The country of the address.", Required, Kind::Text(2, 2, TextRule::Country), "US"),
            field!("contactInfo.supportEmail", "Support email", "Where recipients can write for help.", Required, Kind::Text(1, 100, TextRule::Email), "support@example.com"),
            field!("contactInfo.supportPhoneNumber", "Support phone number", "Where recipients can call for help.", Required, Kind::Text(3, 16, TextRule::Phone), "+12065550100"),
            field!("contactInfo.businessContactEmail", "Business contact email", "Required for PUBLIC_PROFIT companies (for brand verification), not allowed otherwise.", Conditional, Kind::Text(1, 100, TextRule::Email), "ceo@example.com"),
        ],
        associations: &[],
    },
    TypeDef {
        name: "US_TEN_DLC_CAMPAIGN_REGISTRATION",
        title: "US 10DLC campaign registration",
        description: "Registers a messaging campaign of a registered brand; 10DLC phone numbers are associated with it once it is complete.",
        link: "https://docs.aws.amazon.com/sms-voice/latest/userguide/registrations-10dlc.html",
        sections: &[
            SectionDef { path: "campaignInfo", title: "Campaign info", description: "What the campaign is and what it sends." },
            SectionDef { path: "campaignUseCase", title: "Use case", description: "Why the campaign sends messages." },
            SectionDef { path: "messageFlow", title: "Message flow", description: "How recipients opt in, get help and opt out." },
            SAMPLES_SECTION,
            SectionDef { path: "campaignCapabilities", title: "Capabilities", description: "The channels the campaign uses." },
        ],
        fields: &[
            field!("campaignInfo.campaignName", "Campaign name", "A name for the campaign.", Required, text(1, 64), "Order updates"),
            field!("campaignInfo.campaignDescription", "Campaign description", "What the campaign sends, at least 40 characters.", Required, text(40, 4096)),
            field!("campaignInfo.campaignVertical", "Vertical", "The industry of the campaign.", Required, Kind::Select(VERTICALS, 1, 1)),
            field!("campaignUseCase.useCase", "Use case", "The campaign's use case.", Required, Kind::Select(TEN_DLC_USE_CASES, 1, 1)),
            field!("campaignUseCase.subUseCases", "Sub use cases", "For MIXED and LOW_VOLUME campaigns: the use cases they mix.", Optional, Kind::Select(SUB_USE_CASES, 1, 5)),
            field!("messageFlow.optInWorkflow", "Opt-in workflow", "How recipients consent to the messages, at least 40 characters.", Required, text(40, 2048)),
            field!("messageFlow.optInScreenshot", "Opt-in screenshot", "An image or PDF of the opt-in form.", Optional, Kind::Attachment),
            field!("messageFlow.helpMessage", "HELP response", "The answer to a HELP keyword.", Required, text(20, 160), "Example Corp: reply STOP to opt out. Help: support@example.com"),
            field!("messageFlow.stopMessage", "STOP response", "The answer to a STOP keyword.", Required, text(20, 160), "Example Corp: you are unsubscribed and will get no more messages."),
            field!("messageSamples.messageSample1", "Message sample 1", "A message the campaign sends.", Required, text(20, 1024)),
            field!("messageSamples.messageSample2", "Message sample 2", "Another message the campaign sends.", Required, text(20, 1024)),
            field!("messageSamples.messageSample3", "Message sample 3", "Another message the campaign sends.", Optional, text(20, 1024)),
            field!("campaignCapabilities.numberCapability", "Number capabilities", "The channels the campaign's numbers use.", Required, Kind::Select(CAPABILITIES, 1, 3)),
        ],
        associations: &[
            AssociationDef {
                resource_type: "US_TEN_DLC_BRAND_REGISTRATION",
                iso_country_code: "US",
                association: AssociationBehavior::AssociateBeforeSubmit,
                disassociation: DisassociationBehavior::DeleteRegistrationDisassociates,
                max: 1,
            },
            AssociationDef {
                resource_type: "TEN_DLC",
                iso_country_code: "US",
                association: AssociationBehavior::AssociateAfterComplete,
                disassociation: DisassociationBehavior::DisassociateAllAllowsDeleteRegistration,
                max: 49,
            },
        ],
    },
    TypeDef {
        name: "US_TOLL_FREE_REGISTRATION",
        title: "US toll-free number registration",
        description: "Registers one US toll-free number, which must be associated before the registration is submitted.",
        link: "https://docs.aws.amazon.com/sms-voice/latest/userguide/phone-numbers-toll-free-registration.html",
        sections: &[
            COMPANY_SECTION,
            CONTACT_SECTION,
            SectionDef { path: "messagingUseCase", title: "Messaging use case", description: "What the number sends, to how many recipients, and how they opt in." },
            SAMPLES_SECTION,
        ],
        fields: &[
            field!("companyInfo.companyName", "Company name", "The company's legal name.", Required, text(1, 100), "Example Corp"),
            field!("companyInfo.website", "Website", "The company's website.", Required, Kind::Text(1, 100, TextRule::Url), "https://example.com"),
            field!("companyInfo.address1", "Address", "The street address.", Required, text(1, 100), "123 Any Street"),
            field!("companyInfo.address2", "Address line 2", "Suite, floor or unit.", Optional, text(1, 100)),
            field!("companyInfo.city", "City", "The city.", Required, text(1, 100), "Seattle"),
            field!("companyInfo.state", "State", "The state or region.", Required, text(1, 100), "WA"),
            field!("companyInfo.zipCode", "ZIP code", "The postal code.", Required, Kind::Text(5, 10, TextRule::Zip), "98101"),
            field!("companyInfo.isoCountryCode", "Country", "The country of the address.", Required, Kind::Text(2, 2, TextRule::Country), "US"),
            field!("contactInfo.firstName", "First name", "The contact's first name.", Required, text(1, 50), "Jane"),
            field!("contactInfo.lastName", "Last name", "The contact's last name.", Required, text(1, 50), "Doe"),
            field!("contactInfo.supportEmail", "Support email", "Where recipients can write for help.", Required, Kind::Text(1, 100, TextRule::Email), "support@example.com"),
            field!("contactInfo.supportPhoneNumber", "Support phone number", "Where recipients can call for help.", Required, Kind::Text(3, 16, TextRule::Phone), "+12065550100"),
            field!("messagingUseCase.monthlyMessageVolume", "Monthly message volume", "How many messages a month the number sends.", Required, Kind::Select(MONTHLY_VOLUMES, 1, 1)),
            field!("messagingUseCase.useCaseCategory", "Use case category", "What the messages are for.", Required, Kind::Select(TOLL_FREE_USE_CASES, 1, 1)),
            field!("messagingUseCase.useCaseDetails", "Use case details", "What the messages say and why recipients get them.", Required, text(1, 500)),
            field!("messagingUseCase.optInDescription", "Opt-in description", "How recipients consent to the messages.", Required, text(1, 500)),
            field!("messagingUseCase.optInImage", "Opt-in image", "An image or PDF of the opt-in form.", Required, Kind::Attachment),
            field!("messageSamples.messageSample1", "Message sample 1", "A message the number sends.", Required, text(1, 1024)),
            field!("messageSamples.messageSample2", "Message sample 2", "Another message the number sends.", Optional, text(1, 1024)),
        ],
        associations: &[AssociationDef {
            resource_type: "TOLL_FREE",
            iso_country_code: "US",
            association: AssociationBehavior::AssociateBeforeSubmit,
            disassociation: DisassociationBehavior::DisassociateAllClosesRegistration,
            max: 1,
        }],
    },
];

fn type_def(name: &str) -> Option<&'static TypeDef> {
    TYPES.iter().find(|t| t.name == name)
}

fn known_type(name: &str) -> Result<&'static TypeDef, EmuError> {
    type_def(name).ok_or_else(|| {
        EmuError::validation(
            "UNKNOWN_REGISTRATION_TYPE",
            "RegistrationType",
            format!(
                "{name} is not a registration type; DescribeRegistrationTypeDefinitions lists them."
            ),
        )
    })
}

// ---------------------------------------------------------------------------------------------
// Helpers.

fn invalid(field: &str, message: impl Into<String>) -> EmuError {
    EmuError::validation("INVALID_PARAMETER", field, message)
}

/// Whether the resource of an association still exists.
fn association_alive(state: &crate::State, association: &RegistrationAssociationMetadata) -> bool {
    let numbers = &state.numbers;
    numbers
        .phone_numbers
        .values()
        .any(|p| p.phone_number_arn == association.resource_arn)
        || numbers
            .sender_ids
            .values()
            .any(|s| s.sender_id_arn == association.resource_arn)
        || state
            .registrations
            .registrations
            .values()
            .any(|r| r.registration_arn == association.resource_arn)
}

/// The registrations as they are now: associations whose phone number or sender ID was
/// released are dropped, and a registration whose type closes when they all go is `CLOSED`.
fn current(state: &crate::State) -> RegistrationsState {
    let mut regs = RegistrationsState::clone(&state.registrations);
    // A phone number requested with a `RegistrationId` is associated with that registration.
    for (number_id, p) in &state.numbers.phone_numbers {
        let Some(registration) = p.registration_id.as_deref() else {
            continue;
        };
        if !regs.registrations.contains_key(registration) {
            continue;
        }
        let list = regs
            .associations
            .entry(registration.to_owned())
            .or_default();
        if list.iter().any(|a| a.resource_arn == p.phone_number_arn) {
            continue;
        }
        if let Ok(association) = RegistrationAssociationMetadata::builder()
            .resource_arn(p.phone_number_arn.clone())
            .resource_id(number_id.clone())
            .resource_type(p.number_type.as_str())
            .iso_country_code(p.iso_country_code.clone())
            .phone_number(p.phone_number.clone())
            .build()
        {
            list.push(association);
        }
    }
    for (id, associations) in regs.associations.iter_mut() {
        let before = associations.len();
        associations.retain(|a| association_alive(state, a));
        if associations.len() == before {
            continue;
        }
        let Some(registration) = regs.registrations.get_mut(id) else {
            continue;
        };
        let closes = type_def(&registration.registration_type).is_some_and(|t| {
            t.associations.iter().any(|a| {
                a.disassociation == DisassociationBehavior::DisassociateAllClosesRegistration
                    && !associations
                        .iter()
                        .any(|x| x.resource_type == a.resource_type)
            })
        });
        if closes {
            registration.registration_status = RegistrationStatus::Closed;
        }
    }
    regs
}

fn history(draft: Timestamp) -> Result<RegistrationVersionStatusHistory, EmuError> {
    RegistrationVersionStatusHistory::builder()
        .draft_timestamp(draft)
        .build()
        .map_err(EmuError::from)
}

fn new_version(number: i64) -> Result<RegistrationVersion, EmuError> {
    Ok(RegistrationVersion {
        version_number: number,
        status: RegistrationVersionStatus::Draft,
        history: history(crate::now())?,
        denied_reasons: Vec::new(),
        aws_review: false,
        field_values: BTreeMap::new(),
    })
}

fn is_under_review(status: &RegistrationVersionStatus) -> bool {
    matches!(
        status,
        RegistrationVersionStatus::Submitted
            | RegistrationVersionStatus::AwsReviewing
            | RegistrationVersionStatus::Reviewing
            | RegistrationVersionStatus::RequiresAuthentication
    )
}

/// The registration `id_or_arn` names and its type definition, refusing a closed one for a
/// change.
fn editable<'a>(
    regs: &'a RegistrationsState,
    id_or_arn: &str,
) -> Result<(&'a RegistrationInformation, &'static TypeDef), EmuError> {
    let registration = regs.get(id_or_arn)?;
    if matches!(
        registration.registration_status,
        RegistrationStatus::Closed | RegistrationStatus::Deleted
    ) {
        return Err(EmuError::conflict(
            "RESOURCE_MODIFICATION_NOT_ALLOWED",
            REGISTRATION,
            &registration.registration_id,
            format!(
                "The registration is {}; it can only be deleted.",
                registration.registration_status.as_str()
            ),
        ));
    }
    let def = known_type(&registration.registration_type)?;
    Ok((registration, def))
}

// ---------------------------------------------------------------------------------------------
// Registrations.

pub(crate) fn create_registration(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreateRegistrationRequest,
) -> Result<CreateRegistrationResult, EmuError> {
    emu.write(|state| {
        known_type(&input.registration_type)?;
        account::check_limit("REGISTRATIONS", state.registrations.registrations.len())?;
        let id = crate::new_id("registration-");
        let registration = RegistrationInformation::builder()
            .created_timestamp(crate::now())
            .current_version_number(1)
            .registration_arn(ctx.arn(&format!("registration/{id}")))
            .registration_id(id.clone())
            .registration_status(RegistrationStatus::Created)
            .registration_type(input.registration_type.clone())
            .build()?;
        let regs = &mut state.registrations;
        regs.registrations.insert(id.clone(), registration.clone());
        regs.versions.insert(id, vec![new_version(1)?]);
        account::add_tags(
            state,
            &registration.registration_arn,
            input.tags.as_deref().unwrap_or_default(),
        )?;
        let tags = account::tags_of(state, &registration.registration_arn)?;
        let r = registration;
        let mut out = CreateRegistrationResult::builder()
            .created_timestamp(r.created_timestamp)
            .current_version_number(r.current_version_number)
            .registration_arn(r.registration_arn)
            .registration_id(r.registration_id)
            .registration_status(r.registration_status)
            .registration_type(r.registration_type)
            .tags(tags);
        if let Some(attributes) = r.additional_attributes {
            out = out.additional_attributes(attributes);
        }
        Ok(out.build())
    })
}

pub(crate) fn delete_registration(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DeleteRegistrationRequest,
) -> Result<DeleteRegistrationResult, EmuError> {
    emu.write(|state| {
        let regs = current(state);
        let registration = regs.get(&input.registration_id)?.clone();
        let id = registration.registration_id.clone();
        let def = type_def(&registration.registration_type);
        let complete = registration.approved_version_number.is_some()
            && registration.registration_status != RegistrationStatus::Closed;
        for association in regs.associations.get(&id).into_iter().flatten() {
            let behavior = def
                .and_then(|d| d.association(&association.resource_type))
                .map(|a| a.disassociation.clone());
            let blocks = match behavior {
                Some(DisassociationBehavior::DisassociateAllAllowsDeleteRegistration) => true,
                Some(DisassociationBehavior::DisassociateAllClosesRegistration) => complete,
                _ => false,
            };
            if blocks {
                return Err(EmuError::conflict(
                    "RESOURCE_DELETION_NOT_ALLOWED",
                    REGISTRATION,
                    &id,
                    format!(
                        "The registration is associated with {} {}; release or disassociate it first.",
                        association.resource_type, association.resource_id
                    ),
                ));
            }
        }
        if let Some((other, _)) = regs.associations.iter().find(|(other, list)| {
            other.as_str() != id && list.iter().any(|a| a.resource_arn == registration.registration_arn)
        }) {
            return Err(EmuError::conflict(
                "RESOURCE_DELETION_NOT_ALLOWED",
                REGISTRATION,
                &id,
                format!("Registration {other} is associated with this registration; delete it first."),
            ));
        }
        let mut regs = regs;
        regs.registrations.remove(&id);
        regs.versions.remove(&id);
        regs.associations.remove(&id);
        state.registrations = crate::state::Area::new(regs);
        account::forget_arn(state, &registration.registration_arn);
        let r = registration;
        let mut out = DeleteRegistrationResult::builder()
            .created_timestamp(r.created_timestamp)
            .current_version_number(r.current_version_number)
            .registration_arn(r.registration_arn)
            .registration_id(r.registration_id)
            .registration_status(RegistrationStatus::Deleted)
            .registration_type(r.registration_type);
        if let Some(attributes) = r.additional_attributes {
            out = out.additional_attributes(attributes);
        }
        if let Some(v) = r.approved_version_number {
            out = out.approved_version_number(v);
        }
        if let Some(v) = r.latest_denied_version_number {
            out = out.latest_denied_version_number(v);
        }
        Ok(out.build())
    })
}

pub(crate) fn describe_registrations(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DescribeRegistrationsRequest,
) -> Result<DescribeRegistrationsResult, EmuError> {
    emu.read(|state| {
        let regs = current(state);
        let mut items: Vec<RegistrationInformation> = match &input.registration_ids {
            Some(ids) if !ids.is_empty() => {
                let mut items: Vec<RegistrationInformation> = Vec::new();
                for id in ids {
                    let r = regs.get(id)?;
                    if !items.iter().any(|i| i.registration_id == r.registration_id) {
                        items.push(r.clone());
                    }
                }
                items
            }
            _ => regs.registrations.values().cloned().collect(),
        };
        for filter in input.filters.iter().flatten() {
            let values = &filter.values;
            match filter.name.as_str() {
                "registration-type" => {
                    items.retain(|r| crate::filter_accepts(values, &r.registration_type))
                }
                "registration-status" => {
                    if let Some(bad) = values
                        .iter()
                        .find(|v| !RegistrationStatus::VALUES.contains(&v.as_str()))
                    {
                        return Err(EmuError::validation(
                            "INVALID_FILTER_VALUES",
                            "Filters",
                            format!("{bad} is not a registration status."),
                        ));
                    }
                    items.retain(|r| crate::filter_accepts(values, r.registration_status.as_str()))
                }
                other => {
                    return Err(invalid(
                        "Filters",
                        format!("{other} is not a filter of registrations."),
                    ))
                }
            }
        }
        let (page, next) =
            crate::paginate(items, input.next_token.as_deref(), input.max_results, 100)?;
        let mut out = DescribeRegistrationsResult::builder().registrations(page);
        if let Some(next) = next {
            out = out.next_token(next);
        }
        Ok(out.build())
    })
}

// ---------------------------------------------------------------------------------------------
// Versions.

/// What the version operations answer about a version.
struct VersionView {
    arn: String,
    id: String,
    status: RegistrationVersionStatus,
    history: RegistrationVersionStatusHistory,
    number: i64,
}

pub(crate) fn create_registration_version(
    emu: &Emulator,
    _ctx: &Ctx,
    input: CreateRegistrationVersionRequest,
) -> Result<CreateRegistrationVersionResult, EmuError> {
    let view = emu.write(|state| {
        let mut regs = current(state);
        let (registration, _) = editable(&regs, &input.registration_id)?;
        let id = registration.registration_id.clone();
        let arn = registration.registration_arn.clone();
        let latest = regs.latest(&id)?;
        if latest.status == RegistrationVersionStatus::Draft || is_under_review(&latest.status) {
            return Err(EmuError::conflict(
                "CREATE_REGISTRATION_VERSION_NOT_ALLOWED",
                REGISTRATION,
                &id,
                format!(
                    "Version {} is {}; a new version can be created once it is no longer a draft or under review.",
                    latest.version_number,
                    latest.status.as_str()
                ),
            ));
        }
        let number = latest.version_number + 1;
        if number > 100_000 {
            return Err(EmuError::quota(
                "REGISTRATION_VERSIONS_CREATED_PER_DAY",
                "A registration has at most 100000 versions.",
            ));
        }
        let version = new_version(number)?;
        let view = VersionView {
            arn,
            id: id.clone(),
            status: version.status.clone(),
            history: version.history.clone(),
            number,
        };
        regs.versions.entry(id.clone()).or_default().push(version);
        if let Some(r) = regs.registrations.get_mut(&id) {
            r.current_version_number = number;
        }
        state.registrations = crate::state::Area::new(regs);
        Ok(view)
    })?;
    Ok(CreateRegistrationVersionResult::builder()
        .registration_arn(view.arn)
        .registration_id(view.id)
        .registration_version_status(view.status)
        .registration_version_status_history(view.history)
        .version_number(view.number)
        .build())
}

pub(crate) fn describe_registration_versions(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DescribeRegistrationVersionsRequest,
) -> Result<DescribeRegistrationVersionsResult, EmuError> {
    emu.read(|state| {
        let regs = current(state);
        let registration = regs.get(&input.registration_id)?;
        let id = &registration.registration_id;
        let versions = regs.versions.get(id).cloned().unwrap_or_default();
        let mut items: Vec<RegistrationVersion> = match &input.version_numbers {
            Some(numbers) if !numbers.is_empty() => crate::resolve_once(numbers, |number| {
                versions
                    .iter()
                    .find(|v| v.version_number == *number)
                    .map(|v| v.version_number)
                    .ok_or_else(|| unknown_version("VersionNumbers", id, *number))
            })?
            .into_iter()
            .filter_map(|number| {
                versions
                    .iter()
                    .find(|v| v.version_number == number)
                    .cloned()
            })
            .collect(),
            _ => versions,
        };
        for filter in input.filters.iter().flatten() {
            let values = &filter.values;
            match filter.name.as_str() {
                "registration-version-status" => {
                    if let Some(bad) = values
                        .iter()
                        .find(|v| !RegistrationVersionStatus::VALUES.contains(&v.as_str()))
                    {
                        return Err(EmuError::validation(
                            "INVALID_FILTER_VALUES",
                            "Filters",
                            format!("{bad} is not a registration version status."),
                        ));
                    }
                    items.retain(|v| crate::filter_accepts(values, v.status.as_str()))
                }
                other => {
                    return Err(invalid(
                        "Filters",
                        format!("{other} is not a filter of registration versions."),
                    ))
                }
            }
        }
        let (page, next) =
            crate::paginate(items, input.next_token.as_deref(), input.max_results, 100)?;
        let page = page
            .into_iter()
            .map(|v| {
                let mut info = RegistrationVersionInformation::builder()
                    .version_number(v.version_number)
                    .registration_version_status(v.status)
                    .registration_version_status_history(v.history)
                    .build()?;
                info.denied_reasons = (!v.denied_reasons.is_empty()).then_some(v.denied_reasons);
                Ok(info)
            })
            .collect::<Result<Vec<_>, EmuError>>()?;
        let mut out = DescribeRegistrationVersionsResult::builder()
            .registration_arn(registration.registration_arn.clone())
            .registration_id(id.clone())
            .registration_versions(page);
        if let Some(next) = next {
            out = out.next_token(next);
        }
        Ok(out.build())
    })
}

fn denial(
    reason: &str,
    description: String,
) -> Result<RegistrationDeniedReasonInformation, EmuError> {
    RegistrationDeniedReasonInformation::builder()
        .reason(reason)
        .short_description(description)
        .build()
        .map_err(EmuError::from)
}

/// The emulator's review of a submitted version: why it is denied (nothing: approved).
fn review(
    state: &crate::State,
    def: &TypeDef,
    version: &mut RegistrationVersion,
) -> Result<Vec<RegistrationDeniedReasonInformation>, EmuError> {
    let mut reasons = Vec::new();
    let values = &version.field_values;
    let public = values
        .get("companyInfo.companyType")
        .and_then(|v| v.select_choices.as_ref())
        .is_some_and(|c| c.iter().any(|c| c == "PUBLIC_PROFIT"));
    let mut not_allowed = Vec::new();
    for field in def.fields {
        let has = values.contains_key(field.path);
        let needed = match field.need {
            Need::Required => true,
            Need::Conditional => public,
            Need::Optional => false,
        };
        if needed && !has {
            reasons.push(denial(
                "MISSING_REQUIRED_FIELD",
                format!("{} ({}) is required.", field.title, field.path),
            )?);
        }
        if field.need == Need::Conditional && !public && has {
            not_allowed.push(field.path);
            reasons.push(denial(
                "CONDITIONAL_FIELD_NOT_ALLOWED",
                format!(
                    "{} ({}) is only allowed for PUBLIC_PROFIT companies.",
                    field.title, field.path
                ),
            )?);
        }
        if let (Kind::Attachment, Some(value)) = (field.kind, values.get(field.path)) {
            let ok = value
                .registration_attachment_id
                .as_ref()
                .and_then(|a| state.registrations.attachments.get(a))
                .is_some_and(|a| a.info.attachment_status == AttachmentStatus::UploadComplete);
            if !ok {
                reasons.push(denial(
                    "INVALID_ATTACHMENT",
                    format!("The attachment of {} no longer exists.", field.path),
                )?);
            }
        }
    }
    for path in not_allowed {
        if let Some(value) = version.field_values.get_mut(path) {
            value.denied_reason = Some("Conditional field not allowed".to_owned());
        }
    }
    Ok(reasons)
}

pub(crate) fn submit_registration_version(
    emu: &Emulator,
    _ctx: &Ctx,
    input: SubmitRegistrationVersionRequest,
) -> Result<SubmitRegistrationVersionResult, EmuError> {
    let aws_review = input.aws_review.unwrap_or(false);
    let view = emu.write(|state| {
        let mut regs = current(state);
        let (registration, def) = editable(&regs, &input.registration_id)?;
        let registration = registration.clone();
        let id = registration.registration_id.clone();
        let latest = regs.latest(&id)?;
        if latest.status != RegistrationVersionStatus::Draft {
            let reason = if is_under_review(&latest.status) {
                "REGISTRATION_ALREADY_SUBMITTED"
            } else {
                "SUBMIT_REGISTRATION_VERSION_NOT_ALLOWED"
            };
            return Err(EmuError::conflict(
                reason,
                REGISTRATION,
                &id,
                format!(
                    "Version {} is {}; only a draft can be submitted (CreateRegistrationVersion opens one).",
                    latest.version_number,
                    latest.status.as_str()
                ),
            ));
        }
        let associations = regs.associations.get(&id).cloned().unwrap_or_default();
        for needed in def
            .associations
            .iter()
            .filter(|a| a.association == AssociationBehavior::AssociateBeforeSubmit)
        {
            if !associations
                .iter()
                .any(|a| a.resource_type == needed.resource_type)
            {
                return Err(EmuError::conflict(
                    "SUBMIT_REGISTRATION_VERSION_NOT_ALLOWED",
                    REGISTRATION,
                    &id,
                    format!(
                        "A {} must be associated (CreateRegistrationAssociation) before the registration is submitted.",
                        needed.resource_type
                    ),
                ));
            }
        }

        let now = crate::now();
        let mut version = regs.latest(&id)?.clone();
        version.aws_review = aws_review;
        version.status = RegistrationVersionStatus::Submitted;
        version.history.submitted_timestamp = Some(now);
        let view = VersionView {
            arn: registration.registration_arn.clone(),
            id: id.clone(),
            status: version.status.clone(),
            history: version.history.clone(),
            number: version.version_number,
        };

        // The review, at once.
        if aws_review {
            version.history.aws_reviewing_timestamp = Some(now);
        }
        version.history.reviewing_timestamp = Some(now);
        let reasons = review(state, def, &mut version)?;
        let number = version.version_number;
        let approved = reasons.is_empty();
        if approved {
            version.status = RegistrationVersionStatus::Approved;
            version.history.approved_timestamp = Some(now);
        } else {
            version.status = RegistrationVersionStatus::Denied;
            version.history.denied_timestamp = Some(now);
            version.denied_reasons = reasons;
        }
        let versions = regs.versions.entry(id.clone()).or_default();
        if approved {
            for old in versions
                .iter_mut()
                .filter(|v| v.status == RegistrationVersionStatus::Approved)
            {
                old.status = RegistrationVersionStatus::Archived;
                old.history.archived_timestamp = Some(now);
            }
        }
        if let Some(last) = versions.last_mut() {
            *last = version;
        }
        if let Some(r) = regs.registrations.get_mut(&id) {
            if approved {
                r.registration_status = RegistrationStatus::Complete;
                r.approved_version_number = Some(number);
            } else {
                r.latest_denied_version_number = Some(number);
                if r.approved_version_number.is_none() {
                    r.registration_status = RegistrationStatus::RequiresUpdates;
                }
            }
        }
        state.registrations = crate::state::Area::new(regs);
        Ok(view)
    })?;
    Ok(SubmitRegistrationVersionResult::builder()
        .aws_review(aws_review)
        .registration_arn(view.arn)
        .registration_id(view.id)
        .registration_version_status(view.status)
        .registration_version_status_history(view.history)
        .version_number(view.number)
        .build())
}

pub(crate) fn discard_registration_version(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DiscardRegistrationVersionRequest,
) -> Result<DiscardRegistrationVersionResult, EmuError> {
    let view = emu.write(|state| {
        let mut regs = current(state);
        let (registration, _) = editable(&regs, &input.registration_id)?;
        let id = registration.registration_id.clone();
        let arn = registration.registration_arn.clone();
        let latest = regs.latest_mut(&id)?;
        if latest.status != RegistrationVersionStatus::Draft || latest.version_number == 1 {
            let why = if latest.version_number == 1 {
                "the first version cannot be discarded (delete the registration instead)".to_owned()
            } else {
                format!(
                    "version {} is {}, not a draft",
                    latest.version_number,
                    latest.status.as_str()
                )
            };
            return Err(EmuError::conflict(
                "DISCARD_REGISTRATION_VERSION_NOT_ALLOWED",
                REGISTRATION,
                &id,
                format!("The version cannot be discarded: {why}."),
            ));
        }
        latest.status = RegistrationVersionStatus::Discarded;
        latest.history.discarded_timestamp = Some(crate::now());
        let view = VersionView {
            arn,
            id,
            status: latest.status.clone(),
            history: latest.history.clone(),
            number: latest.version_number,
        };
        state.registrations = crate::state::Area::new(regs);
        Ok(view)
    })?;
    Ok(DiscardRegistrationVersionResult::builder()
        .registration_arn(view.arn)
        .registration_id(view.id)
        .registration_version_status(view.status)
        .registration_version_status_history(view.history)
        .version_number(view.number)
        .build())
}

// ---------------------------------------------------------------------------------------------
// Attachments.

fn attachment_info(a: &RegistrationAttachment) -> RegistrationAttachmentsInformation {
    a.info.clone()
}

/// The content type of an attachment body, from its first bytes.
fn sniff(body: &[u8]) -> Option<&'static str> {
    if body.starts_with(b"%PDF") {
        Some("application/pdf")
    } else if body.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if body.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// The content type of an attachment URL, from its extension; it must be `s3://bucket/key`.
fn url_type(url: &str) -> Result<&'static str, EmuError> {
    let key = url
        .strip_prefix("s3://")
        .and_then(|rest| rest.split_once('/'))
        .filter(|(bucket, key)| !bucket.is_empty() && !key.is_empty())
        .map(|(_, key)| key)
        .ok_or_else(|| {
            invalid(
                "AttachmentUrl",
                "The attachment URL must be s3://BucketName/FileName.",
            )
        })?;
    let extension = key.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("pdf") => Ok("application/pdf"),
        Some("png") => Ok("image/png"),
        Some("jpg" | "jpeg") => Ok("image/jpeg"),
        _ => Err(EmuError::validation(
            "ATTACHMENT_TYPE_NOT_SUPPORTED",
            "AttachmentUrl",
            "Attachments are PDF, PNG or JPEG files.",
        )),
    }
}

pub(crate) fn create_registration_attachment(
    emu: &Emulator,
    ctx: &Ctx,
    input: CreateRegistrationAttachmentRequest,
) -> Result<CreateRegistrationAttachmentResult, EmuError> {
    let (size, content_type, url) = match (&input.attachment_body, &input.attachment_url) {
        (Some(_), Some(_)) => {
            return Err(EmuError::validation(
                "PARAMETERS_CANNOT_BE_USED_TOGETHER",
                "AttachmentBody",
                "Give either AttachmentBody or AttachmentUrl, not both.",
            ))
        }
        (None, None) => {
            return Err(EmuError::validation(
                "MISSING_PARAMETER",
                "AttachmentBody",
                "Give AttachmentBody or AttachmentUrl.",
            ))
        }
        (Some(body), None) => {
            if body.len() > MAX_ATTACHMENT_SIZE {
                return Err(EmuError::validation(
                    "MAXIMUM_SIZE_EXCEEDED",
                    "AttachmentBody",
                    format!(
                        "The attachment is {} bytes; the maximum is 500 KB.",
                        body.len()
                    ),
                ));
            }
            let content_type = sniff(body.as_bytes()).ok_or_else(|| {
                EmuError::validation(
                    "ATTACHMENT_TYPE_NOT_SUPPORTED",
                    "AttachmentBody",
                    "Attachments are PDF, PNG or JPEG files.",
                )
            })?;
            (body.len() as u64, content_type, None)
        }
        (None, Some(url)) => (0, url_type(url)?, Some(url.clone())),
    };
    emu.write(|state| {
        account::check_limit(
            "REGISTRATION_ATTACHMENTS",
            state.registrations.attachments.len(),
        )?;
        let id = crate::new_id("attachment-");
        let info = RegistrationAttachmentsInformation::builder()
            .attachment_status(AttachmentStatus::UploadComplete)
            .created_timestamp(crate::now())
            .registration_attachment_arn(ctx.arn(&format!("registration-attachment/{id}")))
            .registration_attachment_id(id.clone())
            .build()?;
        state.registrations.attachments.insert(
            id,
            RegistrationAttachment {
                info: info.clone(),
                size,
                content_type: content_type.to_owned(),
                url: url.clone(),
            },
        );
        account::add_tags(
            state,
            &info.registration_attachment_arn,
            input.tags.as_deref().unwrap_or_default(),
        )?;
        let tags = account::tags_of(state, &info.registration_attachment_arn)?;
        Ok(CreateRegistrationAttachmentResult::builder()
            .attachment_status(info.attachment_status)
            .created_timestamp(info.created_timestamp)
            .registration_attachment_arn(info.registration_attachment_arn)
            .registration_attachment_id(info.registration_attachment_id)
            .tags(tags)
            .build())
    })
}

pub(crate) fn delete_registration_attachment(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DeleteRegistrationAttachmentRequest,
) -> Result<DeleteRegistrationAttachmentResult, EmuError> {
    emu.write(|state| {
        let regs = &state.registrations;
        let id = regs
            .find_attachment(&input.registration_attachment_id)
            .ok_or_else(|| EmuError::not_found(ATTACHMENT, &input.registration_attachment_id))?;
        if let Some((registration, version)) = regs.versions.iter().find_map(|(rid, versions)| {
            versions
                .iter()
                .find(|v| {
                    v.field_values
                        .values()
                        .any(|f| f.registration_attachment_id.as_deref() == Some(id.as_str()))
                })
                .map(|v| (rid.clone(), v.version_number))
        }) {
            return Err(EmuError::conflict(
                "RESOURCE_DELETION_NOT_ALLOWED",
                ATTACHMENT,
                &id,
                format!("Version {version} of registration {registration} uses the attachment."),
            ));
        }
        let attachment = state
            .registrations
            .attachments
            .remove(&id)
            .ok_or_else(|| EmuError::not_found(ATTACHMENT, &id))?;
        let arn = attachment.info.registration_attachment_arn.clone();
        account::forget_arn(state, &arn);
        let info = attachment.info;
        Ok(DeleteRegistrationAttachmentResult::builder()
            .attachment_status(AttachmentStatus::Deleted)
            .created_timestamp(info.created_timestamp)
            .registration_attachment_arn(info.registration_attachment_arn)
            .registration_attachment_id(info.registration_attachment_id)
            .build())
    })
}

pub(crate) fn describe_registration_attachments(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DescribeRegistrationAttachmentsRequest,
) -> Result<DescribeRegistrationAttachmentsResult, EmuError> {
    emu.read(|state| {
        let regs = &state.registrations;
        let mut items: Vec<RegistrationAttachmentsInformation> =
            match &input.registration_attachment_ids {
                Some(ids) if !ids.is_empty() => {
                    let mut items: Vec<RegistrationAttachmentsInformation> = Vec::new();
                    for wanted in ids {
                        let id = regs
                            .find_attachment(wanted)
                            .ok_or_else(|| EmuError::not_found(ATTACHMENT, wanted))?;
                        if !items.iter().any(|i| i.registration_attachment_id == id) {
                            if let Some(a) = regs.attachments.get(&id) {
                                items.push(a.info.clone());
                            }
                        }
                    }
                    items
                }
                _ => regs.attachments.values().map(attachment_info).collect(),
            };
        for filter in input.filters.iter().flatten() {
            let values = &filter.values;
            match filter.name.as_str() {
                "attachment-status" => {
                    if let Some(bad) = values
                        .iter()
                        .find(|v| !AttachmentStatus::VALUES.contains(&v.as_str()))
                    {
                        return Err(EmuError::validation(
                            "INVALID_FILTER_VALUES",
                            "Filters",
                            format!("{bad} is not an attachment status."),
                        ));
                    }
                    items.retain(|a| crate::filter_accepts(values, a.attachment_status.as_str()))
                }
                other => {
                    return Err(invalid(
                        "Filters",
                        format!("{other} is not a filter of registration attachments."),
                    ))
                }
            }
        }
        let (page, next) =
            crate::paginate(items, input.next_token.as_deref(), input.max_results, 100)?;
        let mut out =
            DescribeRegistrationAttachmentsResult::builder().registration_attachments(page);
        if let Some(next) = next {
            out = out.next_token(next);
        }
        Ok(out.build())
    })
}

// ---------------------------------------------------------------------------------------------
// Field values.

/// Checks a value against its field's definition.
fn check_value(
    state: &crate::State,
    field: &FieldDef,
    input: &PutRegistrationFieldValueRequest,
) -> Result<(), EmuError> {
    let path = field.path;
    let given = [
        ("TextValue", input.text_value.is_some()),
        ("SelectChoices", input.select_choices.is_some()),
        (
            "RegistrationAttachmentId",
            input.registration_attachment_id.is_some(),
        ),
    ];
    let expected = match field.kind {
        Kind::Text(..) => "TextValue",
        Kind::Select(..) => "SelectChoices",
        Kind::Attachment => "RegistrationAttachmentId",
    };
    for (member, present) in given {
        if present && member != expected {
            return Err(invalid(
                member,
                format!(
                    "{path} is a {} field: give {expected}, not {member}.",
                    field_type(field).as_str()
                ),
            ));
        }
    }
    match field.kind {
        Kind::Text(min, max, rule) => {
            let value = input.text_value.as_deref().ok_or_else(|| {
                invalid(
                    "TextValue",
                    format!("{path} is a TEXT field: give TextValue."),
                )
            })?;
            let length = value.chars().count();
            if length < min || length > max {
                return Err(invalid(
                    "TextValue",
                    format!("{path} takes from {min} to {max} characters, not {length}."),
                ));
            }
            if !rule.accepts(value) {
                return Err(invalid(
                    "TextValue",
                    format!("{path}: {value:?} is not valid. {}", rule.description()),
                ));
            }
        }
        Kind::Select(options, min, max) => {
            let choices = input.select_choices.as_deref().ok_or_else(|| {
                invalid(
                    "SelectChoices",
                    format!("{path} is a SELECT field: give SelectChoices."),
                )
            })?;
            if choices.len() < min || choices.len() > max {
                return Err(invalid(
                    "SelectChoices",
                    format!(
                        "{path} takes from {min} to {max} choices, not {}.",
                        choices.len()
                    ),
                ));
            }
            if let Some(bad) = choices.iter().find(|c| !options.contains(&c.as_str())) {
                return Err(invalid(
                    "SelectChoices",
                    format!("{bad} is not an option of {path}: {}.", options.join(", ")),
                ));
            }
            let mut unique = choices.to_vec();
            unique.sort();
            unique.dedup();
            if unique.len() != choices.len() {
                return Err(invalid(
                    "SelectChoices",
                    format!("{path}: a choice is repeated."),
                ));
            }
        }
        Kind::Attachment => {
            let wanted = input.registration_attachment_id.as_deref().ok_or_else(|| {
                invalid(
                    "RegistrationAttachmentId",
                    format!("{path} is an ATTACHMENT field: give RegistrationAttachmentId."),
                )
            })?;
            let id = state
                .registrations
                .find_attachment(wanted)
                .ok_or_else(|| EmuError::not_found(ATTACHMENT, wanted))?;
            let complete = state
                .registrations
                .attachments
                .get(&id)
                .is_some_and(|a| a.info.attachment_status == AttachmentStatus::UploadComplete);
            if !complete {
                return Err(invalid(
                    "RegistrationAttachmentId",
                    format!("Attachment {id} has not finished uploading."),
                ));
            }
        }
    }
    Ok(())
}

fn field_type(field: &FieldDef) -> FieldType {
    match field.kind {
        Kind::Text(..) => FieldType::Text,
        Kind::Select(..) => FieldType::Select,
        Kind::Attachment => FieldType::Attachment,
    }
}

fn unknown_field(def: &TypeDef, path: &str) -> EmuError {
    EmuError::validation(
        "UNKNOWN_REGISTRATION_FIELD",
        "FieldPath",
        format!(
            "{path} is not a field of {}; DescribeRegistrationFieldDefinitions lists them.",
            def.name
        ),
    )
}

fn unknown_section(def: &TypeDef, path: &str) -> EmuError {
    EmuError::validation(
        "UNKNOWN_REGISTRATION_SECTION",
        "SectionPath",
        format!(
            "{path} is not a section of {}; DescribeRegistrationSectionDefinitions lists them.",
            def.name
        ),
    )
}

/// The draft version of a registration that field values may change, or the conflict.
fn draft_for_edit(regs: &RegistrationsState, id: &str) -> Result<i64, EmuError> {
    let latest = regs.latest(id)?;
    if latest.status != RegistrationVersionStatus::Draft {
        return Err(EmuError::conflict(
            "EDIT_REGISTRATION_FIELD_VALUES_NOT_ALLOWED",
            REGISTRATION,
            id,
            format!(
                "Version {} is {}; field values change only on a draft (CreateRegistrationVersion opens one).",
                latest.version_number,
                latest.status.as_str()
            ),
        ));
    }
    Ok(latest.version_number)
}

pub(crate) fn put_registration_field_value(
    emu: &Emulator,
    _ctx: &Ctx,
    input: PutRegistrationFieldValueRequest,
) -> Result<PutRegistrationFieldValueResult, EmuError> {
    emu.write(|state| {
        let mut regs = current(state);
        let (registration, def) = editable(&regs, &input.registration_id)?;
        let id = registration.registration_id.clone();
        let arn = registration.registration_arn.clone();
        let field = def
            .field(&input.field_path)
            .ok_or_else(|| unknown_field(def, &input.field_path))?;
        check_value(state, field, &input)?;
        let number = draft_for_edit(&regs, &id)?;
        let attachment = input
            .registration_attachment_id
            .as_deref()
            .and_then(|a| regs.find_attachment(a));
        let mut value = RegistrationFieldValueInformation::builder().field_path(field.path);
        if let Some(text) = &input.text_value {
            value = value.text_value(text.clone());
        }
        if let Some(choices) = &input.select_choices {
            value = value.select_choices(choices.clone());
        }
        if let Some(attachment) = &attachment {
            value = value.registration_attachment_id(attachment.clone());
        }
        let value = value.build()?;
        regs.latest_mut(&id)?
            .field_values
            .insert(field.path.to_owned(), value);
        state.registrations = crate::state::Area::new(regs);
        let mut out = PutRegistrationFieldValueResult::builder()
            .field_path(field.path)
            .registration_arn(arn)
            .registration_id(id)
            .version_number(number);
        if let Some(text) = input.text_value {
            out = out.text_value(text);
        }
        if let Some(choices) = input.select_choices {
            out = out.select_choices(choices);
        }
        if let Some(attachment) = attachment {
            out = out.registration_attachment_id(attachment);
        }
        Ok(out.build())
    })
}

pub(crate) fn delete_registration_field_value(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DeleteRegistrationFieldValueRequest,
) -> Result<DeleteRegistrationFieldValueResult, EmuError> {
    emu.write(|state| {
        let mut regs = current(state);
        let (registration, def) = editable(&regs, &input.registration_id)?;
        let id = registration.registration_id.clone();
        let arn = registration.registration_arn.clone();
        let field = def
            .field(&input.field_path)
            .ok_or_else(|| unknown_field(def, &input.field_path))?;
        let number = draft_for_edit(&regs, &id)?;
        let value = regs
            .latest_mut(&id)?
            .field_values
            .remove(field.path)
            .ok_or_else(|| {
                EmuError::validation(
                    "REGISTRATION_FIELD_CANNOT_BE_DELETED",
                    "FieldPath",
                    format!("{} has no value in version {number}.", field.path),
                )
            })?;
        state.registrations = crate::state::Area::new(regs);
        let mut out = DeleteRegistrationFieldValueResult::builder()
            .field_path(value.field_path)
            .registration_arn(arn)
            .registration_id(id)
            .version_number(number);
        if let Some(text) = value.text_value {
            out = out.text_value(text);
        }
        if let Some(choices) = value.select_choices {
            out = out.select_choices(choices);
        }
        if let Some(attachment) = value.registration_attachment_id {
            out = out.registration_attachment_id(attachment);
        }
        Ok(out.build())
    })
}

pub(crate) fn describe_registration_field_values(
    emu: &Emulator,
    _ctx: &Ctx,
    input: DescribeRegistrationFieldValuesRequest,
) -> Result<DescribeRegistrationFieldValuesResult, EmuError> {
    emu.read(|state| {
        let regs = current(state);
        let registration = regs.get(&input.registration_id)?;
        let id = &registration.registration_id;
        let def = known_type(&registration.registration_type)?;
        let versions = regs.versions.get(id).cloned().unwrap_or_default();
        let version = match input.version_number {
            Some(number) => versions
                .iter()
                .find(|v| v.version_number == number)
                .ok_or_else(|| unknown_version("VersionNumber", id, number))?,
            None => versions.last().ok_or_else(|| no_versions(id))?,
        };
        if let Some(section) = &input.section_path {
            if !def.sections.iter().any(|s| s.path == section.as_str()) {
                return Err(unknown_section(def, section));
            }
        }
        let paths = input.field_paths.clone().unwrap_or_default();
        if let Some(bad) = paths.iter().find(|p| def.field(p).is_none()) {
            return Err(unknown_field(def, bad));
        }
        let items: Vec<RegistrationFieldValueInformation> = def
            .fields
            .iter()
            .filter(|f| {
                input
                    .section_path
                    .as_deref()
                    .map_or(true, |s| section_of(f.path) == s)
            })
            .filter(|f| paths.is_empty() || paths.iter().any(|p| p == f.path))
            .filter_map(|f| version.field_values.get(f.path).cloned())
            .collect();
        let (page, next) =
            crate::paginate(items, input.next_token.as_deref(), input.max_results, 100)?;
        let mut out = DescribeRegistrationFieldValuesResult::builder()
            .registration_arn(registration.registration_arn.clone())
            .registration_field_values(page)
            .registration_id(id.clone())
            .version_number(version.version_number);
        if let Some(next) = next {
            out = out.next_token(next);
        }
        Ok(out.build())
    })
}

// ---------------------------------------------------------------------------------------------
// Definitions.

fn field_definition(field: &FieldDef) -> Result<RegistrationFieldDefinition, EmuError> {
    let mut hints = RegistrationFieldDisplayHints::builder()
        .title(field.title)
        .short_description(field.description);
    if let Some(example) = field.example {
        hints = hints.example_text_value(example);
    }
    let mut definition = RegistrationFieldDefinition::builder()
        .field_path(field.path)
        .section_path(section_of(field.path))
        .field_type(field_type(field))
        .field_requirement(match field.need {
            Need::Required => FieldRequirement::Required,
            Need::Conditional => FieldRequirement::Conditional,
            Need::Optional => FieldRequirement::Optional,
        });
    match field.kind {
        Kind::Text(min, max, rule) => {
            hints = hints.text_validation_description(rule.description());
            definition = definition.text_validation(
                TextValidation::builder()
                    .min_length(i32::try_from(min).unwrap_or(i32::MAX))
                    .max_length(i32::try_from(max).unwrap_or(i32::MAX))
                    .pattern(rule.pattern())
                    .build()?,
            );
        }
        Kind::Select(options, min, max) => {
            let descriptions = options
                .iter()
                .map(|o| SelectOptionDescription::builder().option(*o).build())
                .collect::<Result<Vec<_>, _>>()?;
            hints = hints.select_option_descriptions(descriptions);
            definition = definition.select_validation(
                SelectValidation::builder()
                    .min_choices(i32::try_from(min).unwrap_or(i32::MAX))
                    .max_choices(i32::try_from(max).unwrap_or(i32::MAX))
                    .options(options.iter().map(|o| (*o).to_owned()).collect::<Vec<_>>())
                    .build()?,
            );
        }
        Kind::Attachment => {}
    }
    definition
        .display_hints(hints.build()?)
        .build()
        .map_err(EmuError::from)
}

pub(crate) fn describe_registration_field_definitions(
    _emu: &Emulator,
    _ctx: &Ctx,
    input: DescribeRegistrationFieldDefinitionsRequest,
) -> Result<DescribeRegistrationFieldDefinitionsResult, EmuError> {
    let def = known_type(&input.registration_type)?;
    if let Some(section) = &input.section_path {
        if !def.sections.iter().any(|s| s.path == section.as_str()) {
            return Err(unknown_section(def, section));
        }
    }
    let paths = input.field_paths.clone().unwrap_or_default();
    if let Some(bad) = paths.iter().find(|p| def.field(p).is_none()) {
        return Err(unknown_field(def, bad));
    }
    let items = def
        .fields
        .iter()
        .filter(|f| {
            input
                .section_path
                .as_deref()
                .map_or(true, |s| section_of(f.path) == s)
        })
        .filter(|f| paths.is_empty() || paths.iter().any(|p| p == f.path))
        .collect::<Vec<_>>();
    let (page, next) = crate::paginate(items, input.next_token.as_deref(), input.max_results, 100)?;
    let page = page
        .into_iter()
        .map(field_definition)
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = DescribeRegistrationFieldDefinitionsResult::builder()
        .registration_field_definitions(page)
        .registration_type(def.name);
    if let Some(next) = next {
        out = out.next_token(next);
    }
    Ok(out.build())
}

pub(crate) fn describe_registration_section_definitions(
    _emu: &Emulator,
    _ctx: &Ctx,
    input: DescribeRegistrationSectionDefinitionsRequest,
) -> Result<DescribeRegistrationSectionDefinitionsResult, EmuError> {
    let def = known_type(&input.registration_type)?;
    let paths = input.section_paths.clone().unwrap_or_default();
    if let Some(bad) = paths
        .iter()
        .find(|p| !def.sections.iter().any(|s| s.path == p.as_str()))
    {
        return Err(unknown_section(def, bad));
    }
    let items = def
        .sections
        .iter()
        .filter(|s| paths.is_empty() || paths.iter().any(|p| p == s.path))
        .collect::<Vec<_>>();
    let (page, next) = crate::paginate(items, input.next_token.as_deref(), input.max_results, 100)?;
    let page = page
        .into_iter()
        .map(|s| {
            RegistrationSectionDisplayHints::builder()
                .title(s.title)
                .short_description(s.description)
                .build()
                .and_then(|hints| {
                    RegistrationSectionDefinition::builder()
                        .section_path(s.path)
                        .display_hints(hints)
                        .build()
                })
                .map_err(EmuError::from)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = DescribeRegistrationSectionDefinitionsResult::builder()
        .registration_section_definitions(page)
        .registration_type(def.name);
    if let Some(next) = next {
        out = out.next_token(next);
    }
    Ok(out.build())
}

fn type_definition(def: &TypeDef) -> Result<RegistrationTypeDefinition, EmuError> {
    let hints = RegistrationTypeDisplayHints::builder()
        .title(def.title)
        .short_description(def.description)
        .documentation_link(def.link)
        .build()?;
    let associations = def
        .associations
        .iter()
        .map(|a| {
            SupportedAssociation::builder()
                .resource_type(a.resource_type)
                .iso_country_code(a.iso_country_code)
                .association_behavior(a.association.clone())
                .disassociation_behavior(a.disassociation.clone())
                .build()
                .map_err(EmuError::from)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = RegistrationTypeDefinition::builder()
        .registration_type(def.name)
        .display_hints(hints);
    if !associations.is_empty() {
        out = out.supported_associations(associations);
    }
    out.build().map_err(EmuError::from)
}

pub(crate) fn describe_registration_type_definitions(
    _emu: &Emulator,
    _ctx: &Ctx,
    input: DescribeRegistrationTypeDefinitionsRequest,
) -> Result<DescribeRegistrationTypeDefinitionsResult, EmuError> {
    let mut items: Vec<&'static TypeDef> = match &input.registration_types {
        Some(names) if !names.is_empty() => {
            let mut items: Vec<&'static TypeDef> = Vec::new();
            for name in names {
                let def = known_type(name)?;
                if !items.iter().any(|d| d.name == def.name) {
                    items.push(def);
                }
            }
            items
        }
        _ => TYPES.iter().collect(),
    };
    for filter in input.filters.iter().flatten() {
        let values = &filter.values;
        match filter.name.as_str() {
            "supported-association-resource-type" => items.retain(|d| {
                d.associations
                    .iter()
                    .any(|a| crate::filter_accepts(values, a.resource_type))
            }),
            "supported-association-iso-country-code" => items.retain(|d| {
                d.associations
                    .iter()
                    .any(|a| crate::filter_accepts(values, a.iso_country_code))
            }),
            other => {
                return Err(invalid(
                    "Filters",
                    format!("{other} is not a filter of registration types."),
                ))
            }
        }
    }
    let (page, next) = crate::paginate(items, input.next_token.as_deref(), input.max_results, 100)?;
    let page = page
        .into_iter()
        .map(type_definition)
        .collect::<Result<Vec<_>, _>>()?;
    let mut out =
        DescribeRegistrationTypeDefinitionsResult::builder().registration_type_definitions(page);
    if let Some(next) = next {
        out = out.next_token(next);
    }
    Ok(out.build())
}

// ---------------------------------------------------------------------------------------------
// Associations.

/// The resource an association names: a phone number (id, ARN or number), a sender ID (ARN or
/// sender ID) or a registration (id or ARN).
fn resolve_resource(
    state: &crate::State,
    regs: &RegistrationsState,
    resource_id: &str,
) -> Result<RegistrationAssociationMetadata, EmuError> {
    if let Some(id) = regs.find(resource_id) {
        if let Some(r) = regs.registrations.get(&id) {
            return RegistrationAssociationMetadata::builder()
                .resource_arn(r.registration_arn.clone())
                .resource_id(id)
                .resource_type(r.registration_type.clone())
                .build()
                .map_err(EmuError::from);
        }
    }
    let origination = crate::ops::numbers::resolve_origination(state, resource_id);
    match origination {
        Some(o) if o.kind == "phone-number" => {
            let p = state
                .numbers
                .phone_numbers
                .get(&o.id)
                .ok_or_else(|| EmuError::not_found("phone-number", resource_id))?;
            RegistrationAssociationMetadata::builder()
                .resource_arn(p.phone_number_arn.clone())
                .resource_id(o.id.clone())
                .resource_type(p.number_type.as_str())
                .iso_country_code(p.iso_country_code.clone())
                .phone_number(p.phone_number.clone())
                .build()
                .map_err(EmuError::from)
        }
        Some(o) if o.kind == "sender-id" => {
            let s = state
                .numbers
                .sender_ids
                .get(&o.id)
                .ok_or_else(|| EmuError::not_found("sender-id", resource_id))?;
            RegistrationAssociationMetadata::builder()
                .resource_arn(s.sender_id_arn.clone())
                .resource_id(s.sender_id.clone())
                .resource_type("SENDER_ID")
                .iso_country_code(s.iso_country_code.clone())
                .build()
                .map_err(EmuError::from)
        }
        Some(o) => Err(EmuError::validation(
            "INVALID_REGISTRATION_ASSOCIATION",
            "ResourceId",
            format!("A {} cannot be associated with a registration.", o.kind),
        )),
        None => {
            let kind = if resource_id.contains("registration") {
                REGISTRATION
            } else if resource_id.contains("sender-id") {
                "sender-id"
            } else {
                "phone-number"
            };
            Err(EmuError::not_found(kind, resource_id))
        }
    }
}

pub(crate) fn create_registration_association(
    emu: &Emulator,
    _ctx: &Ctx,
    input: CreateRegistrationAssociationRequest,
) -> Result<CreateRegistrationAssociationResult, EmuError> {
    emu.write(|state| {
        let mut regs = current(state);
        let (registration, def) = editable(&regs, &input.registration_id)?;
        let registration = registration.clone();
        let id = registration.registration_id.clone();
        let resource = resolve_resource(state, &regs, &input.resource_id)?;
        if resource.resource_id == id {
            return Err(EmuError::validation(
                "INVALID_REGISTRATION_ASSOCIATION",
                "ResourceId",
                "A registration cannot be associated with itself.",
            ));
        }
        let supported = def.association(&resource.resource_type).filter(|a| {
            resource
                .iso_country_code
                .as_deref()
                .map_or(true, |c| c == a.iso_country_code)
        });
        let Some(supported) = supported else {
            let kinds: Vec<String> = def
                .associations
                .iter()
                .map(|a| format!("{} ({})", a.resource_type, a.iso_country_code))
                .collect();
            return Err(EmuError::validation(
                "INVALID_REGISTRATION_ASSOCIATION",
                "ResourceId",
                format!(
                    "A {} registration associates with {}, not a {}{}.",
                    def.name,
                    if kinds.is_empty() { "nothing".to_owned() } else { kinds.join(" or ") },
                    resource.resource_type,
                    resource
                        .iso_country_code
                        .as_deref()
                        .map(|c| format!(" ({c})"))
                        .unwrap_or_default()
                ),
            ));
        };
        let associations = regs.associations.get(&id).cloned().unwrap_or_default();
        if associations.iter().any(|a| a.resource_arn == resource.resource_arn) {
            return Err(EmuError::conflict(
                "RESOURCE_ALREADY_EXISTS",
                REGISTRATION,
                &id,
                format!("{} is already associated with the registration.", resource.resource_id),
            ));
        }
        let is_number = resource.phone_number.is_some();
        if is_number {
            let elsewhere = regs.associations.iter().any(|(other, list)| {
                other.as_str() != id && list.iter().any(|a| a.resource_arn == resource.resource_arn)
            }) || state
                .numbers
                .phone_numbers
                .get(&resource.resource_id)
                .and_then(|p| p.registration_id.as_deref())
                .is_some_and(|r| r != id);
            if elsewhere {
                return Err(EmuError::conflict(
                    "PHONE_NUMBER_ASSOCIATED_TO_REGISTRATION",
                    "phone-number",
                    &resource.resource_id,
                    "The phone number is already associated with another registration.",
                ));
            }
        }
        let status = &registration.registration_status;
        match supported.association {
            AssociationBehavior::AssociateBeforeSubmit => {
                let version = regs.latest(&id)?;
                if version.status != RegistrationVersionStatus::Draft {
                    return Err(EmuError::conflict(
                        "RESOURCE_MODIFICATION_NOT_ALLOWED",
                        REGISTRATION,
                        &id,
                        format!(
                            "A {} is associated while the registration has a draft version; version {} is {}.",
                            supported.resource_type,
                            version.version_number,
                            version.status.as_str()
                        ),
                    ));
                }
            }
            AssociationBehavior::AssociateAfterComplete => {
                if *status != RegistrationStatus::Complete {
                    return Err(EmuError::conflict(
                        "REGISTRATION_NOT_COMPLETE",
                        REGISTRATION,
                        &id,
                        format!(
                            "A {} is associated once the registration is COMPLETE; it is {}.",
                            supported.resource_type,
                            status.as_str()
                        ),
                    ));
                }
            }
            _ => {
                return Err(EmuError::validation(
                    "INVALID_REGISTRATION_ASSOCIATION",
                    "ResourceId",
                    format!("A {} is associated when the registration is approved.", supported.resource_type),
                ))
            }
        }
        if let Some(other) = regs.registrations.get(&resource.resource_id) {
            if other.registration_status != RegistrationStatus::Complete {
                return Err(EmuError::conflict(
                    "REGISTRATION_NOT_COMPLETE",
                    REGISTRATION,
                    &other.registration_id,
                    format!(
                        "Registration {} is {}; it must be COMPLETE to be associated.",
                        other.registration_id,
                        other.registration_status.as_str()
                    ),
                ));
            }
        }
        let count = associations
            .iter()
            .filter(|a| a.resource_type == supported.resource_type)
            .count();
        if count >= supported.max {
            let reason = if is_number {
                "PHONE_NUMBERS_PER_REGISTRATION"
            } else {
                "ASSOCIATIONS_PER_REGISTRATION"
            };
            return Err(EmuError::quota(
                reason,
                format!(
                    "A {} registration holds at most {} {} association(s).",
                    def.name, supported.max, supported.resource_type
                ),
            ));
        }
        regs.associations
            .entry(id.clone())
            .or_default()
            .push(resource.clone());
        state.registrations = crate::state::Area::new(regs);
        let mut out = CreateRegistrationAssociationResult::builder()
            .registration_arn(registration.registration_arn)
            .registration_id(id)
            .registration_type(registration.registration_type)
            .resource_arn(resource.resource_arn)
            .resource_id(resource.resource_id)
            .resource_type(resource.resource_type);
        if let Some(country) = resource.iso_country_code {
            out = out.iso_country_code(country);
        }
        if let Some(number) = resource.phone_number {
            out = out.phone_number(number);
        }
        Ok(out.build())
    })
}

pub(crate) fn list_registration_associations(
    emu: &Emulator,
    _ctx: &Ctx,
    input: ListRegistrationAssociationsRequest,
) -> Result<ListRegistrationAssociationsResult, EmuError> {
    emu.read(|state| {
        let regs = current(state);
        let registration = regs.get(&input.registration_id)?;
        let mut items = regs
            .associations
            .get(&registration.registration_id)
            .cloned()
            .unwrap_or_default();
        for filter in input.filters.iter().flatten() {
            let values = &filter.values;
            match filter.name.as_str() {
                "resource-type" => {
                    items.retain(|a| crate::filter_accepts(values, &a.resource_type))
                }
                "iso-country-code" => items.retain(|a| {
                    a.iso_country_code
                        .as_deref()
                        .is_some_and(|c| crate::filter_accepts(values, c))
                }),
                other => {
                    return Err(invalid(
                        "Filters",
                        format!("{other} is not a filter of registration associations."),
                    ))
                }
            }
        }
        let (page, next) =
            crate::paginate(items, input.next_token.as_deref(), input.max_results, 100)?;
        let mut out = ListRegistrationAssociationsResult::builder()
            .registration_arn(registration.registration_arn.clone())
            .registration_associations(page)
            .registration_id(registration.registration_id.clone())
            .registration_type(registration.registration_type.clone());
        if let Some(next) = next {
            out = out.next_token(next);
        }
        Ok(out.build())
    })
}
