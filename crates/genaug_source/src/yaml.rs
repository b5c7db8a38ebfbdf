//! The YAML loader: granit-parser events → `serde_json::Value`, iteratively (an explicit stack of
//! open collections, never recursion), with the depth, node and alias-expansion budgets of
//! [`ParseLimits`].
//!
//! Semantics beyond the core schema (see `scalar.rs`):
//! - mapping keys are scalars and become their source text (`200:` → `"200"`, `true:` → `"true"`);
//!   an alias used as a key becomes the JSON text of its scalar; a collection as key is an error;
//! - duplicate keys are a syntax error at the second key;
//! - anchors/aliases are expanded (deep copies), counted against `max_nodes`, and the nodes made by
//!   aliases may not exceed `max(ALIAS_FLOOR, ALIAS_RATIO × nodes written out)`, so a "billion laughs"
//!   fails after at most a few hundred thousand copied nodes whatever `max_nodes` is;
//! - merge keys (`<<: *base`, `<<: [*a, *b]`, `<<: {inline}`): keys written in the mapping win,
//!   then earlier sources over later ones; merged keys take the place of the `<<` entry;
//! - one document per file; a second one is an error.

use std::collections::HashMap;
use std::sync::Arc;

use granit_parser::{ErrorKind, Event, Options, Parser, ScanError};
use serde_json::{Map, Value};

use crate::{ParseLimits, SourceError, SourceFile, Span};

/// Nodes aliases may always produce, whatever the document's size.
pub(crate) const ALIAS_FLOOR: usize = 100_000;
/// Beyond the floor, aliases may produce this many nodes per node written out in the text.
pub(crate) const ALIAS_RATIO: usize = 10;

/// granit options: no comment events (we ignore them), and nesting caps above ours so that our
/// own depth check (which sees flow and block nesting together, at the exact node) reports first:
/// granit's scanner looks up to 1024 characters ahead for simple keys, so within that window it
/// may open ~1024 more collections than the parser has reported. The caps still bound granit's
/// own (heap) stacks on hostile input.
pub(crate) fn options(max_depth: usize) -> Options {
    let mut options = Options::default();
    options.set_emit_comments(false);
    let cap = max_depth.saturating_add(1100);
    options.flow_nesting_limit = cap;
    options.block_nesting_limit = cap;
    options
}

pub(crate) fn byte_span(span: &granit_parser::Span) -> Span {
    let start = span.start.byte_offset().unwrap_or(0);
    let end = span.end.byte_offset().unwrap_or(start).max(start);
    Span::new(start, end)
}

/// A span covering the character at `offset` (empty at the end of the text).
pub(crate) fn char_span(text: &str, offset: usize) -> Span {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let len = text[offset..].chars().next().map_or(0, char::len_utf8);
    Span::new(offset, offset + len)
}

/// Converts a granit error into ours.
pub(crate) fn scan_error(
    file: &Arc<SourceFile>,
    error: &ScanError,
    limits: ParseLimits,
) -> SourceError {
    let span = char_span(file.text(), error.marker().byte_offset().unwrap_or(0));
    match error.kind() {
        ErrorKind::RecursionLimitExceeded => {
            SourceError::TooDeep { file: file.clone(), span, limit: limits.max_depth }
        }
        kind => SourceError::Syntax { file: file.clone(), span, message: kind.to_string() },
    }
}

pub(crate) fn load(file: &Arc<SourceFile>, limits: ParseLimits) -> Result<Value, SourceError> {
    let mut loader = Loader {
        file,
        limits,
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        alias_nodes: 0,
        root: None,
        documents: 0,
    };
    for event in Parser::new_from_str_with_options(file.text(), options(limits.max_depth)) {
        let (event, span) = event.map_err(|e| scan_error(file, &e, limits))?;
        loader.event(event, byte_span(&span))?;
    }
    Ok(loader.root.unwrap_or(Value::Null))
}

struct Loader<'f> {
    file: &'f Arc<SourceFile>,
    limits: ParseLimits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchor>,
    /// Nodes made so far, alias copies included.
    nodes: usize,
    /// Nodes made by alias expansion.
    alias_nodes: usize,
    root: Option<Value>,
    documents: usize,
}

struct Anchor {
    value: Value,
    /// A scalar's source text (what it becomes as a mapping key).
    text: Option<String>,
    nodes: usize,
    height: usize,
}

struct Frame {
    collection: Collection,
    anchor: usize,
    start: usize,
    nodes_before: usize,
    /// Greatest height among the children (a scalar has height 0, a collection 1 + its children's).
    child_height: usize,
}

enum Collection {
    Seq(Vec<Value>),
    Map(MapFrame),
}

struct MapFrame {
    map: Map<String, Value>,
    key: Option<PendingKey>,
    merge: Option<Merge>,
    /// The span of the `<<` key, once seen (a second one is a duplicate key).
    merge_key: Option<Span>,
}

struct PendingKey {
    text: String,
    merge: bool,
}

struct Merge {
    /// Number of explicit entries before the `<<` entry.
    position: usize,
    sources: Vec<Map<String, Value>>,
}

impl Loader<'_> {
    fn syntax(&self, span: Span, message: String) -> SourceError {
        SourceError::Syntax { file: self.file.clone(), span, message }
    }

    fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame { collection: Collection::Map(m), .. }) if m.key.is_none())
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), SourceError> {
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    let message =
                        "a second YAML document starts here; genaug reads one document per file"
                            .into();
                    return Err(self.syntax(span, message));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                if self.expects_key() {
                    let merge =
                        text == "<<" && style == granit_parser::ScalarStyle::Plain && tag.is_none();
                    if anchor != 0 {
                        let value = crate::scalar::resolve(&text, style, tag.as_deref())
                            .unwrap_or_else(|_| Value::String(text.to_string()));
                        let text = Some(text.to_string());
                        self.anchors.insert(anchor, Anchor { value, text, nodes: 1, height: 0 });
                    }
                    self.set_key(text.into_owned(), merge, span)?;
                } else {
                    let value = crate::scalar::resolve(&text, style, tag.as_deref())
                        .map_err(|message| self.syntax(span, message))?;
                    self.count(1, false, span)?;
                    if anchor != 0 {
                        let text = Some(text.into_owned());
                        self.anchors.insert(
                            anchor,
                            Anchor { value: value.clone(), text, nodes: 1, height: 0 },
                        );
                    }
                    self.complete(value, span, 0, 1, 0)?;
                }
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                if self.expects_key() {
                    let message =
                        "a mapping key must be a scalar (genaug reads JSON-compatible YAML)".into();
                    return Err(self.syntax(span, message));
                }
                if self.stack.len() >= self.limits.max_depth {
                    return Err(SourceError::TooDeep {
                        file: self.file.clone(),
                        span: Span::new(
                            span.start,
                            span.end.max(span.start + 1).min(self.file.text().len()),
                        ),
                        limit: self.limits.max_depth,
                    });
                }
                self.count(1, false, span)?;
                let collection = if matches!(event, Event::SequenceStart(..)) {
                    Collection::Seq(Vec::new())
                } else {
                    Collection::Map(MapFrame {
                        map: Map::new(),
                        key: None,
                        merge: None,
                        merge_key: None,
                    })
                };
                self.stack.push(Frame {
                    collection,
                    anchor,
                    start: span.start,
                    nodes_before: self.nodes - 1,
                    child_height: 0,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let frame = self.stack.pop().expect("granit balances collection events");
                // At their exact size, as `json::Strict` reads them (grown by doubling, a
                // quarter of a spec's tree would be spare capacity).
                let value = match frame.collection {
                    Collection::Seq(mut items) => {
                        items.shrink_to_fit();
                        Value::Array(items)
                    }
                    Collection::Map(m) => Value::Object(match m.merge {
                        Some(merge) => apply_merge(m.map, merge),
                        None => exact(m.map),
                    }),
                };
                let nodes = self.nodes - frame.nodes_before;
                let span = Span::new(frame.start, span.end.max(frame.start));
                self.complete(value, span, frame.child_height + 1, nodes, frame.anchor)?;
            }
            Event::Alias(id) => {
                let Some(anchor) = self.anchors.get(&id) else {
                    let message =
                        "this alias refers to a node that contains it (recursive alias)".into();
                    return Err(self.syntax(span, message));
                };
                if self.expects_key() {
                    let Some(text) = anchor.text.clone() else {
                        let message =
                            "a mapping key must be a scalar, but this alias names a collection"
                                .into();
                        return Err(self.syntax(span, message));
                    };
                    return self.set_key(text, false, span);
                }
                let (nodes, height) = (anchor.nodes, anchor.height);
                self.count(nodes, true, span)?;
                if self.stack.len() + height > self.limits.max_depth {
                    return Err(SourceError::TooDeep {
                        file: self.file.clone(),
                        span,
                        limit: self.limits.max_depth,
                    });
                }
                let value = self.anchors[&id].value.clone();
                self.complete(value, span, height, nodes, 0)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn count(&mut self, nodes: usize, from_alias: bool, span: Span) -> Result<(), SourceError> {
        self.nodes = self.nodes.saturating_add(nodes);
        let mut limit = self.limits.max_nodes;
        if from_alias {
            self.alias_nodes = self.alias_nodes.saturating_add(nodes);
            let written = self.nodes - self.alias_nodes;
            let allowance = ALIAS_FLOOR.max(written.saturating_mul(ALIAS_RATIO));
            if self.alias_nodes > allowance {
                limit = limit.min(written.saturating_add(allowance));
            }
        }
        if self.nodes > limit {
            return Err(SourceError::TooManyNodes { file: self.file.clone(), span, limit });
        }
        Ok(())
    }

    fn set_key(&mut self, text: String, merge: bool, span: Span) -> Result<(), SourceError> {
        let Some(Frame { collection: Collection::Map(m), .. }) = self.stack.last_mut() else {
            unreachable!("set_key is only called when a mapping expects a key")
        };
        let duplicate = if merge { m.merge_key.is_some() } else { m.map.contains_key(&text) };
        if duplicate {
            let message = format!("duplicate key `{text}` in this mapping");
            return Err(self.syntax(span, message));
        }
        if merge {
            m.merge_key = Some(span);
        }
        m.key = Some(PendingKey { text, merge });
        Ok(())
    }

    /// A node is complete: record its anchor and hand it to its parent.
    fn complete(
        &mut self,
        value: Value,
        span: Span,
        height: usize,
        nodes: usize,
        anchor: usize,
    ) -> Result<(), SourceError> {
        if anchor != 0 {
            self.anchors.insert(anchor, Anchor { value: value.clone(), text: None, nodes, height });
        }
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(value);
            return Ok(());
        };
        frame.child_height = frame.child_height.max(height);
        match &mut frame.collection {
            Collection::Seq(items) => items.push(value),
            Collection::Map(m) => {
                let key = m.key.take().expect("a value follows its key");
                if !key.merge {
                    m.map.insert(key.text, value);
                    return Ok(());
                }
                let position = m.map.len();
                let sources = match value {
                    Value::Object(map) => vec![map],
                    Value::Array(items) if items.iter().all(Value::is_object) => items
                        .into_iter()
                        .filter_map(|v| match v {
                            Value::Object(map) => Some(map),
                            _ => None,
                        })
                        .collect(),
                    _ => {
                        let message =
                            "the value of a merge key `<<` must be a mapping or a list of mappings"
                                .into();
                        return Err(self.syntax(span, message));
                    }
                };
                m.merge = Some(Merge { position, sources });
            }
        }
        Ok(())
    }
}

/// Splices the merged keys in at the `<<` entry's place; explicit keys win, then earlier sources.
fn apply_merge(explicit: Map<String, Value>, merge: Merge) -> Map<String, Value> {
    let mut merged = Map::new();
    for source in merge.sources {
        for (key, value) in source {
            if !explicit.contains_key(&key) && !merged.contains_key(&key) {
                merged.insert(key, value);
            }
        }
    }
    let mut out = Map::with_capacity(explicit.len() + merged.len());
    let mut merged = Some(merged);
    for (i, (key, value)) in explicit.into_iter().enumerate() {
        if i == merge.position {
            out.extend(merged.take().into_iter().flatten());
        }
        out.insert(key, value);
    }
    out.extend(merged.into_iter().flatten());
    out
}

/// `map` moved into a map allocated at its exact size.
fn exact(map: Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::with_capacity(map.len());
    out.extend(map);
    out
}
