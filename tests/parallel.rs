//! A parallel build writes exactly what a one-thread build writes: every
//! file, byte for byte, whatever the thread count or the order pages were
//! rendered in.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

/// Builds `root` into `out` with `threads` rendering threads (`None`: as
/// many as the machine has).
fn build_with_threads(root: &Path, out: &Path, threads: Option<&str>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_noticeboard"));
    cmd.arg("--root")
        .arg(root)
        .arg("build")
        .arg("--out")
        .arg(out);
    match threads {
        Some(n) => cmd.env("RAYON_NUM_THREADS", n),
        None => cmd.env_remove("RAYON_NUM_THREADS"),
    };
    let output = cmd.output().expect("run noticeboard");
    assert!(
        output.status.success(),
        "build of {} with {threads:?} threads failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn assert_same_output_on_any_thread_count(root: &Path) {
    let tmp = tempfile::tempdir().unwrap();
    let (one, many, four) = (
        tmp.path().join("one"),
        tmp.path().join("many"),
        tmp.path().join("four"),
    );
    build_with_threads(root, &one, Some("1"));
    build_with_threads(root, &many, None);
    build_with_threads(root, &four, Some("4"));
    let reference = read_tree(&one);
    assert!(
        reference.keys().filter(|p| p.ends_with(".html")).count() > 10,
        "{} built too few pages to compare",
        root.display()
    );
    for (name, dir) in [("the default thread count", &many), ("4 threads", &four)] {
        let tree = read_tree(dir);
        let paths =
            |t: &std::collections::BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            paths(&reference),
            paths(&tree),
            "{}: files differ between 1 thread and {name}",
            root.display()
        );
        for (path, bytes) in &reference {
            assert!(
                &tree[path] == bytes,
                "{}: {path} differs between 1 thread and {name}",
                root.display()
            );
        }
    }
}

#[test]
fn the_example_site_builds_identically_on_one_thread_and_many() {
    assert_same_output_on_any_thread_count(&repo());
}

#[test]
fn the_fixtures_build_identically_on_one_thread_and_many() {
    for name in ["basic", "three-languages", "calendar-site"] {
        assert_same_output_on_any_thread_count(&fixture(name));
    }
}
