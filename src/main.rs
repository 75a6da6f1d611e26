//! The `noticeboard` command line.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use noticeboard::diagnostic::{Diagnostics, Report};
use noticeboard::{BuildError, serve};

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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check all content and report every problem.
    Check {
        /// Check only this campaign (its folder name under content/).
        #[arg(value_name = "CAMPAIGN-ID")]
        campaign: Option<String>,
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
    /// editors use to complete fields and flag mistakes.
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
    match cli.command {
        Command::Check { campaign } => check(&cli.root, campaign.as_deref()),
        Command::New { campaign_id } => new(&cli.root, &campaign_id),
        Command::Build { out, locked } => {
            let out = out.unwrap_or_else(|| cli.root.join("public"));
            build(&cli.root, &out, locked)
        }
        Command::Serve { port, open } => serve(cli.root, port, open),
        Command::Schema { out } => {
            let out = out.unwrap_or_else(|| cli.root.join(noticeboard::content::schema::FOLDER));
            schema(&out)
        }
    }
}

fn schema(out: &Path) -> ExitCode {
    match noticeboard::write_schemas(out) {
        Ok(files) => {
            for file in files {
                println!("wrote {}", file.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn check(root: &std::path::Path, campaign: Option<&str>) -> ExitCode {
    let (_, diagnostics) = noticeboard::check_campaigns(root, campaign);
    let failed = diagnostics.has_errors();
    print_diagnostics(root, diagnostics);
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn build(root: &Path, out: &Path, locked: bool) -> ExitCode {
    let built = match locked {
        true => noticeboard::build_locked(root, out),
        false => noticeboard::build(root, out),
    };
    match built {
        Ok(built) => {
            print_diagnostics(root, built.warnings);
            let campaigns = |n| if n == 1 { "campaign" } else { "campaigns" };
            print!(
                "built {}: {} {} rendered",
                out.display(),
                built.rendered,
                campaigns(built.rendered)
            );
            if built.kept > 0 {
                print!(
                    ", {} unchanged {} kept from the previous build",
                    built.kept,
                    campaigns(built.kept)
                );
            }
            println!();
            ExitCode::SUCCESS
        }
        Err(e) => {
            let outcome = e.outcome();
            eprint!("{}", build_error(root, e));
            eprintln!("build failed; {} {outcome}", out.display());
            ExitCode::from(1)
        }
    }
}

/// A failed build as the text `check` would print, uncoloured.
fn build_error(root: &Path, error: BuildError) -> String {
    match error {
        BuildError::Content(diagnostics) => report_text(root, diagnostics, false),
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

fn new(root: &std::path::Path, id: &str) -> ExitCode {
    let (site, diagnostics) = noticeboard::site_config(root);
    let Some(site) = site else {
        print_diagnostics(root, diagnostics);
        return ExitCode::from(1);
    };
    let today = chrono::Local::now().date_naive();
    match noticeboard::scaffold::create(root, &site, id, today) {
        Ok(files) => {
            for file in files {
                println!("created {}", file.display());
            }
            println!("next: edit the files, then run `noticeboard check`");
            ExitCode::SUCCESS
        }
        Err(refusal) => {
            eprintln!("error: {refusal}");
            ExitCode::from(1)
        }
    }
}

/// Prints every diagnostic to stderr, then a summary line.
fn print_diagnostics(root: &std::path::Path, diagnostics: Diagnostics) {
    let color = std::io::stderr().is_terminal();
    eprint!("{}", report_text(root, diagnostics, color));
}

/// Every diagnostic, then a summary line: what `check` prints (and what
/// `serve` shows over the page, uncoloured).
fn report_text(root: &Path, diagnostics: Diagnostics, color: bool) -> String {
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
    if errors == 0 {
        text.push_str(&format!("check passed: {warnings} warning(s){notes}\n"));
    } else {
        text.push_str(&format!(
            "check failed: {errors} error(s), {warnings} warning(s){notes}\n"
        ));
    }
    text
}
