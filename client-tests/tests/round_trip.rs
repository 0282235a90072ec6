//! The generated client against the generated server, over real sockets on 127.0.0.1: every
//! operation of both services round-trips (a minimal valid input, made from the model, goes
//! out through the client, is routed, decoded and validated by the server, reaches the
//! implementation, and its output comes back), and the server's refusals reach the client
//! typed.

use std::collections::BTreeSet;
use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use serde_json::{json, Map, Value};
use servicemodel_codegen::model::{Service, ShapeId, ShapeKind};
use sms_voice::client_runtime::{Config, Credentials, RetryConfig, SdkError};
use sms_voice::pinpointsmsvoicev2 as v2;
use sms_voice::server_runtime::{NoAuth, RequestContext, SigV4Authenticator};

fn model(service: &str) -> Service {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../model");
    servicemodel_codegen::load_dir(&root)
        .expect("the models load")
        .into_iter()
        .find(|s| s.metadata.service_id == service)
        .expect("the service is in the model folder")
}

/// Sample strings for the models' patterns: each must match its pattern.
const PATTERN_SAMPLES: &[(&str, &str)] = &[
    (r"[A-Za-z0-9_:/-]+", "sample-1"),
    (r"[A-Za-z0-9_-]+", "sample-1"),
    (r".+", "sample"),
    (
        r"arn:\S+",
        "arn:aws:sms-voice:us-east-1:111122223333:sample",
    ),
    (r"\+?[1-9][0-9]{1,18}", "+12065550100"),
    (r"[A-Z]{2}", "US"),
    (r"[A-Za-z0-9_]+", "sample_1"),
    (r"[/\.:A-Za-z0-9+_-]+", "sample"),
    (r"[!-~]+", "token-1"),
    (r"\S+", "sample"),
    (
        r"arn:[A-Za-z0-9_:/-]+",
        "arn:aws:sms-voice:us-east-1:111122223333:sample",
    ),
    (r"[A-Za-z0-9_\.]+", "sample.path"),
    (r"[ \S]+", "KEYWORD"),
    (r"(?!\s*$)[\s\S]+", "Hello there"),
    (r"(?!\s)^[\s\S]+(?<!\s)", "value"),
    (r"[A-Za-z0-9_:/\+-]+", "+12065550100"),
    (r"[\d]+", "310"),
    (r"[0-9]{0,2}\.[0-9]{1,5}", "0.50"),
    (
        r"s3://([a-z0-9\.-]{3,63})/(.+)",
        "s3://bucket-name/file.jpg",
    ),
    (r"\+[1-9][0-9]{1,18}", "+12065550100"),
    (r"\+[({\s\[]?[1-9][0-9(){}\s\[\],.-]{1,38}", "+12065550100"),
    (r"[A-Za-z0-9]+", "123456"),
    (r".*", "sample"),
];

/// A minimal valid JSON value of a shape: required members only, samples within bounds.
fn sample(service: &Service, shape: &str) -> Value {
    let id = service
        .shapes
        .id(shape)
        .unwrap_or_else(|| panic!("no shape {shape}"));
    sample_of(service, id)
}

/// [`sample`] of the shape `id`.
fn sample_of(service: &Service, id: ShapeId) -> Value {
    let shape = &service[id].name;
    match &service[id].kind {
        ShapeKind::Structure(s) => {
            let mut object = Map::new();
            for m in s.members.iter().filter(|m| m.required) {
                object.insert(m.wire_name.clone(), sample_of(service, m.shape));
            }
            Value::Object(object)
        }
        ShapeKind::String(s) => {
            if let Some(values) = &s.enum_values {
                return json!(values[0].value);
            }
            let text = match &s.pattern {
                Some(p) => PATTERN_SAMPLES
                    .iter()
                    .find(|(pattern, _)| *pattern == p.source)
                    .unwrap_or_else(|| panic!("no sample for pattern {} (shape {shape})", p.source))
                    .1
                    .to_owned(),
                None => "sample".to_owned(),
            };
            let min = s.length.min.unwrap_or(0) as usize;
            let text = if text.chars().count() < min {
                "x".repeat(min)
            } else {
                text
            };
            json!(text)
        }
        ShapeKind::Integer(r) | ShapeKind::Long(r) => {
            json!(r.min.unwrap_or(1).max(1).min(r.max.unwrap_or(i64::MAX)))
        }
        ShapeKind::Double(r) | ShapeKind::Float(r) => json!(r.min.unwrap_or(1.0)),
        ShapeKind::Boolean => json!(true),
        ShapeKind::Timestamp(_) => json!(1_700_000_000),
        ShapeKind::Blob(_) => json!("AAEC"),
        ShapeKind::List(l) => {
            let n = l.length.min.unwrap_or(1).max(1) as usize;
            Value::Array((0..n).map(|_| sample_of(service, l.member)).collect())
        }
        ShapeKind::Map(m) => {
            let mut object = Map::new();
            if m.length.min.unwrap_or(0) > 0 {
                let key = sample_of(service, m.key);
                object.insert(
                    key.as_str().unwrap_or("key").to_owned(),
                    sample_of(service, m.value),
                );
            }
            Value::Object(object)
        }
    }
}

type Seen = Arc<Mutex<Vec<String>>>;

/// Starts `router` on 127.0.0.1 and returns its address and a shutdown sender.
async fn start<D: sms_voice::server_runtime::Dispatch>(
    router: sms_voice::server_runtime::Router<D>,
) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let addr = listener.local_addr().expect("has an address");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(sms_voice::server_runtime::serve_with_shutdown(
        listener,
        router,
        async {
            let _ = rx.await;
        },
    ));
    (addr, tx)
}

fn config(addr: SocketAddr) -> Config {
    Config::builder()
        .region("us-east-1")
        .endpoint_url(format!("http://{addr}"))
        .credentials(Credentials::new(
            "AKIDTEST",
            "test-secret",
            None,
            None,
            "test",
        ))
        .retry(RetryConfig::disabled())
        .build()
}

macro_rules! v2_ops {
    ($($method:ident: $input:ident => $output:ident, $error:ident, $name:literal;)*) => {
        /// Answers every operation with a minimal valid output, noting which ran.
        struct AllOps {
            seen: Seen,
            model: Arc<Service>,
        }

        impl v2::server::PinpointSmsVoiceV2Api for AllOps {
            $(
                fn $method(
                    &self,
                    _context: RequestContext,
                    _input: v2::$input,
                ) -> impl Future<Output = Result<v2::$output, v2::errors::$error>> + Send {
                    self.seen.lock().unwrap().push($name.to_owned());
                    let output: v2::$output = serde_json::from_value(sample(&self.model, stringify!($output)))
                        .expect("a minimal output decodes");
                    std::future::ready(Ok(output))
                }
            )*
        }

        /// Calls every operation with a minimal valid input.
        async fn call_every_v2_operation(client: &v2::Client, model: &Service) -> Vec<&'static str> {
            let mut called = Vec::new();
            $(
                let input: v2::$input = serde_json::from_value(sample(model, stringify!($input)))
                    .expect(concat!("a minimal ", stringify!($input), " decodes"));
                client.execute(input).await.unwrap_or_else(|e| panic!("{}: {e}", $name));
                called.push($name);
            )*
            called
        }
    };
}

v2_ops! {
    associate_origination_identity: AssociateOriginationIdentityRequest => AssociateOriginationIdentityResult, AssociateOriginationIdentityError, "AssociateOriginationIdentity";
    associate_protect_configuration: AssociateProtectConfigurationRequest => AssociateProtectConfigurationResult, AssociateProtectConfigurationError, "AssociateProtectConfiguration";
    carrier_lookup: CarrierLookupRequest => CarrierLookupResult, CarrierLookupError, "CarrierLookup";
    create_configuration_set: CreateConfigurationSetRequest => CreateConfigurationSetResult, CreateConfigurationSetError, "CreateConfigurationSet";
    create_event_destination: CreateEventDestinationRequest => CreateEventDestinationResult, CreateEventDestinationError, "CreateEventDestination";
    create_opt_out_list: CreateOptOutListRequest => CreateOptOutListResult, CreateOptOutListError, "CreateOptOutList";
    create_pool: CreatePoolRequest => CreatePoolResult, CreatePoolError, "CreatePool";
    create_protect_configuration: CreateProtectConfigurationRequest => CreateProtectConfigurationResult, CreateProtectConfigurationError, "CreateProtectConfiguration";
    create_registration: CreateRegistrationRequest => CreateRegistrationResult, CreateRegistrationError, "CreateRegistration";
    create_registration_association: CreateRegistrationAssociationRequest => CreateRegistrationAssociationResult, CreateRegistrationAssociationError, "CreateRegistrationAssociation";
    create_registration_attachment: CreateRegistrationAttachmentRequest => CreateRegistrationAttachmentResult, CreateRegistrationAttachmentError, "CreateRegistrationAttachment";
    create_registration_version: CreateRegistrationVersionRequest => CreateRegistrationVersionResult, CreateRegistrationVersionError, "CreateRegistrationVersion";
    create_verified_destination_number: CreateVerifiedDestinationNumberRequest => CreateVerifiedDestinationNumberResult, CreateVerifiedDestinationNumberError, "CreateVerifiedDestinationNumber";
    delete_account_default_protect_configuration: DeleteAccountDefaultProtectConfigurationRequest => DeleteAccountDefaultProtectConfigurationResult, DeleteAccountDefaultProtectConfigurationError, "DeleteAccountDefaultProtectConfiguration";
    delete_configuration_set: DeleteConfigurationSetRequest => DeleteConfigurationSetResult, DeleteConfigurationSetError, "DeleteConfigurationSet";
    delete_default_message_type: DeleteDefaultMessageTypeRequest => DeleteDefaultMessageTypeResult, DeleteDefaultMessageTypeError, "DeleteDefaultMessageType";
    delete_default_sender_id: DeleteDefaultSenderIdRequest => DeleteDefaultSenderIdResult, DeleteDefaultSenderIdError, "DeleteDefaultSenderId";
    delete_event_destination: DeleteEventDestinationRequest => DeleteEventDestinationResult, DeleteEventDestinationError, "DeleteEventDestination";
    delete_keyword: DeleteKeywordRequest => DeleteKeywordResult, DeleteKeywordError, "DeleteKeyword";
    delete_media_message_spend_limit_override: DeleteMediaMessageSpendLimitOverrideRequest => DeleteMediaMessageSpendLimitOverrideResult, DeleteMediaMessageSpendLimitOverrideError, "DeleteMediaMessageSpendLimitOverride";
    delete_opted_out_number: DeleteOptedOutNumberRequest => DeleteOptedOutNumberResult, DeleteOptedOutNumberError, "DeleteOptedOutNumber";
    delete_opt_out_list: DeleteOptOutListRequest => DeleteOptOutListResult, DeleteOptOutListError, "DeleteOptOutList";
    delete_pool: DeletePoolRequest => DeletePoolResult, DeletePoolError, "DeletePool";
    delete_protect_configuration: DeleteProtectConfigurationRequest => DeleteProtectConfigurationResult, DeleteProtectConfigurationError, "DeleteProtectConfiguration";
    delete_protect_configuration_rule_set_number_override: DeleteProtectConfigurationRuleSetNumberOverrideRequest => DeleteProtectConfigurationRuleSetNumberOverrideResult, DeleteProtectConfigurationRuleSetNumberOverrideError, "DeleteProtectConfigurationRuleSetNumberOverride";
    delete_registration: DeleteRegistrationRequest => DeleteRegistrationResult, DeleteRegistrationError, "DeleteRegistration";
    delete_registration_attachment: DeleteRegistrationAttachmentRequest => DeleteRegistrationAttachmentResult, DeleteRegistrationAttachmentError, "DeleteRegistrationAttachment";
    delete_registration_field_value: DeleteRegistrationFieldValueRequest => DeleteRegistrationFieldValueResult, DeleteRegistrationFieldValueError, "DeleteRegistrationFieldValue";
    delete_resource_policy: DeleteResourcePolicyRequest => DeleteResourcePolicyResult, DeleteResourcePolicyError, "DeleteResourcePolicy";
    delete_text_message_spend_limit_override: DeleteTextMessageSpendLimitOverrideRequest => DeleteTextMessageSpendLimitOverrideResult, DeleteTextMessageSpendLimitOverrideError, "DeleteTextMessageSpendLimitOverride";
    delete_verified_destination_number: DeleteVerifiedDestinationNumberRequest => DeleteVerifiedDestinationNumberResult, DeleteVerifiedDestinationNumberError, "DeleteVerifiedDestinationNumber";
    delete_voice_message_spend_limit_override: DeleteVoiceMessageSpendLimitOverrideRequest => DeleteVoiceMessageSpendLimitOverrideResult, DeleteVoiceMessageSpendLimitOverrideError, "DeleteVoiceMessageSpendLimitOverride";
    describe_account_attributes: DescribeAccountAttributesRequest => DescribeAccountAttributesResult, DescribeAccountAttributesError, "DescribeAccountAttributes";
    describe_account_limits: DescribeAccountLimitsRequest => DescribeAccountLimitsResult, DescribeAccountLimitsError, "DescribeAccountLimits";
    describe_configuration_sets: DescribeConfigurationSetsRequest => DescribeConfigurationSetsResult, DescribeConfigurationSetsError, "DescribeConfigurationSets";
    describe_keywords: DescribeKeywordsRequest => DescribeKeywordsResult, DescribeKeywordsError, "DescribeKeywords";
    describe_opted_out_numbers: DescribeOptedOutNumbersRequest => DescribeOptedOutNumbersResult, DescribeOptedOutNumbersError, "DescribeOptedOutNumbers";
    describe_opt_out_lists: DescribeOptOutListsRequest => DescribeOptOutListsResult, DescribeOptOutListsError, "DescribeOptOutLists";
    describe_phone_numbers: DescribePhoneNumbersRequest => DescribePhoneNumbersResult, DescribePhoneNumbersError, "DescribePhoneNumbers";
    describe_pools: DescribePoolsRequest => DescribePoolsResult, DescribePoolsError, "DescribePools";
    describe_protect_configurations: DescribeProtectConfigurationsRequest => DescribeProtectConfigurationsResult, DescribeProtectConfigurationsError, "DescribeProtectConfigurations";
    describe_registration_attachments: DescribeRegistrationAttachmentsRequest => DescribeRegistrationAttachmentsResult, DescribeRegistrationAttachmentsError, "DescribeRegistrationAttachments";
    describe_registration_field_definitions: DescribeRegistrationFieldDefinitionsRequest => DescribeRegistrationFieldDefinitionsResult, DescribeRegistrationFieldDefinitionsError, "DescribeRegistrationFieldDefinitions";
    describe_registration_field_values: DescribeRegistrationFieldValuesRequest => DescribeRegistrationFieldValuesResult, DescribeRegistrationFieldValuesError, "DescribeRegistrationFieldValues";
    describe_registrations: DescribeRegistrationsRequest => DescribeRegistrationsResult, DescribeRegistrationsError, "DescribeRegistrations";
    describe_registration_section_definitions: DescribeRegistrationSectionDefinitionsRequest => DescribeRegistrationSectionDefinitionsResult, DescribeRegistrationSectionDefinitionsError, "DescribeRegistrationSectionDefinitions";
    describe_registration_type_definitions: DescribeRegistrationTypeDefinitionsRequest => DescribeRegistrationTypeDefinitionsResult, DescribeRegistrationTypeDefinitionsError, "DescribeRegistrationTypeDefinitions";
    describe_registration_versions: DescribeRegistrationVersionsRequest => DescribeRegistrationVersionsResult, DescribeRegistrationVersionsError, "DescribeRegistrationVersions";
    describe_sender_ids: DescribeSenderIdsRequest => DescribeSenderIdsResult, DescribeSenderIdsError, "DescribeSenderIds";
    describe_spend_limits: DescribeSpendLimitsRequest => DescribeSpendLimitsResult, DescribeSpendLimitsError, "DescribeSpendLimits";
    describe_verified_destination_numbers: DescribeVerifiedDestinationNumbersRequest => DescribeVerifiedDestinationNumbersResult, DescribeVerifiedDestinationNumbersError, "DescribeVerifiedDestinationNumbers";
    disassociate_origination_identity: DisassociateOriginationIdentityRequest => DisassociateOriginationIdentityResult, DisassociateOriginationIdentityError, "DisassociateOriginationIdentity";
    disassociate_protect_configuration: DisassociateProtectConfigurationRequest => DisassociateProtectConfigurationResult, DisassociateProtectConfigurationError, "DisassociateProtectConfiguration";
    discard_registration_version: DiscardRegistrationVersionRequest => DiscardRegistrationVersionResult, DiscardRegistrationVersionError, "DiscardRegistrationVersion";
    get_protect_configuration_country_rule_set: GetProtectConfigurationCountryRuleSetRequest => GetProtectConfigurationCountryRuleSetResult, GetProtectConfigurationCountryRuleSetError, "GetProtectConfigurationCountryRuleSet";
    get_resource_policy: GetResourcePolicyRequest => GetResourcePolicyResult, GetResourcePolicyError, "GetResourcePolicy";
    list_pool_origination_identities: ListPoolOriginationIdentitiesRequest => ListPoolOriginationIdentitiesResult, ListPoolOriginationIdentitiesError, "ListPoolOriginationIdentities";
    list_protect_configuration_rule_set_number_overrides: ListProtectConfigurationRuleSetNumberOverridesRequest => ListProtectConfigurationRuleSetNumberOverridesResult, ListProtectConfigurationRuleSetNumberOverridesError, "ListProtectConfigurationRuleSetNumberOverrides";
    list_registration_associations: ListRegistrationAssociationsRequest => ListRegistrationAssociationsResult, ListRegistrationAssociationsError, "ListRegistrationAssociations";
    list_tags_for_resource: ListTagsForResourceRequest => ListTagsForResourceResult, ListTagsForResourceError, "ListTagsForResource";
    put_keyword: PutKeywordRequest => PutKeywordResult, PutKeywordError, "PutKeyword";
    put_message_feedback: PutMessageFeedbackRequest => PutMessageFeedbackResult, PutMessageFeedbackError, "PutMessageFeedback";
    put_opted_out_number: PutOptedOutNumberRequest => PutOptedOutNumberResult, PutOptedOutNumberError, "PutOptedOutNumber";
    put_protect_configuration_rule_set_number_override: PutProtectConfigurationRuleSetNumberOverrideRequest => PutProtectConfigurationRuleSetNumberOverrideResult, PutProtectConfigurationRuleSetNumberOverrideError, "PutProtectConfigurationRuleSetNumberOverride";
    put_registration_field_value: PutRegistrationFieldValueRequest => PutRegistrationFieldValueResult, PutRegistrationFieldValueError, "PutRegistrationFieldValue";
    put_resource_policy: PutResourcePolicyRequest => PutResourcePolicyResult, PutResourcePolicyError, "PutResourcePolicy";
    release_phone_number: ReleasePhoneNumberRequest => ReleasePhoneNumberResult, ReleasePhoneNumberError, "ReleasePhoneNumber";
    release_sender_id: ReleaseSenderIdRequest => ReleaseSenderIdResult, ReleaseSenderIdError, "ReleaseSenderId";
    request_phone_number: RequestPhoneNumberRequest => RequestPhoneNumberResult, RequestPhoneNumberError, "RequestPhoneNumber";
    request_sender_id: RequestSenderIdRequest => RequestSenderIdResult, RequestSenderIdError, "RequestSenderId";
    send_destination_number_verification_code: SendDestinationNumberVerificationCodeRequest => SendDestinationNumberVerificationCodeResult, SendDestinationNumberVerificationCodeError, "SendDestinationNumberVerificationCode";
    send_media_message: SendMediaMessageRequest => SendMediaMessageResult, SendMediaMessageError, "SendMediaMessage";
    send_text_message: SendTextMessageRequest => SendTextMessageResult, SendTextMessageError, "SendTextMessage";
    send_voice_message: SendVoiceMessageRequest => SendVoiceMessageResult, SendVoiceMessageError, "SendVoiceMessage";
    set_account_default_protect_configuration: SetAccountDefaultProtectConfigurationRequest => SetAccountDefaultProtectConfigurationResult, SetAccountDefaultProtectConfigurationError, "SetAccountDefaultProtectConfiguration";
    set_default_message_feedback_enabled: SetDefaultMessageFeedbackEnabledRequest => SetDefaultMessageFeedbackEnabledResult, SetDefaultMessageFeedbackEnabledError, "SetDefaultMessageFeedbackEnabled";
    set_default_message_type: SetDefaultMessageTypeRequest => SetDefaultMessageTypeResult, SetDefaultMessageTypeError, "SetDefaultMessageType";
    set_default_sender_id: SetDefaultSenderIdRequest => SetDefaultSenderIdResult, SetDefaultSenderIdError, "SetDefaultSenderId";
    set_media_message_spend_limit_override: SetMediaMessageSpendLimitOverrideRequest => SetMediaMessageSpendLimitOverrideResult, SetMediaMessageSpendLimitOverrideError, "SetMediaMessageSpendLimitOverride";
    set_text_message_spend_limit_override: SetTextMessageSpendLimitOverrideRequest => SetTextMessageSpendLimitOverrideResult, SetTextMessageSpendLimitOverrideError, "SetTextMessageSpendLimitOverride";
    set_voice_message_spend_limit_override: SetVoiceMessageSpendLimitOverrideRequest => SetVoiceMessageSpendLimitOverrideResult, SetVoiceMessageSpendLimitOverrideError, "SetVoiceMessageSpendLimitOverride";
    submit_registration_version: SubmitRegistrationVersionRequest => SubmitRegistrationVersionResult, SubmitRegistrationVersionError, "SubmitRegistrationVersion";
    tag_resource: TagResourceRequest => TagResourceResult, TagResourceError, "TagResource";
    untag_resource: UntagResourceRequest => UntagResourceResult, UntagResourceError, "UntagResource";
    update_event_destination: UpdateEventDestinationRequest => UpdateEventDestinationResult, UpdateEventDestinationError, "UpdateEventDestination";
    update_phone_number: UpdatePhoneNumberRequest => UpdatePhoneNumberResult, UpdatePhoneNumberError, "UpdatePhoneNumber";
    update_pool: UpdatePoolRequest => UpdatePoolResult, UpdatePoolError, "UpdatePool";
    update_protect_configuration: UpdateProtectConfigurationRequest => UpdateProtectConfigurationResult, UpdateProtectConfigurationError, "UpdateProtectConfiguration";
    update_protect_configuration_country_rule_set: UpdateProtectConfigurationCountryRuleSetRequest => UpdateProtectConfigurationCountryRuleSetResult, UpdateProtectConfigurationCountryRuleSetError, "UpdateProtectConfigurationCountryRuleSet";
    update_sender_id: UpdateSenderIdRequest => UpdateSenderIdResult, UpdateSenderIdError, "UpdateSenderId";
    verify_destination_number: VerifyDestinationNumberRequest => VerifyDestinationNumberResult, VerifyDestinationNumberError, "VerifyDestinationNumber";
}

#[tokio::test]
async fn every_v2_operation_round_trips_over_a_socket() {
    let model = Arc::new(model("Pinpoint SMS Voice V2"));
    let seen: Seen = Arc::default();
    let router = v2::server::router(AllOps {
        seen: seen.clone(),
        model: model.clone(),
    })
    .authenticator(SigV4Authenticator::new("sms-voice").with_key("AKIDTEST", "test-secret"))
    .build();
    let (addr, stop) = start(router).await;
    let client = v2::Client::new(config(addr));
    let called = call_every_v2_operation(&client, &model).await;

    let all: BTreeSet<&str> = model.operations.keys().map(String::as_str).collect();
    let called_set: BTreeSet<&str> = called.iter().copied().collect();
    assert_eq!(
        called_set, all,
        "the test calls every operation of the model"
    );
    assert_eq!(
        *seen.lock().unwrap(),
        called,
        "each call reached its own handler"
    );
    let _ = stop.send(());
}

#[tokio::test]
async fn server_refusals_reach_the_client_typed() {
    struct Nothing;
    impl v2::server::PinpointSmsVoiceV2Api for Nothing {}
    let router = v2::server::router(Nothing)
        .authenticator(SigV4Authenticator::new("sms-voice").with_key("AKIDTEST", "test-secret"))
        .build();
    let (addr, stop) = start(router).await;

    // Left unimplemented: NotImplemented, 501.
    let client = v2::Client::new(config(addr));
    let err = client
        .describe_account_attributes()
        .send()
        .await
        .unwrap_err();
    match &err {
        SdkError::Service {
            error: v2::errors::DescribeAccountAttributesError::Unhandled(e),
            raw,
        } => {
            use sms_voice::ServiceError as _;
            assert_eq!(e.code(), "NotImplemented");
            assert_eq!(raw.status, 501);
            assert!(raw.request_id().is_some(), "every answer has a request id");
        }
        other => panic!("{other:?}"),
    }

    // Every violation at once, as the v2 ValidationException with one field per violation.
    let no_validation = v2::Client::new(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(format!("http://{addr}"))
            .credentials(Credentials::new(
                "AKIDTEST",
                "test-secret",
                None,
                None,
                "test",
            ))
            .retry(RetryConfig::disabled())
            .validate_input(false)
            .build(),
    );
    let err = no_validation
        .send_text_message()
        .destination_phone_number("not a phone")
        .message_body("   ")
        .max_price("x")
        .send()
        .await
        .unwrap_err();
    match err.into_service_error() {
        Some(v2::errors::SendTextMessageError::ValidationException(e)) => {
            let names: Vec<String> = e.fields.unwrap().into_iter().map(|f| f.name).collect();
            assert!(
                names.contains(&"/DestinationPhoneNumber".to_owned()),
                "{names:?}"
            );
            assert!(names.contains(&"/MessageBody".to_owned()), "{names:?}");
            assert!(names.contains(&"/MaxPrice".to_owned()), "{names:?}");
            assert_eq!(e.reason.as_deref(), Some("FIELD_VALIDATION_FAILED"));
        }
        other => panic!("{other:?}"),
    }

    // A wrong key: InvalidClientTokenId, 403.
    let stranger = v2::Client::new(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(format!("http://{addr}"))
            .credentials(Credentials::new("AKIDOTHER", "other", None, None, "test"))
            .retry(RetryConfig::disabled())
            .build(),
    );
    let err = stranger
        .describe_account_attributes()
        .send()
        .await
        .unwrap_err();
    match &err {
        SdkError::Service {
            error: v2::errors::DescribeAccountAttributesError::Unhandled(e),
            raw,
        } => {
            use sms_voice::ServiceError as _;
            assert_eq!(e.code(), "InvalidClientTokenId");
            assert_eq!(raw.status, 403);
        }
        other => panic!("{other:?}"),
    }
    let _ = stop.send(());
}

mod v1 {
    use super::*;
    use sms_voice::pinpointsmsvoice as v1;

    #[derive(Default)]
    struct Sets {
        names: Mutex<Vec<String>>,
    }

    impl v1::server::PinpointSmsVoiceApi for Sets {
        async fn create_configuration_set(
            &self,
            _context: RequestContext,
            input: v1::CreateConfigurationSetRequest,
        ) -> Result<v1::CreateConfigurationSetResponse, v1::errors::CreateConfigurationSetError>
        {
            let name = input.configuration_set_name;
            let mut names = self.names.lock().unwrap();
            if names.contains(&name) {
                return Err(v1::AlreadyExistsException::builder()
                    .message("exists")
                    .build()
                    .into());
            }
            names.push(name);
            Ok(v1::CreateConfigurationSetResponse::builder().build())
        }
    }

    #[tokio::test]
    async fn v1_round_trips_and_answers_modelled_errors() {
        let router = v1::server::router(Sets::default())
            .authenticator(NoAuth)
            .build();
        let (addr, stop) = start(router).await;
        let client = v1::Client::new(config(addr));
        client
            .create_configuration_set()
            .configuration_set_name("a")
            .send()
            .await
            .expect("creates");
        let err = client
            .create_configuration_set()
            .configuration_set_name("a")
            .send()
            .await
            .unwrap_err();
        match &err {
            SdkError::Service {
                error: v1::errors::CreateConfigurationSetError::AlreadyExistsException(e),
                raw,
            } => {
                assert_eq!(raw.status, 409);
                assert_eq!(e.message.as_deref(), Some("exists"));
            }
            other => panic!("{other:?}"),
        }
        let err = client
            .delete_configuration_set()
            .configuration_set_name("a/b")
            .send()
            .await
            .unwrap_err();
        match &err {
            SdkError::Service {
                error: v1::errors::DeleteConfigurationSetError::Unhandled(e),
                raw,
            } => {
                use sms_voice::ServiceError as _;
                assert_eq!(e.code(), "NotImplemented");
                assert_eq!(raw.status, 501);
            }
            other => panic!("{other:?}"),
        }
        let _ = stop.send(());
    }
}
