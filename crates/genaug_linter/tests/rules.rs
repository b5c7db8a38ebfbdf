//! Every folder under `tests/fixtures/rules/` is linted; its `# expect:` / `# ok` annotations must
//! hold, and the findings are snapshotted (`snapshots/linter/<folder>.snap`).

mod common;

use genaug_linter::lint;

#[test]
fn rule_fixtures() {
    let root = genaug_testing::fixture("rules");
    let mut folders: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    assert!(folders.len() >= 20, "fixtures missing under {}", root.display());
    let mut failures = Vec::new();
    for dir in folders {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let request = common::request(&dir);
        let outcome = lint(&request);
        let problems = common::check_annotations(&request, &outcome.diagnostics);
        if !problems.is_empty() {
            failures.push(format!("{name}:\n  {}", problems.join("\n  ")));
        }
        // A fixture named for a rule must exercise that rule.
        if let Some((code, _)) = name.split_once('_')
            && code.len() == 4
            && !outcome.diagnostics.iter().any(|d| d.code == code)
        {
            failures.push(format!("{name}: no {code} finding at all"));
        }
        let text = common::compact(&outcome.diagnostics);
        genaug_testing::snapshots("linter").bind(|| insta::assert_snapshot!(name, text));
    }
    assert!(failures.is_empty(), "fixture annotations do not hold:\n{}", failures.join("\n"));
}
