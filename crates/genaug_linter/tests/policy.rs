//! Policy files under `tests/fixtures/policy/`: each is validated on its own (no tools, a partial
//! run so unmatched entries are not judged); its `# expect:` / `# ok` annotations must hold and
//! the findings are snapshotted under `snapshots/policy/`. Also: the `genaug init` template.

mod common;

use std::sync::Arc;

use genaug_linter::{LintRequest, init_template, lint};
use genaug_source::SourceFile;

fn request(policy: Arc<SourceFile>) -> LintRequest {
    LintRequest {
        tools: Vec::new(),
        manifest: None,
        policy: Some(policy),
        partial: true,
        expected: None,
        today: common::today(),
    }
}

#[test]
fn policy_fixtures() {
    let root = genaug_testing::fixture("policy");
    let mut files: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 4);
    let mut failures = Vec::new();
    for name in files {
        let request = request(common::source(&root, &name));
        let outcome = lint(&request);
        assert_eq!(outcome.policy_valid, name == "valid.yaml", "{name}");
        let problems = common::check_annotations(&request, &outcome.diagnostics);
        if !problems.is_empty() {
            failures.push(format!("{name}:\n  {}", problems.join("\n  ")));
        }
        let case = name.trim_end_matches(".yaml").to_owned();
        let text = common::compact(&outcome.diagnostics);
        genaug_testing::snapshots("policy").bind(|| insta::assert_snapshot!(case, text));
    }
    assert!(failures.is_empty(), "policy annotations do not hold:\n{}", failures.join("\n"));
}

#[test]
fn init_template_is_a_valid_policy() {
    let template = Arc::new(SourceFile::new("genaug-policy.yaml", init_template()));
    let outcome = lint(&request(template));
    assert!(outcome.policy_valid);
    assert!(
        outcome.diagnostics.iter().all(|d| !d.code.starts_with('G')),
        "{}",
        common::compact(&outcome.diagnostics)
    );
    // It is commented: a reviewer reading it learns what each key does.
    assert!(init_template().lines().filter(|l| l.trim_start().starts_with('#')).count() > 15);
}

#[test]
fn an_invalid_policy_stops_the_lint_before_any_tool() {
    let policy = Arc::new(SourceFile::new("policy.yaml", "alow: []\n"));
    let tool = Arc::new(SourceFile::new("tools/x.yaml", "id: [\n"));
    let mut req = request(policy);
    req.tools = vec![tool];
    let outcome = lint(&req);
    assert!(!outcome.policy_valid);
    assert_eq!(outcome.tools_checked, 0);
    let codes: Vec<&str> = outcome.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["G002"]);
}
