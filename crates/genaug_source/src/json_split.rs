//! Parsing a large pretty-printed JSON object on two threads.
//!
//! serde_json reads one byte after another; on GitHub's 13 MB spec that is most of the time
//! before anything else can start. A pretty-printed document writes each member of its root
//! object on a line of its own, indented by the same prefix, and JSON strings cannot hold a raw
//! newline. So a line indented by n levels that starts with a quote is very likely a member of an
//! object nested n levels deep. The text is cut at such a line just after its middle (the
//! shallowest found within the next tenth; GitHub's spec: inside `components/schemas`): the first half is closed with n braces, the second opened with
//! the keys of the objects open at the cut (read from the lines above it), both are parsed at the
//! same time, and the second's members are joined to the first's in order.
//!
//! A guess is never trusted. The first half only parses if the cut is a member boundary exactly
//! n objects deep (JSON strings cannot hold the newline the cut is at, so the brackets before it
//! must balance to that); the second half's keys must continue the first half's last members;
//! and no key may repeat. Anything that fails returns `None`, and the caller parses the whole
//! text in one piece (which also gives the exact error for a text that is really wrong).

use serde_json::Value;

use crate::json::Strict;

/// Below this size one thread parses faster than two can start.
const SPLIT_FROM: usize = 1 << 20;

/// The whole `text` (a JSON object, BOM already skipped) parsed in two halves, or `None`.
pub(crate) fn parse(text: &str) -> Option<Value> {
    if text.len() < SPLIT_FROM || std::thread::available_parallelism().map_or(1, usize::from) < 2 {
        return None;
    }
    let cut = cut_point(text)?;
    let (before, after) = text.split_at(cut.at);
    // `before` ends with `,` and whitespace; `after` starts with the quote of a key and ends by
    // closing the `cut.keys.len() + 1` objects open at the cut.
    let before = before.trim_end().strip_suffix(',')?;
    // Each half is copied (closed or opened) on the thread that parses it.
    let parse_first = || {
        let mut first = String::with_capacity(before.len() + cut.keys.len() + 1);
        first.push_str(before);
        first.extend(std::iter::repeat_n('}', cut.keys.len() + 1));
        serde_json::from_str::<Strict>(&first).ok()
    };
    let parse_second = || {
        let mut second = String::with_capacity(after.len() + 64);
        second.push('{');
        for key in &cut.keys {
            second.push_str(key);
            second.push_str(":{");
        }
        second.push_str(after);
        serde_json::from_str::<Strict>(&second).ok()
    };
    let (first, second) = std::thread::scope(|scope| {
        // No second thread to be had: the caller parses in one piece.
        let other = std::thread::Builder::new().spawn_scoped(scope, parse_second).ok()?;
        let first = parse_first();
        Some((first, other.join().ok().flatten()))
    })?;
    let mut whole = first?.0;
    join(&mut whole, second?.0, cut.keys.len())?;
    Some(whole)
}

/// Adds the members of `second` to `first`: at `depth` levels above the cut, the first member of
/// `second` continues the last member of `first` (the same key: the object open at the cut).
/// `None` when the halves do not fit together that way, or a key would repeat.
fn join(first: &mut Value, second: Value, depth: usize) -> Option<()> {
    let (Value::Object(first), Value::Object(second)) = (first, second) else { return None };
    let mut rest = second.into_iter();
    if depth > 0 {
        let (key, continued) = rest.next()?;
        let (last_key, last) = first.iter_mut().next_back()?;
        if *last_key != key {
            return None;
        }
        join(last, continued, depth - 1)?;
    }
    for (key, value) in rest {
        if first.contains_key(&key) {
            // A repeated key: the one-piece parse reports it where it is.
            return None;
        }
        first.insert(key, value);
    }
    Some(())
}

/// Where to cut: a line that starts a member of an object nested `keys.len()` levels below the
/// root, and the keys (as written, quotes included) of the objects open there.
struct Cut<'t> {
    at: usize,
    keys: Vec<&'t str>,
}

/// Deepest nesting a cut is looked for at.
const MAX_CUT_DEPTH: usize = 4;

/// The first member line after the middle of `text` at the shallowest nesting (up to
/// [`MAX_CUT_DEPTH`]) that has one within the next tenth of the text; failing any, the nearest
/// before the middle within a tenth.
fn cut_point(text: &str) -> Option<Cut<'_>> {
    let b = text.as_bytes();
    let open = text.find(|c: char| !c.is_ascii_whitespace())?;
    if b[open] != b'{' {
        return None;
    }
    // One level of indentation: the whitespace that starts the root's first member line.
    let first_line = open + memchr::memchr(b'\n', &b[open..])? + 1;
    let unit = b[first_line..].iter().take_while(|&&c| c == b' ' || c == b'\t').count();
    if unit == 0 || b.get(first_line + unit) != Some(&b'"') {
        return None;
    }
    let indent_char = b[first_line];
    let middle = text.len() / 2;
    let window = text.len() / 10;
    // Per nesting level: the member line nearest the middle found so far (offset of its quote).
    let mut nearest: [Option<usize>; MAX_CUT_DEPTH] = [None; MAX_CUT_DEPTH];
    let consider = |nearest: &mut [Option<usize>; MAX_CUT_DEPTH], line: usize| {
        let spaces = b[line..].iter().take_while(|&&c| c == indent_char).count();
        let level = spaces / unit;
        // A member after another: the cut drops the comma between them.
        let after_comma = b[..line].iter().rev().find(|c| !c.is_ascii_whitespace()) == Some(&b',');
        if spaces % unit == 0
            && (1..=MAX_CUT_DEPTH).contains(&level)
            && b.get(line + spaces) == Some(&b'"')
            && nearest[level - 1].is_none()
            && after_comma
        {
            nearest[level - 1] = Some(line + spaces);
        }
    };
    // Forward from the middle, then (a long line may fill the window) backward.
    let mut line = middle + memchr::memchr(b'\n', &b[middle..])? + 1;
    while line < middle + window && nearest[0].is_none() {
        consider(&mut nearest, line);
        let Some(next) = memchr::memchr(b'\n', &b[line..]) else { break };
        line += next + 1;
    }
    let mut end = middle;
    while nearest.iter().all(Option::is_none) && end > middle - window {
        let Some(newline) = memchr::memrchr(b'\n', &b[..end]) else { break };
        consider(&mut nearest, newline + 1);
        end = newline;
    }
    let first = nearest;
    let (level, at) = first.iter().enumerate().find_map(|(i, q)| q.map(|q| (i + 1, q)))?;
    // The keys of the objects open at the cut: the nearest member line above it at each
    // shallower level (checked when the halves are joined).
    let mut keys = Vec::with_capacity(level - 1);
    let mut above = at;
    for depth in (1..level).rev() {
        let quote = member_line_above(b, above, depth * unit, indent_char)?;
        keys.push(text.get(quote..crate::json::string_end(b, quote)?)?);
        above = quote;
    }
    keys.reverse();
    Some(Cut { at, keys })
}

/// The quote that starts the nearest member line above `before` indented by exactly `spaces`.
fn member_line_above(b: &[u8], before: usize, spaces: usize, indent_char: u8) -> Option<usize> {
    let mut end = before;
    loop {
        let newline = memchr::memrchr(b'\n', &b[..end])?;
        let line = newline + 1;
        let indent = b[line..].iter().take_while(|&&c| c == indent_char).count();
        if indent == spaces && b.get(line + indent) == Some(&b'"') {
            return Some(line + indent);
        }
        end = newline;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn large(members: &[(&str, &str)]) -> String {
        // Padding so the text is over the threshold.
        let pad = format!("\"{}\"", "x".repeat(SPLIT_FROM));
        let mut text = String::from("{\n");
        for (i, (key, value)) in members.iter().enumerate() {
            let value = value.replace("PAD", &pad);
            text.push_str(&format!("  \"{key}\": {value}"));
            text.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
        }
        text.push('}');
        text
    }

    #[test]
    fn the_halves_join_to_the_whole() {
        let text = large(&[
            ("openapi", "\"3.0.3\""),
            ("paths", "{\n    \"/a\": {\"get\": PAD}\n  }"),
            ("components", "{\n    \"schemas\": {\"b\": PAD},\n    \"x\": [1, 2]\n  }"),
            ("tail", "true"),
        ]);
        let whole: Value = serde_json::from_str(&text).expect("valid");
        let split = parse(&text).expect("splits");
        assert_eq!(split, whole);
        let keys: Vec<&String> = split.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["openapi", "paths", "components", "tail"], "order kept");
    }

    /// Whatever the text, the split parse gives the one-piece result or nothing.
    fn never_wrong(text: &str) -> Option<Value> {
        let whole: Result<Value, _> = serde_json::from_str(text);
        let split = parse(text);
        if let Some(split) = &split {
            assert_eq!(Some(split), whole.as_ref().ok(), "a split parse differs");
        }
        split
    }

    #[test]
    fn a_cut_deep_inside_components_joins_to_the_whole() {
        let pad = "x".repeat(SPLIT_FROM / 4);
        let schemas: Vec<String> = (0..8)
            .map(|i| format!("      \"s{i}\": {{\n        \"description\": \"{pad}\"\n      }}"))
            .collect();
        let text = format!(
            "{{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {{}},\n  \"components\": {{\n    \"schemas\": {{\n{}\n    }},\n    \"x\": 1\n  }},\n  \"tail\": [1]\n}}",
            schemas.join(",\n")
        );
        let split = never_wrong(&text).expect("splits");
        assert_eq!(split["components"]["schemas"].as_object().map(|m| m.len()), Some(8));
    }

    #[test]
    fn wrong_guesses_are_refused() {
        let pad = format!("\"{}\"", "x".repeat(SPLIT_FROM));
        let texts = [
            // A line indented like a root member, inside `paths`, right at the middle.
            format!(
                "{{\n  \"a\": {pad},\n  \"paths\": {{\"p\": 1,\n  \"q\": 2}},\n  \"z\": {pad}\n}}"
            ),
            // A member line inside an array of objects.
            format!(
                "{{\n  \"a\": {pad},\n  \"list\": [\n    {{\n    \"k\": 1\n    }}\n  ],\n  \"z\": {pad}\n}}"
            ),
            // Keys with escapes, and a key above that is not the open object.
            format!(
                "{{\n  \"a\\\"b\": {pad},\n  \"o\": {{\n    \"c\\\\\": 1,\n    \"d\": 2\n  }},\n  \"z\": {pad}\n}}"
            ),
            format!(
                "{{\n  \"a\": {{\n    \"b\": {pad}\n  }},\n  \"c\": {{\"d\": {{\n    \"e\": 1}}}},\n  \"z\": {pad}\n}}"
            ),
            // Tabs.
            format!("{{\n\t\"a\": {pad},\n\t\"b\": {{\n\t\t\"c\": 1\n\t}},\n\t\"z\": {pad}\n}}"),
        ];
        for text in &texts {
            assert!(serde_json::from_str::<Value>(text).is_ok(), "valid JSON: {}", &text[..40]);
            never_wrong(text);
        }
    }

    #[test]
    fn duplicates_across_the_halves_and_broken_text_are_left_to_the_whole_parse() {
        let text = large(&[("a", "PAD"), ("b", "1"), ("a", "2")]);
        assert_eq!(parse(&text), None);
        let broken = large(&[("a", "PAD"), ("b", "[1,")]);
        assert_eq!(parse(&broken), None);
        let minified = large(&[("a", "PAD"), ("b", "1")]).replace('\n', "");
        assert_eq!(parse(&minified), None);
    }

    /// Every JSON file under `GENAUG_SPLIT_SPECS` (large specs kept out of the repository):
    /// `cargo test --release -p genaug_source --lib split_corpus -- --ignored --nocapture`.
    #[test]
    #[ignore = "needs GENAUG_SPLIT_SPECS"]
    #[allow(clippy::print_stderr)]
    fn split_corpus() {
        let mut dirs = vec![std::path::PathBuf::from(
            std::env::var("GENAUG_SPLIT_SPECS").expect("GENAUG_SPLIT_SPECS"),
        )];
        let (mut large, mut split) = (0, 0);
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("folder").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "json") {
                    let text = std::fs::read_to_string(&path).expect("readable");
                    if text.len() >= SPLIT_FROM {
                        large += 1;
                        split += usize::from(never_wrong(&text).is_some());
                    }
                }
            }
        }
        eprintln!("{large} files over the threshold, {split} parsed in two halves");
    }
}
