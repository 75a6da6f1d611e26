//! The build benchmark: `cargo bench --bench build`.
//!
//! 1. Generates a synthetic site deterministically (C campaigns x S schools x
//!    L languages, seed-length texts; defaults 1000 x 50 x 2; override with
//!    `NB_CAMPAIGNS`, `NB_SCHOOLS`, `NB_LANGUAGES` = 1 or 2). Each campaign
//!    also publishes two files of about 100 KB (a PDF and a Word file, as
//!    attachments) and takes its first session's slots from an .xlsx sheet.
//! 2. Runs the real `noticeboard build` on it and reports wall time, pages
//!    and files per second, and peak memory (the child's max RSS). If the
//!    benchmark's previous outputs were deleted less than six minutes
//!    before, it first waits (see `SETTLE`).
//! 3. Copies the output tree with `cp -r`: the floor a build cannot beat.
//! 4. Edits one Markdown file and times the rebuild (which renders only
//!    that campaign again).
//! 5. Renders the site in this process, counting the files and keeping or
//!    writing none: what the processors alone allow.
//! 6. On the example site, times 21 rebuilds after one-file edits with the
//!    command line, and 21 in one process into memory as `serve` does, and
//!    reports the medians.
//! 7. Edits a theme template and times the rebuild of the synthetic site
//!    (which renders everything and deletes the previous output).
//!
//! It measures the command line, process start included, as staff run it.
//! Under `cargo test` (no `--bench` argument) it runs every step as a smoke
//! test on a tiny synthetic site instead (3 edits of the example site, not
//! 21, and no waiting), so the test suite keeps it working.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_noticeboard");

/// The allocator the `noticeboard` program uses, so rendering in this
/// process is timed as the program would run it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let smoke = !std::env::args().any(|a| a == "--bench");
    let (campaigns, schools, languages) = if smoke {
        (3, 12, 2)
    } else {
        (
            env_number("NB_CAMPAIGNS", 1000),
            env_number("NB_SCHOOLS", 50),
            env_number("NB_LANGUAGES", 2).clamp(1, 2),
        )
    };
    let work = Path::new(env!("CARGO_MANIFEST_DIR")).join(if smoke {
        "target/bench-smoke"
    } else {
        "target/bench"
    });
    // Named with the generator's version, so a site generated before the
    // generator changed is not taken for this one.
    let site = work.join(format!("site-v2-{campaigns}x{schools}x{languages}"));
    let out = work.join("public");
    let copy = work.join("public-copy");

    let started = Instant::now();
    generate(&site, campaigns, schools, languages);
    println!(
        "synthetic site: {campaigns} campaigns x {schools} schools x {languages} languages, generated in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // Outputs of an interrupted run; a finished run removes its own.
    remove_outputs(&work, &[&out, &copy]);
    if !smoke {
        settle(&work);
    }

    let (full, peak_kib) = build(&site, &out);
    let (files, pages, bytes) = count(&out);
    println!(
        "full build: {:.2} s, {pages} HTML pages, {files} files, {:.0} MiB",
        full.as_secs_f64(),
        bytes as f64 / 1048576.0
    );
    println!(
        "throughput: {:.0} pages/s, {:.0} files/s",
        pages as f64 / full.as_secs_f64(),
        files as f64 / full.as_secs_f64()
    );
    println!("peak memory: {:.0} MiB", peak_kib as f64 / 1024.0);

    let t = Instant::now();
    cp_r(&out, &copy);
    let floor = t.elapsed();
    println!(
        "cp -r of the output: {:.2} s (build is {:.2}x the copy)",
        floor.as_secs_f64(),
        full.as_secs_f64() / floor.as_secs_f64()
    );
    assert!(
        pages as usize > campaigns * schools * languages,
        "a page per school and language"
    );

    let edited = site.join("content/campaign-0000/notice.en.md");
    append(&edited, "\nEdited for the rebuild benchmark.\n");
    let (rebuild, _) = build(&site, &out);
    println!("rebuild after one edit: {:.2} s", rebuild.as_secs_f64());
    // Rendering alone: every file rendered and counted, none kept or
    // written, so neither the disk nor holding 2 GB in memory is timed.
    let (html, rendered) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let t = Instant::now();
    noticeboard::render_into(&site, &|path: &str, _: &[u8]| {
        rendered.fetch_add(1, Ordering::Relaxed);
        if path.ends_with(".html") {
            html.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    })
    .expect("the synthetic site renders");
    let rendering = t.elapsed();
    let (html, rendered) = (html.into_inner(), rendered.into_inner());
    println!(
        "rendering alone (every file rendered, none written or kept): {:.2} s, {html} HTML pages, {rendered} files, {:.0} pages/s",
        rendering.as_secs_f64(),
        html as f64 / rendering.as_secs_f64()
    );
    // Every file of the build but its marker.
    assert_eq!((html as u64, rendered as u64 + 1), (pages, files));

    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let example_copy = work.join("example-site");
    copy_sources(example, &example_copy);
    let example_out = work.join("example-public");
    build(&example_copy, &example_out);
    let notice = example_copy.join("content/hitsz-2026-graduation-photos/notice.en.md");
    // Fewer runs in the smoke run, whose program is a debug build.
    let runs = if smoke { 3 } else { 21 };
    report_edits("rebuild after a one-file edit", &notice, runs, || {
        build(&example_copy, &example_out).0
    });
    // What `serve` does: the first build, then rebuilds in the same process,
    // into memory.
    noticeboard::build_in_memory(&example_copy).expect("the example site builds");
    report_edits(
        "serve's in-process rebuild after a one-file edit",
        &notice,
        runs,
        || {
            let t = Instant::now();
            noticeboard::build_in_memory(&example_copy).expect("the example site builds");
            t.elapsed()
        },
    );
    // A theme change renders everything again, and the previous output is
    // deleted before the command returns; after the example site's
    // timings, which the deletion would slow.
    let template = site.join("themes/default/templates/base.html");
    append(&template, "\n{# Edited for the rebuild benchmark. #}\n");
    let (everything, _) = build(&site, &out);
    println!(
        "rebuild after a theme change (everything rendered, the old output deleted): {:.2} s",
        everything.as_secs_f64()
    );

    // Last: deleting 650,000 files takes minutes and slows file creation
    // for minutes after (see `SETTLE`).
    remove_outputs(&work, &[&out, &copy]);
    if smoke {
        println!("benchmark smoke run passed (run `cargo bench --bench build` for figures)");
    }
}

/// How long creating files stays slow after many were deleted. On this
/// machine's disk (ext4 without a journal) the kernel's inode allocator
/// skips every inode freed in the last 60 s, or 360 s while its inode-table
/// block is not yet written back (`RECENTCY_MIN` + `RECENTCY_DIRTY` in
/// fs/ext4/ialloc.c), checking each one, so for minutes after 300,000 files
/// are deleted a new file costs ten times more (measured: 3,100 files/s
/// right after, 41,000 four minutes on). Timing a build right after
/// deleting the previous run's output would measure that, not the build.
const SETTLE: Duration = Duration::from_secs(360);

/// Removes the benchmark's output folders that exist and notes when, for
/// [`settle`].
fn remove_outputs(work: &Path, folders: &[&Path]) {
    let mut removed = false;
    for folder in folders {
        let name = folder.file_name().unwrap_or_default().to_string_lossy();
        for path in [
            folder.to_path_buf(),
            folder.with_file_name(format!(".{name}.new")),
            folder.with_file_name(format!(".{name}.old")),
        ] {
            if path.exists() {
                std::fs::remove_dir_all(&path).expect("remove a previous output");
                removed = true;
            }
        }
    }
    if removed {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        write(&work.join(".removed-at"), &now.to_string());
    }
}

/// Waits until [`SETTLE`] has passed since the last removal of outputs.
fn settle(work: &Path) {
    let Some(removed_at) = std::fs::read_to_string(work.join(".removed-at"))
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
    else {
        return;
    };
    let removed = std::time::UNIX_EPOCH + Duration::from_secs(removed_at);
    let since = removed.elapsed().unwrap_or_default();
    if let Some(wait) = SETTLE.checked_sub(since) {
        println!(
            "waiting {:.0} s: outputs were removed {:.0} s ago, and creating files stays slow for {} s after many are deleted",
            wait.as_secs_f64(),
            since.as_secs_f64(),
            SETTLE.as_secs()
        );
        std::thread::sleep(wait);
    }
}

/// Edits `file` `runs` times, timing `rebuild` after each, and prints the
/// median.
fn report_edits(what: &str, file: &Path, runs: usize, mut rebuild: impl FnMut() -> Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|i| {
            append(file, &format!("\nEdit {i} ({what}).\n"));
            rebuild()
        })
        .collect();
    times.sort();
    println!(
        "example site, {what}: median {:.1} ms, min {:.1} ms, max {:.1} ms ({runs} runs)",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1])
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs `noticeboard build`; returns the wall time and the peak RSS (KiB) of
/// the largest child so far.
fn build(site: &Path, out: &Path) -> (Duration, i64) {
    let t = Instant::now();
    let output = Command::new(BIN)
        .arg("--root")
        .arg(site)
        .arg("build")
        .arg("--out")
        .arg(out)
        .output()
        .expect("run noticeboard");
    let elapsed = t.elapsed();
    assert!(
        output.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (elapsed, peak_child_rss_kib())
}

fn peak_child_rss_kib() -> i64 {
    // SAFETY: getrusage only writes into the struct we pass.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage.ru_maxrss
    }
}

/// (files, HTML pages, bytes) under `dir`.
fn count(dir: &Path) -> (u64, u64, u64) {
    let mut totals = (0, 0, 0);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read output").flatten() {
            let meta = entry.metadata().expect("stat");
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                totals.0 += 1;
                totals.2 += meta.len();
                if entry.path().extension().is_some_and(|e| e == "html") {
                    totals.1 += 1;
                }
            }
        }
    }
    totals
}

fn append(path: &Path, text: &str) {
    let mut body = std::fs::read_to_string(path).expect("read file to edit");
    body.push_str(text);
    std::fs::write(path, body).expect("write edit");
}

/// `cp -r from to`: the copy the build is compared with, and how the
/// benchmark copies sites.
fn cp_r(from: &Path, to: &Path) {
    let status = Command::new("cp")
        .arg("-r")
        .arg(from)
        .arg(to)
        .status()
        .expect("run cp");
    assert!(
        status.success(),
        "cp -r {} {} failed",
        from.display(),
        to.display()
    );
}

/// Copies the example site's sources (not its build output) to `to`.
fn copy_sources(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).expect("create copy");
    for name in ["noticeboard.yaml", "content", "themes", "locales"] {
        cp_r(&from.join(name), to);
    }
}

/// Writes the synthetic site's content unless it is already there
/// (generation is deterministic, so an existing folder is the same site).
/// The theme and locales are copied afresh every time: they are the
/// repository's and change with it.
fn generate(site: &Path, campaigns: usize, schools: usize, languages: usize) {
    let stamp = site.join(".complete");
    if !stamp.exists() {
        let _ = std::fs::remove_dir_all(site);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(site).expect("mkdir");
    for name in ["themes", "locales"] {
        let _ = std::fs::remove_dir_all(site.join(name));
        cp_r(&root.join(name), site);
    }
    if stamp.exists() {
        return;
    }
    let langs: &[&str] = if languages == 1 {
        &["zh-CN"]
    } else {
        &["zh-CN", "en"]
    };
    write(&site.join("noticeboard.yaml"), &site_yaml(langs));
    for c in 0..campaigns {
        let dir = site.join(format!("content/campaign-{c:04}"));
        write(
            &dir.join("campaign.yaml"),
            &campaign_yaml(c, schools, langs),
        );
        std::fs::create_dir_all(dir.join("attachments")).expect("mkdir");
        for (name, size) in FILES {
            let bytes = filler(c, size);
            std::fs::write(dir.join("attachments").join(name), bytes).expect("write file");
        }
        std::fs::write(dir.join(SHEET), sheet(schools)).expect("write sheet");
        for lang in langs {
            write(&dir.join(format!("notice.{lang}.md")), &notice(lang));
            for a in 0..3 {
                write(
                    &dir.join(format!("attachments/guide-{a}.{lang}.md")),
                    &guide(lang, a),
                );
            }
        }
    }
    write(&stamp, "");
}

/// The files each campaign publishes as attachments: name and size.
const FILES: [(&str, usize); 2] = [("form.pdf", 100 * 1024), ("rules.docx", 100 * 1024)];

/// The sheet the first session takes its slots from.
const SHEET: &str = "schedule.xlsx";

/// `size` bytes that do not compress (as a real PDF or .docx barely does),
/// different per campaign, the same every run.
fn filler(campaign: usize, size: usize) -> Vec<u8> {
    let mut x = 0x9E37_79B9_7F4A_7C15_u64 ^ campaign as u64;
    (0..size)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// The first session's slots as an office's spreadsheet: a header row,
/// then one row per school of the session (its first ten schools).
fn sheet(schools: usize) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (col, header) in ["学院", "时间"].iter().enumerate() {
        ws.write_string(0, col as u16, *header).expect("cell");
    }
    for s in 0..schools.min(10) {
        let row = s as u32 + 1;
        ws.write_string(row, 0, format!("school-{s:03}"))
            .expect("cell");
        ws.write_string(row, 1, slot_time(s)).expect("cell");
    }
    book.save_to_buffer().expect("xlsx")
}

/// The 20-minute slot of the `k`th school of a session: five in the
/// morning, five after lunch.
fn slot_time(k: usize) -> String {
    let k = k % 10;
    let start = if k < 5 {
        9 * 60 + 20 * k
    } else {
        13 * 60 + 30 + 20 * (k - 5)
    };
    format!(
        "{:02}:{:02}-{:02}:{:02}",
        start / 60,
        start % 60,
        (start + 20) / 60,
        (start + 20) % 60
    )
}

fn write(path: &PathBuf, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn site_yaml(langs: &[&str]) -> String {
    format!(
        "title:\n{}base_url: https://notices.example.edu.cn/\nlanguages: [{}]\ntimezone: Asia/Shanghai\n",
        text(langs, 2, "教务通知公告", "Academic Affairs Notices"),
        langs.join(", ")
    )
}

fn text(langs: &[&str], indent: usize, zh: &str, en: &str) -> String {
    langs
        .iter()
        .map(|l| {
            format!(
                "{}{l}: \"{}\"\n",
                " ".repeat(indent),
                if *l == "en" { en } else { zh }
            )
        })
        .collect()
}

/// A campaign shaped like the HITSZ notice, with `schools` schools spread
/// over sessions of ten schools each (slots of 20 minutes).
fn campaign_yaml(c: usize, schools: usize, langs: &[&str]) -> String {
    // Spread campaigns over years: a weekday in 2020..2039, deterministic.
    let year = 2020 + c / 50;
    let month = 1 + (c % 50) / 5;
    let day = 5 + (c % 5);
    let t = |indent, zh, en| text(langs, indent, zh, en);
    let mut y = String::new();
    let _ = write!(
        y,
        "id: campaign-{c:04}\ntitle:\n{}document_number:\n{}issuer:\n{}published: {year}-{month:02}-{day:02}\nupdated: {year}-{month:02}-{day:02} 09:00\nrevision: 1\naudience:\n{}eligibility:\n{}",
        t(
            2,
            "关于开展毕业生学历证书相片采集工作的通知",
            "Notice on the Collection of Graduation Certificate Photos"
        ),
        t(2, "教务部通知〔2025〕268号", "Notice [2025] No. 268"),
        t(2, "教务部", "Office of Academic Affairs"),
        t(2, "各学院（部门）", "To all schools and departments"),
        t(
            2,
            "预计于次年毕业的在籍研究生。",
            "Currently enrolled postgraduates expected to graduate next year."
        ),
    );
    let _ = write!(
        y,
        "venues:\n  - id: hall\n    name:\n{}    address:\n{}",
        t(6, "学生活动中心", "Student Activity Center"),
        t(6, "校园内", "On campus")
    );
    y.push_str("schools:\n");
    for s in 0..schools {
        let _ = write!(
            y,
            "  - id: school-{s:03}\n    name:\n{}",
            text(langs, 6, &format!("第{s}学院"), &format!("School {s}"))
        );
    }
    y.push_str("sessions:\n");
    for (n, chunk) in (0..schools).collect::<Vec<_>>().chunks(10).enumerate() {
        let _ = write!(
            y,
            "  - id: session-{n}\n    date: {year}-{month:02}-{:02}\n    times: [\"09:00-12:30\", \"13:30-17:00\"]\n    venues: [hall]\n    arrive_early_minutes: 15\n",
            day + 14 + n
        );
        // The first session's slots come from the office's sheet.
        if n == 0 {
            let _ = writeln!(y, "    slots_from: {SHEET}");
            continue;
        }
        y.push_str("    slots:\n");
        for (k, s) in chunk.iter().enumerate() {
            let _ = writeln!(
                y,
                "      - time: \"{}\"\n        schools: [school-{s:03}]",
                slot_time(k)
            );
        }
    }
    let _ = write!(
        y,
        "deadlines:\n  - id: pay\n    title:\n{}    start: {year}-{month:02}-{day:02}\n    end: {year}-{month:02}-{:02}\n  - id: online\n    title:\n{}    start: {year}-{month:02}-{:02}\n    end: {year}-{month:02}-{:02}\n  - id: retake\n    title:\n{}    date: {year}-{month:02}-28\n  - id: check\n    title:\n{}    relative:\n      after:\n{}      working_days: 5\n",
        t(6, "获取采集码并缴费", "Obtain the code and pay"),
        day + 4,
        t(6, "线上采集", "Online collection"),
        day + 9,
        day + 19,
        t(6, "补拍截止", "Retakes due"),
        t(6, "查看审核结果", "Check the review result"),
        t(8, "提交后", "after submitting"),
    );
    let _ = write!(
        y,
        "steps:\n  - id: code\n    title:\n{}    deadlines: [pay]\n    attachments: [guide-0]\n  - id: attend\n    title:\n{}requirements:\n  - id: id-card\n    category: documents\n    text:\n{}  - id: attire\n    category: attire\n    text:\n{}fees:\n  - id: fee\n    amount: \"25\"\n    currency: CNY\n    covers:\n{}contacts:\n  - id: hotline\n    name:\n{}    phones: [\"400-158-7766\"]\n    hours:\n      days: daily\n      times: [\"09:00-20:00\"]\nattachments:\n",
        t(6, "获取采集码", "Obtain your code"),
        t(6, "按时到场", "Attend your slot"),
        t(
            6,
            "携带学生证或身份证。",
            "Bring your student ID card or national ID card."
        ),
        t(
            6,
            "着正装，穿有领衬衫。",
            "Wear formal attire with a collared shirt."
        ),
        t(6, "每人", "per person"),
        t(6, "小程序客服", "Mini program customer service"),
    );
    for a in 0..3 {
        let _ = write!(
            y,
            "  - id: guide-{a}\n    number: \"{}\"\n    title:\n{}",
            a + 1,
            text(
                langs,
                6,
                &format!("附件{}", a + 1),
                &format!("Attachment {}", a + 1)
            )
        );
    }
    // The published files: attachments named like their files.
    for (n, (name, _)) in FILES.iter().enumerate() {
        let id = name.split('.').next().unwrap_or(name);
        let number = n + 4;
        let _ = write!(
            y,
            "  - id: {id}\n    number: \"{number}\"\n    title:\n{}",
            text(
                langs,
                6,
                &format!("附件{number}"),
                &format!("Attachment {number}")
            )
        );
    }
    y
}

/// About the length of the seed notices (~4 KB per language).
fn notice(lang: &str) -> String {
    let (heading, para, school) = if lang == "en" {
        (
            "## Arrangements",
            "To ensure the smooth registration and authentication of academic degree certificates, the University will commence the image information collection for prospective postgraduates. The collection will be conducted mainly through centralized offline sessions, supplemented by online submissions.",
            "{% if school is defined %}\n**Your session, {{ school.name }}:**\n{% for s in school.sessions %}\n- {{ s.date_text }}, {{ s.slot_text }}, {{ s.venue_text }}; arrive by {{ s.arrive_by }}.\n{% endfor %}\n{% endif %}",
        )
    } else {
        (
            "## 有关安排",
            "为确保学历学位证书注册与认证工作顺利进行，学校将开展预毕业研究生图像信息采集工作。本次采集以线下集中采集为主、线上采集为辅。请各单位高度重视，认真组织，确保每位学生按时完成采集。",
            "{% if school is defined %}\n**{{ school.name }}拍摄安排**\n{% for s in school.sessions %}\n- {{ s.date_text }}{{ s.slot_text }}，{{ s.venue_text }}，请于{{ s.arrive_by }}前到场。\n{% endfor %}\n{% endif %}",
        )
    };
    let mut body = String::new();
    for i in 0..8 {
        let _ = write!(body, "{heading} {}\n\n{para}\n\n{para}\n\n", i + 1);
        if i == 1 {
            body.push_str(school);
            body.push_str("\n\n");
        }
    }
    body
}

fn guide(lang: &str, a: usize) -> String {
    let step = if lang == "en" {
        "Open the mini program and follow the prompts."
    } else {
        "打开小程序，按提示操作。"
    };
    format!("# {}\n\n1. {step}\n2. {step}\n3. {step}\n", a + 1)
}
