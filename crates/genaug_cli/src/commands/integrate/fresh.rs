//! A freshly compiled tool as integrate keeps it: emitted as soon as it is compiled, and held as
//! its bytes plus the tool without its input schema. The schema value is most of a tool's memory
//! (Microsoft Graph beta: 22,361 tools, 3.6 GB of values for 619 MB of YAML); the bytes stand for
//! it. Only a tool whose reviewer-owned fields differ from the fresh ones is read back whole,
//! to be emitted again with the reviewer's values.

use std::sync::Arc;

use genaug_diagnostics::Diagnostic;
use genaug_model::{ToolFile, emit_tool};
use genaug_source::SourceFile;

use super::project::Bytes;
use crate::codes;

/// One freshly compiled tool.
#[derive(Debug, Clone)]
pub(crate) struct Fresh {
    /// The tool with `input_schema` left out (`null`): never emit this one.
    pub(crate) tool: ToolFile,
    /// The tool file's bytes, as [`emit_tool`] writes the whole tool.
    pub(crate) text: Text,
}

/// A tool file's bytes: emitted by this run, or the file on disk that holds exactly them (then
/// shared with it, so an up-to-date project's `--check` holds each file once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Text {
    Emitted(String),
    OnDisk(Bytes),
}

impl Text {
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Text::Emitted(text) => text.as_bytes(),
            Text::OnDisk(bytes) => bytes,
        }
    }

    pub(crate) fn into_bytes(self) -> Bytes {
        match self {
            Text::Emitted(text) => text.into_bytes().into(),
            Text::OnDisk(bytes) => bytes,
        }
    }

    pub(crate) fn to_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(self.as_bytes())
    }
}

impl Fresh {
    /// Emits `tool` and keeps its bytes without its schema value; `on_disk` is the tool's file
    /// in the project as it is, if any.
    pub(crate) fn new(mut tool: ToolFile, on_disk: Option<&Bytes>) -> Fresh {
        let emitted = emit_tool(&tool);
        tool.input_schema = serde_json::Value::Null;
        let text = match on_disk {
            Some(bytes) if **bytes == *emitted.as_bytes() => Text::OnDisk(bytes.clone()),
            _ => Text::Emitted(emitted),
        };
        Fresh { tool, text }
    }

    /// The bytes of `merged`: the fresh tool with some fields changed by regeneration (reviewer
    /// values kept). When nothing changed they are the fresh bytes; otherwise the input schema
    /// is read back from them and the whole tool emitted again.
    pub(crate) fn emit(self, merged: &ToolFile) -> Result<Text, Box<Diagnostic>> {
        if *merged == self.tool {
            return Ok(self.text);
        }
        let mut whole = merged.clone();
        whole.input_schema = self.read_back()?.input_schema;
        Ok(Text::Emitted(emit_tool(&whole)))
    }

    fn read_back(&self) -> Result<ToolFile, Box<Diagnostic>> {
        let file = Arc::new(SourceFile::new(format!("{}.yaml", self.tool.id), self.text.to_text()));
        let bug = |why: String| {
            Box::new(
                Diagnostic::error(
                    codes::GENERATED_TOOL_BUG,
                    format!(
                        "the generated tool file of `{}` does not read back: {why}",
                        self.tool.id
                    ),
                )
                .with_help("this is a bug in genaug; please report it with the spec"),
            )
        };
        let value = file.parse().map_err(|e| bug(e.to_string()))?;
        ToolFile::from_value(&value).map_err(|e| bug(e.message))
    }
}

#[cfg(test)]
mod tests {
    use genaug_compiler::{CompileOptions, compile};
    use genaug_openapi::{Document, LoadOptions};
    use genaug_source::Base;

    use super::*;

    fn galaxy_tools() -> Vec<ToolFile> {
        let path = genaug_testing::fixture("specs/scalar-galaxy/galaxy.yaml");
        let text = std::fs::read_to_string(&path).expect("fixture");
        let file = Arc::new(SourceFile::new("galaxy.yaml", text));
        let base = Base::Dir(path.parent().expect("folder").to_path_buf());
        let document = Document::load(file, base, LoadOptions::default()).expect("loads");
        compile(&document, &CompileOptions::default()).expect("compiles").tools
    }

    /// Whatever regeneration changes in the schema-less tool, the bytes are those of the whole
    /// tool with the same change, and a tool left as compiled keeps its fresh bytes.
    #[test]
    fn emitting_a_merged_tool_gives_the_bytes_of_the_whole_tool() {
        let tools = galaxy_tools();
        assert!(tools.len() > 5);
        for whole in tools {
            let fresh = Fresh::new(whole.clone(), None);
            assert!(fresh.tool.input_schema.is_null());
            assert_eq!(fresh.text, Text::Emitted(emit_tool(&whole)));
            assert_eq!(fresh.clone().emit(&fresh.tool.clone()).expect("emits"), fresh.text);
            // The same bytes on disk are shared, not held twice; other bytes are not taken.
            let on_disk: Bytes = emit_tool(&whole).into_bytes().into();
            let shared = Fresh::new(whole.clone(), Some(&on_disk));
            assert!(matches!(&shared.text, Text::OnDisk(bytes) if Arc::ptr_eq(bytes, &on_disk)));
            let edited: Bytes = b"# edited\n".as_slice().into();
            assert_eq!(Fresh::new(whole.clone(), Some(&edited)).text, fresh.text);

            let mut merged = fresh.tool.clone();
            merged.enabled = !merged.enabled;
            merged.description = "A reviewer's description.".into();
            merged.source.description_sha256 = "0123456789abcdef".into();
            let mut expected = whole.clone();
            expected.enabled = merged.enabled;
            expected.description = merged.description.clone();
            expected.source.description_sha256 = merged.source.description_sha256.clone();
            assert_eq!(
                shared.emit(&merged).expect("emits"),
                Text::Emitted(emit_tool(&expected)),
                "{}",
                whole.id
            );
        }
    }
}
