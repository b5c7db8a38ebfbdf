//! ## What it flags
//!
//! A tool file whose `id` differs from its file name without the extension
//! (`tools/repos_get.yaml` containing `id: repos_list`).
//!
//! ## Why it matters to a reviewer
//!
//! Reviewers, `git blame` and the policy all find a tool by its file name, while the model calls it
//! by its id: when the two differ, a review of one file approves a different tool.
//!
//! ## Example
//!
//! ```yaml
//! # tools/repos_get.yaml
//! id: repos_list
//! ```
//!
//! ## How to fix
//!
//! Rename the file to `<id>.yaml`, or restore the id genaug generated.

use genaug_model::ToolFile;

use crate::rules::prelude::*;

pub(crate) const META: RuleDef = RuleDef {
    name: "file-name-mismatch",
    family: Family::Structure,
    severity: Severity::Error,
    scope: Scope::File,
    summary: "a tool file's id differs from its file name",
    source: include_str!("file_name_mismatch.rs"),
};

pub(crate) fn check(tool: &ToolFile, loaded: &LoadedTool, _ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    if tool.id != loaded.stem {
        let violation = FileNameMismatch { id: &tool.id, stem: &loaded.stem };
        out.push(Finding::about(&tool.id, violation.into_diagnostic(&loaded.file)));
    }
}

struct FileNameMismatch<'a> {
    id: &'a str,
    stem: &'a str,
}

impl FileNameMismatch<'_> {
    fn into_diagnostic(self, file: &Arc<SourceFile>) -> Diagnostic {
        Rule::FileNameMismatch
            .diagnostic(format!("id `{}` differs from the file name `{}`", self.id, self.stem))
            .with_primary(Label::at(file, "/id"))
            .with_help(format!("rename the file to `{}.yaml`, or set `id: {}`", self.id, self.stem))
    }
}
