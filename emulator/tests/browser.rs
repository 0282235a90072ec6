//! The web page as a browser renders it: messages sent through the SDK appear in the DOM that
//! headless Chromium dumps, and the filter query narrows the list.
//!
//! Chromium is `$CHROMIUM`, else `chromium` on the `PATH`. Without it the test is skipped,
//! unless `CI` is set, where it fails.

mod common;

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one Chromium run may take.
const TIMEOUT: Duration = Duration::from_secs(90);

/// The Chromium binary, if there is one.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromium"))
        .find(|candidate| candidate.is_file())
}

/// The DOM of `url` after Chromium loaded it.
fn dump_dom(chromium: &PathBuf, url: &str) -> String {
    let profile = common::temp_dir("chromium-profile");
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display()));
    // Read both pipes on their own threads, so that a full pipe cannot stall Chromium.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        match child.try_wait().expect("wait for chromium") {
            Some(status) => break status,
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                let _ = std::fs::remove_dir_all(&profile);
                panic!("chromium did not finish within {TIMEOUT:?} on {url}");
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    let dom = out.join().unwrap_or_default();
    let log = err.join().unwrap_or_default();
    let _ = std::fs::remove_dir_all(&profile);
    assert!(
        status.success() && dom.contains("</html>"),
        "chromium failed on {url} ({status}):\n{log}\n{dom}"
    );
    dom
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_renders_the_sent_messages_and_the_filter() {
    let Some(chromium) = chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "Chromium is required on CI: install it (apt-get install -y chromium) or set CHROMIUM to its path"
            );
        }
        eprintln!("skipped: no Chromium (set CHROMIUM or put chromium on the PATH)");
        return;
    };
    let running = common::start().await;
    let from = common::sms_long_code(&running)
        .await
        .phone_number_id
        .expect("id");
    let sent = [
        ("+12065550191", "Your table for two is ready"),
        ("+12065550192", "Parcel 8841 was delivered"),
    ];
    for (to, body) in sent {
        running
            .v2
            .send_text_message()
            .origination_identity(&from)
            .destination_phone_number(to)
            .message_body(body)
            .send()
            .await
            .expect("send");
    }

    let url = running.url();
    let dom = tokio::task::spawn_blocking({
        let chromium = chromium.clone();
        let url = format!("{url}/");
        move || dump_dom(&chromium, &url)
    })
    .await
    .expect("chromium run");
    for (to, body) in sent {
        assert!(dom.contains(to), "{to} is not on the page:\n{dom}");
        assert!(dom.contains(body), "{body:?} is not on the page:\n{dom}");
    }
    assert!(dom.contains("TEXT_DELIVERED"), "{dom}");

    // The filter form's query: only the second destination's message.
    let filtered = tokio::task::spawn_blocking({
        let url = format!("{url}/?destination=%2B12065550192");
        move || dump_dom(&chromium, &url)
    })
    .await
    .expect("chromium run");
    assert!(filtered.contains("Parcel 8841 was delivered"), "{filtered}");
    assert!(
        !filtered.contains("Your table for two is ready"),
        "{filtered}"
    );
    assert!(filtered.contains("1 of 2 messages match"), "{filtered}");
}
