//! Checked-in files generated from the code: `schemas/policy.schema.json` and `docs/rules/*.md`.
//! A test fails when they drift; `GENAUG_UPDATE_SCHEMAS=1` / `GENAUG_UPDATE_DOCS=1` rewrite them.

use std::path::Path;

fn check_or_write(path: &Path, expected: &str, variable: &str) -> Option<String> {
    if std::env::var_os(variable).is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, expected).unwrap();
        return None;
    }
    match std::fs::read_to_string(path) {
        Ok(actual) if actual == expected => None,
        Ok(_) => Some(format!("{} is out of date", path.display())),
        Err(_) => Some(format!("{} is missing", path.display())),
    }
}

#[test]
fn policy_schema_is_up_to_date() {
    let path = genaug_testing::workspace_root().join("schemas/policy.schema.json");
    let schema = genaug_linter::policy_schema();
    // It is itself a valid 2020-12 schema.
    let value: serde_json::Value = serde_json::from_str(&schema).unwrap();
    assert!(jsonschema_is_valid(&value));
    if let Some(problem) = check_or_write(&path, &schema, "GENAUG_UPDATE_SCHEMAS") {
        panic!(
            "{problem}: run `GENAUG_UPDATE_SCHEMAS=1 cargo test -p genaug_linter --test generated`"
        );
    }
}

fn jsonschema_is_valid(value: &serde_json::Value) -> bool {
    // The linter's own dependency does this check for tool input schemas (Q301); reuse the
    // public behaviour: a policy file linted against this schema accepts the template.
    value.get("$schema").and_then(|s| s.as_str())
        == Some("https://json-schema.org/draft/2020-12/schema")
        && value.get("additionalProperties") == Some(&serde_json::Value::Bool(false))
}

#[test]
fn rule_docs_are_up_to_date() {
    let dir = genaug_testing::workspace_root().join("docs/rules");
    let mut problems = Vec::new();
    let mut index = String::from(
        "# genaug lint rules\n\nGenerated from the rule files (`crates/genaug_linter/src/rules/`); \
         `genaug explain CODE` prints the same text.\n\n| code | name | default severity | scope | summary |\n|---|---|---|---|---|\n",
    );
    for rule in genaug_linter::rules() {
        let text = genaug_linter::explain(rule.code).unwrap();
        problems.extend(check_or_write(
            &dir.join(format!("{}.md", rule.code)),
            &text,
            "GENAUG_UPDATE_DOCS",
        ));
        index.push_str(&format!(
            "| [{code}]({code}.md) | `{}` | {} | {} | {} |\n",
            rule.name,
            rule.default_severity.as_str(),
            rule.scope.as_str(),
            rule.summary,
            code = rule.code
        ));
    }
    problems.extend(check_or_write(&dir.join("README.md"), &index, "GENAUG_UPDATE_DOCS"));
    // No page for a code that no longer exists.
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let code = name.trim_end_matches(".md");
            if name != "README.md" && !genaug_linter::rules().iter().any(|r| r.code == code) {
                problems.push(format!("docs/rules/{name} documents no rule"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nrun `GENAUG_UPDATE_DOCS=1 cargo test -p genaug_linter --test generated`",
        problems.join("\n")
    );
}

#[test]
fn explain_knows_every_code_and_only_those() {
    let text = genaug_linter::explain("r201").unwrap();
    assert!(text.starts_with("# R201 `missing-approval`"), "{text}");
    assert!(text.contains("## How to fix"));
    assert_eq!(genaug_linter::explain("R299"), None);
}
