//! Benchmark (not a timed test): `GENAUG_BENCH_SPEC=/path/to/api.github.com.json cargo test
//! --release -p genaug_openapi --test validate_bench -- --ignored --nocapture`. Prints the wall
//! time of loading and validating the spec and the findings per code. With `GENAUG_BENCH_DUMP=path`
//! it also writes every finding (in order: code, severity, file, pointer, message) to `path`, to
//! compare the findings of two builds.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use genaug_openapi::{Document, LoadOptions};
use genaug_source::{Base, SourceFile};

#[test]
#[ignore = "needs GENAUG_BENCH_SPEC (a large spec kept out of the repository)"]
#[allow(clippy::print_stdout)] // a benchmark reports on stdout
fn validate_large_spec() {
    let path = PathBuf::from(std::env::var("GENAUG_BENCH_SPEC").expect("GENAUG_BENCH_SPEC"));
    let text = std::fs::read_to_string(&path).expect("readable spec");
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("spec").to_owned();
    // Compile the embedded OAS schemas first, as a long-running process would have.
    let warm = Instant::now();
    let tiny = Arc::new(SourceFile::new(
        "warm.json",
        r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{}}"#,
    ));
    let value = tiny.parse().expect("parses");
    let _ =
        genaug_openapi::validate::validate_value(&tiny, &value, genaug_openapi::OasVersion::V30);
    let warm = warm.elapsed();
    let start = Instant::now();
    let file = Arc::new(SourceFile::new(name, text));
    let base = Base::Dir(path.parent().map(|p| p.to_path_buf()).unwrap_or_default());
    let document = Document::load(file, base, LoadOptions::default()).expect("loads");
    let loaded = start.elapsed();
    let found = genaug_openapi::validate(&document);
    let total = start.elapsed();
    let structure = Instant::now();
    let _ = genaug_openapi::validate::validate_structure(
        document.root_file(),
        document.root(),
        document.version(),
    );
    let structure = structure.elapsed();
    let spans = Instant::now();
    let fresh = SourceFile::new("again", document.root_file().text());
    let _ = fresh.span_of("/paths");
    let spans = spans.elapsed();
    println!("of which: structure alone {structure:?}; a fresh span index {spans:?}");
    if let Ok(dump) = std::env::var("GENAUG_BENCH_DUMP") {
        let mut text = String::new();
        for d in &found {
            let (file, pointer, on_key) = d.primary.as_ref().map_or(("", "", false), |l| {
                (l.file.name(), l.pointer.as_deref().unwrap_or(""), l.on_key)
            });
            let help = d.help.as_deref().unwrap_or("");
            text.push_str(&format!(
                "{}\t{}\t{file}\t{pointer}\t{on_key}\t{}\t{help}\t{}\n",
                d.code,
                d.severity.as_str(),
                d.message,
                d.secondary.len()
            ));
        }
        std::fs::write(dump, text).expect("writable dump");
    }
    let mut per_code: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &found {
        *per_code.entry(d.code.as_str()).or_default() += 1;
    }
    println!(
        "schema compile {warm:?}; load {loaded:?}; validate {:?}; total {total:?}; {} findings: {per_code:?}",
        total - loaded,
        found.len()
    );
    assert!(!found.is_empty() || per_code.is_empty());
}
