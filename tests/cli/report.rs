//! `genaug report`: the Markdown page (snapshot) and the HTML page (self-contained, escaped).

use crate::snapshot;
use crate::tools::acme;

/// The acme project with a policy holding a live, an expired and a stale acceptance, and a
/// description with characters that must be escaped.
fn reviewed() -> crate::Sandbox {
    let sandbox = acme();
    sandbox.write(
        "acme/genaug-policy.yaml",
        "accept:\n  - id: delete_ticket\n    reason: the cleanup agent removes spam <tickets> & \"junk\"\n    by: alice@example.com\n    expires: 2099-12-31\n  - id: gone_tool\n    reason: kept | from an old spec\n    by: bob\n    expires: 2020-01-01\n  - id: draft_support_reply\n    reason: trial\n    by: carol\n    expires: 2020-01-01\n",
    );
    let path = "acme/tools/get_ticket.yaml";
    let text = sandbox.read(path);
    let start = text.find("description:").expect("description");
    let end = start + text[start..].find('\n').expect("eol");
    let edited = format!(
        "{}description: 'Read one ticket <script>alert(1)</script> | a & b'{}",
        &text[..start],
        &text[end..]
    );
    sandbox.write(path, &edited);
    sandbox
}

#[test]
fn report_markdown() {
    let sandbox = reviewed();
    let run = sandbox.run(&["report", "--project", "acme", "--format", "markdown"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert!(run.stdout.contains("\\<script\\>"), "{}", run.stdout);
    // Largest first in the budget table.
    let budget = &run.stdout[run.stdout.find("## Context budget").expect("budget")..];
    let bytes: Vec<usize> = budget
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| l.split('|').nth(2).unwrap().trim().replace(',', "").parse().unwrap())
        .collect();
    assert!(bytes.len() >= 2 && bytes.windows(2).all(|w| w[0] >= w[1]), "{bytes:?}");
    snapshot("report_markdown", &run.transcript);
}

#[test]
fn report_html_is_self_contained_and_escaped() {
    let sandbox = reviewed();
    let run = sandbox.run(&["report", "--project", "acme", "--format", "html", "--out", "r.html"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    let html = sandbox.read("r.html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "no scripts, and descriptions are escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("spam &lt;tickets&gt; &amp; &quot;junk&quot;"));
    for external in ["http://", "https://", "src=", "<link", "@import", "url("] {
        assert!(!lower.contains(external), "external resource `{external}` in the report");
    }
    for state in [">expired<", ">live<", ">unknown tool<"] {
        assert!(html.contains(state), "acceptance state {state}");
    }
    assert!(html.contains("Context budget"));
}

#[test]
fn report_without_a_project_cannot_run() {
    let sandbox = crate::Sandbox::new();
    let run = sandbox.run(&["report", "--project", "nowhere"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
}
