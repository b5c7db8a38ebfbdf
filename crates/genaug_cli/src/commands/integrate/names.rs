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

/// What `source.spec` and the manifest's `spec.source` record for the spec argument: a URL as
/// is, `-` as `<stdin>`, a relative path as given, and an absolute path relative to the project
/// folder when the two share more than the file-system root, else only its file name. Never an
/// absolute path. `project` must be absolute.
pub(crate) fn recorded_spec_name(arg: &str, project: &Path) -> String {
    if arg == "-" {
        return "<stdin>".into();
    }
    if is_url(arg) {
        return arg.into();
    }
    let path = Path::new(arg);
    if !path.is_absolute() {
        return slashes(arg);
    }
    if let Some(relative) =
        relative_to(&crate::common::normalize(path), &crate::common::normalize(project))
    {
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
        let project = Path::new("/work/agents/acme");
        assert_eq!(recorded_spec_name("-", project), "<stdin>");
        assert_eq!(
            recorded_spec_name("https://api.example.com/openapi.json", project),
            "https://api.example.com/openapi.json"
        );
        assert_eq!(recorded_spec_name("HTTP://x.test/a.yaml", project), "HTTP://x.test/a.yaml");
    }

    #[test]
    fn relative_paths_are_recorded_as_given() {
        let project = Path::new("/work/agents/acme");
        assert_eq!(recorded_spec_name("specs/openapi.yaml", project), "specs/openapi.yaml");
        assert_eq!(recorded_spec_name("./openapi.yaml", project), "./openapi.yaml");
        assert_eq!(recorded_spec_name("../api.json", project), "../api.json");
    }

    #[cfg(unix)]
    #[test]
    fn absolute_paths_become_relative_to_the_project_or_a_file_name() {
        let project = Path::new("/work/agents/acme");
        assert_eq!(recorded_spec_name("/work/specs/api.yaml", project), "../../specs/api.yaml");
        assert_eq!(recorded_spec_name("/work/agents/acme/api.yaml", project), "api.yaml");
        assert_eq!(
            recorded_spec_name("/work/agents/acme/./specs/../api.yaml", project),
            "api.yaml"
        );
        // nothing shared below the root: only the file name
        assert_eq!(recorded_spec_name("/tmp/x/openapi.json", project), "openapi.json");
    }

    #[cfg(unix)]
    #[test]
    fn recorded_names_are_never_absolute() {
        let project = Path::new("/a/b");
        for arg in ["/a/b/c.json", "/a/c.json", "/z.json", "/a/../../z.json", "rel.json"] {
            let name = recorded_spec_name(arg, project);
            assert!(!Path::new(&name).is_absolute(), "{arg} → {name}");
        }
    }
}
