//! Serves every service under test on a port of 127.0.0.1, each operation answering with the
//! input it decoded (the error `EchoInput`, whose message is the input as JSON), and Bedrock
//! Runtime's `ConverseStream` as a scripted conversation (`converse`) and Kinesis'
//! `SubscribeToShard` with scripted events (`subscribe`), and prints one line of JSON:
//! botocore's folder name (or `converse`, `subscribe`) → port. Serves until its standard input
//! closes.
//! Requests are verified as SigV4 with [`ACCESS_KEY`] and [`SECRET_KEY`].

#![allow(clippy::all, deprecated)]

include!(concat!(env!("OUT_DIR"), "/services.rs"));

mod servers {
    include!(concat!(env!("OUT_DIR"), "/echo.rs"));
}

mod dump;

use servicemodel_runtime::UnhandledError;

/// The access key the servers accept.
pub const ACCESS_KEY: &str = "AKIDTEST";
/// Its secret.
pub const SECRET_KEY: &str = "test-secret";

/// The error every operation answers: code `EchoInput`, status 400 (not retried), the input
/// as JSON for message.
pub fn echo(input: &impl dump::Dump) -> UnhandledError {
    UnhandledError::new("EchoInput", Some(input.dump().to_string()), 400)
}

/// The items of a list, one at a time: the events (and an exception) of a scripted stream.
struct Items<T>(std::collections::VecDeque<T>);

impl<T: Unpin> servicemodel_runtime::stream::Stream for Items<T> {
    type Item = T;
    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<T>> {
        std::task::Poll::Ready(self.get_mut().0.pop_front())
    }
}

/// Bedrock Runtime's `ConverseStream` as a scripted model: it answers `You said: <the user's
/// text>` in deltas of at most four characters between the start and stop events, then the
/// metadata event (a token per word); for the model `throttle` the stream ends with the
/// modelled exception `modelStreamErrorException` after the first delta.
struct Converse;

mod converse {
    use crate::bedrockruntime::{
        errors::ConverseStreamError, ContentBlock, ContentBlockDelta, ContentBlockDeltaEvent,
        ContentBlockStopEvent, ConversationRole, ConverseStreamMetadataEvent,
        ConverseStreamMetrics, ConverseStreamOutput as Event,
        ConverseStreamOutputError as Exception, ConverseStreamRequest, ConverseStreamResponse,
        MessageStartEvent, MessageStopEvent, ModelStreamErrorException, StopReason, TokenUsage,
    };
    use crate::Items;
    use servicemodel_runtime::eventstream::EventStream;

    const BUILT: &str = "every required member is set";

    impl crate::bedrockruntime::server::BedrockRuntimeApi for super::Converse {
        async fn converse_stream(
            &self,
            _: servicemodel_runtime_server::RequestContext,
            input: ConverseStreamRequest,
        ) -> Result<ConverseStreamResponse, ConverseStreamError> {
            let said: Vec<&str> = input
                .messages
                .iter()
                .flatten()
                .flat_map(|message| &message.content)
                .filter_map(|block| match block {
                    ContentBlock::Text(text) => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            let reply: Vec<char> = format!("You said: {}", said.join(" ")).chars().collect();
            let mut items = vec![Ok(Event::MessageStart(
                MessageStartEvent::builder()
                    .role(ConversationRole::Assistant)
                    .build()
                    .expect(BUILT),
            ))];
            for (i, piece) in reply.chunks(4).enumerate() {
                items.push(Ok(Event::ContentBlockDelta(
                    ContentBlockDeltaEvent::builder()
                        .delta(ContentBlockDelta::Text(piece.iter().collect()))
                        .content_block_index(0)
                        .build()
                        .expect(BUILT),
                )));
                if i == 0 && input.model_id == "throttle" {
                    items.push(Err(Exception::ModelStreamErrorException(
                        ModelStreamErrorException::builder()
                            .message("the model stopped")
                            .original_status_code(429)
                            .build(),
                    )));
                }
            }
            let words = said
                .iter()
                .map(|text| text.split_whitespace().count())
                .sum::<usize>() as i32;
            items.push(Ok(Event::ContentBlockStop(
                ContentBlockStopEvent::builder()
                    .content_block_index(0)
                    .build()
                    .expect(BUILT),
            )));
            items.push(Ok(Event::MessageStop(
                MessageStopEvent::builder()
                    .stop_reason(StopReason::EndTurn)
                    .build()
                    .expect(BUILT),
            )));
            items.push(Ok(Event::Metadata(
                ConverseStreamMetadataEvent::builder()
                    .usage(
                        TokenUsage::builder()
                            .input_tokens(words)
                            .output_tokens(reply.len() as i32)
                            .total_tokens(words + reply.len() as i32)
                            .build()
                            .expect(BUILT),
                    )
                    .metrics(
                        ConverseStreamMetrics::builder()
                            .latency_ms(7)
                            .build()
                            .expect(BUILT),
                    )
                    .build()
                    .expect(BUILT),
            )));
            Ok(ConverseStreamResponse::builder()
                .stream(EventStream::from_stream(Items(items.into())))
                .build())
        }
    }
}

/// Kinesis' `SubscribeToShard` with scripted events: two `SubscribeToShardEvent`s of one record
/// each (the data `record-1`, `record-2`), or for the shard `busy` one event and then the
/// modelled exception `ResourceInUseException`.
struct Shards;

mod shards {
    use crate::kinesis::{
        errors::SubscribeToShardError, Record, ResourceInUseException, SubscribeToShardEvent,
        SubscribeToShardEventStream as Event, SubscribeToShardEventStreamError as Exception,
        SubscribeToShardInput, SubscribeToShardOutput,
    };
    use crate::Items;
    use servicemodel_runtime::eventstream::EventStream;
    use servicemodel_runtime::Blob;

    fn event(n: u32) -> Event {
        let mut record = Record::builder()
            .sequence_number(format!("{n:056}"))
            .data(Blob::new(format!("record-{n}").into_bytes()))
            .build()
            .expect("every required member is set");
        record.partition_key = Some("p".to_owned());
        Event::SubscribeToShardEvent(
            SubscribeToShardEvent::builder()
                .records(vec![record])
                .continuation_sequence_number(format!("{n:056}"))
                .millis_behind_latest(i64::from(2 - n))
                .build()
                .expect("every required member is set"),
        )
    }

    impl crate::kinesis::server::KinesisApi for super::Shards {
        async fn subscribe_to_shard(
            &self,
            _: servicemodel_runtime_server::RequestContext,
            input: SubscribeToShardInput,
        ) -> Result<SubscribeToShardOutput, SubscribeToShardError> {
            let items = if input.shard_id == "busy" {
                vec![
                    Ok(event(1)),
                    Err(Exception::ResourceInUseException(
                        ResourceInUseException::builder()
                            .message("another consumer reads the shard")
                            .build(),
                    )),
                ]
            } else {
                vec![Ok(event(1)), Ok(event(2))]
            };
            Ok(SubscribeToShardOutput::builder()
                .event_stream(EventStream::from_stream(Items(items.into())))
                .build())
        }
    }
}

/// Serves `router` on a port of 127.0.0.1, which it returns.
async fn serve<D: servicemodel_runtime_server::Dispatch>(
    router: servicemodel_runtime_server::Router<D>,
) -> std::io::Result<u16> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    tokio::spawn(servicemodel_runtime_server::serve_with_shutdown(
        listener,
        router,
        std::future::pending::<()>(),
    ));
    Ok(port)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut ports = servers::serve_all().await?;
    // The scripted streams, under names of their own.
    let key = |signing_name| {
        servicemodel_runtime_server::SigV4Authenticator::new(signing_name)
            .with_key(ACCESS_KEY, SECRET_KEY)
    };
    let converse = bedrockruntime::server::router(Converse).authenticator(key("bedrock"));
    ports.push(("converse", serve(converse.build()).await?));
    let subscribe = kinesis::server::router(Shards).authenticator(key("kinesis"));
    ports.push(("subscribe", serve(subscribe.build()).await?));
    let line = serde_json::Value::Object(
        ports
            .into_iter()
            .map(|(name, port)| (name.to_owned(), port.into()))
            .collect(),
    );
    let mut stdout = tokio::io::stdout();
    stdout.write_all(format!("{line}\n").as_bytes()).await?;
    stdout.flush().await?;
    // Until the driver closes our standard input (or goes away).
    let mut sink = Vec::new();
    tokio::io::stdin().read_to_end(&mut sink).await?;
    Ok(())
}
