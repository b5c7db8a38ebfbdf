//! `genaug deploy` against a small HTTP server on 127.0.0.1 started by each test: 200, 402,
//! 429 then 200 (Retry-After: 0), 500 with a reason, verify refusal, dry run, missing
//! configuration. The key must never appear in any output.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::{Arc, Mutex};

use crate::snapshot;
use crate::tools::acme;

const KEY: &str = "sk-test-6f1c2a9e-never-print-me";

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    request_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Serves the scripted answers (status, extra headers, body) one per connection, then stops.
fn server(answers: Vec<(u16, &'static str, &'static str)>) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for (status, extra, body) in answers {
            let Ok((stream, _)) = listener.accept() else { return };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request_line = String::new();
            reader.read_line(&mut request_line).expect("request line");
            let mut headers = Vec::new();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).expect("header");
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (k, v) = line.split_once(':').expect("header colon");
                headers.push((k.trim().to_owned(), v.trim().to_owned()));
            }
            let length = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .map_or(0, |(_, v)| v.parse::<usize>().expect("length"));
            let mut body_in = vec![0; length];
            reader.read_exact(&mut body_in).expect("body");
            log.lock().unwrap().push(Seen {
                request_line: request_line.trim_end().to_owned(),
                headers,
                body: body_in,
            });
            let mut stream = stream;
            let answer = format!(
                "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
                match status {
                    200 => "OK",
                    402 => "Payment Required",
                    429 => "Too Many Requests",
                    _ => "Internal Server Error",
                },
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    (base, seen)
}

struct Deployed {
    code: Option<i32>,
    /// Unredacted: the exact bytes (the bundle holds the generator version).
    stdout: String,
    raw_stderr: String,
    transcript: String,
}

fn deploy(sandbox: &crate::Sandbox, args: &[&str], base: Option<&str>) -> Deployed {
    let mut command = Command::new(env!("CARGO_BIN_EXE_genaug"));
    command
        .args(args)
        .current_dir(sandbox.path())
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .env("GENAUG_PROJECT_ID", "acme-prod")
        .env("GENAUG_API_KEY", KEY);
    match base {
        Some(base) => command.env("GENAUG_API_BASE_URL", base),
        None => command.env_remove("GENAUG_API_BASE_URL"),
    };
    let output = command.output().expect("run genaug");
    let raw = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!raw.contains(KEY), "the key was printed:\n{raw}");
    let raw_stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut stdout = sandbox.redact(&raw_stdout);
    let mut stderr = sandbox.redact(&String::from_utf8_lossy(&output.stderr));
    if let Some(base) = base {
        stdout = stdout.replace(base, "http://[SERVER]");
        stderr = stderr.replace(base, "http://[SERVER]");
    }
    // The key hashes the bundle, which holds the generator version: checked, not snapshotted.
    let stderr = redact_key(&stderr);
    let transcript = genaug_testing::transcript(args, output.status.code(), &stdout, &stderr);
    let raw_stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    Deployed { code: output.status.code(), stdout: raw_stdout, raw_stderr, transcript }
}

/// Replaces the 64-hex idempotency key after `idempotency key `.
fn redact_key(text: &str) -> String {
    let marker = "idempotency key ";
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(marker) {
        let end = i + marker.len();
        out.push_str(&rest[..end]);
        rest = &rest[end..];
        let hex = rest.chars().take_while(char::is_ascii_hexdigit).count();
        assert_eq!(hex, 64, "a full sha256 hex key: {text}");
        out.push_str("[SHA256]");
        rest = &rest[hex..];
    }
    out.push_str(rest);
    out
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn sha256_helper_is_right() {
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn dry_run_prints_the_bundle_that_would_be_sent() {
    let sandbox = acme();
    let run = deploy(&sandbox, &["deploy", "./acme/genaug-agent.yaml", "--dry-run"], None);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    let bundle: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(bundle["manifest"]["name"], "acme");
    let ids: Vec<&str> =
        bundle["tools"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    assert!(!ids.contains(&"delete_ticket"), "disabled tools stay out: {ids:?}");
    assert!(bundle["tools"].as_array().unwrap().iter().all(|t| t["enabled"] == true));
    let key = sha256_hex(run.stdout.as_bytes());
    assert!(run.raw_stderr.contains(&key), "the key is the sha256 of the output");
    snapshot("deploy_dry_run", &run.transcript);

    let run = deploy(&sandbox, &["deploy", "acme", "--dry-run", "--out", "bundle.json"], None);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert_eq!(run.stdout, "");
    let written = sandbox.read("bundle.json");
    assert_eq!(sha256_hex(written.as_bytes()), key, "same bundle, same key");
}

#[test]
fn deploy_200_sends_the_bundle_with_the_contract_headers() {
    let sandbox = acme();
    let (base, seen) = server(vec![(200, "", r#"{"status":"ok"}"#)]);
    let run = deploy(&sandbox, &["deploy", "./acme/genaug-agent.yaml"], Some(&base));
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("deploy_200", &run.transcript);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    let request = &seen[0];
    assert_eq!(request.request_line, "POST /api/v1/admin/projects/acme-prod/tools HTTP/1.1");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("x-admin-key"), Some(KEY));
    let dry = deploy(&sandbox, &["deploy", "acme", "--dry-run"], None);
    assert_eq!(request.body, dry.stdout.as_bytes(), "the dry run shows what is sent");
    assert_eq!(request.header("x-idempotency-key"), Some(sha256_hex(&request.body).as_str()));
}

#[test]
fn deploy_402_stops_at_once() {
    let sandbox = acme();
    let (base, seen) = server(vec![(402, "", r#"{"reason":"trial ended"}"#), (200, "", "{}")]);
    let run = deploy(&sandbox, &["deploy", "acme"], Some(&base));
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    assert!(run.transcript.contains("billing"), "{}", run.transcript);
    assert_eq!(seen.lock().unwrap().len(), 1, "no retry after 402");
    snapshot("deploy_402", &run.transcript);
}

#[test]
fn deploy_429_honours_retry_after_then_succeeds() {
    let sandbox = acme();
    let (base, seen) = server(vec![
        (429, "Retry-After: 0\r\n", r#"{"reason":"slow down"}"#),
        (429, "Retry-After: 0\r\n", "{}"),
        (200, "", "{}"),
    ]);
    let started = std::time::Instant::now();
    let run = deploy(&sandbox, &["deploy", "acme"], Some(&base));
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "Retry-After: 0 was honoured");
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    let keys: Vec<_> = seen.iter().map(|s| s.header("x-idempotency-key").unwrap()).collect();
    assert!(keys.iter().all(|k| *k == keys[0]), "every retry carries the same key");
    snapshot("deploy_429", &run.transcript);
}

#[test]
fn deploy_429_gives_up_after_three_retries() {
    let sandbox = acme();
    let (base, seen) = server(vec![(429, "Retry-After: 0\r\n", "{}"); 5]);
    let run = deploy(&sandbox, &["deploy", "acme"], Some(&base));
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    assert_eq!(seen.lock().unwrap().len(), 4, "one request and three retries");
    assert!(run.transcript.contains("after 3 retries"), "{}", run.transcript);
}

#[test]
fn deploy_500_shows_the_servers_reason() {
    let sandbox = acme();
    let (base, _seen) =
        server(vec![(500, "", r#"{"reason":"tool schema rejected: draft_support_reply"}"#)]);
    let run = deploy(&sandbox, &["deploy", "acme"], Some(&base));
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    assert!(run.transcript.contains("tool schema rejected:"), "{}", run.transcript);
    assert!(run.transcript.contains("draft_support_reply"), "{}", run.transcript);
    snapshot("deploy_500", &run.transcript);
}

#[test]
fn deploy_refuses_when_verify_fails_and_without_configuration() {
    let sandbox = acme();
    let path = "acme/tools/delete_ticket.yaml";
    let text = sandbox.read(path);
    sandbox.write(path, &text.replacen("enabled: false", "enabled: true", 1));
    let (base, seen) = server(vec![(200, "", "{}")]);
    let run = deploy(&sandbox, &["deploy", "acme"], Some(&base));
    assert_eq!(run.code, Some(1), "{}", run.transcript);
    assert!(run.transcript.contains("F332"), "{}", run.transcript);
    assert!(seen.lock().unwrap().is_empty(), "nothing was sent");
    let mut text = run.transcript;
    let run = deploy(&sandbox, &["deploy", "acme"], None);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    assert!(run.transcript.contains("GENAUG_API_BASE_URL"), "{}", run.transcript);
    text.push_str(&run.transcript);
    snapshot("deploy_refused", &text);
}
