//! The `noticeboard` command line.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};
use noticeboard::diagnostic::{Diagnostics, Report};
use noticeboard::progress::{Progress, Unwatched};
use noticeboard::{BuildError, Built, serve};

/// Rendering allocates and frees many small strings and template values on
/// every core; mimalloc's per-thread heaps do that faster than the system
/// allocator (measured on the benchmark site: see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Build the academic-affairs notice site: bilingual notices, school
/// schedules, printable guides and calendar feeds.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// The site folder (holding noticeboard.yaml and content/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Print only problems: no progress, no summary (for scripts).
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

/// How problems are printed.
#[derive(Clone, Copy, Default, ValueEnum)]
enum Format {
    /// For people: each with the line it is on, on stderr.
    #[default]
    Text,
    /// One JSON object a line on stdout, for editors and CI (docs/cli.md).
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Check all content and report every problem.
    Check {
        /// Check only this campaign (its folder name under content/).
        #[arg(value_name = "CAMPAIGN-ID")]
        campaign: Option<String>,
        /// How to print the problems found.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Build the site.
    Build {
        /// Output folder (default: public/ in the site folder; a relative
        /// path is taken from the current folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Fail, writing nothing, if the publication record
        /// (noticeboard.lock) would change: for CI.
        #[arg(long)]
        locked: bool,
        /// How to print the problems found.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Serve the site locally and rebuild on change.
    Serve {
        /// The port on 127.0.0.1 (the next free one if it is taken; 0 lets
        /// the system choose).
        #[arg(long, default_value_t = 1111, value_name = "N")]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a new campaign.
    New {
        /// The campaign id (lower-case letters, digits, hyphens).
        campaign_id: String,
    },
    /// Write the JSON Schemas of campaign.yaml and noticeboard.yaml, which
    /// editors use to complete fields and flag mistakes, and of the JSON
    /// export (campaign.json, campaigns.json).
    Schema {
        /// Output folder (default: schemas/ in the site folder; a relative
        /// path is taken from the current folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !cli.root.is_dir() {
        eprintln!(
            "error: the site folder `{}` does not exist (given by --root)",
            cli.root.display()
        );
        return ExitCode::from(2);
    }
    let quiet = cli.quiet;
    let text = Output {
        format: Format::Text,
        quiet,
    };
    match cli.command {
        Command::Check { campaign, format } => {
            check(&cli.root, campaign.as_deref(), Output { format, quiet })
        }
        Command::New { campaign_id } => new(&cli.root, &campaign_id, text),
        Command::Build {
            out,
            locked,
            format,
        } => {
            let out = out.unwrap_or_else(|| cli.root.join("public"));
            build(&cli.root, &out, locked, Output { format, quiet })
        }
        Command::Serve { port, open } => serve(cli.root, port, open),
        Command::Schema { out } => {
            let out = out.unwrap_or_else(|| cli.root.join(noticeboard::content::schema::FOLDER));
            schema(&out, text)
        }
    }
}

fn schema(out: &Path, output: Output) -> ExitCode {
    match noticeboard::write_schemas(out) {
        Ok(files) => {
            for file in files {
                output.say(&format!("wrote {}", file.display()));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// What the command prints, and how.
#[derive(Clone, Copy)]
struct Output {
    format: Format,
    /// Problems only: no summaries, no progress (`--quiet`).
    quiet: bool,
}

impl Output {
    /// Prints every diagnostic: as text on stderr, then a summary line
    /// (unless quiet), or as JSON lines on stdout.
    fn diagnostics(self, root: &Path, diagnostics: Diagnostics) {
        match self.format {
            Format::Text => {
                let color = std::io::stderr().is_terminal();
                // anstream: a Windows console that takes no colour codes
                // gets its colours set through the console's own calls.
                anstream::eprint!("{}", report_text(root, diagnostics, color, !self.quiet));
            }
            Format::Json => {
                let mut lines = String::new();
                for d in diagnostics.into_sorted() {
                    lines.push_str(&d.json_line());
                    lines.push('\n');
                }
                print!("{lines}");
            }
        }
    }

    /// Prints a line that is not a problem, unless quiet: on stdout, or on
    /// stderr when stdout holds JSON lines.
    fn say(self, line: &str) {
        match (self.quiet, self.format) {
            (true, _) => {}
            (false, Format::Text) => println!("{line}"),
            (false, Format::Json) => eprintln!("{line}"),
        }
    }
}

fn check(root: &std::path::Path, campaign: Option<&str>, output: Output) -> ExitCode {
    let (_, diagnostics) = noticeboard::check_campaigns(root, campaign);
    let failed = diagnostics.has_errors();
    output.diagnostics(root, diagnostics);
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn build(root: &Path, out: &Path, locked: bool, output: Output) -> ExitCode {
    let started = Instant::now();
    // Progress and the summary are for someone watching a terminal.
    let watched = !output.quiet && std::io::stderr().is_terminal();
    let bar = watched.then(Bar::new);
    let progress: &dyn Progress = match &bar {
        Some(bar) => bar,
        None => &Unwatched,
    };
    let run = || noticeboard::build_watched(root, out, locked, progress);
    let built = match &bar {
        Some(bar) => bar.around(run),
        None => run(),
    };
    match built {
        Ok(built) => {
            let line = built_line(out, &built);
            output.diagnostics(root, built.warnings);
            if watched {
                eprintln!("{line}; {}", summary(&built.written, started.elapsed()));
            }
            // The line alone, for scripts reading stdout, unless the summary
            // has just said it where it would go.
            let said = std::io::stdout().is_terminal() || matches!(output.format, Format::Json);
            if !(watched && said) {
                output.say(&line);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            let outcome = e.outcome();
            match e {
                BuildError::Content(diagnostics) => output.diagnostics(root, diagnostics),
                BuildError::Write(e) => eprintln!("error: {e}"),
            }
            eprintln!("build failed; {} {outcome}", out.display());
            ExitCode::from(1)
        }
    }
}

/// `built public: 2 campaigns rendered`, and how many were kept.
fn built_line(out: &Path, built: &Built) -> String {
    let campaigns = |n| if n == 1 { "campaign" } else { "campaigns" };
    let mut line = format!(
        "built {}: {} {} rendered",
        out.display(),
        built.rendered,
        campaigns(built.rendered)
    );
    if built.kept > 0 {
        line.push_str(&format!(
            ", {} unchanged {} kept from the previous build",
            built.kept,
            campaigns(built.kept)
        ));
    }
    line
}

/// `wrote 120 pages, 44 feeds and 9 other files in 1.25 s`.
fn summary(written: &noticeboard::progress::Written, took: Duration) -> String {
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "wrote {}, {} and {} in {:.2} s",
        count(written.pages, "page", "pages"),
        count(written.feeds, "feed", "feeds"),
        count(written.files, "other file", "other files"),
        took.as_secs_f64()
    )
}

/// The progress bar of a build, on stderr: a spinner while the site is
/// read and checked, then a bar over the campaigns rendered, a step per
/// campaign and language. Nothing is drawn before the build has taken
/// [`Bar::DELAY`], so a quick build shows none. It moves once a step, not
/// once a page, and is redrawn a few times a second by a thread of its own,
/// so it costs the build nothing measurable.
struct Bar(indicatif::ProgressBar);

impl Bar {
    const DELAY: Duration = Duration::from_millis(300);

    fn new() -> Bar {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_style(Bar::style("{spinner} reading the site {elapsed}"));
        Bar(bar)
    }

    fn style(template: &str) -> indicatif::ProgressStyle {
        let style = indicatif::ProgressStyle::with_template(template);
        // ASCII: the Windows console's default fonts lack braille.
        let style = style.unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        style.progress_chars("=> ").tick_chars("-\\|/ ")
    }

    /// Runs `build`, showing the bar once it has taken [`Bar::DELAY`], and
    /// clears the bar when it ends.
    fn around<T>(&self, build: impl FnOnce() -> T) -> T {
        let (finished, waiting) = std::sync::mpsc::channel::<()>();
        let built = std::thread::scope(|scope| {
            scope.spawn(move || {
                // Dropping `finished` ends the wait early: nothing is drawn.
                let timeout = Err(std::sync::mpsc::RecvTimeoutError::Timeout);
                if waiting.recv_timeout(Bar::DELAY) == timeout {
                    self.0
                        .set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    self.0.enable_steady_tick(Duration::from_millis(100));
                }
            });
            let built = build();
            drop(finished);
            built
        });
        self.0.finish_and_clear();
        built
    }
}

impl Progress for Bar {
    fn start(&self, parts: usize) {
        self.0.set_length(parts as u64);
        self.0.set_style(Bar::style(
            "rendering [{bar:30}] {pos}/{len} campaign-languages {elapsed}",
        ));
    }

    fn advance(&self) {
        self.0.inc(1);
    }
}

/// A failed build as the text `check` would print, uncoloured.
fn build_error(root: &Path, error: BuildError) -> String {
    match error {
        BuildError::Content(diagnostics) => report_text(root, diagnostics, false, true),
        BuildError::Write(e) => format!("error: {e}\n"),
    }
}

fn serve(root: PathBuf, port: u16, open: bool) -> ExitCode {
    // Builds are held in memory and served from there: nothing is written,
    // in the site folder or anywhere else.
    let build_root = root.clone();
    let build: Arc<serve::Build> = Arc::new(move || {
        noticeboard::build_in_memory(&build_root)
            .map(|(site, _)| site)
            .map_err(|e| build_error(&build_root, e))
    });
    let result = serve::run(serve::Options { root, port, open }, build);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn new(root: &std::path::Path, id: &str, output: Output) -> ExitCode {
    let (site, diagnostics) = noticeboard::site_config(root);
    let Some(site) = site else {
        output.diagnostics(root, diagnostics);
        return ExitCode::from(1);
    };
    let today = chrono::Local::now().date_naive();
    match noticeboard::scaffold::create(root, &site, id, today) {
        Ok(files) => {
            for file in files {
                output.say(&format!("created {}", file.display()));
            }
            output.say("next: edit the files, then run `noticeboard check`");
            ExitCode::SUCCESS
        }
        Err(refusal) => {
            eprintln!("error: {refusal}");
            ExitCode::from(1)
        }
    }
}

/// Every diagnostic, then (with `summary`) a summary line: what `check`
/// prints (and what `serve` shows over the page, uncoloured).
fn report_text(root: &Path, diagnostics: Diagnostics, color: bool, summary: bool) -> String {
    let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
    let notes = match diagnostics.note_count() {
        0 => String::new(),
        n => format!(", {n} note(s)"),
    };
    let report = Report { root, color };
    let mut text = String::new();
    for d in diagnostics.into_sorted() {
        text.push_str(&report.render(&d));
        text.push_str("\n\n");
    }
    if !summary {
        return text;
    }
    if errors == 0 {
        text.push_str(&format!("check passed: {warnings} warning(s){notes}\n"));
    } else {
        text.push_str(&format!(
            "check failed: {errors} error(s), {warnings} warning(s){notes}\n"
        ));
    }
    text
}
