//! Names that end up in generated files or paths: the project name and the spec's recorded name.

use std::path::{Component, Path, PathBuf};

/// Checks `--name`: `^[a-z0-9][a-z0-9._-]{0,63}$` and no `..`, so it is one safe folder name on
/// every file system. Returns why not.
pub(crate) fn validate_project_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the project name is empty".into());
    }
    if name.len() > 64 {
        return Err(format!("the project name is {} characters long (at most 64)", name.len()));
    }
    let first = name.as_bytes()[0];
    if !(first.is_ascii_lowercase() || first.is_ascii_digit()) {
        return Err("the project name must start with a lower-case letter or a digit".into());
    }
    if let Some(bad) =
        name.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(*c)))
    {
        return Err(format!(
            "the project name contains `{bad}`; use lower-case letters, digits, `.`, `_` and `-`"
        ));
    }
    if name.contains("..") {
        return Err("the project name contains `..`".into());
    }
    Ok(())
}

/// How the manifest records a spec read from standard input.
pub(crate) const STDIN: &str = "<stdin>";

/// What `source.spec` and the manifest's `spec.source` record for the spec argument: a URL as
/// is, `-` as `<stdin>`, and a path relative to the project folder (so the record means the same
/// from wherever integrate runs, and regenerating from another folder changes no file), or only
/// its file name when the two share nothing below the file-system root. Never an absolute path.
/// `cwd` and `project` must be absolute.
pub(crate) fn recorded_spec_name(arg: &str, cwd: &Path, project: &Path) -> String {
    if arg == "-" {
        return STDIN.into();
    }
    if is_url(arg) {
        return arg.into();
    }
    let path = crate::common::normalize(&cwd.join(arg));
    if let Some(relative) = relative_to(&path, &crate::common::normalize(project)) {
        return slashes(&relative.to_string_lossy());
    }
    path.file_name().map_or_else(|| "spec".into(), |n| n.to_string_lossy().into_owned())
}

pub(crate) fn is_url(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Generated files use `/` on every platform.
fn slashes(path: &str) -> String {
    if cfg!(windows) { path.replace('\\', "/") } else { path.to_owned() }
}

/// `target` relative to the folder `base` (both absolute and normalised), when they share at
/// least one folder below the root.
fn relative_to(target: &Path, base: &Path) -> Option<PathBuf> {
    let target: Vec<Component> = target.components().collect();
    let base: Vec<Component> = base.components().collect();
    let common = target.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let shared_below_root = target[..common].iter().any(|c| matches!(c, Component::Normal(_)));
    if !shared_below_root {
        return None;
    }
    let mut relative = PathBuf::new();
    for _ in common..base.len() {
        relative.push("..");
    }
    for component in &target[common..] {
        relative.push(component);
    }
    Some(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_project_names() {
        for name in ["acme", "acme-agent", "a", "0day", "v1.2_x", &"a".repeat(64)] {
            assert_eq!(validate_project_name(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn invalid_project_names() {
        for name in [
            "",
            "Acme",
            "-acme",
            ".hidden",
            "_x",
            "a/b",
            "a\\b",
            "a..b",
            "..",
            "acme agent",
            "café",
            &"a".repeat(65),
        ] {
            assert!(validate_project_name(name).is_err(), "{name:?} accepted");
        }
    }

    #[test]
    fn stdin_and_urls_are_recorded_as_given() {
        let (cwd, project) = (Path::new("/work"), Path::new("/work/agents/acme"));
        assert_eq!(recorded_spec_name("-", cwd, project), "<stdin>");
        assert_eq!(
            recorded_spec_name("https://api.example.com/openapi.json", cwd, project),
            "https://api.example.com/openapi.json"
        );
        assert_eq!(
            recorded_spec_name("HTTP://x.test/a.yaml", cwd, project),
            "HTTP://x.test/a.yaml"
        );
    }

    #[cfg(unix)]
    #[test]
    fn paths_are_recorded_relative_to_the_project_from_any_folder() {
        let project = Path::new("/work/agents/acme");
        for (cwd, arg) in [
            ("/work", "specs/openapi.yaml"),
            ("/work", "./specs/openapi.yaml"),
            ("/work/agents", "../specs/openapi.yaml"),
            ("/work/agents/acme/tools", "../../../specs/./openapi.yaml"),
            ("/elsewhere", "/work/specs/openapi.yaml"),
        ] {
            assert_eq!(
                recorded_spec_name(arg, Path::new(cwd), project),
                "../../specs/openapi.yaml",
                "{cwd} {arg}"
            );
        }
        assert_eq!(
            recorded_spec_name("api.yaml", Path::new("/work/agents/acme"), project),
            "api.yaml"
        );
        assert_eq!(
            recorded_spec_name("../api.yaml", Path::new("/work/agents/acme/x"), project),
            "api.yaml"
        );
    }

    #[cfg(unix)]
    #[test]
    fn paths_sharing_only_the_root_are_recorded_by_file_name() {
        let project = Path::new("/work/agents/acme");
        assert_eq!(recorded_spec_name("/tmp/x/api.json", Path::new("/"), project), "api.json");
        assert_eq!(recorded_spec_name("api.json", Path::new("/tmp"), project), "api.json");
    }

    #[cfg(unix)]
    #[test]
    fn recorded_names_are_never_absolute() {
        let project = Path::new("/a/b");
        for arg in [
            "/a/b/c.json",
            "/a/c.json",
            "/z.json",
            "/a/../../z.json",
            "rel.json",
            "../../../x.json",
        ] {
            let name = recorded_spec_name(arg, Path::new("/a/b/c"), project);
            assert!(!Path::new(&name).is_absolute(), "{arg} → {name}");
        }
    }
}
