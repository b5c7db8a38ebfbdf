//! Which files one `genaug lint` run looks at, from the PATHS given.
//!
//! Every path is grouped under the project it belongs to: the nearest folder, at or above it,
//! holding `genaug-agent.yaml`. A project folder, its tools folder, its manifest or its policy
//! file means the whole project (all of `tools/`, whole-set rules on); tool files on their own
//! mean only those (`partial`: whole-set rules say they were skipped) — what pre-commit passes.
//! A folder outside any project is linted as a loose tools folder (no manifest), unless its
//! direct subfolders are projects, which are then linted each. Nothing here reads a file's
//! content except the manifest's `tools_dir`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use genaug_diagnostics::Diagnostic;

use crate::codes;

pub(crate) const MANIFEST: &str = "genaug-agent.yaml";
pub(crate) const POLICY: &str = "genaug-policy.yaml";
const DEFAULT_TOOLS: &str = "tools";

/// The files of one project (or of no project) to lint together. Paths are absolute.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Group {
    /// The project folder (holding the manifest), when there is one.
    pub(crate) root: Option<PathBuf>,
    /// Every tool file of the project was asked for.
    pub(crate) whole: bool,
    /// Tool files named on their own, or found in a loose tools folder.
    pub(crate) files: BTreeSet<PathBuf>,
}

impl Group {
    pub(crate) fn manifest(&self) -> Option<PathBuf> {
        self.root.as_ref().map(|root| root.join(MANIFEST))
    }

    /// The tool files to lint: all of the project's tools folder when `whole`, plus the files
    /// named on their own.
    pub(crate) fn tool_files(&self) -> std::io::Result<BTreeSet<PathBuf>> {
        let mut files = self.files.clone();
        if let (true, Some(root)) = (self.whole, &self.root) {
            files.extend(yaml_files(&root.join(tools_dir(root)))?);
        }
        Ok(files)
    }
}

/// Groups `paths` (relative to `cwd`, which is absolute) by project, in path order.
pub(crate) fn discover(paths: &[PathBuf], cwd: &Path) -> Result<Vec<Group>, Box<Diagnostic>> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &default[..] } else { paths };
    let mut groups: BTreeMap<Option<PathBuf>, Group> = BTreeMap::new();
    let mut add = |root: Option<PathBuf>, whole: bool, file: Option<PathBuf>| {
        let group =
            groups.entry(root.clone()).or_insert_with(|| Group { root, ..Group::default() });
        group.whole |= whole;
        group.files.extend(file);
    };
    for arg in paths {
        let path = normalize(&cwd.join(arg));
        if path.is_dir() {
            if let Some(root) = project_of(&path) {
                add(Some(root), true, None);
                continue;
            }
            let projects: Vec<PathBuf> = subfolders(&path)
                .map_err(|e| unreadable(arg, &e))?
                .into_iter()
                .filter(|dir| dir.join(MANIFEST).is_file())
                .collect();
            if !projects.is_empty() {
                for root in projects {
                    add(Some(root), true, None);
                }
                continue;
            }
            let files = yaml_files(&path).map_err(|e| unreadable(arg, &e))?;
            if files.is_empty() {
                return Err(nothing_to_lint(arg));
            }
            // A loose tools folder: all of its files are the whole set there is.
            for file in files {
                add(None, true, Some(file));
            }
        } else if path.is_file() {
            let parent = path.parent().unwrap_or(Path::new("/"));
            let root = project_of(parent);
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if (name == MANIFEST || name == POLICY) && root.is_some() {
                add(root, true, None);
            } else if name == POLICY {
                // A policy outside any project: checked on its own.
                add(None, false, None);
            } else {
                add(root, false, Some(path));
            }
        } else {
            return Err(Box::new(
                Diagnostic::error(
                    codes::LINT_NOTHING_TO_LINT,
                    format!("`{}` does not exist", arg.display()),
                )
                .with_help("pass a project folder (with genaug-agent.yaml), its tools folder, or tool files"),
            ));
        }
    }
    Ok(groups.into_values().collect())
}

fn nothing_to_lint(arg: &Path) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(
            codes::LINT_NOTHING_TO_LINT,
            format!(
                "no genaug project in `{}`: no {MANIFEST} there, above it or in its subfolders, and no tool files",
                arg.display()
            ),
        )
        .with_help("pass the project folder `genaug integrate` wrote, e.g. `genaug lint my-agent`"),
    )
}

fn unreadable(arg: &Path, error: &std::io::Error) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(
            codes::LINT_NOTHING_TO_LINT,
            format!("cannot list `{}`: {error}", arg.display()),
        )
        .with_help("check the folder's permissions"),
    )
}

/// The nearest folder at or above `dir` holding the manifest.
fn project_of(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().find(|d| d.join(MANIFEST).is_file()).map(Path::to_path_buf)
}

/// The tools folder recorded in the manifest (`tools_dir`), when it is a plain relative path;
/// else `tools`. A manifest that does not parse is the linter's to report.
pub(crate) fn tools_dir(root: &Path) -> PathBuf {
    let recorded = std::fs::read_to_string(root.join(MANIFEST))
        .ok()
        .and_then(|text| {
            let file = std::sync::Arc::new(genaug_source::SourceFile::new(MANIFEST, text));
            let value = file.parse().ok()?;
            value.get("tools_dir")?.as_str().map(str::to_owned)
        })
        .map(PathBuf::from)
        .filter(|dir| dir.components().all(|c| matches!(c, Component::Normal(_))));
    recorded.unwrap_or_else(|| PathBuf::from(DEFAULT_TOOLS))
}

/// `*.yaml` and `*.yml` files directly in `dir` (not hidden), sorted; none when `dir` is absent.
fn yaml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
        let yaml = name.ends_with(".yaml") || name.ends_with(".yml");
        if yaml && !name.starts_with('.') && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Direct subfolders of `dir`, sorted.
fn subfolders(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            dirs.push(path);
        }
    }
    dirs.sort();
    Ok(dirs)
}

pub(crate) use crate::common::normalize;

/// `path` relative to `cwd` (both absolute and normalised), with `..` where needed, `/`
/// separated: how lint shows file names. `.` for `cwd` itself.
pub(crate) fn relative(path: &Path, cwd: &Path) -> String {
    let path_parts: Vec<Component<'_>> = path.components().collect();
    let cwd_parts: Vec<Component<'_>> = cwd.components().collect();
    let common = path_parts.iter().zip(&cwd_parts).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path.to_string_lossy().into_owned();
    }
    let mut parts: Vec<String> = vec!["..".to_owned(); cwd_parts.len() - common];
    parts.extend(path_parts[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    if parts.is_empty() { ".".to_owned() } else { parts.join("/") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_names() {
        let cwd = Path::new("/w/repo");
        assert_eq!(relative(Path::new("/w/repo/p/tools/a.yaml"), cwd), "p/tools/a.yaml");
        assert_eq!(relative(Path::new("/w/repo"), cwd), ".");
        assert_eq!(relative(Path::new("/w/other/a.yaml"), cwd), "../other/a.yaml");
        assert_eq!(normalize(Path::new("/w/repo/./p/../q")), PathBuf::from("/w/repo/q"));
    }

    fn project(dir: &Path, name: &str, tools: &[&str]) -> PathBuf {
        let root = dir.join(name);
        std::fs::create_dir_all(root.join("tools")).unwrap();
        std::fs::write(root.join(MANIFEST), "tools_dir: tools\n").unwrap();
        for tool in tools {
            std::fs::write(root.join("tools").join(tool), "id: x\n").unwrap();
        }
        root
    }

    #[test]
    fn groups_by_project() {
        let temp = tempfile::tempdir().unwrap();
        let cwd = temp.path();
        let a = project(cwd, "a", &["x.yaml", "y.yml", ".hidden.yaml", "notes.txt"]);
        let b = project(cwd, "b", &["z.yaml"]);

        // The folder above two projects: both, whole.
        let groups = discover(&[], cwd).unwrap();
        assert_eq!(groups.len(), 2);
        assert!(groups.iter().all(|g| g.whole && g.files.is_empty()));
        let files = groups[0].tool_files().unwrap();
        assert_eq!(
            files.into_iter().collect::<Vec<_>>(),
            [a.join("tools/x.yaml"), a.join("tools/y.yml")]
        );

        // A tools folder and a manifest mean the whole project.
        for arg in ["a/tools", "a/genaug-agent.yaml", "a"] {
            let groups = discover(&[PathBuf::from(arg)], cwd).unwrap();
            assert_eq!(
                groups,
                [Group { root: Some(a.clone()), whole: true, files: BTreeSet::new() }],
                "{arg}"
            );
        }

        // Files alone are partial, grouped by project.
        let groups = discover(
            &[
                PathBuf::from("b/tools/z.yaml"),
                PathBuf::from("a/tools/x.yaml"),
                PathBuf::from("./a/tools/../tools/y.yml"),
            ],
            cwd,
        )
        .unwrap();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].root.as_deref(), Some(a.as_path()));
        assert!(!groups[0].whole);
        assert_eq!(groups[0].files.len(), 2);
        assert_eq!(groups[1].root.as_deref(), Some(b.as_path()));

        // Nothing there.
        std::fs::create_dir(cwd.join("empty")).unwrap();
        let error = discover(&[PathBuf::from("empty")], cwd).unwrap_err();
        assert_eq!(error.code, codes::LINT_NOTHING_TO_LINT);
        let error = discover(&[PathBuf::from("missing.yaml")], cwd).unwrap_err();
        assert!(error.message.contains("does not exist"), "{}", error.message);
    }
}
