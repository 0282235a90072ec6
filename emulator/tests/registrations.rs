//! Registrations: the catalogue of types, the version workflow end to end, field values,
//! attachments and associations, with their errors.

mod common;

use sms_voice::pinpointsmsvoicev2::{
    self as v2, errors, AttachmentStatus, FieldType, MessageType, NumberCapability,
    RegistrationAssociationFilter, RegistrationAssociationFilterName, RegistrationAttachmentFilter,
    RegistrationAttachmentFilterName, RegistrationFilter, RegistrationFilterName,
    RegistrationStatus, RegistrationTypeFilter, RegistrationTypeFilterName,
    RegistrationVersionFilter, RegistrationVersionFilterName, RegistrationVersionStatus,
    RequestPhoneNumberNumberType,
};
use sms_voice::runtime::Blob;

const TOLL_FREE: &str = "US_TOLL_FREE_REGISTRATION";
const BRAND: &str = "US_TEN_DLC_BRAND_REGISTRATION";
const CAMPAIGN: &str = "US_TEN_DLC_CAMPAIGN_REGISTRATION";

/// A field value to put.
enum V<'a> {
    Text(&'a str),
    Select(&'a [&'a str]),
    Attachment(&'a str),
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";

async fn create(running: &common::Running, kind: &str) -> String {
    running
        .v2
        .create_registration()
        .registration_type(kind)
        .send()
        .await
        .expect("create registration")
        .registration_id
        .expect("id")
}

async fn put(
    running: &common::Running,
    id: &str,
    path: &str,
    value: V<'_>,
) -> Result<
    sms_voice::pinpointsmsvoicev2::PutRegistrationFieldValueResult,
    sms_voice::client_runtime::SdkError<
        sms_voice::pinpointsmsvoicev2::errors::PutRegistrationFieldValueError,
    >,
> {
    let request = running
        .v2
        .put_registration_field_value()
        .registration_id(id)
        .field_path(path);
    let request = match value {
        V::Text(text) => request.text_value(text),
        V::Select(choices) => {
            request.select_choices(choices.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>())
        }
        V::Attachment(attachment) => request.registration_attachment_id(attachment),
    };
    request.send().await
}

async fn attachment(running: &common::Running) -> String {
    running
        .v2
        .create_registration_attachment()
        .attachment_body(Blob::new(PNG.to_vec()))
        .send()
        .await
        .expect("attachment")
        .registration_attachment_id
        .expect("id")
}

async fn phone_number(running: &common::Running, kind: RequestPhoneNumberNumberType) -> String {
    common::request_number(
        running,
        "US",
        MessageType::Transactional,
        vec![NumberCapability::Sms],
        kind,
    )
    .await
    .phone_number_id
    .expect("id")
}

async fn registration(
    running: &common::Running,
    id: &str,
) -> sms_voice::pinpointsmsvoicev2::RegistrationInformation {
    running
        .v2
        .describe_registrations()
        .registration_ids(vec![id.to_owned()])
        .send()
        .await
        .expect("describe registrations")
        .registrations
        .expect("registrations")
        .remove(0)
}

async fn submit(
    running: &common::Running,
    id: &str,
) -> common::Answer<v2::SubmitRegistrationVersionResult, errors::SubmitRegistrationVersionError> {
    running
        .v2
        .submit_registration_version()
        .registration_id(id)
        .send()
        .await
}

async fn new_version(
    running: &common::Running,
    id: &str,
) -> common::Answer<v2::CreateRegistrationVersionResult, errors::CreateRegistrationVersionError> {
    running
        .v2
        .create_registration_version()
        .registration_id(id)
        .send()
        .await
}

async fn discard(
    running: &common::Running,
    id: &str,
) -> common::Answer<v2::DiscardRegistrationVersionResult, errors::DiscardRegistrationVersionError> {
    running
        .v2
        .discard_registration_version()
        .registration_id(id)
        .send()
        .await
}

async fn delete(
    running: &common::Running,
    id: &str,
) -> common::Answer<v2::DeleteRegistrationResult, errors::DeleteRegistrationError> {
    running
        .v2
        .delete_registration()
        .registration_id(id)
        .send()
        .await
}

async fn associate(
    running: &common::Running,
    id: &str,
    resource: &str,
) -> common::Answer<
    v2::CreateRegistrationAssociationResult,
    errors::CreateRegistrationAssociationError,
> {
    running
        .v2
        .create_registration_association()
        .registration_id(id)
        .resource_id(resource)
        .send()
        .await
}

async fn version_statuses(running: &common::Running, id: &str) -> Vec<RegistrationVersionStatus> {
    running
        .v2
        .describe_registration_versions()
        .registration_id(id)
        .send()
        .await
        .expect("describe versions")
        .registration_versions
        .unwrap_or_default()
        .into_iter()
        .map(|v| v.registration_version_status)
        .collect()
}

async fn fill_toll_free(running: &common::Running, id: &str, attachment: &str) {
    let fields: &[(&str, V)] = &[
        ("companyInfo.companyName", V::Text("Example Corp")),
        ("companyInfo.website", V::Text("https://example.com")),
        ("companyInfo.address1", V::Text("123 Any Street")),
        ("companyInfo.city", V::Text("Seattle")),
        ("companyInfo.state", V::Text("WA")),
        ("companyInfo.zipCode", V::Text("98101")),
        ("companyInfo.isoCountryCode", V::Text("US")),
        ("contactInfo.firstName", V::Text("Jane")),
        ("contactInfo.lastName", V::Text("Doe")),
        ("contactInfo.supportEmail", V::Text("support@example.com")),
        ("contactInfo.supportPhoneNumber", V::Text("+12065550100")),
        (
            "messagingUseCase.monthlyMessageVolume",
            V::Select(&["1,000"]),
        ),
        (
            "messagingUseCase.useCaseCategory",
            V::Select(&["ACCOUNT_NOTIFICATIONS"]),
        ),
        (
            "messagingUseCase.useCaseDetails",
            V::Text("Order confirmations and shipping updates."),
        ),
        (
            "messagingUseCase.optInDescription",
            V::Text("Customers tick a box at checkout."),
        ),
        ("messagingUseCase.optInImage", V::Attachment(attachment)),
        (
            "messageSamples.messageSample1",
            V::Text("Example Corp: your order 123 has shipped. Reply STOP to opt out."),
        ),
    ];
    for (path, value) in fields {
        let value = match value {
            V::Text(t) => V::Text(t),
            V::Select(s) => V::Select(s),
            V::Attachment(a) => V::Attachment(a),
        };
        put(running, id, path, value)
            .await
            .unwrap_or_else(|e| panic!("{path}: {e:?}"));
    }
}

async fn fill(running: &common::Running, id: &str, fields: &[(&str, &str)]) {
    for (path, value) in fields {
        let result = if let Some(choices) = value.strip_prefix("select:") {
            let choices: Vec<&str> = choices.split(',').collect();
            put(running, id, path, V::Select(&choices)).await
        } else {
            put(running, id, path, V::Text(value)).await
        };
        result.unwrap_or_else(|e| panic!("{path}: {e:?}"));
    }
}

const BRAND_FIELDS: &[(&str, &str)] = &[
    ("companyInfo.companyName", "Example Corp"),
    ("companyInfo.companyType", "select:PRIVATE_PROFIT"),
    ("companyInfo.taxIdIssuingCountry", "US"),
    ("companyInfo.taxId", "123456789"),
    ("companyInfo.website", "https://example.com"),
    ("companyInfo.address1", "123 Any Street"),
    ("companyInfo.city", "Seattle"),
    ("companyInfo.state", "WA"),
    ("companyInfo.zipCode", "98101"),
    ("companyInfo.isoCountryCode", "US"),
    ("contactInfo.supportEmail", "support@example.com"),
    ("contactInfo.supportPhoneNumber", "+12065550100"),
];

const CAMPAIGN_FIELDS: &[(&str, &str)] = &[
    ("campaignInfo.campaignName", "Order updates"),
    (
        "campaignInfo.campaignDescription",
        "Order confirmations and shipping updates for our customers.",
    ),
    ("campaignInfo.campaignVertical", "select:RETAIL"),
    ("campaignUseCase.useCase", "select:ACCOUNT_NOTIFICATION"),
    (
        "messageFlow.optInWorkflow",
        "Customers tick an unchecked box at checkout to receive order updates.",
    ),
    (
        "messageFlow.helpMessage",
        "Example Corp: help at support@example.com. Reply STOP to opt out.",
    ),
    (
        "messageFlow.stopMessage",
        "Example Corp: you are unsubscribed and will get no more messages.",
    ),
    (
        "messageSamples.messageSample1",
        "Example Corp: your order 123 has shipped.",
    ),
    (
        "messageSamples.messageSample2",
        "Example Corp: your order 123 was delivered.",
    ),
    ("campaignCapabilities.numberCapability", "select:SMS"),
];

/// A COMPLETE brand registration.
async fn complete_brand(running: &common::Running) -> String {
    let brand = create(running, BRAND).await;
    fill(running, &brand, BRAND_FIELDS).await;
    submit(running, &brand).await.expect("submit brand");
    assert_eq!(
        registration(running, &brand).await.registration_status,
        RegistrationStatus::Complete
    );
    brand
}

// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn create_registration_starts_a_draft_and_keeps_tags() {
    let running = common::start().await;
    let tag = common::tag("team", "sms");
    let out = running
        .v2
        .create_registration()
        .registration_type(TOLL_FREE)
        .tags(vec![tag])
        .client_token("once")
        .send()
        .await
        .unwrap();
    let id = out.registration_id.clone().unwrap();
    let arn = out.registration_arn.clone().unwrap();
    assert!(id.starts_with("registration-"), "{id}");
    assert!(arn.ends_with(&format!(":registration/{id}")), "{arn}");
    assert_eq!(out.registration_status, Some(RegistrationStatus::Created));
    assert_eq!(out.current_version_number, Some(1));
    assert_eq!(out.tags.map(|t| t.len()), Some(1));

    // The same call retried with its client token answers the same registration.
    let again = running
        .v2
        .create_registration()
        .registration_type(TOLL_FREE)
        .tags(vec![common::tag("team", "sms")])
        .client_token("once")
        .send()
        .await
        .unwrap();
    assert_eq!(again.registration_id.as_deref(), Some(id.as_str()));

    let described = registration(&running, &arn).await;
    assert_eq!(described.registration_id, id);
    assert_eq!(described.registration_type, TOLL_FREE);
    assert_eq!(
        version_statuses(&running, &id).await,
        vec![RegistrationVersionStatus::Draft]
    );
    let tags = running
        .v2
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap()
        .tags
        .unwrap_or_default();
    assert_eq!(tags.len(), 1);
}

#[tokio::test]
async fn create_registration_refuses_unknown_types_and_past_the_limit() {
    let running = common::start().await;
    let unknown = running
        .v2
        .create_registration()
        .registration_type("US_NO_SUCH_REGISTRATION")
        .send()
        .await;
    assert_eq!(common::code(unknown), "ValidationException");
    for _ in 0..10 {
        create(&running, BRAND).await;
    }
    let over = running
        .v2
        .create_registration()
        .registration_type(BRAND)
        .send()
        .await;
    assert_eq!(common::code(over), "ServiceQuotaExceededException");
    let all = running.v2.describe_registrations().send().await.unwrap();
    assert_eq!(all.registrations.unwrap_or_default().len(), 10);
}

#[tokio::test]
async fn delete_registration_removes_it() {
    let running = common::start().await;
    let id = create(&running, TOLL_FREE).await;
    let out = delete(&running, &id).await.unwrap();
    assert_eq!(out.registration_status, Some(RegistrationStatus::Deleted));
    let gone = running
        .v2
        .describe_registrations()
        .registration_ids(vec![id.clone()])
        .send()
        .await;
    assert_eq!(common::code(gone), "ResourceNotFoundException");
    let again = delete(&running, &id).await;
    assert_eq!(common::code(again), "ResourceNotFoundException");
}

#[tokio::test]
async fn delete_registration_is_refused_while_another_uses_it_or_numbers_are_associated() {
    let running = common::start().await;
    let brand = complete_brand(&running).await;
    let campaign = create(&running, CAMPAIGN).await;
    associate(&running, &campaign, &brand).await.unwrap();
    let refused = delete(&running, &brand).await;
    assert_eq!(common::code(refused), "ConflictException");
    assert_eq!(
        registration(&running, &brand).await.registration_status,
        RegistrationStatus::Complete
    );

    // A complete campaign with a 10DLC number cannot go until the number does.
    fill(&running, &campaign, CAMPAIGN_FIELDS).await;
    submit(&running, &campaign).await.unwrap();
    let number = phone_number(&running, RequestPhoneNumberNumberType::TenDlc).await;
    associate(&running, &campaign, &number).await.unwrap();
    let refused = delete(&running, &campaign).await;
    assert_eq!(common::code(refused), "ConflictException");
    running
        .v2
        .release_phone_number()
        .phone_number_id(&number)
        .send()
        .await
        .unwrap();
    delete(&running, &campaign).await.unwrap();
    delete(&running, &brand).await.unwrap();
}

#[tokio::test]
async fn describe_registrations_filters_and_pages() {
    let running = common::start().await;
    let a = create(&running, TOLL_FREE).await;
    let b = create(&running, BRAND).await;
    let c = create(&running, BRAND).await;
    submit(&running, &c).await.unwrap();

    let filter = |name: &str, value: &str| {
        RegistrationFilter::builder()
            .name(RegistrationFilterName::from(name))
            .values(vec![value.to_owned()])
            .build()
            .unwrap()
    };
    let ids = |out: sms_voice::pinpointsmsvoicev2::DescribeRegistrationsResult| {
        let mut ids: Vec<String> = out
            .registrations
            .unwrap_or_default()
            .into_iter()
            .map(|r| r.registration_id)
            .collect();
        ids.sort();
        ids
    };
    let brands = running
        .v2
        .describe_registrations()
        .filters(vec![filter("registration-type", BRAND)])
        .send()
        .await
        .unwrap();
    let mut expected = vec![b.clone(), c.clone()];
    expected.sort();
    assert_eq!(ids(brands), expected);
    let needs_updates = running
        .v2
        .describe_registrations()
        .filters(vec![filter("registration-status", "REQUIRES_UPDATES")])
        .send()
        .await
        .unwrap();
    assert_eq!(ids(needs_updates), vec![c.clone()]);

    let first = running
        .v2
        .describe_registrations()
        .max_results(2)
        .send()
        .await
        .unwrap();
    let token = first.next_token.clone().expect("a second page");
    let mut seen = ids(first);
    let second = running
        .v2
        .describe_registrations()
        .max_results(2)
        .next_token(token)
        .send()
        .await
        .unwrap();
    assert!(second.next_token.is_none());
    seen.extend(ids(second));
    seen.sort();
    let mut all = vec![a, b, c];
    all.sort();
    assert_eq!(seen, all);

    let bad = running
        .v2
        .describe_registrations()
        .filters(vec![filter("registration-status", "ALMOST_DONE")])
        .send()
        .await;
    assert_eq!(common::code(bad), "ValidationException");
    let missing = running
        .v2
        .describe_registrations()
        .registration_ids(vec!["registration-missing".to_owned()])
        .send()
        .await;
    assert_eq!(common::code(missing), "ResourceNotFoundException");
}

#[tokio::test]
async fn toll_free_registration_workflow_end_to_end() {
    let running = common::start().await;
    let id = create(&running, TOLL_FREE).await;
    let image = attachment(&running).await;
    fill_toll_free(&running, &id, &image).await;

    // The toll-free number must be associated before submission.
    let early = submit(&running, &id).await;
    assert_eq!(common::code(early), "ConflictException");
    let number = phone_number(&running, RequestPhoneNumberNumberType::TollFree).await;
    let association = associate(&running, &id, &number).await.unwrap();
    assert_eq!(association.resource_type.as_deref(), Some("TOLL_FREE"));
    assert_eq!(association.iso_country_code.as_deref(), Some("US"));
    assert!(association.phone_number.is_some());

    let submitted = running
        .v2
        .submit_registration_version()
        .registration_id(&id)
        .aws_review(true)
        .send()
        .await
        .unwrap();
    assert_eq!(
        submitted.registration_version_status,
        Some(RegistrationVersionStatus::Submitted)
    );
    assert_eq!(submitted.version_number, Some(1));
    assert_eq!(submitted.aws_review, Some(true));
    let history = submitted.registration_version_status_history.unwrap();
    assert!(history.submitted_timestamp.is_some());

    // The review is immediate: approved, and the registration complete.
    let r = registration(&running, &id).await;
    assert_eq!(r.registration_status, RegistrationStatus::Complete);
    assert_eq!(r.approved_version_number, Some(1));
    assert_eq!(
        version_statuses(&running, &id).await,
        vec![RegistrationVersionStatus::Approved]
    );

    // A submitted version is read-only.
    let locked = put(&running, &id, "companyInfo.city", V::Text("Tacoma")).await;
    assert_eq!(common::code(locked), "ConflictException");
    let twice = submit(&running, &id).await;
    assert_eq!(common::code(twice), "ConflictException");

    // Version 2 starts empty; submitted as is, it is denied, and version 1 stays in force.
    let v2 = new_version(&running, &id).await.unwrap();
    assert_eq!(v2.version_number, Some(2));
    assert_eq!(
        v2.registration_version_status,
        Some(RegistrationVersionStatus::Draft)
    );
    assert_eq!(registration(&running, &id).await.current_version_number, 2);
    let values = running
        .v2
        .describe_registration_field_values()
        .registration_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(values.version_number, Some(2));
    assert!(values
        .registration_field_values
        .unwrap_or_default()
        .is_empty());
    submit(&running, &id).await.unwrap();
    let r = registration(&running, &id).await;
    assert_eq!(r.registration_status, RegistrationStatus::Complete);
    assert_eq!(r.latest_denied_version_number, Some(2));
    assert_eq!(r.approved_version_number, Some(1));
    assert_eq!(
        version_statuses(&running, &id).await,
        vec![
            RegistrationVersionStatus::Approved,
            RegistrationVersionStatus::Denied
        ]
    );
    // Each version comes with its number, the times it changed status, and why it was denied.
    let versions = running
        .v2
        .describe_registration_versions()
        .registration_id(&id)
        .send()
        .await
        .expect("describe versions")
        .registration_versions
        .unwrap_or_default();
    assert_eq!(
        versions
            .iter()
            .map(|v| v.version_number)
            .collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert!(versions[0]
        .registration_version_status_history
        .approved_timestamp
        .is_some());
    assert!(versions[1]
        .registration_version_status_history
        .denied_timestamp
        .is_some());
    assert!(versions[0].denied_reasons.is_none());
    assert!(!versions[1]
        .denied_reasons
        .clone()
        .unwrap_or_default()
        .is_empty());

    // Version 3 is filled in and approved: version 1 is archived.
    new_version(&running, &id).await.unwrap();
    fill_toll_free(&running, &id, &image).await;
    submit(&running, &id).await.unwrap();
    assert_eq!(
        registration(&running, &id).await.approved_version_number,
        Some(3)
    );
    assert_eq!(
        version_statuses(&running, &id).await,
        vec![
            RegistrationVersionStatus::Archived,
            RegistrationVersionStatus::Denied,
            RegistrationVersionStatus::Approved
        ]
    );

    // Version 4 is discarded.
    new_version(&running, &id).await.unwrap();
    let discarded = discard(&running, &id).await.unwrap();
    assert_eq!(discarded.version_number, Some(4));
    assert_eq!(
        discarded.registration_version_status,
        Some(RegistrationVersionStatus::Discarded)
    );
    assert!(discarded
        .registration_version_status_history
        .and_then(|h| h.discarded_timestamp)
        .is_some());

    // Versions by number and by status.
    let picked = running
        .v2
        .describe_registration_versions()
        .registration_id(&id)
        .version_numbers(vec![2, 4])
        .send()
        .await
        .unwrap()
        .registration_versions
        .unwrap_or_default();
    assert_eq!(
        picked
            .into_iter()
            .map(|v| v.registration_version_status)
            .collect::<Vec<_>>(),
        vec![
            RegistrationVersionStatus::Denied,
            RegistrationVersionStatus::Discarded
        ]
    );
    let approved = running
        .v2
        .describe_registration_versions()
        .registration_id(&id)
        .filters(vec![RegistrationVersionFilter::builder()
            .name(RegistrationVersionFilterName::from(
                "registration-version-status",
            ))
            .values(vec!["APPROVED".to_owned()])
            .build()
            .unwrap()])
        .send()
        .await
        .unwrap()
        .registration_versions
        .unwrap_or_default();
    assert_eq!(approved.len(), 1);

    // The field values of an older version stay readable.
    let v1_values = running
        .v2
        .describe_registration_field_values()
        .registration_id(&id)
        .version_number(1)
        .section_path("contactInfo")
        .send()
        .await
        .unwrap()
        .registration_field_values
        .unwrap_or_default();
    assert_eq!(v1_values.len(), 4);

    // Releasing the number closes the registration, which can then be deleted.
    let still_needed = delete(&running, &id).await;
    assert_eq!(common::code(still_needed), "ConflictException");
    running
        .v2
        .release_phone_number()
        .phone_number_id(&number)
        .send()
        .await
        .unwrap();
    assert_eq!(
        registration(&running, &id).await.registration_status,
        RegistrationStatus::Closed
    );
    delete(&running, &id).await.unwrap();
}

#[tokio::test]
async fn an_incomplete_submission_is_denied_and_needs_a_new_version() {
    let running = common::start().await;
    let id = create(&running, BRAND).await;
    fill(&running, &id, &BRAND_FIELDS[..3]).await;
    // A stock symbol is not allowed for a private company.
    fill(&running, &id, &[("companyInfo.stockSymbol", "EXMP")]).await;
    let out = submit(&running, &id).await.unwrap();
    assert_eq!(out.version_number, Some(1));
    let r = registration(&running, &id).await;
    assert_eq!(r.registration_status, RegistrationStatus::RequiresUpdates);
    assert_eq!(r.latest_denied_version_number, Some(1));
    assert!(r.approved_version_number.is_none());
    assert_eq!(
        version_statuses(&running, &id).await,
        vec![RegistrationVersionStatus::Denied]
    );
    let values = running
        .v2
        .describe_registration_field_values()
        .registration_id(&id)
        .field_paths(vec!["companyInfo.stockSymbol".to_owned()])
        .send()
        .await
        .unwrap()
        .registration_field_values
        .unwrap_or_default();
    assert_eq!(values.len(), 1);
    assert!(values[0].denied_reason.is_some());

    let locked = put(&running, &id, "companyInfo.city", V::Text("Seattle")).await;
    assert_eq!(common::code(locked), "ConflictException");
    let v2 = new_version(&running, &id).await.unwrap();
    assert_eq!(v2.version_number, Some(2));
    fill(&running, &id, BRAND_FIELDS).await;
    submit(&running, &id).await.unwrap();
    let r = registration(&running, &id).await;
    assert_eq!(r.registration_status, RegistrationStatus::Complete);
    assert_eq!(r.approved_version_number, Some(2));
}

#[tokio::test]
async fn submit_refuses_unknown_registrations() {
    let running = common::start().await;
    let missing = submit(&running, "registration-missing").await;
    assert_eq!(common::code(missing), "ResourceNotFoundException");
}

#[tokio::test]
async fn create_version_is_refused_while_a_draft_is_open() {
    let running = common::start().await;
    let id = create(&running, BRAND).await;
    let refused = new_version(&running, &id).await;
    assert_eq!(common::code(refused), "ConflictException");
    assert_eq!(registration(&running, &id).await.current_version_number, 1);
    let missing = new_version(&running, "registration-missing").await;
    assert_eq!(common::code(missing), "ResourceNotFoundException");
}

#[tokio::test]
async fn discard_is_refused_for_the_first_version_and_for_non_drafts() {
    let running = common::start().await;
    let id = create(&running, BRAND).await;
    let first = discard(&running, &id).await;
    assert_eq!(common::code(first), "ConflictException");
    submit(&running, &id).await.unwrap();
    new_version(&running, &id).await.unwrap();
    discard(&running, &id).await.unwrap();
    let twice = discard(&running, &id).await;
    assert_eq!(common::code(twice), "ConflictException");
    assert_eq!(
        version_statuses(&running, &id).await,
        vec![
            RegistrationVersionStatus::Denied,
            RegistrationVersionStatus::Discarded
        ]
    );
    let missing = discard(&running, "registration-missing").await;
    assert_eq!(common::code(missing), "ResourceNotFoundException");
    let versions = running
        .v2
        .describe_registration_versions()
        .registration_id(&id)
        .version_numbers(vec![9])
        .send()
        .await;
    common::assert_failure(
        versions,
        "ValidationException",
        "UNKNOWN_REGISTRATION_VERSION",
    );
}

#[tokio::test]
async fn attachments_from_a_body_or_a_url() {
    let running = common::start().await;
    let tag = common::tag("kind", "loa");
    let body = running
        .v2
        .create_registration_attachment()
        .attachment_body(Blob::new(b"%PDF-1.4 letter of authorization".to_vec()))
        .tags(vec![tag])
        .send()
        .await
        .unwrap();
    assert_eq!(
        body.attachment_status,
        Some(AttachmentStatus::UploadComplete)
    );
    assert_eq!(body.tags.map(|t| t.len()), Some(1));
    let body_id = body.registration_attachment_id.unwrap();
    let arn = body.registration_attachment_arn.unwrap();
    assert!(arn.contains(":registration-attachment/"), "{arn}");
    let url = running
        .v2
        .create_registration_attachment()
        .attachment_url("s3://my-bucket/opt-in.png")
        .send()
        .await
        .unwrap();
    let url_id = url.registration_attachment_id.unwrap();

    let all = running
        .v2
        .describe_registration_attachments()
        .send()
        .await
        .unwrap()
        .registration_attachments
        .unwrap_or_default();
    assert_eq!(all.len(), 2);
    let complete = running
        .v2
        .describe_registration_attachments()
        .filters(vec![RegistrationAttachmentFilter::builder()
            .name(RegistrationAttachmentFilterName::from("attachment-status"))
            .values(vec!["UPLOAD_COMPLETE".to_owned()])
            .build()
            .unwrap()])
        .send()
        .await
        .unwrap()
        .registration_attachments
        .unwrap_or_default();
    assert_eq!(complete.len(), 2);
    let one = running
        .v2
        .describe_registration_attachments()
        .registration_attachment_ids(vec![arn.clone()])
        .send()
        .await
        .unwrap()
        .registration_attachments
        .unwrap_or_default();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].registration_attachment_id, body_id);

    let deleted = running
        .v2
        .delete_registration_attachment()
        .registration_attachment_id(&url_id)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.attachment_status, Some(AttachmentStatus::Deleted));
    let gone = running
        .v2
        .describe_registration_attachments()
        .registration_attachment_ids(vec![url_id.clone()])
        .send()
        .await;
    assert_eq!(common::code(gone), "ResourceNotFoundException");
    let again = running
        .v2
        .delete_registration_attachment()
        .registration_attachment_id(&url_id)
        .send()
        .await;
    assert_eq!(common::code(again), "ResourceNotFoundException");
}

#[tokio::test]
async fn attachments_refuse_bad_input_uses_and_too_many() {
    let running = common::start().await;
    let both = running
        .v2
        .create_registration_attachment()
        .attachment_body(Blob::new(PNG.to_vec()))
        .attachment_url("s3://bucket/file.png")
        .send()
        .await;
    assert_eq!(common::code(both), "ValidationException");
    let neither = running.v2.create_registration_attachment().send().await;
    assert_eq!(common::code(neither), "ValidationException");
    let text = running
        .v2
        .create_registration_attachment()
        .attachment_body(Blob::new(b"just some text".to_vec()))
        .send()
        .await;
    assert_eq!(common::code(text), "ValidationException");
    let mut big = PNG.to_vec();
    big.resize(600 * 1024, 0);
    let big = running
        .v2
        .create_registration_attachment()
        .attachment_body(Blob::new(big))
        .send()
        .await;
    assert_eq!(common::code(big), "ValidationException");
    let not_s3 = running
        .v2
        .create_registration_attachment()
        .attachment_url("https://example.com/file.png")
        .send()
        .await;
    assert_eq!(common::code(not_s3), "ValidationException");
    let bad_filter = running
        .v2
        .describe_registration_attachments()
        .filters(vec![RegistrationAttachmentFilter::builder()
            .name(RegistrationAttachmentFilterName::from("attachment-status"))
            .values(vec!["LOST".to_owned()])
            .build()
            .unwrap()])
        .send()
        .await;
    assert_eq!(common::code(bad_filter), "ValidationException");

    // An attachment a field value uses cannot be deleted.
    let id = create(&running, TOLL_FREE).await;
    let used = attachment(&running).await;
    put(
        &running,
        &id,
        "messagingUseCase.optInImage",
        V::Attachment(&used),
    )
    .await
    .unwrap();
    let refused = running
        .v2
        .delete_registration_attachment()
        .registration_attachment_id(&used)
        .send()
        .await;
    assert_eq!(common::code(refused), "ConflictException");

    for _ in 0..9 {
        attachment(&running).await;
    }
    let over = running
        .v2
        .create_registration_attachment()
        .attachment_body(Blob::new(PNG.to_vec()))
        .send()
        .await;
    assert_eq!(common::code(over), "ServiceQuotaExceededException");
}

#[tokio::test]
async fn field_values_put_describe_and_delete() {
    let running = common::start().await;
    let id = create(&running, CAMPAIGN).await;
    let out = put(
        &running,
        &id,
        "campaignInfo.campaignName",
        V::Text("Order updates"),
    )
    .await
    .unwrap();
    assert_eq!(out.version_number, Some(1));
    assert_eq!(out.text_value.as_deref(), Some("Order updates"));
    put(
        &running,
        &id,
        "campaignUseCase.subUseCases",
        V::Select(&["MARKETING", "CUSTOMER_CARE"]),
    )
    .await
    .unwrap();
    let image = attachment(&running).await;
    let out = put(
        &running,
        &id,
        "messageFlow.optInScreenshot",
        V::Attachment(&image),
    )
    .await
    .unwrap();
    assert_eq!(
        out.registration_attachment_id.as_deref(),
        Some(image.as_str())
    );
    // Putting again replaces the value.
    put(
        &running,
        &id,
        "campaignInfo.campaignName",
        V::Text("Shipping"),
    )
    .await
    .unwrap();

    let values = running
        .v2
        .describe_registration_field_values()
        .registration_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(values.version_number, Some(1));
    let values = values.registration_field_values.unwrap_or_default();
    assert_eq!(values.len(), 3);
    assert_eq!(values[0].field_path, "campaignInfo.campaignName");
    assert_eq!(values[0].text_value.as_deref(), Some("Shipping"));
    let section = running
        .v2
        .describe_registration_field_values()
        .registration_id(&id)
        .section_path("campaignUseCase")
        .send()
        .await
        .unwrap()
        .registration_field_values
        .unwrap_or_default();
    assert_eq!(section.len(), 1);
    assert_eq!(
        section[0].select_choices.clone().unwrap_or_default(),
        vec!["MARKETING", "CUSTOMER_CARE"]
    );
    let paged = running
        .v2
        .describe_registration_field_values()
        .registration_id(&id)
        .max_results(2)
        .send()
        .await
        .unwrap();
    assert_eq!(paged.registration_field_values.unwrap_or_default().len(), 2);
    assert!(paged.next_token.is_some());

    let deleted = running
        .v2
        .delete_registration_field_value()
        .registration_id(&id)
        .field_path("campaignInfo.campaignName")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.text_value.as_deref(), Some("Shipping"));
    assert_eq!(deleted.version_number, Some(1));
    let values = running
        .v2
        .describe_registration_field_values()
        .registration_id(&id)
        .send()
        .await
        .unwrap()
        .registration_field_values
        .unwrap_or_default();
    assert_eq!(values.len(), 2);
    let again = running
        .v2
        .delete_registration_field_value()
        .registration_id(&id)
        .field_path("campaignInfo.campaignName")
        .send()
        .await;
    assert_eq!(common::code(again), "ValidationException");
}

#[tokio::test]
async fn field_values_are_checked_against_their_definitions() {
    let running = common::start().await;
    let id = create(&running, BRAND).await;
    let cases: Vec<(&str, V)> = vec![
        ("companyInfo.favouriteColour", V::Text("blue")),
        ("companyInfo.companyType", V::Text("PRIVATE_PROFIT")),
        ("companyInfo.companyName", V::Select(&["Example"])),
        ("companyInfo.companyType", V::Select(&["PARTNERSHIP"])),
        (
            "companyInfo.companyType",
            V::Select(&["PRIVATE_PROFIT", "NON_PROFIT"]),
        ),
        ("companyInfo.taxId", V::Text("12-3456789")),
        ("contactInfo.supportEmail", V::Text("not an email")),
        ("companyInfo.website", V::Text("example.com")),
        ("companyInfo.companyName", V::Text("")),
    ];
    for (path, value) in cases {
        let result = put(&running, &id, path, value).await;
        assert_eq!(common::code(result), "ValidationException", "{path}");
    }
    let missing_attachment = running
        .v2
        .create_registration()
        .registration_type(TOLL_FREE)
        .send()
        .await
        .unwrap()
        .registration_id
        .unwrap();
    let result = put(
        &running,
        &missing_attachment,
        "messagingUseCase.optInImage",
        V::Attachment("attachment-missing"),
    )
    .await;
    assert_eq!(common::code(result), "ResourceNotFoundException");
    let result = put(
        &running,
        "registration-missing",
        "companyInfo.city",
        V::Text("Seattle"),
    )
    .await;
    assert_eq!(common::code(result), "ResourceNotFoundException");
    let unknown = running
        .v2
        .delete_registration_field_value()
        .registration_id(&id)
        .field_path("companyInfo.favouriteColour")
        .send()
        .await;
    assert_eq!(common::code(unknown), "ValidationException");
    let missing = running
        .v2
        .delete_registration_field_value()
        .registration_id("registration-missing")
        .field_path("companyInfo.city")
        .send()
        .await;
    assert_eq!(common::code(missing), "ResourceNotFoundException");

    // Nothing was stored.
    let values = running
        .v2
        .describe_registration_field_values()
        .registration_id(&id)
        .send()
        .await
        .unwrap()
        .registration_field_values
        .unwrap_or_default();
    assert!(values.is_empty());
    let missing = running
        .v2
        .describe_registration_field_values()
        .registration_id("registration-missing")
        .send()
        .await;
    assert_eq!(common::code(missing), "ResourceNotFoundException");
    let no_version = running
        .v2
        .describe_registration_field_values()
        .registration_id(&id)
        .version_number(7)
        .send()
        .await;
    common::assert_failure(
        no_version,
        "ValidationException",
        "UNKNOWN_REGISTRATION_VERSION",
    );
    let bad_section = running
        .v2
        .describe_registration_field_values()
        .registration_id(&id)
        .section_path("nowhere")
        .send()
        .await;
    assert_eq!(common::code(bad_section), "ValidationException");
}

#[tokio::test]
async fn type_definitions_list_the_catalogue() {
    let running = common::start().await;
    let all = running
        .v2
        .describe_registration_type_definitions()
        .send()
        .await
        .unwrap()
        .registration_type_definitions
        .unwrap_or_default();
    let names: Vec<&str> = all.iter().map(|t| t.registration_type.as_str()).collect();
    assert_eq!(names, vec![BRAND, CAMPAIGN, TOLL_FREE]);
    let toll_free = &all[2];
    let associations = toll_free.supported_associations.clone().unwrap_or_default();
    assert_eq!(associations.len(), 1);
    assert_eq!(associations[0].resource_type, "TOLL_FREE");

    let filtered = running
        .v2
        .describe_registration_type_definitions()
        .filters(vec![RegistrationTypeFilter::builder()
            .name(RegistrationTypeFilterName::from(
                "supported-association-resource-type",
            ))
            .values(vec!["TEN_DLC".to_owned()])
            .build()
            .unwrap()])
        .send()
        .await
        .unwrap()
        .registration_type_definitions
        .unwrap_or_default();
    assert_eq!(filtered.len(), 1);
    assert_eq!(filtered[0].registration_type, CAMPAIGN);
    let picked = running
        .v2
        .describe_registration_type_definitions()
        .registration_types(vec![TOLL_FREE.to_owned()])
        .send()
        .await
        .unwrap()
        .registration_type_definitions
        .unwrap_or_default();
    assert_eq!(picked.len(), 1);

    let unknown = running
        .v2
        .describe_registration_type_definitions()
        .registration_types(vec!["US_NOTHING".to_owned()])
        .send()
        .await;
    assert_eq!(common::code(unknown), "ValidationException");
    let zero = running
        .v2
        .describe_registration_type_definitions()
        .max_results(0)
        .send()
        .await;
    assert_eq!(common::code(zero), "ValidationException");
}

#[tokio::test]
async fn section_definitions_of_a_type() {
    let running = common::start().await;
    let out = running
        .v2
        .describe_registration_section_definitions()
        .registration_type(TOLL_FREE)
        .send()
        .await
        .unwrap();
    assert_eq!(out.registration_type.as_deref(), Some(TOLL_FREE));
    let sections: Vec<String> = out
        .registration_section_definitions
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.section_path)
        .collect();
    assert_eq!(
        sections,
        vec![
            "companyInfo",
            "contactInfo",
            "messagingUseCase",
            "messageSamples"
        ]
    );
    let one = running
        .v2
        .describe_registration_section_definitions()
        .registration_type(TOLL_FREE)
        .section_paths(vec!["contactInfo".to_owned()])
        .send()
        .await
        .unwrap()
        .registration_section_definitions
        .unwrap_or_default();
    assert_eq!(one.len(), 1);
    assert!(!one[0].display_hints.title.is_empty());

    let unknown = running
        .v2
        .describe_registration_section_definitions()
        .registration_type("US_NOTHING")
        .send()
        .await;
    assert_eq!(common::code(unknown), "ValidationException");
    let bad_section = running
        .v2
        .describe_registration_section_definitions()
        .registration_type(TOLL_FREE)
        .section_paths(vec!["nowhere".to_owned()])
        .send()
        .await;
    assert_eq!(common::code(bad_section), "ValidationException");
}

#[tokio::test]
async fn field_definitions_of_a_type() {
    let running = common::start().await;
    let all = running
        .v2
        .describe_registration_field_definitions()
        .registration_type(BRAND)
        .send()
        .await
        .unwrap()
        .registration_field_definitions
        .unwrap_or_default();
    assert!(all.len() >= 10);
    assert!(all
        .iter()
        .all(|f| f.field_path.starts_with(&format!("{}.", f.section_path))));
    let company_type = all
        .iter()
        .find(|f| f.field_path == "companyInfo.companyType")
        .expect("companyType");
    assert_eq!(company_type.field_type, FieldType::Select);
    let select = company_type
        .select_validation
        .clone()
        .expect("select validation");
    assert!(select.options.iter().any(|o| o == "PUBLIC_PROFIT"));
    assert_eq!((select.min_choices, select.max_choices), (1, 1));
    let tax_id = all
        .iter()
        .find(|f| f.field_path == "companyInfo.taxId")
        .expect("taxId");
    assert_eq!(tax_id.field_type, FieldType::Text);
    assert!(tax_id.text_validation.is_some());

    let contact = running
        .v2
        .describe_registration_field_definitions()
        .registration_type(BRAND)
        .section_path("contactInfo")
        .send()
        .await
        .unwrap()
        .registration_field_definitions
        .unwrap_or_default();
    assert!(contact.iter().all(|f| f.section_path == "contactInfo"));
    assert_eq!(contact.len(), 3);
    let picked = running
        .v2
        .describe_registration_field_definitions()
        .registration_type(TOLL_FREE)
        .field_paths(vec!["messagingUseCase.optInImage".to_owned()])
        .send()
        .await
        .unwrap()
        .registration_field_definitions
        .unwrap_or_default();
    assert_eq!(picked.len(), 1);
    assert_eq!(picked[0].field_type, FieldType::Attachment);

    let unknown = running
        .v2
        .describe_registration_field_definitions()
        .registration_type("US_NOTHING")
        .send()
        .await;
    assert_eq!(common::code(unknown), "ValidationException");
    let unknown_field = running
        .v2
        .describe_registration_field_definitions()
        .registration_type(BRAND)
        .field_paths(vec!["companyInfo.nothing".to_owned()])
        .send()
        .await;
    assert_eq!(common::code(unknown_field), "ValidationException");
}

#[tokio::test]
async fn ten_dlc_campaign_associations() {
    let running = common::start().await;
    let brand = complete_brand(&running).await;
    let campaign = create(&running, CAMPAIGN).await;
    let number = phone_number(&running, RequestPhoneNumberNumberType::TenDlc).await;

    // A 10DLC number is associated only once the campaign is complete.
    let early = associate(&running, &campaign, &number).await;
    assert_eq!(common::code(early), "ConflictException");
    // A toll-free number does not go with a campaign.
    let toll_free = phone_number(&running, RequestPhoneNumberNumberType::TollFree).await;
    let wrong = associate(&running, &campaign, &toll_free).await;
    assert_eq!(common::code(wrong), "ValidationException");

    let with_brand = associate(&running, &campaign, &brand).await.unwrap();
    assert_eq!(with_brand.resource_type.as_deref(), Some(BRAND));
    let twice = associate(&running, &campaign, &brand).await;
    assert_eq!(common::code(twice), "ConflictException");

    fill(&running, &campaign, CAMPAIGN_FIELDS).await;
    submit(&running, &campaign).await.unwrap();
    assert_eq!(
        registration(&running, &campaign).await.registration_status,
        RegistrationStatus::Complete
    );
    let with_number = associate(&running, &campaign, &number).await.unwrap();
    assert_eq!(with_number.resource_type.as_deref(), Some("TEN_DLC"));

    let listed = running
        .v2
        .list_registration_associations()
        .registration_id(&campaign)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.registration_type.as_deref(), Some(CAMPAIGN));
    let listed = listed.registration_associations.unwrap_or_default();
    assert_eq!(listed.len(), 2);
    let numbers = running
        .v2
        .list_registration_associations()
        .registration_id(&campaign)
        .filters(vec![RegistrationAssociationFilter::builder()
            .name(RegistrationAssociationFilterName::from("resource-type"))
            .values(vec!["TEN_DLC".to_owned()])
            .build()
            .unwrap()])
        .send()
        .await
        .unwrap()
        .registration_associations
        .unwrap_or_default();
    assert_eq!(numbers.len(), 1);
    assert_eq!(numbers[0].resource_id, number);
    assert!(numbers[0].phone_number.is_some());

    // The number cannot go with a second campaign.
    let other = create(&running, CAMPAIGN).await;
    associate(&running, &other, &brand).await.unwrap();
    fill(&running, &other, CAMPAIGN_FIELDS).await;
    submit(&running, &other).await.unwrap();
    let taken = associate(&running, &other, &number).await;
    assert_eq!(common::code(taken), "ConflictException");
}

#[tokio::test]
async fn associations_refuse_unknown_resources_and_too_many_numbers() {
    let running = common::start().await;
    let id = create(&running, TOLL_FREE).await;
    let missing = associate(&running, &id, "phone-missing").await;
    assert_eq!(common::code(missing), "ResourceNotFoundException");
    let missing = associate(&running, "registration-missing", "phone-missing").await;
    assert_eq!(common::code(missing), "ResourceNotFoundException");
    let first = phone_number(&running, RequestPhoneNumberNumberType::TollFree).await;
    let second = phone_number(&running, RequestPhoneNumberNumberType::TollFree).await;
    associate(&running, &id, &first).await.unwrap();
    let over = associate(&running, &id, &second).await;
    assert_eq!(common::code(over), "ServiceQuotaExceededException");
    let listed = running
        .v2
        .list_registration_associations()
        .registration_id(&id)
        .send()
        .await
        .unwrap()
        .registration_associations
        .unwrap_or_default();
    assert_eq!(listed.len(), 1);
    let missing = running
        .v2
        .list_registration_associations()
        .registration_id("registration-missing")
        .send()
        .await;
    assert_eq!(common::code(missing), "ResourceNotFoundException");
}
