//! Clients generated from botocore's models of thirteen services, driven against moto's server
//! (`moto_server`, from PyPI's `moto[server]`) on 127.0.0.1: JSON 1.0 (dynamodb, sqs,
//! stepfunctions), JSON 1.1 (kms, secretsmanager, events, ecr, ssm) and REST-JSON (efs, eks,
//! apigateway, scheduler, appconfig). Every check asserts on the values that come back: blobs,
//! timestamps, nested maps, typed errors, and paginators over several pages.
//!
//! Left out, because moto (5.2.6) itself fails them (boto3 fails the same calls against the
//! same server): appconfig's `ListApplications` (500, "not been implemented"),
//! `CreateEnvironment` and `ListEnvironments` (404). moto lists DynamoDB's tables in creation
//! order, where DynamoDB sorts them: the check sorts them itself.
//!
//! `MOTO_SERVER` names the `moto_server` program (default: `moto_server` on the `PATH`). The
//! last line printed is `moto: N passed, M failed`.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime};

use servicemodel_moto_tests::*;
use servicemodel_runtime::{Blob, Timestamp};
use servicemodel_runtime_client::paginate::try_collect;
use servicemodel_runtime_client::{Config, Credentials, RetryConfig, SdkError};

/// moto's server on a free port of 127.0.0.1, stopped when dropped.
struct Moto {
    child: Child,
    endpoint: String,
}

impl Moto {
    fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let program = std::env::var("MOTO_SERVER").unwrap_or_else(|_| "moto_server".to_owned());
        let child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {program} (pip install 'moto[server]', or set MOTO_SERVER): {e}"
                )
            });
        let mut moto = Self {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = moto.child.try_wait() {
                panic!("{program} exited before it listened: {status}");
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{program} did not listen on port {port} within a minute"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    fn config(&self) -> Config {
        Config::builder()
            .region("us-east-1")
            .endpoint_url(self.endpoint.clone())
            .credentials(Credentials::new("testing", "testing", None, None, "moto"))
            .retry(RetryConfig::disabled())
            .build()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The checks made so far: each passed one by name; a service's run stops at its first
/// failure, which is recorded with the service.
#[derive(Default)]
struct Checks {
    passed: Vec<String>,
    failed: Vec<String>,
}

type Outcome = Result<(), String>;

impl Checks {
    /// Records `name` as passed if `holds`, or fails the service's run.
    fn ensure(&mut self, name: &str, holds: bool) -> Outcome {
        if holds {
            self.passed.push(name.to_owned());
            Ok(())
        } else {
            Err(format!("{name}: does not hold"))
        }
    }

    /// Records `name` as passed if `left == right`, or fails the service's run with both.
    fn eq<T: PartialEq + Debug>(&mut self, name: &str, left: T, right: T) -> Outcome {
        if left == right {
            self.passed.push(name.to_owned());
            Ok(())
        } else {
            Err(format!("{name}: {left:?} != {right:?}"))
        }
    }
}

/// A call's error as the text of a failed check.
fn failed<E: Debug>(call: &'static str) -> impl FnOnce(E) -> String {
    move |e| format!("{call}: {e:?}")
}

/// Whether a timestamp lies within a day of now (moto stamps what it creates with its clock).
fn recent(at: &Timestamp) -> bool {
    let now = Timestamp::from(SystemTime::now()).secs();
    (at.secs() - now).abs() < 86_400
}

/// Whether the error is the service error `matches` accepts.
fn is_service<E: Debug>(
    result: &Result<impl Debug, SdkError<E>>,
    matches: impl Fn(&E) -> bool,
) -> bool {
    match result {
        Err(error) => error.as_service_error().is_some_and(matches),
        Ok(_) => false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_clients_against_moto() {
    let moto = Moto::start();
    let config = moto.config();
    // Each service runs in order on the one server; a run stops at its first failure.
    let mut checks = Checks::default();
    macro_rules! run {
        ($($service:literal => $run:ident),* $(,)?) => {$(
            let mut own = Checks::default();
            let outcome = $run(&mut own, &config).await;
            checks.passed.extend(own.passed);
            if let Err(e) = outcome {
                checks.failed.push(format!("{}: {e}", $service));
            }
        )*};
    }
    run! {
        "dynamodb" => run_dynamodb,
        "sqs" => run_sqs,
        "stepfunctions" => run_sfn,
        "kms" => run_kms,
        "secretsmanager" => run_secretsmanager,
        "events" => run_events,
        "ecr" => run_ecr,
        "ssm" => run_ssm,
        "efs" => run_efs,
        "eks" => run_eks,
        "apigateway" => run_apigateway,
        "scheduler" => run_scheduler,
        "appconfig" => run_appconfig,
    }
    drop(moto);
    for name in &checks.passed {
        println!("ok {name}");
    }
    for failure in &checks.failed {
        println!("FAILED {failure}");
    }
    println!(
        "moto: {} passed, {} failed",
        checks.passed.len(),
        checks.failed.len()
    );
    assert!(checks.failed.is_empty(), "{:#?}", checks.failed);
    assert!(
        checks.passed.len() >= 60,
        "only {} checks",
        checks.passed.len()
    );
}

// --- JSON 1.0 ---------------------------------------------------------------------------

async fn run_dynamodb(c: &mut Checks, config: &Config) -> Outcome {
    use dynamodb::*;
    let client = Client::new(config.clone());
    let table = "moto-items";
    let key = |name: &str, kind| {
        KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(kind)
            .build()
            .expect("both members are set")
    };
    let attribute = |name: &str, kind| {
        AttributeDefinition::builder()
            .attribute_name(name)
            .attribute_type(kind)
            .build()
            .expect("both members are set")
    };
    let created = client
        .create_table()
        .table_name(table)
        .key_schema(vec![key("pk", KeyType::Hash), key("sk", KeyType::Range)])
        .attribute_definitions(vec![
            attribute("pk", ScalarAttributeType::S),
            attribute("sk", ScalarAttributeType::N),
        ])
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .map_err(failed("CreateTable"))?;
    let description = created
        .table_description
        .ok_or("CreateTable: no TableDescription")?;
    c.eq(
        "dynamodb CreateTable names the table",
        description.table_name.as_deref(),
        Some(table),
    )?;
    c.ensure(
        "dynamodb CreateTable has a recent CreationDateTime",
        description.creation_date_time.as_ref().is_some_and(recent),
    )?;

    let s = |text: &str| AttributeValue::builder().s(text).build();
    let n = |number: i32| AttributeValue::builder().n(number.to_string()).build();
    for i in 0..5 {
        let nested = AttributeValue::builder()
            .m(BTreeMap::from([
                ("label".to_owned(), s(&format!("item {i}"))),
                (
                    "tags".to_owned(),
                    AttributeValue::builder()
                        .l(vec![
                            s("a"),
                            AttributeValue::builder().bool(i % 2 == 0).build(),
                        ])
                        .build(),
                ),
            ]))
            .build();
        client
            .put_item()
            .table_name(table)
            .item(BTreeMap::from([
                ("pk".to_owned(), s("p")),
                ("sk".to_owned(), n(i)),
                (
                    "data".to_owned(),
                    AttributeValue::builder().b(&[i as u8, 0, 255][..]).build(),
                ),
                ("nested".to_owned(), nested),
            ]))
            .send()
            .await
            .map_err(failed("PutItem"))?;
    }
    c.ensure("dynamodb PutItem stores five items", true)?;

    let item = client
        .get_item()
        .table_name(table)
        .key(BTreeMap::from([
            ("pk".to_owned(), s("p")),
            ("sk".to_owned(), n(3)),
        ]))
        .send()
        .await
        .map_err(failed("GetItem"))?
        .item
        .unwrap_or_default();
    c.eq(
        "dynamodb GetItem reads a blob back",
        item.get("data").and_then(|v| v.b.clone()),
        Some(Blob::from([3u8, 0, 255])),
    )?;
    let nested = item
        .get("nested")
        .and_then(|v| v.m.clone())
        .unwrap_or_default();
    c.eq(
        "dynamodb GetItem reads a nested map",
        nested.get("label").and_then(|v| v.s.clone()),
        Some("item 3".to_owned()),
    )?;
    c.eq(
        "dynamodb GetItem reads a list inside a map",
        nested
            .get("tags")
            .and_then(|v| v.l.clone())
            .map(|list| (list[0].s.clone(), list[1].bool)),
        Some((Some("a".to_owned()), Some(false))),
    )?;

    // Query pages with a map token (LastEvaluatedKey) through `into_paginator`.
    let pages = try_collect(
        client
            .query()
            .table_name(table)
            .key_condition_expression("pk = :p")
            .expression_attribute_values(BTreeMap::from([(":p".to_owned(), s("p"))]))
            .limit(2)
            .into_paginator(),
    )
    .await
    .map_err(failed("Query pages"))?;
    c.ensure("dynamodb Query pages with a map token", pages.len() >= 3)?;
    let keys: Vec<Option<String>> = pages
        .iter()
        .flat_map(|page| page.items.clone().unwrap_or_default())
        .map(|item| item.get("sk").and_then(|v| v.n.clone()))
        .collect();
    c.eq(
        "dynamodb Query's pages hold every item in order",
        keys,
        (0..5).map(|i| Some(i.to_string())).collect(),
    )?;
    let scanned = try_collect(client.scan().table_name(table).limit(2).into_paginator())
        .await
        .map_err(failed("Scan pages"))?;
    c.eq(
        "dynamodb Scan pages count every item",
        scanned
            .iter()
            .map(|page| page.count.unwrap_or(0))
            .sum::<i32>(),
        5,
    )?;

    let updated = client
        .update_item()
        .table_name(table)
        .key(BTreeMap::from([
            ("pk".to_owned(), s("p")),
            ("sk".to_owned(), n(0)),
        ]))
        .update_expression("SET score = :s")
        .expression_attribute_values(BTreeMap::from([(":s".to_owned(), n(42))]))
        .return_values(ReturnValue::AllNew)
        .send()
        .await
        .map_err(failed("UpdateItem"))?;
    c.eq(
        "dynamodb UpdateItem returns the new attributes",
        updated
            .attributes
            .and_then(|a| a.get("score").and_then(|v| v.n.clone())),
        Some("42".to_owned()),
    )?;

    let missing = client
        .get_item()
        .table_name("no-such-table")
        .key(BTreeMap::from([("pk".to_owned(), s("p"))]))
        .send()
        .await;
    c.ensure(
        "dynamodb GetItem on a missing table is ResourceNotFoundException",
        is_service(&missing, |e| {
            matches!(e, errors::GetItemError::ResourceNotFoundException(_))
        }),
    )?;

    for name in ["moto-a", "moto-b"] {
        client
            .create_table()
            .table_name(name)
            .key_schema(vec![key("pk", KeyType::Hash)])
            .attribute_definitions(vec![attribute("pk", ScalarAttributeType::S)])
            .billing_mode(BillingMode::PayPerRequest)
            .send()
            .await
            .map_err(failed("CreateTable"))?;
    }
    let mut names = try_collect(client.list_tables().limit(1).into_items())
        .await
        .map_err(failed("ListTables items"))?;
    names.sort();
    c.eq(
        "dynamodb ListTables pages one name at a time",
        names,
        vec!["moto-a".to_owned(), "moto-b".to_owned(), table.to_owned()],
    )
}

async fn run_sqs(c: &mut Checks, config: &Config) -> Outcome {
    use sqs::*;
    let client = Client::new(config.clone());
    let url = client
        .create_queue()
        .queue_name("moto-queue")
        .attributes(BTreeMap::from([(
            QueueAttributeName::VisibilityTimeout,
            "45".to_owned(),
        )]))
        .tags(BTreeMap::from([("team".to_owned(), "rust".to_owned())]))
        .send()
        .await
        .map_err(failed("CreateQueue"))?
        .queue_url
        .unwrap_or_default();
    c.ensure(
        "sqs CreateQueue returns the queue's URL",
        url.ends_with("/moto-queue"),
    )?;
    let attribute = MessageAttributeValue::builder()
        .data_type("Binary")
        .binary_value(&b"\x00\x01bytes"[..])
        .build()
        .map_err(failed("MessageAttributeValue"))?;
    let sent = client
        .send_message()
        .queue_url(&url)
        .message_body("hello from rust")
        .message_attributes(BTreeMap::from([("payload".to_owned(), attribute)]))
        .send()
        .await
        .map_err(failed("SendMessage"))?;
    c.ensure(
        "sqs SendMessage returns the message's id and the body's MD5",
        sent.message_id.is_some() && sent.md5_of_message_body.is_some_and(|md5| md5.len() == 32),
    )?;
    let received = client
        .receive_message()
        .queue_url(&url)
        .message_attribute_names(vec!["All".to_owned()])
        .max_number_of_messages(1)
        .send()
        .await
        .map_err(failed("ReceiveMessage"))?
        .messages
        .unwrap_or_default();
    c.eq(
        "sqs ReceiveMessage reads the body",
        received.first().and_then(|m| m.body.clone()),
        Some("hello from rust".to_owned()),
    )?;
    c.eq(
        "sqs ReceiveMessage reads a binary attribute (a blob)",
        received
            .first()
            .and_then(|m| m.message_attributes.as_ref())
            .and_then(|a| a.get("payload"))
            .and_then(|v| v.binary_value.clone()),
        Some(Blob::from(&b"\x00\x01bytes"[..])),
    )?;
    let attributes = client
        .get_queue_attributes()
        .queue_url(&url)
        .attribute_names(vec![QueueAttributeName::All])
        .send()
        .await
        .map_err(failed("GetQueueAttributes"))?
        .attributes
        .unwrap_or_default();
    c.eq(
        "sqs GetQueueAttributes reads an enum-keyed map",
        attributes
            .get(&QueueAttributeName::VisibilityTimeout)
            .map(String::as_str),
        Some("45"),
    )?;
    let tags = client
        .list_queue_tags()
        .queue_url(&url)
        .send()
        .await
        .map_err(failed("ListQueueTags"))?
        .tags
        .unwrap_or_default();
    c.eq(
        "sqs ListQueueTags reads the tags",
        tags.get("team").map(String::as_str),
        Some("rust"),
    )?;
    for i in 0..3 {
        client
            .create_queue()
            .queue_name(format!("moto-page-{i}"))
            .send()
            .await
            .map_err(failed("CreateQueue"))?;
    }
    let urls = try_collect(
        client
            .list_queues()
            .queue_name_prefix("moto-page-")
            .max_results(1)
            .into_items(),
    )
    .await
    .map_err(failed("ListQueues items"))?;
    c.eq("sqs ListQueues pages through three queues", urls.len(), 3)?;
    let missing = client
        .get_queue_url()
        .queue_name("no-such-queue")
        .send()
        .await;
    c.ensure(
        "sqs GetQueueUrl of a missing queue is QueueDoesNotExist",
        is_service(&missing, |e| {
            matches!(e, errors::GetQueueUrlError::QueueDoesNotExist(_))
        }),
    )
}

async fn run_sfn(c: &mut Checks, config: &Config) -> Outcome {
    use sfn::*;
    let client = Client::new(config.clone());
    let definition = r#"{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}"#;
    let role = "arn:aws:iam::123456789012:role/moto";
    let mut arns = Vec::new();
    for i in 0..3 {
        let created = client
            .create_state_machine()
            .name(format!("moto-machine-{i}"))
            .definition(definition)
            .role_arn(role)
            .send()
            .await
            .map_err(failed("CreateStateMachine"))?;
        arns.push(created.state_machine_arn.clone());
        if i == 0 {
            c.ensure(
                "sfn CreateStateMachine has a recent creationDate",
                recent(&created.creation_date),
            )?;
        }
    }
    let described = client
        .describe_state_machine()
        .state_machine_arn(&arns[0])
        .send()
        .await
        .map_err(failed("DescribeStateMachine"))?;
    c.eq(
        "sfn DescribeStateMachine reads the definition",
        described.definition.as_str(),
        definition,
    )?;
    c.eq(
        "sfn DescribeStateMachine reads the name",
        described.name.as_str(),
        "moto-machine-0",
    )?;
    let started = client
        .start_execution()
        .state_machine_arn(&arns[0])
        .name("run-1")
        .input(r#"{"x": 1}"#)
        .send()
        .await
        .map_err(failed("StartExecution"))?;
    c.ensure(
        "sfn StartExecution has a recent startDate",
        recent(&started.start_date),
    )?;
    let execution = client
        .describe_execution()
        .execution_arn(&started.execution_arn)
        .send()
        .await
        .map_err(failed("DescribeExecution"))?;
    c.eq(
        "sfn DescribeExecution names the state machine",
        execution.state_machine_arn.as_str(),
        arns[0].as_str(),
    )?;
    let listed = try_collect(client.list_state_machines().max_results(1).into_items())
        .await
        .map_err(failed("ListStateMachines items"))?;
    c.eq(
        "sfn ListStateMachines pages one machine at a time",
        listed.len(),
        3,
    )?;
    let missing = client
        .describe_state_machine()
        .state_machine_arn("arn:aws:states:us-east-1:123456789012:stateMachine:none")
        .send()
        .await;
    c.ensure(
        "sfn DescribeStateMachine of a missing machine is StateMachineDoesNotExist",
        is_service(&missing, |e| {
            matches!(
                e,
                errors::DescribeStateMachineError::StateMachineDoesNotExist(_)
            )
        }),
    )
}

// --- JSON 1.1 ---------------------------------------------------------------------------

async fn run_kms(c: &mut Checks, config: &Config) -> Outcome {
    use kms::*;
    let client = Client::new(config.clone());
    let mut ids = Vec::new();
    for i in 0..3 {
        let key = client
            .create_key()
            .description(format!("moto key {i}"))
            .send()
            .await
            .map_err(failed("CreateKey"))?
            .key_metadata
            .ok_or("CreateKey: no KeyMetadata")?;
        if i == 0 {
            c.ensure(
                "kms CreateKey has a recent CreationDate",
                key.creation_date.as_ref().is_some_and(recent),
            )?;
        }
        ids.push(key.key_id);
    }
    let secret = b"\x00plain text\xff";
    let encrypted = client
        .encrypt()
        .key_id(&ids[0])
        .plaintext(&secret[..])
        .send()
        .await
        .map_err(failed("Encrypt"))?;
    let ciphertext = encrypted
        .ciphertext_blob
        .ok_or("Encrypt: no CiphertextBlob")?;
    c.ensure(
        "kms Encrypt returns a ciphertext blob",
        !ciphertext.is_empty(),
    )?;
    let decrypted = client
        .decrypt()
        .ciphertext_blob(ciphertext)
        .send()
        .await
        .map_err(failed("Decrypt"))?;
    c.eq(
        "kms Decrypt gives the plaintext back (blobs both ways)",
        decrypted.plaintext,
        Some(Blob::from(&secret[..])),
    )?;
    let data_key = client
        .generate_data_key()
        .key_id(&ids[0])
        .key_spec(DataKeySpec::Aes256)
        .send()
        .await
        .map_err(failed("GenerateDataKey"))?;
    c.eq(
        "kms GenerateDataKey gives 32 bytes",
        data_key.plaintext.map(|p| p.len()),
        Some(32),
    )?;
    // ListKeys pages while `Truncated` says more follow.
    let keys = try_collect(client.list_keys().limit(1).into_items())
        .await
        .map_err(failed("ListKeys items"))?;
    c.ensure(
        "kms ListKeys pages through every key (Truncated and NextMarker)",
        ids.iter().all(|id| {
            keys.iter()
                .any(|k| k.key_id.as_deref() == Some(id.as_str()))
        }),
    )?;
    client
        .create_alias()
        .alias_name("alias/moto")
        .target_key_id(&ids[1])
        .send()
        .await
        .map_err(failed("CreateAlias"))?;
    let aliases = try_collect(client.list_aliases().key_id(&ids[1]).into_items())
        .await
        .map_err(failed("ListAliases items"))?;
    c.eq(
        "kms ListAliases names the alias of a key",
        aliases
            .iter()
            .filter_map(|a| a.alias_name.clone())
            .collect::<Vec<_>>(),
        vec!["alias/moto".to_owned()],
    )?;
    let missing = client
        .describe_key()
        .key_id("00000000-0000-0000-0000-000000000000")
        .send()
        .await;
    c.ensure(
        "kms DescribeKey of a missing key is NotFoundException",
        is_service(&missing, |e| {
            matches!(e, errors::DescribeKeyError::NotFoundException(_))
        }),
    )
}

async fn run_secretsmanager(c: &mut Checks, config: &Config) -> Outcome {
    use secretsmanager::*;
    let client = Client::new(config.clone());
    let created = client
        .create_secret()
        .name("moto/text")
        .secret_string("s3cr3t")
        .send()
        .await
        .map_err(failed("CreateSecret"))?;
    c.eq(
        "secretsmanager CreateSecret names the secret",
        created.name.as_deref(),
        Some("moto/text"),
    )?;
    let value = client
        .get_secret_value()
        .secret_id("moto/text")
        .send()
        .await
        .map_err(failed("GetSecretValue"))?;
    c.eq(
        "secretsmanager GetSecretValue reads the string",
        value.secret_string.as_deref(),
        Some("s3cr3t"),
    )?;
    c.ensure(
        "secretsmanager GetSecretValue has a recent CreatedDate",
        value.created_date.as_ref().is_some_and(recent),
    )?;
    let bytes = [0u8, 1, 2, 254, 255];
    client
        .create_secret()
        .name("moto/binary")
        .secret_binary(bytes)
        .send()
        .await
        .map_err(failed("CreateSecret"))?;
    let binary = client
        .get_secret_value()
        .secret_id("moto/binary")
        .send()
        .await
        .map_err(failed("GetSecretValue"))?;
    c.eq(
        "secretsmanager GetSecretValue reads a binary secret",
        binary.secret_binary,
        Some(Blob::from(bytes)),
    )?;
    let put = client
        .put_secret_value()
        .secret_id("moto/text")
        .secret_string("n3w")
        .send()
        .await
        .map_err(failed("PutSecretValue"))?;
    let described = client
        .describe_secret()
        .secret_id("moto/text")
        .send()
        .await
        .map_err(failed("DescribeSecret"))?;
    let stages = described.version_ids_to_stages.unwrap_or_default();
    c.eq(
        "secretsmanager DescribeSecret maps versions to their stages (a map of lists)",
        put.version_id
            .as_ref()
            .and_then(|id| stages.get(id))
            .cloned(),
        Some(vec!["AWSCURRENT".to_owned()]),
    )?;
    let listed = try_collect(client.list_secrets().max_results(1).into_items())
        .await
        .map_err(failed("ListSecrets items"))?;
    c.eq(
        "secretsmanager ListSecrets pages one secret at a time",
        listed
            .iter()
            .filter_map(|s| s.name.clone())
            .collect::<Vec<_>>(),
        vec!["moto/text".to_owned(), "moto/binary".to_owned()],
    )?;
    let missing = client
        .get_secret_value()
        .secret_id("moto/none")
        .send()
        .await;
    c.ensure(
        "secretsmanager GetSecretValue of a missing secret is ResourceNotFoundException",
        is_service(&missing, |e| {
            matches!(e, errors::GetSecretValueError::ResourceNotFoundException(_))
        }),
    )
}

async fn run_events(c: &mut Checks, config: &Config) -> Outcome {
    use eventbridge::*;
    let client = Client::new(config.clone());
    let pattern = r#"{"source":["moto.test"]}"#;
    for i in 0..3 {
        let arn = client
            .put_rule()
            .name(format!("moto-rule-{i}"))
            .event_pattern(pattern)
            .state(RuleState::Enabled)
            .send()
            .await
            .map_err(failed("PutRule"))?
            .rule_arn
            .unwrap_or_default();
        if i == 0 {
            c.ensure(
                "events PutRule returns the rule's ARN",
                arn.ends_with("rule/moto-rule-0"),
            )?;
        }
    }
    let rule = client
        .describe_rule()
        .name("moto-rule-0")
        .send()
        .await
        .map_err(failed("DescribeRule"))?;
    c.eq(
        "events DescribeRule reads the state (an enum)",
        rule.state,
        Some(RuleState::Enabled),
    )?;
    c.eq(
        "events DescribeRule reads the pattern",
        rule.event_pattern.as_deref(),
        Some(pattern),
    )?;
    let target = Target::builder()
        .id("t1")
        .arn("arn:aws:sqs:us-east-1:123456789012:moto-queue")
        .input(r#"{"k":"v"}"#)
        .build()
        .map_err(failed("Target"))?;
    let put = client
        .put_targets()
        .rule("moto-rule-0")
        .targets(vec![target])
        .send()
        .await
        .map_err(failed("PutTargets"))?;
    c.eq(
        "events PutTargets reports no failed entry",
        put.failed_entry_count,
        Some(0),
    )?;
    let targets = client
        .list_targets_by_rule()
        .rule("moto-rule-0")
        .send()
        .await
        .map_err(failed("ListTargetsByRule"))?
        .targets
        .unwrap_or_default();
    c.eq(
        "events ListTargetsByRule reads the target back",
        targets.first().map(|t| (t.id.as_str(), t.input.as_deref())),
        Some(("t1", Some(r#"{"k":"v"}"#))),
    )?;
    let entry = PutEventsRequestEntry::builder()
        .source("moto.test")
        .detail_type("check")
        .detail(r#"{"n":1}"#)
        .time(SystemTime::now())
        .build();
    let sent = client
        .put_events()
        .entries(vec![entry])
        .send()
        .await
        .map_err(failed("PutEvents"))?;
    c.ensure(
        "events PutEvents gives the event an id",
        sent.entries
            .unwrap_or_default()
            .first()
            .is_some_and(|e| e.event_id.is_some()),
    )?;
    let rules = try_collect(
        client
            .list_rules()
            .name_prefix("moto-rule-")
            .limit(1)
            .into_items(),
    )
    .await
    .map_err(failed("ListRules items"))?;
    c.eq("events ListRules pages one rule at a time", rules.len(), 3)?;
    let missing = client.describe_rule().name("no-such-rule").send().await;
    c.ensure(
        "events DescribeRule of a missing rule is ResourceNotFoundException",
        is_service(&missing, |e| {
            matches!(e, errors::DescribeRuleError::ResourceNotFoundException(_))
        }),
    )
}

async fn run_ecr(c: &mut Checks, config: &Config) -> Outcome {
    use ecr::*;
    let client = Client::new(config.clone());
    for i in 0..3 {
        let repository = client
            .create_repository()
            .repository_name(format!("moto/repo-{i}"))
            .image_tag_mutability(ImageTagMutability::Immutable)
            .send()
            .await
            .map_err(failed("CreateRepository"))?
            .repository
            .ok_or("CreateRepository: no repository")?;
        if i == 0 {
            c.ensure(
                "ecr CreateRepository has a recent createdAt",
                repository.created_at.as_ref().is_some_and(recent),
            )?;
            c.eq(
                "ecr CreateRepository reads the tag mutability (an enum)",
                repository.image_tag_mutability,
                Some(ImageTagMutability::Immutable),
            )?;
        }
    }
    let repositories = try_collect(client.describe_repositories().max_results(1).into_items())
        .await
        .map_err(failed("DescribeRepositories items"))?;
    c.eq(
        "ecr DescribeRepositories pages one repository at a time",
        repositories.len(),
        3,
    )?;
    let manifest = r#"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":2,"digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000"},"layers":[]}"#;
    let image = client
        .put_image()
        .repository_name("moto/repo-0")
        .image_manifest(manifest)
        .image_tag("v1")
        .send()
        .await
        .map_err(failed("PutImage"))?
        .image
        .ok_or("PutImage: no image")?;
    c.eq(
        "ecr PutImage names the image's tag",
        image.image_id.and_then(|id| id.image_tag),
        Some("v1".to_owned()),
    )?;
    let images = client
        .list_images()
        .repository_name("moto/repo-0")
        .send()
        .await
        .map_err(failed("ListImages"))?
        .image_ids
        .unwrap_or_default();
    c.eq(
        "ecr ListImages lists the tag",
        images
            .iter()
            .filter_map(|i| i.image_tag.clone())
            .collect::<Vec<_>>(),
        vec!["v1".to_owned()],
    )?;
    let missing = client
        .describe_repositories()
        .repository_names(vec!["moto/none".to_owned()])
        .send()
        .await;
    c.ensure(
        "ecr DescribeRepositories of a missing repository is RepositoryNotFoundException",
        is_service(&missing, |e| {
            matches!(
                e,
                errors::DescribeRepositoriesError::RepositoryNotFoundException(_)
            )
        }),
    )
}

async fn run_ssm(c: &mut Checks, config: &Config) -> Outcome {
    use ssm::*;
    let client = Client::new(config.clone());
    for i in 0..5 {
        let put = client
            .put_parameter()
            .name(format!("/moto/app/p{i}"))
            .value(format!("value {i}"))
            .r#type(ParameterType::String)
            .send()
            .await
            .map_err(failed("PutParameter"))?;
        if i == 0 {
            c.eq(
                "ssm PutParameter returns version 1 (a long)",
                put.version,
                Some(1),
            )?;
        }
    }
    let parameter = client
        .get_parameter()
        .name("/moto/app/p2")
        .send()
        .await
        .map_err(failed("GetParameter"))?
        .parameter
        .ok_or("GetParameter: no parameter")?;
    c.eq(
        "ssm GetParameter reads the value",
        parameter.value.as_deref(),
        Some("value 2"),
    )?;
    c.ensure(
        "ssm GetParameter has a recent LastModifiedDate",
        parameter.last_modified_date.as_ref().is_some_and(recent),
    )?;
    let by_path = try_collect(
        client
            .get_parameters_by_path()
            .path("/moto/app")
            .max_results(2)
            .into_items(),
    )
    .await
    .map_err(failed("GetParametersByPath items"))?;
    let mut names: Vec<String> = by_path.iter().filter_map(|p| p.name.clone()).collect();
    names.sort();
    c.eq(
        "ssm GetParametersByPath pages two at a time through five",
        names,
        (0..5).map(|i| format!("/moto/app/p{i}")).collect(),
    )?;
    let tag = Tag::builder()
        .key("team")
        .value("rust")
        .build()
        .map_err(failed("Tag"))?;
    client
        .add_tags_to_resource()
        .resource_type(ResourceTypeForTagging::Parameter)
        .resource_id("/moto/app/p0")
        .tags(vec![tag])
        .send()
        .await
        .map_err(failed("AddTagsToResource"))?;
    let tags = client
        .list_tags_for_resource()
        .resource_type(ResourceTypeForTagging::Parameter)
        .resource_id("/moto/app/p0")
        .send()
        .await
        .map_err(failed("ListTagsForResource"))?
        .tag_list
        .unwrap_or_default();
    c.eq(
        "ssm ListTagsForResource reads the tag",
        tags.iter()
            .map(|t| (t.key.as_str(), t.value.as_str()))
            .collect::<Vec<_>>(),
        vec![("team", "rust")],
    )?;
    let missing = client.get_parameter().name("/moto/none").send().await;
    c.ensure(
        "ssm GetParameter of a missing parameter is ParameterNotFound",
        is_service(&missing, |e| {
            matches!(e, errors::GetParameterError::ParameterNotFound(_))
        }),
    )
}

// --- REST-JSON --------------------------------------------------------------------------

async fn run_efs(c: &mut Checks, config: &Config) -> Outcome {
    use efs::*;
    let client = Client::new(config.clone());
    let tag = |key: &str, value: &str| {
        Tag::builder()
            .key(key)
            .value(value)
            .build()
            .expect("both members are set")
    };
    let mut ids = Vec::new();
    for i in 0..3 {
        let created = client
            .create_file_system()
            .creation_token(format!("moto-fs-{i}"))
            .performance_mode(PerformanceMode::GeneralPurpose)
            .tags(vec![tag("Name", &format!("fs {i}"))])
            .send()
            .await
            .map_err(failed("CreateFileSystem"))?;
        if i == 0 {
            c.ensure(
                "efs CreateFileSystem has a recent CreationTime",
                recent(&created.creation_time),
            )?;
            c.eq(
                "efs CreateFileSystem reads the Name tag",
                created.name.as_deref(),
                Some("fs 0"),
            )?;
        }
        ids.push(created.file_system_id);
    }
    let described = client
        .describe_file_systems()
        .file_system_id(&ids[1])
        .send()
        .await
        .map_err(failed("DescribeFileSystems"))?
        .file_systems
        .unwrap_or_default();
    c.eq(
        "efs DescribeFileSystems finds one by id (a query string)",
        described
            .iter()
            .map(|f| f.creation_token.as_str())
            .collect::<Vec<_>>(),
        vec!["moto-fs-1"],
    )?;
    let all = try_collect(client.describe_file_systems().max_items(1).into_items())
        .await
        .map_err(failed("DescribeFileSystems items"))?;
    c.eq("efs DescribeFileSystems pages one at a time", all.len(), 3)?;
    client
        .tag_resource()
        .resource_id(&ids[0])
        .tags(vec![tag("team", "rust")])
        .send()
        .await
        .map_err(failed("TagResource"))?;
    let tags = client
        .list_tags_for_resource()
        .resource_id(&ids[0])
        .send()
        .await
        .map_err(failed("ListTagsForResource"))?
        .tags
        .unwrap_or_default();
    c.ensure(
        "efs ListTagsForResource reads a tag by URI label",
        tags.iter().any(|t| t.key == "team" && t.value == "rust"),
    )?;
    // moto leaves out the error's required `ErrorCode`: client error correction reads it.
    let missing = client
        .describe_file_systems()
        .file_system_id("fs-00000000")
        .send()
        .await;
    c.ensure(
        "efs DescribeFileSystems of a missing file system is FileSystemNotFound",
        is_service(&missing, |e| {
            matches!(e, errors::DescribeFileSystemsError::FileSystemNotFound(_))
        }),
    )
}

async fn run_eks(c: &mut Checks, config: &Config) -> Outcome {
    use eks::*;
    let client = Client::new(config.clone());
    let vpc = VpcConfigRequest::builder()
        .subnet_ids(vec!["subnet-1".to_owned(), "subnet-2".to_owned()])
        .build();
    for i in 0..3 {
        let cluster = client
            .create_cluster()
            .name(format!("moto-cluster-{i}"))
            .role_arn("arn:aws:iam::123456789012:role/eks")
            .resources_vpc_config(vpc.clone())
            .tags(BTreeMap::from([("team".to_owned(), "rust".to_owned())]))
            .send()
            .await
            .map_err(failed("CreateCluster"))?
            .cluster
            .ok_or("CreateCluster: no cluster")?;
        if i == 0 {
            c.ensure(
                "eks CreateCluster has a recent createdAt",
                cluster.created_at.as_ref().is_some_and(recent),
            )?;
        }
    }
    let cluster = client
        .describe_cluster()
        .name("moto-cluster-1")
        .send()
        .await
        .map_err(failed("DescribeCluster"))?
        .cluster
        .ok_or("DescribeCluster: no cluster")?;
    c.eq(
        "eks DescribeCluster reads the cluster by URI label",
        cluster.name.as_deref(),
        Some("moto-cluster-1"),
    )?;
    c.eq(
        "eks DescribeCluster reads the nested VPC config",
        cluster.resources_vpc_config.and_then(|v| v.subnet_ids),
        Some(vec!["subnet-1".to_owned(), "subnet-2".to_owned()]),
    )?;
    c.eq(
        "eks DescribeCluster reads the tags (a map)",
        cluster.tags.and_then(|t| t.get("team").cloned()),
        Some("rust".to_owned()),
    )?;
    let names = try_collect(client.list_clusters().max_results(1).into_items())
        .await
        .map_err(failed("ListClusters items"))?;
    c.eq(
        "eks ListClusters pages one cluster at a time (query string)",
        names.len(),
        3,
    )?;
    let missing = client
        .describe_cluster()
        .name("no-such-cluster")
        .send()
        .await;
    c.ensure(
        "eks DescribeCluster of a missing cluster is ResourceNotFoundException",
        is_service(&missing, |e| {
            matches!(
                e,
                errors::DescribeClusterError::ResourceNotFoundException(_)
            )
        }),
    )
}

async fn run_apigateway(c: &mut Checks, config: &Config) -> Outcome {
    use apigateway::*;
    let client = Client::new(config.clone());
    let mut ids = Vec::new();
    for i in 0..3 {
        let api = client
            .create_rest_api()
            .name(format!("moto-api-{i}"))
            .description("from rust")
            .tags(BTreeMap::from([("team".to_owned(), "rust".to_owned())]))
            .send()
            .await
            .map_err(failed("CreateRestApi"))?;
        if i == 0 {
            c.ensure(
                "apigateway CreateRestApi has a recent createdDate",
                api.created_date.as_ref().is_some_and(recent),
            )?;
        }
        ids.push(api.id.ok_or("CreateRestApi: no id")?);
    }
    let api = client
        .get_rest_api()
        .rest_api_id(&ids[0])
        .send()
        .await
        .map_err(failed("GetRestApi"))?;
    c.eq(
        "apigateway GetRestApi reads the name",
        api.name.as_deref(),
        Some("moto-api-0"),
    )?;
    c.eq(
        "apigateway GetRestApi reads the tags (a map)",
        api.tags.and_then(|t| t.get("team").cloned()),
        Some("rust".to_owned()),
    )?;
    let apis = try_collect(client.get_rest_apis().limit(1).into_items())
        .await
        .map_err(failed("GetRestApis items"))?;
    c.eq(
        "apigateway GetRestApis pages one API at a time",
        apis.len(),
        3,
    )?;
    let root = api
        .root_resource_id
        .ok_or("GetRestApi: no rootResourceId")?;
    let resource = client
        .create_resource()
        .rest_api_id(&ids[0])
        .parent_id(&root)
        .path_part("items")
        .send()
        .await
        .map_err(failed("CreateResource"))?;
    c.eq(
        "apigateway CreateResource reads the path (two URI labels)",
        resource.path.as_deref(),
        Some("/items"),
    )?;
    let resource_id = resource.id.ok_or("CreateResource: no id")?;
    client
        .put_method()
        .rest_api_id(&ids[0])
        .resource_id(&resource_id)
        .http_method("GET")
        .authorization_type("NONE")
        .request_parameters(BTreeMap::from([(
            "method.request.querystring.page".to_owned(),
            true,
        )]))
        .send()
        .await
        .map_err(failed("PutMethod"))?;
    let method = client
        .get_method()
        .rest_api_id(&ids[0])
        .resource_id(&resource_id)
        .http_method("GET")
        .send()
        .await
        .map_err(failed("GetMethod"))?;
    c.eq(
        "apigateway GetMethod reads a map of booleans",
        method
            .request_parameters
            .and_then(|p| p.get("method.request.querystring.page").copied()),
        Some(true),
    )?;
    let resources = try_collect(client.get_resources().rest_api_id(&ids[0]).into_items())
        .await
        .map_err(failed("GetResources items"))?;
    c.eq(
        "apigateway GetResources lists the root and the new resource",
        resources.len(),
        2,
    )?;
    let missing = client.get_rest_api().rest_api_id("nope").send().await;
    c.ensure(
        "apigateway GetRestApi of a missing API is NotFoundException",
        is_service(&missing, |e| {
            matches!(e, errors::GetRestApiError::NotFoundException(_))
        }),
    )
}

async fn run_scheduler(c: &mut Checks, config: &Config) -> Outcome {
    use scheduler::*;
    let client = Client::new(config.clone());
    let group = client
        .create_schedule_group()
        .name("moto-group")
        .send()
        .await
        .map_err(failed("CreateScheduleGroup"))?;
    c.ensure(
        "scheduler CreateScheduleGroup returns its ARN",
        group
            .schedule_group_arn
            .ends_with("schedule-group/moto-group"),
    )?;
    let target = Target::builder()
        .arn("arn:aws:sqs:us-east-1:123456789012:moto-queue")
        .role_arn("arn:aws:iam::123456789012:role/scheduler")
        .input(r#"{"k":"v"}"#)
        .build()
        .map_err(failed("Target"))?;
    let window = FlexibleTimeWindow::builder()
        .mode(FlexibleTimeWindowMode::Off)
        .build()
        .map_err(failed("FlexibleTimeWindow"))?;
    let start = Timestamp::from_secs(Timestamp::from(SystemTime::now()).secs() + 3_600);
    for i in 0..3 {
        client
            .create_schedule()
            .name(format!("moto-schedule-{i}"))
            .group_name("moto-group")
            .schedule_expression("rate(5 minutes)")
            .start_date(start)
            .target(target.clone())
            .flexible_time_window(window.clone())
            .send()
            .await
            .map_err(failed("CreateSchedule"))?;
    }
    let schedule = client
        .get_schedule()
        .name("moto-schedule-0")
        .group_name("moto-group")
        .send()
        .await
        .map_err(failed("GetSchedule"))?;
    c.eq(
        "scheduler GetSchedule reads the expression by URI label and query",
        schedule.schedule_expression.as_deref(),
        Some("rate(5 minutes)"),
    )?;
    c.eq(
        "scheduler GetSchedule reads the start date (a timestamp sent and read)",
        schedule.start_date.map(|t| t.secs()),
        Some(start.secs()),
    )?;
    c.eq(
        "scheduler GetSchedule reads the nested target",
        schedule.target.map(|t| t.input),
        Some(Some(r#"{"k":"v"}"#.to_owned())),
    )?;
    let listed = try_collect(
        client
            .list_schedules()
            .group_name("moto-group")
            .max_results(1)
            .into_items(),
    )
    .await
    .map_err(failed("ListSchedules items"))?;
    c.eq(
        "scheduler ListSchedules pages one schedule at a time",
        listed.len(),
        3,
    )?;
    let missing = client.get_schedule().name("no-such-schedule").send().await;
    c.ensure(
        "scheduler GetSchedule of a missing schedule is ResourceNotFoundException",
        is_service(&missing, |e| {
            matches!(e, errors::GetScheduleError::ResourceNotFoundException(_))
        }),
    )
}

async fn run_appconfig(c: &mut Checks, config: &Config) -> Outcome {
    use appconfig::*;
    let client = Client::new(config.clone());
    let application = client
        .create_application()
        .name("moto-app")
        .description("from rust")
        .send()
        .await
        .map_err(failed("CreateApplication"))?;
    let app = application.id.ok_or("CreateApplication: no Id")?;
    let read = client
        .get_application()
        .application_id(&app)
        .send()
        .await
        .map_err(failed("GetApplication"))?;
    c.eq(
        "appconfig GetApplication reads the name by URI label",
        read.name.as_deref(),
        Some("moto-app"),
    )?;
    let updated = client
        .update_application()
        .application_id(&app)
        .description("changed")
        .send()
        .await
        .map_err(failed("UpdateApplication"))?;
    c.eq(
        "appconfig UpdateApplication (PATCH) changes the description",
        updated.description.as_deref(),
        Some("changed"),
    )?;
    let profile = client
        .create_configuration_profile()
        .application_id(&app)
        .name("moto-profile")
        .location_uri("hosted")
        .send()
        .await
        .map_err(failed("CreateConfigurationProfile"))?;
    let profile_id = profile.id.ok_or("CreateConfigurationProfile: no Id")?;
    let read = client
        .get_configuration_profile()
        .application_id(&app)
        .configuration_profile_id(&profile_id)
        .send()
        .await
        .map_err(failed("GetConfigurationProfile"))?;
    c.eq(
        "appconfig GetConfigurationProfile reads it by two URI labels",
        read.location_uri.as_deref(),
        Some("hosted"),
    )?;
    // A blob as the whole body, with members in headers, both ways.
    let content = br#"{"feature": true}"#;
    let created = client
        .create_hosted_configuration_version()
        .application_id(&app)
        .configuration_profile_id(&profile_id)
        .content(content)
        .content_type("application/json")
        .version_label("v1.0")
        .send()
        .await
        .map_err(failed("CreateHostedConfigurationVersion"))?;
    c.eq(
        "appconfig CreateHostedConfigurationVersion reads the version from a header",
        created.version_number,
        Some(1),
    )?;
    let version = client
        .get_hosted_configuration_version()
        .application_id(&app)
        .configuration_profile_id(&profile_id)
        .version_number(1)
        .send()
        .await
        .map_err(failed("GetHostedConfigurationVersion"))?;
    c.eq(
        "appconfig GetHostedConfigurationVersion reads the body as a blob",
        version.content,
        Some(Blob::from(content)),
    )?;
    c.eq(
        "appconfig GetHostedConfigurationVersion reads members from headers",
        (
            version.content_type.as_deref(),
            version.version_label.as_deref(),
        ),
        (Some("application/json"), Some("v1.0")),
    )?;
    let arn = format!("arn:aws:appconfig:us-east-1:123456789012:application/{app}");
    client
        .tag_resource()
        .resource_arn(&arn)
        .tags(BTreeMap::from([("team".to_owned(), "rust".to_owned())]))
        .send()
        .await
        .map_err(failed("TagResource"))?;
    let tags = client
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .map_err(failed("ListTagsForResource"))?
        .tags
        .unwrap_or_default();
    c.eq(
        "appconfig ListTagsForResource reads the tags (a map)",
        tags.get("team").map(String::as_str),
        Some("rust"),
    )?;
    let missing = client.get_application().application_id("nope").send().await;
    c.ensure(
        "appconfig GetApplication of a missing application is ResourceNotFoundException",
        is_service(&missing, |e| {
            matches!(e, errors::GetApplicationError::ResourceNotFoundException(_))
        }),
    )
}
