//! Opt-out lists (the account's `Default` list included) and the numbers opted out in them.

mod common;

use sms_voice::pinpointsmsvoicev2::*;

async fn list_names(running: &common::Running) -> Vec<String> {
    running
        .v2
        .describe_opt_out_lists()
        .send()
        .await
        .expect("describe lists")
        .opt_out_lists
        .unwrap_or_default()
        .into_iter()
        .map(|l| l.opt_out_list_name)
        .collect()
}

async fn put(running: &common::Running, list: &str, number: &str) -> PutOptedOutNumberResult {
    running
        .v2
        .put_opted_out_number()
        .opt_out_list_name(list)
        .opted_out_number(number)
        .send()
        .await
        .expect("put opted out number")
}

#[tokio::test]
async fn the_default_list_always_exists_and_stays() {
    let running = common::start().await;
    let lists = running
        .v2
        .describe_opt_out_lists()
        .send()
        .await
        .expect("describe")
        .opt_out_lists
        .unwrap_or_default();
    assert_eq!(lists.len(), 1);
    assert_eq!(lists[0].opt_out_list_name, "Default");
    assert_eq!(
        lists[0].opt_out_list_arn,
        "arn:aws:sms-voice:us-east-1:123456789012:opt-out-list/Default"
    );
    let again = running
        .v2
        .describe_opt_out_lists()
        .opt_out_list_names(vec!["Default".to_owned()])
        .send()
        .await
        .expect("by name")
        .opt_out_lists
        .unwrap_or_default();
    assert_eq!(again[0].created_timestamp, lists[0].created_timestamp);
    common::assert_failure(
        running
            .v2
            .delete_opt_out_list()
            .opt_out_list_name("Default")
            .send()
            .await,
        "ConflictException",
        "Default",
    );
    common::assert_failure(
        running
            .v2
            .create_opt_out_list()
            .opt_out_list_name("Default")
            .send()
            .await,
        "ConflictException",
        "RESOURCE_ALREADY_EXISTS",
    );
    assert_eq!(list_names(&running).await, ["Default"]);
}

#[tokio::test]
async fn create_opt_out_list() {
    let running = common::start().await;
    let created = running
        .v2
        .create_opt_out_list()
        .opt_out_list_name("Newsletter")
        .tags(vec![common::tag("owner", "marketing")])
        .send()
        .await
        .expect("create");
    assert_eq!(created.opt_out_list_name.as_deref(), Some("Newsletter"));
    assert_eq!(
        created.opt_out_list_arn.as_deref(),
        Some("arn:aws:sms-voice:us-east-1:123456789012:opt-out-list/Newsletter")
    );
    assert!(created.created_timestamp.is_some());
    assert_eq!(created.tags.map(|t| t.len()), Some(1));
    assert_eq!(list_names(&running).await, ["Default", "Newsletter"]);
    common::assert_failure(
        running
            .v2
            .create_opt_out_list()
            .opt_out_list_name("Newsletter")
            .send()
            .await,
        "ConflictException",
        "Newsletter",
    );
    let refused = running
        .v2
        .create_opt_out_list()
        .opt_out_list_name("bad name!")
        .send()
        .await;
    assert_eq!(common::code(refused), "ValidationException");
}

#[tokio::test]
async fn create_opt_out_list_quota() {
    let running = common::start().await;
    let mut created = 0;
    let (code, text) = loop {
        let result = running
            .v2
            .create_opt_out_list()
            .opt_out_list_name(format!("List{created}"))
            .send()
            .await;
        match result {
            Ok(_) => created += 1,
            Err(_) => break common::failure(result),
        }
        assert!(created <= 1000, "no opt-out list limit");
    };
    assert_eq!(code, "ServiceQuotaExceededException");
    assert!(text.contains("OPT_OUT_LISTS"), "{text}");
    // The Default list counts towards the limit.
    let lists = list_names(&running).await;
    assert_eq!(lists.len(), created + 1);
    assert!(!lists.contains(&format!("List{created}")));
}

#[tokio::test]
async fn delete_opt_out_list_and_its_numbers() {
    let running = common::start().await;
    running
        .v2
        .create_opt_out_list()
        .opt_out_list_name("Temp")
        .send()
        .await
        .expect("create");
    put(&running, "Temp", "+14255550100").await;
    let deleted = running
        .v2
        .delete_opt_out_list()
        .opt_out_list_name("arn:aws:sms-voice:us-east-1:123456789012:opt-out-list/Temp")
        .send()
        .await
        .expect("delete by ARN");
    assert_eq!(deleted.opt_out_list_name.as_deref(), Some("Temp"));
    assert_eq!(list_names(&running).await, ["Default"]);
    let refused = running
        .v2
        .describe_opted_out_numbers()
        .opt_out_list_name("Temp")
        .send()
        .await;
    assert_eq!(common::code(refused), "ResourceNotFoundException");
    // A list made again under the same name starts empty.
    running
        .v2
        .create_opt_out_list()
        .opt_out_list_name("Temp")
        .send()
        .await
        .expect("create again");
    let numbers = running
        .v2
        .describe_opted_out_numbers()
        .opt_out_list_name("Temp")
        .send()
        .await
        .expect("describe")
        .opted_out_numbers
        .unwrap_or_default();
    assert!(numbers.is_empty());
}

#[tokio::test]
async fn delete_opt_out_list_errors() {
    let running = common::start().await;
    common::assert_failure(
        running
            .v2
            .delete_opt_out_list()
            .opt_out_list_name("Missing")
            .send()
            .await,
        "ResourceNotFoundException",
        "opt-out-list",
    );
    running
        .v2
        .create_opt_out_list()
        .opt_out_list_name("InUse")
        .send()
        .await
        .expect("create");
    let number = running
        .v2
        .request_phone_number()
        .iso_country_code("US")
        .message_type(MessageType::Transactional)
        .number_capabilities(vec![NumberCapability::Sms])
        .number_type(RequestPhoneNumberNumberType::LongCode)
        .opt_out_list_name("InUse")
        .send()
        .await
        .expect("number");
    assert_eq!(number.opt_out_list_name.as_deref(), Some("InUse"));
    common::assert_failure(
        running
            .v2
            .delete_opt_out_list()
            .opt_out_list_name("InUse")
            .send()
            .await,
        "ConflictException",
        "phone number",
    );
    // Once the number uses another list, the list can go.
    running
        .v2
        .update_phone_number()
        .phone_number_id(number.phone_number_id.unwrap_or_default())
        .opt_out_list_name("Default")
        .send()
        .await
        .expect("switch list");
    running
        .v2
        .delete_opt_out_list()
        .opt_out_list_name("InUse")
        .send()
        .await
        .expect("delete");
}

#[tokio::test]
async fn describe_opt_out_lists_pages_and_names() {
    let running = common::start().await;
    for name in ["Zeta", "Alpha", "Mid", "Beta"] {
        running
            .v2
            .create_opt_out_list()
            .opt_out_list_name(name)
            .send()
            .await
            .expect("create");
    }
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut req = running.v2.describe_opt_out_lists().max_results(2);
        if let Some(next) = token.take() {
            req = req.next_token(next);
        }
        let page = req.send().await.expect("page");
        pages += 1;
        seen.extend(
            page.opt_out_lists
                .unwrap_or_default()
                .into_iter()
                .map(|l| l.opt_out_list_name),
        );
        match page.next_token {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    // Creation order, the Default list first.
    assert_eq!(seen, ["Default", "Zeta", "Alpha", "Mid", "Beta"]);
    let chosen = running
        .v2
        .describe_opt_out_lists()
        .opt_out_list_names(vec![
            "Mid".to_owned(),
            "arn:aws:sms-voice:us-east-1:123456789012:opt-out-list/Alpha".to_owned(),
        ])
        .send()
        .await
        .expect("chosen")
        .opt_out_lists
        .unwrap_or_default();
    let chosen: Vec<String> = chosen.into_iter().map(|l| l.opt_out_list_name).collect();
    assert_eq!(chosen, ["Mid", "Alpha"]);
    let refused = running
        .v2
        .describe_opt_out_lists()
        .opt_out_list_names(vec!["Nope".to_owned()])
        .send()
        .await;
    assert_eq!(common::code(refused), "ResourceNotFoundException");
    let refused = running
        .v2
        .describe_opt_out_lists()
        .owner(Owner::Self_)
        .opt_out_list_names(vec!["Mid".to_owned()])
        .send()
        .await;
    assert_eq!(common::code(refused), "ValidationException");
    let shared = running
        .v2
        .describe_opt_out_lists()
        .owner(Owner::Shared)
        .send()
        .await
        .expect("shared")
        .opt_out_lists
        .unwrap_or_default();
    assert!(shared.is_empty());
}

#[tokio::test]
async fn put_opted_out_number() {
    let running = common::start().await;
    let out = put(&running, "Default", "+447700900123").await;
    assert_eq!(out.opted_out_number.as_deref(), Some("+447700900123"));
    assert_eq!(out.opt_out_list_name.as_deref(), Some("Default"));
    assert_eq!(out.end_user_opted_out, Some(false));
    assert!(out.opted_out_timestamp.is_some());
    // Without its plus, the number is kept in E.164 all the same; putting it again keeps it once.
    put(&running, "Default", "447700900123").await;
    let numbers = running
        .v2
        .describe_opted_out_numbers()
        .opt_out_list_name("Default")
        .send()
        .await
        .expect("describe")
        .opted_out_numbers
        .unwrap_or_default();
    assert_eq!(numbers.len(), 1);
    assert_eq!(numbers[0].opted_out_number, "+447700900123");
    common::assert_failure(
        running
            .v2
            .put_opted_out_number()
            .opt_out_list_name("Missing")
            .opted_out_number("+14255550101")
            .send()
            .await,
        "ResourceNotFoundException",
        "Missing",
    );
    let refused = running
        .v2
        .put_opted_out_number()
        .opt_out_list_name("Default")
        .opted_out_number("not-a-number")
        .send()
        .await;
    assert_eq!(common::code(refused), "ValidationException");
}

#[tokio::test]
async fn delete_opted_out_number() {
    let running = common::start().await;
    put(&running, "Default", "+14255550102").await;
    put(&running, "Default", "+14255550103").await;
    let deleted = running
        .v2
        .delete_opted_out_number()
        .opt_out_list_name("Default")
        .opted_out_number("+14255550102")
        .send()
        .await
        .expect("delete");
    assert_eq!(deleted.opted_out_number.as_deref(), Some("+14255550102"));
    assert_eq!(deleted.opt_out_list_name.as_deref(), Some("Default"));
    let left = running
        .v2
        .describe_opted_out_numbers()
        .opt_out_list_name("Default")
        .send()
        .await
        .expect("describe")
        .opted_out_numbers
        .unwrap_or_default();
    let left: Vec<String> = left.into_iter().map(|n| n.opted_out_number).collect();
    assert_eq!(left, ["+14255550103"]);
    common::assert_failure(
        running
            .v2
            .delete_opted_out_number()
            .opt_out_list_name("Default")
            .opted_out_number("+14255550199")
            .send()
            .await,
        "ResourceNotFoundException",
        "+14255550199",
    );
    let refused = running
        .v2
        .delete_opted_out_number()
        .opt_out_list_name("Missing")
        .opted_out_number("+14255550103")
        .send()
        .await;
    assert_eq!(common::code(refused), "ResourceNotFoundException");
    // A number can be taken out of a list once every 30 days.
    put(&running, "Default", "+14255550102").await;
    common::assert_failure(
        running
            .v2
            .delete_opted_out_number()
            .opt_out_list_name("Default")
            .opted_out_number("+14255550102")
            .send()
            .await,
        "ValidationException",
        "PHONE_NUMBER_CANNOT_BE_OPTED_IN",
    );
}

#[tokio::test]
async fn describe_opted_out_numbers_pages_and_filters() {
    let running = common::start().await;
    running
        .v2
        .create_opt_out_list()
        .opt_out_list_name("Big")
        .send()
        .await
        .expect("create");
    let numbers: Vec<String> = (0..7).map(|i| format!("+1425555011{i}")).collect();
    for n in &numbers {
        put(&running, "Big", n).await;
    }
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut req = running
            .v2
            .describe_opted_out_numbers()
            .opt_out_list_name("Big")
            .max_results(3);
        if let Some(next) = token.take() {
            req = req.next_token(next);
        }
        let page = req.send().await.expect("page");
        pages += 1;
        assert_eq!(page.opt_out_list_name.as_deref(), Some("Big"));
        seen.extend(
            page.opted_out_numbers
                .unwrap_or_default()
                .into_iter()
                .map(|n| n.opted_out_number),
        );
        match page.next_token {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, numbers);
    let filter = |value: &str| {
        OptedOutFilter::builder()
            .name(OptedOutFilterName::EndUserOptedOut)
            .values(vec![value.to_owned()])
            .build()
            .expect("filter")
    };
    let by_api = running
        .v2
        .describe_opted_out_numbers()
        .opt_out_list_name("Big")
        .filters(vec![filter("false")])
        .send()
        .await
        .expect("false")
        .opted_out_numbers
        .unwrap_or_default();
    assert_eq!(by_api.len(), 7);
    let by_end_users = running
        .v2
        .describe_opted_out_numbers()
        .opt_out_list_name("Big")
        .filters(vec![filter("true")])
        .send()
        .await
        .expect("true")
        .opted_out_numbers
        .unwrap_or_default();
    assert!(by_end_users.is_empty());
    let chosen = running
        .v2
        .describe_opted_out_numbers()
        .opt_out_list_name("arn:aws:sms-voice:us-east-1:123456789012:opt-out-list/Big")
        .opted_out_numbers(vec![numbers[2].clone(), numbers[5].clone()])
        .send()
        .await
        .expect("chosen")
        .opted_out_numbers
        .unwrap_or_default();
    let chosen: Vec<String> = chosen.into_iter().map(|n| n.opted_out_number).collect();
    assert_eq!(chosen, [numbers[2].clone(), numbers[5].clone()]);
    let refused = running
        .v2
        .describe_opted_out_numbers()
        .opt_out_list_name("Nope")
        .send()
        .await;
    assert_eq!(common::code(refused), "ResourceNotFoundException");
    let refused = running
        .v2
        .describe_opted_out_numbers()
        .opt_out_list_name("Big")
        .filters(vec![filter("sometimes")])
        .send()
        .await;
    assert_eq!(common::code(refused), "ValidationException");
}
