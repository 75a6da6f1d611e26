//! The `noticeboard` command line.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use noticeboard::diagnostic::{Diagnostics, Report};
use noticeboard::{BuildError, serve};

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
    Check,
    /// Build the site.
    Build {
        /// Output folder (default: public/ in the site folder; a relative
        /// path is taken from the current folder).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Serve the site locally and rebuild on change.
    Serve {
        #[arg(long, default_value_t = 1111)]
        port: u16,
    },
    /// Create a new campaign.
    New {
        /// The campaign id (lower-case letters, digits, hyphens).
        campaign_id: String,
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
        Command::Check => check(&cli.root),
        Command::New { campaign_id } => new(&cli.root, &campaign_id),
        Command::Build { out } => {
            let out = out.unwrap_or_else(|| cli.root.join("public"));
            build(&cli.root, &out)
        }
        Command::Serve { port } => serve(cli.root, port),
    }
}

fn check(root: &std::path::Path) -> ExitCode {
    let (_, diagnostics) = noticeboard::check(root);
    let failed = diagnostics.has_errors();
    print_diagnostics(root, diagnostics);
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn build(root: &Path, out: &Path) -> ExitCode {
    match noticeboard::build(root, out) {
        Ok(warnings) => {
            print_diagnostics(root, warnings);
            println!("built {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprint!("{}", build_error(root, e));
            eprintln!("build failed; {} was left as it was", out.display());
            ExitCode::from(1)
        }
    }
}

/// A failed build as the text `check` would print.
fn build_error(root: &Path, error: BuildError) -> String {
    match error {
        BuildError::Content(diagnostics) => {
            let report = Report { root, color: false };
            let count = diagnostics.error_count();
            let mut text: String = diagnostics
                .into_sorted()
                .iter()
                .map(|d| format!("{}\n\n", report.render(d)))
                .collect();
            text.push_str(&format!("check failed: {count} error(s)\n"));
            text
        }
        BuildError::Write(e) => format!("error: {e}\n"),
    }
}

fn serve(root: PathBuf, port: u16) -> ExitCode {
    let out = std::env::temp_dir().join(format!("noticeboard-serve-{}", std::process::id()));
    let build_root = root.clone();
    let build: Arc<serve::Build> = Arc::new(move |out: &Path| {
        noticeboard::build(&build_root, out)
            .map(|_| ())
            .map_err(|e| build_error(&build_root, e))
    });
    let result = serve::run(
        serve::Options {
            root,
            port,
            out: out.clone(),
        },
        build,
    );
    let _ = std::fs::remove_dir_all(&out);
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
    let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
    let report = Report {
        root,
        color: std::io::stderr().is_terminal(),
    };
    for d in diagnostics.into_sorted() {
        eprintln!("{}\n", report.render(&d));
    }
    if errors == 0 {
        eprintln!("check passed: {warnings} warning(s)");
    } else {
        eprintln!("check failed: {errors} error(s), {warnings} warning(s)");
    }
}
