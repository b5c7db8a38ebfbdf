//! `genaug tools list|show|toggle` on a project generated from `review/acme-v1.yaml`.

use crate::{Sandbox, snapshot};

/// A sandbox with `acme-v1.yaml` integrated into `acme/`.
pub(crate) fn acme() -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.copy_fixture("cli/review/acme-v1.yaml", "acme-v1.yaml");
    sandbox.copy_fixture("cli/review/acme-v2.yaml", "acme-v2.yaml");
    let run = sandbox.run(&["integrate", "acme-v1.yaml", "--name", "acme"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    sandbox
}

#[test]
fn tools_help() {
    let sandbox = Sandbox::new();
    let mut text = String::new();
    for sub in [
        &["tools", "--help"][..],
        &["tools", "list", "--help"],
        &["tools", "show", "--help"],
        &["tools", "toggle", "--help"],
    ] {
        let run = sandbox.run(sub);
        assert_eq!(run.code, Some(0), "{}", run.transcript);
        text.push_str(&run.transcript);
        text.push('\n');
    }
    snapshot("tools_help", &text);
}

#[test]
fn list_table_and_filters() {
    let sandbox = acme();
    let mut text = String::new();
    for args in [
        &["tools", "list", "--project", "acme"][..],
        &["tools", "list", "--project", "acme", "--risk", "high"],
        &["tools", "list", "--project", "acme/genaug-agent.yaml", "--disabled"],
        &["tools", "list", "--project", "acme", "--enabled", "--needs-approval"],
    ] {
        let run = sandbox.run(args);
        assert_eq!(run.code, Some(0), "{}", run.transcript);
        text.push_str(&run.transcript);
        text.push('\n');
    }
    snapshot("tools_list", &text);
}

#[test]
fn list_is_cut_to_the_terminal_width() {
    let sandbox = acme();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_genaug"))
        .args(["tools", "list", "--project", "acme"])
        .current_dir(sandbox.path())
        .env("COLUMNS", "80")
        .output()
        .expect("run");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    for line in stdout.lines() {
        assert!(line.chars().count() <= 80, "longer than 80 columns: {line:?}");
    }
    assert!(stdout.contains('…'), "descriptions are cut:\n{stdout}");
}

#[test]
fn list_json_is_uncut() {
    let sandbox = acme();
    let run = sandbox.run(&[
        "tools",
        "list",
        "--project",
        "acme",
        "--format",
        "json",
        "--risk",
        "medium",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let ids: Vec<&str> =
        rows.as_array().expect("array").iter().map(|r| r["id"].as_str().expect("id")).collect();
    assert_eq!(ids, ["create_ticket", "draft_support_reply"]);
    assert_eq!(rows[0]["description"], "Open a new support ticket on behalf of a customer");
    assert_eq!(rows[0]["file"], "acme/tools/create_ticket.yaml");
    assert_eq!(rows[0]["requires_approval"], true);
}

#[test]
fn show_a_tool_and_an_unknown_id() {
    let sandbox = acme();
    let run = sandbox.run(&["tools", "show", "list_tickets", "--project", "acme"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("tools_show", &run.transcript);
    let run = sandbox.run(&["tools", "show", "get_tiket", "--project", "acme"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    snapshot("tools_show_unknown", &run.transcript);
}

#[test]
fn show_includes_the_tools_lint_findings() {
    let sandbox = acme();
    // A description far below the policy minimum, hand-edited.
    let path = "acme/tools/get_ticket.yaml";
    let text = sandbox.read(path).replace(
        "description: Read one support ticket with its full conversation",
        "description: Get",
    );
    sandbox.write(path, &text);
    let run = sandbox.run(&["tools", "show", "get_ticket", "--project", "acme"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert!(
        run.stdout.contains("Lint findings: 1 warning")
            || run.stdout.contains("Lint findings: 1 error"),
        "{}",
        run.transcript
    );
    snapshot("tools_show_findings", &run.transcript);
}

#[test]
fn toggle_changes_only_the_value_byte_for_byte() {
    let sandbox = acme();
    let path = "acme/tools/draft_support_reply.yaml";
    let generated = sandbox.read(path);
    assert!(generated.contains("\nenabled: true\n"));
    // A reviewer's file: comments, blank lines, a reordered key, CRLF line ends.
    let reviewed = generated
        .replacen(
            "id: draft_support_reply\n",
            "# reviewed by the support team\n\nid: draft_support_reply   # stable\n",
            1,
        )
        .replacen("enabled: true\n", "enabled: true  # on for the pilot\n\n", 1)
        .replace('\n', "\r\n");
    sandbox.write(path, &reviewed);

    let run =
        sandbox.run(&["tools", "toggle", "draft_support_reply", "--project", "acme", "--disable"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("tools_toggle_disable", &run.transcript);
    let expected = reviewed.replacen(
        "enabled: true  # on for the pilot",
        "enabled: false  # on for the pilot",
        1,
    );
    assert_eq!(sandbox.read(path), expected, "only the value changed");

    // Toggling back restores the reviewer's file exactly.
    let run =
        sandbox.run(&["tools", "toggle", "draft_support_reply", "--project", "acme", "--enable"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert_eq!(sandbox.read(path), reviewed);

    // Asking for the state it is in writes nothing.
    let run =
        sandbox.run(&["tools", "toggle", "draft_support_reply", "--project", "acme", "--enable"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert!(run.stdout.contains("is already enabled"), "{}", run.transcript);
    assert_eq!(sandbox.read(path), reviewed);
}

#[test]
fn enabling_a_high_risk_tool_needs_an_acceptance() {
    let sandbox = acme();
    let path = "acme/tools/delete_ticket.yaml";
    let before = sandbox.read(path);
    let run = sandbox.run(&["tools", "toggle", "delete_ticket", "--project", "acme", "--enable"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    snapshot("tools_toggle_refused", &run.transcript);
    assert_eq!(sandbox.read(path), before, "nothing written");
    assert!(!sandbox.path().join("acme/genaug-policy.yaml").exists());

    let run = sandbox.run(&[
        "tools",
        "toggle",
        "delete_ticket",
        "--project",
        "acme",
        "--enable",
        "--accept",
        "the cleanup agent removes spam tickets",
        "--by",
        "Alice",
        "--expires",
        "2099-12-31",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    snapshot("tools_toggle_accepted", &run.transcript);
    assert_eq!(sandbox.read(path), before.replacen("\nenabled: false\n", "\nenabled: true\n", 1));
    // The policy is the starter template with only `accept: []` turned into the entry.
    let template = genaug_linter::init_template();
    let expected = template.replacen(
        "accept: []\n",
        "accept:\n  - id: \"delete_ticket\"\n    reason: \"the cleanup agent removes spam tickets\"\n    by: \"Alice\"\n    expires: \"2099-12-31\"\n",
        1,
    );
    assert_ne!(expected, template);
    assert_eq!(sandbox.read("acme/genaug-policy.yaml"), expected);

    // Disabled and enabled again: the live acceptance is enough.
    let run = sandbox.run(&["tools", "toggle", "delete_ticket", "--project", "acme", "--disable"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    let run = sandbox.run(&["tools", "toggle", "delete_ticket", "--project", "acme", "--enable"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert!(run.stdout.contains("is accepted by Alice until 2099-12-31"), "{}", run.transcript);
}

#[test]
fn an_acceptance_is_appended_to_a_hand_written_policy() {
    let sandbox = acme();
    let policy = "# our policy\r\ndeny:\r\n  - pattern: \"*_purge*\"   # never\r\n    reason: no purges\r\n\r\naccept:\r\n  - id: old_tool\r\n    reason: legacy\r\n    by: Bob\r\n    expires: 2020-01-01  # expired on purpose\r\n\r\n# the end\r\n";
    sandbox.write("acme/genaug-policy.yaml", policy);
    let run = sandbox.run(&[
        "tools",
        "toggle",
        "delete_ticket",
        "--project",
        "acme",
        "--enable",
        "--accept",
        "spam cleanup",
        "--by",
        "Carol",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    let expected = policy.replacen(
        "expired on purpose\r\n",
        "expired on purpose\r\n  - id: \"delete_ticket\"\r\n    reason: \"spam cleanup\"\r\n    by: \"Carol\"\r\n",
        1,
    );
    assert_eq!(sandbox.read("acme/genaug-policy.yaml"), expected);
}

#[test]
fn an_expired_acceptance_is_renewed_in_place() {
    let sandbox = acme();
    let policy = "accept:\n  - id: delete_ticket   # the one\n    reason: old reason\n    by: Bob\n    expires: 2020-01-01\nauto_run: [low]\n";
    sandbox.write("acme/genaug-policy.yaml", policy);
    let run = sandbox.run(&["tools", "toggle", "delete_ticket", "--project", "acme", "--enable"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript);
    assert!(run.transcript.contains("expired on 2020-01-01"), "{}", run.transcript);
    let run = sandbox.run(&[
        "tools",
        "toggle",
        "delete_ticket",
        "--project",
        "acme",
        "--enable",
        "--accept",
        "renewed",
        "--by",
        "Dana",
        "--expires",
        "2099-01-31",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.transcript);
    assert_eq!(
        sandbox.read("acme/genaug-policy.yaml"),
        "accept:\n  - id: delete_ticket   # the one\n    reason: \"renewed\"\n    by: \"Dana\"\n    expires: \"2099-01-31\"\nauto_run: [low]\n"
    );
}

#[test]
fn toggle_refusals() {
    let sandbox = acme();
    let mut text = String::new();
    for args in [
        &["tools", "toggle", "delete_tiket", "--project", "acme", "--enable"][..],
        &[
            "tools",
            "toggle",
            "list_tickets",
            "--project",
            "acme",
            "--enable",
            "--accept",
            "x",
            "--by",
            "a",
        ],
        &[
            "tools",
            "toggle",
            "delete_ticket",
            "--project",
            "acme",
            "--enable",
            "--accept",
            "x",
            "--by",
            "a",
            "--expires",
            "2020-02-30",
        ],
        &[
            "tools",
            "toggle",
            "delete_ticket",
            "--project",
            "acme",
            "--enable",
            "--accept",
            " ",
            "--by",
            "a",
        ],
        &["tools", "toggle", "delete_ticket", "--project", "nowhere", "--enable"],
    ] {
        let run = sandbox.run(args);
        assert_eq!(run.code, Some(2), "{}", run.transcript);
        text.push_str(&run.transcript);
        text.push('\n');
    }
    snapshot("tools_toggle_refusals", &text);
    assert!(!sandbox.path().join("acme/genaug-policy.yaml").exists(), "nothing written");
}
