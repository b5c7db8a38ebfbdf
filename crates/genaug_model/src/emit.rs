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
