//! `noticeboard serve`: build, serve on 127.0.0.1, rebuild on change,
//! reload open tabs, and show errors over the page.
//!
//! The server is deliberately small: one thread answers HTTP from the last
//! good build on disk, one watches the sources and rebuilds. Browsers poll a
//! version number and reload when it changes; when a rebuild fails the last
//! good site stays served and every page carries an overlay with the same
//! diagnostics `check` prints, until a fix clears it.

mod http;
mod inject;
mod watch;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Builds the site into the given folder; on failure returns the
/// diagnostics as text, as `check` prints them.
pub type Build = dyn Fn(&Path) -> Result<(), String> + Send + Sync;

/// What the HTTP side shows: the current site, and the errors of the last
/// failed rebuild, if any.
#[derive(Default)]
pub struct State {
    /// Bumped on every rebuild, successful or not; pages poll it.
    pub version: u64,
    pub errors: Option<String>,
}

pub struct Options {
    pub root: PathBuf,
    pub port: u16,
    /// Where builds go (a private temporary folder).
    pub out: PathBuf,
}

/// Runs until Ctrl-C. Returns an error message when the server cannot start.
pub fn run(options: Options, build: Arc<Build>) -> Result<(), String> {
    let state = Arc::new(Mutex::new(State::default()));
    let started = Instant::now();
    if let Err(errors) = build(&options.out) {
        eprintln!("{errors}");
        state.lock().unwrap_or_else(|e| e.into_inner()).errors = Some(errors);
        std::fs::create_dir_all(&options.out)
            .map_err(|e| format!("cannot create {}: {e}", options.out.display()))?;
    } else {
        eprintln!("built in {} ms", started.elapsed().as_millis());
    }
    let (server, port) = http::bind(options.port)?;
    if port != options.port {
        eprintln!(
            "port {} is in use; serving on port {port} instead",
            options.port
        );
    }
    println!(
        "serving {} at http://127.0.0.1:{port}/ (Ctrl-C to stop)",
        options.root.display()
    );

    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;

    let _watcher = watch::start(&options.root, {
        let (state, out, build) = (Arc::clone(&state), options.out.clone(), Arc::clone(&build));
        move || rebuild(&state, &out, build.as_ref())
    })?;
    while !stop.load(Ordering::SeqCst) {
        if let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(100)) {
            http::answer(request, &options.out, &state);
        }
    }
    println!("stopped");
    Ok(())
}

fn rebuild(state: &Mutex<State>, out: &Path, build: &Build) {
    let started = Instant::now();
    let result = build(out);
    let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
    state.version += 1;
    match result {
        Ok(()) => {
            eprintln!("rebuilt in {} ms", started.elapsed().as_millis());
            state.errors = None;
        }
        Err(errors) => {
            eprintln!("{errors}\nrebuild failed; still serving the last good site");
            state.errors = Some(errors);
        }
    }
}
