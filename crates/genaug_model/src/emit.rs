//! Deterministic YAML for tool files and the manifest.

use crate::{Manifest, ToolFile};

/// First line of every tool file: editors validate and complete against the schema genaug writes
/// next to the tools (`<project>/schemas/`), so it works offline and matches the generator.
pub const TOOL_SCHEMA_HEADER: &str =
    "# yaml-language-server: $schema=../schemas/tool.schema.json\n";
/// First line of the manifest.
pub const MANIFEST_SCHEMA_HEADER: &str =
    "# yaml-language-server: $schema=schemas/manifest.schema.json\n";

/// The tool file's bytes: schema header, fields in struct order, LF, final newline.
pub fn emit_tool(tool: &ToolFile) -> String {
    with_header(TOOL_SCHEMA_HEADER, tool)
}

/// The manifest's bytes.
pub fn emit_manifest(manifest: &Manifest) -> String {
    with_header(MANIFEST_SCHEMA_HEADER, manifest)
}

fn with_header<T: serde::Serialize>(header: &str, value: &T) -> String {
    // Written straight after the header, into room for a typical tool file (GitHub's: 4.5 KB
    // on average), rather than into a growing string that is then copied.
    let mut text = String::with_capacity(8 << 10);
    text.push_str(header);
    serde_saphyr::to_fmt_writer(&mut text, value).expect("model types always serialise to YAML");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// The top-level keys whose sections differ between two files as [`emit_tool`] or
/// [`emit_manifest`] writes them (block style: a top-level key starts a line, everything until
/// the next such line is its value), in `new`'s order, then the keys only `old` has. Emitting is
/// canonical, so equal values give equal sections: this compares two tools without their value
/// trees.
pub fn changed_keys_in_text(old: &str, new: &str) -> Vec<String> {
    let old_sections = top_level_sections(old);
    let new_sections = top_level_sections(new);
    let mut keys: Vec<String> = new_sections
        .iter()
        .filter(|(key, section)| !old_sections.iter().any(|(k, s)| k == key && s == section))
        .map(|(key, _)| (*key).to_owned())
        .collect();
    keys.extend(
        old_sections
            .iter()
            .filter(|(key, _)| !new_sections.iter().any(|(k, _)| k == key))
            .map(|(key, _)| (*key).to_owned()),
    );
    keys
}

/// `(key, section)` for every top-level key of an emitted file, the section being its lines.
fn top_level_sections(text: &str) -> Vec<(&str, &str)> {
    let mut sections: Vec<(&str, usize)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let key = line.split_once(':').map(|(key, _)| key).filter(|key| {
            !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        });
        if let Some(key) = key {
            sections.push((key, offset));
        }
        offset += line.len();
    }
    let ends = sections.iter().skip(1).map(|(_, start)| *start).chain([text.len()]);
    sections
        .iter()
        .zip(ends.collect::<Vec<_>>())
        .map(|((key, start), end)| (*key, &text[*start..end]))
        .collect()
}
