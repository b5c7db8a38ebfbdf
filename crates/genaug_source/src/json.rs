//! JSON: the serde_json fast path with errors mapped to byte spans, and a byte scanner that records
//! the spans of every value and key for the pointer index (granit is several times slower on JSON).

use std::cell::RefCell;
use std::sync::Arc;

use serde_json::Value;

use crate::spans::{NO_KEY, SpanIndex};
use crate::{ParseLimits, SourceError, SourceFile, Span};

/// serde_json accepts at most this many nested arrays/objects (its recursion limit of 128 counts
/// the first level as one step).
pub(crate) const SERDE_JSON_DEPTH: usize = 127;

const BOM: &str = "\u{feff}";

pub(crate) fn parse(file: &Arc<SourceFile>, limits: ParseLimits) -> Result<Value, SourceError> {
    let text = file.text();
    let skip = if text.starts_with(BOM) { BOM.len() } else { 0 };
    if let Some(value) = crate::json_split::parse(&text[skip..]) {
        if limits.max_depth < SERDE_JSON_DEPTH {
            check_depth(file, &value, limits.max_depth)?;
        }
        return Ok(value);
    }
    match serde_json::from_str::<Strict>(&text[skip..]) {
        Ok(Strict(value)) => {
            if limits.max_depth < SERDE_JSON_DEPTH {
                check_depth(file, &value, limits.max_depth)?;
            }
            Ok(value)
        }
        Err(error) => {
            let span = if error.classify() == serde_json::error::Category::Eof {
                Span::new(text.len(), text.len())
            } else {
                let offset = skip + error_offset(&text[skip..], error.line(), error.column());
                crate::yaml::char_span(text, offset)
            };
            let message = error.to_string();
            let suffix = format!(" at line {} column {}", error.line(), error.column());
            let message = message.strip_suffix(&suffix).unwrap_or(&message).to_owned();
            if message.starts_with(DUPLICATE) {
                // Point at the first repeated key in text order, and name it (serde_json only
                // knows where it stopped, which for `Strict` is the end of an object).
                let Some(key_span) = index(text).and_then(|i| i.first_duplicate_key) else {
                    return Err(SourceError::Syntax { file: file.clone(), span, message });
                };
                let message =
                    match serde_json::from_str::<String>(&text[key_span.start..key_span.end]) {
                        Ok(key) => format!("{DUPLICATE} `{key}` in this mapping"),
                        Err(_) => message,
                    };
                return Err(SourceError::Syntax { file: file.clone(), span: key_span, message });
            }
            if message == "recursion limit exceeded" {
                if limits.max_depth < SERDE_JSON_DEPTH {
                    return Err(SourceError::TooDeep {
                        file: file.clone(),
                        span,
                        limit: limits.max_depth,
                    });
                }
                // Deeper than serde_json goes but maybe within a raised limit: JSON is YAML, and the
                // iterative loader gives the exact answer (or `TooDeep` at the right place).
                return crate::yaml::load(file, limits);
            }
            Err(SourceError::Syntax { file: file.clone(), span, message })
        }
    }
}

const DUPLICATE: &str = "duplicate key";

/// A `Value` read like serde_json's own, except that a repeated key in an object is an error
/// (serde_json keeps the last one silently; YAML forbids duplicates and so do we), and that every
/// array and object is allocated at its exact size.
///
/// serde_json grows an object's map and an array's vector by doubling while it reads them; most
/// objects of a spec have a handful of keys, so about a quarter of the tree was spare capacity
/// (GitHub's spec: 58 MB of tree instead of 43 MB), all of it memory the process had to fault in.
/// Here the members are read into a scratch buffer reused across containers of the same depth,
/// and the container is then allocated once, at its final size.
pub(crate) struct Strict(pub(crate) Value);

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let scratch = Scratch::default();
        deserializer.deserialize_any(StrictVisitor { scratch: &scratch }).map(Strict)
    }
}

/// Buffers to read the members of one container into, one per level being read.
#[derive(Default)]
struct Scratch {
    members: RefCell<Vec<Vec<(String, Value)>>>,
    items: RefCell<Vec<Vec<Value>>>,
}

#[derive(Clone, Copy)]
struct StrictVisitor<'s> {
    scratch: &'s Scratch,
}

impl<'de> serde::de::DeserializeSeed<'de> for StrictVisitor<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for StrictVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut buffer = self.scratch.items.borrow_mut().pop().unwrap_or_default();
        while let Some(item) = seq.next_element_seed(self)? {
            buffer.push(item);
        }
        // Not `mem::take(&mut buffer)`: that would keep the buffer's spare capacity.
        let mut items = Vec::with_capacity(buffer.len());
        items.append(&mut buffer);
        self.scratch.items.borrow_mut().push(buffer);
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut buffer = self.scratch.members.borrow_mut().pop().unwrap_or_default();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self)?;
            buffer.push((key, value));
        }
        let mut out = serde_json::Map::with_capacity(buffer.len());
        let mut duplicate = None;
        for (key, value) in buffer.drain(..) {
            match out.entry(key) {
                serde_json::map::Entry::Occupied(entry) => {
                    duplicate.get_or_insert_with(|| entry.key().clone());
                }
                serde_json::map::Entry::Vacant(entry) => {
                    entry.insert(value);
                }
            }
        }
        self.scratch.members.borrow_mut().push(buffer);
        match duplicate {
            // Where serde_json stopped is the end of the object; `parse` finds the key itself.
            Some(key) => {
                Err(serde::de::Error::custom(format!("{DUPLICATE} `{key}` in this mapping")))
            }
            None => Ok(Value::Object(out)),
        }
    }
}

/// serde_json's 1-based line and column (bytes, pointing just past the offending byte) → byte offset
/// of the offending byte.
fn error_offset(text: &str, line: usize, column: usize) -> usize {
    if line == 0 {
        return 0;
    }
    let line_start = if line == 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2).map_or(text.len(), |(i, _)| i + 1)
    };
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// Iteratively finds the first node nested deeper than `max_depth` and reports it with its span.
fn check_depth(file: &Arc<SourceFile>, value: &Value, max_depth: usize) -> Result<(), SourceError> {
    let mut stack: Vec<(&Value, usize)> = vec![(value, 1)];
    while let Some((node, depth)) = stack.pop() {
        let children: Vec<&Value> = match node {
            Value::Array(items) => items.iter().collect(),
            Value::Object(map) => map.values().collect(),
            _ => continue,
        };
        if depth > max_depth {
            let start = file.span_of(&pointer_to(value, node)).map_or(0, |s| s.start);
            let span = crate::yaml::char_span(file.text(), start);
            return Err(SourceError::TooDeep { file: file.clone(), span, limit: max_depth });
        }
        stack.extend(children.into_iter().rev().map(|child| (child, depth + 1)));
    }
    Ok(())
}

/// The pointer of `target` (found by identity) under `root`; only used on the error path.
fn pointer_to(root: &Value, target: &Value) -> String {
    let mut stack: Vec<(&Value, String)> = vec![(root, String::new())];
    while let Some((node, pointer)) = stack.pop() {
        if std::ptr::eq(node, target) {
            return pointer;
        }
        match node {
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let mut p = pointer.clone();
                    crate::push_token(&mut p, &i.to_string());
                    stack.push((child, p));
                }
            }
            Value::Object(map) => {
                for (key, child) in map {
                    let mut p = pointer.clone();
                    crate::push_token(&mut p, key);
                    stack.push((child, p));
                }
            }
            _ => {}
        }
    }
    String::new()
}

/// Records the span of every value and key of a JSON text. `None` when the text is not JSON.
pub(crate) fn index(text: &str) -> Option<SpanIndex> {
    let b = text.as_bytes();
    let mut index = SpanIndex::default();
    let mut i = if text.starts_with(BOM) { BOM.len() } else { 0 };
    // Open containers: (node id, is object, number of children so far).
    let mut stack: Vec<(u32, bool, u32)> = Vec::new();
    // The key (or array index) under which the next value is recorded, and its span.
    let mut token: Vec<u8> = Vec::new();
    let mut key_span = (NO_KEY, NO_KEY);
    let mut decoded = String::new();
    i = skip_ws(b, i);
    loop {
        // A value starts at `i`.
        let start = i;
        let parent = stack.last().map(|&(node, _, _)| node);
        let id = index.push(parent, &token, start, key_span)?;
        match *b.get(i)? {
            open @ (b'{' | b'[') => {
                stack.push((id, open == b'{', 0));
                i = skip_ws(b, i + 1);
                if b.get(i) == Some(&if open == b'{' { b'}' } else { b']' }) {
                    // empty container: fall through to the closing logic below
                } else {
                    if open == b'{' {
                        i = read_key(text, i, &mut token, &mut key_span, &mut decoded)?;
                    } else {
                        token.clear();
                        token.push(b'0');
                        key_span = (NO_KEY, NO_KEY);
                    }
                    continue;
                }
            }
            b'"' => {
                i = string_end(b, i)?;
                index.set_end(id, i);
            }
            _ => {
                while i < b.len()
                    && !matches!(b[i], b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
                {
                    i += 1;
                }
                if i == start {
                    return None;
                }
                index.set_end(id, i);
            }
        }
        // After a value (or at an empty container's closing bracket).
        loop {
            i = skip_ws(b, i);
            let Some(&(node, is_object, count)) = stack.last() else {
                return (i == b.len()).then_some(index);
            };
            match *b.get(i)? {
                b',' => {
                    i = skip_ws(b, i + 1);
                    let count = count + 1;
                    if let Some(top) = stack.last_mut() {
                        top.2 = count;
                    }
                    if is_object {
                        i = read_key(text, i, &mut token, &mut key_span, &mut decoded)?;
                    } else {
                        token.clear();
                        token.extend_from_slice(count.to_string().as_bytes());
                        key_span = (NO_KEY, NO_KEY);
                    }
                    break;
                }
                b'}' | b']' => {
                    i += 1;
                    index.set_end(node, i);
                    stack.pop();
                }
                _ => return None,
            }
        }
    }
}

/// The offset of the first byte at or after `i` that is not JSON whitespace.
pub(crate) fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// `i` is at an opening quote; returns the offset just past the closing quote.
pub(crate) fn string_end(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let mut j = i + 1;
    loop {
        j += memchr::memchr2(b'"', b'\\', b.get(j..)?)?;
        if b[j] == b'\\' {
            j += 2;
        } else {
            return Some(j + 1);
        }
    }
}

/// Reads `"key"` and the `:` after it; leaves the unescaped key in `token` and returns the offset
/// of the value.
fn read_key(
    text: &str,
    i: usize,
    token: &mut Vec<u8>,
    key_span: &mut (usize, usize),
    decoded: &mut String,
) -> Option<usize> {
    let b = text.as_bytes();
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let end = string_end(b, i)?;
    let raw = &b[i + 1..end - 1];
    token.clear();
    if raw.contains(&b'\\') {
        *decoded = serde_json::from_str::<String>(text.get(i..end)?).ok()?;
        token.extend_from_slice(decoded.as_bytes());
    } else {
        token.extend_from_slice(raw);
    }
    *key_span = (i, end);
    let j = skip_ws(b, end);
    if b.get(j) != Some(&b':') {
        return None;
    }
    Some(skip_ws(b, j + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_are_read_at_their_exact_size() {
        let text = r#"{"a": [1, 2, 3, 4, 5], "b": {"c": [[], [true]], "d": "x"}, "e": []}"#;
        let Strict(value) = serde_json::from_str(text).unwrap();
        let mut stack = vec![&value];
        let mut arrays = 0;
        while let Some(node) = stack.pop() {
            match node {
                Value::Array(items) => {
                    arrays += 1;
                    assert_eq!(items.capacity(), items.len(), "{node}");
                    stack.extend(items);
                }
                Value::Object(map) => stack.extend(map.values()),
                _ => {}
            }
        }
        assert_eq!(arrays, 5);
        // Same value as serde_json's own reading, keys in text order.
        assert_eq!(value, serde_json::from_str::<Value>(text).unwrap());
        assert_eq!(value["b"].as_object().unwrap().keys().collect::<Vec<_>>(), ["c", "d"]);
    }

    #[test]
    fn a_repeated_key_is_an_error_even_deep_inside() {
        let error = serde_json::from_str::<Strict>(r#"{"a": {"b": [{"k": 1, "j": 2, "k": 3}]}}"#)
            .err()
            .unwrap();
        assert!(error.to_string().starts_with("duplicate key `k` in this mapping"), "{error}");
    }
}
