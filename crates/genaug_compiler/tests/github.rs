//! GitHub's REST API description (`@octokit/openapi`, `generated/api.github.com.json`, 13 MB,
//! 1,223 operations) — too large to commit, so this test is ignored by default. Run it with:
//!
//! ```sh
//! bench/integrate.sh 1   # fetches the spec into bench-data/ once
//! cargo test --release -p genaug_compiler --test github -- --ignored
//! ```
//! (or point `GENAUG_GITHUB_SPEC` at a copy).

use std::collections::HashSet;
use std::sync::Arc;

use genaug_compiler::{CompileOptions, compile};
use genaug_openapi::{Document, LoadOptions};
use genaug_source::{Base, SourceFile};

#[test]
#[ignore = "needs GitHub's 13 MB spec: bench/integrate.sh fetches it"]
fn github_spec_integrates() {
    let path = std::env::var_os("GENAUG_GITHUB_SPEC")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| genaug_testing::workspace_root().join("bench-data/api.github.com.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file = Arc::new(SourceFile::new("api.github.com.json", text));
    let base = Base::Dir(path.parent().unwrap().to_path_buf());
    let document = Document::load(file, base, LoadOptions::default()).expect("loads");
    let options =
        CompileOptions { spec_name: "api.github.com.json".into(), ..CompileOptions::default() };
    let compiled = compile(&document, &options).expect("compiles");

    assert_eq!(compiled.tools.len(), 1223, "one tool per operation");
    let mut seen = HashSet::new();
    for tool in &compiled.tools {
        assert!(
            !tool.id.is_empty()
                && tool.id.len() <= 64
                && tool.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
            "invalid id {}",
            tool.id
        );
        assert!(
            seen.insert(tool.id.to_ascii_lowercase()),
            "duplicate id (ignoring case) {}",
            tool.id
        );
        assert!(
            jsonschema::draft202012::meta::is_valid(&tool.input_schema),
            "{}: input schema is not meta-valid",
            tool.id
        );
        jsonschema::draft202012::new(&tool.input_schema).unwrap_or_else(|e| {
            panic!("{}: input schema does not compile (dangling $ref?): {e}", tool.id)
        });
    }
    let renamed = compiled.diagnostics.iter().filter(|d| d.code.starts_with("C10")).count();
    assert!(renamed > 1000, "GitHub's `repos/get`-style ids are all renamed ({renamed})");
}
