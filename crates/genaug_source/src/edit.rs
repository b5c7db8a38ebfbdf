//! Byte-preserving edits of a loaded YAML or JSON text: change one value, or append one item to
//! a sequence, and leave every other byte (comments, blank lines, key order, quoting, CRLF line
//! ends, flow style) exactly as it was.
//!
//! Each edit splices bytes at the span the pointer index gives, then parses the result and checks
//! that the new document equals the old one with *only* the intended change. An edit that would
//! change anything else (a value shared through an anchor, an unusual layout the splice does not
//! understand) is refused with an [`EditError`] instead of producing a surprising file. Functions
//! return the new text; they never write files.

use std::sync::Arc;

use serde_json::Value;

use crate::{Format, SourceFile, Span};

/// Why an edit was refused. The text given was not changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot edit `{pointer}` in `{file}`: {reason}")]
pub struct EditError {
    /// The file's name.
    pub file: String,
    /// The pointer the edit was aimed at.
    pub pointer: String,
    pub reason: String,
}

/// Replaces the scalar value at `pointer` with `new_scalar` (YAML scalar text such as `true`,
/// `42`, `"quoted text"`; in a JSON file it is re-rendered as JSON). Only that value's bytes
/// change. Block scalars (`|`, `>`) are replaced together with their indicator line.
///
/// Refused: a missing pointer, the document root, a mapping or sequence (old or new value), a
/// multi-line new value, and any result that does not parse back to the old document with only
/// this value changed.
pub fn replace_value(
    file: &SourceFile,
    pointer: &str,
    new_scalar: &str,
) -> Result<String, EditError> {
    let fail = |reason: &str| error(file, pointer, reason);
    if pointer.is_empty() {
        return Err(fail("the document root is not a scalar value"));
    }
    let old = parse_text(file.name(), file.text()).map_err(|reason| fail(&reason))?;
    let Some(current) = old.pointer(pointer) else {
        return Err(fail("no such value"));
    };
    if current.is_object() || current.is_array() {
        return Err(fail("only scalar values can be replaced"));
    }
    if new_scalar.contains(['\n', '\r']) {
        return Err(fail("the new value must be one line"));
    }
    let new_value = parse_text("<new value>", new_scalar)
        .map_err(|reason| fail(&format!("the new value is not a YAML scalar: {reason}")))?;
    if new_value.is_object() || new_value.is_array() {
        return Err(fail("the new value must be a scalar"));
    }
    let span = file.span_of(pointer).ok_or_else(|| fail("the file has no position index"))?;

    let text = file.text();
    let (range, replacement) = if file.format() == Format::Json {
        (span, serde_json::to_string(&new_value).unwrap_or_else(|_| new_scalar.to_owned()))
    } else if let Some(indicator) = block_scalar_indicator(text, span) {
        // `key: |` … content: replace from the indicator to the end of the content, keeping the
        // content's final line break (the next key starts on its own line). With `|+` the kept
        // trailing blank lines stay as blank lines.
        let content = &text[..span.end];
        let end = span.end - (content.len() - content.trim_end_matches(['\r', '\n']).len());
        (Span::new(indicator, end.max(indicator)), new_scalar.to_owned())
    } else {
        (span, new_scalar.to_owned())
    };
    let edited = splice(text, range, &replacement);

    let mut expected = old;
    if let Some(slot) = expected.pointer_mut(pointer) {
        *slot = new_value;
    }
    verify(file, pointer, &edited, &expected)?;
    Ok(edited)
}

/// Appends `item` to the sequence at `pointer`. In a block sequence the item is written as a
/// block mapping (or scalar) at the indentation of the existing items, after the last item's line;
/// in a flow sequence (or a JSON file) as JSON before the closing `]`. An empty flow sequence in a
/// YAML block mapping (`accept: []`) becomes a block sequence. When `pointer` names a missing
/// key of the root block mapping, `key:` and the sequence are added at the end of the file.
///
/// Strings are written double-quoted (JSON escapes are valid YAML), so no value is re-typed.
pub fn append_to_sequence(
    file: &SourceFile,
    pointer: &str,
    item: &Value,
) -> Result<String, EditError> {
    let fail = |reason: &str| error(file, pointer, reason);
    let tokens = crate::parse_pointer(pointer).ok_or_else(|| fail("not a JSON pointer"))?;
    let Some((key, parent_tokens)) = tokens.split_last() else {
        return Err(fail("the document root cannot be appended to"));
    };
    let old = parse_text(file.name(), file.text()).map_err(|reason| fail(&reason))?;
    let text = file.text();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };

    let mut expected = old.clone();
    let edited = match old.pointer(pointer) {
        Some(Value::Array(items)) => {
            if let Some(Value::Array(slot)) = expected.pointer_mut(pointer) {
                slot.push(item.clone());
            }
            let span = file.span_of(pointer).ok_or_else(|| fail("no position index"))?;
            let body = &text[span.start..span.end];
            if file.format() == Format::Json || body.starts_with('[') {
                if items.is_empty() && file.format() == Format::Yaml && in_block_mapping(text, span)
                {
                    // `key: []` → `key:` + a block sequence under it.
                    let indent = line_indent(text, file.key_span_of(pointer).unwrap_or(span).start);
                    let start = text[..span.start].trim_end_matches([' ', '\t']).len();
                    let block = block_item(item, &format!("{indent}  "), newline);
                    let block = block.strip_suffix(newline).unwrap_or(&block);
                    splice(text, Span::new(start, span.end), &format!("{newline}{block}"))
                } else {
                    let close = span.start + body.rfind(']').ok_or_else(|| fail("no `]`"))?;
                    let json = serde_json::to_string(item).map_err(|e| fail(&e.to_string()))?;
                    let sep = if items.is_empty() { "" } else { ", " };
                    let before = text[..close].trim_end_matches([' ', '\t', '\r', '\n']).len();
                    splice(text, Span::new(before, before), &format!("{sep}{json}"))
                }
            } else {
                let indent = line_indent(text, span.start);
                if !text[span.start..].starts_with('-')
                    || span.start - line_start(text, span.start) != indent.len()
                {
                    return Err(fail("the sequence's layout is not understood"));
                }
                let mut at = span.end;
                if !text[..at].ends_with('\n') {
                    at = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
                }
                let lead = if text[..at].ends_with('\n') { "" } else { newline };
                let block = block_item(item, &indent, newline);
                splice(text, Span::new(at, at), &format!("{lead}{block}"))
            }
        }
        Some(_) => return Err(fail("not a sequence")),
        None => {
            let parent_pointer = pointer_of(parent_tokens);
            if !parent_tokens.is_empty()
                || !old.is_object()
                || file.format() == Format::Json
                || text.trim_start_matches('\u{feff}').trim_start().starts_with('{')
            {
                return Err(fail("only a missing top-level key of a YAML block mapping is added"));
            }
            if let Some(Value::Object(map)) = expected.pointer_mut(&parent_pointer) {
                map.insert(key.clone(), Value::Array(vec![item.clone()]));
            }
            let lead = if text.is_empty() || text.ends_with('\n') { "" } else { newline };
            let block = block_item(item, "  ", newline);
            let key_text = serde_json::to_string(key).unwrap_or_default();
            let key_text = if plain_key(key) { key.clone() } else { key_text };
            format!("{text}{lead}{key_text}:{newline}{block}")
        }
    };
    verify(file, pointer, &edited, &expected)?;
    Ok(edited)
}

fn error(file: &SourceFile, pointer: &str, reason: &str) -> EditError {
    EditError {
        file: file.name().to_owned(),
        pointer: pointer.to_owned(),
        reason: reason.to_owned(),
    }
}

fn parse_text(name: &str, text: &str) -> Result<Value, String> {
    Arc::new(SourceFile::new(name, text)).parse().map_err(|e| e.to_string())
}

fn splice(text: &str, range: Span, replacement: &str) -> String {
    let mut out = String::with_capacity(text.len() + replacement.len());
    out.push_str(&text[..range.start]);
    out.push_str(replacement);
    out.push_str(&text[range.end..]);
    out
}

/// Parses the edited text and checks it is exactly the expected document.
fn verify(
    file: &SourceFile,
    pointer: &str,
    edited: &str,
    expected: &Value,
) -> Result<(), EditError> {
    match parse_text(file.name(), edited) {
        Ok(value) if value == *expected => Ok(()),
        Ok(_) => Err(error(
            file,
            pointer,
            "the edit would change more than this value (an anchor, alias or unusual layout); edit the file by hand",
        )),
        Err(reason) => Err(error(
            file,
            pointer,
            &format!("the edited file would not parse ({reason}); edit the file by hand"),
        )),
    }
}

/// When the scalar at `span` is a block scalar, the offset of its `|` or `>` indicator.
fn block_scalar_indicator(text: &str, span: Span) -> Option<usize> {
    let before = &text[..span.start];
    // Block content starts on a line after the indicator: only indentation precedes it.
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    if !before[line_start..].chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let mut lines = before[..line_start].lines().rev();
    let header = loop {
        let line = lines.next()?;
        let content = strip_comment(line).trim_end();
        if !content.trim().is_empty() {
            break (line, content);
        }
    };
    let (line, content) = header;
    let token = content.rsplit([' ', '\t']).next()?;
    let mut chars = token.chars();
    let first = chars.next()?;
    let rest: String = chars.collect();
    let indicators = ["", "+", "-", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    let valid_rest = rest.len() <= 2
        && rest.chars().all(|c| c == '+' || c == '-' || c.is_ascii_digit())
        && (rest.len() < 2 || indicators.contains(&&rest[..1]));
    if !matches!(first, '|' | '>') || !valid_rest || content.len() == token.len() {
        return None;
    }
    // Offset of the header line in `text`.
    let header_start = line.as_ptr() as usize - text.as_ptr() as usize;
    Some(header_start + content.len() - token.len())
}

/// A line without its `# comment` (a `#` at the start or after whitespace, outside quotes).
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && (previous == ' ' || previous == '\t') => return &line[..i],
            None => {}
        }
        previous = c;
    }
    line
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// The whitespace that starts the line holding `offset`.
fn line_indent(text: &str, offset: usize) -> String {
    let start = line_start(text, offset);
    text[start..].chars().take_while(|c| *c == ' ').collect()
}

/// Whether the value at `span` follows `key:` on the same line of a block mapping.
fn in_block_mapping(text: &str, span: Span) -> bool {
    text[..span.start].trim_end_matches([' ', '\t']).ends_with(':')
}

fn pointer_of(tokens: &[String]) -> String {
    let mut pointer = String::new();
    for token in tokens {
        crate::push_token(&mut pointer, token);
    }
    pointer
}

fn plain_key(key: &str) -> bool {
    !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// One block-sequence item (`- …`) at `indent`, every line ending with `newline`.
fn block_item(item: &Value, indent: &str, newline: &str) -> String {
    let scalar = |value: &Value| serde_json::to_string(value).unwrap_or_default();
    match item {
        Value::Object(map) if !map.is_empty() => {
            let mut out = String::new();
            for (i, (key, value)) in map.iter().enumerate() {
                let lead = if i == 0 { format!("{indent}- ") } else { format!("{indent}  ") };
                let key =
                    if plain_key(key) { key.clone() } else { scalar(&Value::from(key.as_str())) };
                out.push_str(&format!("{lead}{key}: {}{newline}", scalar(value)));
            }
            out
        }
        other => format!("{indent}- {}{newline}", scalar(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("t.yaml", text)
    }

    /// Replaces and checks the whole output byte for byte.
    fn replaced(text: &str, pointer: &str, value: &str) -> String {
        replace_value(&file(text), pointer, value).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn only_the_value_changes_comments_blank_lines_and_order_survive() {
        let text = "# header comment\n\nid: a   # the id\n\n# why it is off\nenabled: false  # keep off\nrisk_level: high\n";
        assert_eq!(
            replaced(text, "/enabled", "true"),
            "# header comment\n\nid: a   # the id\n\n# why it is off\nenabled: true  # keep off\nrisk_level: high\n"
        );
    }

    #[test]
    fn crlf_line_ends_survive() {
        let text = "id: a\r\nenabled: false\r\n# c\r\nrisk: high\r\n";
        assert_eq!(
            replaced(text, "/enabled", "true"),
            "id: a\r\nenabled: true\r\n# c\r\nrisk: high\r\n"
        );
    }

    #[test]
    fn flow_mappings_and_nested_values() {
        let text = "tool: {id: a, enabled: false, tags: [x, y]}\nother: 1\n";
        assert_eq!(
            replaced(text, "/tool/enabled", "true"),
            "tool: {id: a, enabled: true, tags: [x, y]}\nother: 1\n"
        );
        assert_eq!(
            replaced(text, "/tool/tags/1", "z"),
            "tool: {id: a, enabled: false, tags: [x, z]}\nother: 1\n"
        );
    }

    #[test]
    fn quoted_values_are_replaced_with_their_quotes() {
        let text = "a: \"old # not a comment\"  # real comment\nb: 'single'\n";
        assert_eq!(replaced(text, "/a", "\"new\""), "a: \"new\"  # real comment\nb: 'single'\n");
        assert_eq!(
            replaced(text, "/b", "'x y'"),
            "a: \"old # not a comment\"  # real comment\nb: 'x y'\n"
        );
    }

    #[test]
    fn block_scalars_are_replaced_with_their_indicator() {
        let text = "description: |\n  line one\n  line two\nenabled: false\n";
        assert_eq!(
            replaced(text, "/description", "\"short\""),
            "description: \"short\"\nenabled: false\n"
        );
        let folded = "a:\n  d: >- # note\n    folded\n    text\n  e: 1\n";
        assert_eq!(replaced(folded, "/a/d", "x"), "a:\n  d: x\n  e: 1\n");
    }

    #[test]
    fn a_value_on_its_own_line_is_not_mistaken_for_a_block_scalar() {
        let text = "key:\n  # a comment\n  plain value\nnext: 1\n";
        assert_eq!(replaced(text, "/key", "other"), "key:\n  # a comment\n  other\nnext: 1\n");
    }

    #[test]
    fn json_files_get_json_values() {
        let text = "{\n  \"id\": \"a\",\n  \"enabled\": false\n}\n";
        let f = SourceFile::new("t.json", text);
        assert_eq!(
            replace_value(&f, "/enabled", "true").expect("edit"),
            "{\n  \"id\": \"a\",\n  \"enabled\": true\n}\n"
        );
        assert_eq!(
            replace_value(&f, "/id", "'b'").expect("edit"),
            "{\n  \"id\": \"b\",\n  \"enabled\": false\n}\n"
        );
    }

    #[test]
    fn refusals() {
        let text = "a: &x 1\nb: *x\nm: {k: v}\n";
        let err = |p: &str, v: &str| replace_value(&file(text), p, v).expect_err("refused").reason;
        assert_eq!(err("/missing", "1"), "no such value");
        assert_eq!(err("", "1"), "the document root is not a scalar value");
        assert_eq!(err("/m", "1"), "only scalar values can be replaced");
        assert_eq!(err("/m/k", "a: 1"), "the new value must be a scalar");
        assert_eq!(err("/m/k", "[1, 2]"), "the new value must be a scalar");
        assert_eq!(err("/m/k", "a\nb"), "the new value must be one line");
        assert!(
            err("/a", "2").contains("would change more than this value"),
            "the alias shares it"
        );
        assert!(err("/m/k", "\"unterminated").starts_with("the new value is not a YAML scalar"));
    }

    fn acceptance() -> Value {
        serde_json::json!({"id": "repos_delete", "reason": "cleanup: scratch repos", "by": "Alice"})
    }

    fn appended(text: &str) -> String {
        append_to_sequence(&file(text), "/accept", &acceptance()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn append_to_an_empty_flow_sequence_makes_a_block_sequence() {
        let text = "# policy\naccept: []\n#  - id: example\nauto_run: [low]\n";
        assert_eq!(
            appended(text),
            "# policy\naccept:\n  - id: \"repos_delete\"\n    reason: \"cleanup: scratch repos\"\n    by: \"Alice\"\n#  - id: example\nauto_run: [low]\n"
        );
    }

    #[test]
    fn append_after_the_last_block_item_keeps_its_comment() {
        let text =
            "accept:\n  - id: a\n    reason: r\n    by: b  # owner\n\n# next\nauto_run: [low]\n";
        assert_eq!(
            appended(text),
            "accept:\n  - id: a\n    reason: r\n    by: b  # owner\n  - id: \"repos_delete\"\n    reason: \"cleanup: scratch repos\"\n    by: \"Alice\"\n\n# next\nauto_run: [low]\n"
        );
        let crlf = "accept:\r\n- id: a\r\n  reason: r\r\n  by: b\r\n";
        assert_eq!(
            appended(crlf),
            "accept:\r\n- id: a\r\n  reason: r\r\n  by: b\r\n- id: \"repos_delete\"\r\n  reason: \"cleanup: scratch repos\"\r\n  by: \"Alice\"\r\n"
        );
    }

    #[test]
    fn append_to_a_flow_sequence_and_to_json() {
        let text = "accept: [{id: a, reason: r, by: b}]  # one\n";
        assert_eq!(
            appended(text),
            "accept: [{id: a, reason: r, by: b}, {\"id\":\"repos_delete\",\"reason\":\"cleanup: scratch repos\",\"by\":\"Alice\"}]  # one\n"
        );
        let json = SourceFile::new("p.json", "{\"accept\": [], \"deny\": []}");
        assert_eq!(
            append_to_sequence(&json, "/accept", &acceptance()).expect("edit"),
            "{\"accept\": [{\"id\":\"repos_delete\",\"reason\":\"cleanup: scratch repos\",\"by\":\"Alice\"}], \"deny\": []}"
        );
    }

    #[test]
    fn a_missing_top_level_key_is_added_at_the_end() {
        assert_eq!(
            appended("deny: []  # none\n# end"),
            "deny: []  # none\n# end\naccept:\n  - id: \"repos_delete\"\n    reason: \"cleanup: scratch repos\"\n    by: \"Alice\"\n"
        );
        let err =
            append_to_sequence(&file("a: {b: 1}\n"), "/a/c", &acceptance()).expect_err("nested");
        assert!(err.reason.starts_with("only a missing top-level key"), "{err}");
        let err =
            append_to_sequence(&file("accept: 3\n"), "/accept", &acceptance()).expect_err("scalar");
        assert_eq!(err.reason, "not a sequence");
    }
}
