//! The web page at `/` and the JSON API under `/_emulator/`: messages shown newest first and
//! filtered, cleared, and simulated handset replies (opt-out words, configured keywords).

mod common;

use serde_json::{json, Value};
use sms_voice::pinpointsmsvoicev2::*;

async fn get_json(running: &common::Running, path: &str) -> Value {
    let (status, body) = common::http(running, "GET", path, None).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).expect("JSON")
}

async fn inbound(running: &common::Running, from: &str, to: &str, text: &str) -> (u16, Value) {
    let request = json!({ "from": from, "to": to, "body": text }).to_string();
    let (status, body) = common::http(running, "POST", "/_emulator/inbound", Some(&request)).await;
    (status, serde_json::from_str(&body).expect("JSON answer"))
}

/// Requests a US long code for SMS: id, number and ARN.
async fn number(running: &common::Running) -> (String, String, String) {
    let out = common::sms_long_code(running).await;
    (
        out.phone_number_id.expect("id"),
        out.phone_number.expect("number"),
        out.phone_number_arn.expect("arn"),
    )
}

async fn send(running: &common::Running, from: &str, to: &str, body: &str) -> String {
    running
        .v2
        .send_text_message()
        .origination_identity(from)
        .destination_phone_number(to)
        .message_body(body)
        .send()
        .await
        .expect("send")
        .message_id
        .expect("id")
}

const ALICE: &str = "+12065550181";
const BOB: &str = "+12065550182";

#[tokio::test]
async fn the_page_shows_messages_newest_first_and_filters_them() {
    let running = common::start().await;
    let (id, from, _) = number(&running).await;
    send(&running, &id, ALICE, "first, for Alice").await;
    send(&running, &id, BOB, "second, for Bob").await;
    send(&running, &id, ALICE, "<script>alert(\"x\")</script> & more").await;

    let (status, page) = common::http(&running, "GET", "/", None).await;
    assert_eq!(status, 200);
    assert!(page.contains("<!doctype html>"), "{page}");
    let first = page.find("first, for Alice").expect("first message");
    let second = page.find("second, for Bob").expect("second message");
    let third = page
        .find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more")
        .expect("escaped third message");
    assert!(third < second && second < first, "newest first");
    assert!(!page.contains("<script>alert"), "user text is escaped");
    assert!(page.contains("TEXT_DELIVERED"));
    assert!(page.contains(&from), "the origination number is shown");
    // The other sections: the number, and the Default opt-out list.
    assert!(page.contains("id=\"phone-numbers\""));
    assert!(page.contains(&id));
    assert!(page.contains("id=\"opt-out-lists\""));
    assert!(page.contains("Default"));

    // Filtered by destination (the form's query), then by origination.
    let (_, page) = common::http(&running, "GET", "/?destination=%2B12065550182", None).await;
    assert!(page.contains("second, for Bob"));
    assert!(!page.contains("first, for Alice"));
    assert!(
        page.contains("value=\"+12065550182\""),
        "the form keeps the filter"
    );
    let (_, page) = common::http(&running, "GET", &format!("/?origination={id}"), None).await;
    assert!(page.contains("second, for Bob") && page.contains("first, for Alice"));
    let (_, page) = common::http(&running, "GET", "/?origination=ACME", None).await;
    assert!(!page.contains("second, for Bob"));
    assert!(page.contains("No message matches."));
}

#[tokio::test]
async fn the_page_lists_opt_outs_and_pools() {
    let running = common::start().await;
    let (id, _, _) = number(&running).await;
    let pool = common::create_pool(&running, &id, "US")
        .await
        .pool_id
        .expect("pool id");
    running
        .v2
        .put_opted_out_number()
        .opt_out_list_name("Default")
        .opted_out_number(BOB)
        .send()
        .await
        .expect("opt out");
    let (_, page) = common::http(&running, "GET", "/", None).await;
    let pools = page.find("id=\"pools\"").expect("pools section");
    assert!(page[pools..].contains(&pool));
    let lists = page.find("id=\"opt-out-lists\"").expect("opt-out section");
    assert!(page[lists..].contains(BOB));
    assert!(page.contains("No messages yet."));
}

#[tokio::test]
async fn the_json_api_lists_filters_and_clears_messages() {
    let running = common::start().await;
    let (id, from, _) = number(&running).await;
    let first = send(&running, &id, ALICE, "one").await;
    send(&running, &id, BOB, "two").await;

    let all = get_json(&running, "/_emulator/messages").await;
    let list = all["messages"].as_array().expect("messages");
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["message_id"], first.as_str());
    assert_eq!(list[0]["destination"], ALICE);
    assert_eq!(list[0]["origination"], from.as_str());
    assert_eq!(list[0]["body"], "one");
    assert_eq!(list[0]["events"][2]["type"], "TEXT_DELIVERED");

    let alice = get_json(&running, "/_emulator/messages?destination=%2B12065550181").await;
    assert_eq!(alice["messages"].as_array().map(Vec::len), Some(1));
    let by_origin = get_json(&running, &format!("/_emulator/messages?origination={id}")).await;
    assert_eq!(by_origin["messages"].as_array().map(Vec::len), Some(2));
    let none = get_json(&running, "/_emulator/messages?origination=%2B19999999999").await;
    assert_eq!(none["messages"].as_array().map(Vec::len), Some(0));

    let (status, body) = common::http(&running, "DELETE", "/_emulator/messages", None).await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&body).expect("JSON")["deleted"],
        2
    );
    let after = get_json(&running, "/_emulator/messages").await;
    assert_eq!(after["messages"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn an_inbound_stop_opts_the_handset_out_and_blocks_the_next_send() {
    let running = common::start().await;
    let (id, from, arn) = number(&running).await;
    send(&running, &id, ALICE, "Reply STOP to opt out").await;

    let (status, answer) = inbound(&running, ALICE, &from, "stop").await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["opted_out"], true);
    assert_eq!(answer["action"], "OPT_OUT");
    assert_eq!(answer["opt_out_list"], "Default");
    assert_eq!(answer["message"]["direction"], "INBOUND");
    assert_eq!(answer["message"]["origination"], ALICE);
    assert_eq!(answer["message"]["destination"], from.as_str());
    assert_eq!(answer["reply"]["destination"], ALICE);

    let opted = running
        .v2
        .describe_opted_out_numbers()
        .opt_out_list_name("Default")
        .send()
        .await
        .expect("describe");
    let numbers: Vec<String> = opted
        .opted_out_numbers
        .unwrap_or_default()
        .into_iter()
        .map(|n| n.opted_out_number)
        .collect();
    assert_eq!(numbers, [ALICE]);
    let refused = running
        .v2
        .send_text_message()
        .origination_identity(&id)
        .destination_phone_number(ALICE)
        .message_body("are you still there?")
        .send()
        .await;
    assert_eq!(common::code(refused), "ConflictException");

    // Other opt-out words, to the number's ARN.
    let (status, answer) = inbound(&running, BOB, &arn, "UNSUBSCRIBE me").await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["opted_out"], true);
    let (_, answer) = inbound(&running, "+12065550183", &id, "Revoke").await;
    assert_eq!(answer["opted_out"], true);

    // The inbound messages and replies are recorded.
    let all = get_json(&running, "/_emulator/messages").await;
    let directions: Vec<&str> = all["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["direction"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        directions,
        ["OUTBOUND", "INBOUND", "OUTBOUND", "INBOUND", "OUTBOUND", "INBOUND", "OUTBOUND"]
    );
}

#[tokio::test]
async fn a_configured_keyword_is_answered_and_opt_in_takes_the_handset_back() {
    let running = common::start().await;
    let (id, from, _) = number(&running).await;
    for (keyword, action, message) in [
        (
            "HOURS",
            KeywordAction::AutomaticResponse,
            "We are open 9 to 5.",
        ),
        ("JOIN", KeywordAction::OptIn, "Welcome back!"),
        ("NOMORE", KeywordAction::OptOut, "Bye."),
    ] {
        running
            .v2
            .put_keyword()
            .origination_identity(&id)
            .keyword(keyword)
            .keyword_action(action)
            .keyword_message(message)
            .send()
            .await
            .expect("keyword");
    }
    let (status, answer) = inbound(&running, ALICE, &from, "hours").await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["keyword"], "HOURS");
    assert_eq!(answer["opted_out"], false);
    assert_eq!(answer["reply"]["body"], "We are open 9 to 5.");
    assert_eq!(answer["reply"]["origination"], from.as_str());
    assert_eq!(answer["reply"]["destination"], ALICE);
    assert_eq!(answer["reply"]["direction"], "OUTBOUND");

    let (_, answer) = inbound(&running, ALICE, &from, "NOMORE").await;
    assert_eq!(answer["opted_out"], true);
    assert_eq!(answer["reply"]["body"], "Bye.");
    let refused = running
        .v2
        .send_text_message()
        .origination_identity(&id)
        .destination_phone_number(ALICE)
        .message_body("hello?")
        .send()
        .await;
    assert_eq!(common::code(refused), "ConflictException");

    let (_, answer) = inbound(&running, ALICE, &from, "join").await;
    assert_eq!(answer["opted_in"], true);
    send(&running, &id, ALICE, "welcome back").await;

    // A message with no keyword is only recorded.
    let (_, answer) = inbound(&running, ALICE, &from, "thanks!").await;
    assert_eq!(answer["keyword"], Value::Null);
    assert_eq!(answer["reply"], Value::Null);
    assert_eq!(answer["message"]["body"], "thanks!");
}

#[tokio::test]
async fn with_self_managed_opt_outs_stop_is_left_to_the_owner() {
    let running = common::start().await;
    let (id, from, _) = number(&running).await;
    running
        .v2
        .update_phone_number()
        .phone_number_id(&id)
        .self_managed_opt_outs_enabled(true)
        .send()
        .await
        .expect("update");
    let (status, answer) = inbound(&running, ALICE, &from, "STOP").await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["opted_out"], false);
    assert_eq!(answer["reply"], Value::Null);
    send(&running, &id, ALICE, "still reachable").await;
}

#[tokio::test]
async fn a_stop_to_a_pooled_number_lands_in_the_pool_opt_out_list() {
    let running = common::start().await;
    let (id, from, _) = number(&running).await;
    let pool = common::pool_with_opt_out_list(&running, &id, "pool-list").await;
    let (_, answer) = inbound(&running, ALICE, &from, "stop").await;
    assert_eq!(answer["opt_out_list"], "pool-list");
    assert_eq!(answer["opted_out"], true);
    let refused = running
        .v2
        .send_text_message()
        .origination_identity(&pool)
        .destination_phone_number(ALICE)
        .message_body("hello?")
        .send()
        .await;
    assert_eq!(common::code(refused), "ConflictException");
}

#[tokio::test]
async fn inbound_refuses_bad_json_and_unknown_numbers() {
    let running = common::start().await;
    let (_, from, _) = number(&running).await;
    let (status, body) =
        common::http(&running, "POST", "/_emulator/inbound", Some("{not json")).await;
    assert_eq!(status, 400);
    let error: Value = serde_json::from_str(&body).expect("JSON error");
    assert!(
        error["error"].as_str().unwrap_or_default().contains("JSON"),
        "{body}"
    );

    let (status, body) = common::http(
        &running,
        "POST",
        "/_emulator/inbound",
        Some(&json!({ "from": ALICE, "to": from }).to_string()),
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("body"), "{body}");

    let (status, answer) = inbound(&running, "hello", &from, "STOP").await;
    assert_eq!(status, 400);
    assert!(
        answer["error"]
            .as_str()
            .unwrap_or_default()
            .contains("from"),
        "{answer}"
    );

    let (status, answer) = inbound(&running, ALICE, "+19995550100", "STOP").await;
    assert_eq!(status, 404);
    assert!(
        answer["error"]
            .as_str()
            .unwrap_or_default()
            .contains("+19995550100"),
        "{answer}"
    );
    // Nothing was recorded.
    let all = get_json(&running, "/_emulator/messages").await;
    assert_eq!(all["messages"].as_array().map(Vec::len), Some(0));
}

/// The messages of a JSON API answer, as (destination, body, code).
fn listed(answer: &Value) -> Vec<(String, String, Option<String>)> {
    answer["messages"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|m| {
            (
                m["destination"].as_str().expect("destination").to_owned(),
                m["body"].as_str().unwrap_or_default().to_owned(),
                m["code"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_json_api_pages_searches_and_reads_codes() {
    let running = common::start().await;
    let (id, _, _) = number(&running).await;
    common::create_configuration_set(&running.v2, "otp").await;
    for i in 0..7 {
        send(&running, &id, ALICE, &format!("note {i} for Alice")).await;
    }
    running
        .v2
        .send_text_message()
        .origination_identity(&id)
        .destination_phone_number(BOB)
        .configuration_set_name("otp")
        .message_body("Your verification code is 482913. It expires in 10 minutes.")
        .send()
        .await
        .expect("send");

    // Pages of 3, oldest first, each `next` the cursor of the following page.
    let mut bodies = Vec::new();
    let mut path = "/_emulator/messages?limit=3".to_owned();
    let mut pages = 0;
    loop {
        let page = get_json(&running, &path).await;
        pages += 1;
        bodies.extend(listed(&page).into_iter().map(|(_, body, _)| body));
        if page["more"] != true {
            break;
        }
        path = format!(
            "/_emulator/messages?limit=3&cursor={}",
            page["next"].as_str().expect("next")
        );
    }
    assert_eq!(pages, 3);
    assert_eq!(bodies.len(), 8);
    assert_eq!(bodies[0], "note 0 for Alice");
    // Newest first.
    let newest = get_json(&running, "/_emulator/messages?order=newest&limit=2").await;
    assert_eq!(
        listed(&newest)
            .into_iter()
            .map(|(_, b, _)| b)
            .collect::<Vec<_>>(),
        [
            "Your verification code is 482913. It expires in 10 minutes.",
            "note 6 for Alice"
        ]
    );

    // Searches: a whole number matches exactly, part of one as a substring; the
    // configuration set; words of the text, without regard to case.
    let bob = get_json(&running, "/_emulator/messages?destination=%2B12065550182").await;
    assert_eq!(
        listed(&bob),
        [(
            BOB.to_owned(),
            "Your verification code is 482913. It expires in 10 minutes.".to_owned(),
            Some("482913".to_owned())
        )]
    );
    let part = get_json(&running, "/_emulator/messages?destination=55501").await;
    assert_eq!(listed(&part).len(), 8);
    let set = get_json(&running, "/_emulator/messages?configuration_set=otp").await;
    assert_eq!(listed(&set).len(), 1);
    let text = get_json(&running, "/_emulator/messages?text=NOTE%203").await;
    assert_eq!(listed(&text)[0].1, "note 3 for Alice");
    // `%` and `_` are plain characters, not patterns.
    let percent = get_json(&running, "/_emulator/messages?text=%25").await;
    assert!(listed(&percent).is_empty());
    // Messages with no code have `code: null`.
    assert!(listed(&text)[0].2.is_none());

    // One message by id.
    let id = bob["messages"][0]["message_id"]
        .as_str()
        .expect("id")
        .to_owned();
    let one = get_json(&running, &format!("/_emulator/messages/{id}")).await;
    assert_eq!(one["code"], "482913");
    let (status, _) = common::http(&running, "GET", "/_emulator/messages/nope", None).await;
    assert_eq!(status, 404);

    // Bad parameters are refused, naming the parameter.
    for (query, named) in [
        ("limit=0", "limit"),
        ("limit=5000", "limit"),
        ("cursor=abc", "cursor"),
        ("order=sideways", "order"),
        ("wait=31", "wait"),
        ("wait=soon", "wait"),
        ("colour=red", "colour"),
    ] {
        let (status, body) = common::http(
            &running,
            "GET",
            &format!("/_emulator/messages?{query}"),
            None,
        )
        .await;
        assert_eq!(status, 400, "{query}: {body}");
        assert!(body.contains(named), "{query}: {body}");
    }
}

#[tokio::test]
async fn a_waiting_request_answers_when_the_message_arrives() {
    let running = common::start().await;
    let (id, _, _) = number(&running).await;
    send(&running, &id, ALICE, "an older message").await;
    // Where the store ends now: the messages after it are the new ones.
    let now = get_json(&running, "/_emulator/messages?destination=%2B12065550181").await;
    let cursor = now["next"].as_str().expect("next").to_owned();

    // Nothing new: the wait ends empty, with the same cursor.
    let quiet = get_json(
        &running,
        &format!("/_emulator/messages?destination=%2B12065550181&cursor={cursor}&wait=0.2"),
    )
    .await;
    assert!(listed(&quiet).is_empty());
    assert_eq!(quiet["next"].as_str(), Some(cursor.as_str()));

    // A request waits; the message is sent after it started; it answers with the message.
    let order = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let waiting = {
        let running_url = running.addr;
        let order = order.clone();
        let path =
            format!("/_emulator/messages?destination=%2B12065550181&cursor={cursor}&wait=20");
        tokio::spawn(async move {
            let (status, body) = common::http_at(running_url, "GET", &path, None).await;
            order.lock().expect("lock").push("answered");
            (status, body)
        })
    };
    // A message to someone else does not end the wait.
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    send(&running, &id, BOB, "not for Alice").await;
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    assert!(
        order.lock().expect("lock").is_empty(),
        "answered before its message"
    );
    order.lock().expect("lock").push("sent");
    send(&running, &id, ALICE, "Your code is 7351").await;
    let (status, body) = waiting.await.expect("the waiting request");
    assert_eq!(status, 200, "{body}");
    assert_eq!(*order.lock().expect("lock"), ["sent", "answered"]);
    let answer: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(
        listed(&answer),
        [(
            ALICE.to_owned(),
            "Your code is 7351".to_owned(),
            Some("7351".to_owned())
        )]
    );
}
