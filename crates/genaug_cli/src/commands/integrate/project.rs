//! The project folder on disk: reading what a previous run wrote, and replacing it atomically.
//!
//! Layout: `<project>/genaug-agent.yaml`, `<project>/tools/*.yaml`, `<project>/schemas/*.json`.
//!
//! **Writing** builds the complete new `tools/`, `schemas/` and manifest in a staging folder
//! inside the project (`.genaug-staging-<pid>-*`, same file system, so renames are atomic),
//! then swaps: `tools` → `.genaug-old-tools`, staged `tools` → `tools` (same
//! for `schemas`), then renames the staged manifest over the old one, then removes the old
//! folders. Any error before the manifest rename undoes the renames already done and removes
//! the staging folder (and any folder this run created), so the previous project is intact.
//!
//! **Recovery**: a run killed between the two renames of a swap leaves `.genaug-old-tools` and no
//! `tools`; the next run puts it back (or, when the new `tools` is already in place, removes the
//! leftover). Reading looks through an interrupted swap without writing, so `--check` works too.
//!
//! Files are not fsynced: the swap protects against an error or a killed process (the cases
//! the product promises), not against power loss mid-write — `tools/` lives in version control,
//! and 1,200 fsyncs cost seconds on a regeneration.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use genaug_diagnostics::{Diagnostic, Label};
use genaug_model::{Manifest, ToolFile};
use genaug_source::SourceFile;
use rayon::prelude::*;

use super::fresh::Fresh;
use crate::codes;

pub(crate) const MANIFEST: &str = "genaug-agent.yaml";
pub(crate) const TOOLS: &str = "tools";
pub(crate) const SCHEMAS: &str = "schemas";
/// A file's bytes, shared: a file that stays as it is, is held once for what is on disk and
/// what is planned (Microsoft Graph beta's `--check`: 619 MB of tool files).
pub(crate) type Bytes = Arc<[u8]>;

/// Folders replaced as a whole on every write.
const SWAPPED: [&str; 2] = [TOOLS, SCHEMAS];
const OLD_PREFIX: &str = ".genaug-old-";
const STAGING_PREFIX: &str = ".genaug-staging-";

/// Where the project lives and how to name its files for people.
#[derive(Debug, Clone)]
pub(crate) struct Project {
    /// The project name the manifest records (the folder's name).
    pub(crate) name: String,
    pub(crate) dir: PathBuf,
    /// The folder as the user can recognise it (`--out` joined with `--name`, `/`-separated).
    pub(crate) display: String,
}

impl Project {
    /// The project `<out>/<name>`.
    pub(crate) fn new(out: &Path, name: &str) -> Self {
        let display = if out == Path::new(".") || out.as_os_str().is_empty() {
            name.to_owned()
        } else {
            let out = out.to_string_lossy();
            format!("{}/{name}", out.trim_end_matches(['/', '\\']))
        };
        Self { name: name.to_owned(), dir: out.join(name), display }
    }

    /// `rel` (a `/`-separated path inside the project) for people.
    pub(crate) fn show(&self, rel: &str) -> String {
        format!("{}/{rel}", self.display)
    }
}

/// A tool file found on disk.
#[derive(Debug)]
pub(crate) struct ExistingTool {
    /// `tools/<id>.yaml`.
    pub(crate) rel: String,
    /// The file as people see it (`acme/tools/<id>.yaml`).
    pub(crate) name: String,
    pub(crate) tool: ToolFile,
    /// The file's bytes are exactly what this run compiled for its id, and `tool` is that fresh
    /// tool, which lacks its input schema ([`Fresh`]): the bytes stand for the whole tool.
    pub(crate) fresh: bool,
}

/// What a previous run left in the project folder.
#[derive(Debug, Default)]
pub(crate) struct Existing {
    pub(crate) project_exists: bool,
    /// Every file genaug manages (the manifest, everything under `tools/` and `schemas/`), by
    /// `/`-separated path relative to the project.
    pub(crate) files: BTreeMap<String, Bytes>,
    /// Where each of `files` is on disk (for hard-linking unchanged files into the new state).
    pub(crate) paths: BTreeMap<String, PathBuf>,
    /// Tool files (`tools/*.yaml`), by id.
    pub(crate) tools: BTreeMap<String, ExistingTool>,
    pub(crate) manifest: Option<(Arc<SourceFile>, Manifest)>,
    /// A previous run was interrupted in the middle of a swap (see module docs).
    pub(crate) interrupted: bool,
}

/// Reads the project as a previous run left it: every file's bytes and the manifest. The tool
/// files are read by [`read_tools`] once the spec is compiled. An unreadable or invalid manifest
/// is a failure: regenerating over it could lose a reviewer's edits.
pub(crate) fn read_existing(project: &Project) -> Result<Existing, Box<Diagnostic>> {
    let mut existing = Existing { project_exists: project.dir.is_dir(), ..Existing::default() };
    if !existing.project_exists {
        if project.dir.exists() {
            return Err(Box::new(
                Diagnostic::error(
                    codes::READ_PROJECT,
                    format!("`{}` exists and is not a folder", project.display),
                )
                .with_help("choose another `--name` or `--out`"),
            ));
        }
        return Ok(existing);
    }
    read_files(project, &mut existing)?;
    if let Some(bytes) = existing.files.get(MANIFEST) {
        let file = source_file(project, MANIFEST, bytes)?;
        let value = file.parse().map_err(|e| Box::new(Diagnostic::from(e)))?;
        let manifest = Manifest::from_value(&value).map_err(|error| {
            invalid(&file, &error, "manifest", "fix the manifest, or delete it to regenerate it")
        })?;
        existing.manifest = Some((file, manifest));
    }
    Ok(existing)
}

/// Reads the tool files of `existing` into `existing.tools`. An unreadable or invalid tool file is
/// a failure: regenerating over it could lose a reviewer's edits.
///
/// A file whose bytes are exactly what `fresh` (the tools just compiled) would write for its id
/// is that tool, with no edit: it is taken from `fresh` instead of being parsed (emitting and
/// reading a tool file round-trip). On a second run or `--check` of an up-to-date project that is
/// every file, and parsing 1,223 YAML files was most of the run.
pub(crate) fn read_tools(
    project: &Project,
    existing: &mut Existing,
    fresh: &[Fresh],
) -> Result<(), Box<Diagnostic>> {
    let by_id: HashMap<&str, &Fresh> = fresh.iter().map(|f| (f.tool.id.as_str(), f)).collect();
    // In parallel (large projects hold 1,000+ files); the first failure in path order is
    // reported, so the message is deterministic.
    let read: Vec<Result<ExistingTool, Box<Diagnostic>>> = existing
        .files
        .par_iter()
        .filter_map(|(rel, bytes)| Some((rel, bytes, tool_file_id(rel)?)))
        .map(|(rel, bytes, id)| match by_id.get(id) {
            Some(fresh) if fresh.text.as_bytes() == &**bytes => Ok(ExistingTool {
                rel: rel.clone(),
                name: project.show(rel),
                tool: fresh.tool.clone(),
                fresh: true,
            }),
            _ => read_tool(project, rel, bytes),
        })
        .collect();
    for result in read {
        let tool = result?;
        existing.tools.insert(tool.tool.id.clone(), tool);
    }
    Ok(())
}

/// Reads the bytes of every managed file, looking through an interrupted swap.
fn read_files(project: &Project, existing: &mut Existing) -> Result<(), Box<Diagnostic>> {
    let read_error = |path: &Path, error: io::Error| {
        Box::new(
            Diagnostic::error(
                codes::READ_PROJECT,
                format!("cannot read `{}`: {error}", path.display()),
            )
            .with_help("check the project folder's permissions"),
        )
    };
    for folder in SWAPPED {
        let current = project.dir.join(folder);
        let old = project.dir.join(format!("{OLD_PREFIX}{folder}"));
        let source = if current.is_dir() {
            current
        } else if old.is_dir() {
            existing.interrupted = true;
            old
        } else {
            continue;
        };
        let mut found = Vec::new();
        collect_files(&source, folder, &mut found).map_err(|(p, e)| read_error(&p, e))?;
        for (rel, bytes) in found {
            let path = staged_path(&source, rel.split_once('/').map_or("", |(_, rest)| rest));
            existing.paths.insert(rel.clone(), path);
            existing.files.insert(rel, bytes.into());
        }
    }
    let manifest_path = project.dir.join(MANIFEST);
    if manifest_path.is_file() {
        let bytes = fs::read(&manifest_path).map_err(|e| read_error(&manifest_path, e))?;
        existing.files.insert(MANIFEST.into(), bytes.into());
    }
    Ok(())
}

/// `Some(id)` when `rel` is a tool file: `tools/<id>.yaml` directly in `tools/`.
pub(crate) fn tool_file_id(rel: &str) -> Option<&str> {
    let name = rel.strip_prefix("tools/")?;
    let id = name.strip_suffix(".yaml")?;
    (!id.is_empty() && !id.contains('/') && !id.starts_with('.')).then_some(id)
}

fn read_tool(project: &Project, rel: &str, bytes: &[u8]) -> Result<ExistingTool, Box<Diagnostic>> {
    let file = source_file(project, rel, bytes)?;
    let value = file.parse().map_err(|e| Box::new(Diagnostic::from(e)))?;
    let tool = ToolFile::from_value(&value).map_err(|error| {
        invalid(
            &file,
            &error,
            "tool file",
            "fix the file, or delete it to regenerate it from the spec",
        )
    })?;
    let stem = tool_file_id(rel).unwrap_or_default();
    if tool.id != stem {
        return Err(Box::new(
            Diagnostic::error(
                codes::INVALID_EXISTING_FILE,
                format!(
                    "`{}` has id `{}`; a tool file's name must be its id",
                    file.name(),
                    tool.id
                ),
            )
            .with_primary(Label::at(&file, "/id").with_message("does not match the file name"))
            .with_help(format!("rename the file to `{}.yaml` or set `id: {stem}`", tool.id)),
        ));
    }
    Ok(ExistingTool { rel: rel.to_owned(), name: file.name().to_owned(), tool, fresh: false })
}

fn source_file(
    project: &Project,
    rel: &str,
    bytes: &[u8],
) -> Result<Arc<SourceFile>, Box<Diagnostic>> {
    let name = project.show(rel);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Arc::new(SourceFile::new(name, text))),
        Err(_) => Err(Box::new(
            Diagnostic::error(codes::INVALID_EXISTING_FILE, format!("`{name}` is not UTF-8 text"))
                .with_help("save the file as UTF-8"),
        )),
    }
}

fn invalid(
    file: &Arc<SourceFile>,
    error: &genaug_model::ReadError,
    what: &str,
    help: &str,
) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(
            codes::INVALID_EXISTING_FILE,
            format!("`{}` is not a valid {what}", file.name()),
        )
        .with_primary(Label::at(file, error.pointer.clone()).with_message(error.message.clone()))
        .with_help(help.to_owned()),
    )
}

/// Every regular file under `dir`, as (`prefix/...` path, bytes).
fn collect_files(
    dir: &Path,
    prefix: &str,
    out: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), (PathBuf, io::Error)> {
    let entries = fs::read_dir(dir).map_err(|e| (dir.to_owned(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| (dir.to_owned(), e))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}/{name}");
        if path.is_dir() {
            collect_files(&path, &rel, out)?;
        } else {
            let bytes = fs::read(&path).map_err(|e| (path.clone(), e))?;
            out.push((rel, bytes));
        }
    }
    Ok(())
}

/// An I/O error while writing, with what was being done.
#[derive(Debug)]
pub(crate) struct WriteError {
    pub(crate) action: &'static str,
    pub(crate) path: PathBuf,
    pub(crate) error: io::Error,
}

impl WriteError {
    pub(crate) fn into_diagnostic(self) -> Diagnostic {
        Diagnostic::error(
            codes::WRITE_PROJECT,
            format!("cannot {} `{}`: {}", self.action, self.path.display(), self.error),
        )
        .with_help("nothing was changed; fix the cause (permissions, disk space) and run again")
    }
}

fn at<T>(action: &'static str, path: &Path, result: io::Result<T>) -> Result<T, WriteError> {
    result.map_err(|error| WriteError { action, path: path.to_owned(), error })
}

/// Puts back what an interrupted swap left behind and removes stale staging folders. Returns a
/// note per repair.
pub(crate) fn recover(project: &Project) -> Result<Vec<String>, WriteError> {
    let mut notes = Vec::new();
    if !project.dir.is_dir() {
        return Ok(notes);
    }
    for folder in SWAPPED {
        let current = project.dir.join(folder);
        let old = project.dir.join(format!("{OLD_PREFIX}{folder}"));
        if !old.exists() {
            continue;
        }
        if current.exists() {
            at("remove", &old, fs::remove_dir_all(&old))?;
        } else {
            at("restore", &current, fs::rename(&old, &current))?;
            notes.push(format!("restored `{}` left by an interrupted run", project.show(folder)));
        }
    }
    for entry in at("read", &project.dir, fs::read_dir(&project.dir))? {
        let entry = at("read", &project.dir, entry)?;
        if entry.file_name().to_string_lossy().starts_with(STAGING_PREFIX) {
            at("remove", &entry.path(), fs::remove_dir_all(entry.path()))?;
        }
    }
    Ok(notes)
}

/// Replaces the project's manifest, `tools/` and `schemas/` with exactly `files` (paths relative
/// to the project, `/`-separated; each starts with `tools/`, `schemas/` or is the manifest).
/// Files listed in `unchanged` (path → the current file with exactly those bytes) are hard-linked
/// into the new state instead of being rewritten (falling back to a copy when the
/// file system has no hard links). Calls `tick` once per file. Returns notes about repairs.
pub(crate) fn write(
    project: &Project,
    files: &BTreeMap<String, Bytes>,
    unchanged: &BTreeMap<String, PathBuf>,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<String>, WriteError> {
    let created = missing_ancestors(&project.dir);
    let result = write_inner(project, files, unchanged, tick);
    if result.is_err() {
        // Only folders this run created, and only if they are empty again.
        for dir in &created {
            let _ = fs::remove_dir(dir);
        }
    }
    result
}

fn write_inner(
    project: &Project,
    files: &BTreeMap<String, Bytes>,
    unchanged: &BTreeMap<String, PathBuf>,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<String>, WriteError> {
    at("create", &project.dir, fs::create_dir_all(&project.dir))?;
    let notes = recover(project)?;

    // Dropping `staging` (on every return below) removes it and whatever is left inside.
    let staging = at(
        "create a staging folder in",
        &project.dir,
        tempfile::Builder::new()
            .prefix(&format!("{STAGING_PREFIX}{}-", std::process::id()))
            .tempdir_in(&project.dir),
    )?;
    let stage = staging.path();
    for folder in SWAPPED {
        at("create", &stage.join(folder), fs::create_dir_all(stage.join(folder)))?;
    }
    let mut parents: Vec<PathBuf> = files
        .keys()
        .filter_map(|rel| staged_path(stage, rel).parent().map(Path::to_path_buf))
        .collect();
    parents.sort();
    parents.dedup();
    for parent in &parents {
        at("create", parent, fs::create_dir_all(parent))?;
    }
    // One thread: creating files in one folder serialises on the folder's lock in the kernel,
    // and a second writer only spins on it (a fifth of integrate's CPU on GitHub's spec).
    let write_all = || {
        files.iter().try_for_each(|(rel, bytes)| {
            let path = staged_path(stage, rel);
            let linked = rel != MANIFEST
                && unchanged.get(rel).is_some_and(|current| fs::hard_link(current, &path).is_ok());
            if !linked {
                at("write", &path, fs::write(&path, bytes))?;
            }
            tick();
            Ok::<(), WriteError>(())
        })
    };
    write_all()?;
    swap(project, stage)?;
    drop(staging);
    Ok(notes)
}

/// The renames. Undoes what it did on error so the previous state stays in place.
fn swap(project: &Project, stage: &Path) -> Result<(), WriteError> {
    // (current, old) pairs moved aside, and folders moved in, for undo.
    let mut moved_aside: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut moved_in: Vec<(PathBuf, PathBuf)> = Vec::new();
    let result = (|| {
        for folder in SWAPPED {
            let current = project.dir.join(folder);
            let old = project.dir.join(format!("{OLD_PREFIX}{folder}"));
            if current.exists() {
                at("move aside", &current, fs::rename(&current, &old))?;
                moved_aside.push((current.clone(), old));
            }
            let staged = stage.join(folder);
            at("move into place", &current, fs::rename(&staged, &current))?;
            moved_in.push((current, staged));
        }
        let manifest = project.dir.join(MANIFEST);
        at("replace", &manifest, fs::rename(stage.join(MANIFEST), &manifest))
    })();
    if let Err(error) = result {
        for (current, staged) in moved_in.iter().rev() {
            let _ = fs::rename(current, staged);
        }
        for (current, old) in moved_aside.iter().rev() {
            let _ = fs::rename(old, current);
        }
        return Err(error);
    }
    // The new state is complete; a leftover old folder is removed by the next run if this fails.
    for (_, old) in moved_aside {
        let _ = fs::remove_dir_all(old);
    }
    Ok(())
}

fn staged_path(stage: &Path, rel: &str) -> PathBuf {
    rel.split('/').fold(stage.to_path_buf(), |path, part| path.join(part))
}

/// The folders `create_dir_all(dir)` would create, deepest first.
fn missing_ancestors(dir: &Path) -> Vec<PathBuf> {
    dir.ancestors()
        .take_while(|p| !p.as_os_str().is_empty() && !p.exists())
        .map(Path::to_path_buf)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> BTreeMap<String, Bytes> {
        entries.iter().map(|(k, v)| ((*k).to_owned(), v.as_bytes().into())).collect()
    }

    /// Every file under `dir` as (relative path, text), and the names of entries in `dir`.
    fn tree(dir: &Path) -> (BTreeMap<String, String>, Vec<String>) {
        let mut found = Vec::new();
        let mut map = BTreeMap::new();
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() {
                collect_files(&entry.path(), &name, &mut found).unwrap();
            } else {
                found.push((name.clone(), fs::read(entry.path()).unwrap()));
            }
        }
        for (k, v) in found {
            map.insert(k, String::from_utf8(v).unwrap());
        }
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        (map, names)
    }

    fn project(root: &Path) -> Project {
        Project::new(root, "acme")
    }

    #[test]
    fn display_names() {
        assert_eq!(Project::new(Path::new("."), "acme").display, "acme");
        assert_eq!(Project::new(Path::new("out/"), "acme").display, "out/acme");
        assert_eq!(
            Project::new(Path::new("out"), "acme").show("tools/a.yaml"),
            "out/acme/tools/a.yaml"
        );
    }

    #[test]
    fn tool_file_ids() {
        assert_eq!(tool_file_id("tools/getPet.yaml"), Some("getPet"));
        assert_eq!(tool_file_id("tools/sub/x.yaml"), None);
        assert_eq!(tool_file_id("tools/README.md"), None);
        assert_eq!(tool_file_id("tools/.yaml"), None);
        assert_eq!(tool_file_id("schemas/tool.yaml"), None);
    }

    #[test]
    fn first_write_creates_exactly_the_files_and_leaves_no_staging() {
        let root = tempfile::tempdir().unwrap();
        let project = project(&root.path().join("out"));
        let wanted = files(&[
            ("genaug-agent.yaml", "name: acme\n"),
            ("tools/a.yaml", "id: a\n"),
            ("schemas/tool.schema.json", "{}\n"),
        ]);
        let notes = write(&project, &wanted, &BTreeMap::new(), &|| {}).unwrap();
        assert!(notes.is_empty());
        let (map, names) = tree(&project.dir);
        assert_eq!(names, ["genaug-agent.yaml", "schemas", "tools"]);
        assert_eq!(map.len(), 3);
        assert_eq!(map["tools/a.yaml"], "id: a\n");
    }

    #[test]
    fn rewrite_replaces_tools_as_a_whole() {
        let root = tempfile::tempdir().unwrap();
        let project = project(root.path());
        write(
            &project,
            &files(&[("genaug-agent.yaml", "1"), ("tools/a.yaml", "a"), ("tools/b.yaml", "b")]),
            &BTreeMap::new(),
            &|| {},
        )
        .unwrap();
        write(
            &project,
            &files(&[("genaug-agent.yaml", "2"), ("tools/a.yaml", "a2")]),
            &BTreeMap::new(),
            &|| {},
        )
        .unwrap();
        let (map, names) = tree(&project.dir);
        assert_eq!(names, ["genaug-agent.yaml", "schemas", "tools"]);
        assert_eq!(
            map,
            [("genaug-agent.yaml", "2"), ("tools/a.yaml", "a2")]
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        );
    }

    #[test]
    fn a_failure_before_the_swap_leaves_the_previous_project_intact() {
        let root = tempfile::tempdir().unwrap();
        let project = project(root.path());
        let first = files(&[("genaug-agent.yaml", "1"), ("tools/a.yaml", "a")]);
        write(&project, &first, &BTreeMap::new(), &|| {}).unwrap();
        let before = tree(&project.dir);
        // `tools/a.yaml` is a file, so `tools/a.yaml/b` cannot be created.
        let broken =
            files(&[("genaug-agent.yaml", "2"), ("tools/a.yaml", "x"), ("tools/a.yaml/b", "y")]);
        let error = write(&project, &broken, &BTreeMap::new(), &|| {}).unwrap_err();
        assert_eq!(error.into_diagnostic().code, codes::WRITE_PROJECT);
        assert_eq!(tree(&project.dir), before);
    }

    #[test]
    fn a_failed_first_write_removes_the_folders_it_created() {
        let root = tempfile::tempdir().unwrap();
        let project = project(&root.path().join("new/parent"));
        let broken = files(&[("tools/a.yaml", "x"), ("tools/a.yaml/b", "y")]);
        assert!(write(&project, &broken, &BTreeMap::new(), &|| {}).is_err());
        assert!(!root.path().join("new").exists());
    }

    #[test]
    fn recovery_restores_tools_moved_aside_by_an_interrupted_swap() {
        let root = tempfile::tempdir().unwrap();
        let project = project(root.path());
        write(
            &project,
            &files(&[("genaug-agent.yaml", "1"), ("tools/a.yaml", "a")]),
            &BTreeMap::new(),
            &|| {},
        )
        .unwrap();
        // killed between "tools → .genaug-old-tools" and "staged → tools"
        fs::rename(project.dir.join("tools"), project.dir.join(".genaug-old-tools")).unwrap();
        fs::create_dir(project.dir.join(".genaug-staging-999-x")).unwrap();

        let existing = read_existing_bytes(&project);
        assert!(existing.interrupted, "reading looks through the interrupted swap");
        assert_eq!(*existing.files["tools/a.yaml"], *b"a");

        let notes = recover(&project).unwrap();
        assert_eq!(
            notes,
            [format!("restored `{}/tools` left by an interrupted run", project.display)]
        );
        let (map, names) = tree(&project.dir);
        assert_eq!(names, ["genaug-agent.yaml", "schemas", "tools"]);
        assert_eq!(map["tools/a.yaml"], "a");
    }

    #[test]
    fn recovery_removes_the_old_folder_when_the_new_one_is_in_place() {
        let root = tempfile::tempdir().unwrap();
        let project = project(root.path());
        write(
            &project,
            &files(&[("genaug-agent.yaml", "1"), ("tools/a.yaml", "new")]),
            &BTreeMap::new(),
            &|| {},
        )
        .unwrap();
        fs::create_dir(project.dir.join(".genaug-old-tools")).unwrap();
        fs::write(project.dir.join(".genaug-old-tools/a.yaml"), "old").unwrap();
        assert!(!read_existing_bytes(&project).interrupted);
        assert!(recover(&project).unwrap().is_empty());
        let (map, names) = tree(&project.dir);
        assert_eq!(names, ["genaug-agent.yaml", "schemas", "tools"]);
        assert_eq!(map["tools/a.yaml"], "new");
    }

    #[test]
    fn unchanged_files_are_linked_and_survive_the_removal_of_the_old_folder() {
        let root = tempfile::tempdir().unwrap();
        let project = project(root.path());
        let wanted =
            files(&[("genaug-agent.yaml", "1"), ("tools/a.yaml", "a"), ("tools/b.yaml", "b")]);
        write(&project, &wanted, &BTreeMap::new(), &|| {}).unwrap();
        let existing = read_existing_bytes(&project);
        assert_eq!(existing.paths["tools/a.yaml"], project.dir.join("tools").join("a.yaml"));
        let mut next = wanted.clone();
        next.insert("tools/b.yaml".into(), b"b2".as_slice().into());
        let unchanged =
            BTreeMap::from([("tools/a.yaml".to_owned(), existing.paths["tools/a.yaml"].clone())]);
        write(&project, &next, &unchanged, &|| {}).unwrap();
        let (map, names) = tree(&project.dir);
        assert_eq!(names, ["genaug-agent.yaml", "schemas", "tools"]);
        assert_eq!(map["tools/a.yaml"], "a");
        assert_eq!(map["tools/b.yaml"], "b2");
    }

    #[test]
    fn reading_a_missing_project_is_empty() {
        let root = tempfile::tempdir().unwrap();
        let existing = read_existing(&project(root.path())).unwrap();
        assert!(!existing.project_exists);
        assert!(existing.files.is_empty());
    }

    /// The reading half of `read_existing` (parsing YAML is genaug_source's job).
    fn read_existing_bytes(project: &Project) -> Existing {
        let mut existing = Existing { project_exists: true, ..Existing::default() };
        read_files(project, &mut existing).unwrap();
        existing
    }
}
