//! Embeds the example plans (plans/*.toml, plans/invalid/*.toml and the
//! editing cases' tests/editing/*/in.toml) into the `edit` target, which
//! starts from one of them or from bytes of its own.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn tomls(dir: &Path, file: Option<&str>) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match file {
            Some(name) => {
                let inner = path.join(name);
                if inner.is_file() {
                    found.push(inner);
                }
            }
            None if path.extension().is_some_and(|e| e == "toml") => found.push(path),
            None => {}
        }
    }
    found.sort();
    found
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("fuzz/ is inside the project")
        .to_path_buf();
    let dirs = [
        (root.join("plans"), None),
        (root.join("plans/invalid"), None),
        (root.join("tests/editing"), Some("in.toml")),
    ];
    let mut out = String::from(
        "/// The example plans, as their files hold them.\npub const EXAMPLES: &[&[u8]] = &[\n",
    );
    for (dir, file) in &dirs {
        println!("cargo::rerun-if-changed={}", dir.display());
        for path in tomls(dir, *file) {
            writeln!(out, "    include_bytes!({:?}),", path.display().to_string())
                .expect("writing to a string");
        }
    }
    out.push_str("];\n");
    let target =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("examples.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}
