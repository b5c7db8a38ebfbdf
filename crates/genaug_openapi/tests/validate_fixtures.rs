//! One broken document per check under `tests/fixtures/validate/`: each must produce exactly the
//! findings its `# expect: CODE` comments announce, on those lines, and nothing else. The
//! rendered findings are snapshotted per fixture.

mod validate_support;

use std::collections::BTreeSet;

use genaug_openapi::validate::CHECKS;
use validate_support::{compact, validate_fixture};

fn fixtures() -> Vec<String> {
    let dir = genaug_testing::fixture("validate");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/validate")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".yaml"))
        .collect();
    names.sort();
    names
}

/// (line, code) pairs announced by `# expect: CODE` comments.
fn expected(text: &str) -> BTreeSet<(usize, String)> {
    text.lines()
        .enumerate()
        .filter_map(|(index, line)| {
            let code = line.split("# expect: ").nth(1)?.split_whitespace().next()?;
            Some((index + 1, code.to_owned()))
        })
        .collect()
}

#[test]
fn every_fixture_produces_exactly_its_expected_findings() {
    let mut problems = Vec::new();
    for name in fixtures() {
        let rel = format!("validate/{name}");
        let text = std::fs::read_to_string(genaug_testing::fixture(&rel)).expect("fixture");
        let want = expected(&text);
        assert!(!want.is_empty(), "{rel} announces no `# expect:` finding");
        let code = name.split('_').next().unwrap_or_default();
        assert!(want.iter().any(|(_, c)| c == code), "{rel} never expects its own code {code}");
        let found = validate_fixture(&rel);
        let got: BTreeSet<(usize, String)> = found
            .iter()
            .map(|d| {
                let line = d.primary.as_ref().and_then(|l| l.line_col()).map_or(0, |lc| lc.line);
                (line, d.code.clone())
            })
            .collect();
        if got != want || got.len() != found.len() {
            problems.push(format!("{rel}: expected {want:?}\n{}", compact(&found)));
        }
        genaug_testing::snapshots("validate").bind(|| {
            insta::assert_snapshot!(name.trim_end_matches(".yaml").to_owned(), compact(&found));
        });
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every semantic code has a fixture, and every fixture is named after a known code.
#[test]
fn every_check_has_a_fixture() {
    let names = fixtures();
    for check in CHECKS {
        assert!(
            names.iter().any(|n| n.starts_with(&format!("{}_", check.code))),
            "no fixture for {} {}",
            check.code,
            check.name
        );
    }
    for name in &names {
        let code = name.split('_').next().unwrap_or_default();
        assert!(CHECKS.iter().any(|c| c.code == code), "{name}: unknown code {code}");
    }
}

/// The list of codes, so a new, renamed or removed code shows up in review.
#[test]
fn code_table_snapshot() {
    let mut text = String::new();
    let mut seen = BTreeSet::new();
    for check in CHECKS {
        assert!(seen.insert(check.code), "{} listed twice", check.code);
        assert!(
            check.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{} is not kebab-case",
            check.name
        );
        text.push_str(&format!(
            "{} {} {} — {}\n",
            check.code,
            check.name,
            check.severity.as_str(),
            check.summary
        ));
    }
    genaug_testing::snapshots("validate").bind(|| insta::assert_snapshot!("codes", text));
}
