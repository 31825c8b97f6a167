//! Walks `app/`: every `route.rs` under it, skipping `_private` folders and everything below them. A
//! folder is private as spelled: `%5Fname` is the URL segment `_name`, as in Next.js.

use std::path::{Path, PathBuf};

use crate::route_file::RouteFile;

/// Finds and parses every route file under `app_dir`, sorted by path; errors name their files.
pub fn scan(app_dir: &Path) -> Result<Vec<RouteFile>, Vec<String>> {
    if !app_dir.is_dir() {
        return Err(vec![format!(
            "{}: no app/ folder; create it and add route files such as app/api/route.rs",
            app_dir.display()
        )]);
    }
    let mut found = Vec::new();
    let mut errors = Vec::new();
    walk(app_dir, app_dir, &mut Vec::new(), &mut found, &mut errors);
    found.sort_by(|a: &RouteFile, b| a.display_path.cmp(&b.display_path));
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

/// `ancestors` are the real paths of the folders above `dir`: a symbolic link back to one of them
/// would make the walk endless.
fn walk(
    app_dir: &Path,
    dir: &Path,
    ancestors: &mut Vec<PathBuf>,
    found: &mut Vec<RouteFile>,
    errors: &mut Vec<String>,
) {
    // Some Windows volumes (RAM disks) cannot canonicalize; a loop there needs a link, and the
    // plain absolute path still catches a folder met twice on the way down.
    let real = std::fs::canonicalize(dir)
        .or_else(|_| std::path::absolute(dir))
        .unwrap_or_else(|_| dir.to_path_buf());
    if ancestors.contains(&real) {
        errors.push(format!(
            "{}: a symbolic link leads back to {}, a folder above it, so app/ would never end; remove the link",
            dir.display(),
            real.display()
        ));
        return;
    }
    ancestors.push(real);
    walk_entries(app_dir, dir, ancestors, found, errors);
    ancestors.pop();
}

fn walk_entries(
    app_dir: &Path,
    dir: &Path,
    ancestors: &mut Vec<PathBuf>,
    found: &mut Vec<RouteFile>,
    errors: &mut Vec<String>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(format!("{}: cannot read folder: {error}", dir.display()));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !name.starts_with('_') {
                walk(app_dir, &path, ancestors, found, errors);
            }
        } else if name == "route.rs" {
            match RouteFile::read(app_dir, &path) {
                Ok(file) => found.push(file),
                Err(mut file_errors) => errors.append(&mut file_errors),
            }
        }
    }
}
