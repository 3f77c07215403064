//! Writing a file so that nothing but the output is harmed (issue 13, items 11 and 12).
//!
//! - **Atomically**: a temporary file beside the target, then a rename, so a reader never
//!   sees half a file and a failed write leaves the old one untouched. Temporary files
//!   are named `.infrac-XXXXXX.tmp`; a write that fails removes its own, and ones a killed
//!   run left behind (older than [`STALE`]) are removed by the next write in that folder.
//! - **Never over an input** of the same run ([`protect`]): the same file through a
//!   symlink, `..` or a hard link is the same file.
//! - **Devices and pipes are written, not replaced**: `-o /dev/null`, `-o /dev/stdout` and
//!   a FIFO get the bytes; a file renamed over `/dev/null` (as root) would be a disaster.
//! - **A symlink stays a symlink**: the file it points to is replaced; a link to nothing
//!   is refused.

use std::fs::Metadata;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// A temporary file of ours this old belongs to a run that was killed mid-write: writes
/// take the bytes already made, so even a large PNG is written in seconds.
pub const STALE: Duration = Duration::from_secs(10 * 60);

/// What this run has read (so must not write over) and the folders already swept.
struct Run {
    inputs: Vec<Identity>,
    swept: Vec<PathBuf>,
}

static RUN: Mutex<Run> = Mutex::new(Run {
    inputs: Vec::new(),
    swept: Vec::new(),
});

/// Remember that this run reads `path`: no output may replace it.
pub fn protect(path: &Path) {
    // Only files: `-o /dev/null` while reading `- < /dev/null` is fine.
    if let Some(meta) = std::fs::metadata(path).ok().filter(Metadata::is_file) {
        let identity = identity(path, &meta);
        let mut run = RUN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        run.inputs.push(identity);
    }
}

/// Remember the file standard input comes from (`render - < a.infra -o a.infra`).
pub fn protect_stdin() {
    #[cfg(unix)]
    protect(Path::new("/dev/stdin"));
}

/// Write an output of the run to `path`, as the module says. The error is one line
/// naming the path.
pub fn write_output(path: &Path, contents: &[u8]) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("{}: cannot write: {e}", path.display());
    let target = match std::fs::metadata(path) {
        Ok(meta) => {
            if is_input(path, &meta) {
                return Err(format!(
                    "{}: is an input of this run; refusing to write over it",
                    path.display()
                ));
            }
            if passes_through(path, &meta) {
                return write_through(path, contents).map_err(fail);
            }
            // A symlink's target is what gets replaced; the canonical path also folds `..`.
            std::fs::canonicalize(path).map_err(fail)?
        }
        Err(_) if std::fs::symlink_metadata(path).is_ok() => {
            return Err(format!(
                "{}: is a symlink to a file that does not exist; give the path to write",
                path.display()
            ));
        }
        Err(_) => path.to_path_buf(),
    };
    write_atomically(&target, contents).map_err(fail)
}

/// Replace the file at `path` atomically (`fmt` rewriting a design in place: the one
/// writer allowed over an input). A symlink keeps pointing at the rewritten file.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    sweep_once(dir);
    let mut temp = tempfile::Builder::new()
        .prefix(".infrac-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    // From here on a failure drops `temp`, which removes the file.
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    // Keep the permissions of the file being replaced (a temp file is created 0600).
    match std::fs::metadata(&path) {
        Ok(meta) => temp.as_file().set_permissions(meta.permissions())?,
        Err(_) => set_default_permissions(temp.as_file())?,
    }
    temp.persist(&path).map_err(|e| e.error)?;
    Ok(())
}

/// Whether `path` is a device, FIFO or socket (or under `/dev`, `/proc`) that output
/// streams through: nothing can be saved beside it.
pub fn is_stream(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| passes_through(path, &meta))
}

/// Devices, FIFOs and sockets are written to; so is anything named under `/dev` or
/// `/proc` (`/dev/stdout` redirected to a file is the shell's file, open already).
fn passes_through(path: &Path, meta: &Metadata) -> bool {
    let special = path.starts_with("/dev") || path.starts_with("/proc");
    !meta.is_dir() && (!meta.is_file() || special)
}

fn write_through(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)?;
    file.write_all(contents)?;
    file.flush()
}

fn is_input(path: &Path, meta: &Metadata) -> bool {
    let identity = identity(path, meta);
    let run = RUN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    run.inputs.contains(&identity)
}

/// Remove the temporary files killed runs left in `dir`, once per folder and run.
fn sweep_once(dir: &Path) {
    {
        let mut run = RUN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if run.swept.iter().any(|d| d == dir) {
            return;
        }
        run.swept.push(dir.to_path_buf());
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".infrac-") && name.ends_with(".tmp")) {
            continue;
        }
        let old = entry
            .metadata()
            .ok()
            .filter(Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age >= STALE);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Which file a path names, whatever the path: device and inode where there are such.
#[cfg(unix)]
type Identity = (u64, u64);

#[cfg(unix)]
fn identity(_path: &Path, meta: &Metadata) -> Identity {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
type Identity = PathBuf;

#[cfg(not(unix))]
fn identity(path: &Path, _meta: &Metadata) -> Identity {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(unix)]
fn set_default_permissions(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_default_permissions(_file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}
