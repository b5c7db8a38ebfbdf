//! The pointer → span index, built lazily on the first `span_of`/`key_span_of` and cached in the
//! `SourceFile`.
//!
//! Memory: one 20-byte record per node (value span, key span, kind as `u32`s) plus one hash-table
//! entry per node; no pointer strings are stored. A child is found by a 64-bit hash of
//! (parent node id, unescaped token), so a lookup walks the pointer token by token and stops at the
//! nearest existing ancestor. (Two sibling keys whose 64-bit hashes collide would be confused; with
//! the mixing used here that is vanishingly unlikely and at worst points a diagnostic at a sibling.)
//!
//! YAML aliases are not expanded in the index: a pointer that goes *through* an alias continues in
//! the anchored node (so spans point at the text that defines the value), and a key brought in by a
//! merge key (`<<`) is looked up in the merge sources.
//!
//! JSON texts are indexed by a byte scanner (`json::index`); YAML (and JSON the scanner rejects) by
//! granit events. Files of 4 GiB or more get no index (spans are stored as `u32`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use granit_parser::{Event, Parser, ScalarStyle};

use crate::{Format, ParseLimits, SourceFile, Span};

/// Marks "no key" (root and sequence items) in a node's key span.
pub(crate) const NO_KEY: usize = usize::MAX;
const NO_KEY32: u32 = u32::MAX;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Other,
    Alias,
}

#[derive(Clone, Copy)]
struct Node {
    start: u32,
    end: u32,
    key_start: u32,
    key_end: u32,
    kind: Kind,
}

/// The hash of (parent, token) is already well mixed: the table uses it as is.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type ChildMap = HashMap<u64, u32, BuildHasherDefault<PassThrough>>;

#[derive(Default)]
pub(crate) struct SpanIndex {
    nodes: Vec<Node>,
    children: ChildMap,
    /// Alias node → the anchored node it names.
    aliases: HashMap<u32, u32>,
    /// Mapping node → the value node of its `<<` entry.
    merges: HashMap<u32, u32>,
    /// The key span of the first key that repeats an earlier key of its mapping.
    pub(crate) first_duplicate_key: Option<Span>,
}

fn mix(mut h: u64) -> u64 {
    // murmur3's 64-bit finaliser
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

fn child_key(parent: u32, token: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = mix(u64::from(parent) ^ ((token.len() as u64) << 32) ^ K);
    let mut chunks = token.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        h = (h ^ word).wrapping_mul(K).rotate_left(31);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h ^ u64::from_le_bytes(tail)).wrapping_mul(K).rotate_left(31);
    mix(h)
}

fn to_u32(n: usize) -> Option<u32> {
    if n == NO_KEY { Some(NO_KEY32) } else { u32::try_from(n).ok().filter(|&n| n != NO_KEY32) }
}

impl SpanIndex {
    pub(crate) fn build(file: &SourceFile) -> Option<SpanIndex> {
        if u32::try_from(file.text().len()).is_err() {
            return None;
        }
        if file.format() == Format::Json
            && let Some(index) = crate::json::index(file.text())
        {
            return Some(index);
        }
        let index = yaml_index(file.text());
        (!index.nodes.is_empty()).then_some(index)
    }

    /// Adds a node whose value starts at `start` under `parent` (by `token`); its end is set later.
    pub(crate) fn push(
        &mut self,
        parent: Option<u32>,
        token: &[u8],
        start: usize,
        key: (usize, usize),
    ) -> Option<u32> {
        let id = u32::try_from(self.nodes.len()).ok()?;
        let start = to_u32(start)?;
        self.nodes.push(Node {
            start,
            end: start,
            key_start: to_u32(key.0)?,
            key_end: to_u32(key.1)?,
            kind: Kind::Other,
        });
        if let Some(parent) = parent {
            // The first of duplicate keys wins (the loaders reject duplicates anyway).
            let entry = self.children.entry(child_key(parent, token));
            if matches!(entry, std::collections::hash_map::Entry::Occupied(_)) {
                if key.0 != NO_KEY && self.first_duplicate_key.is_none() {
                    self.first_duplicate_key = Some(Span::new(key.0, key.1));
                }
            } else {
                entry.or_insert(id);
            }
        }
        Some(id)
    }

    pub(crate) fn set_end(&mut self, id: u32, end: usize) {
        if let (Some(node), Ok(end)) = (self.nodes.get_mut(id as usize), u32::try_from(end)) {
            node.end = end.max(node.start);
        }
    }

    fn span(&self, id: u32) -> Span {
        let node = self.nodes[id as usize];
        Span::new(node.start as usize, node.end as usize)
    }

    fn deref(&self, id: u32) -> u32 {
        self.aliases.get(&id).copied().unwrap_or(id)
    }

    /// The child `token` of `id`, following aliases and (a bounded number of) merge keys.
    fn child(&self, id: u32, token: &str, budget: usize) -> Option<u32> {
        let id = self.deref(id);
        if let Some(&child) = self.children.get(&child_key(id, token.as_bytes())) {
            return Some(child);
        }
        let budget = budget.checked_sub(1)?;
        let source = self.deref(*self.merges.get(&id)?);
        if let Some(found) = self.child(source, token, budget) {
            return Some(found);
        }
        // `<<: [*a, *b]`: try each item in order.
        (0..)
            .map_while(|i: usize| {
                let mut number = itoa_buffer();
                self.children.get(&child_key(source, write_index(&mut number, i).as_bytes()))
            })
            .find_map(|&item| self.child(item, token, budget))
    }

    /// The node at `pointer`, or its nearest existing ancestor.
    fn resolve(&self, pointer: &str) -> Option<u32> {
        let rest = if pointer.is_empty() { None } else { Some(pointer.strip_prefix('/')?) };
        if self.nodes.is_empty() {
            return None;
        }
        let mut id = 0;
        for raw in rest.into_iter().flat_map(|rest| rest.split('/')) {
            match self.child(id, &crate::unescape_token(raw), 16) {
                Some(child) => id = child,
                None => break,
            }
        }
        Some(id)
    }

    pub(crate) fn value_span(&self, pointer: &str) -> Option<Span> {
        self.resolve(pointer).map(|id| self.span(id))
    }

    pub(crate) fn key_span(&self, pointer: &str) -> Option<Span> {
        let id = self.resolve(pointer)?;
        let node = self.nodes[id as usize];
        Some(if node.key_start == NO_KEY32 {
            self.span(id)
        } else {
            Span::new(node.key_start as usize, node.key_end as usize)
        })
    }
}

struct Open<'a> {
    id: u32,
    is_map: bool,
    flow: bool,
    /// Children so far (sequence index of the next item).
    count: usize,
    /// End of the last child (the end of a block collection).
    last_end: usize,
    /// Mapping: the pending key's token and span; `merge` when it is a plain `<<`.
    key: Option<(Cow<'a, str>, Span, bool)>,
    /// The value node of a `<<` entry, once its value starts.
    merge_value: Option<u32>,
}

/// Indexes a YAML (or JSON) text from granit events. Stops at the first error, keeping what it has.
fn yaml_index(text: &str) -> SpanIndex {
    let mut index = SpanIndex::default();
    let mut stack: Vec<Open<'_>> = Vec::new();
    // Anchor id → node id (for aliases) and, for scalar anchors, their text (for alias keys).
    let mut anchors: HashMap<usize, u32> = HashMap::new();
    let mut anchor_texts: HashMap<usize, String> = HashMap::new();
    let mut documents = 0;
    let options = crate::yaml::options(ParseLimits::default().max_depth.max(1024));
    for event in Parser::new_from_str_with_options(text, options) {
        let Ok((event, span)) = event else { break };
        let mut span = crate::yaml::byte_span(&span);
        match &event {
            // A block scalar's span runs to the next line's indentation: stop at its last line break.
            Event::Scalar(_, ScalarStyle::Literal | ScalarStyle::Folded, ..) => {
                let body = &text[span.start..span.end];
                span.end = span.start + body.trim_end_matches([' ', '\t']).len();
            }
            // An indentless sequence (`key:\n- item`) starts at its first item: include the `-`.
            Event::SequenceStart(..) if span.is_empty() && !at_dash_indicator(text, span.start) => {
                let before = text[..span.start].trim_end_matches([' ', '\t']);
                if before.ends_with('-') {
                    span = Span::new(before.len() - 1, span.end.max(before.len() - 1));
                }
            }
            _ => {}
        }
        if let Event::Scalar(text, _, anchor, _) = &event
            && *anchor != 0
        {
            anchor_texts.insert(*anchor, text.to_string());
        }
        // A key of the innermost mapping?
        if let Some(open) = stack.last_mut()
            && open.is_map
            && open.key.is_none()
        {
            let key = match event {
                Event::Scalar(text, style, _, tag) => {
                    let merge = text == "<<" && style == ScalarStyle::Plain && tag.is_none();
                    Some((text, merge))
                }
                Event::Alias(id) => {
                    Some((Cow::Owned(anchor_texts.get(&id).cloned().unwrap_or_default()), false))
                }
                Event::MappingEnd => None,
                _ => break, // complex keys: the loader rejects them
            };
            match key {
                Some((token, merge)) => {
                    open.key = Some((token, span, merge));
                    continue;
                }
                None => {
                    close(&mut index, &mut stack, span);
                    continue;
                }
            }
        }
        match event {
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    break;
                }
            }
            Event::Scalar(_, _, anchor, _)
            | Event::Alias(anchor)
            | Event::SequenceStart(_, anchor, _)
            | Event::MappingStart(_, anchor, _) => {
                let mut number = itoa_buffer();
                let (parent, token, key_span, merge) = match stack.last_mut() {
                    None => (None, Cow::Borrowed(""), None, false),
                    Some(open) => {
                        if open.is_map {
                            let Some((token, key_span, merge)) = open.key.take() else { break };
                            (Some(open.id), token, Some(key_span), merge)
                        } else {
                            open.count += 1;
                            let digits = write_index(&mut number, open.count - 1);
                            (Some(open.id), Cow::Borrowed(digits), None, false)
                        }
                    }
                };
                let key = key_span.map_or((NO_KEY, NO_KEY), |s| (s.start, s.end));
                let Some(id) = index.push(parent, token.as_bytes(), span.start, key) else { break };
                if merge && let Some(open) = stack.last_mut() {
                    open.merge_value = Some(id);
                }
                match event {
                    Event::Scalar(..) | Event::Alias(..) => {
                        index.set_end(id, span.end);
                        if let Event::Alias(target) = event {
                            index.nodes[id as usize].kind = Kind::Alias;
                            if let Some(&target) = anchors.get(&target) {
                                index.aliases.insert(id, target);
                            }
                        } else if anchor != 0 {
                            anchors.insert(anchor, id);
                        }
                        if let Some(open) = stack.last_mut() {
                            open.last_end = span.end;
                        }
                    }
                    _ => {
                        if anchor != 0 {
                            anchors.insert(anchor, id);
                        }
                        let flow = span.end > span.start;
                        let is_map = matches!(event, Event::MappingStart(..));
                        stack.push(Open {
                            id,
                            is_map,
                            flow,
                            count: 0,
                            last_end: span.end,
                            key: None,
                            merge_value: None,
                        });
                    }
                }
            }
            Event::SequenceEnd | Event::MappingEnd => close(&mut index, &mut stack, span),
            _ => {}
        }
    }
    index
}

/// A collection ends: a flow collection at its closing bracket, a block one with its last child.
fn close(index: &mut SpanIndex, stack: &mut Vec<Open<'_>>, span: Span) {
    let Some(open) = stack.pop() else { return };
    let end = if open.flow { span.end } else { open.last_end };
    index.set_end(open.id, end);
    if let Some(value) = open.merge_value {
        index.merges.insert(open.id, value);
    }
    if let Some(parent) = stack.last_mut() {
        parent.last_end = end;
    }
}

fn itoa_buffer() -> [u8; 20] {
    [0; 20]
}

/// Writes `n` in decimal into `buffer` and returns it as text (no allocation per sequence item).
fn write_index(buffer: &mut [u8; 20], mut n: usize) -> &str {
    let mut i = buffer.len();
    loop {
        i -= 1;
        buffer[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buffer[i..]).unwrap_or_default()
}

/// A block sequence entry indicator: `-` followed by white space or the end of the text.
fn at_dash_indicator(text: &str, at: usize) -> bool {
    let rest = text.as_bytes().get(at..).unwrap_or_default();
    rest.first() == Some(&b'-')
        && rest.get(1).is_none_or(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn child_keys_differ_for_near_tokens() {
        let mut seen = std::collections::HashSet::new();
        for parent in 0..50u32 {
            for i in 0..2_000 {
                assert!(seen.insert(child_key(parent, format!("key{i}").as_bytes())));
            }
            assert!(seen.insert(child_key(parent, b"")));
            assert!(seen.insert(child_key(parent, b"\0")));
            assert!(seen.insert(child_key(parent, b"\0\0\0\0\0\0\0\0")));
        }
    }
}
