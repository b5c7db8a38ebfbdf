//! `genaug deploy [PROJECT] [--dry-run] [--out FILE]`: verify a project, then send its bundle to
//! the genaug API.
//!
//! Contract (documented in the README):
//!
//! - `verify` runs first (its summary and findings go to stderr); any error → exit 1, nothing is
//!   sent.
//! - The bundle is `{"manifest": <genaug-agent.yaml as JSON>, "tools": [<enabled tool files as
//!   JSON, sorted by id>]}`, pretty-printed with a final newline. Those exact bytes are what
//!   `--dry-run` prints (or writes to `--out`) and what is sent, so the idempotency key is the
//!   `sha256sum` of the dry-run output.
//! - Otherwise: `POST $GENAUG_API_BASE_URL/api/v1/admin/projects/$GENAUG_PROJECT_ID/tools` with
//!   `Content-Type: application/json`, `X-Admin-Key: $GENAUG_API_KEY` and
//!   `X-Idempotency-Key: <sha256 hex of the body>`. No redirects are followed (the key is never
//!   sent anywhere else); 60 s timeout per attempt.
//! - 2xx → exit 0. 429 → wait `Retry-After` seconds (capped at 30), or 1, 2, 4 s without it; at
//!   most 3 retries. 402 → stop at once (billing). Anything else, or no answer → the server's
//!   JSON `reason` when it sends one, else the status line; exit 2.
//! - The key is never printed or logged.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use genaug_diagnostics::Diagnostic;
use serde_json::{Value, json};

use super::tools::project;
use super::verify;
use crate::codes;
use crate::exit_status::ExitStatus;
use crate::output::Output;

/// Retries after a 429 (so at most 4 requests).
const MAX_RETRIES: u32 = 3;
/// The longest `Retry-After` honoured, in seconds.
const MAX_RETRY_AFTER: u64 = 30;
/// Per attempt.
const TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, Args)]
pub(crate) struct DeployArgs {
    /// The project: its `genaug-agent.yaml` or its folder [default: the current folder].
    #[arg(value_name = "PROJECT")]
    pub(crate) project: Option<PathBuf>,
    /// The spec verify checks against [default: the one the manifest records; see `verify
    /// --spec`].
    #[arg(long, value_name = "SPEC")]
    pub(crate) spec: Option<String>,
    /// Verify and build the bundle, then print it (or write `--out`) instead of sending it.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// With `--dry-run`, write the bundle to this file instead of stdout.
    #[arg(long, value_name = "FILE", requires = "dry_run")]
    pub(crate) out: Option<PathBuf>,
}

/// Where and how to send.
struct Target {
    url: String,
    key: String,
}

pub(crate) fn run(args: &DeployArgs, output: &Output) -> ExitStatus {
    match deploy(args, output) {
        Ok(status) => status,
        Err(failure) => project::fail(output, *failure),
    }
}

fn deploy(args: &DeployArgs, output: &Output) -> Result<ExitStatus, Box<Diagnostic>> {
    // The configuration first: a missing variable should not wait for a verify run.
    let target = if args.dry_run { None } else { Some(target()?) };
    let evidence = verify::verify(args.project.as_deref(), args.spec.as_deref(), output)?;
    output.diagnostics_human(evidence.diagnostics());
    output.err(&evidence.human());
    if !evidence.passed() {
        let errors = evidence.errors();
        output.diagnostics_human(vec![
            Diagnostic::error(
                codes::DEPLOY_REFUSED,
                format!(
                    "verify found {errors} error{} in `{}`: nothing was deployed",
                    if errors == 1 { "" } else { "s" },
                    evidence.project.display
                ),
            )
            .with_help("fix the findings above (`genaug verify` shows them), then deploy again"),
        ]);
        return Ok(ExitStatus::Findings);
    }
    let body = bundle(&evidence.project);
    let key = project::sha256_hex(body.as_bytes());
    let tools = evidence.project.tools.iter().filter(|t| t.tool.enabled).count();
    let Some(target) = target else {
        match &args.out {
            Some(path) => {
                write_out(path, &body)?;
                output.err(&format!(
                    "dry run: wrote the bundle ({tools} enabled tools, idempotency key {key}) to {}\n",
                    path.display()
                ));
            }
            None => {
                output.out(&body);
                output.err(&format!(
                    "dry run: printed the bundle ({tools} enabled tools, idempotency key {key}); nothing was sent\n"
                ));
            }
        }
        return Ok(ExitStatus::Success);
    };
    output.err(&format!(
        "deploying {} ({tools} enabled tools) to {} (idempotency key {key})\n",
        evidence.project.manifest.name, target.url
    ));
    let answer = send(&target, &body, &key, &|text| output.err(text))?;
    output.err(&format!("deployed: the server answered {answer}\n"));
    Ok(ExitStatus::Success)
}

/// Reads `GENAUG_API_BASE_URL`, `GENAUG_PROJECT_ID` and `GENAUG_API_KEY`.
fn target() -> Result<Target, Box<Diagnostic>> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let (base, id, key) =
        (var("GENAUG_API_BASE_URL"), var("GENAUG_PROJECT_ID"), var("GENAUG_API_KEY"));
    let missing: Vec<&str> = [
        ("GENAUG_API_BASE_URL", base.is_none()),
        ("GENAUG_PROJECT_ID", id.is_none()),
        ("GENAUG_API_KEY", key.is_none()),
    ]
    .into_iter()
    .filter_map(|(name, absent)| absent.then_some(name))
    .collect();
    let config = |message: String| {
        Box::new(Diagnostic::error(codes::DEPLOY_CONFIG, message).with_help(
            "set GENAUG_API_BASE_URL (e.g. https://api.example.com), GENAUG_PROJECT_ID and GENAUG_API_KEY, or use --dry-run to only build the bundle",
        ))
    };
    let (Some(base), Some(id), Some(key)) = (base, id, key) else {
        return Err(config(format!(
            "cannot deploy: {} not set",
            match missing.as_slice() {
                [one] => format!("{one} is"),
                many => format!("{} are", many.join(", ")),
            }
        )));
    };
    let base = base.trim().trim_end_matches('/').to_owned();
    let lower = base.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Err(config(format!("GENAUG_API_BASE_URL `{base}` is not an http(s) URL")));
    }
    let id = id.trim();
    if !id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')) {
        return Err(config(format!(
            "GENAUG_PROJECT_ID `{id}` may hold only letters, digits, `-`, `_` and `.`"
        )));
    }
    Ok(Target { url: format!("{base}/api/v1/admin/projects/{id}/tools"), key: key.trim().into() })
}

/// The bundle's bytes: manifest and enabled tools (sorted by id), pretty JSON, final newline.
fn bundle(project: &project::Project) -> String {
    let tools: Vec<Value> = project
        .tools
        .iter()
        .filter(|t| t.tool.enabled)
        .map(|t| serde_json::to_value(&t.tool).unwrap_or(Value::Null))
        .collect();
    let manifest = serde_json::to_value(&project.manifest).unwrap_or(Value::Null);
    let value = json!({ "manifest": manifest, "tools": tools });
    format!("{}\n", serde_json::to_string_pretty(&value).unwrap_or_default())
}

/// Writes `text` to `path` (for `--out`).
pub(crate) fn write_out(path: &Path, text: &str) -> Result<(), Box<Diagnostic>> {
    std::fs::write(path, text).map_err(|error| {
        Box::new(
            Diagnostic::error(
                codes::WRITE_OUT,
                format!("cannot write `{}`: {error}", path.display()),
            )
            .with_help("check that the folder exists and is writable"),
        )
    })
}

/// One answer of the server.
struct Answer {
    status: u16,
    status_line: String,
    retry_after: Option<u64>,
    body: String,
}

/// Sends the bundle, retrying after 429. Returns the status line of the success.
fn send(
    target: &Target,
    body: &str,
    key: &str,
    note: &dyn Fn(&str),
) -> Result<String, Box<Diagnostic>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!("genaug/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut retries = 0;
    loop {
        let answer = post(&agent, target, body, key)?;
        match answer.status {
            200..=299 => return Ok(answer.status_line),
            402 => {
                return Err(Box::new(
                    Diagnostic::error(
                        codes::DEPLOY_BILLING,
                        format!(
                            "the server refused the deploy for billing reasons ({}){}",
                            answer.status_line,
                            reason(&answer.body).map_or(String::new(), |r| format!(": {r}"))
                        ),
                    )
                    .with_help("the account's plan or payment blocks deploys: settle billing in the genaug console, then deploy again; nothing was retried"),
                ));
            }
            429 if retries < MAX_RETRIES => {
                let wait = answer.retry_after.map_or(1 << retries, |s| s.min(MAX_RETRY_AFTER));
                retries += 1;
                note(&format!(
                    "the server answered {}; retrying in {wait} s ({retries} of {MAX_RETRIES})\n",
                    answer.status_line
                ));
                std::thread::sleep(Duration::from_secs(wait));
            }
            _ => {
                let why = reason(&answer.body).unwrap_or_else(|| answer.status_line.clone());
                let message = if answer.status == 429 {
                    format!("the server still answered 429 after {MAX_RETRIES} retries: {why}")
                } else if reason(&answer.body).is_some() {
                    format!("the server refused the bundle ({}): {why}", answer.status_line)
                } else {
                    format!("the server refused the bundle: {why}")
                };
                return Err(Box::new(Diagnostic::error(codes::DEPLOY_REJECTED, message).with_help(
                    "the bundle carries an idempotency key: sending it again cannot deploy it twice",
                )));
            }
        }
    }
}

fn post(
    agent: &ureq::Agent,
    target: &Target,
    body: &str,
    key: &str,
) -> Result<Answer, Box<Diagnostic>> {
    let response = agent
        .post(&target.url)
        .header("Content-Type", "application/json")
        .header("X-Admin-Key", &target.key)
        .header("X-Idempotency-Key", key)
        .send(body.as_bytes());
    let mut response = response.map_err(|error| {
        let what = match error {
            ureq::Error::Timeout(_) => format!("no answer within {} s", TIMEOUT.as_secs()),
            error => error.to_string(),
        };
        Box::new(
            Diagnostic::error(
                codes::DEPLOY_REJECTED,
                format!("cannot reach `{}`: {what}", target.url),
            )
            .with_help("check GENAUG_API_BASE_URL and the network; nothing was deployed"),
        )
    })?;
    let status = response.status();
    let status_line = match status.canonical_reason() {
        Some(reason) => format!("HTTP {} {reason}", status.as_u16()),
        None => format!("HTTP {}", status.as_u16()),
    };
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let body =
        response.body_mut().with_config().limit(64 * 1024).read_to_string().unwrap_or_default();
    Ok(Answer { status: status.as_u16(), status_line, retry_after, body })
}

/// The `reason` of a JSON error body (a string, at most one line of 300 characters).
fn reason(body: &str) -> Option<String> {
    let value: Value = serde_json::from_str(body).ok()?;
    let text = value.get("reason")?.as_str()?;
    let clean: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let line: String = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    (!line.is_empty()).then(|| line.chars().take(300).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_come_from_json_only() {
        assert_eq!(
            reason(r#"{"reason":"tool  limit\nreached"}"#).as_deref(),
            Some("tool limit reached")
        );
        assert_eq!(reason("<html>oops</html>"), None);
        assert_eq!(reason(r#"{"reason": 3}"#), None);
        assert_eq!(reason(r#"{"reason": " "}"#), None);
    }
}
