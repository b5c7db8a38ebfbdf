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

/// What to read: the SPEC argument, else the spec the existing manifest records (a URL as is,
/// a path from the project folder, where integrate records it from).
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
            "pass the spec as the first argument: `genaug integrate <spec> --name <project>`",
        ))
    };
    let Some((_, manifest)) = &existing.manifest else {
        return Err(no_spec(format!(
            "no spec was given and there is no `{shown}` that records one"
        )));
    };
    let source = &manifest.spec.source;
    if names::is_url(source) {
        return Ok(source.clone());
    }
    if source == names::STDIN {
        return Err(no_spec(format!(
            "`{shown}` records the spec as read from stdin: there is no file to read it from again"
        )));
    }
    let path = show(&crate::common::normalize(&project.dir.join(source)));
    if !Path::new(&path).is_file() {
        return Err(no_spec(format!(
            "the spec `{source}` that `{shown}` records is not there (looked for `{path}`)"
        )));
    }
    Ok(path)
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
