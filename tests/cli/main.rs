//! End-to-end tests of the `genaug` binary: each case copies fixtures into a temp dir, runs the
//! binary there (relative paths only, no colour, fixed width) and snapshots the whole transcript
//! (arguments, exit code, stdout, stderr) under `snapshots/cli/`. Assertions on the files
//! written back up what the transcripts show.

mod bad_input;
mod deploy;
mod diff;
mod examples;
mod integrate;
mod integrate_recorded;
mod lint;
mod readme;
mod report;
mod rules;
mod tools;
mod validate;
mod verify;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A temp dir holding fixture copies; the binary runs inside it.
pub(crate) struct Sandbox {
    dir: tempfile::TempDir,
}

/// One run of the binary.
pub(crate) struct Run {
    pub(crate) code: Option<i32>,
    pub(crate) stdout: String,
    pub(crate) transcript: String,
}

impl Sandbox {
    pub(crate) fn new() -> Self {
        Self { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Copies `tests/fixtures/<rel>` to `<sandbox>/<name>`.
    pub(crate) fn copy_fixture(&self, rel: &str, name: &str) {
        std::fs::copy(genaug_testing::fixture(rel), self.path().join(name)).expect("copy fixture");
    }

    pub(crate) fn write(&self, rel: &str, text: &str) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create dirs");
        std::fs::write(path, text).expect("write");
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).expect("read")
    }

    /// Runs `genaug <args>` in the sandbox.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        self.run_in(".", args)
    }

    /// Runs `genaug <args>` in the sandbox's folder `rel`.
    pub(crate) fn run_in(&self, rel: &str, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_genaug"))
            .args(args)
            .current_dir(self.path().join(rel))
            .env_remove("NO_COLOR")
            .env_remove("COLUMNS")
            .env("RUST_BACKTRACE", "0")
            .output()
            .expect("run genaug");
        let stdout = self.redact(&String::from_utf8_lossy(&output.stdout));
        let stderr = self.redact(&String::from_utf8_lossy(&output.stderr));
        let mut transcript =
            genaug_testing::transcript(args, output.status.code(), &stdout, &stderr);
        if rel != "." {
            transcript.insert_str(0, &format!("(in {rel}/)\n"));
        }
        Run { code: output.status.code(), stdout, transcript }
    }

    /// Removes what differs between machines and releases: the temp dir and the version.
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for dir in [self.path().to_path_buf(), canonical(self.path())] {
            text = text.replace(&dir.to_string_lossy().into_owned(), "[TMP]");
        }
        text.replace(&format!("genaug {}", env!("CARGO_PKG_VERSION")), "genaug [VERSION]")
    }

    /// Every file under `rel` (relative paths → bytes), hidden entries included.
    pub(crate) fn tree(&self, rel: &str) -> BTreeMap<String, Vec<u8>> {
        fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
            let Ok(entries) = std::fs::read_dir(dir) else { return };
            for entry in entries {
                let entry = entry.expect("entry");
                let name = entry.file_name().to_string_lossy().into_owned();
                let rel = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
                if entry.path().is_dir() {
                    out.insert(format!("{rel}/"), Vec::new());
                    walk(&entry.path(), &rel, out);
                } else {
                    out.insert(rel, std::fs::read(entry.path()).expect("read"));
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.path().join(rel), "", &mut out);
        out
    }

    /// The text files under `rel`, concatenated with headers (schemas listed by name only: they
    /// are drift-tested on their own).
    pub(crate) fn dump(&self, rel: &str) -> String {
        let mut text = String::new();
        for (path, bytes) in self.tree(rel) {
            if path.ends_with('/') || path.starts_with("schemas/") {
                text.push_str(&format!("===== {path}\n"));
                continue;
            }
            text.push_str(&format!("===== {path}\n{}", String::from_utf8_lossy(&bytes)));
        }
        self.redact(&text)
    }
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Asserts a snapshot stored under `snapshots/cli/`.
pub(crate) fn snapshot(name: &str, text: &str) {
    genaug_testing::snapshots("cli").bind(|| insta::assert_snapshot!(name, text));
}
