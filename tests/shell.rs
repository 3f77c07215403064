//! `infrac completions SHELL` and `infrac man`, tried with their real consumers: bash
//! completes with the generated script, and man (groff) renders the page without a
//! warning.

mod common;

use common::Test;
use std::process::Command;

/// What bash's completion offers for `words`, the last one being completed.
fn bash_completes(script: &str, words: &[&str]) -> Vec<String> {
    let line = words.join(" ");
    let program = format!(
        "source {script}\nCOMP_WORDS=({words})\nCOMP_CWORD={cword}\nCOMP_LINE='{line}'\n\
         COMP_POINT={point}\n_infrac infrac '{last}' '{prev}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words = words
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" "),
        cword = words.len() - 1,
        point = line.len(),
        last = words[words.len() - 1],
        prev = words[words.len() - 2],
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "bash failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_commands_options_and_values() {
    let out = Test::new().args(["completions", "bash"]).run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let script = out.dir.join("infrac.bash");
    std::fs::write(&script, &out.stdout).expect("write the script");
    let script = script.display().to_string();

    let commands = bash_completes(&script, &["infrac", "ch"]);
    assert_eq!(commands, ["check"], "commands starting with `ch`");
    let options = bash_completes(&script, &["infrac", "check", "--fo"]);
    assert_eq!(
        options,
        ["--format"],
        "options of check starting with `--fo`"
    );
    let formats = bash_completes(&script, &["infrac", "check", "--format", ""]);
    for format in ["human", "json", "sarif", "github"] {
        assert!(
            formats.iter().any(|f| f == format),
            "{format} in {formats:?}"
        );
    }
}

#[test]
fn every_shell_gets_a_script_that_names_every_command() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = Test::new().args(["completions", shell]).run();
        assert_eq!(out.status, 0, "{shell}: {}", out.stderr);
        for command in ["check", "render", "explain", "lsp", "completions", "man"] {
            assert!(
                out.stdout.contains(command),
                "{shell} script lacks {command}"
            );
        }
    }
    let out = Test::new().args(["completions", "tcsh"]).run();
    assert_eq!(out.status, 3, "an unknown shell is a usage error");
}

/// The page as man shows it, and groff's warnings about it.
fn man_renders(page: &str) -> (String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("infrac.1");
    std::fs::write(&file, page).expect("write the page");
    let out = Command::new("man")
        .arg("-l")
        .arg(&file)
        .env("MANWIDTH", "100")
        .env("MAN_KEEP_FORMATTING", "0")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .expect("run man");
    assert!(out.status.success(), "man failed");
    let warnings = Command::new("groff")
        .args(["-man", "-ww", "-z", "-Tutf8"])
        .arg(&file)
        .output()
        .expect("run groff");
    (
        without_overstrikes(&String::from_utf8_lossy(&out.stdout)),
        String::from_utf8_lossy(&warnings.stderr).into_owned(),
    )
}

/// man's bold and underline are `X\bX` and `_\bX` (a character, a backspace, the
/// character shown): keep what is shown.
fn without_overstrikes(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\u{8}' {
            shown.pop();
        } else {
            shown.push(c);
        }
    }
    shown
}

#[test]
fn man_renders_the_page_of_infrac_and_of_each_command() {
    let out = Test::new().arg("man").run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let (text, warnings) = man_renders(&out.stdout);
    assert_eq!(warnings, "", "groff warnings");
    assert!(
        text.contains("NAME") && text.contains("Compile web-infrastructure designs"),
        "{text}"
    );
    for command in ["check", "render", "explain", "completions", "man"] {
        assert!(text.contains(command), "infrac(1) lists {command}");
    }

    let out = Test::new().args(["man", "check"]).run();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let (text, warnings) = man_renders(&out.stdout);
    assert_eq!(warnings, "", "groff warnings");
    assert!(text.contains("infrac-check"), "{text}");
    assert!(text.contains("--format"), "{text}");
}

#[test]
fn man_of_an_unknown_command_suggests_the_closest() {
    let out = Test::new().args(["man", "chek"]).run();
    assert_eq!(out.status, 3);
    assert_eq!(
        out.stderr,
        "error: unknown command `chek`; did you mean `check`?\n"
    );
}
