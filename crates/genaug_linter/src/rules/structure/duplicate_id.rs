//! ## What it flags
//!
//! Two or more tool files with the same `id`. The first file (in file-name order) is the
//! original; every other one is reported, pointing at its `id` with a secondary label on the first.
//!
//! This is a whole-set rule: when only some files are linted (pre-commit passes the changed
//! files), it compares only the files given and says so in an info finding.
//!
//! ## Why it matters to a reviewer
//!
//! A model sees one name for two different HTTP operations; which one runs depends on load order,
//! so the reviewed tool may not be the one that is called.
//!
//! ## Example
//!
//! ```yaml
//! # tools/repos_get.yaml      id: repos_get
//! # tools/repos_get_copy.yaml id: repos_get   ← reported here
//! ```
//!
//! ## How to fix
//!
//! Delete the copy, or give it its own id and file name.

use std::collections::HashMap;

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "duplicate-id",
    family: Family::Structure,
    severity: Severity::Error,
    scope: Scope::ToolSet,
    summary: "two tool files have the same id",
    source: include_str!("duplicate_id.rs"),
};

pub(crate) fn check(tools: &[LoadedTool], ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let mut files: Vec<(&str, &LoadedTool)> = tools
        .iter()
        .filter_map(|loaded| loaded.tool.as_ref().map(|t| (t.id.as_str(), loaded)))
        .collect();
    files.sort_by(|a, b| a.1.file.name().cmp(b.1.file.name()));
    let mut first: HashMap<&str, &LoadedTool> = HashMap::new();
    for (id, loaded) in files {
        match first.get(id) {
            None => {
                first.insert(id, loaded);
            }
            Some(original) => {
                let violation = DuplicateId { id, original: &original.file };
                out.push(Finding::about(id, violation.into_diagnostic(&loaded.file)));
            }
        }
    }
    if ctx.partial && !tools.is_empty() {
        out.push(Finding::general(
            Diagnostic::info(
                Rule::DuplicateId.code(),
                format!(
                    "duplicate ids were checked only among the {} given, not the whole tools/ folder",
                    if tools.len() == 1 { "1 file".to_owned() } else { format!("{} files", tools.len()) }
                ),
            )
            .with_help("run `genaug lint` on the project folder to compare every tool file"),
        ));
    }
}

struct DuplicateId<'a> {
    id: &'a str,
    original: &'a Arc<SourceFile>,
}

impl DuplicateId<'_> {
    fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        Rule::DuplicateId
            .diagnostic(format!("id `{}` is already used by `{}`", self.id, self.original.name()))
            .with_primary(Label::at(file, "/id"))
            .with_secondary(Label::at(self.original, "/id").with_message("first defined here"))
            .with_help("delete the copy, or give it its own id and file name")
    }
}
