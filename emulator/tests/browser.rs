//! The web page in a real browser: headless Chromium, driven through its chromedriver
//! (WebDriver over HTTP). It loads the page, pages back to older messages, searches, sees a
//! message sent after the page was opened appear without a reload, opens a message's own
//! page with its one-time code, and checks that a phone-width window needs no sideways
//! scrolling.
//!
//! Chromium is `$CHROMIUM`, else `chromium` on the `PATH`; chromedriver is `$CHROMEDRIVER`,
//! else `chromedriver` on the `PATH`. Without them the test is skipped, unless `CI` is set,
//! where it fails.

mod common;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long the page may take to show something the test waits for.
const PATIENCE: Duration = Duration::from_secs(20);

/// A program: `$variable`, else `name` on the `PATH`.
fn program(variable: &str, name: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(variable).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// chromedriver on a free loopback port, and one browser session of it.
struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
    profile: PathBuf,
}

impl Browser {
    async fn start(chromium: &std::path::Path, chromedriver: &std::path::Path) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver.display()));
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().expect("address");
        let deadline = Instant::now() + PATIENCE;
        loop {
            if tokio::net::TcpStream::connect(addr).await.is_ok() {
                let (status, body) = common::http_at(addr, "GET", "/status", None).await;
                if status == 200 && body.contains("\"ready\":true") {
                    break;
                }
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = common::temp_dir("chromium-profile");
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": chromium,
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        format!("--user-data-dir={}", profile.display()),
                    ]
                }
            }}
        });
        let mut browser = Self {
            driver,
            addr,
            session: String::new(),
            profile,
        };
        let created = browser.call("POST", "/session", Some(capabilities)).await;
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {created}"))
            .to_owned();
        browser
    }

    /// One WebDriver command; answers its `value`.
    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string());
        let (status, text) = common::http_at(self.addr, method, path, body.as_deref()).await;
        let answer: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{method} {path}: not JSON ({e}): {text}"));
        assert_eq!(status, 200, "{method} {path}: {answer}");
        answer.get("value").cloned().unwrap_or(Value::Null)
    }

    async fn session(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
            .await
    }

    async fn open(&self, url: &str) {
        self.session("POST", "/url", Some(json!({ "url": url })))
            .await;
    }

    /// Runs `script` in the page; answers what it returns.
    async fn run(&self, script: &str) -> Value {
        self.session(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
        .await
    }

    async fn text(&self) -> String {
        self.run("return document.body.innerText;")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Waits until `script` returns `true`; panics with `what` if it never does.
    async fn wait_for(&self, script: &str, what: &str) {
        let deadline = Instant::now() + PATIENCE;
        while self.run(script).await != Value::Bool(true) {
            assert!(
                Instant::now() < deadline,
                "{what}; the page says:\n{}",
                self.text().await
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The element `css` selects.
    async fn element(&self, css: &str) -> String {
        let found = self
            .session(
                "POST",
                "/element",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await;
        found
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_owned()
    }

    async fn click(&self, css: &str) {
        let element = self.element(css).await;
        self.session(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        )
        .await;
    }

    async fn type_into(&self, css: &str, text: &str) {
        let element = self.element(css).await;
        self.session(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        )
        .await;
    }

    /// The messages the list shows, top to bottom, as their body text.
    async fn bodies(&self) -> Vec<String> {
        let listed = self
            .run("return Array.from(document.querySelectorAll('li.message .body')).map(e => e.textContent);")
            .await;
        serde_json::from_value(listed).expect("a list of texts")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
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
        .expect("an id")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_pages_searches_updates_live_and_shows_codes() {
    let (Some(chromium), Some(chromedriver)) = (
        program("CHROMIUM", "chromium"),
        program("CHROMEDRIVER", "chromedriver"),
    ) else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "Chromium and chromedriver are required on CI: install them (apt-get install -y chromium chromium-driver) or set CHROMIUM and CHROMEDRIVER"
            );
        }
        eprintln!("skipped: no Chromium or chromedriver (set CHROMIUM and CHROMEDRIVER, or put them on the PATH)");
        return;
    };
    let running = common::start().await;
    let from = common::sms_long_code(&running)
        .await
        .phone_number_id
        .expect("id");
    // 55 messages: a first page of 50 and an older page of 5.
    for i in 0..55 {
        send(
            &running,
            &from,
            "+12065550191",
            &format!("Reminder number {i}"),
        )
        .await;
    }
    let coded = send(
        &running,
        &from,
        "+12065550192",
        "Your verification code is 604218. Do not share it.",
    )
    .await;

    let browser = Browser::start(&chromium, &chromedriver).await;
    let url = running.url();

    // The first page: the 50 newest, newest first, and a link to older ones.
    browser.open(&format!("{url}/")).await;
    let bodies = browser.bodies().await;
    assert_eq!(bodies.len(), 50, "{bodies:?}");
    assert_eq!(
        bodies[0],
        "Your verification code is 604218. Do not share it."
    );
    assert_eq!(bodies[1], "Reminder number 54");
    assert!(browser.text().await.contains("604218"));
    // Older messages.
    browser.click("a[rel=next]").await;
    browser
        .wait_for(
            "return document.querySelectorAll('li.message').length === 6;",
            "the older page does not show the 6 oldest messages",
        )
        .await;
    let older = browser.bodies().await;
    assert_eq!(older.first().map(String::as_str), Some("Reminder number 5"));
    assert_eq!(older.last().map(String::as_str), Some("Reminder number 0"));

    // A search by text, typed into the form.
    browser.open(&format!("{url}/")).await;
    browser.type_into("input[name=text]", "number 1").await;
    browser.click("form[role=search] button[type=submit]").await;
    browser
        .wait_for(
            "return location.search.includes('text=number+1');",
            "the search was not submitted",
        )
        .await;
    let found = browser.bodies().await;
    assert!(!found.is_empty());
    assert!(found.iter().all(|b| b.contains("number 1")), "{found:?}");
    assert_eq!(found.len(), 11, "number 1 and 10 to 19: {found:?}");

    // A message sent after the page was opened appears on it without a reload.
    browser.open(&format!("{url}/")).await;
    browser
        .wait_for(
            "return document.body.dataset.live === 'on';",
            "the page did not connect to the live stream",
        )
        .await;
    browser.run("window.notReloaded = true; return true;").await;
    send(
        &running,
        &from,
        "+12065550193",
        "Sent while you were looking",
    )
    .await;
    browser
        .wait_for(
            "return document.querySelector('li.message .body').textContent === 'Sent while you were looking';",
            "the new message did not appear on top",
        )
        .await;
    assert_eq!(
        browser.run("return window.notReloaded === true;").await,
        Value::Bool(true),
        "the page was reloaded"
    );
    assert_eq!(browser.bodies().await.len(), 51);

    // The message's own page: its code and events.
    browser.open(&format!("{url}/messages/{coded}")).await;
    assert_eq!(
        browser
            .run("return document.getElementById('code').textContent;")
            .await,
        Value::String("604218".to_owned())
    );
    let events = browser.text().await;
    assert!(events.contains("TEXT_DELIVERED"), "{events}");

    // A phone-width window: nothing wider than the screen.
    browser
        .session(
            "POST",
            "/window/rect",
            Some(json!({ "width": 390, "height": 844 })),
        )
        .await;
    browser.open(&format!("{url}/")).await;
    assert_eq!(
        browser
            .run("return document.documentElement.scrollWidth <= window.innerWidth;")
            .await,
        Value::Bool(true),
        "the page scrolls sideways at 390 px"
    );
    browser.session("DELETE", "", None).await;
}
