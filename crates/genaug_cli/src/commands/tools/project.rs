//! Opening an agent project for the review commands (`tools`, `verify`, `report`, `deploy`):
//! the manifest, every tool file and the policy next to the manifest, read as they are on disk.
//! Nothing here writes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use genaug_diagnostics::{Diagnostic, Label};
use genaug_model::{Manifest, RiskLevel, ToolFile};
use genaug_source::SourceFile;
use sha2::{Digest, Sha256};

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

/// Today in UTC, from the system clock.
pub(crate) fn today() -> genaug_linter::Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    genaug_linter::Date::new(y as u16, m as u8, d as u8).unwrap_or(genaug_linter::Date {
        year: 1970,
        month: 1,
        day: 1,
    })
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Lower-case hex SHA-256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The id closest to `wanted` by edit distance, when it is close enough to be a likely typo.
pub(crate) fn closest<'a>(wanted: &str, ids: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    ids.map(|id| (levenshtein(&wanted_lower, &id.to_lowercase()), id))
        .filter(|(distance, id)| *distance <= (id.chars().count().max(wanted.len()) / 3).max(2))
        .min()
        .map(|(_, id)| id)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
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
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(20_000), (2024, 10, 4));
    }

    #[test]
    fn closest_ids() {
        let ids = ["listPets", "showPetById", "createPets"];
        assert_eq!(closest("listpet", ids.into_iter()), Some("listPets"));
        assert_eq!(closest("showPetByID", ids.into_iter()), Some("showPetById"));
        assert_eq!(closest("deleteEverything", ids.into_iter()), None);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
    }

    #[test]
    fn display_names() {
        assert_eq!(display_of(Path::new(".")), ".");
        assert_eq!(display_of(Path::new("./acme/")), "acme");
        assert_eq!(display_of(Path::new("a/b")), "a/b");
    }
}
