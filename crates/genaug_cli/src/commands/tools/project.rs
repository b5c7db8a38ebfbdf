//! Opening an agent project for the review commands (`tools`, `verify`, `report`, `deploy`):
//! the manifest, every tool file and the policy next to the manifest, read as they are on disk.
//! Nothing here writes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use genaug_diagnostics::{Diagnostic, Label};
use genaug_model::{Manifest, RiskLevel, ToolFile};
use genaug_source::SourceFile;

use crate::codes;
use crate::exit_status::ExitStatus;
use crate::output::Output;

pub(crate) const MANIFEST: &str = "genaug-agent.yaml";
pub(crate) const POLICY: &str = "genaug-policy.yaml";

/// A project folder as the review commands see it.
#[derive(Debug)]
pub(crate) struct Project {
    /// The folder on disk.
    pub(crate) dir: PathBuf,
    /// The folder as the user named it (`.` when it is the current folder), `/`-separated.
    pub(crate) display: String,
    pub(crate) manifest_file: Arc<SourceFile>,
    pub(crate) manifest: Manifest,
    /// Tool files sorted by id.
    pub(crate) tools: Vec<ProjectTool>,
    /// `genaug-policy.yaml` next to the manifest, when it exists.
    pub(crate) policy: Option<Arc<SourceFile>>,
}

/// One tool file.
#[derive(Debug)]
pub(crate) struct ProjectTool {
    pub(crate) path: PathBuf,
    pub(crate) file: Arc<SourceFile>,
    pub(crate) tool: ToolFile,
}

impl Project {
    /// `rel` inside the project, named for people (`acme/tools/x.yaml`, or `tools/x.yaml` in `.`).
    pub(crate) fn show(&self, rel: &str) -> String {
        if self.display == "." { rel.to_owned() } else { format!("{}/{rel}", self.display) }
    }

    pub(crate) fn policy_path(&self) -> PathBuf {
        self.dir.join(POLICY)
    }

    pub(crate) fn find(&self, id: &str) -> Option<&ProjectTool> {
        self.tools.iter().find(|t| t.tool.id == id)
    }

    /// Every tool id, sorted.
    pub(crate) fn ids(&self) -> impl Iterator<Item = &str> {
        self.tools.iter().map(|t| t.tool.id.as_str())
    }

    /// Lints the project as `genaug lint` would (the policy next to the manifest, today's date).
    pub(crate) fn lint(&self) -> genaug_linter::LintOutcome {
        genaug_linter::lint(&genaug_linter::LintRequest {
            tools: self.tools.iter().map(|t| t.file.clone()).collect(),
            manifest: Some(self.manifest_file.clone()),
            policy: self.policy.clone(),
            partial: false,
            expected: None,
            today: today(),
        })
    }
}

/// Opens the project named by `--project`: a folder holding `genaug-agent.yaml`, or the manifest
/// itself; the current folder when absent.
pub(crate) fn open(arg: Option<&Path>) -> Result<Project, Box<Diagnostic>> {
    let given = arg.unwrap_or(Path::new("."));
    let (dir, manifest_path) = if given.is_file() {
        let dir = given.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        (dir.to_path_buf(), given.to_path_buf())
    } else {
        (given.to_path_buf(), given.join(MANIFEST))
    };
    let display = display_of(&dir);
    if !manifest_path.is_file() {
        return Err(Box::new(
            Diagnostic::error(
                codes::NO_PROJECT,
                format!("no genaug project at `{}`: `{MANIFEST}` not found", display),
            )
            .with_help(
                "pass `--project` with the folder `genaug integrate` created, or its genaug-agent.yaml",
            ),
        ));
    }
    let manifest_name =
        if display == "." { MANIFEST.to_owned() } else { format!("{display}/{MANIFEST}") };
    let manifest_file = read_source(&manifest_path, manifest_name)?;
    let value = manifest_file.parse().map_err(|e| Box::new(Diagnostic::from(e)))?;
    let manifest = Manifest::from_value(&value)
        .map_err(|error| invalid(&manifest_file, &error, "manifest"))?;

    let mut project = Project {
        dir: dir.clone(),
        display,
        manifest_file,
        manifest,
        tools: Vec::new(),
        policy: None,
    };
    let tools_dir = dir.join(&project.manifest.tools_dir);
    let mut entries: Vec<(String, PathBuf)> = match std::fs::read_dir(&tools_dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
            .filter(|(name, path)| {
                name.ends_with(".yaml") && !name.starts_with('.') && path.is_file()
            })
            .collect(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(error) => {
            return Err(Box::new(Diagnostic::error(
                codes::READ_PROJECT,
                format!("cannot read `{}`: {error}", tools_dir.display()),
            )));
        }
    };
    entries.sort();
    for (name, path) in entries {
        let rel = format!("{}/{name}", project.manifest.tools_dir.trim_end_matches('/'));
        let file = read_source(&path, project.show(&rel))?;
        let value = file.parse().map_err(|e| Box::new(Diagnostic::from(e)))?;
        let tool = ToolFile::from_value(&value).map_err(|e| invalid(&file, &e, "tool file"))?;
        project.tools.push(ProjectTool { path, file, tool });
    }
    project.tools.sort_by(|a, b| a.tool.id.cmp(&b.tool.id));
    let policy_path = project.policy_path();
    if policy_path.is_file() {
        project.policy = Some(read_source(&policy_path, project.show(POLICY))?);
    }
    Ok(project)
}

fn display_of(dir: &Path) -> String {
    let text = dir.to_string_lossy().replace('\\', "/");
    let text = text.trim_end_matches('/');
    let text = text.strip_prefix("./").unwrap_or(text);
    if text.is_empty() { ".".to_owned() } else { text.to_owned() }
}

pub(crate) fn read_source(path: &Path, name: String) -> Result<Arc<SourceFile>, Box<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|error| {
        Box::new(
            Diagnostic::error(codes::READ_PROJECT, format!("cannot read `{name}`: {error}"))
                .with_help("check the project folder's permissions"),
        )
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Arc::new(SourceFile::new(name, text))),
        Err(_) => Err(Box::new(
            Diagnostic::error(codes::INVALID_EXISTING_FILE, format!("`{name}` is not UTF-8 text"))
                .with_help("save the file as UTF-8"),
        )),
    }
}

fn invalid(file: &Arc<SourceFile>, error: &genaug_model::ReadError, what: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(
            codes::INVALID_EXISTING_FILE,
            format!("`{}` is not a valid {what}", file.name()),
        )
        .with_primary(Label::at(file, error.pointer.clone()).with_message(error.message.clone()))
        .with_help("fix the file, or regenerate it with `genaug integrate`"),
    )
}

/// Prints a failure for people and returns exit status 2.
pub(crate) fn fail(output: &Output, failure: Diagnostic) -> ExitStatus {
    output.diagnostics_human(vec![failure]);
    ExitStatus::Failure
}

/// The risk the linter holds a tool to: its `risk_level`, or its method's default when higher.
pub(crate) fn effective_risk(tool: &ToolFile) -> RiskLevel {
    tool.risk_level.max(tool.risk.method_default)
}

pub(crate) use crate::common::{sha256_hex, today};

/// The id closest to `wanted` by edit distance, when it is close enough to be a likely typo.
pub(crate) fn closest<'a>(wanted: &str, ids: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    ids.map(|id| (crate::common::edit_distance(&wanted_lower, &id.to_lowercase()), id))
        .filter(|(distance, id)| *distance <= (id.chars().count().max(wanted.len()) / 3).max(2))
        .min()
        .map(|(_, id)| id)
}

/// An unknown tool id, with the closest known id as help.
pub(crate) fn unknown_tool(project: &Project, id: &str) -> Diagnostic {
    let help = match closest(id, project.ids()) {
        Some(near) => format!("did you mean `{near}`? (`genaug tools list` shows every id)"),
        None => "`genaug tools list` shows every id".to_owned(),
    };
    Diagnostic::error(codes::UNKNOWN_TOOL, format!("no tool `{id}` in `{}`", project.display))
        .with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_ids() {
        let ids = ["listPets", "showPetById", "createPets"];
        assert_eq!(closest("listpet", ids.into_iter()), Some("listPets"));
        assert_eq!(closest("showPetByID", ids.into_iter()), Some("showPetById"));
        assert_eq!(closest("deleteEverything", ids.into_iter()), None);
    }

    #[test]
    fn display_names() {
        assert_eq!(display_of(Path::new(".")), ".");
        assert_eq!(display_of(Path::new("./acme/")), "acme");
        assert_eq!(display_of(Path::new("a/b")), "a/b");
    }
}
