//! Every v1 (restJson1) operation from the generated client through the generated router to
//! a small in-memory implementation and back, over a real socket on 127.0.0.1: labels with
//! characters that need encoding, query members, bodies, and modelled errors by status.

use std::collections::BTreeMap;
use std::sync::Mutex;

use sms_voice::client_runtime::{Config, Credentials, RetryConfig, SdkError};
use sms_voice::pinpointsmsvoice as v1;
use sms_voice::pinpointsmsvoice::errors;
use sms_voice::server_runtime::{RequestContext, SigV4Authenticator};

type Sets = BTreeMap<String, BTreeMap<String, v1::EventDestinationDefinition>>;

#[derive(Default)]
struct Memory {
    sets: Mutex<Sets>,
    calls: Mutex<Vec<&'static str>>,
}

impl Memory {
    fn sets(&self, call: &'static str) -> std::sync::MutexGuard<'_, Sets> {
        self.calls.lock().unwrap().push(call);
        self.sets.lock().unwrap()
    }
}

fn not_found(what: &str) -> v1::NotFoundException {
    v1::NotFoundException::builder()
        .message(format!("{what} not found"))
        .build()
}

impl v1::server::PinpointSmsVoiceApi for Memory {
    async fn create_configuration_set(
        &self,
        _: RequestContext,
        input: v1::CreateConfigurationSetRequest,
    ) -> Result<v1::CreateConfigurationSetResponse, errors::CreateConfigurationSetError> {
        let mut sets = self.sets("CreateConfigurationSet");
        if sets.contains_key(&input.configuration_set_name) {
            return Err(v1::AlreadyExistsException::builder()
                .message("exists")
                .build()
                .into());
        }
        sets.insert(input.configuration_set_name, BTreeMap::new());
        Ok(v1::CreateConfigurationSetResponse::builder().build())
    }

    async fn delete_configuration_set(
        &self,
        _: RequestContext,
        input: v1::DeleteConfigurationSetRequest,
    ) -> Result<v1::DeleteConfigurationSetResponse, errors::DeleteConfigurationSetError> {
        let mut sets = self.sets("DeleteConfigurationSet");
        sets.remove(&input.configuration_set_name)
            .ok_or_else(|| not_found("set"))?;
        Ok(v1::DeleteConfigurationSetResponse::builder().build())
    }

    async fn list_configuration_sets(
        &self,
        _: RequestContext,
        input: v1::ListConfigurationSetsRequest,
    ) -> Result<v1::ListConfigurationSetsResponse, errors::ListConfigurationSetsError> {
        let sets = self.sets("ListConfigurationSets");
        let size: usize = input
            .page_size
            .as_deref()
            .unwrap_or("10")
            .parse()
            .unwrap_or(10);
        let start = input.next_token.as_deref().unwrap_or("");
        let names: Vec<String> = sets
            .keys()
            .filter(|k| k.as_str() > start)
            .take(size)
            .cloned()
            .collect();
        let next = (names.len() == size)
            .then(|| names.last().cloned())
            .flatten();
        let mut out = v1::ListConfigurationSetsResponse::builder().configuration_sets(names);
        if let Some(next) = next {
            out = out.next_token(next);
        }
        Ok(out.build())
    }

    async fn create_configuration_set_event_destination(
        &self,
        _: RequestContext,
        input: v1::CreateConfigurationSetEventDestinationRequest,
    ) -> Result<
        v1::CreateConfigurationSetEventDestinationResponse,
        errors::CreateConfigurationSetEventDestinationError,
    > {
        let mut sets = self.sets("CreateConfigurationSetEventDestination");
        let set = sets
            .get_mut(&input.configuration_set_name)
            .ok_or_else(|| not_found("set"))?;
        set.insert(input.event_destination_name, input.event_destination);
        Ok(v1::CreateConfigurationSetEventDestinationResponse::builder().build())
    }

    async fn update_configuration_set_event_destination(
        &self,
        _: RequestContext,
        input: v1::UpdateConfigurationSetEventDestinationRequest,
    ) -> Result<
        v1::UpdateConfigurationSetEventDestinationResponse,
        errors::UpdateConfigurationSetEventDestinationError,
    > {
        let mut sets = self.sets("UpdateConfigurationSetEventDestination");
        let set = sets
            .get_mut(&input.configuration_set_name)
            .ok_or_else(|| not_found("set"))?;
        let slot = set
            .get_mut(&input.event_destination_name)
            .ok_or_else(|| not_found("destination"))?;
        *slot = input.event_destination;
        Ok(v1::UpdateConfigurationSetEventDestinationResponse::builder().build())
    }

    async fn delete_configuration_set_event_destination(
        &self,
        _: RequestContext,
        input: v1::DeleteConfigurationSetEventDestinationRequest,
    ) -> Result<
        v1::DeleteConfigurationSetEventDestinationResponse,
        errors::DeleteConfigurationSetEventDestinationError,
    > {
        let mut sets = self.sets("DeleteConfigurationSetEventDestination");
        let set = sets
            .get_mut(&input.configuration_set_name)
            .ok_or_else(|| not_found("set"))?;
        set.remove(&input.event_destination_name)
            .ok_or_else(|| not_found("destination"))?;
        Ok(v1::DeleteConfigurationSetEventDestinationResponse::builder().build())
    }

    async fn get_configuration_set_event_destinations(
        &self,
        _: RequestContext,
        input: v1::GetConfigurationSetEventDestinationsRequest,
    ) -> Result<
        v1::GetConfigurationSetEventDestinationsResponse,
        errors::GetConfigurationSetEventDestinationsError,
    > {
        let sets = self.sets("GetConfigurationSetEventDestinations");
        let set = sets
            .get(&input.configuration_set_name)
            .ok_or_else(|| not_found("set"))?;
        let list: Vec<v1::EventDestination> = set
            .iter()
            .map(|(name, d)| {
                let mut b = v1::EventDestination::builder().name(name.clone());
                if let Some(enabled) = d.enabled {
                    b = b.enabled(enabled);
                }
                b.matching_event_types(d.matching_event_types.clone())
                    .build()
            })
            .collect();
        Ok(v1::GetConfigurationSetEventDestinationsResponse::builder()
            .event_destinations(list)
            .build())
    }

    async fn send_voice_message(
        &self,
        _: RequestContext,
        input: v1::SendVoiceMessageRequest,
    ) -> Result<v1::SendVoiceMessageResponse, errors::SendVoiceMessageError> {
        drop(self.sets("SendVoiceMessage"));
        Ok(v1::SendVoiceMessageResponse::builder()
            .message_id(format!("voice-to-{}", input.destination_phone_number))
            .build())
    }
}

fn definition(enabled: bool) -> v1::EventDestinationDefinition {
    v1::EventDestinationDefinition::builder()
        .enabled(enabled)
        .matching_event_types(vec![v1::EventType::Answered, v1::EventType::Busy])
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_v1_operation_round_trips_over_a_socket() {
    let memory = std::sync::Arc::new(Memory::default());
    // The router takes the implementation by value; the test keeps a handle to its calls.
    let router = v1::server::router(SharedApi(memory.clone()))
        .authenticator(SigV4Authenticator::new("sms-voice").with_key("AKIDTEST", "test-secret"))
        .build();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(sms_voice::server_runtime::serve_with_shutdown(
        listener,
        router,
        async {
            let _ = stopped.await;
        },
    ));
    let client = v1::Client::new(
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
            .build(),
    );
    let set = "set one/α";
    for name in ["a", set, "c"] {
        client
            .create_configuration_set()
            .configuration_set_name(name)
            .send()
            .await
            .unwrap();
    }
    let page = client
        .list_configuration_sets()
        .page_size("2")
        .send()
        .await
        .unwrap();
    assert_eq!(page.configuration_sets.clone().unwrap(), ["a", "c"]);
    let page2 = client
        .list_configuration_sets()
        .page_size("2")
        .next_token(page.next_token.unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(page2.configuration_sets.unwrap(), [set]);

    client
        .create_configuration_set_event_destination()
        .configuration_set_name(set)
        .event_destination_name("dest")
        .event_destination(definition(false))
        .send()
        .await
        .unwrap();
    client
        .update_configuration_set_event_destination()
        .configuration_set_name(set)
        .event_destination_name("dest")
        .event_destination(definition(true))
        .send()
        .await
        .unwrap();
    let got = client
        .get_configuration_set_event_destinations()
        .configuration_set_name(set)
        .send()
        .await
        .unwrap();
    let dests = got.event_destinations.unwrap();
    assert_eq!(dests.len(), 1);
    assert_eq!(dests[0].name.as_deref(), Some("dest"));
    assert_eq!(dests[0].enabled, Some(true));
    assert_eq!(
        dests[0].matching_event_types.as_deref(),
        Some(&[v1::EventType::Answered, v1::EventType::Busy][..])
    );

    let sent = client
        .send_voice_message()
        .origination_phone_number("+12065550100")
        .destination_phone_number("+12065550111")
        .configuration_set_name(set)
        .send()
        .await
        .unwrap();
    assert_eq!(sent.message_id.as_deref(), Some("voice-to-+12065550111"));

    client
        .delete_configuration_set_event_destination()
        .configuration_set_name(set)
        .event_destination_name("dest")
        .send()
        .await
        .unwrap();
    let err = client
        .delete_configuration_set_event_destination()
        .configuration_set_name(set)
        .event_destination_name("dest")
        .send()
        .await
        .unwrap_err();
    match &err {
        SdkError::Service {
            error: errors::DeleteConfigurationSetEventDestinationError::NotFoundException(_),
            raw,
        } => {
            assert_eq!(raw.status, 404)
        }
        other => panic!("{other:?}"),
    }
    client
        .delete_configuration_set()
        .configuration_set_name(set)
        .send()
        .await
        .unwrap();

    let calls: std::collections::BTreeSet<&str> =
        memory.calls.lock().unwrap().iter().copied().collect();
    assert_eq!(calls.len(), 8, "every v1 operation ran: {calls:?}");
    let _ = stop.send(());
}

/// The implementation behind an `Arc`, so the test can look at what ran.
struct SharedApi(std::sync::Arc<Memory>);

macro_rules! delegate {
    ($($method:ident: $input:ident => $output:ident, $error:ident;)*) => {
        impl v1::server::PinpointSmsVoiceApi for SharedApi {
            $(
                fn $method(
                    &self,
                    context: RequestContext,
                    input: v1::$input,
                ) -> impl std::future::Future<Output = Result<v1::$output, errors::$error>> + Send {
                    let inner = self.0.clone();
                    async move { v1::server::PinpointSmsVoiceApi::$method(&*inner, context, input).await }
                }
            )*
        }
    };
}

delegate! {
    create_configuration_set: CreateConfigurationSetRequest => CreateConfigurationSetResponse, CreateConfigurationSetError;
    create_configuration_set_event_destination: CreateConfigurationSetEventDestinationRequest => CreateConfigurationSetEventDestinationResponse, CreateConfigurationSetEventDestinationError;
    delete_configuration_set: DeleteConfigurationSetRequest => DeleteConfigurationSetResponse, DeleteConfigurationSetError;
    delete_configuration_set_event_destination: DeleteConfigurationSetEventDestinationRequest => DeleteConfigurationSetEventDestinationResponse, DeleteConfigurationSetEventDestinationError;
    get_configuration_set_event_destinations: GetConfigurationSetEventDestinationsRequest => GetConfigurationSetEventDestinationsResponse, GetConfigurationSetEventDestinationsError;
    list_configuration_sets: ListConfigurationSetsRequest => ListConfigurationSetsResponse, ListConfigurationSetsError;
    send_voice_message: SendVoiceMessageRequest => SendVoiceMessageResponse, SendVoiceMessageError;
    update_configuration_set_event_destination: UpdateConfigurationSetEventDestinationRequest => UpdateConfigurationSetEventDestinationResponse, UpdateConfigurationSetEventDestinationError;
}
