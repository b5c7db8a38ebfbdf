//! A loaded file: its text, its format, and lazily built position indexes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::Value;

use crate::{ParseLimits, SourceError};

/// A half-open byte range `start..end` into a file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A 1-based line and 1-based column counted in Unicode scalar values (SARIF's `unicodeCodePoints`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// How a file's text is parsed: decided by content, not by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    /// JSON when the first non-whitespace byte opens an object or array, YAML otherwise.
    pub fn sniff(text: &str) -> Format {
        match text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']).as_bytes().first() {
            Some(b'{') | Some(b'[') => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// One file genaug read. `name` is what the user gave (a relative path, a URL, or `<stdin>`) and is
/// what diagnostics and generated files show — never an absolute path the user did not type.
pub struct SourceFile {
    name: String,
    text: String,
    format: Format,
    /// Start offsets of the lines, found so far (up to the largest offset asked for).
    line_starts: Mutex<LineStarts>,
    spans: OnceLock<crate::file::SpanIndexSlot>,
    /// Pointers located without the index ([`SourceFile::prefetch_spans`]).
    located: Mutex<HashMap<String, crate::locate::Located>>,
}

/// The pointer → span index, built on first use (see `spans.rs`).
pub(crate) type SpanIndexSlot = Option<crate::spans::SpanIndex>;

impl std::fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceFile")
            .field("name", &self.name)
            .field("format", &self.format)
            .finish()
    }
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let format = Format::sniff(&text);
        Self {
            name: name.into(),
            text,
            format,
            line_starts: Mutex::new(LineStarts {
                starts: vec![0],
                scanned: 0,
                char_marks: vec![0],
            }),
            spans: OnceLock::new(),
            located: Mutex::new(HashMap::new()),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn text(&self) -> &str {
        &self.text
    }
    pub fn format(&self) -> Format {
        self.format
    }

    /// Parses the whole text into a value tree with the default limits.
    pub fn parse(self: &Arc<Self>) -> Result<Value, SourceError> {
        self.parse_with(ParseLimits::default())
    }

    /// Parses the whole text. JSON goes through serde_json (fast path, no positions kept);
    /// YAML through the event loader. Errors carry a byte span into this file.
    pub fn parse_with(self: &Arc<Self>, limits: ParseLimits) -> Result<Value, SourceError> {
        crate::load::parse(self, limits)
    }

    /// The byte span of the value at `pointer` (RFC 6901), or of its nearest existing ancestor
    /// when the pointer names something missing. Builds the index on first call.
    pub fn span_of(&self, pointer: &str) -> Option<Span> {
        if let Some(found) = self.prefetched(pointer) {
            return Some(found.value);
        }
        self.span_index().and_then(|index| index.value_span(pointer))
    }

    /// The byte span of the mapping key whose value is at `pointer` (the key a reviewer edits),
    /// falling back to the value span for sequence items and the document root.
    pub fn key_span_of(&self, pointer: &str) -> Option<Span> {
        if let Some(found) = self.prefetched(pointer) {
            return Some(found.key);
        }
        self.span_index().and_then(|index| index.key_span(pointer))
    }

    /// Prepares the spans of `pointers` so that [`SourceFile::span_of`] and
    /// [`SourceFile::key_span_of`] answer them without building the index of the whole file.
    /// For JSON that is one pass over the text that skips everything off the pointers' paths
    /// (`locate.rs`); other formats, or a text that pass does not handle, get the full index.
    /// Worth calling before asking for the spans of a few pointers in a large file.
    pub fn prefetch_spans<'p>(&self, pointers: impl IntoIterator<Item = &'p str>) {
        if self.spans.get().is_some() {
            return;
        }
        if self.format != Format::Json {
            self.span_index();
            return;
        }
        let Ok(mut located) = self.located.lock() else { return };
        let mut wanted: Vec<&str> =
            pointers.into_iter().filter(|p| !located.contains_key(*p)).collect();
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            return;
        }
        match crate::locate::locate(&self.text, &wanted) {
            Some(found) => {
                for (pointer, span) in wanted.into_iter().zip(found) {
                    located.insert(pointer.to_owned(), span);
                }
            }
            None => {
                drop(located);
                self.span_index();
            }
        }
    }

    fn prefetched(&self, pointer: &str) -> Option<crate::locate::Located> {
        if self.spans.get().is_some() {
            return None;
        }
        self.located.lock().ok()?.get(pointer).copied()
    }

    fn span_index(&self) -> Option<&crate::spans::SpanIndex> {
        self.spans.get_or_init(|| crate::spans::SpanIndex::build(self)).as_ref()
    }

    /// 1-based line and column of a byte offset. Lines are counted only as far as the largest
    /// offset asked for (findings near the top of a large file do not pay for the rest).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let (line, column) = {
            let Ok(mut lines) = self.line_starts.lock() else {
                return LineCol { line: 1, column: offset + 1 };
            };
            // A newline at `i` starts a line at `i + 1`: those before `offset` are all it needs.
            if offset > lines.scanned {
                let from = lines.scanned;
                let bytes = self.text.as_bytes().get(from..offset).unwrap_or_default();
                lines.starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| from + i + 1));
                lines.scanned = offset;
            }
            let line = lines.starts.partition_point(|&s| s <= offset);
            let start = lines.starts[line - 1];
            let bytes = self.text.as_bytes();
            // Columns count characters from the line's start. A minified document is one line,
            // and counting from its start for each of thousands of findings was quadratic
            // (54 s for Microsoft Graph's 47 MB with `--format json`): long stretches are
            // counted once, in blocks, and each query counts at most one block.
            let column = if offset - start <= 2 * CHAR_BLOCK {
                char_starts(&bytes[start..offset])
            } else {
                lines.chars_before(bytes, offset) - lines.chars_before(bytes, start)
            };
            (line, column)
        };
        LineCol { line, column: column + 1 }
    }

    /// The line holding byte `offset`, without its line break.
    pub fn line_bounds(&self, offset: usize) -> Span {
        let bytes = self.text.as_bytes();
        let offset = offset.min(bytes.len());
        let start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[offset..]).map_or(bytes.len(), |i| offset + i);
        Span::new(start, end)
    }
}

/// Characters per block of [`LineStarts::char_marks`].
const CHAR_BLOCK: usize = 4096;

/// [`SourceFile::line_col`]'s memory: the line starts in `text[..scanned]`, and the number of
/// characters before each block boundary, as far as a long line needed them.
struct LineStarts {
    starts: Vec<usize>,
    scanned: usize,
    /// `char_marks[k]`: characters in `text[..k * CHAR_BLOCK]`.
    char_marks: Vec<usize>,
}

impl LineStarts {
    /// Characters in `bytes[..offset]` (`offset` a character boundary).
    fn chars_before(&mut self, bytes: &[u8], offset: usize) -> usize {
        let block = offset / CHAR_BLOCK;
        while self.char_marks.len() <= block {
            let k = self.char_marks.len() - 1;
            let from = k * CHAR_BLOCK;
            let to = (from + CHAR_BLOCK).min(bytes.len());
            self.char_marks.push(self.char_marks[k] + char_starts(&bytes[from..to]));
        }
        self.char_marks[block] + char_starts(&bytes[block * CHAR_BLOCK..offset])
    }
}

/// How many characters start in `bytes`: every byte but UTF-8 continuation bytes (0x80..=0xBF),
/// so any byte range can be counted, whether or not it starts on a character boundary.
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines are counted incrementally; asking in any order gives what counting from the top
    /// gives, at every offset (line starts, newlines themselves, multi-byte characters, the end).
    #[test]
    fn line_col_in_any_order_matches_counting_from_the_top() {
        let text = "a\nbé\n\n  c: d\r\nlast";
        let naive = |offset: usize| {
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            LineCol { line, column: before[start..].chars().count() + 1 }
        };
        let offsets: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let mut order = offsets.clone();
        order.reverse();
        order.rotate_left(offsets.len() / 2);
        let file = SourceFile::new("t.yaml", text);
        for &offset in &order {
            assert_eq!(file.line_col(offset), naive(offset), "offset {offset}");
        }
        assert_eq!(SourceFile::new("empty", "").line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(10_000), naive(text.len()), "past the end clamps");
    }

    /// A minified document is one long line: columns there come from the block counts, and
    /// match counting from the line's start, multi-byte characters across block edges included.
    #[test]
    fn columns_on_a_long_line_match_counting_from_its_start() {
        let mut text = String::from("x\n");
        for i in 0..5_000 {
            text.push_str(if i % 7 == 0 { "\"é€😀\"," } else { "\"key\":1," });
        }
        text.push_str("\nend");
        let file = SourceFile::new("min.json", text.as_str());
        let offsets: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        for &offset in offsets.iter().rev().step_by(13).chain(offsets.iter().step_by(17)) {
            let before = &text[..offset];
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let expected = LineCol {
                line: before.matches('\n').count() + 1,
                column: before[start..].chars().count() + 1,
            };
            assert_eq!(file.line_col(offset), expected, "offset {offset}");
        }
        let bounds = file.line_bounds(10);
        assert_eq!((bounds.start, &text[bounds.end..bounds.end + 1]), (2, "\n"));
        assert_eq!(file.line_bounds(0), Span::new(0, 1));
        assert_eq!(file.line_bounds(text.len()), Span::new(text.len() - 3, text.len()));
    }
}
