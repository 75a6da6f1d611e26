//! `noticeboard serve`: build, serve on 127.0.0.1, rebuild on change,
//! reload open tabs, and show errors over the page.
//!
//! The server is deliberately small: a few threads answer HTTP from the
//! last good build, held in memory (a rebuild then costs only the
//! rendering, not creating every file on disk again), one watches the
//! sources and rebuilds. Browsers poll a version number and reload when
//! it changes; when a rebuild fails the last good site stays served and
//! every page carries an overlay with the same diagnostics `check` prints,
//! until a fix clears it.

mod http;
mod inject;
mod watch;
mod workers;

use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::Files;
use workers::Workers;

/// Builds the site into memory; on failure returns the diagnostics as
/// text, as `check` prints them.
pub type Build = dyn Fn() -> Result<Files, String> + Send + Sync;

/// What the HTTP side shows: the current site, and the errors of the last
/// failed rebuild, if any.
#[derive(Default)]
pub struct State {
    /// Bumped on every rebuild, successful or not; pages poll it.
    pub version: u64,
    pub errors: Option<String>,
    /// The last good build.
    pub site: Arc<Files>,
}

pub struct Options {
    pub root: PathBuf,
    /// The port to try first; 0 lets the system choose.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// Threads writing responses. A client that stops reading holds one until
/// the write timeout, so a few such clients at once still leave others.
const WORKERS: usize = 8;

/// How long writing a response may make no progress before the connection
/// is given up: far longer than a browser on the same machine takes to
/// read, short enough that a stalled client soon frees its worker.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long Ctrl-C waits for a rebuild under way before exiting anyway.
const STOP_GRACE: Duration = Duration::from_secs(2);

/// Runs until Ctrl-C. Returns an error message when the server cannot start.
/// When it returns, no rebuild will start; one under way has had
/// `STOP_GRACE` to finish and is abandoned after that.
pub fn run(options: Options, build: Arc<Build>) -> Result<(), String> {
    // First, so that Ctrl-C during the first build still stops cleanly.
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
        .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;

    // The watcher only marks a rebuild as due; one thread does the
    // rebuilds, so changes made while a build runs cause exactly one more
    // rebuild after it: never a lost change, never overlapping builds.
    // Watching starts before the first build so no change is missed.
    let queue = Arc::new(Queue::default());
    let _watcher = watch::start(&options.root, {
        let queue = Arc::clone(&queue);
        move || queue.request()
    })?;

    let state = Arc::new(Mutex::new(State::default()));
    let started = Instant::now();
    match build_guarded(build.as_ref()) {
        Ok(site) => {
            eprintln!("built in {} ms", started.elapsed().as_millis());
            state.lock().unwrap_or_else(|e| e.into_inner()).site = Arc::new(site);
        }
        Err(errors) => {
            eprint!("{errors}");
            eprintln!("build failed; showing the errors until they are fixed");
            state.lock().unwrap_or_else(|e| e.into_inner()).errors = Some(errors);
        }
    }
    if stop.load(Ordering::SeqCst) {
        println!("stopped");
        return Ok(());
    }
    let (server, port) = http::bind(options.port, WRITE_TIMEOUT)?;
    if options.port != 0 && port != options.port {
        eprintln!(
            "port {} is in use; serving on port {port} instead",
            options.port
        );
    }
    let url = format!("http://127.0.0.1:{port}/");
    println!(
        "serving {} at {url} (Ctrl-C to stop)",
        options.root.display()
    );
    if options.open {
        open_browser(&url);
    }

    let rebuilder = std::thread::spawn({
        let (queue, state) = (Arc::clone(&queue), Arc::clone(&state));
        move || {
            while queue.next() {
                // Editors save in bursts: wait for a quiet moment.
                if !queue.settle(DEBOUNCE) {
                    break;
                }
                rebuild(&state, build.as_ref());
            }
        }
    });
    // The main loop only hands requests out, so whatever a client does it
    // keeps seeing Ctrl-C.
    let workers = Workers::start(WORKERS, {
        let state = Arc::clone(&state);
        move |request| http::answer(request, &state)
    });
    while !stop.load(Ordering::SeqCst) {
        if let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(100)) {
            workers.answer(request);
        }
    }
    // Let a rebuild under way finish, for a while: one that never ends
    // must not keep serve from stopping.
    queue.close();
    if !ended_within(&rebuilder, STOP_GRACE) {
        eprintln!(
            "a rebuild is still running after {} s; stopping without it",
            STOP_GRACE.as_secs()
        );
    }
    println!("stopped");
    Ok(())
}

/// Whether `thread` ends within `limit` (std's `join` would wait forever).
fn ended_within(thread: &JoinHandle<()>, limit: Duration) -> bool {
    let until = Instant::now() + limit;
    while !thread.is_finished() {
        if Instant::now() >= until {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    true
}

/// Runs `build`, turning a panic into an error shown like any other: a bug
/// in the build must neither end serving nor stop later changes from being
/// rebuilt. Asserting unwind safety is sound because what a panicking build
/// made is dropped, and what builds share (the QR code and time zone
/// caches) tolerates a lock poisoned by a panic.
fn build_guarded(build: &Build) -> Result<Files, String> {
    std::panic::catch_unwind(AssertUnwindSafe(build))
        .unwrap_or_else(|panic| Err(internal_error(panic.as_ref())))
}

/// What the terminal and the overlay say about a panicking build.
fn internal_error(panic: &(dyn Any + Send)) -> String {
    let message = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)");
    format!(
        "internal error: the build crashed: {message}\n\
         This is a bug in noticeboard, not a mistake in your files: please \
         report it, with the change that set it off. Later changes are still \
         rebuilt.\n"
    )
}

fn rebuild(state: &Mutex<State>, build: &Build) {
    let started = Instant::now();
    let result = build_guarded(build);
    let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
    state.version += 1;
    match result {
        Ok(site) => {
            eprintln!("rebuilt in {} ms", started.elapsed().as_millis());
            state.site = Arc::new(site);
            state.errors = None;
        }
        Err(errors) => {
            eprint!("{errors}");
            eprintln!("rebuild failed; still serving the last good site");
            state.errors = Some(errors);
        }
    }
}

/// How long changes must pause before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// Whether a rebuild is due, and whether serving has stopped.
#[derive(Default)]
struct Queue {
    flags: Mutex<Flags>,
    wake: Condvar,
}

#[derive(Default)]
struct Flags {
    due: bool,
    closed: bool,
}

impl Queue {
    /// Marks a rebuild as due; any number of requests before the next
    /// rebuild starts make one rebuild.
    fn request(&self) {
        self.flags.lock().unwrap_or_else(|e| e.into_inner()).due = true;
        self.wake.notify_one();
    }

    /// No rebuild starts after this.
    fn close(&self) {
        self.flags.lock().unwrap_or_else(|e| e.into_inner()).closed = true;
        self.wake.notify_all();
    }

    /// Waits until no change has come for `quiet` (true) or the queue is
    /// closed (false); changes meanwhile are part of the coming rebuild.
    fn settle(&self, quiet: Duration) -> bool {
        let mut flags = self.flags.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let (next, waited) = self
                .wake
                .wait_timeout_while(flags, quiet, |f| !f.due && !f.closed)
                .unwrap_or_else(|e| e.into_inner());
            flags = next;
            if flags.closed {
                return false;
            }
            if waited.timed_out() {
                return true;
            }
            flags.due = false;
        }
    }

    /// Waits until a rebuild is due (true) or the queue is closed (false).
    fn next(&self) -> bool {
        let mut flags = self.flags.lock().unwrap_or_else(|e| e.into_inner());
        while !flags.due && !flags.closed {
            flags = self.wake.wait(flags).unwrap_or_else(|e| e.into_inner());
        }
        if flags.closed {
            return false;
        }
        flags.due = false;
        true
    }
}

/// Opens `url` in the default browser, in the background; failing to is
/// only reported, never fatal.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    match std::process::Command::new(program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        Ok(mut child) => {
            let url = url.to_string();
            std::thread::spawn(move || match child.wait() {
                Ok(status) if status.success() => {}
                Ok(status) => eprintln!(
                    "could not open a browser ({program} exited with {status}); open {url} yourself"
                ),
                Err(e) => {
                    eprintln!("could not open a browser ({program}: {e}); open {url} yourself")
                }
            });
        }
        Err(e) => eprintln!("could not open a browser ({program}: {e}); open {url} yourself"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_during_a_rebuild_cause_exactly_one_more() {
        let queue = Queue::default();
        queue.request();
        assert!(queue.next(), "a change makes a rebuild due");
        // While that rebuild runs, three more changes arrive.
        queue.request();
        queue.request();
        queue.request();
        assert!(queue.next(), "one more rebuild afterwards");
        assert!(queue.settle(Duration::from_millis(10)));
        queue.request();
        assert!(
            queue.settle(Duration::from_millis(10)),
            "a burst is absorbed"
        );
        assert!(
            !queue.flags.lock().unwrap().due,
            "and makes no further rebuild"
        );
        queue.close();
        assert!(!queue.next(), "nothing more once closed");
    }

    #[test]
    fn a_panicking_build_shows_as_a_bug_and_the_next_build_is_served() {
        let good: Files = [("index.html".to_string(), b"good".to_vec())].into();
        let state = Mutex::new(State {
            site: Arc::new(good.clone()),
            ..State::default()
        });
        rebuild(&state, &|| -> Result<Files, String> {
            panic!("boom in campaign {}", 7)
        });
        {
            let state = state.lock().unwrap();
            assert_eq!(state.version, 1, "open pages reload");
            assert_eq!(*state.site, good, "the last good site stays");
            let errors = state.errors.as_deref().expect("the panic is an error");
            assert!(errors.contains("boom in campaign 7"), "{errors}");
            assert!(errors.contains("bug in noticeboard"), "{errors}");
            assert!(errors.contains("report it"), "{errors}");
        }
        // A &str payload, and a panic on another thread, as rayon passes on.
        rebuild(&state, &|| {
            let worker = std::thread::scope(|s| s.spawn(|| panic!("boom on a worker")).join());
            worker.map_err(|panic| std::panic::resume_unwind(panic))
        });
        let errors = state.lock().unwrap().errors.clone().expect("an error");
        assert!(errors.contains("boom on a worker"), "{errors}");

        let fixed: Files = [("index.html".to_string(), b"fixed".to_vec())].into();
        let next = fixed.clone();
        rebuild(&state, &move || Ok(next.clone()));
        let state = state.lock().unwrap();
        assert_eq!(state.version, 3);
        assert_eq!(state.errors, None, "the overlay goes");
        assert_eq!(*state.site, fixed, "the new site is served");
    }

    #[test]
    fn stopping_waits_for_a_rebuild_only_so_long() {
        let (finish, finished) = std::sync::mpsc::channel::<()>();
        let stuck = std::thread::spawn(move || {
            let _ = finished.recv();
        });
        // Checked on another thread, so that waiting forever fails here.
        let (report, verdict) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let ended = ended_within(&stuck, Duration::from_millis(50));
            let _ = report.send((ended, stuck));
        });
        let (ended, stuck) = verdict
            .recv_timeout(Duration::from_secs(10))
            .expect("a stuck rebuild is waited for a bounded time");
        assert!(!ended, "a stuck rebuild has not ended");
        drop(finish);
        assert!(
            ended_within(&stuck, Duration::from_secs(10)),
            "one that ends is seen to"
        );
    }

    #[test]
    fn closing_wakes_a_waiting_rebuilder() {
        let queue = Arc::new(Queue::default());
        let waiter = std::thread::spawn({
            let queue = Arc::clone(&queue);
            move || queue.next()
        });
        std::thread::sleep(Duration::from_millis(20));
        queue.close();
        assert!(!waiter.join().unwrap());
    }
}
