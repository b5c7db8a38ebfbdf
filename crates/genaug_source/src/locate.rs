//! Spans of a few pointers in a large JSON text, found in one pass without indexing the text.
//!
//! The full index (`spans.rs`) records every node and costs ~55 ms on GitHub's 13 MB spec; a
//! command that shows forty findings needs forty spans. [`locate`] reads the text once, going
//! into only the values that lie on the way to a requested pointer and skipping every other
//! value by its brackets: about a fifth of the cost, and no per-node memory.
//!
//! Answers match the index: the span of the value at each pointer, or of its nearest existing
//! ancestor, and the span of the key it is written under (the value span for array items and
//! the root). Anything unusual (a duplicate key on the way, a pointer deeper than
//! [`MAX_DEPTH`], text that is not the JSON the scanner expects) gives `None`, and the caller
//! builds the full index instead.

use std::borrow::Cow;

use crate::Span;

/// Deepest pointer located here.
const MAX_DEPTH: usize = 256;

/// Where one pointer's value (or its nearest existing ancestor) is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Located {
    pub(crate) value: Span,
    /// The key the value is written under; the value span when there is none.
    pub(crate) key: Span,
}

/// The requested pointers as a tree of tokens.
#[derive(Default)]
struct Trie<'p> {
    nodes: Vec<TrieNode<'p>>,
}

#[derive(Default)]
struct TrieNode<'p> {
    children: Vec<(Cow<'p, str>, usize)>,
    found: Option<Located>,
}

impl<'p> Trie<'p> {
    /// The node of `pointer`, created with its ancestors; `None` for a malformed or too deep one.
    fn insert(&mut self, pointer: &'p str) -> Option<usize> {
        if self.nodes.is_empty() {
            self.nodes.push(TrieNode::default());
        }
        let mut node = 0;
        if pointer.is_empty() {
            return Some(node);
        }
        for (depth, raw) in pointer.strip_prefix('/')?.split('/').enumerate() {
            if depth >= MAX_DEPTH {
                return None;
            }
            let token = unescape(raw);
            node = match self.nodes[node].children.iter().find(|(t, _)| *t == token) {
                Some(&(_, child)) => child,
                None => {
                    let child = self.nodes.len();
                    self.nodes.push(TrieNode::default());
                    self.nodes[node].children.push((token, child));
                    child
                }
            };
        }
        Some(node)
    }

    /// The deepest node found on the way to `pointer`.
    fn nearest(&self, pointer: &str) -> Option<Located> {
        let mut node = 0;
        let mut found = self.nodes.first()?.found?;
        if pointer.is_empty() {
            return Some(found);
        }
        for raw in pointer.strip_prefix('/')?.split('/') {
            let token = unescape(raw);
            let Some(&(_, child)) = self.nodes[node].children.iter().find(|(t, _)| *t == token)
            else {
                break;
            };
            let Some(here) = self.nodes[child].found else { break };
            node = child;
            found = here;
        }
        Some(found)
    }
}

fn unescape(raw: &str) -> Cow<'_, str> {
    if raw.contains('~') { raw.replace("~1", "/").replace("~0", "~").into() } else { raw.into() }
}

/// The spans of `pointers` in the JSON `text`, in order (see the module docs).
pub(crate) fn locate(text: &str, pointers: &[&str]) -> Option<Vec<Located>> {
    let mut trie = Trie::default();
    for pointer in pointers {
        trie.insert(pointer)?;
    }
    let b = text.as_bytes();
    let start = skip_ws(b, if text.starts_with('\u{feff}') { 3 } else { 0 });
    let end = visit(text, start, 0, None, &mut trie, 0)?;
    if skip_ws(b, end) != b.len() {
        return None;
    }
    pointers.iter().map(|pointer| trie.nearest(pointer)).collect()
}

/// Reads the value at `i`, which is trie node `node` (written under `key`), recording its span
/// and going into the children that lie on the way to a requested pointer. Returns its end.
fn visit(
    text: &str,
    i: usize,
    node: usize,
    key: Option<Span>,
    trie: &mut Trie<'_>,
    depth: usize,
) -> Option<usize> {
    let b = text.as_bytes();
    let end = if trie.nodes[node].children.is_empty() || depth > MAX_DEPTH {
        skip_value(b, i)?
    } else {
        match *b.get(i)? {
            b'{' => {
                let mut j = skip_ws(b, i + 1);
                let mut seen: Vec<usize> = Vec::new();
                if b.get(j) != Some(&b'}') {
                    loop {
                        let key_start = j;
                        let key_end = string_end(b, j)?;
                        let raw = text.get(j + 1..key_end - 1)?;
                        let name: Cow<'_, str> = if raw.contains('\\') {
                            serde_json::from_str::<String>(text.get(j..key_end)?).ok()?.into()
                        } else {
                            raw.into()
                        };
                        j = skip_ws(b, key_end);
                        if b.get(j) != Some(&b':') {
                            return None;
                        }
                        j = skip_ws(b, j + 1);
                        let child = trie.nodes[node]
                            .children
                            .iter()
                            .find(|(t, _)| *t == name)
                            .map(|&(_, child)| child);
                        j = match child {
                            Some(child) => {
                                if seen.contains(&child) {
                                    // A duplicate key on the way: leave it to the full index.
                                    return None;
                                }
                                seen.push(child);
                                let key = Span::new(key_start, key_end);
                                visit(text, j, child, Some(key), trie, depth + 1)?
                            }
                            None => skip_value(b, j)?,
                        };
                        j = skip_ws(b, j);
                        match *b.get(j)? {
                            b',' => j = skip_ws(b, j + 1),
                            b'}' => break,
                            _ => return None,
                        }
                    }
                }
                j + 1
            }
            b'[' => {
                let mut j = skip_ws(b, i + 1);
                if b.get(j) != Some(&b']') {
                    let mut index = 0usize;
                    loop {
                        let token = index.to_string();
                        let child = trie.nodes[node]
                            .children
                            .iter()
                            .find(|(t, _)| *t == token)
                            .map(|&(_, child)| child);
                        j = match child {
                            Some(child) => visit(text, j, child, None, trie, depth + 1)?,
                            None => skip_value(b, j)?,
                        };
                        j = skip_ws(b, j);
                        match *b.get(j)? {
                            b',' => j = skip_ws(b, j + 1),
                            b']' => break,
                            _ => return None,
                        }
                        index += 1;
                    }
                }
                j + 1
            }
            _ => skip_value(b, i)?,
        }
    };
    let value = Span::new(i, end);
    trie.nodes[node].found = Some(Located { value, key: key.unwrap_or(value) });
    Some(end)
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// `i` is at an opening quote; the offset just past the closing quote.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let mut j = i + 1;
    loop {
        let k = b.get(j..)?.iter().position(|&c| c == b'"' || c == b'\\')?;
        j += k;
        if b[j] == b'\\' {
            j += 2;
        } else {
            return Some(j + 1);
        }
    }
}

/// The end of the value starting at `i`, found by its brackets and quotes alone.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                // Brackets and quotes are the only bytes that matter here.
                let k = b
                    .get(j..)?
                    .iter()
                    .position(|&c| matches!(c, b'"' | b'{' | b'}' | b'[' | b']'))?;
                j += k;
                match b[j] {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    _ => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SourceFile;

    /// Every answer equals the full index's, for pointers that exist, are missing, or go through
    /// arrays and escaped keys.
    #[test]
    fn locate_agrees_with_the_full_index() {
        let text = r#"{"a": {"b~c": [1, {"d/e": "x", "f": [true, null]}], "g": "h"},
            "paths": {"/pets/{id}": {"get": {"operationId": "x"}}}, "z": {}}"#;
        let file = SourceFile::new("t.json", text);
        let pointers = [
            "",
            "/a",
            "/a/b~0c",
            "/a/b~0c/0",
            "/a/b~0c/1/d~1e",
            "/a/b~0c/1/f/1",
            "/a/b~0c/7",
            "/a/g",
            "/a/missing/deeper",
            "/paths/~1pets~1{id}/get/operationId",
            "/z",
            "/z/q",
        ];
        let located = locate(text, &pointers).expect("locates");
        for (pointer, found) in pointers.iter().zip(located) {
            assert_eq!(Some(found.value), file.span_of(pointer), "value of {pointer}");
            assert_eq!(Some(found.key), file.key_span_of(pointer), "key of {pointer}");
        }
    }

    #[test]
    fn unusual_input_is_left_to_the_full_index() {
        assert_eq!(locate(r#"{"a": 1, "a": 2}"#, &["/a"]), None);
        assert_eq!(locate(r#"{"a": 1"#, &["/a"]), None);
        assert_eq!(locate(r#"{"a": 1} x"#, &["/a"]), None);
        assert!(locate(r#"{"a": 1}"#, &["no-slash"]).is_none());
    }
}
