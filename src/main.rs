//! The `noticeboard` command line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use noticeboard::diagnostic::{Diagnostics, Report};

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
        /// Output folder.
        #[arg(long, default_value = "public", value_name = "DIR")]
        out: PathBuf,
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
        Command::Build { .. } | Command::Serve { .. } => {
            eprintln!("error: this command is not available in this version yet");
            ExitCode::from(2)
        }
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
