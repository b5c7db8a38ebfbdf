//! Which spec `integrate` reads and which project it writes. Both come from the arguments, or,
//! when they are left out, from an existing project: `--name` defaults to the one project found
//! in `--out` (the folder itself, or its one subfolder holding a `genaug-agent.yaml`), and SPEC
//! to the spec that project's manifest records. So `genaug integrate --check` alone is the drift
//! gate of the project in the current folder (the pre-commit hook), and `verify` checks drift
//! through the same path.

use std::path::Path;

use genaug_diagnostics::Diagnostic;

use crate::codes;

use super::names;
use super::project::{Existing, MANIFEST, Project};

/// The project to write: `<out>/<name>`, or without `--name` the one project in `out`.
pub(crate) fn project(
    name: Option<&str>,
    out: &Path,
    spec_given: bool,
) -> Result<Project, Box<Diagnostic>> {
    match name {
        Some(name) => {
            check_name(name)?;
            Ok(Project::new(out, name))
        }
        None => find_project(out, spec_given),
    }
}

/// What to read: the SPEC argument, else the spec the existing manifest records, resolved from
/// the project folder (where integrate records it from).
///
/// The manifest is a file in the repository, and a pull request can change it, so what it
/// records is read as carefully as a `$ref`: a URL is never fetched (integrate fetches only a
/// URL typed on its command line: no requests an untrusted change asked for), and a path must
/// stay inside the repository (the nearest folder above the project holding `.git`, else the
/// current folder), so a changed manifest cannot make a CI job print `/proc/self/environ`.
pub(crate) fn spec(
    arg: Option<&str>,
    project: &Project,
    existing: &Existing,
) -> Result<String, Box<Diagnostic>> {
    if let Some(arg) = arg {
        return Ok(arg.to_owned());
    }
    let shown = project.show(MANIFEST);
    let no_spec = |why: String| {
        Box::new(Diagnostic::error(codes::NO_RECORDED_SPEC, why).with_help(
            "pass the spec explicitly: `genaug integrate SPEC --name NAME`, `genaug verify --spec SPEC`",
        ))
    };
    let Some((_, manifest)) = &existing.manifest else {
        return Err(no_spec(format!(
            "no spec was given and there is no `{shown}` that records one"
        )));
    };
    let source = &manifest.spec.source;
    if names::is_url(source) {
        return Err(no_spec(format!(
            "`{shown}` records the spec as the URL `{source}`: a URL is fetched only when it is given on the command line"
        )));
    }
    if source == names::STDIN {
        return Err(no_spec(format!(
            "`{shown}` records the spec as read from stdin: there is no file to read it from again"
        )));
    }
    let path = crate::common::normalize(&project.dir.join(source));
    let shown_path = show(&path);
    if !path.is_file() {
        return Err(no_spec(format!(
            "the spec `{source}` that `{shown}` records is not there (looked for `{shown_path}`)"
        )));
    }
    // Compared after following links, so a link inside the repository cannot lead out of it.
    let repository = std::fs::canonicalize(&project.dir)
        .ok()
        .and_then(|dir| dir.ancestors().find(|a| a.join(".git").exists()).map(Path::to_path_buf))
        .or_else(|| std::fs::canonicalize(".").ok());
    let inside = match (std::fs::canonicalize(&path), repository) {
        (Ok(spec), Some(repository)) => spec.starts_with(repository),
        _ => false,
    };
    if !inside {
        return Err(no_spec(format!(
            "the spec `{source}` that `{shown}` records is outside the repository (the folder holding `.git`, else the current folder): a recorded spec is read only inside it"
        )));
    }
    Ok(shown_path)
}

/// A SPEC given without `--name` regenerates the project found only when that project was made
/// from the same spec: another spec most likely means a new project, and regenerating the found
/// one from it would replace its tools with another API's.
pub(crate) fn same_spec(
    project: &Project,
    existing: &Existing,
    recorded: &str,
) -> Result<(), Box<Diagnostic>> {
    let Some((_, manifest)) = &existing.manifest else { return Ok(()) };
    if manifest.spec.source == recorded {
        return Ok(());
    }
    Err(Box::new(
        Diagnostic::error(
            codes::NO_PROJECT,
            format!(
                "`--name` was not given, and the project found, `{}`, was generated from `{}`, not from this spec",
                project.display, manifest.spec.source
            ),
        )
        .with_help(format!(
            "pass `--name` with a new name to create another project, or `--name {}` to regenerate this one from the new spec",
            project.name
        )),
    ))
}

/// The one project in `out`: `out` itself when it holds a manifest, else its one subfolder that
/// does. The project's name is its folder's name.
fn find_project(out: &Path, spec_given: bool) -> Result<Project, Box<Diagnostic>> {
    let shown = show(out);
    if out.join(MANIFEST).is_file() {
        let absolute = std::path::absolute(out).map_err(|e| {
            Box::new(Diagnostic::error(
                codes::READ_PROJECT,
                format!("cannot resolve `{shown}`: {e}"),
            ))
        })?;
        let name = crate::common::normalize(&absolute)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        check_folder_name(&name, &shown)?;
        return Ok(Project { name, dir: out.to_path_buf(), display: shown });
    }
    let mut found: Vec<String> = match std::fs::read_dir(out) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .filter(|e| e.path().join(MANIFEST).is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    found.sort();
    match found.as_slice() {
        [one] => {
            let project = Project::new(out, one);
            check_folder_name(one, &project.display)?;
            Ok(project)
        }
        [] => {
            let help = if spec_given {
                "pass `--name` to name the project to create, e.g. `--name acme-agent`"
            } else {
                "pass the spec and `--name` to create a project, e.g. `genaug integrate openapi.yaml --name acme-agent`"
            };
            Err(Box::new(
                Diagnostic::error(
                    codes::NO_PROJECT,
                    format!("`--name` was not given and there is no genaug project in `{shown}` to take it from (no {MANIFEST} there or in a subfolder)"),
                )
                .with_help(help),
            ))
        }
        several => Err(Box::new(
            Diagnostic::error(
                codes::NO_PROJECT,
                format!(
                    "`--name` was not given and `{shown}` holds {} projects: {}",
                    several.len(),
                    several.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                ),
            )
            .with_help("pass `--name` to choose one"),
        )),
    }
}

/// `--name` must be a safe folder name; so must the folder of a project found without it.
fn check_name(name: &str) -> Result<(), Box<Diagnostic>> {
    names::validate_project_name(name).map_err(|reason| {
        Box::new(
            Diagnostic::error(codes::INVALID_NAME, format!("invalid `--name {name}`: {reason}"))
                .with_help("use a name like `acme-agent`: it becomes the project's folder name"),
        )
    })
}

fn check_folder_name(name: &str, shown: &str) -> Result<(), Box<Diagnostic>> {
    names::validate_project_name(name).map_err(|reason| {
        Box::new(
            Diagnostic::error(
                codes::INVALID_NAME,
                format!("the project folder `{shown}` is not a valid project name: {reason}"),
            )
            .with_help("rename the folder, or pass `--name` to write a project under a valid name"),
        )
    })
}

fn show(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    if text.is_empty() { ".".into() } else { text }
}
