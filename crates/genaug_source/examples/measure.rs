//! Measures load and span-index times on a big spec (not a test; run in release):
//! `cargo run --release -p genaug_source --example measure -- path/to/spec.json [more files…]`
//! For each file: read, parse (serde_json or the YAML loader), first `span_of` (index build),
//! then 100,000 lookups of pointers taken from the loaded value.

#![allow(clippy::print_stdout)] // a measurement tool: printing its figures is its job

use std::sync::Arc;
use std::time::{Duration, Instant};

use genaug_source::{InputLimits, SourceFile, push_token, read_input};
use serde_json::Value;

fn main() {
    for arg in std::env::args().skip(1) {
        let started = Instant::now();
        let input = read_input(&arg, InputLimits::default()).expect("readable");
        let read = started.elapsed();
        let file = Arc::new(SourceFile::new(input.name, input.text));

        // What the index costs in memory: measured on its first build, before anything is freed.
        let before = rss_kib();
        file.span_of("").expect("index");
        let index_kib = rss_kib().saturating_sub(before);

        // The machine is shared: repeat and keep the best of five runs.
        let mut parse = Duration::MAX;
        let mut index = Duration::MAX;
        let mut value = Value::Null;
        for _ in 0..5 {
            let fresh = Arc::new(SourceFile::new(file.name(), file.text()));
            let started = Instant::now();
            value = fresh.parse().expect("parses");
            parse = parse.min(started.elapsed());
            let started = Instant::now();
            fresh.span_of("").expect("index");
            index = index.min(started.elapsed());
        }
        let root = file.span_of("").expect("index");

        let pointers = sample_pointers(&value, 100_000);
        let started = Instant::now();
        let mut found = 0usize;
        for pointer in &pointers {
            found +=
                usize::from(file.span_of(pointer).is_some_and(|s| s != root || pointer.is_empty()));
        }
        let lookups = started.elapsed();

        println!(
            "{arg}: {:.1} MB {:?}; read {:.0} ms; parse {:.0} ms; index build {:.0} ms (best of 5), +{:.1} MB RSS; {} lookups {:.0} ms ({found} resolved below the root)",
            file.text().len() as f64 / 1e6,
            file.format(),
            read.as_secs_f64() * 1e3,
            parse.as_secs_f64() * 1e3,
            index.as_secs_f64() * 1e3,
            index_kib as f64 / 1024.0,
            pointers.len(),
            lookups.as_secs_f64() * 1e3,
        );
    }
}

/// Up to `n` pointers, spread over the whole document.
fn sample_pointers(value: &Value, n: usize) -> Vec<String> {
    let mut all = Vec::new();
    let mut stack = vec![(value, String::new())];
    while let Some((node, pointer)) = stack.pop() {
        match node {
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let mut p = pointer.clone();
                    push_token(&mut p, &i.to_string());
                    stack.push((child, p));
                }
            }
            Value::Object(map) => {
                for (key, child) in map {
                    let mut p = pointer.clone();
                    push_token(&mut p, key);
                    stack.push((child, p));
                }
            }
            _ => {}
        }
        all.push(pointer);
    }
    let step = (all.len() / n).max(1);
    println!("{} nodes", all.len());
    all.into_iter().step_by(step).take(n).collect()
}

/// Resident memory of this process (Linux), to see what the index costs.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmRSS:"))?.to_owned();
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}
