//! # routeway-build
//!
//! File routing for routeway, run from the app's `build.rs`: it walks `app/`, reads each `route.rs`
//! with `syn` to see which methods and config it exports, checks the route rules (conflicting URLs,
//! parameter names, segment config values) and writes `$OUT_DIR/routeway_routes.rs`, which the crate
//! includes with `routeway::include_routes!()`.
//!
//! ```no_run
//! // build.rs: `fn main() { routeway_build::generate(); }`
//! routeway_build::generate();
//! ```
//!
//! Every problem is reported with the file it is in, and fails the build.

#![warn(missing_docs, missing_debug_implementations)]

mod cfg;
mod codegen;
mod handler_fn;
mod route_file;
mod scan;
mod segment_config;

use std::path::{Path, PathBuf};

pub use cfg::Cfg;
pub use route_file::RouteFile;
pub use scan::scan;
pub use segment_config::ConfigValues;

/// Names the build id when set at build time (a commit hash, a release tag); otherwise each
/// generation of the table makes a fresh one.
pub const BUILD_ID_VAR: &str = "ROUTEWAY_BUILD_ID";

/// Scans `app/` under the crate's manifest directory and writes the route table into `OUT_DIR`.
///
/// # Panics
/// Never returns on a route error: it prints every error (each naming its file) and exits the build
/// script with status 1, so cargo shows the messages and stops.
pub fn generate() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("run from a build script"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("run from a build script"));
    // The table carries a build id (cache keys start with it): a change to the crate's code or
    // manifest, or a new `ROUTEWAY_BUILD_ID`, makes a new one, so caches kept outside the process
    // (disk, Redis, KV) never answer with an earlier build's entries.
    for path in [manifest.join("src"), manifest.join("Cargo.toml")] {
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    println!("cargo:rerun-if-env-changed={BUILD_ID_VAR}");
    generate_from(&manifest.join("app"), &out_dir.join("routeway_routes.rs"));
}

/// Like [`generate`] with explicit paths; a relative `app_dir` is taken from the current folder
/// (the package root, in a build script).
pub fn generate_from(app_dir: &Path, output: &Path) {
    // The generated `#[path]`s must be absolute: inside an `include!`d file, rustc resolves a
    // relative one against the file's own folder, OUT_DIR.
    let app_dir = std::path::absolute(app_dir).unwrap_or_else(|_| app_dir.to_path_buf());
    let app_dir = app_dir.as_path();
    println!("cargo:rerun-if-changed={}", app_dir.display());
    match build_table(app_dir) {
        Ok(code) => {
            if std::fs::read_to_string(output).ok().as_deref() != Some(code.as_str()) {
                std::fs::write(output, code).expect("write the generated route table");
            }
        }
        Err(errors) => {
            eprintln!("routeway: the app/ folder has {} route error(s):", errors.len());
            for error in &errors {
                eprintln!("  error: {error}");
            }
            std::process::exit(1);
        }
    }
}

/// Scans and checks `app_dir`, returning the generated Rust code or every error found.
pub fn build_table(app_dir: &Path) -> Result<String, Vec<String>> {
    let files = scan(app_dir)?;
    for warning in files.iter().flat_map(|file| &file.warnings) {
        println!("cargo:warning={warning}");
    }
    let mut errors = Vec::new();
    let mut table = routeway::router::RouteTable::new();
    for file in &files {
        let mut folders = file.pattern.split('/');
        if let Some(error) = folders.find_map(|folder| routeway::router::check_folder(folder, &file.display_path).err())
        {
            errors.push(error.to_string());
        } else if let Err(error) = table.insert(&file.pattern, &file.display_path, ()) {
            errors.push(error.to_string());
        }
    }
    if errors.is_empty() {
        Ok(codegen::generate(&files))
    } else {
        Err(errors)
    }
}
