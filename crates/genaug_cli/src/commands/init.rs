//! `genaug init [DIR]`: writes the commented starter policy `DIR/genaug-policy.yaml` (from
//! [`genaug_linter::init_template`]) and its schema `DIR/schemas/policy.schema.json`, which the
//! template's `yaml-language-server` line points editors at. Each file is written to a temporary
//! file in the same folder and renamed into place, so a reader never sees half a file; an
//! existing policy is never replaced without `--force` (checked again at the rename).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use genaug_diagnostics::Diagnostic;

use crate::args::InitArgs;
use crate::codes;
use crate::exit_status::ExitStatus;
use crate::output::Output;

const POLICY: &str = "genaug-policy.yaml";
const SCHEMA: &str = "schemas/policy.schema.json";
const MANIFEST: &str = "genaug-agent.yaml";

pub(crate) fn run(args: &InitArgs, output: &Output) -> ExitStatus {
    match init(&args.dir, args.force) {
        Ok(report) => {
            output.out(&report);
            if !args.dir.join(MANIFEST).is_file() {
                output.err(&format!(
                    "note: there is no {MANIFEST} in `{}`: `genaug lint` finds the policy next to the project's manifest (or pass --policy)\n",
                    args.dir.display()
                ));
            }
            ExitStatus::Success
        }
        Err(failure) => {
            output.diagnostics_human(vec![*failure]);
            ExitStatus::Failure
        }
    }
}

fn init(dir: &Path, force: bool) -> Result<String, Box<Diagnostic>> {
    let policy = dir.join(POLICY);
    let shown = |rel: &str| shown(dir, rel);
    if !dir.is_dir() {
        return Err(Box::new(
            Diagnostic::error(codes::INIT_WRITE, format!("`{}` is not a folder", dir.display()))
                .with_help("create it first, or name the project folder holding genaug-agent.yaml"),
        ));
    }
    if !force && policy.exists() {
        return Err(exists(&shown(POLICY)));
    }
    let write_error = |rel: &str, e: std::io::Error| {
        Box::new(
            Diagnostic::error(codes::INIT_WRITE, format!("cannot write `{}`: {e}", shown(rel)))
                .with_help("check the folder's permissions and free space"),
        )
    };
    let schema = dir.join(SCHEMA);
    if let Some(parent) = schema.parent() {
        std::fs::create_dir_all(parent).map_err(|e| write_error(SCHEMA, e))?;
    }
    write_atomically(&schema, genaug_linter::policy_schema().as_bytes(), true)
        .map_err(|e| write_error(SCHEMA, e))?;
    match write_atomically(&policy, genaug_linter::init_template().as_bytes(), force) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(exists(&shown(POLICY)));
        }
        Err(e) => return Err(write_error(POLICY, e)),
    }
    Ok(format!(
        "wrote {}\nwrote {}\nnext: list the tools your agents may use under `allow`, then run `genaug lint`\n",
        shown(POLICY),
        shown(SCHEMA)
    ))
}

fn exists(shown: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(codes::INIT_POLICY_EXISTS, format!("`{shown}` already exists"))
            .with_help("edit it, or pass --force to replace it with the starter policy"),
    )
}

/// `rel` under `dir` as the user will recognise it (`genaug-policy.yaml` for `.`).
fn shown(dir: &Path, rel: &str) -> String {
    if dir == Path::new(".") || dir.as_os_str().is_empty() {
        rel.to_owned()
    } else {
        PathBuf::from(dir).join(rel).to_string_lossy().into_owned()
    }
}

/// Writes `bytes` to a temporary file next to `path`, flushes it to disk and renames it over
/// `path` (`replace`) or to `path` only if nothing is there (`AlreadyExists` otherwise).
fn write_atomically(path: &Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new().prefix(".genaug-init-").tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    let persisted = if replace { temp.persist(path) } else { temp.persist_noclobber(path) };
    persisted.map(drop).map_err(|e| e.error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_clobber_refuses_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.yaml");
        write_atomically(&path, b"one", false).unwrap();
        let error = write_atomically(&path, b"two", false).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        write_atomically(&path, b"three", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        let names: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["p.yaml"]);
    }
}
