//! Times `genaug_linter::lint` on a generated project (acceptance 2 of the lint issue).
//!
//! ```text
//! genaug integrate api.github.com.json --name gh --description GitHub --out /tmp/bench
//! cargo run --release -p genaug_linter --example lint_bench -- /tmp/bench/gh [policy.yaml]
//! ```
//!
//! Prints the wall time to read the files, and to lint them (best of 5 runs, fresh `SourceFile`s
//! each run so no parse or span index is reused), and the number of findings per code.
//! With `PARSE_ONLY=1` it also times parsing the same files alone (the floor set by the YAML loader).
//! With `CHECK_ORDER=1` it checks that the findings are in `sort_diagnostics` order.

#![allow(clippy::print_stdout)] // a benchmark binary reports on stdout

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use genaug_linter::{Date, LintRequest, lint};
use genaug_source::SourceFile;

const POLICY: &str = r#"
allow:
  - pattern: "*get*"
    reason: read-only lookups
  - pattern: "*list*"
    reason: read-only listings
  - pattern: "issues_*"
    reason: triage agent
deny:
  - pattern: "*delete*"
    reason: agents never delete
auto_run: [low]
descriptions: {min: 20, max: 1024}
names: {targets: [openai, anthropic, gemini, mcp]}
rules:
  ignore:
    - {code: Q304, tool: "repos_*", reason: long but accurate}
"#;

fn main() {
    let mut args = std::env::args().skip(1);
    let project =
        std::path::PathBuf::from(args.next().expect("usage: lint_bench PROJECT [POLICY]"));
    let policy_text = match args.next() {
        Some(path) => std::fs::read_to_string(path).expect("policy"),
        None => POLICY.to_owned(),
    };
    let mut names: Vec<_> = std::fs::read_dir(project.join("tools"))
        .expect("tools/")
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();

    let mut best_read = f64::MAX;
    let mut best_lint = f64::MAX;
    let mut counts = BTreeMap::new();
    for _ in 0..5 {
        let started = Instant::now();
        let texts: Vec<(String, String)> = names
            .iter()
            .map(|n| {
                (
                    format!("tools/{n}"),
                    std::fs::read_to_string(project.join("tools").join(n)).unwrap(),
                )
            })
            .collect();
        best_read = best_read.min(started.elapsed().as_secs_f64());
        let request = LintRequest {
            tools: texts.into_iter().map(|(n, t)| Arc::new(SourceFile::new(n, t))).collect(),
            manifest: None,
            policy: Some(Arc::new(SourceFile::new("genaug-policy.yaml", policy_text.clone()))),
            partial: false,
            expected: None,
            today: Date::new(2026, 6, 15).unwrap(),
        };
        if std::env::var_os("PARSE_ONLY").is_some() {
            use rayon::prelude::*;
            let started = Instant::now();
            let n: usize = request.tools.par_iter().map(|f| f.parse().map_or(0, |_| 1)).sum();
            println!("parse only: {:.1} ms ({n})", started.elapsed().as_secs_f64() * 1000.0);
        }
        let started = Instant::now();
        let outcome = lint(&request);
        best_lint = best_lint.min(started.elapsed().as_secs_f64());
        if std::env::var_os("CHECK_ORDER").is_some() {
            let show = |d: &[genaug_diagnostics::Diagnostic]| -> Vec<String> {
                d.iter().map(|d| format!("{:?}", (d.file_name(), &d.code, &d.message))).collect()
            };
            let mut sorted = outcome.diagnostics.clone();
            genaug_diagnostics::sort_diagnostics(&mut sorted);
            assert_eq!(show(&outcome.diagnostics), show(&sorted), "findings out of order");
        }
        counts.clear();
        for d in &outcome.diagnostics {
            *counts.entry(d.code.clone()).or_insert(0usize) += 1;
        }
    }
    println!("{} tool files", names.len());
    println!("read:  {:.1} ms", best_read * 1000.0);
    println!("lint:  {:.1} ms (parse, schema checks, rules, sort; best of 5)", best_lint * 1000.0);
    for (code, count) in counts {
        println!("  {code}: {count}");
    }
}
