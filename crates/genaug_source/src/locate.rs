//! Spans of a few pointers in a large JSON text, found in one pass without indexing the text.
//!
//! The full index (`spans.rs`) records every node and costs ~55 ms on GitHub's 13 MB spec; a
//! command that shows forty findings needs forty spans. [`locate`] reads the text once, going
//! into only the values that lie on the way to a requested pointer and skipping every other
//! value by its brackets, and stops as soon as every pointer is settled (found, or known to be
//! missing): findings near the top of a file cost only the text up to them, and no per-node
//! memory.
//!
//! Answers match the index: the span of the value at each pointer, or of its nearest existing
//! ancestor, and the span of the key it is written under (the value span for array items and
//! the root). Anything unusual in the text read (a duplicate key on the way, a pointer deeper
//! than [`MAX_DEPTH`], text that is not the JSON the scanner expects) gives `None`, and the
//! caller builds the full index instead. The text is JSON that parsed: the pass is no validator.

use std::borrow::Cow;

use crate::json::{skip_ws, string_end};
use crate::{Span, unescape_token};

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
    /// A requested pointer ends here.
    wanted: bool,
    /// Requested pointers at or below this node.
    wanted_below: usize,
}

impl<'p> Trie<'p> {
    /// Adds `pointer`, with its ancestors; `None` for a malformed or too deep one.
    fn insert(&mut self, pointer: &'p str) -> Option<()> {
        let mut path = vec![self.node(pointer)?];
        let end = path[0];
        if self.nodes[end].wanted {
            return Some(());
        }
        self.nodes[end].wanted = true;
        // Count it in every node on its way (found again by walking down).
        path.clear();
        let mut node = 0;
        path.push(node);
        if !pointer.is_empty() {
            for raw in pointer.strip_prefix('/')?.split('/') {
                let token = unescape_token(raw);
                node = self.nodes[node].children.iter().find(|(t, _)| *t == token)?.1;
                path.push(node);
            }
        }
        for node in path {
            self.nodes[node].wanted_below += 1;
        }
        Some(())
    }

    /// The node of `pointer`, created with its ancestors.
    fn node(&mut self, pointer: &'p str) -> Option<usize> {
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
            let token = unescape_token(raw);
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

    /// The deepest node found on the way to `pointer`. (Ancestors the pass stopped inside of
    /// have no span; nodes below a missing one have none either.)
    fn nearest(&self, pointer: &str) -> Option<Located> {
        let mut node = 0;
        let mut found = self.nodes.first()?.found;
        if !pointer.is_empty() {
            for raw in pointer.strip_prefix('/')?.split('/') {
                let token = unescape_token(raw);
                let Some(&(_, child)) = self.nodes[node].children.iter().find(|(t, _)| *t == token)
                else {
                    break;
                };
                node = child;
                found = self.nodes[child].found.or(found);
            }
        }
        found
    }

    /// Records the span of `node`, whose value has been read, and counts the requested
    /// pointers this settles: its own, and those below children it turned out not to have.
    fn finish(&mut self, node: usize, located: Located, remaining: &mut usize) {
        self.nodes[node].found = Some(located);
        let mut settled = usize::from(self.nodes[node].wanted);
        for &(_, child) in &self.nodes[node].children {
            if self.nodes[child].found.is_none() {
                settled += self.nodes[child].wanted_below;
            }
        }
        *remaining -= settled.min(*remaining);
    }
}

/// The spans of `pointers` in the JSON `text`, in order (see the module docs).
pub(crate) fn locate(text: &str, pointers: &[&str]) -> Option<Vec<Located>> {
    let mut trie = Trie::default();
    for pointer in pointers {
        trie.insert(pointer)?;
    }
    let b = text.as_bytes();
    let start = skip_ws(b, if text.starts_with('\u{feff}') { 3 } else { 0 });
    let remaining = trie.nodes.first().map_or(0, |root| root.wanted_below);
    let mut pass = Pass { text, trie, remaining };
    match pass.visit(start, 0, None, 0) {
        Ok(end) if skip_ws(b, end) == b.len() => {}
        Err(Stop::Done) => {}
        Ok(_) | Err(Stop::Invalid) => return None,
    }
    pointers.iter().map(|pointer| pass.trie.nearest(pointer)).collect()
}

/// Why [`visit`] stopped before the end of a value.
enum Stop {
    /// Every requested pointer is settled: the rest of the text is not needed.
    Done,
    /// Not the JSON this pass reads.
    Invalid,
}

/// `Some` as `Ok`, `None` as [`Stop::Invalid`].
fn valid<T>(value: Option<T>) -> Result<T, Stop> {
    value.ok_or(Stop::Invalid)
}

/// What [`visit`] carries down: the text, the requested pointers, and how many are unsettled.
struct Pass<'t, 'p> {
    text: &'t str,
    trie: Trie<'p>,
    remaining: usize,
}

impl Pass<'_, '_> {
    /// Reads the value at `i`, which is trie node `node` (written under `key`), recording its
    /// span and going into the children on the way to a requested pointer. Returns its end.
    fn visit(
        &mut self,
        i: usize,
        node: usize,
        key: Option<Span>,
        depth: usize,
    ) -> Result<usize, Stop> {
        let b = self.text.as_bytes();
        let descend = !self.trie.nodes[node].children.is_empty() && depth <= MAX_DEPTH;
        let end = match (descend, b.get(i)) {
            (true, Some(b'{')) => self.object(i, node, depth)?,
            (true, Some(b'[')) => self.array(i, node, depth)?,
            _ => valid(skip_value(b, i))?,
        };
        let value = Span::new(i, end);
        self.trie.finish(node, Located { value, key: key.unwrap_or(value) }, &mut self.remaining);
        if self.remaining == 0 {
            return Err(Stop::Done);
        }
        Ok(end)
    }

    fn child(&self, node: usize, token: &str) -> Option<usize> {
        self.trie.nodes[node].children.iter().find(|(t, _)| t == token).map(|&(_, child)| child)
    }

    fn object(&mut self, i: usize, node: usize, depth: usize) -> Result<usize, Stop> {
        let text = self.text;
        let b = text.as_bytes();
        let mut j = skip_ws(b, i + 1);
        if b.get(j) == Some(&b'}') {
            return Ok(j + 1);
        }
        let mut seen: Vec<usize> = Vec::new();
        loop {
            let key_start = j;
            let key_end = valid(string_end(b, j))?;
            let raw = valid(text.get(j + 1..key_end - 1))?;
            let name: Cow<'_, str> = if raw.contains('\\') {
                valid(serde_json::from_str::<String>(valid(text.get(j..key_end))?).ok())?.into()
            } else {
                raw.into()
            };
            j = skip_ws(b, key_end);
            if b.get(j) != Some(&b':') {
                return Err(Stop::Invalid);
            }
            j = skip_ws(b, j + 1);
            j = match self.child(node, &name) {
                Some(child) => {
                    if seen.contains(&child) {
                        // A duplicate key on the way: leave it to the full index.
                        return Err(Stop::Invalid);
                    }
                    seen.push(child);
                    self.visit(j, child, Some(Span::new(key_start, key_end)), depth + 1)?
                }
                None => valid(skip_value(b, j))?,
            };
            j = skip_ws(b, j);
            match b.get(j) {
                Some(b',') => j = skip_ws(b, j + 1),
                Some(b'}') => return Ok(j + 1),
                _ => return Err(Stop::Invalid),
            }
        }
    }

    fn array(&mut self, i: usize, node: usize, depth: usize) -> Result<usize, Stop> {
        let b = self.text.as_bytes();
        let mut j = skip_ws(b, i + 1);
        if b.get(j) == Some(&b']') {
            return Ok(j + 1);
        }
        let mut index = 0usize;
        loop {
            j = match self.child(node, &index.to_string()) {
                Some(child) => self.visit(j, child, None, depth + 1)?,
                None => valid(skip_value(b, j))?,
            };
            j = skip_ws(b, j);
            match b.get(j) {
                Some(b',') => j = skip_ws(b, j + 1),
                Some(b']') => return Ok(j + 1),
                _ => return Err(Stop::Invalid),
            }
            index += 1;
        }
    }
}

/// The end of the value starting at `i`, found by its brackets and quotes alone: an object's
/// end is the `}` that closes it, counting only braces outside strings (square brackets
/// cannot change that count in JSON that parses), and an array's likewise.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    let (open, close) = match *b.get(i)? {
        b'"' => return string_end(b, i),
        b'{' => (b'{', b'}'),
        b'[' => (b'[', b']'),
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            return (j > i).then_some(j);
        }
    };
    let mut depth = 0usize;
    let mut j = i;
    loop {
        j += memchr::memchr3(b'"', open, close, b.get(j..)?)?;
        match b[j] {
            b'"' => {
                j = string_end(b, j)?;
                continue;
            }
            c if c == open => depth += 1,
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

    /// Every value's pointer (and a missing child of each object) of every JSON fixture spec.
    #[test]
    fn locate_agrees_with_the_full_index_on_the_fixture_specs() {
        fn pointers(value: &serde_json::Value, at: &mut String, out: &mut Vec<String>) {
            out.push(at.clone());
            let len = at.len();
            match value {
                serde_json::Value::Object(map) => {
                    out.push(format!("{at}/no~1such"));
                    for (key, item) in map {
                        crate::push_token(at, key);
                        pointers(item, at, out);
                        at.truncate(len);
                    }
                }
                serde_json::Value::Array(items) => {
                    for (index, item) in items.iter().enumerate() {
                        crate::push_token(at, &index.to_string());
                        pointers(item, at, out);
                        at.truncate(len);
                    }
                }
                _ => {}
            }
        }
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/specs");
        let mut dirs = vec![root];
        let mut checked = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("fixture folder").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "json") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("readable");
                let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
                let mut all = Vec::new();
                pointers(&value, &mut String::new(), &mut all);
                let wanted: Vec<&str> = all.iter().map(String::as_str).collect();
                let located = locate(&text, &wanted).expect("locates");
                let file = SourceFile::new("f.json", text.as_str());
                for (pointer, found) in wanted.iter().zip(located) {
                    assert_eq!(Some(found.value), file.span_of(pointer), "{path:?} {pointer}");
                    assert_eq!(Some(found.key), file.key_span_of(pointer), "{path:?} {pointer}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "{checked} pointers");
    }

    /// Text the pass reads up to is checked; a missing pointer (`/z`) makes it read everything.
    #[test]
    fn unusual_input_is_left_to_the_full_index() {
        assert_eq!(locate(r#"{"a": 1, "a": 2}"#, &["/a", "/z"]), None);
        assert_eq!(locate(r#"{"a": 1"#, &["/a", "/z"]), None);
        assert_eq!(locate(r#"{"a" 1}"#, &["/a"]), None);
        assert!(locate(r#"{"a": 1}"#, &["no-slash"]).is_none());
    }

    /// Once every pointer is settled the rest of the text is not read, even if it is broken.
    #[test]
    fn the_pass_stops_when_every_pointer_is_settled() {
        let text = r#"{"a": {"b": [1, 2]}, "rest": [ broken"#;
        let found = locate(text, &["/a/b/1", "/a/c"]).expect("settled before the break");
        assert_eq!(found[0].value, Span::new(16, 17));
        assert_eq!(found[1].value, Span::new(6, 19), "`/a/c` is missing: `/a`'s span");
    }
}
