//! Every `examples/NN_*/` folder is a promise in its README: running the command in its
//! `integrate.args` (one argument per line) inside the folder produces exactly the project
//! checked in next to it. `GENAUG_UPDATE_EXAMPLES=1` rewrites the checked-in projects.

use std::path::Path;

use crate::Sandbox;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn examples_produce_their_checked_in_projects() {
    let examples = genaug_testing::workspace_root().join("examples");
    let mut checked = 0;
    let mut dirs: Vec<_> = std::fs::read_dir(&examples)
        .expect("examples/")
        .map(|e| e.expect("entry").path())
        .collect();
    dirs.sort();
    for dir in dirs.into_iter().filter(|d| d.join("integrate.args").is_file()) {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(dir.join("README.md").is_file(), "{name} has no README.md");
        let args_text = std::fs::read_to_string(dir.join("integrate.args")).expect("args");
        let args: Vec<&str> = args_text.lines().filter(|l| !l.is_empty()).collect();
        let project =
            args.iter().position(|a| *a == "--name").map(|i| args[i + 1]).expect("--name");

        let sandbox = Sandbox::new();
        copy_dir(&dir, sandbox.path());
        std::fs::remove_dir_all(sandbox.path().join(project)).ok();
        let run = sandbox.run(&args);
        assert_eq!(run.code, Some(0), "{name}: {}", run.transcript);

        let produced = sandbox.tree(project);
        if std::env::var_os("GENAUG_UPDATE_EXAMPLES").is_some() {
            let target = dir.join(project);
            std::fs::remove_dir_all(&target).ok();
            copy_dir(&sandbox.path().join(project), &target);
        } else {
            let checked_in = Sandbox::new();
            copy_dir(&dir.join(project), &checked_in.path().join(project));
            let expected = checked_in.tree(project);
            let differing: Vec<&String> = produced
                .keys()
                .chain(expected.keys())
                .filter(|k| produced.get(*k) != expected.get(*k))
                .collect();
            assert!(
                differing.is_empty(),
                "{name}: the checked-in project differs from what integrate writes in {differing:?}; \
                 run `GENAUG_UPDATE_EXAMPLES=1 cargo test -p genaug_cli --test cli examples` and review the diff"
            );
        }
        checked += 1;
    }
    assert!(checked >= 1, "no example was checked");
}
